"""A small rule engine compiled from the ontology's own axioms: the default reasoner.

`RuleEngine.from_ontology(graph)` reads the axioms of therapykg.ttl and turns each into a rule;
`engine.infer(triples)` applies them to one part (an article's graph and what it states about
shared nodes) until nothing new follows, and returns what HermiT returns for the same part
(reasoning.py): the new, non-trivial types and object-property values. Nothing in here names a
class or property of ours; change the ontology and the rules change with it.

The axiom forms it reads, and what each gives:

    C rdfs:subClassOf D                  x a C  ->  x a D
    C owl:equivalentClass E              x a C  ->  x a (each named part of E), x p v (each
                                         `p value v` of E); and x a C when x satisfies E
    E: a named class, owl:intersectionOf, owl:hasValue, owl:someValuesFrom (nested)
    p rdfs:subPropertyOf q               x p y  ->  x q y
    p owl:inverseOf q                    x p y  ->  y q x   (both ways)
    q owl:propertyChainAxiom (p1 .. pn)  x p1 .. pn y  ->  x q y
    p a owl:TransitiveProperty           x p y, y p z  ->  x p z
    p rdfs:domain / rdfs:range C         x p y  ->  x a C / y a C   (a named C)
    consistency: owl:disjointWith, owl:AllDisjointClasses, owl:FunctionalProperty with
    owl:AllDifferent, a domain or range that is an owl:unionOf, datatype ranges

Any other OWL construct (owl:allValuesFrom, cardinalities, owl:complementOf, owl:oneOf, a union
anywhere but a domain or range, owl:SymmetricProperty …) raises ReasonerError when the engine is
built: an ontology the rules do not cover fails loudly instead of inferring less than HermiT.

What HermiT reports, and so what `infer` returns (the equivalence test in
tests/ontology/test_rules.py compares them triple for triple): for each individual its most
specific entailed named types not already stated, plus every defined class (one with
owl:equivalentClass) above one of those; every entailed value of a declared object property
between two IRIs not already stated. Nothing about the ontology's own terms (the graded items
of graded_items.ttl are data), no owl:Thing. The class hierarchy used for "most specific" is the
stated one (rdfs:subClassOf and the named parts of definitions); a test checks that HermiT's
classification of the ontology finds no subsumption beyond it.

Consistency. HermiT proves inconsistency in general; the engine checks the forms this ontology
can violate, on the entailed types and values: an individual in two disjoint classes, one outside
every member of a union its domain or range requires, two values of a functional property that
are declared different (or two different literals), a literal of the wrong datatype. Those raise
InconsistentError naming the individuals, as HermiT's path does. One thing it does not do is
merge individuals: two values of a functional property that are *not* declared different make
OWL conclude they are the same thing (HermiT would merge them and carry on, or find the merge
inconsistent). The engine raises ReasonerError naming them instead (SHACL flags such data too);
`therapykg reason --hermit` reasons with equality.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from therapykg.errors import InconsistentError, ReasonerError
from therapykg.ontology.vocab import TKG_IRI

TYPE = str(RDF.type)
THING = str(OWL.Thing)
GRADED_ITEMS = "https://w3id.org/therapykg/id/scheme/graded-items"
_BOOLEAN, _INTEGER = str(XSD.boolean), str(XSD.integer)
_NONE: frozenset[str] = frozenset()
_TRIVIAL = frozenset({THING, str(OWL.NamedIndividual), str(OWL.Nothing)})


class Lit(NamedTuple):
    """A literal by value: its canonical lexical form and its datatype IRI."""

    lexical: str
    datatype: str


Term = str | Lit  # an IRI, or a literal
Triple = tuple[str, str, Term]

# The OWL vocabulary the engine understands; anything else in the ontology is refused.
_OWL_PREDICATES = frozenset(
    str(OWL[name])
    for name in [
        *("equivalentClass", "intersectionOf", "unionOf", "onProperty", "hasValue"),
        *("someValuesFrom", "inverseOf", "propertyChainAxiom", "disjointWith", "members"),
        *("distinctMembers", "versionIRI", "versionInfo", "imports"),
    ]
)
_OWL_TYPES = frozenset(
    str(OWL[name])
    for name in [
        *("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty"),
        *("FunctionalProperty", "TransitiveProperty", "Restriction", "NamedIndividual"),
        *("Ontology", "AllDisjointClasses", "AllDifferent"),
    ]
)


def canonical(literal: Literal) -> Lit:
    """An rdflib literal as the engine compares it (`lit`)."""
    return lit(str(literal), str(literal.datatype or XSD.string), literal.language)


def lit(lexical: str, datatype: str, language: str | None = None) -> Lit:
    """A literal as HermiT compares it: by value for booleans and integers, else as written."""
    if language:
        return Lit(f"{lexical}@{language.lower()}", str(RDF.langString))
    if datatype == _BOOLEAN and lexical in ("1", "0"):
        lexical = "true" if lexical == "1" else "false"
    elif datatype == _INTEGER and lexical.lstrip("+-").isdigit():
        lexical = str(int(lexical))
    return Lit(lexical, datatype)


@dataclass(frozen=True, slots=True)
class Expr:
    """A class expression the engine tests: named classes, `p value v`, `p some E`, all at once."""

    named: frozenset[str] = frozenset()
    values: tuple[tuple[str, Term], ...] = ()
    somes: tuple[tuple[str, Expr], ...] = ()

    def __and__(self, other: Expr) -> Expr:
        return Expr(self.named | other.named, self.values + other.values, self.somes + other.somes)


@dataclass(slots=True)
class RuleEngine:
    """The ontology's axioms as rules; build with `from_ontology`."""

    classes: frozenset[str]
    object_properties: frozenset[str]
    data_properties: frozenset[str]  # only those a class definition restricts
    supers: dict[str, frozenset[str]]  # each class with all its named superclasses, itself too
    definitions: list[tuple[str, Expr]]  # C ≡ E
    implied: dict[str, Expr]  # what membership of C gives: C ⊑ E (named parts, values, somes)
    property_supers: dict[str, frozenset[str]]  # strict super-properties, closed
    inverses: dict[str, frozenset[str]]
    chains: list[tuple[tuple[str, ...], str]]
    transitive: frozenset[str]
    domains: dict[str, frozenset[str]]
    ranges: dict[str, frozenset[str]]
    datatype_ranges: dict[str, str]
    unions: list[tuple[str, bool, frozenset[str]]]  # (property, on the object?, union members)
    disjoint: frozenset[frozenset[str]]
    functional: frozenset[str]
    different: frozenset[frozenset[Term]]
    own_terms: frozenset[str]
    defined: frozenset[str]
    ontology_facts: frozenset[Triple] = frozenset()
    base: State | None = None
    triggers: dict[str, list[tuple[str, Expr]]] = field(default_factory=dict)
    disjoint_with: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cls, expr in self.definitions:
            if expr.named:  # every named part must hold: one of them is enough to trigger on
                self.triggers.setdefault(min(expr.named), []).append((cls, expr))
        others: dict[str, set[str]] = {}
        for first, second in (tuple(pair) for pair in self.disjoint):
            others.setdefault(first, set()).add(second)
            others.setdefault(second, set()).add(first)
        self.disjoint_with = {cls: frozenset(found) for cls, found in others.items()}

    @classmethod
    def from_ontology(cls, ontology: Graph) -> RuleEngine:
        """Compile the rules; ReasonerError when the ontology uses a form they do not cover."""
        _refuse_unsupported(ontology)
        reader = _Reader(ontology)
        engine = reader.engine()
        facts = frozenset(engine.relevant(_rdflib_triples(ontology)))
        engine.ontology_facts = facts
        engine.base = engine.closure(State(engine), facts)
        return engine

    def relevant(self, triples: Iterable[Triple]) -> Iterator[Triple]:
        """The triples that can take part in an inference (as reasoning.reasoning_input keeps)."""
        classes, objects, data = self.classes, self.object_properties, self.data_properties
        for triple in triples:
            _, predicate, obj = triple
            if predicate == TYPE:
                if obj in classes:
                    yield triple
            elif isinstance(obj, Lit):
                if predicate in data:
                    yield triple
            elif predicate in objects:
                yield triple

    def infer(self, triples: Iterable[Triple]) -> set[Triple]:
        """What follows from one part and the ontology that neither states (see the docstring).

        Raises InconsistentError when the part contradicts the ontology, ReasonerError when OWL
        would merge two individuals (the engine does not).
        """
        stated = set(self.relevant(triples))
        state = self.closure(self.base.copy() if self.base else State(self), stated)
        self.check(state, stated)
        return self.report(state, stated)

    # --- the fixpoint ---------------------------------------------------------------------------

    def closure(self, state: State, facts: Iterable[Triple]) -> State:
        """`state` with `facts` added and every rule applied until nothing new follows.

        The rules of one fact (super-properties, inverses, domains, ranges, superclasses, what a
        class implies) run as it is added (State.add); the joins run here, until a round adds
        nothing.
        """
        for subject, predicate, obj in facts:
            state.add(subject, predicate, obj)
        while True:
            before = state.size
            self._joins(state)
            self._definitions(state)
            if state.size == before:
                return state

    def _joins(self, state: State) -> None:
        for chain, target in self.chains:
            for subject, ends in _walk(state, chain):
                for end in ends:
                    state.add(subject, target, end)
        for prop in self.transitive:
            pairs = state.edges.get(prop, {})
            for subject in list(pairs):
                for reached in reachable(pairs, subject):
                    state.add(subject, prop, reached)

    def _definitions(self, state: State) -> None:
        triggers = self.triggers
        for individual, types in list(state.types.items()):
            for cls in list(types):
                for defined, expr in triggers.get(cls, ()):
                    if defined not in types and _satisfies(state, individual, expr):
                        state.add_type(individual, defined)
        for defined, expr in self.definitions:
            if not expr.named:  # no named part to trigger on: try every subject of its property
                for individual in _subjects(state, expr):
                    if _satisfies(state, individual, expr):
                        state.add_type(individual, defined)

    # --- what is reported ----------------------------------------------------------------------

    def report(self, state: State, stated: set[Triple]) -> set[Triple]:
        """The new triples, as HermiT's path reports them (module docstring)."""
        known = stated | self.ontology_facts
        new: set[Triple] = set()
        for individual, types in state.types.items():
            if individual in self.own_terms:
                continue
            entailed = types - _TRIVIAL
            direct = {c for c in entailed if not self._below(c, entailed)}
            fresh = {c for c in direct if (individual, TYPE, c) not in known}
            above = {d for c in fresh for d in self.supers.get(c, ()) if d in self.defined}
            for cls in fresh | above:
                if (individual, TYPE, cls) not in stated:
                    new.add((individual, TYPE, cls))
        for prop, pairs in state.edges.items():
            for subject, objects in pairs.items():
                if subject in self.own_terms:
                    continue
                for obj in objects:
                    if (subject, prop, obj) not in known:
                        new.add((subject, prop, obj))
        return new

    def _below(self, cls: str, types: set[str]) -> bool:
        """Whether some other of `types` is strictly more specific than `cls`."""
        mine = self.supers.get(cls, frozenset({cls}))
        return any(
            other != cls and cls in self.supers.get(other, ()) and other not in mine
            for other in types
        )

    # --- consistency ---------------------------------------------------------------------------

    def check(self, state: State, stated: set[Triple]) -> None:
        """Raise InconsistentError (or ReasonerError for a merge) as the module docstring says."""
        blamed = [*self._disjoint(state), *self._union(state), *self._datatypes(stated)]
        merged: list[str] = []
        for individual, why, merge in self._functional(state):
            if merge:
                merged.append(why)
            else:
                blamed.append((individual, why))
        if blamed:
            lines = "\n".join(f"  <{iri}> {why}" for iri, why in blamed)
            message = f"The rules found the ontology and data inconsistent. To blame:\n{lines}"
            raise InconsistentError(message, list(dict.fromkeys(iri for iri, _ in blamed)))
        if merged:
            raise ReasonerError(
                "OWL would merge individuals here, which the rule engine does not do:\n"
                + "\n".join(f"  {why}" for why in merged)
                + "\nFix the data (`therapykg validate` names it), or run `therapykg reason "
                "--hermit`, which reasons with equality."
            )

    def _disjoint(self, state: State) -> Iterator[tuple[str, str]]:
        disjoint_with = self.disjoint_with
        for individual, types in sorted(state.types.items()):
            if str(OWL.Nothing) in types:
                yield individual, "is in owl:Nothing"
            clashes = {
                (min(a, b), max(a, b)) for a in types for b in disjoint_with.get(a, _NONE) & types
            }
            for first, second in sorted(clashes):
                yield (
                    individual,
                    (f"is a {short(first)} and a {short(second)}, which are disjoint: owl:Nothing"),
                )

    def _excluded(self, types: set[str], cls: str) -> bool:
        """Whether an individual of `types` cannot be a `cls` (a superclass of it is disjoint)."""
        return any(self.disjoint_with.get(sup, frozenset()) & types for sup in self.supers[cls])

    def _union(self, state: State) -> Iterator[tuple[str, str]]:
        for prop, on_object, members in self.unions:
            pairs = state.edges.get(prop, {})
            ends = {o for objects in pairs.values() for o in objects} if on_object else set(pairs)
            for individual in sorted(ends):
                types = state.types.get(individual, set())
                if members and all(self._excluded(types, m) for m in members):
                    shown = " or ".join(short(m) for m in sorted(members))
                    side = "range" if on_object else "domain"
                    yield individual, f"cannot be a {shown}, as the {side} of {short(prop)} says"

    def _functional(self, state: State) -> Iterator[tuple[str, str, bool]]:
        for prop in sorted(self.functional):
            for subject, objects in sorted(state.edges.get(prop, {}).items()):
                if len(objects) > 1:
                    values = sorted(objects)
                    shown = ", ".join(short(v) for v in values)
                    if self._all_different(values):
                        why = f"has different values of the functional {short(prop)}: {shown}"
                        yield subject, why, False
                    else:
                        yield subject, f"<{subject}> {short(prop)} {shown}", True
            for subject, literals in sorted(state.values.get(prop, {}).items()):
                if len(literals) > 1:
                    shown = ", ".join(sorted(f'"{v.lexical}"' for v in literals))
                    yield (
                        subject,
                        f"has different values of the functional {short(prop)}: {shown}",
                        False,
                    )

    def _all_different(self, values: list[str]) -> bool:
        return all(
            frozenset((a, b)) in self.different
            for i, a in enumerate(values)
            for b in values[i + 1 :]
        )

    def _datatypes(self, stated: set[Triple]) -> Iterator[tuple[str, str]]:
        for subject, prop, obj in sorted(stated, key=str):
            wanted = self.datatype_ranges.get(prop)
            if isinstance(obj, Lit) and wanted is not None and obj.datatype != wanted:
                literal = f'"{obj.lexical}"^^<{obj.datatype}>'
                yield subject, f"has {short(prop)} {literal}, not an {short(wanted)}"


