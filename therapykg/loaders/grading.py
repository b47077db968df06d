"""Gradings: which element or adaptation a sentence rates, at which grade, in which context.

Three general constructions state a grading, whatever the items are called:

    inverted    "Rated demonstrably effective were the alliance in individual … psychotherapy; …"
    passive     "goal consensus, collaboration, and positive regard were rated probably effective"
    complement  "the task force rated empathy (as) demonstrably effective, positive regard (as) …",
                chained after a verb: "… was rated demonstrably effective and adapting to stage
                of change probably effective"

A sentence may hold several (`…, while adapting to stage of change … were rated probably
effective`). Items become adaptations when their clause speaks of adapting, matching or
tailoring treatment to a client characteristic; otherwise they are relationship elements.

A sentence that only *mentions* a grade ("a demonstrably effective element", a Key Terms
definition) never creates a grading: it may only add itself to the trail of an identical grading
that a grading sentence created (see `extract`). Precision before recall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from therapykg.graph.iri import slugify
from therapykg.loaders.facts import Node
from therapykg.loaders.lexicon import (
    ADAPTATION_ALIASES,
    ADAPTING_LEAD_RE,
    ADAPTING_RE,
    ELEMENT_ALIASES,
    FORMAT_HEADS,
    FORMAT_MODIFIERS,
    GRADE_RE,
    GRADING_VERBS,
    ORG_HEAD_WORDS,
    ORG_HEADS,
    ORG_NOISE_WORDS,
    POPULATION_WORDS,
    grade_of,
    may_contain,
)

_BE = r"(?:were|was|are|is|have\s+been|has\s+been)"
_QUANTIFIERS = r"(?:(?:both|all|each|also|jointly|consistently|likewise|similarly)\s+)?"
_PASSIVE_BEFORE = re.compile(rf"\s+{_BE}\s+{_QUANTIFIERS}{GRADING_VERBS}\s+(?:(?:to\s+be|as)\s+)?$")
_INVERTED_BEFORE = re.compile(rf"(?:^|[:;]\s*|,\s*(?:and\s+)?){GRADING_VERBS}\s+$", re.I)
_INVERTED_AFTER = re.compile(rf"^\s+{_BE}\s+")
_AS_BEFORE = re.compile(r"\s+as\s+$")
_ACTIVE_VERB = re.compile(rf"\b{GRADING_VERBS}\s+", re.I)
_CLAUSE_LEAD = re.compile(
    r"^(?:[,;:]\s*)?(?:(?:and|but|while|whereas|since|because|where|when|as|so)\s+)*",
    re.I,
)
_INTRODUCTION = re.compile(  # "In the 2011 conclusions on tailoring treatment, X was rated …"
    r"^(?:in|during|across|alongside|for|from|within|at|among|after|before|under"
    r"|according\s+to)\b[^,]*,\s*",
    re.I,
)
_DETERMINER = re.compile(r"^(?:the|a|an|and|or|to|its|their)\s+", re.I)
_ORG = re.compile(
    rf"(?P<org>(?:[\w’'-]+\s+){{0,4}}?{ORG_HEADS})\s*(?::|,?\s+(?:which\s+|that\s+)?{GRADING_VERBS}\b)"
    rf"|\bby\s+(?P<by>(?:[\w’'-]+\s+){{0,4}}?{ORG_HEADS})\b",
    re.I,
)
_ORG_HEAD = re.compile(ORG_HEADS, re.I)  # every _ORG match holds one: a cheap test first
_ORG_HEAD_CASED = re.compile(ORG_HEADS)
_NEXT_CONSTRUCTION = re.compile(
    rf",\s+(?:while|whereas)\s+|[;,]\s+(?:and\s+)?{GRADING_VERBS}\s", re.I
)
_SUBORDINATOR = re.compile(r"\b(?:while|whereas|since|because|where)\s+")
_AND = re.compile(r"\s+and\s+")
_IN_CONTEXT = re.compile(r"\s+in\s+(?P<ctx>.+)$")
_ANY_CONTEXT = re.compile(r"\s+(?:in|for|with)\s+(?P<ctx>.+)$")
_CONTEXT_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_RELATIVE = re.compile(r"\b(?:which|that|who|whom)\b")


@dataclass(frozen=True, slots=True)
class Stated:
    """One item a sentence grades: the item node, the grade and the contexts."""

    item: Node
    grade: str
    contexts: tuple[Node, ...]


Listed = list[tuple[Node, tuple[Node, ...]]]  # items with the contexts stated beside each


def graded_items(text: str) -> list[Stated]:
    """Every (item, grade, contexts) a sentence states through a grading construction."""
    grades = list(GRADE_RE.finditer(text))
    stated: list[Stated] = []
    previous_end = 0
    for index, match in enumerate(grades):
        next_start = grades[index + 1].start() if index + 1 < len(grades) else len(text)
        listed, reach = _construction(text, match, previous_end, next_start)
        grade = grade_of(match)
        stated.extend(Stated(item, grade, contexts) for item, contexts in listed)
        previous_end = max(match.end(), reach)
    return stated


def _construction(
    text: str, match: re.Match[str], previous_end: int, next_start: int
) -> tuple[Listed, int]:
    """The items (with contexts) around one grade phrase, and how far the construction reaches."""
    before = text[previous_end : match.start()]
    after = text[match.end() : next_start]
    inverted = _INVERTED_AFTER.match(after)
    if inverted and _INVERTED_BEFORE.search(before):
        span = _cut_before_next_construction(after[inverted.end() :])
        reach = match.end() + inverted.end() + len(span)
        return _items(span, clause=before + span, shared=()), reach
    passive = _PASSIVE_BEFORE.search(before)
    if passive:
        span = _subject_span(before[: passive.start()])
        return _items(span, clause=before, shared=_trailing_contexts(after)), match.end()
    return _complement(text, before, after, previous_end), match.end()


def _complement(text: str, before: str, after: str, previous_end: int) -> Listed:
    """`rated X (as) GRADE`, or a gapped `and Y GRADE` after an earlier grading verb."""
    as_pair = _AS_BEFORE.search(before)
    span = before[: as_pair.start()] if as_pair else before
    verbs = list(_ACTIVE_VERB.finditer(span))
    if verbs:
        span = span[verbs[-1].end() :]
    elif not _ACTIVE_VERB.search(text[:previous_end]):
        return []  # "X as promising" with no one rating anything
    return _items(_strip_clause_lead(span), clause=before, shared=_trailing_contexts(after))


def _cut_before_next_construction(span: str) -> str:
    """An inverted list runs to the end of its clause: stop at `, while …` or `; … rated`."""
    cut = _NEXT_CONSTRUCTION.search(span)
    return span[: cut.start()] if cut else span


def _subject_span(before: str) -> str:
    """The subject of a passive grading: after a colon, a subordinator or a `, and` joint."""
    if ":" in before:
        before = before.rsplit(":", 1)[1]
    marker = list(_SUBORDINATOR.finditer(before))
    if marker:
        before = before[marker[-1].end() :]
    return _INTRODUCTION.sub("", _strip_clause_lead(before))


def _strip_clause_lead(span: str) -> str:
    return _CLAUSE_LEAD.sub("", span.strip()).strip()


def _items(span: str, *, clause: str, shared: tuple[Node, ...]) -> Listed:
    """Split a list of items (`;` or `,` separated, `and` joined) into element/adaptation nodes.

    `shared` contexts (stated after the grade: "… were rated promising in group therapy") go to
    every item that states none of its own.
    """
    kind = "adaptation" if ADAPTING_RE.search(clause) else "element"
    if kind == "adaptation":
        span = ADAPTING_LEAD_RE.sub("", span.strip())
    listed: Listed = []
    for part in _split_list(span):
        name, contexts = split_context(part)
        for piece in _AND.split(name):
            if kind == "adaptation":
                piece = ADAPTING_LEAD_RE.sub("", piece.strip())
            node = item_node(piece, kind)
            if node is not None and all(node != seen for seen, _ in listed):
                listed.append((node, contexts or shared))
    return listed


def _split_list(span: str) -> list[str]:
    """`;` separates items when present; otherwise `,`, re-joining a context cut by a comma."""
    separator = ";" if ";" in span else ","
    parts = [p.strip() for p in span.split(separator) if p.strip()]
    joined: list[str] = []
    for part in parts:
        if joined and _open_context(joined[-1]):
            joined[-1] = f"{joined[-1]}, {part}"
        else:
            joined.append(part)
    return joined


def _open_context(part: str) -> bool:
    """True for `the alliance in individual`: a context whose head noun has not come yet."""
    match = _IN_CONTEXT.search(part)
    if not match:
        return False
    last = match["ctx"].split()[-1].casefold()
    return last in FORMAT_MODIFIERS


def split_context(part: str) -> tuple[str, tuple[Node, ...]]:
    """`the alliance in individual, youth, and family psychotherapy` → name and format nodes."""
    match = _ANY_CONTEXT.search(part)
    if match:
        contexts = context_nodes(match["ctx"])
        if contexts:
            return part[: match.start()], contexts
    return part, ()


def context_nodes(text: str) -> tuple[Node, ...]:
    """Formats (`individual, youth, and family psychotherapy`) or populations (`adolescents`).

    Returns () unless every listed part is a recognised format or population: a context the
    lexicon cannot read is left out rather than guessed.
    """
    parts = [p for p in _CONTEXT_SEPARATOR.split(text.strip()) if p]
    parts = [_DETERMINER.sub("", p.strip(" .")) for p in parts]
    if not parts:
        return ()
    head = parts[-1].split()[-1].casefold()
    nodes: list[Node] = []
    for part in parts:
        node = _context_node(part, head)
        if node is None:
            return ()
        nodes.append(node)
    return tuple(nodes)


def _context_node(part: str, head: str) -> Node | None:
    words = part.casefold().split()
    if part.casefold() in POPULATION_WORDS:
        label = POPULATION_WORDS[part.casefold()]
        return Node("population", slugify(label), label)
    if words and words[-1] in FORMAT_HEADS and all(w in FORMAT_MODIFIERS for w in words[:-1]):
        return Node("format", slugify(part), part.casefold()) if len(words) > 1 else None
    if words and all(w in FORMAT_MODIFIERS for w in words) and head in FORMAT_HEADS:
        label = f"{part.casefold()} {head}"
        return Node("format", slugify(label), label)
    return None


_CONTEXT_END = "|".join(sorted([*FORMAT_HEADS, *POPULATION_WORDS], key=len, reverse=True))
_TRAILING_CONTEXT = re.compile(
    rf"^\s+(?:in|for|with)\s+(?P<ctx>(?:[\w-]+(?:\s*,\s*|\s+))*?(?:{_CONTEXT_END}))\b", re.I
)


def _trailing_contexts(after: str) -> tuple[Node, ...]:
    """Contexts stated after the grade: "… demonstrably effective in individual, youth, and
    family psychotherapy" (up to the first format head or population word)."""
    match = _TRAILING_CONTEXT.match(after)
    return context_nodes(match["ctx"]) if match else ()


