"""Matching texts: a gold statement, question or SMART goal against what the graph holds.

Texts are compared after `normalise_text` (Unicode compatibility forms, curly quotes and every
dash folded to ASCII, case folded, whitespace collapsed, trailing punctuation dropped). A gold text
matches an extracted text that starts with it, or that it starts with (a statement the extractor
cut short), at a word boundary; a shortened extracted text must keep at least
`MIN_SHORTENED_WORDS` words, so that a stray fragment ("It is") matches nothing. A leading label
of at most `MAX_LABEL_WORDS` words ending in a colon may be kept by one side and not the other.

Matching is one-to-one and in document order: each gold item, in turn, takes the first unmatched
candidate after the previous match (else the first unmatched candidate anywhere), preferring a
candidate that also agrees on its tag when a tag is compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

G = TypeVar("G")
P = TypeVar("P")

MIN_SHORTENED_WORDS = 4

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.,;:!?]+$")


def normalise_text(text: str) -> str:
    """Text as compared: quotes, dashes, case and whitespace folded, trailing punctuation gone."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _TRAILING.sub("", _SPACE.sub(" ", folded).strip())


def texts_match(gold: str, extracted: str) -> bool:
    """Whether a normalised gold text and a normalised extracted text name the same unit; a
    leading label ("llm-generated illustrative example (not a guideline): …", "alliance: …", a
    run-in heading such as "therapeutic framing.") that one side keeps and the other leaves out
    does not stop a match."""
    if _prefix_match(gold, extracted):
        return True
    return _prefix_match(_unlabelled(gold), extracted) or _prefix_match(
        gold, _unlabelled(extracted)
    )


_LABEL = re.compile(r"^[^:]{1,80}?:\s+")
# A run-in heading closed by a period ("therapeutic framing. client and clinician …").
_RUN_IN = re.compile(r"^[^.:]{1,40}?\.\s+")
MAX_LABEL_WORDS = 8
MAX_RUN_IN_WORDS = 3


def _unlabelled(text: str) -> str:
    match = _LABEL.match(text)
    if match is not None and len(match.group().split()) <= MAX_LABEL_WORDS:
        return text[match.end() :]
    match = _RUN_IN.match(text)
    if match is not None and len(match.group().split()) <= MAX_RUN_IN_WORDS:
        return text[match.end() :]
    return ""


def _prefix_match(gold: str, extracted: str) -> bool:
    if not gold or not extracted:
        return False
    if extracted.startswith(gold):
        return _boundary(extracted, len(gold))
    if gold.startswith(extracted) and len(extracted.split()) >= MIN_SHORTENED_WORDS:
        return _boundary(gold, len(extracted))
    return False


def _boundary(longer: str, cut: int) -> bool:
    return cut == len(longer) or not (longer[cut].isalnum() and longer[cut - 1].isalnum())


def match_in_order(
    gold: Sequence[G],
    extracted: Sequence[P],
    same_text: Callable[[G, P], bool],
    agree: Callable[[G, P], bool] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one (gold index, extracted index) pairs; `extracted` is in document order."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    last = -1
    for g, item in enumerate(gold):
        candidates = [
            p for p, found in enumerate(extracted) if p not in used and same_text(item, found)
        ]
        if not candidates:
            continue
        candidates.sort(key=lambda p: (p <= last, p))
        if agree is not None:
            agreeing = [p for p in candidates if agree(item, extracted[p])]
            candidates = agreeing or candidates
        chosen = candidates[0]
        used.add(chosen)
        pairs.append((g, chosen))
        last = chosen
    return pairs