@dataclass(slots=True)
class State:
    """What one part entails so far: types, object-property values, literal values.

    Adding a fact applies at once the rules that need that fact alone (RuleEngine.closure).
    """

    rules: RuleEngine
    types: dict[str, set[str]] = field(default_factory=dict)
    edges: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    values: dict[str, dict[str, set[Lit]]] = field(default_factory=dict)
    size: int = 0

    def copy(self) -> State:
        return State(
            self.rules,
            {k: set(v) for k, v in self.types.items()},
            {p: {s: set(o) for s, o in pairs.items()} for p, pairs in self.edges.items()},
            {p: {s: set(o) for s, o in pairs.items()} for p, pairs in self.values.items()},
            self.size,
        )

    def add(self, subject: str, predicate: str, obj: Term) -> None:
        rules = self.rules
        if predicate == TYPE:
            assert isinstance(obj, str)
            self.add_type(subject, obj)
            return
        if isinstance(obj, Lit):
            bucket: set[Lit] = self.values.setdefault(predicate, {}).setdefault(subject, set())
            if obj in bucket:
                return
            bucket.add(obj)
        else:
            targets = self.edges.setdefault(predicate, {}).setdefault(subject, set())
            if obj in targets:
                return
            targets.add(obj)
            for cls in rules.ranges.get(predicate, ()):
                self.add_type(obj, cls)
            for inverse in rules.inverses.get(predicate, ()):
                self.add(obj, inverse, subject)
        self.size += 1
        for cls in rules.domains.get(predicate, ()):
            self.add_type(subject, cls)
        for sup in rules.property_supers.get(predicate, ()):
            self.add(subject, sup, obj)

    def add_type(self, individual: str, cls: str) -> None:
        types = self.types.setdefault(individual, set())
        if cls in types:
            return
        rules = self.rules
        for sup in rules.supers.get(cls, (cls,)):
            if sup in types:
                continue
            types.add(sup)
            self.size += 1
            implied = rules.implied.get(sup)
            if implied is not None:
                for prop, value in implied.values:
                    self.add(individual, prop, value)
                for prop, _ in implied.somes:  # the witness is anonymous: its domain only
                    for domain in rules.domains.get(prop, ()):
                        self.add_type(individual, domain)


