"""Gold names → the graph's identifiers, by the project's own normalisation.

- Graded items, scope items, problems, approaches and lineage relations: a SKOS concept whose
  `skos:prefLabel`, `skos:altLabel` or `skos:notation` is the name (compared without case, accents
  or punctuation), among the concepts of the ontology files (`therapykg/ontology/*.ttl`) of the
  right kind; else the project's slug rule, `shared(kind, name)` (`therapykg.ontology.iri`).
- People: first initial and surname (`person/b-wampold`), all initials for two people of one
  article who would share that slug, a lone surname as its own slug (docs/extraction.md, People).
- Grades and tiers: the ontology's individuals (`therapykg.ontology.vocab.grade`, `tier`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from therapykg.errors import TherapyKGError
from therapykg.graph.substitute import substitute
from therapykg.ontology import HERE as ONTOLOGY_DIR
from therapykg.ontology.iri import shared, slugify
from therapykg.ontology.vocab import PREFIXES

_CONCEPTS = """
SELECT DISTINCT ?concept ?label ?type WHERE {
  { ?concept a skos:Concept } UNION { ?concept skos:inScheme ?scheme }
  ?concept skos:prefLabel|skos:altLabel|skos:notation ?label .
  FILTER(isIRI(?concept))
  OPTIONAL { ?concept a ?type }
}
"""
# Properties of a grading that say its edition or year, and of a lineage link its relation.
_PROPERTIES = """
SELECT DISTINCT ?property WHERE {
  ?property rdfs:domain ?cls .
  FILTER(REGEX(STR(?property), ?words, "i"))
}
"""


def label_key(text: str) -> str:
    """A label compared without case, accents, quotes, dashes or spacing."""
    return slugify(text)


@dataclass(slots=True)
class ConceptIndex:
    """SKOS concepts by label, and which optional properties the ontology declares."""

    by_label: dict[str, set[str]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    edition_properties: tuple[str, ...] = ()
    relation_properties: tuple[str, ...] = ()

    def add(self, concept: str, label: str, cls: str | None = None) -> None:
        self.by_label.setdefault(label_key(label), set()).add(concept)
        if cls is not None:
            self.types.setdefault(concept, set()).add(cls)

    def lookup(self, name: str, kinds: Sequence[str], classes: Sequence[str] = ()) -> str | None:
        """The concept labelled `name` whose IRI has a `/{kind}/` segment or whose type is one
        of `classes` (tkg: local names), preferring the kinds in order; None if none."""
        found = self.by_label.get(label_key(name), set())
        for kind in kinds:
            fitting = sorted(c for c in found if f"/{kind}/" in c)
            if fitting:
                return fitting[0]
        typed = sorted(
            c for c in found if any(t.rsplit("#", 1)[-1] in classes for t in self.types.get(c, ()))
        )
        return typed[0] if typed else None

    def is_concept(self, iri: str) -> bool:
        return any(iri in found for found in self.by_label.values())


def ontology_files(directory: Path = ONTOLOGY_DIR) -> list[Path]:
    """Every Turtle file of the ontology package (the ontology, its alignment, concept schemes)."""
    return sorted(directory.glob("*.ttl"))


@cache
def default_index() -> ConceptIndex:
    return concept_index(ontology_files())


def concept_index(files: Iterable[Path]) -> ConceptIndex:
    """The concepts and optional properties the given Turtle files declare."""
    store = ox.Store()
    for path in files:
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (OSError, SyntaxError) as exc:
            raise TherapyKGError(f"{path}: cannot read the ontology file: {exc}") from exc
    index = ConceptIndex()
    solutions = store.query(_CONCEPTS, prefixes=PREFIXES)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        concept, label, cls = row["concept"], row["label"], row["type"]
        if isinstance(concept, ox.NamedNode) and isinstance(label, ox.Literal):
            index.add(
                concept.value, label.value, cls.value if isinstance(cls, ox.NamedNode) else None
            )
    tkg = PREFIXES["tkg"]
    index.edition_properties = _properties(store, tkg + "Grading", "edition|year")
    index.relation_properties = _properties(store, tkg + "LineageLink", "relation")
    return index


def _properties(store: ox.Store, cls: str, words: str) -> tuple[str, ...]:
    bound: dict[str, ox.NamedNode | ox.Literal] = {
        "cls": ox.NamedNode(cls),
        "words": ox.Literal(words),
    }
    solutions = store.query(substitute(_PROPERTIES, bound), prefixes=PREFIXES)
    assert isinstance(solutions, ox.QuerySolutions)
    return tuple(
        sorted(
            row["property"].value for row in solutions if isinstance(row["property"], ox.NamedNode)
        )
    )


# -- the identifiers ------------------------------------------------------------------------------

_ITEM_CLASSES = {"element": "RelationshipElement", "adaptation": "ResponsivenessAdaptation"}
_SCOPE_CLASSES = {
    "population": ("ClientPopulation",),
    "condition": ("Condition",),
    "problem": ("ClinicalProblem",),
    "framework": ("PsychotherapyApproach", "Framework", "Theory"),
}


def item_iri(index: ConceptIndex, name: str, kind: str) -> str:
    """A graded item or SMART mechanism: its concept, preferring the gold's kind; else its slug."""
    kinds = [kind, *(k for k in _ITEM_CLASSES if k != kind)]
    concept = index.lookup(name, kinds, [_ITEM_CLASSES[k] for k in kinds])
    if concept is None:  # "cohesion in group therapy", "cohesion (in group therapy)": the item,
        # its context after it
        head = _ITEM_CONTEXT.split(name.replace("(", "").replace(")", ""), maxsplit=1)[0]
        if head != name:
            concept = index.lookup(head, kinds, [_ITEM_CLASSES[k] for k in kinds])
    return concept or shared(kind, name).value


