"""Warnings about an article, each with its kind, so that thousands of them can be grouped.

A warning is text for a person ("line 12: tag '[9]' cites source 9, which the source list does
not have") with a kind: a short code for what happened, without the parts that belong to one
article (line numbers, tags, names, paths), e.g. `unlisted-source`. The code that notices the
problem gives the kind where it makes the warning, with `warning(kind, text)`; a `LoadWarning`
is a `str`, so lists of warnings stay lists of text everywhere, and it survives pickling (the
load's worker processes hand warnings back to the parent).

A warning made as plain text still gets a kind, from its shape (`kind_of`): the text with a
leading `line N: `, quoted parts and numbers taken out. That fallback keeps grouping working for
a reader that does not give kinds yet; the codes in `KINDS` are the real classification.

    >>> w = warning("untagged-text", "line 4: text without a provenance tag")
    >>> w, kind_of(w)
    ('line 4: text without a provenance tag', 'untagged-text')
    >>> kind_of("line 7: tag '[3]' follows 2 blocks")
    "tag '…' follows N blocks"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# kind → what it means, in words that fit any article
KINDS: dict[str, str] = {
    "untagged-text": "text without a provenance tag",
    "stray-tag": "a tag that follows no text, ignored",
    "unnumbered-source": "unnumbered text in Sources, ignored",
    "duplicate-source": "a source number listed twice",
    "sub-heading": "a sub-heading read as part of its section",
    "untagged-resource": "an untagged resource line, not read as a unit",
    "key-term-shape": "a key term not read as 'Term: definition'",
    "several-tags": "a block holding several tags, read as several units",
    "untagged-row": "a table row without a tag",
    "smart-row-shape": "a SMART row not split into goal / objective / mechanism",
    "unlisted-source": "a tag citing a source the source list does not have",
    "source-without-tier": "a source without a tier (T1, T2 or T3)",
}


class LoadWarning(str):
    """A warning's text, with its kind (a key of KINDS)."""

    kind: str

    def __new__(cls, kind: str, text: str) -> LoadWarning:
        self = super().__new__(cls, text)
        self.kind = kind
        return self

    def __reduce__(self) -> tuple[type[LoadWarning], tuple[str, str]]:
        return (LoadWarning, (self.kind, str(self)))


def warning(kind: str, text: str) -> LoadWarning:
    """A warning of a kind listed in KINDS."""
    return LoadWarning(kind, text)


def located(warning: str, where: str) -> str:
    """The warning prefixed with where it came from (a file), keeping its kind."""
    return LoadWarning(kind_of(warning), f"{where}: {warning}")


_LINE = re.compile(r"^line \d+: ")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\d+")


def kind_of(warning: str) -> str:
    """The warning's kind: its code, or for plain text the text's shape (see the module doc)."""
    if isinstance(warning, LoadWarning):
        return warning.kind
    shape = _LINE.sub("", warning)
    shape = _QUOTED.sub("'…'", shape)
    return _NUMBER.sub("N", shape)


def describe(kind: str) -> str:
    """What a kind means: its entry in KINDS, or a shape (which already reads as text)."""
    return KINDS.get(kind, kind)


@dataclass(frozen=True, slots=True)
class WarningGroup:
    """The warnings of one kind: how many, and the first as an example."""

    kind: str
    count: int
    example: str

    @property
    def description(self) -> str:
        return describe(self.kind)


def group(warnings: Iterable[str]) -> list[WarningGroup]:
    """The warnings by kind, the commonest kind first (then by kind, for a stable order)."""
    counts: dict[str, int] = {}
    examples: dict[str, str] = {}
    for item in warnings:
        kind = kind_of(item)
        counts[kind] = counts.get(kind, 0) + 1
        examples.setdefault(kind, str(item))
    ordered = sorted(counts, key=lambda kind: (-counts[kind], kind))
    return [WarningGroup(kind, counts[kind], examples[kind]) for kind in ordered]