def _satisfies(state: State, individual: str, expr: Expr) -> bool:
    if expr.named and not expr.named <= state.types.get(individual, set()):
        return False
    for prop, value in expr.values:
        found: set[str] | set[Lit]
        if isinstance(value, Lit):
            found = state.values.get(prop, {}).get(individual, set())
        else:
            found = state.edges.get(prop, {}).get(individual, set())
        if value not in found:
            return False
    for prop, filler in expr.somes:
        objects = state.edges.get(prop, {}).get(individual, set())
        if not any(_satisfies(state, obj, filler) for obj in objects):
            return False
    return True


def _subjects(state: State, expr: Expr) -> set[str]:
    props = [p for p, _ in expr.values] + [p for p, _ in expr.somes]
    if not props:
        return set(state.types)
    return set(state.edges.get(props[0], {})) | set(state.values.get(props[0], {}))


def _walk(state: State, chain: tuple[str, ...]) -> Iterator[tuple[str, set[str]]]:
    """(x, every y) such that x chain[0] … chain[-1] y."""
    for subject, firsts in list(state.edges.get(chain[0], {}).items()):
        current = set(firsts)
        for prop in chain[1:]:
            pairs = state.edges.get(prop, {})
            current = {o for node in current for o in pairs.get(node, ())}
        if current:
            yield subject, current


