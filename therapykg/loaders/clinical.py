"""Clinical facts: scope (formats, populations, conditions), problems addressed, SMART mechanisms.

Scope is read only from Populations & Indications sentences, so a condition named as a caution
("…such as obsessive-compulsive disorder, a purely non-directive approach should not replace…")
is never put in scope. Problems are the subjects of Problems-for-Work sentences whose predicate
says the approach works on them; the elements linked to a problem are the known element and
adaptation names in the predicate, never in the problem's own name ("Alliance ruptures" is a
problem, not the alliance).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from therapykg.loaders.facts import Node
from therapykg.loaders.grading import canonical_name, clean_name
from therapykg.loaders.lexicon import (
    ADAPTATION_ALIASES,
    CONDITION_ACRONYMS,
    CONDITION_EXACT_MATCH,
    CONDITION_SYNONYMS,
    CONDITION_WORDS,
    ELEMENT_ALIASES,
    FORMAT_HEADS,
    FORMAT_MODIFIERS,
    NON_CONDITION_MODIFIERS,
    PERSON_NOUNS,
    POPULATION_WORDS,
    PROBLEM_ASIDE_OPENERS,
    PROBLEM_PREDICATE_RE,
)
from therapykg.ontology.iri import slugify

_MODIFIER = "|".join(sorted(FORMAT_MODIFIERS, key=len, reverse=True))
_HEAD = "|".join(sorted(FORMAT_HEADS, key=len, reverse=True))
_FORMAT = re.compile(
    rf"\b(?P<mods>(?:(?:{_MODIFIER})(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s+))+)"
    rf"(?P<head>{_HEAD})\b"
)
_DISORDER = re.compile(r"\b(?P<before>(?:[A-Za-z][\w-]*\s+){1,2})(?P<head>disorders?)\b")
_ACRONYM = re.compile(r"\b(?:" + "|".join(CONDITION_ACRONYMS) + r")\b")
_CONDITION_WORD = re.compile(  # longest first: "bulimia nervosa" before "bulimia"
    r"\b(?:" + "|".join(sorted(CONDITION_WORDS, key=lambda w: (-len(w), w))) + r")\b",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_SUBJECT_END = re.compile(
    r",|\s+(?:who|which|that|where|whereby)\s|\s+[—–]\s|\s+--\s"
    r"|\s+in\s+(?:[\w-]+[’']s|the\s+[\w-]+|a\s+[\w-]+)\s+sense\b"  # "Hostility in Kelly's sense"
)
_CELL_SEPARATOR = re.compile(r"\s*[;,]\s*")
_JOINED = re.compile(r"\s+(?:and|plus|&)\s+")
_MECHANISM_CONTEXT = re.compile(r"\s+(?:in|for|with|among)\s+", re.IGNORECASE)
_ADAPTATION_SUFFIX = re.compile(r"\s+adaptation$")
_POPULATION = re.compile(
    r"\b(?:" + "|".join(sorted(POPULATION_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)

# ------------------------------------------------------------------------------------------
# Scope
# ------------------------------------------------------------------------------------------


def scope_items(text: str) -> list[Node]:
    """Formats, populations and conditions a Populations & Indications sentence names."""
    taken: list[tuple[int, int]] = []
    nodes = _formats(text, taken) + _conditions(text, taken) + _populations(text, taken)
    return list(dict.fromkeys(nodes))


def _formats(text: str, taken: list[tuple[int, int]]) -> list[Node]:
    nodes = []
    for match in _FORMAT.finditer(text):
        taken.append(match.span())
        head = match["head"]
        groups = _LIST_SEPARATOR.split(match["mods"].strip())
        for group in filter(None, groups):
            label = f"{group.strip()} {head}"
            nodes.append(Node("format", slugify(label), label))
    return nodes


def _conditions(text: str, taken: list[tuple[int, int]]) -> list[Node]:
    nodes = []
    for match in _DISORDER.finditer(text) if "disorder" in text else ():
        words: list[str] = []
        for word in reversed(match["before"].split()):
            if word.casefold() in NON_CONDITION_MODIFIERS or _capitalised_inside(word, match):
                break
            words.insert(0, word.casefold())
        if words:
            start = match.start("head") - len(" ".join(words)) - 1
            taken.append((start, match.end()))
            nodes.append(_condition(" ".join([*words, "disorder"])))
    for pattern in (_ACRONYM, _CONDITION_WORD):
        for match in pattern.finditer(text):
            word = match.group(0)
            if pattern is _CONDITION_WORD and match.start() and not word.islower():
                continue  # "Counselling for Depression": a name; "Depression and …" opens
            if not _inside(match.start(), taken):
                taken.append(match.span())
                nodes.append(_condition(word if pattern is _ACRONYM else word.casefold()))
    return nodes


def _capitalised_inside(word: str, match: re.Match[str]) -> bool:
    """A capital letter is a name ("Counselling for Depression") unless it starts the sentence."""
    return word[:1].isupper() and match.string[: match.start()].strip() != ""


def condition_label(text: str) -> str:
    """The label of the condition `text` names: one node for "PTSD", "post-traumatic stress
    disorder" and "posttraumatic stress disorder"."""
    return CONDITION_SYNONYMS.get(" ".join(text.casefold().split()), text)


