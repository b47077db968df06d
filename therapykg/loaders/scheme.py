"""The task force's graded items, read from the concept scheme the ontology ships
(`therapykg/ontology/graded_items.ttl`): every label of every relationship element and
responsiveness adaptation, and a pattern that finds them in running text.

Extraction recognises graded items against this scheme, so "the alliance", "therapeutic alliance"
and "working alliance" are one node, `element/alliance`. The scheme is data: a reviewer reads
the whole closed world of graded items (and the editions that graded each) in one Turtle file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from therapykg.ontology import SCHEME_PATH
from therapykg.ontology.iri import slugify

_BASE = "https://w3id.org/therapykg/id/"
_KINDS = {"element": "element", "adaptation": "adaptation"}
_EDITION = URIRef("https://w3id.org/therapykg/ontology#gradedInEdition")
_CONCEPT = SKOS.Concept


@dataclass(frozen=True, slots=True)
class Concept:
    """One graded item of the scheme: its kind and slug (its IRI), preferred label and labels."""

    kind: str  # "element" or "adaptation"
    slug: str
    pref_label: str
    labels: tuple[str, ...]  # the preferred label first, then the alternative labels
    editions: tuple[int, ...]


_SLASH_RE = re.compile(r"\s*/\s*")
_SPACES = re.compile(r"[\s\-‐‑–]+")
_THE = re.compile(r"^the\s+")


@lru_cache(maxsize=4096)  # a pure function, asked of the same phrases many times
def normalise(label: str) -> str:
    """The form labels are compared in: lower case, one space, `-` as a space, no `the`."""
    text = label.casefold().replace("’", "'").replace("&", " and ")
    text = _SLASH_RE.sub("/", text)
    text = _SPACES.sub(" ", text).strip()
    return _THE.sub("", text)


@cache
def concepts() -> tuple[Concept, ...]:
    """Every concept of the scheme, in a stable order (kind, slug)."""
    graph = Graph().parse(SCHEME_PATH, format="turtle")
    found: list[Concept] = []
    for subject in graph.subjects(RDF.type, _CONCEPT):
        iri = str(subject)
        if not iri.startswith(_BASE):
            continue
        kind, _, slug = iri[len(_BASE) :].partition("/")
        if kind not in _KINDS:
            continue
        pref = str(graph.value(subject, SKOS.prefLabel))
        alts = sorted(str(a) for a in graph.objects(subject, SKOS.altLabel))
        years = sorted(int(str(e).rsplit("/", 1)[1]) for e in graph.objects(subject, _EDITION))
        found.append(Concept(kind, slug, pref, (pref, *alts), tuple(years)))
    return tuple(sorted(found, key=lambda c: (c.kind, c.slug)))


@cache
def by_label() -> dict[str, tuple[Concept, ...]]:
    """Normalised label → the concepts it names (two for an ambiguous label: "expectations")."""
    table: dict[str, list[Concept]] = {}
    for concept in concepts():
        for label in concept.labels:
            bucket = table.setdefault(normalise(label), [])
            if concept not in bucket:
                bucket.append(concept)
    for label, found in list(table.items()):  # "cultural identities" as "cultural identity"
        other = other_number(label)
        if other is not None and other not in table:
            table[other] = list(found)
    return {label: tuple(found) for label, found in table.items()}


_COMPOUND = re.compile(r"\b(?:of|to|and|or|in|with|for)\b|/")


def other_number(label: str) -> str | None:
    """The label with its last word in the other number ("cultural identity" ↔ "cultural
    identities", "coping style" ↔ "coping styles"); None for a label whose last word is not its
    head ("stages of change") or has no regular other form."""
    if _COMPOUND.search(label) or not label[-1:].isalpha():
        return None
    head, _, last = label.rpartition(" ")
    start = f"{head} " if head else ""
    if last.endswith("ies") and len(last) > 4:
        return f"{start}{last[:-3]}y"
    if last.endswith(("ss", "us", "is")):
        return None
    if last.endswith("s"):
        return f"{start}{last[:-1]}"
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return f"{start}{last[:-1]}ies"
    if last.endswith(("sh", "ch", "x", "z")):
        return f"{start}{last}es"
    return f"{start}{last}s"


@cache
def _by_slug() -> dict[tuple[str, str], Concept]:
    return {(c.kind, c.slug): c for c in concepts()}


@cache
def same_label_in_edition(kind: str, slug: str, edition: int | None) -> Concept | None:
    """The concept of the other kind with the same slug, when this one was not graded in
    `edition` and that one was: bare "expectations" in 2011 is the adaptation (the element,
    cultivating positive expectations, is 2019's). None otherwise."""
    concept = _by_slug().get((kind, slug))
    if edition is None or concept is None or edition in concept.editions:
        return None
    other = _by_slug().get(("adaptation" if kind == "element" else "element", slug))
    return other if other is not None and edition in other.editions else None


@cache
def successor(kind: str, slug: str) -> Concept | None:
    """The one concept that took over a label the later editions no longer graded on its own:
    2002's "feedback" → 2011's "collecting client feedback" (a concept of the same kind, graded
    in a later edition, one of whose labels ends in this concept's preferred label). None when
    the concept was graded after 2002, or when no such concept or more than one exists."""
    concept = _by_slug().get((kind, slug))
    if concept is None or not concept.editions or max(concept.editions) > 2002:
        return None
    head = normalise(concept.pref_label)
    found = [
        other
        for other in concepts()
        if other.kind == kind
        and other is not concept
        and any(e > 2002 for e in other.editions)
        and any(normalise(label).endswith(" " + head) for label in other.labels)
    ]
    return found[0] if len(found) == 1 else None


_SEPARATOR = r"[\s\-‐‑–]+"
_SLASH = r"\s*/\s*"
_AND = "(?:and|&)"


def _atoms(label: str) -> list[str]:
    """A normalised label as regex atoms: letters, any run of spaces or hyphens between words,
    spaces around `/`, `&` for `and`."""
    atoms: list[str] = []
    for index, word in enumerate(label.split(" ")):
        if index:
            atoms.append(_SEPARATOR)
        if word == "and":
            atoms.append(_AND)
            continue
        for part_index, part in enumerate(word.split("/")):
            if part_index:
                atoms.append(_SLASH)
            atoms.extend("['’]" if char == "'" else re.escape(char) for char in part)
    return atoms


def _trie_pattern(labels: list[str]) -> str:
    """One pattern for many labels, shared prefixes factored out (a trie), so a position that
    starts no label fails at once; the longest label at a position is tried first."""
    trie: dict[str, Any] = {}
    for label in labels:
        node = trie
        for atom in _atoms(label):
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # a label may end here

    return emit(trie)


@cache
def label_re() -> re.Pattern[str]:
    """Every label of the scheme, longest first, as whole words (a label inside a longer word
    or hyphenated compound is no mention)."""
    return re.compile(
        rf"(?<![\w/-])(?:{_trie_pattern(list(by_label()))})(?![\w/]|-\w)", re.IGNORECASE
    )


def lookup(text: str) -> tuple[Concept, ...]:
    """The concepts a written label names (none when the scheme does not know it)."""
    return by_label().get(normalise(text), ())


def aliases(kind: str) -> dict[str, tuple[str, ...]]:
    """The lexicon's older table form: a canonical name whose slug is the concept's slug → every
    spelling (lower case). Kept for the modules that canonicalise by table."""
    table: dict[str, tuple[str, ...]] = {}
    for concept in concepts():
        if concept.kind != kind:
            continue
        canonical = next(
            (label.casefold() for label in concept.labels if slugify(label) == concept.slug),
            concept.slug.replace("-", " "),
        )
        table[canonical] = tuple(dict.fromkeys(label.casefold() for label in concept.labels))
    return table