def reachable(pairs: dict[str, set[str]], start: str) -> set[str]:
    """Every node reachable from `start` over `pairs` (not `start` itself unless on a cycle)."""
    seen: set[str] = set()
    todo = list(pairs.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(pairs.get(node, ()))
    return seen


# --- reading the ontology -----------------------------------------------------------------------


def _refuse_unsupported(ontology: Graph) -> None:
    """ReasonerError for any OWL term the rules do not cover, or a union outside domain/range."""
    for subject, predicate, obj in ontology:
        if str(predicate).startswith(str(OWL)) and str(predicate) not in _OWL_PREDICATES:
            _unsupported(f"{short(predicate)} (on {_show(subject)})")
        if predicate == RDF.type and str(obj).startswith(str(OWL)) and str(obj) not in _OWL_TYPES:
            _unsupported(f"{_show(subject)} a {short(obj)}")
    for node in ontology.subjects(OWL.unionOf):
        uses = set(ontology.predicates(None, node))
        if not uses <= {RDFS.domain, RDFS.range}:
            _unsupported(f"owl:unionOf used by {', '.join(sorted(short(u) for u in uses))}")


def _unsupported(what: str) -> None:
    raise ReasonerError(
        f"The rule engine does not support {what} in the ontology. Teach therapykg/ontology/"
        "rules.py the form (and check it against HermiT), or run `therapykg reason --hermit`."
    )


class _Reader:
    """Reads the supported axioms out of the ontology graph."""

    def __init__(self, ontology: Graph) -> None:
        self.g = ontology

    def engine(self) -> RuleEngine:
        g = self.g
        classes = frozenset(
            str(c) for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)
        )
        objects = frozenset(_iris(g.subjects(RDF.type, OWL.ObjectProperty)))
        declared_data = frozenset(_iris(g.subjects(RDF.type, OWL.DatatypeProperty)))
        restricted = frozenset(_iris(g.objects(None, OWL.onProperty))) & declared_data
        definitions: list[tuple[str, Expr]] = []
        implied: dict[str, Expr] = {}
        edges: dict[str, set[str]] = {c: set() for c in classes}
        for cls, expression in g.subject_objects(OWL.equivalentClass):
            if not isinstance(cls, URIRef):
                _unsupported(f"an owl:equivalentClass whose subject is {_show(cls)}")
            expr = self.expression(expression)
            definitions.append((str(cls), expr))
            implied[str(cls)] = implied.get(str(cls), Expr()) & expr
            edges.setdefault(str(cls), set()).update(expr.named)
            if isinstance(expression, URIRef):  # C ≡ D: each is below the other
                edges.setdefault(str(expression), set()).add(str(cls))
        for sub, sup in g.subject_objects(RDFS.subClassOf):
            if not isinstance(sub, URIRef):
                _unsupported(f"an rdfs:subClassOf whose subject is {_show(sub)}")
            expr = self.expression(sup)
            edges.setdefault(str(sub), set()).update(expr.named)
            if expr.values or expr.somes:
                implied[str(sub)] = implied.get(str(sub), Expr()) & expr
        domains, unions = self.named_or_union(RDFS.domain, on_object=False)
        ranges, range_unions = self.named_or_union(RDFS.range, on_object=True)
        return RuleEngine(
            classes=classes,
            object_properties=objects,
            data_properties=restricted,
            supers=_closed(edges),
            definitions=definitions,
            implied=implied,
            property_supers=self.property_supers(),
            inverses=self.inverses(),
            chains=self.chains(),
            transitive=frozenset(_iris(g.subjects(RDF.type, OWL.TransitiveProperty))),
            domains=domains,
            ranges={p: c for p, c in ranges.items() if p in objects},
            datatype_ranges={
                p: next(iter(c)) for p, c in ranges.items() if p in declared_data and len(c) == 1
            },
            unions=unions + range_unions,
            disjoint=self.disjoint(),
            functional=frozenset(_iris(g.subjects(RDF.type, OWL.FunctionalProperty))),
            different=self.different(),
            own_terms=self.own_terms(),
            defined=frozenset(str(c) for c, _ in definitions),
        )

    def expression(self, node: Node) -> Expr:
        g = self.g
        if isinstance(node, URIRef):
            return Expr() if str(node) == THING else Expr(named=frozenset({str(node)}))
        members = g.value(node, OWL.intersectionOf)
        if members is not None:
            result = Expr()
            for member in g.items(members):
                result = result & self.expression(member)
            return result
        prop = g.value(node, OWL.onProperty)
        value, filler = g.value(node, OWL.hasValue), g.value(node, OWL.someValuesFrom)
        if isinstance(prop, URIRef) and (value is None) != (filler is None):
            if value is not None:
                term: Term = canonical(value) if isinstance(value, Literal) else str(value)
                return Expr(values=((str(prop), term),))
            assert filler is not None
            return Expr(somes=((str(prop), self.expression(filler)),))
        shown = ", ".join(sorted(short(p) for p in g.predicates(node)))
        _unsupported(f"the class expression [{shown}]")
        raise AssertionError  # unreachable: _unsupported raises

    def named_or_union(
        self, axis: URIRef, *, on_object: bool
    ) -> tuple[dict[str, frozenset[str]], list[tuple[str, bool, frozenset[str]]]]:
        named: dict[str, set[str]] = {}
        unions: list[tuple[str, bool, frozenset[str]]] = []
        for prop, cls in self.g.subject_objects(axis):
            if isinstance(cls, URIRef):
                named.setdefault(str(prop), set()).add(str(cls))
                continue
            members = self.g.value(cls, OWL.unionOf)
            if members is None:
                _unsupported(f"the {short(axis)} of {short(prop)}, neither named nor a union")
            items = frozenset(str(m) for m in self.list(members))
            unions.append((str(prop), on_object, items))
        return {p: frozenset(c) for p, c in named.items()}, unions

    def property_supers(self) -> dict[str, frozenset[str]]:
        edges: dict[str, set[str]] = {}
        for sub, sup in self.g.subject_objects(RDFS.subPropertyOf):
            edges.setdefault(str(sub), set()).add(str(sup))
        return {p: supers - {p} for p, supers in _closed(edges).items()}

    def inverses(self) -> dict[str, frozenset[str]]:
        pairs: dict[str, set[str]] = {}
        for first, second in self.g.subject_objects(OWL.inverseOf):
            if not (isinstance(first, URIRef) and isinstance(second, URIRef)):
                _unsupported("an owl:inverseOf of an anonymous property")
            pairs.setdefault(str(first), set()).add(str(second))
            pairs.setdefault(str(second), set()).add(str(first))
        return {p: frozenset(q) for p, q in pairs.items()}

    def chains(self) -> list[tuple[tuple[str, ...], str]]:
        chains = []
        for target, head in self.g.subject_objects(OWL.propertyChainAxiom):
            links = tuple(str(p) for p in self.g.items(head))
            chains.append((links, str(target)))
        return chains

    def disjoint(self) -> frozenset[frozenset[str]]:
        pairs = {frozenset((str(a), str(b))) for a, b in self.g.subject_objects(OWL.disjointWith)}
        for group in self.g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = [str(m) for m in self.list(self.g.value(group, OWL.members))]
            pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}
        return frozenset(pairs)

    def different(self) -> frozenset[frozenset[Term]]:
        pairs: set[frozenset[Term]] = set()
        for group in self.g.subjects(RDF.type, OWL.AllDifferent):
            members = [str(m) for m in self.list(self.g.value(group, OWL.distinctMembers))]
            pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}
        return frozenset(pairs)

    def list(self, head: Node | None) -> list[Node]:
        return [] if head is None else list(self.g.items(head))

    def own_terms(self) -> frozenset[str]:
        items = set(self.g.subjects(SKOS.inScheme, URIRef(GRADED_ITEMS)))
        return frozenset(str(s) for s in self.g.subjects() if s not in items)


