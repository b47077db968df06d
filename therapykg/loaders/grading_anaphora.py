"""Gradings whose item the sentence names by an anaphor: "Empathy runs through every technique.
The task force rated it demonstrably effective."

`graded_items` reads one sentence and binds a grade only to items it names. Writers often name
the item once and grade it in the next clause or sentence through "it", "this element", "both",
"these adaptations". This module reads such a sentence again with the anaphor replaced by the
items it stands for, and keeps only what that reading adds about those items. It resolves an
anaphor only when the reference is plain:

- "it", "this" (as a pronoun): exactly one item in the text before it, standing first in its
  clause, as the subject does ("Empathy … . It was rated P"; not "Acme strengthens the alliance.
  It was rated P", where "it" may be Acme);
- a kind noun, "this element", "that adaptation", "the element": exactly one item of that kind;
- "both", "the two", "these two", "both elements": exactly two items, listed together;
- "they", "these", "these elements", "all three": two or more items listed together, as many
  as a number says.

The text before the anaphor is the sentence's own clauses before it when they name an item
("Managing countertransference matters; it was rated P"), else the sentence before it in the
same section. A grading found through the sentence before points at both sentences: the one
that names the item and the one that gives the grade, each with its own tag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from therapykg.loaders.grading import (
    COUNT_WORDS,
    Mention,
    Stated,
    graded_items,
    item_mentions,
    plain_wording,
)
from therapykg.loaders.lexicon import GRADE_RE

_SINGULAR = (
    r"it|this(?=\s+(?:was|is|has|had|were|remains|remained|received|earned|got|sits|sat))"
    # "That, too, was rated P": a sentence that opens with "that" as its subject
    r"|(?<![\w,;:] )(?<!\w)That(?=(?:\s*,\s*too\s*,)?\s+(?:was|is|has|had|remains|remained"
    r"|received|earned|got))"
)
_KIND = r"(?:relationship\s+)?(?P<kind>element|adaptation|practice|factor|skill|method)"
_ANAPHOR = re.compile(
    rf"\b(?:(?P<singular>{_SINGULAR})"
    rf"|(?P<named>(?:this|that|the|the\s+same|such\s+an?)\s+{_KIND})"
    r"|(?P<two>both(?:\s+(?:elements|adaptations))?|the\s+two|these\s+two|the\s+pair)"
    r"|(?P<many>they|them|these(?:\s+(?:elements|adaptations|practices|factors))?"
    r"|all\s+(?P<count>two|three|four|five|six)|each(?=\s+(?:was|of\s+them))))\b",
    re.IGNORECASE,
)
# What may stand before the subject of a clause: determiners, an owner, an adapting lead.
_SUBJECT_LEAD = re.compile(  # after a fronted phrase ("For parents learning it, the …")
    r"^(?:[^,;:]{1,80},\s*"
    # "In the second edition goal consensus was …": an edition's phrase needs no comma
    r"|(?:in|by|for|since)\s+(?:the\s+|its\s+)?(?:[\w’'-]+\s+){0,3}?(?:edition|task[\s-]force"
    r"|report|volume|review|conclusions|(?:19|20)\d\d)\s+)?[\s\"“‘'*_(]*(?:(?:the|a|an|its|their|this|that|both|own|client|patient|therapist|group"
    r"|(?:client|patient|therapist)s?['’]s?|adapting|tailoring|matching|adjusting|accommodating"
    r"|(?:treatment|therapy|psychotherapy)|to)\s+)*$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(  # "X and Y", "X and with Y", "X and adapting to Y"
    r"^(?:\s|,|\b(?:and|or|as\s+well\s+as|the|both|either|with|to|on|in|for"
    r"|accommodating|adapting|tailoring|matching)\b)*$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r";|:\s|\.\s|,\s+(?:and|but|yet|so)\s|\s[—–]\s", re.IGNORECASE)
_PLURAL_LABEL = re.compile(r"[a-z]s\b(?=[^\w]*$)", re.IGNORECASE)  # the item's name ends plural
_THAT = re.compile(r"\bthat\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A grading read through an anaphor, and whether its item is named in the sentence before."""

    stated: Stated
    from_previous: bool


