"""Roles people hold in the approach, from the lead, Type & Discipline and Creators & Lineage.

- creator, chair, editor: a passive role verb whose subject is the approach ("The approach was
  created by …", "The task force … were chaired and edited by …"), or the lead's reduced
  relative ("A humanistic psychotherapy developed by …");
- associate: "X is closely associated with the program", or "… and elaborated with X" after a
  creator clause;
- lineage figure: anyone else named in Creators & Lineage (decided by `extract`, once every
  sentence has been read, so a creator is never also filed as a lineage figure).

"Motivational interviewing, developed by William R. Miller …" makes Miller no creator of *this*
approach: the role verb's subject is another approach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from therapykg.loaders.lexicon import (
    APPROACH_NOUNS,
    APPROACH_SUBJECT_RE,
    ASSOCIATE_WITH_VERBS,
    ROLE_VERBS,
)
from therapykg.loaders.people import Mention, PersonRecord

_VERB = "|".join(ROLE_VERBS)
_VERB_LIST = rf"(?P<verbs>(?:{_VERB})(?:\s*(?:,|and)\s*(?:{_VERB}))*)"
_PASSIVE = re.compile(
    rf"\b(?:was|were|has\s+been|have\s+been)\s+(?:(?:first|originally|jointly|later|largely)\s+)?"
    rf"{_VERB_LIST}\s+by\s+",
    re.I,
)
_LEAD_RELATIVE = re.compile(rf"^(?:An?|The)\b[^.;:]*?\b{_VERB_LIST}\s+by\s+", re.I)
_WITH = re.compile(rf"\b(?P<verbs>{ASSOCIATE_WITH_VERBS})\s+with\s+", re.I)
_REGION_END = re.compile(
    r"[,;:(]|\s+(?:in|from|through|at|during|with|whose|who|which|as|for|since|on)\s", re.I
)
_EMBEDDED_SUBJECT = re.compile(
    rf"\b(?:that|and)\s+(?:it|(?:the|this)\s+(?:[\w’'-]+\s+){{0,2}}?{APPROACH_NOUNS})\s+"
    r"(?:(?:also|still|later|itself|\w+ly)\s+)*$",
    re.I,
)
_ASSOCIATED = re.compile(
    rf"^\s+(?:is|was|has\s+been)\s+(?P<how>(?:\w+ly\s+)?associated)\s+with\s+(?:the|this)\s+"
    rf"{APPROACH_NOUNS}\b",
    re.I,
)
_TITLE_SEPARATOR = re.compile(r"\s+(?:and|&)\s+|\s*[:(—–]\s*")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class RoleClaim:
    """One role one person holds: "chaired and edited by X" is two claims, one per role."""

    person: PersonRecord
    role: str  # a role individual, e.g. "ChairRole"
    role_name: str  # as the text words it, e.g. "chaired"


def framework_roles(
    text: str, mentions: list[Mention], *, lead: bool, title: str
) -> list[RoleClaim]:
    """The roles in the approach that one sentence gives to the people it names."""
    claims: list[RoleClaim] = []
    for match in _role_phrases(text, lead=lead, title=title):
        named = _named_after(text, match.end(), mentions)
        for verb, role in _roles_of(match["verbs"]):
            claims.extend(RoleClaim(m.person, role, verb) for m in named)
        for extra in _WITH.finditer(text, match.end()):
            claims.extend(
                RoleClaim(m.person, "AssociateRole", f"{extra['verbs']} with")
                for m in _named_after(text, extra.end(), mentions)
            )
    for mention in mentions:
        associated = _ASSOCIATED.match(text[mention.end :])
        if associated:
            claims.append(RoleClaim(mention.person, "AssociateRole", associated["how"]))
    return claims


def about_the_approach(clause: str, title: str) -> bool:
    """Whether a clause's subject is the approach: "The approach …", "It …", the title (or a
    part of it: "Feedback-informed treatment …"), or "… noted that the theory also …"."""
    if APPROACH_SUBJECT_RE.match(clause) or _EMBEDDED_SUBJECT.search(clause):
        return True
    start = clause.strip().casefold()
    return start.startswith(_title_parts(title))


def last_clause(text: str) -> str:
    """What follows the last `;` (and the spaces after it), or the whole text."""
    _, semicolon, after = text.rpartition(";")
    return after.lstrip() if semicolon else text


@lru_cache(maxsize=16)  # one title per article, asked about every clause
def _title_parts(title: str) -> tuple[str, ...]:
    parts = [title, *_TITLE_SEPARATOR.split(title)]
    return tuple(p.strip().casefold() for p in parts if len(p.split()) >= 2 or p == title)


def _role_phrases(text: str, *, lead: bool, title: str) -> list[re.Match[str]]:
    found = []
    for match in _PASSIVE.finditer(text):
        clause = last_clause(text[: match.start()])
        if about_the_approach(clause, title):
            found.append(match)
    relative = _LEAD_RELATIVE.match(text) if lead else None
    if relative and not found:
        found.append(relative)
    return found


def _roles_of(verbs: str) -> list[tuple[str, str]]:
    """`chaired and edited` → [("chaired", "ChairRole"), ("edited", "EditorRole")]."""
    words = _WORD.findall(verbs)
    return [(w, ROLE_VERBS[w.casefold()]) for w in words if w.casefold() in ROLE_VERBS]


def _named_after(text: str, start: int, mentions: list[Mention]) -> list[Mention]:
    """The people named in the name list that starts at `start` ("X and Y, whose …")."""
    end_match = _REGION_END.search(text, start)
    end = end_match.start() if end_match else len(text)
    return [m for m in mentions if start <= m.start < end]