def _closed(edges: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Each node with everything it reaches, itself included."""
    return {node: frozenset({node} | reachable(edges, node)) for node in list(edges)}


def _iris(nodes: Iterable[Node]) -> Iterator[str]:
    return (str(n) for n in nodes if isinstance(n, URIRef))


def _show(node: Node) -> str:
    return "an anonymous node" if isinstance(node, BNode) else short(node)


def _rdflib_triples(graph: Graph) -> Iterator[Triple]:
    for subject, predicate, obj in graph:
        if isinstance(subject, URIRef) and not isinstance(obj, BNode):
            yield (
                str(subject),
                str(predicate),
                canonical(obj) if isinstance(obj, Literal) else str(obj),
            )


def triples_of(graph: Graph) -> Iterator[Triple]:
    """An rdflib graph's triples as the engine reads them (blank nodes infer nothing here)."""
    return _rdflib_triples(graph)


def as_graph(triples: Iterable[Triple]) -> Graph:
    """Inferred triples (IRIs only) as an rdflib Graph."""
    graph = Graph()
    for subject, predicate, obj in triples:
        assert isinstance(obj, str)
        graph.add((URIRef(subject), URIRef(predicate), URIRef(obj)))
    return graph


def short(term: object) -> str:
    """tkg:Name for vocabulary, xsd:name, the full IRI (or literal) for anything else."""
    text = str(term)
    if text.startswith(str(XSD)):
        return "xsd:" + text[len(str(XSD)) :]
    if text.startswith(str(OWL)):
        return "owl:" + text[len(str(OWL)) :]
    return "tkg:" + text[len(TKG_IRI) :] if text.startswith(TKG_IRI) else f"<{text}>"