def anaphoric_gradings(
    text: str, previous: str | None, direct: Sequence[Stated] | None = None
) -> list[Resolved]:
    """What `text` grades through an anaphor for items named before it (see the module).

    `direct` is what `graded_items(text)` gives, when the caller has it already."""
    found: list[Resolved] = []
    if previous is not None and _PLACE_REFERENCE.search(text):
        found = _by_place(text, previous)
        if found:
            return found  # "X and Y differ. The former was rated P, the latter Q."
    if not _ANAPHOR.search(text):
        return found  # (the rewrites below add no anaphor, so none is there after them either)
    text = plain_wording(text)  # "it had sat one step lower": the grade a place names
    grades = [m.start() for m in GRADE_RE.finditer(text)]
    # an anaphor is graded only by a grade after it in its own clause ("Alongside these
    # elements sit the adaptations: X and Y were rated P" grades X and Y, not the elements)
    anaphors = [a for a in _ANAPHOR.finditer(text) if _grade_in_clause(text, a.end(), grades)]
    if not anaphors:
        return found
    stated = graded_items(text) if direct is None else direct
    known = {(s.item, s.grade) for s in stated}
    mentions = item_mentions(text)
    before: list[Mention] | None = None  # the sentence before's items, read once if needed
    for anaphor in anaphors:
        own = text[: anaphor.start()]
        ahead = [m for m in mentions if m.end <= anaphor.start()]
        named = _antecedent(own, ahead, anaphor, own_clause=True) if ahead else None
        from_previous = False
        if named is None and previous is not None and not ahead:
            before = item_mentions(previous) if before is None else before
            named, from_previous = _antecedent(previous, before, anaphor, own_clause=False), True
        if named is None:
            continue
        reread = text[: anaphor.start()] + named + text[anaphor.end() :]
        wanted = _items(named)
        for fact in graded_items(reread):
            key = (fact.item, fact.grade)
            if key in known or fact.item.slug not in wanted:
                continue
            if all(r.stated != fact for r in found):
                found.append(Resolved(fact, from_previous))
    return found


_CLAUSE_END = re.compile(r"[;:]|\.\s")
# "the former", "the latter", "the first", "the second": an item by its place in a list
_PLACE_REFERENCE = re.compile(r"\bthe\s+(?:former|latter|first|second)\b", re.IGNORECASE)


def _by_place(text: str, previous: str) -> list[Resolved]:
    """Items the sentence grades by their place in the sentence before's list ("Empathy and
    congruence differ. The former was rated P, the latter Q."): the two read as one sentence,
    when this one names no item of its own; what the sentence before grades alone is left out."""
    if item_mentions(text) or len(item_mentions(previous)) < 2:
        return []
    joined = previous.rstrip(" .") + "; " + text
    own = {(f.item, f.grade) for f in graded_items(previous)}
    return [Resolved(f, True) for f in graded_items(joined) if (f.item, f.grade) not in own]


def _grade_in_clause(text: str, position: int, grades: list[int]) -> bool:
    following = next((g for g in grades if g >= position), None)
    return following is not None and _CLAUSE_END.search(text, position, following) is None


def _items(names: str) -> set[str]:
    return {c.slug for m in item_mentions(names) for c in m.concepts}


def _antecedent(
    before: str, mentions: list[Mention], anaphor: re.Match[str], *, own_clause: bool
) -> str | None:
    """The names the anaphor stands for, as written in `before` (whose items are `mentions`);
    None when the reference is not plain."""
    if own_clause:
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=-1)
        if cut < 0:
            return None  # an item in the anaphor's own clause is its own subject or object
        mentions = [m for m in mentions if m.end <= cut]
    concepts = {c.slug for m in mentions for c in m.concepts}
    if not mentions:
        return None
    if anaphor["singular"] is not None or anaphor["named"] is not None:
        if len(concepts) != 1:
            return None
        mention = mentions[0]
        if anaphor["named"] is not None:
            kind = anaphor["kind"].casefold()
            if kind in ("element", "adaptation") and mention.concepts[0].kind != kind:
                return None
        elif not _SUBJECT_LEAD.match(before[_clause_start(before, mention.start) : mention.start]):
            return None
        return before[mention.start : mention.end]
    run = _one_run(before, mentions)
    if run is None:
        return None
    plural = anaphor["many"] is not None and anaphor["many"].casefold() in ("they", "them")
    if plural and len(run) == 1 and _PLURAL_LABEL.search(before, 0, run[0].end):
        # "patient preferences matter, and the task force rated accommodating them P": one
        # item whose name is plural, standing first in its clause as the subject does
        lead = before[_clause_start(before, run[0].start) : run[0].start]
        return (
            before[run[0].start : run[0].end]
            if _SUBJECT_LEAD.match(lead) or _THAT.search(lead)
            else None
        )
    count = (anaphor["count"] or "").casefold()
    wanted = 2 if anaphor["two"] is not None else COUNT_WORDS.get(count)
    if len(run) < 2 or (wanted is not None and len(run) != wanted):
        return None
    names = [before[m.start : m.end] for m in run]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _one_run(text: str, mentions: Sequence[Mention]) -> list[Mention] | None:
    """The mentions when they form one list ("X, Y and Z"), else None."""
    for first, second in pairwise(mentions):
        if not _LIST_GAP.match(text[first.end : second.start]):
            return None
    return list(mentions)


def _clause_start(text: str, position: int) -> int:
    return max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)), default=0)
