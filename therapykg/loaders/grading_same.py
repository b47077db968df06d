"""Gradings whose grade the sentence names by reference to the sentence before: "Empathy was
rated demonstrably effective. Collecting client feedback earned the same grade." — "The 2019
conclusions put X in the probably effective group. They placed Y in that group as well."

`graded_items` binds only grade words the sentence holds. A writer who has just given a grade
often refers back to it ("the same grade", "the same rating", "in that category"). This module
reads such a sentence again with the reference replaced by the one grade the sentence before
stated, and keeps what that reading grades. It resolves the reference only when it is plain:
the sentence itself states no grade, and the sentence before (in the same section) stated
exactly one grade, for whatever items. A grading found so points at both sentences, the one
that names the item and the one that gives the grade, each with its own tag.

"In the same conclusions" / "the same edition" dates a grading the sentence states without an
edition by the one edition the sentence before gave (`same_edition`).

"Goal consensus moved from P in 2011 to Q in 2019. Collaboration made the same move." gives
collaboration both grades, each with its edition (`same_change`): only when the sentence before
changed the grade of one item, and this sentence's subject is graded items and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from therapykg.loaders.grading import (
    Stated,
    concept_node,
    grade_wording,
    graded_items,
    item_mentions,
    plain_list,
)
from therapykg.loaders.lexicon import may_contain

# "the same grade / rating / verdict", "that category", "the same tier": the grade before.
_SAME_GRADE = re.compile(
    r"\bthe\s+same\s+(?P<noun>grade|rating|verdict|category|tier|classification|designation"
    r"|status|band|level|group|bracket|class|label)\b"
    r"|\b(?:that|this)\s+(?P<place>category|tier|group|band|bracket|class)\b",
    re.IGNORECASE,
)
# "in the same conclusions", "by the same edition / report / review" (not "the same task force":
# a body, which may have graded in more than one edition)
_SAME_EDITION = re.compile(
    r"\b(?:the\s+same|those|these)\s+(?:conclusions|edition|report|review|volume|round|update)\b",
    re.IGNORECASE,
)


def same_grade(text: str, before: Sequence[Stated]) -> list[Stated]:
    """What `text` grades through "the same grade" or "that category", with the one grade the
    sentence before stated; nothing when it stated none or several, or the reference is not
    there."""
    if not may_contain(text, ("same", "that", "this")):
        return []
    grades = {fact.grade for fact in before}
    if len(grades) != 1:
        return []
    phrase = grade_wording(next(iter(grades)))
    rewritten = _SAME_GRADE.sub(lambda m: f"the {phrase} {m['noun'] or m['place']}", text)
    if rewritten == text:
        return []
    items_before = {(f.item.kind, f.item.slug) for f in before}
    found = [f for f in graded_items(rewritten) if (f.item.kind, f.item.slug) not in items_before]
    return same_edition(text, found, before)


def same_edition(text: str, facts: list[Stated], before: Sequence[Stated]) -> list[Stated]:
    """Facts without an edition dated by the one edition the sentence before gave, when this
    sentence refers to it ("rated P in the same conclusions"); the facts unchanged otherwise."""
    if not facts or not _SAME_EDITION.search(text):
        return facts
    editions = {(f.edition, f.year) for f in before if f.edition is not None}
    if len(editions) != 1:
        return facts
    edition, year = next(iter(editions))
    return [replace(f, edition=edition, year=year) if f.edition is None else f for f in facts]


# "Collaboration made the same move", "X and Y followed the same path (between those editions)"
_SAME_CHANGE = re.compile(
    r"^\s*(?P<subject>[^,;:()]{2,80}?)\s+(?:\w+ly\s+)?(?:made|makes|followed|follows|took|takes"
    r"|traced|traces|underwent|undergoes|went\s+through|goes\s+through)\s+(?:exactly\s+)?the\s+"
    r"same\s+(?:move|path|route|journey|trajectory|climb|shift|change|rise|course|step)\b",
    re.IGNORECASE,
)


def same_change(text: str, before: Sequence[Stated]) -> list[Stated]:
    """The change of grade the sentence before stated for one item, given to the items this
    sentence's subject names ("Collaboration made the same move"); nothing otherwise."""
    if not may_contain(text, ("same",)):
        return []
    match = _SAME_CHANGE.match(text)
    if match is None or len({(f.item.kind, f.item.slug) for f in before}) != 1:
        return []
    if len({f.grade for f in before}) < 2:
        return []  # no change of grade before: "the same move" is not a grade
    mentions = item_mentions(match["subject"])
    if not plain_list(match["subject"], mentions):
        return []  # the subject is graded items and nothing else
    found: list[Stated] = []
    for mention in mentions:
        node = concept_node(mention.concepts, False)
        found.extend(replace(f, item=node, contexts=mention.contexts) for f in before)
    return found
