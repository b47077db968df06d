"""The SHACL shapes read into Python, checked one focus node at a time against any data source.

pySHACL (`validation.validate`) needs the whole data graph in one rdflib Graph, which a store
of 10,000 articles (16 M quads) cannot be copied into. This module reads shapes.ttl once into
`Shape` objects and checks a focus node by asking a `Data` for the values of a node on a path,
so that the store can answer from its indexes, a few articles at a time
(`therapykg.graph.validate`). It implements the SHACL Core components shapes.ttl uses, with
pySHACL's reading of each (which value a result names, how a literal's datatype is checked, how
a blank node fares against a pattern), so that both give the same results; `compile_shapes`
raises `UnsupportedShape` for anything else, so a new kind of constraint in shapes.ttl fails
loudly instead of passing unchecked. SPARQL-based constraints are kept as their query text: the
store runs them (`SparqlConstraint`).

    targets         sh:targetClass (with subclasses), sh:targetSubjectsOf
    paths           a predicate, or sh:alternativePath of predicates
    components      minCount maxCount datatype class in hasValue pattern minInclusive nodeKind
                    minLength xone or not property, and sh:sparql (run by the store)

    >>> shapes = compile_shapes()
    >>> sorted(s.name.rsplit("#", 1)[1] for s in shapes if s.name.endswith("ReferenceShape"))
    ['ReferenceShape']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Protocol

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from therapykg.errors import UnsupportedShape
from therapykg.ontology import load_shapes_graph

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_XSD_STRING = ox.NamedNode(str(XSD.string))
_LANG_STRING = ox.NamedNode(str(RDF.langString))
_NODE_KINDS: dict[str, tuple[type, ...]] = {
    "IRI": (ox.NamedNode,),
    "BlankNode": (ox.BlankNode,),
    "Literal": (ox.Literal,),
    "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),
    "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    "IRIOrLiteral": (ox.NamedNode, ox.Literal),
}
# what a shape may say besides its constraints: read elsewhere, or only documentation
_IGNORED = {
    RDF.type, rdflib.RDFS.comment, rdflib.RDFS.label, SH.message, SH.severity, SH.path,
    SH.targetClass, SH.targetSubjectsOf, SH.property, SH.sparql, SH.name, SH.description,
    SH.declare, rdflib.OWL.imports,
}  # fmt: skip


class Data(Protocol):
    """Where the checker reads the data: the distinct values of a node on a predicate, across
    every graph, and which classes are subclasses (by rdfs:subClassOf*) of a class."""

    def objects(self, node: Term, predicate: ox.NamedNode) -> Sequence[Term]: ...

    def subclasses(self, cls: ox.NamedNode) -> frozenset[ox.NamedNode]: ...


@dataclass(frozen=True, slots=True)
class Violation:
    """One result of one shape: the focus node, and the value and path it names, if any."""

    shape: Shape
    component: str  # e.g. "MinCountConstraintComponent"
    focus: Term
    value: Term | None
    path: str | None
    messages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SparqlConstraint:
    """A sh:sparql constraint: its SELECT (with the shapes' prefixes) and its messages."""

    select: str
    messages: tuple[str, ...]


@dataclass(eq=False, slots=True)
class Shape:
    """A node shape (no path) or a property shape: its constraints, nested property shapes and
    SPARQL constraints, and the targets that make it a top-level shape."""

    name: str  # the shape's IRI, or a blank node's id
    path: tuple[ox.NamedNode, ...] | None = None  # alternatives; one predicate for most
    path_text: str | None = None  # as a result names it
    severity: str = "Violation"
    messages: tuple[str, ...] = ()
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    referred: list[Shape] = field(default_factory=list)  # the shapes of sh:or, sh:xone, sh:not
    target_classes: tuple[ox.NamedNode, ...] = ()
    target_subjects_of: tuple[ox.NamedNode, ...] = ()

    @property
    def targeted(self) -> bool:
        return bool(self.target_classes or self.target_subjects_of)

    def values(self, focus: Term, data: Data) -> list[Term]:
        """The value nodes of `focus`: itself for a node shape, else its values on the path."""
        if self.path is None:
            return [focus]
        if len(self.path) == 1:
            return list(data.objects(focus, self.path[0]))
        found: dict[Term, None] = {}
        for predicate in self.path:
            found.update(dict.fromkeys(data.objects(focus, predicate)))
        return list(found)

    def check(self, focus: Term, data: Data) -> Iterator[Violation]:
        """Every result of this shape and its property shapes for `focus`, as pySHACL gives
        them (SPARQL constraints excepted: the store runs those)."""
        values = self.values(focus, data)
        for constraint in self.constraints:
            for value in constraint.failures(values, data):
                yield Violation(
                    self, constraint.component, focus, value, self.path_text, self.messages
                )
        for prop in self.properties:
            yield from prop.check(focus, data)

    def conforms(self, focus: Term, data: Data) -> bool:
        """Whether `focus` conforms to this shape (SPARQL constraints are not allowed here)."""
        values = self.values(focus, data)
        return all(
            next(iter(c.failures(values, data)), _NONE) is _NONE for c in self.constraints
        ) and all(p.conforms(focus, data) for p in self.properties)


_NONE = object()


@dataclass(frozen=True, slots=True)
class Constraint:
    """One constraint component with its parameter; `failures` yields the value each result
    names (None for a result about the focus node's values as a whole, as pySHACL gives)."""

    component: str
    failures: Callable[[list[Term], Data], Iterable[Term | None]]


def compile_shapes(shapes: rdflib.Graph | None = None) -> list[Shape]:
    """The shapes with targets (the shapes a validation starts from), read from `shapes`
    (shapes.ttl by default); UnsupportedShape for a constraint this module cannot check."""
    if shapes is None:
        return list(_shipped_shapes())
    return _Reader(shapes).targeted()


@cache
def _shipped_shapes() -> tuple[Shape, ...]:
    return tuple(_Reader(load_shapes_graph()).targeted())


class _Reader:
    """Reads shapes from an rdflib graph, each node once (shapes may share property shapes)."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self.read: dict[rdflib.term.Node, Shape] = {}

    def targeted(self) -> list[Shape]:
        g = self.graph
        nodes = {s for p in (SH.targetClass, SH.targetSubjectsOf) for s in g.subjects(p, None)}
        shapes = [self.shape(n) for n in sorted(nodes, key=str)]
        return shapes

    def shape(self, node: rdflib.term.Node) -> Shape:
        if node in self.read:
            return self.read[node]
        g = self.graph
        shape = Shape(name=str(node))
        self.read[node] = shape
        path = g.value(node, SH.path)
        if path is not None:
            shape.path, shape.path_text = self.path(path)
        severity = g.value(node, SH.severity)
        if severity is not None:
            shape.severity = str(severity).rsplit("#", 1)[-1]
        shape.messages = tuple(sorted(str(m) for m in g.objects(node, SH.message)))
        shape.target_classes = tuple(_iri(c) for c in g.objects(node, SH.targetClass))
        shape.target_subjects_of = tuple(_iri(p) for p in g.objects(node, SH.targetSubjectsOf))
        shape.properties = [self.shape(p) for p in g.objects(node, SH.property)]
        shape.sparql = [self.sparql(s) for s in g.objects(node, SH.sparql)]
        for predicate, value in sorted(g.predicate_objects(node)):
            if predicate not in _IGNORED:
                shape.constraints.append(self.constraint(shape, predicate, value))
        return shape

    def path(self, path: rdflib.term.Node) -> tuple[tuple[ox.NamedNode, ...], str]:
        if isinstance(path, rdflib.URIRef):
            return (ox.NamedNode(str(path)),), str(path)
        alternatives = self.graph.value(path, SH.alternativePath)
        items = list(Collection(self.graph, alternatives)) if alternatives is not None else []
        if not items or not all(isinstance(i, rdflib.URIRef) for i in items):
            raise UnsupportedShape(f"path {path}: only a predicate or an alternativePath of them")
        return tuple(ox.NamedNode(str(i)) for i in items), "|".join(f"<{i}>" for i in items)

    def sparql(self, node: rdflib.term.Node) -> SparqlConstraint:
        g = self.graph
        prologue = "".join(
            f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>\n"
            for ontology in g.objects(node, SH.prefixes)
            for d in g.objects(ontology, SH.declare)
        )
        select = g.value(node, SH.select)
        if select is None:
            raise UnsupportedShape(f"{node}: a SPARQL constraint without sh:select")
        messages = tuple(sorted(str(m) for m in g.objects(node, SH.message)))
        return SparqlConstraint(prologue + str(select), messages)

    def constraint(
        self, shape: Shape, predicate: rdflib.term.Node, value: rdflib.term.Node
    ) -> Constraint:
        name = str(predicate).rsplit("#", 1)[-1]
        make = _COMPONENTS.get(name)
        if make is None or str(predicate) != str(SH) + name:
            raise UnsupportedShape(
                f"{shape.name}: {predicate} is not a constraint therapykg checks"
            )
        component = "Xone" if name == "xone" else name[0].upper() + name[1:]
        if name in ("or", "xone"):
            shape.referred.extend(self.shapes_in(value))
        elif name == "not":
            shape.referred.append(self.shape(value))
        return Constraint(component + "ConstraintComponent", make(self, value))

    def shapes_in(self, node: rdflib.term.Node) -> list[Shape]:
        return [self.shape(item) for item in Collection(self.graph, node)]


Failures = Callable[[list[Term], Data], Iterable[Term | None]]


def _min_count(reader: _Reader, value: rdflib.term.Node) -> Failures:
    least = int(value)  # type: ignore[call-overload]
    return lambda values, _: [None] if len(values) < least else []


def _max_count(reader: _Reader, value: rdflib.term.Node) -> Failures:
    most = int(value)  # type: ignore[call-overload]
    return lambda values, _: [None] if len(values) > most else []


def _datatype(reader: _Reader, value: rdflib.term.Node) -> Failures:
    datatype = ox.NamedNode(str(value))
    return lambda values, _: [v for v in values if not _has_datatype(v, datatype)]


def _has_datatype(value: Term, datatype: ox.NamedNode) -> bool:
    """pySHACL's test: a literal of that datatype whose lexical form is valid for it."""
    if not isinstance(value, ox.Literal) or value.datatype != datatype:
        return False
    if datatype in (_XSD_STRING, _LANG_STRING):
        return True
    return _well_typed(value.value, datatype.value)


@lru_cache(maxsize=1 << 14)
def _well_typed(lexical: str, datatype: str) -> bool:
    literal = rdflib.Literal(lexical, datatype=rdflib.URIRef(datatype))
    if getattr(literal, "ill_typed", None) is True:
        return False
    kinds = _PYTHON_TYPES.get(datatype)
    return kinds is None or isinstance(literal.value, kinds)


def _python_types() -> dict[str, tuple[type, ...]]:
    from datetime import date, datetime, time

    return {
        str(XSD.integer): (int,),
        str(XSD.float): (float,),
        str(XSD.decimal): (Decimal,),
        str(XSD.boolean): (bool,),
        str(XSD.date): (date,),
        str(XSD.time): (time,),
        str(XSD.dateTime): (datetime,),
    }


_PYTHON_TYPES = _python_types()


def _class(reader: _Reader, value: rdflib.term.Node) -> Failures:
    cls = ox.NamedNode(str(value))
    return lambda values, data: [v for v in values if not _instance(v, cls, data)]


def _instance(value: Term, cls: ox.NamedNode, data: Data) -> bool:
    if isinstance(value, ox.Literal):
        return False
    wanted = data.subclasses(cls)
    return any(t in wanted for t in data.objects(value, _RDF_TYPE))


_RDF_TYPE = ox.NamedNode(str(RDF.type))


def _in(reader: _Reader, value: rdflib.term.Node) -> Failures:
    allowed = frozenset(_ox(item) for item in Collection(reader.graph, value))
    return lambda values, _: [v for v in values if v not in allowed]


def _has_value(reader: _Reader, value: rdflib.term.Node) -> Failures:
    wanted = _ox(value)
    return lambda values, _: [] if wanted in values else [None]


def _pattern(reader: _Reader, value: rdflib.term.Node) -> Failures:
    # sh:flags is not read: a shape that has it fails in `constraint` as unknown
    regex = re.compile(str(value))
    return lambda values, _: [
        v for v in values if isinstance(v, ox.BlankNode) or not regex.search(v.value)
    ]


def _min_inclusive(reader: _Reader, value: rdflib.term.Node) -> Failures:
    if not isinstance(value, rdflib.Literal):
        raise UnsupportedShape(f"sh:minInclusive {value}: not a literal")
    least = value
    return lambda values, _: [v for v in values if not _at_least(v, least)]


def _at_least(value: Term, least: rdflib.Literal) -> bool:
    """pySHACL's comparison: literals of comparable kinds, never a string against a number."""
    if not isinstance(value, ox.Literal):
        return False
    return _literal_at_least(value.value, value.datatype.value, value.language, least)


@lru_cache(maxsize=1 << 12)
def _literal_at_least(
    lexical: str, datatype: str, language: str | None, least: rdflib.Literal
) -> bool:
    if language:
        literal = rdflib.Literal(lexical, lang=language)
    else:
        literal = rdflib.Literal(lexical, datatype=rdflib.URIRef(datatype))
    if isinstance(least.value, str) != isinstance(literal.value, str):
        return False
    try:
        return bool(literal.eq(least) or literal > least)
    except (TypeError, NotImplementedError):
        return False


def python_value(term: Term) -> object:
    """A literal's value as rdflib gives it (an int for an xsd:integer); None for a node."""
    if not isinstance(term, ox.Literal) or term.language:
        return term.value if isinstance(term, ox.Literal) else None
    return _python_value(term.value, term.datatype.value)


@lru_cache(maxsize=1 << 12)
def _python_value(lexical: str, datatype: str) -> object:
    return rdflib.Literal(lexical, datatype=rdflib.URIRef(datatype)).toPython()


def _node_kind(reader: _Reader, value: rdflib.term.Node) -> Failures:
    kinds = _NODE_KINDS.get(str(value).rsplit("#", 1)[-1])
    if kinds is None:
        raise UnsupportedShape(f"sh:nodeKind {value}")
    return lambda values, _: [v for v in values if not isinstance(v, kinds)]


def _min_length(reader: _Reader, value: rdflib.term.Node) -> Failures:
    least = int(value)  # type: ignore[call-overload]
    return lambda values, _: [
        v for v in values if least > 0 and (isinstance(v, ox.BlankNode) or len(v.value) < least)
    ]


def _xone(reader: _Reader, value: rdflib.term.Node) -> Failures:
    shapes = reader.shapes_in(value)
    return lambda values, data: [v for v in values if sum(s.conforms(v, data) for s in shapes) != 1]


def _or(reader: _Reader, value: rdflib.term.Node) -> Failures:
    shapes = reader.shapes_in(value)
    return lambda values, data: [v for v in values if not any(s.conforms(v, data) for s in shapes)]


def _not(reader: _Reader, value: rdflib.term.Node) -> Failures:
    shape = reader.shape(value)
    return lambda values, data: [v for v in values if shape.conforms(v, data)]


_COMPONENTS: Mapping[str, Callable[[_Reader, rdflib.term.Node], Failures]] = {
    "minCount": _min_count,
    "maxCount": _max_count,
    "datatype": _datatype,
    "class": _class,
    "in": _in,
    "hasValue": _has_value,
    "pattern": _pattern,
    "minInclusive": _min_inclusive,
    "nodeKind": _node_kind,
    "minLength": _min_length,
    "xone": _xone,
    "or": _or,
    "not": _not,
}


def read_predicates(shapes: Iterable[Shape]) -> frozenset[ox.NamedNode]:
    """Every predicate a check of `shapes` reads a value on: their paths, those of their
    property shapes and of the shapes their sh:or, sh:xone and sh:not name, and rdf:type
    (sh:class). What a validation reads of a node it checks whole (`graph/validate.py`)."""
    found: set[ox.NamedNode] = {_RDF_TYPE}
    seen: set[int] = set()
    todo = list(shapes)
    while todo:
        shape = todo.pop()
        if id(shape) in seen:
            continue
        seen.add(id(shape))
        found.update(shape.path or ())
        todo.extend(shape.properties)
        todo.extend(shape.referred)
    return frozenset(found)


def _iri(term: rdflib.term.Node) -> ox.NamedNode:
    if not isinstance(term, rdflib.URIRef):
        raise UnsupportedShape(f"{term!r}: a target must be an IRI")
    return ox.NamedNode(str(term))


def _ox(term: rdflib.term.Node) -> Term:
    """An rdflib term as the pyoxigraph term it equals."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype or XSD.string
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))
    raise UnsupportedShape(f"{term!r}: not an RDF term of shapes.ttl")