def _condition(label: str) -> Node:
    label = condition_label(label)
    slug = slugify(label)
    return Node("condition", slug, label, exact_match=CONDITION_EXACT_MATCH.get(slug))


def _populations(text: str, taken: list[tuple[int, int]]) -> list[Node]:
    nodes = []
    for match in _POPULATION.finditer(text):
        if match.start() and not match.group(0).islower():
            continue  # "Children's Hospital", "Veterans Affairs": a name; "Older adults …" opens
        if not _inside(match.start(), taken):
            label = POPULATION_WORDS[match.group(0).casefold()]
            nodes.append(Node("population", slugify(label), label))
    return nodes


def _inside(position: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


# ------------------------------------------------------------------------------------------
# Problems
# ------------------------------------------------------------------------------------------


def problems_of(text: str) -> list[tuple[Node, str]]:
    """The problems a Problems-for-Work sentence names, each with the predicate about it.

    Either the sentence's subject, with a predicate that works on it ("Rumination is addressed
    by …"), or the items of a list the sentence says are the section's problems ("Common
    problems for work include A, B and C"; "Many referrals concern A or B"). A list item keeps
    no predicate: the sentence links it to no element.
    """
    found = problem_of(text)
    if found is not None:
        return [found]
    return [(node, "") for node in _listed_problems(text)]


def _listed_problems(text: str) -> list[Node]:
    match = _PROBLEM_LIST.match(text)
    if match is None:
        return []
    items = _LIST_END.split(match["list"], maxsplit=1)[0]
    parts = [part.strip() for part in _list_items(items)]
    if not all(_plain_item(part) for part in parts):
        return []  # an item the list leaves unsure ("A such as B and C"), or a name
    names = [clean_name(part) for part in parts]
    return [Node("problem", slugify(name), name) for name in dict.fromkeys(names)]


def _list_items(text: str) -> list[str]:
    """A list's items: split at commas and at the last "and"/"or", so that an "or" inside a
    comma-separated item stays in it ("A, school failure or truancy, and B")."""
    parts = _COMMA.split(text)
    last = parts.pop()
    if parts and _OPENS_JOIN.match(last):  # "A, B, and C"
        parts.append(_OPENS_JOIN.sub("", last))
    else:  # "A and B", "A, B and C"
        parts.extend(_FINAL_JOIN.split(last, maxsplit=1))
    return parts


def _plain_item(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= 6
        and name[:1].islower()
        and not _PROBLEM_ASIDE.search(name)
        and words[0].casefold() not in PERSON_NOUNS
    )


# "Common problems for work include", "The usual presenting difficulties are",
# "Typical referrals involve", "Many referrals concern"
_PROBLEM_LIST = re.compile(
    r"(?:the\s+|many\s+|most\s+)?(?:(?:most\s+)?(?:common|typical|frequent|usual|main|central|key"
    r"|core|recurring|recurrent|presenting|clinical)\s+)*"
    r"(?:problems|difficulties|issues|presentations|targets|referrals|concerns|complaints)"
    r"(?:\s+(?:for\s+work|addressed|seen|treated|targeted|in\s+practice))?"
    r"\s+(?:include|includes|are|comprise|involve|concern)\s+(?P<list>.+)$",
    re.IGNORECASE,
)
_LIST_END = re.compile(
    r"\s*[;:]|\s+[—–]\s|\s+--\s|,\s+as\b|,?\s+(?:because|since|when|where|which|who|that|while|although"
    r"|though|whereas|so\s+that|each\s+of)\b|,\s+(?:all|each|both|and\s+(?:the|these|each|all))\b"
)
_COMMA = re.compile(r"\s*,\s*")
_OPENS_JOIN = re.compile(r"^(?:and|or)\s+")
_FINAL_JOIN = re.compile(r"\s+(?:and|or)\s+(?!.*\s(?:and|or)\s)")
_PROBLEM_ASIDE = re.compile(r"\b(?:such\s+as|including|especially|like|e\.g\.|i\.e\.)\b|[()]")


def problem_of(text: str) -> tuple[Node, str] | None:
    """The problem a Problems-for-Work sentence is about, and the predicate that follows it."""
    match = PROBLEM_PREDICATE_RE.search(text)
    if not match:
        return None
    name = clean_name(_problem_subject(text[: match.start()]))
    words = name.casefold().split()
    if not words or len(words) > 10 or words[0] in PERSON_NOUNS:
        return None
    if words[-1] in _PROBLEMS_IN_GENERAL and _QUANTIFIERS.intersection(words):
        return None  # "Several common clinical problems can be read as …": the section's lead
    return Node("problem", slugify(name), name), text[match.start() :]


_PROBLEMS_IN_GENERAL = frozenset(["problems", "difficulties", "issues", "presentations"])
_QUANTIFIERS = frozenset(["several", "many", "some", "various", "recurring", "these", "other"])


def _problem_subject(subject: str) -> str:
    """The problem's own words: up to a relative clause, a dash or a comma that opens an aside.
    A comma between two adjectives of one noun stays ("Intense, rapidly shifting emotions"):
    the words after it run to the predicate, with no second comma, and open no aside."""
    parts = _SUBJECT_END.split(subject, maxsplit=1)
    head = parts[0]
    comma = _SUBJECT_END.search(subject)
    if comma is not None and comma.group() == "," and len(head.split()) <= 4:
        rest = subject[comma.end() :]
        first = rest.split()[:1]
        inner = _SUBJECT_END.split(rest, maxsplit=1)[0]
        if first and first[0].islower() and first[0] not in PROBLEM_ASIDE_OPENERS and inner == rest:
            return f"{head}, {rest.strip()}"
    return head.strip()


# ------------------------------------------------------------------------------------------
# Known element and adaptation names, in running text and in SMART mechanism cells
# ------------------------------------------------------------------------------------------


@cache
def _lexicon_spellings() -> dict[str, Node]:
    """Every spelling the lexicon knows, built once (copied, never changed)."""
    spellings: dict[str, Node] = {}
    for kind, table in (("element", ELEMENT_ALIASES), ("adaptation", ADAPTATION_ALIASES)):
        for canonical, aliases in table.items():
            node = Node(kind, slugify(canonical), canonical)
            for alias in (canonical, *aliases):
                spellings.setdefault(alias.casefold(), node)
    return spellings


@lru_cache(maxsize=256)
def _spellings_pattern(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every spelling, longest first (articles grading the same items share it).

    Two things make it several times faster with the same matches: a lookahead for the spellings'
    first characters lets every other position fail at once (IGNORECASE reads the set as it
    reads each first letter), and the spellings are grouped by first character, in their order,
    so a position tries one group instead of every spelling (only one group can match there when
    no two first characters are the same letter to IGNORECASE).
    """
    if not all(alternatives):
        body = "|".join(re.escape(a) for a in alternatives)
        return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)
    groups: dict[str, list[str]] = {}
    for spelling in alternatives:
        groups.setdefault(spelling[0], []).append(spelling)
    firsts = sorted(groups)
    lookahead = "(?=[" + "".join(re.escape(c) for c in firsts) + "])"
    if _case_distinct(firsts):
        body = "|".join(
            re.escape(first) + "(?:" + "|".join(re.escape(s[1:]) for s in spellings) + ")"
            for first, spellings in groups.items()
        )
    else:
        body = "|".join(re.escape(a) for a in alternatives)
    return re.compile(lookahead + r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)


def _case_distinct(chars: list[str]) -> bool:
    """Whether no two of `chars` match each other under IGNORECASE."""
    return not any(
        re.fullmatch(re.escape(a), b, re.IGNORECASE)
        for i, a in enumerate(chars)
        for b in chars[i + 1 :]
    )


class KnownItems:
    """Every spelling of every element and adaptation the lexicon or the article knows."""

    def __init__(self, extra: Iterable[Node] = ()) -> None:
        spellings = dict(_lexicon_spellings())
        for node in extra:
            spellings.setdefault(node.label.casefold(), node)
        self.spellings = spellings
        self._pattern = _spellings_pattern(tuple(sorted(spellings, key=len, reverse=True)))

    def in_text(self, text: str) -> list[Node]:
        """Items named in running text, longest spelling first, each once."""
        found = [self.spellings[m.group(0).casefold()] for m in self._pattern.finditer(text)]
        return list(dict.fromkeys(found))

    def mechanism(self, cell: str) -> list[Node]:
        """What a SMART mechanism cell names: `Alliance; goal consensus`, `Culture adaptation`.

        A known element or adaptation keeps its node. Any other named mechanism ("Change talk")
        becomes a therapeutic factor of its own (`element/change-talk`, typed only
        tkg:TherapeuticFactor): the table says it is a mechanism, and nothing says it is a
        relationship element.
        """
        nodes: list[Node] = []
        for part in filter(None, (clean_name(p) for p in _CELL_SEPARATOR.split(cell))):
            nodes.extend(self._mechanism_part(part))
        return list(dict.fromkeys(nodes))

    def _mechanism_part(self, part: str) -> list[Node]:
        known = self._exact(part)
        if known is not None:
            return [known]
        pieces = [self._exact(piece) for piece in _JOINED.split(part)]
        if len(pieces) > 1 and all(pieces):
            return [p for p in pieces if p is not None]
        context = _MECHANISM_CONTEXT.split(part, maxsplit=1)  # "Cohesion in group therapy"
        known = self._exact(context[0]) if len(context) > 1 else None
        if known is not None:
            return [known]
        if len(part.split()) > 6:
            return []
        return [Node("element", slugify(part), part, "TherapeuticFactor")]

    def _exact(self, name: str) -> Node | None:
        key = name.casefold()
        if key in self.spellings:
            return self.spellings[key]
        bare = _ADAPTATION_SUFFIX.sub("", key)
        canonical = canonical_name(bare, ADAPTATION_ALIASES)
        if bare != key and canonical is not None:
            return Node("adaptation", slugify(canonical), canonical)
        return None
