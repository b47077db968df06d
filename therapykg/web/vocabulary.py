"""The ontology's terms as the web needs them: labels, definitions, classes and properties.

Read once from the shipped ontology files (not the store), so property names on entity pages, the
ontology page and the editor's completions work on an empty store and cost no query per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from therapykg.ontology.files import ontology_quads
from therapykg.ontology.vocab import OWL, PREFIXES, RDF, RDFS, SKOS, TKG_IRI, base_iri

_CLASS_TYPES = {OWL.Class.value, RDFS.Class.value}
_PROPERTY_TYPES = {
    OWL.ObjectProperty.value,
    OWL.DatatypeProperty.value,
    OWL.AnnotationProperty.value,
    RDF.Property.value,
}


@dataclass(frozen=True, slots=True)
class Term:
    iri: str
    label: str
    definition: str
    kind: str  # "class", "property" or "individual"

    @property
    def curie(self) -> str:
        return curie(self.iri)


def curie(iri: str) -> str:
    """`tkg:Grading` for a project IRI; the IRI itself when no project prefix fits."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def compact(iri: str) -> str:
    """`prefix:local` for the project prefixes and `id:` for the data base, else the IRI."""
    names = {**PREFIXES, "id": base_iri()}
    for prefix, namespace in sorted(names.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def expand(name: str) -> str:
    """The IRI a prefixed name stands for (`tkg:isGradedIn`, `id:element/alliance`, the prefixes
    `compact` writes); anything else is given back as it is."""
    prefix, colon, local = name.partition(":")
    namespace = {**PREFIXES, "id": base_iri()}.get(prefix) if colon else None
    return namespace + local if namespace is not None and local else name


@cache
def terms() -> dict[str, Term]:
    """Every IRI the ontology files describe, by IRI."""
    labels: dict[str, str] = {}
    definitions: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for quad in ontology_quads():
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode):
            continue
        key = subject.value
        if predicate == RDFS.label.value and isinstance(obj, ox.Literal):
            labels.setdefault(key, obj.value)
        elif predicate in (SKOS.definition.value, RDFS.comment.value) and isinstance(
            obj, ox.Literal
        ):
            definitions.setdefault(key, obj.value)
        elif predicate == RDF.type.value and isinstance(obj, ox.NamedNode):
            if obj.value in _CLASS_TYPES:
                kinds[key] = "class"
            elif obj.value in _PROPERTY_TYPES:
                kinds.setdefault(key, "property")
            else:
                kinds.setdefault(key, "individual")
    return {
        iri: Term(iri, labels.get(iri, ""), definitions.get(iri, ""), kinds.get(iri, "individual"))
        for iri in set(labels) | set(kinds)
    }


def label(iri: str) -> str | None:
    """The ontology's label for `iri`, if it has one."""
    term = terms().get(iri)
    return term.label if term is not None and term.label else None


def project_terms(kind: str) -> list[Term]:
    """The ontology's own (`tkg:`) classes or properties, sorted by name."""
    found = [t for t in terms().values() if t.kind == kind and t.iri.startswith(TKG_IRI)]
    return sorted(found, key=lambda t: t.iri)


def completions() -> dict[str, object]:
    """What the editor completes from: prefixes, and every class and property with a name."""
    classes = sorted(t.iri for t in terms().values() if t.kind == "class")
    properties = sorted(t.iri for t in terms().values() if t.kind == "property")
    return {"prefixes": dict(PREFIXES), "classes": classes, "properties": properties}
