"""Gradings a list gives under a lead that names the grade: "The task force rated these elements
demonstrably effective:" followed by "- the alliance", "- empathy".

A list item that names only an item says nothing graded by itself; with the lead sentence right
before the list it states a grading, and the grading points at both statements (each with its own
tag). The lead must read as a task-force grading on its own terms: it ends with a colon, names
exactly one grade, and either is that grade alone ("Demonstrably effective:") or says a grading
is meant (a grading verb or rating noun, the task force, an edition), with nothing that makes it
no assertion (a negation, a modal, another judge: the guards of the clause-unit pass). A list
item takes the grade only when it opens with a graded item and names no grade and no other item
of its own ("Empathy — attuned reflection of feeling" does; "Empathy and warmth, rated P" is read
as a sentence of its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from therapykg.loaders.grading import Stated, concept_node, edition_of, item_mentions
from therapykg.loaders.grading_units import lead_grades
from therapykg.loaders.lexicon import ADAPTING_RE, GRADE_RE, grade_of

# A lead that says a grading follows: the task force or its report, and a grading verb or noun.
_GRADING_LEAD = re.compile(
    r"(?=.*\b(?:task[\s-]force|panel|report|conclusions|edition)\b)"
    r"(?=.*\b(?:graded|rated|judged|grades|ratings|verdicts|classified|gradings|conclusions"
    r"|findings)\b)",
    re.IGNORECASE,
)
_LEAD_ONLY_GRADE = re.compile(r"^[\s*_\"“]*(?P<grade>[^:]+?)[\s*_\"”]*:\s*$")
_ITEM_OPENING = re.compile(r"^[\s\"“*_]*(?:(?:the|a|an)\s+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ListLead:
    """A lead sentence's grade and edition, for the list items after it."""

    grade: str | None  # None: the lead names only an edition; each item names its grade
    edition: int | None
    year: int | None
    adapting: bool  # the lead speaks of adaptations ("adapting to …", "responsiveness")


def list_lead(text: str) -> ListLead | None:
    """The grade a lead sentence gives the list after it, or None (see the module). A lead
    that names the task force's edition and no grade ("Among the elements the 2019 task force
    graded:") gives its edition to items that state their own grade."""
    if not text.rstrip().endswith(":"):
        return None
    grades = list(GRADE_RE.finditer(text))
    if not grades and not item_mentions(text) and _GRADING_LEAD.search(text):
        edition, year = edition_of(text)
        if edition is not None:
            return ListLead(None, edition, year, bool(ADAPTING_RE.search(text)))
    if len(grades) != 1 or item_mentions(text):
        return None
    only = _LEAD_ONLY_GRADE.match(text)
    alone = only is not None and GRADE_RE.fullmatch(only["grade"].strip()) is not None
    if not alone and not lead_grades(text, grades[0]):
        return None
    edition, year = edition_of(text)
    return ListLead(grade_of(grades[0]), edition, year, bool(ADAPTING_RE.search(text)))


# "… and three of them reached its top grade, P, in 2019" before a list of three: a lead that
# counts its items need not end with a colon
_COUNTED = re.compile(
    r"\b(?P<count>two|three|four|five|six|seven)\s+(?:of\s+(?:them|these|those)|(?:relationship\s+"
    r"|responsiveness\s+)?(?:elements|adaptations)|such\s+(?:elements|adaptations))\b",
    re.IGNORECASE,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def counted_lead(text: str) -> tuple[ListLead, int] | None:
    """A lead without a colon that counts the items of the list after it and gives them one
    grade ("three of them reached its top grade, P, in 2019"), with that count; None otherwise.
    The caller checks that exactly that many list items follow."""
    counted = _COUNTED.search(text)
    grades = list(GRADE_RE.finditer(text))  # "its top grade, P": one grade, named twice
    if counted is None or len({grade_of(g) for g in grades}) != 1 or item_mentions(text):
        return None
    if grades[0].start() < counted.start() or not lead_grades(text, grades[0]):
        return None  # the grade is said of the counted items, after them
    edition, year = edition_of(text)
    lead = ListLead(grade_of(grades[0]), edition, year, bool(ADAPTING_RE.search(text)))
    return lead, _COUNTS[counted["count"].casefold()]


def listed_item(text: str, lead: ListLead) -> Stated | None:
    """The grading a list item states under `lead`, or None when it is not a bare item."""
    if lead.grade is None:
        return None  # the item's own grade is read from the item (`graded_items`)
    if GRADE_RE.search(text):
        return None
    mentions = item_mentions(text)
    if len({c.slug for m in mentions for c in m.concepts}) != 1:
        return None
    first = mentions[0]
    if not _ITEM_OPENING.match(text[: first.start]):
        return None
    node = concept_node(first.concepts, lead.adapting or bool(ADAPTING_RE.search(text)))
    return Stated(node, lead.grade, first.contexts, lead.edition, lead.year)


_ITEM_THEN_GRADE = re.compile(r"\s*[,:—–-]\s*[\"“]?")
_GRADE_ENDS_ITEM = re.compile(r"[\"”]?\s*(?:\([^()]*\))?\s*[.;]?\s*")


def listed_own_grade(text: str, lead: ListLead) -> Stated | None:
    """The grade a list item gives its one item after a comma, colon or dash ("Collecting client
    feedback, P"), under a lead that names the task force's edition and no grade; None when the
    item says anything more."""
    if lead.grade is not None:
        return None
    mentions = item_mentions(text)
    grades = list(GRADE_RE.finditer(text))
    if len(grades) != 1 or len({c.slug for m in mentions for c in m.concepts}) != 1:
        return None
    first, grade = mentions[0], grades[0]
    if not _ITEM_OPENING.match(text[: first.start]) or first.end > grade.start():
        return None
    last = max(m.end for m in mentions if m.end <= grade.start())
    if not _ITEM_THEN_GRADE.fullmatch(text, last, grade.start()):
        return None
    if not _GRADE_ENDS_ITEM.fullmatch(text, grade.end()):
        return None
    node = concept_node(first.concepts, lead.adapting or bool(ADAPTING_RE.search(text)))
    return Stated(node, grade_of(grade), first.contexts, lead.edition, lead.year)
