"""Lineage: what the approach was influenced by, as its Creators & Lineage sentences say.

A sentence yields a lineage link when (1) a lineage phrasing from the lexicon ("roots reach back
to", "draws on", "heir of", "influenced by" …) follows (2) a subject that is the approach itself
("The approach", "It", "Its deepest root", the title, or a creator of the approach), and (3) the
object resolves to something nameable:

- "person-centered therapy’s emphasis on …"  → framework/person-centered-therapy (the possessor)
- "Bordin’s working-alliance theory of …"    → theory/working-alliance-theory (a theory noun)
- "Otto Rank’s relationship-centered ideas"   → person/o-rank (no theory or approach noun)
- "the broader common-factors literature"     → framework/common-factors (a tradition is named by
  its modifier, without evaluative adjectives, so "that common-factors lineage" meets it)
- "the Rogerian tradition"                    → nothing: an eponymous adjective names no approach
  and no person the text states (precision before recall).

Sentences about other approaches ("Motivational interviewing … builds on Rogers’s …") are not
about this approach's lineage and yield nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from therapykg.graph.iri import slugify
from therapykg.loaders.facts import Node
from therapykg.loaders.lexicon import (
    APPROACH_HEADS,
    LINEAGE_VERB_WORDS,
    LINEAGE_VERBS,
    OBJECT_STOPWORDS,
    THEORY_HEADS,
    TRADITION_HEADS,
    VAGUE_HEADS,
    may_contain,
)
from therapykg.loaders.people import Mention, PersonRecord
from therapykg.loaders.roles import about_the_approach, last_clause

_VERBS = [(re.compile(pattern, re.I), relation) for pattern, relation in LINEAGE_VERBS]
# Every position where some lineage phrasing starts, in one pass over the text (a lookahead, so
# that phrasings which overlap are all found); most sentences have none.
_VERB_STARTS = re.compile(
    "(?=" + "|".join(f"(?:{pattern})" for pattern, _ in LINEAGE_VERBS) + ")", re.I
)
_ITEM_SPLIT = re.compile(r",\s+(?:and\s+)?(?=(?:to|on|upon|from|in|of|by)\s)|\s+and\s+(?=to\s)")
_NP_END = re.compile(
    r",|;|\s+(?:that|which|who|whose|as|in|with|where|for|on|of|through|because|since)\s", re.I
)
_CLAUSE_END = re.compile(r",|;|\s+(?:which|where|who|whom|whose|that|when|while|since)\s", re.I)
_POSSESSIVE = re.compile(r"(?:’s|'s|’)\s+")
_LEADING_PREPOSITION = re.compile(r"^(?:to|on|upon|from|in|of|by)\s+", re.I)
_EPONYM = re.compile(r"[A-Z]\w*(?:ian|ean)")
_LOWER_WORD = re.compile(r"[a-z][a-z-]*")


@dataclass(frozen=True, slots=True)
class Influence:
    """One lineage object a sentence names: a node, or a person still being resolved."""

    relation: str
    node: Node | None = None
    person: PersonRecord | None = None


def influences(
    text: str, *, title: str, mentions: list[Mention], creators: set[int]
) -> list[Influence]:
    """Every influence on the approach this sentence states (see module docstring)."""
    found: list[Influence] = []
    matches = _verb_matches(text)
    for index, (match, relation) in enumerate(matches):
        if not _about_the_approach(text[: match.start()], title, mentions, creators):
            continue
        end = matches[index + 1][0].start() if index + 1 < len(matches) else len(text)
        for start, item in _object_items(text, match.end(), end):
            influence = _resolve(item, start, relation, mentions)
            if influence is not None:
                found.append(influence)
    return found


def _verb_matches(text: str) -> list[tuple[re.Match[str], str]]:
    """Every lineage phrasing in `text` with its relation, in order of position (phrasings at
    one position in lexicon order): what each verb's pattern finds on its own, `finditer`'s
    non-overlapping matches, but with one scan of the text instead of one per verb."""
    found: list[tuple[re.Match[str], str]] = []
    if not may_contain(text, LINEAGE_VERB_WORDS):
        return found
    ends = [0] * len(_VERBS)  # where each verb's previous match ended
    for start in _VERB_STARTS.finditer(text):
        position = start.start()
        for index, (pattern, relation) in enumerate(_VERBS):
            if position >= ends[index]:
                match = pattern.match(text, position)
                if match:
                    found.append((match, relation))
                    ends[index] = match.end()
    return found


def _about_the_approach(
    before: str, title: str, mentions: list[Mention], creators: set[int]
) -> bool:
    """The approach (or one of its creators: "Rogers acknowledged the influence of …")."""
    clause = last_clause(before)
    if about_the_approach(clause, title):
        return True
    offset = len(before) - len(clause)
    first = next((m for m in mentions if offset <= m.start < len(before)), None)
    leading = first is not None and not before[offset : first.start].strip()
    return leading and first is not None and id(first.person) in creators


def _object_items(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The listed objects after a lineage verb, with their offsets in `text`."""
    span = text[start:end]
    span = span.split(";", 1)[0]
    items: list[tuple[int, str]] = []
    position = 0
    for piece in _ITEM_SPLIT.split(span):
        offset = span.index(piece, position)
        position = offset + len(piece)
        lead = _LEADING_PREPOSITION.match(piece)
        cut = lead.end() if lead else 0
        items.append((start + offset + cut, piece[cut:]))
    return items