def clean_name(piece: str) -> str:
    """An item's name as written, without quotes, determiners or joining words."""
    name = piece.strip().strip("“”\"'‘’ .")
    previous = None
    while previous != name:
        previous = name
        name = _DETERMINER.sub("", name).strip().strip("“”\"'‘’ .")
    if len(name) > 1 and not name[:2].isupper():
        name = name[0].lower() + name[1:]
    return name


def item_node(piece: str, kind: str) -> Node | None:
    """The element or adaptation node for one listed item, canonicalised by the lexicon."""
    name = clean_name(piece)
    if not name or len(name.split()) > 6 or _RELATIVE.search(name):
        return None
    aliases = ADAPTATION_ALIASES if kind == "adaptation" else ELEMENT_ALIASES
    canonical = canonical_name(name, aliases) or name
    return Node(kind, slugify(canonical), canonical)


def canonical_name(name: str, aliases: dict[str, tuple[str, ...]]) -> str | None:
    wanted = name.casefold()
    for canonical, spellings in aliases.items():
        if wanted == canonical or wanted in spellings:
            return canonical
    return None


def _earliest_org(text: str, head: int) -> int:
    """Where an _ORG match can start at the earliest, given where the first org head starts.

    A match is at most four words and the head, or "by", four words and the head: it starts in
    one of the five words before its head, and no head comes before the first. Searching from
    there finds the same match as searching from the start, without trying every character of a
    long sentence.
    """
    before = text[:head].rsplit(None, 5)
    return len(before[0]) if len(before) == 6 else 0


def grader(text: str) -> Node | None:
    """The body a grading sentence names as grading, when it distinguishes it from any other.

    "graded by the APA interdivisional task force" → org/apa-interdivisional-task-force;
    "the second interdivisional task force rated" → org/interdivisional-task-force (an ordinal
    names one convening of the same body); a bare "the task force" names no one in particular,
    so the grading gets no `gradedBy`.
    """
    head = _ORG_HEAD.search(text) if may_contain(text, ORG_HEAD_WORDS) else None
    match = _ORG.search(text, _earliest_org(text, head.start())) if head else None
    if not match:
        return None
    words = (match["org"] or match["by"]).split()
    determiners = [i for i, w in enumerate(words) if w.casefold() in {"the", "a", "an", "by"}]
    if determiners:
        words = words[determiners[-1] + 1 :]
    else:
        while words and words[0].islower() and not _ORG_HEAD_CASED.fullmatch(" ".join(words)):
            words = words[1:]
    words = [w for w in words if w.casefold() not in ORG_NOISE_WORDS and not w.isdigit()]
    label = " ".join(words)
    if not _ORG_HEAD.sub("", label).split():
        return None
    return Node("org", slugify(label), label)