_ITEM_CONTEXT = re.compile(r"\s+(?:in|for|with|among)\s+", re.IGNORECASE)


def node_iri(index: ConceptIndex, name: str, kind: str) -> str:
    """A population, condition, problem or approach: its concept, else `shared(kind, name)`."""
    concept = index.lookup(name, [kind], _SCOPE_CLASSES.get(kind, ()))
    return concept or shared(kind, name).value


def relation_id(index: ConceptIndex, value: str, *, iri: bool = False) -> str:
    """A lineage relation as one identifier: its concept when one is labelled so, an IRI's
    local name in kebab case, else the slug of the words ("influenced by" → influenced-by)."""
    concept = index.lookup(value, ["relation", "lineage-relation"], ["LineageRelation"])
    if concept:
        return concept
    if iri:
        if index.is_concept(value):
            return value
        local = re.split(r"[/#]", value)[-1]
        return slugify(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local))
    return slugify(value)


# -- people -------------------------------------------------------------------------------------

_HONORIFICS = {"dr", "prof", "professor", "mr", "mrs", "ms", "sir", "dame"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}
_PARTICLES = {"de", "van", "von", "der", "den", "du", "la", "le", "di", "da", "del", "dos", "ten"}


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name as initials and surname, the parts the slug rule reads."""

    initials: tuple[str, ...]
    surname: str

    @property
    def base_slug(self) -> str:
        if self.initials:
            return slugify(f"{self.initials[0]} {self.surname}")
        return slugify(self.surname)

    @property
    def full_slug(self) -> str:
        return slugify(" ".join([*self.initials, self.surname]))

    def compatible(self, other: PersonName) -> bool:
        shorter, longer = sorted((self.initials, other.initials), key=len)
        return longer[: len(shorter)] == shorter


def parse_name(name: str) -> PersonName:
    """ "Bruce E. Wampold", "B. E. Wampold", "Wampold, B. E.", "Bordin" → initials and surname."""
    text = unicodedata.normalize("NFC", name).strip()
    text = re.sub(r"(?:’s|'s|’|')$", "", text)
    if "," in text:
        surname, _, rest = text.partition(",")
        tokens = [t for t in re.split(r"[\s.]+", rest) if t]
        initials = tuple(t[0].upper() for t in tokens if t.casefold().strip(".") not in _SUFFIXES)
        return PersonName(initials, surname.strip())
    tokens = [t for t in text.split() if t.casefold().strip(".") not in _HONORIFICS]
    while len(tokens) > 1 and tokens[-1].casefold().strip(".,") in _SUFFIXES:
        tokens.pop()
    if not tokens:
        return PersonName((), text)
    cut = len(tokens) - 1
    # "de Shazer", "van der Kolk", and "Welmers-van de Poll" (a particle joined by a hyphen)
    while cut > 1 and tokens[cut - 1].casefold().rsplit("-", 1)[-1] in _PARTICLES:
        cut -= 1
    surname = " ".join(tokens[cut:])
    initials = tuple(
        letter.upper() for token in tokens[:cut] for letter in re.findall(r"[^\W\d_]", token)[:1]
    )
    return PersonName(initials, surname)


def person_iris(names: Iterable[str], distinct: Iterable[str] = ()) -> dict[str, str]:
    """Each name → its person IRI, by the slug rule applied to one article's names together.

    `distinct` are names the gold lists as different people (its `people`): two of them that
    would share a slug are two people who share it, so they take all their initials too.
    """
    parsed = {name: parse_name(name) for name in [*names, *distinct]}
    bases = [parse_name(name).base_slug for name in dict.fromkeys(distinct)]
    shared_bases = {base for base in bases if bases.count(base) > 1}
    by_surname: dict[str, list[PersonName]] = {}
    for person in parsed.values():
        by_surname.setdefault(slugify(person.surname), []).append(person)
    found: dict[str, str] = {}
    for name, person in parsed.items():
        same = by_surname[slugify(person.surname)]
        if not person.initials:
            # a lone surname is the article's one person of that surname when there is one
            known = {p.base_slug for p in same if p.initials}
            slug = known.pop() if len(known) == 1 else person.base_slug
        else:
            first = [p for p in same if p.initials and p.initials[0] == person.initials[0]]
            clash = any(not p.compatible(q) for p in first for q in first)
            clash = clash or person.base_slug in shared_bases
            # two people who would share the slug take all their initials; a name that fits
            # both ("Jerome Frank" beside J. D. and J. B. Frank) is merged with neither
            slug = person.full_slug if clash else person.base_slug
        found[name] = shared("person", slug).value
    return found