def _resolve(item: str, start: int, relation: str, mentions: list[Mention]) -> Influence | None:
    item = _CLAUSE_END.split(item, maxsplit=1)[0]  # "psychoanalysis, where …" → "psychoanalysis"
    possessive = _POSSESSIVE.search(item)
    if possessive:
        owner = item[: possessive.start()]
        owned = _noun_phrase(item[possessive.end() :])
        person = _person_at(start, start + len(owner), mentions)
        if person is not None:  # "Bordin’s working alliance": a theory noun, or the person
            node = _approach_or_theory(owned, plain=False)
            return Influence(relation, node=node) if node else Influence(relation, person=person)
        node = _approach_or_theory(_noun_phrase(owner))
        return Influence(relation, node=node) if node else None
    phrase = _noun_phrase(item)
    node = _approach_or_theory(phrase)
    if node is not None:
        return Influence(relation, node=node)
    person = _person_at(start, start + len(item), mentions)
    return Influence(relation, person=person) if person else None


def _noun_phrase(text: str) -> str:
    cut = _NP_END.search(text)
    phrase = text[: cut.start()] if cut else text
    return phrase.strip().strip('.“”"')


def _approach_or_theory(phrase: str, *, plain: bool = True) -> Node | None:
    words = phrase.split()
    while words and words[0].casefold() in OBJECT_STOPWORDS:
        words = words[1:]
    if not words or any(_EPONYM.fullmatch(w) for w in words):
        return None  # "the Rogerian tradition": an eponym names no approach the text states
    head = words[-1].casefold()
    if head in TRADITION_HEADS and len(words) > 1:
        label = " ".join(words[:-1])
        return Node("framework", slugify(label), label, "PsychotherapyApproach")
    label = " ".join(words)
    if head in THEORY_HEADS:
        return Node("theory", slugify(label), label, "Theory")
    if head in APPROACH_HEADS or (plain and _plain_name(words)):
        return Node("framework", slugify(label), label, "PsychotherapyApproach")
    return None


def _plain_name(words: list[str]) -> bool:
    """A short lowercase noun phrase that names something ("progressive education",
    "patient-focused research"), not a vague one ("the idea") or a title or a person."""
    return (
        len(words) <= 4
        and all(_LOWER_WORD.fullmatch(w) for w in words)
        and words[-1] not in VAGUE_HEADS
    )


def _person_at(start: int, end: int, mentions: list[Mention]) -> PersonRecord | None:
    for mention in mentions:
        if start <= mention.start < end:
            return mention.person
    return None
