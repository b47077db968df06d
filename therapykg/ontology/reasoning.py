"""OWL reasoning with HermiT (through owlready2): the reference the rule engine is tested against.

The default reasoner is rules.py, a rule engine compiled from the ontology's own axioms: it gives
the same triples as this module, tested triple for triple on the bundled corpus and on generated
articles, about thirty times faster, because HermiT's cost is not the JVM. Measured on one batch
of generated articles (2 busy cores): the JVM start, the ontology load and its classification
take about 5 s whatever the data, and every article adds about 3.5 s more of realisation, growing
faster than the data (10 articles: 72 s). A long-lived HermiT fed batch after batch would save
only the first part: still hours at 10,000 articles. This module stays for what only a complete
OWL reasoner does: proving the ontology consistent and classifying it (a test checks the rules'
class hierarchy against HermiT's), reasoning with equality (`therapykg reason --hermit`), and
being the reference in tests/graph/test_reason.py.

`reason(data)` runs HermiT over the ontology plus `data` and returns only what is new: members of
the defined classes (DemonstrablyEffectiveElement, LLMTaggedStatement, T1BackedStatement …), the
transitive `tkg:influencedBy` closure, `tkg:achievedGrade` from the property chain, inverse
values (`tkg:isGradedIn`, `tkg:roleIn`) and super-property values (`prov:wasDerivedFrom`).
It never returns an asserted triple, a fact about the ontology's own terms, or a trivial type
(owl:Thing, owl:NamedIndividual).

What HermiT sees. Only the triples that can take part in an inference: `rdf:type` to a class the
ontology declares, values of the object properties it declares, and the data properties its class
definitions use (`tkg:llmTagged`). Text, numbers and dates infer nothing here, would only slow
HermiT down, and may use datatypes outside the OWL 2 datatype map (xsd:date, xsd:gYear); SHACL
checks them instead (see validation.py).

Gaps in what comes back. HermiT's property report leaves out a pair that holds for a sub-property
(so `tkg:directlyInfluencedBy` edges never come back as `tkg:influencedBy`), owlready2 drops a
value whose inverse is asserted (so `tkg:isGradedIn` never comes back), and HermiT names only the
most specific type. `_entailed_values` adds exactly what OWL entails for these: super-property
values, inverse values, and the defined superclasses of each inferred type.

`tkg:llmTagged value true`: HermiT classifies this data-value restriction correctly once the
literal is a real xsd:boolean (owlready2 writes it back as one); the tests pin that, so no SPARQL
fallback is needed.

Scale (DESIGN.md, "Reasoning at scale"): every defined class depends only on facts inside one
article, so `reason_in_parts` reasons over batches of article graphs and then computes what
crosses articles, the transitive lineage, with networkx over all parts. HermiT's time grows
faster than its input (realisation tests carry the whole ABox, and the grade and tier nominals
tie the articles together): measured on a 2-core machine with the JVM on C1, one run over 6
articles took about 7 CPU-seconds, over 24 articles about 46, while 24 articles in batches of
about 3,000 reasoner triples (five articles) took about 21, one article per run about 31. So the
default batch is 3,000 triples, and batches run in parallel worker processes: roughly one
CPU-second per article, which is tens of minutes of CPU for thousands of articles, divided by
the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from tempfile import TemporaryDirectory

import networkx as nx
import owlready2
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from therapykg.errors import InconsistentError, ReasonerError
from therapykg.ontology import load_ontology_graph
from therapykg.ontology.vocab import TKG_IRI

TKG_INFLUENCED_BY = URIRef(TKG_IRI + "influencedBy")
TKG_DIRECTLY_INFLUENCED_BY = URIRef(TKG_IRI + "directlyInfluencedBy")
INSTALL_HINT = (
    "HermiT needs Java 8 or later. Install it (Debian/Ubuntu: `apt-get install -y "
    "default-jre-headless`), or point THERAPYKG_JAVA (or owlready2.JAVA_EXE) at a java executable."
)
_TRIVIAL_TYPES = frozenset({OWL.Thing, OWL.NamedIndividual, OWL.Nothing})
_INFERENCES_IRI = "http://inferrences/"  # owlready2's name (sic) for where sync_reasoner writes
DEFAULT_BATCH_TRIPLES = 3_000  # about five articles: the fastest batch measured (module docstring)
_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS"
_JIT_OPTION = "-XX:TieredStopAtLevel=1"


def reason(data: Graph, *, java: str | None = None) -> Graph:
    """Run HermiT over the ontology plus `data`; return only the new, non-trivial triples.

    Raises ReasonerError when Java is missing or HermiT fails, and InconsistentError (naming the
    individuals to blame) when the data contradicts the ontology.
    """
    java_exe = find_java(java)
    ontology = load_ontology_graph()
    facts = reasoning_input(ontology, data)
    raw = _run_hermit(ontology, facts, java_exe)
    inferred = _new_triples(raw, asserted=data, ontology=ontology)
    classified = ontology + _subclass_axioms(raw)
    inferred += _entailed_values(classified, data, inferred)
    return inferred


def reason_in_parts(
    parts: Iterable[Graph],
    *,
    java: str | None = None,
    batch_triples: int = DEFAULT_BATCH_TRIPLES,
    workers: int | None = None,
) -> Graph:
    """Reason over article graphs a batch at a time, then close the lineage across all of them.

    Each batch holds whole parts, up to about `batch_triples` reasoner-relevant triples: HermiT's
    time grows faster than the data, so a few articles per run beat both one article per run
    (JVM start-up dominates) and one run for everything. Batches run in up to `workers` processes
    (default: the CPU count, at most 4), or in this process when there is only one. The defined
    classes are filled per batch; `tkg:influencedBy` is then closed over every part's edges.
    """
    java_exe = find_java(java)
    batches = _batches(load_ontology_graph(), parts, batch_triples)
    inferred = Graph()
    edges: set[tuple[URIRef, URIRef]] = set()
    asserted: set[tuple[URIRef, URIRef]] = set()
    for batch_edges, batch_asserted, new in _reason_batches(batches, java_exe, workers):
        inferred += new
        edges |= batch_edges | _lineage_edges(new)
        asserted |= batch_asserted
    for subject, influence in _closure(edges) - asserted:
        inferred.add((subject, TKG_INFLUENCED_BY, influence))
    return inferred


def _subclass_axioms(raw: Graph) -> Graph:
    """HermiT's class hierarchy, which holds what the definitions entail (T1-backed ⊑ sourced)."""
    axioms = Graph()
    for triple in raw.triples((None, RDFS.subClassOf, None)):
        axioms.add(triple)
    return axioms


def find_java(java: str | None = None) -> str:
    """The java executable to run HermiT with: `java`, else THERAPYKG_JAVA, else `java` on PATH.

    Checked up front, because owlready2 would otherwise fail with a bare FileNotFoundError.
    """
    candidate = java or os.environ.get("THERAPYKG_JAVA") or owlready2.JAVA_EXE or "java"
    found = shutil.which(candidate)
    if found is None:
        raise ReasonerError(f"Java not found (tried {candidate!r}). {INSTALL_HINT}")
    return found


def reasoning_input(ontology: Graph, data: Graph) -> Graph:
    """The triples of `data` that can take part in an OWL inference (see the module docstring)."""
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    object_properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    data_properties = _restricted_data_properties(ontology)
    kept = Graph()
    for subject, predicate, obj in data:
        if isinstance(subject, BNode):
            continue
        typed = predicate == RDF.type and obj in classes
        linked = predicate in object_properties and isinstance(obj, URIRef)
        valued = predicate in data_properties and isinstance(obj, Literal)
        if typed or linked or valued:
            kept.add((subject, predicate, obj))
    return kept


def _restricted_data_properties(ontology: Graph) -> set[URIRef]:
    """Data properties that some class restriction uses: the only literals HermiT needs."""
    declared = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    used = set(ontology.objects(None, OWL.onProperty))
    return {prop for prop in declared & used if isinstance(prop, URIRef)}


def _run_hermit(ontology: Graph, facts: Graph, java_exe: str) -> Graph:
    """Load both graphs into a fresh owlready2 World, run HermiT, and return what it added."""
    with TemporaryDirectory(prefix="therapykg-reason-") as tmp:
        folder = Path(tmp)
        out = folder / "inferred.nt"
        world = owlready2.World()
        try:
            with _quiet_owlready():
                _load(world, ontology, folder / "ontology.nt")
                _load(world, facts, folder / "data.nt")
                _sync(world, java_exe, ontology, facts)
                world.get_ontology(_INFERENCES_IRI).save(file=str(out), format="ntriples")
        finally:
            world.close()
        return Graph().parse(out, format="nt")


def _load(world: owlready2.World, graph: Graph, path: Path) -> None:
    """Hand a graph to owlready2 through an N-Triples file, its fastest parser."""
    graph.serialize(destination=path, format="nt", encoding="utf-8")
    world.get_ontology(path.as_uri()).load()


def _sync(world: owlready2.World, java_exe: str, ontology: Graph, facts: Graph) -> None:
    """Run HermiT, translating owlready2's errors into therapykg's."""
    try:
        with _java_settings(java_exe):
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as error:
        raise _inconsistent(error, ontology, facts) from error
    except (owlready2.OwlReadyJavaError, OSError) as error:
        raise ReasonerError(f"HermiT could not run: {error}. {INSTALL_HINT}") from error


@contextmanager
def _java_settings(java_exe: str) -> Iterator[None]:
    """Point owlready2 at `java_exe`, and make the JVM compile with C1 only while HermiT runs.

    owlready2 builds the java command line itself, so the JIT option travels in
    JAVA_TOOL_OPTIONS. A HermiT run lasts seconds, and the optimising compiler spends more than
    it saves in that time: C1 alone ran the bundled corpus about 1.5 times faster here. Both are
    process-wide settings, restored afterwards; do not reason from two threads at once.
    """
    previous_exe, previous_options = owlready2.JAVA_EXE, os.environ.get(_TOOL_OPTIONS)
    owlready2.JAVA_EXE = java_exe
    os.environ[_TOOL_OPTIONS] = f"{previous_options or ''} {_JIT_OPTION}".strip()
    try:
        yield
    finally:
        owlready2.JAVA_EXE = previous_exe
        if previous_options is None:
            del os.environ[_TOOL_OPTIONS]
        else:
            os.environ[_TOOL_OPTIONS] = previous_options


@contextmanager
def _quiet_owlready() -> Iterator[None]:
    """owlready2 warns about IRIs it renames; those warnings are noise for a throwaway World."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", owlready2.OwlReadyWarning)
        yield


GRADED_ITEMS = URIRef("https://w3id.org/therapykg/id/scheme/graded-items")


def ontology_terms(ontology: Graph) -> set[Node]:
    """The ontology's own terms: every subject but the scheme's graded items."""
    items = set(ontology.subjects(SKOS.inScheme, GRADED_ITEMS))
    return {s for s in ontology.subjects() if s not in items}


def _new_triples(raw: Graph, *, asserted: Graph, ontology: Graph) -> Graph:
    """Drop from HermiT's output what was asserted, what is about ontology terms, and trivia.

    The graded items of the concept scheme (graded_items.ttl, loaded with the ontology) are the
    graph's shared element and adaptation nodes, not ontology terms: what is inferred about them
    (DemonstrablyEffectiveElement, achievedGrade) is kept."""
    own_terms = ontology_terms(ontology)
    new = Graph()
    for triple in raw:
        subject, predicate, obj = triple
        if subject in own_terms or isinstance(subject, BNode) or isinstance(obj, BNode):
            continue
        if predicate == RDF.type and obj in _TRIVIAL_TYPES:
            continue
        if predicate in (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf):
            continue
        if predicate == RDF.type and obj == OWL.Ontology:
            continue
        if triple not in asserted:
            new.add(triple)
    return new


def _entailed_values(ontology: Graph, asserted: Graph, inferred: Graph) -> Graph:
    """Values HermiT leaves out of its report: super-properties first, then inverses.

    HermiT's property report omits a pair that already holds for a sub-property, and owlready2
    drops a pair whose inverse is asserted (see the module docstring). Both are plain OWL
    entailments, so they are added here, followed by the defined superclasses of each new type.
    """
    added = Graph()
    for sub, sup in _property_pairs(ontology, RDFS.subPropertyOf, symmetric=False):
        _copy_values(sub, sup, (asserted, inferred), asserted, added, invert=False)
    for prop, inverse in _property_pairs(ontology, OWL.inverseOf, symmetric=True):
        _copy_values(prop, inverse, (asserted, inferred, added), asserted, added, invert=True)
    _add_defined_superclasses(ontology, inferred, asserted, added)
    return added


def _property_pairs(
    ontology: Graph, axis: URIRef, *, symmetric: bool
) -> list[tuple[URIRef, URIRef]]:
    """(p, q) for each `p axis q` between named properties; sub-properties closed transitively."""
    digraph: nx.DiGraph[URIRef] = nx.DiGraph()
    for first, second in ontology.subject_objects(axis):
        if isinstance(first, URIRef) and isinstance(second, URIRef):
            digraph.add_edge(first, second)
            if symmetric:
                digraph.add_edge(second, first)
    if symmetric:
        return list(digraph.edges())
    return [(p, q) for p in digraph.nodes for q in nx.descendants(digraph, p)]


def _copy_values(
    source_prop: URIRef,
    target_prop: URIRef,
    sources: tuple[Graph, ...],
    asserted: Graph,
    into: Graph,
    *,
    invert: bool,
) -> None:
    """Add `s target o` (or `o target s` when inverting) for every `s source o` in `sources`."""
    for graph in sources:
        for subject, obj in list(graph.subject_objects(source_prop)):
            if not (isinstance(subject, URIRef) and isinstance(obj, URIRef)):
                continue
            triple = (obj, target_prop, subject) if invert else (subject, target_prop, obj)
            if triple not in asserted:
                into.add(triple)


def _add_defined_superclasses(
    ontology: Graph, inferred: Graph, asserted: Graph, into: Graph
) -> None:
    """HermiT reports only the most specific type; a T1-backed statement is also a sourced one.

    Only defined classes (those with owl:equivalentClass) are added, so the inferences stay
    about the classes people query, not every named superclass.
    """
    defined = set(ontology.subjects(OWL.equivalentClass))
    supers = _superclasses(ontology)
    for individual, cls in list(inferred.subject_objects(RDF.type)):
        if not isinstance(cls, URIRef):
            continue
        for sup in supers.get(cls, set()) & defined - {cls}:
            if (individual, RDF.type, sup) not in asserted:
                into.add((individual, RDF.type, sup))


# --- parts, batches, workers and the cross-article lineage --------------------------------------

Edges = set[tuple[URIRef, URIRef]]


def _batches(ontology: Graph, parts: Iterable[Graph], limit: int) -> Iterator[Graph]:
    """Group whole parts into graphs of about `limit` reasoner-relevant triples."""
    batch, size = Graph(), 0
    for part in parts:
        relevant = reasoning_input(ontology, part)
        if size and size + len(relevant) > limit:
            yield batch
            batch, size = Graph(), 0
        batch += part
        size += len(relevant)
    if len(batch):
        yield batch


def _reason_batches(
    batches: Iterator[Graph], java_exe: str, workers: int | None
) -> Iterator[tuple[Edges, Edges, Graph]]:
    """(lineage edges, asserted influences, inferred triples) for each batch, in any order."""
    first, second = next(batches, None), next(batches, None)
    if first is None:
        return
    if second is None:
        yield _lineage_edges(first), _asserted_influences(first), reason(first, java=java_exe)
        return
    count = workers or min(os.cpu_count() or 1, 4)
    yield from _in_processes(chain([first, second], batches), java_exe, count)


def _in_processes(
    batches: Iterable[Graph], java_exe: str, workers: int
) -> Iterator[tuple[Edges, Edges, Graph]]:
    """Reason over batches in worker processes, keeping at most two batches per worker in flight.

    Processes, not threads: owlready2 keeps process-wide state, and JAVA_EXE is global. Batches
    travel as N-Triples text; "spawn" gives each worker a clean interpreter.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[tuple[Edges, Edges, Future[tuple[str, str, list[str]]]]] = deque()
        for batch in batches:
            text = batch.serialize(format="nt", encoding="utf-8").decode("utf-8")
            job = pool.submit(_reason_text, text, java_exe)
            pending.append((_lineage_edges(batch), _asserted_influences(batch), job))
            if len(pending) >= 2 * workers:
                yield _collect(*pending.popleft())
        while pending:
            yield _collect(*pending.popleft())


def _reason_text(ntriples: str, java_exe: str) -> tuple[str, str, list[str]]:
    """A worker's job: reason over N-Triples text; ("ok", inferred N-Triples, []) or an error.

    An InconsistentError comes back as ("inconsistent", message, culprits), because pickling an
    exception keeps only its message.
    """
    try:
        inferred = reason(Graph().parse(data=ntriples, format="nt"), java=java_exe)
    except InconsistentError as error:
        return "inconsistent", str(error), error.culprits
    return "ok", inferred.serialize(format="nt", encoding="utf-8").decode("utf-8"), []


def _collect(
    edges: Edges, asserted: Edges, job: Future[tuple[str, str, list[str]]]
) -> tuple[Edges, Edges, Graph]:
    """A finished worker job as the in-process path gives it; errors are raised again here."""
    status, text, culprits = job.result()
    if status == "inconsistent":
        raise InconsistentError(text, culprits)
    return edges, asserted, Graph().parse(data=text, format="nt")


def _lineage_edges(graph: Graph) -> set[tuple[URIRef, URIRef]]:
    """Every asserted or inferred influence edge in `graph`, direct or not."""
    edges: set[tuple[URIRef, URIRef]] = set()
    for prop in (TKG_DIRECTLY_INFLUENCED_BY, TKG_INFLUENCED_BY):
        for subject, obj in graph.subject_objects(prop):
            if isinstance(subject, URIRef) and isinstance(obj, URIRef):
                edges.add((subject, obj))
    return edges


def _asserted_influences(graph: Graph) -> set[tuple[URIRef, URIRef]]:
    """influencedBy edges a part states outright, which the closure must not repeat."""
    return {
        (s, o)
        for s, o in graph.subject_objects(TKG_INFLUENCED_BY)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }


def _closure(edges: set[tuple[URIRef, URIRef]]) -> set[tuple[URIRef, URIRef]]:
    """The transitive closure; a lineage cycle yields self-loops, as OWL transitivity does."""
    digraph: nx.DiGraph[URIRef] = nx.DiGraph()
    digraph.add_edges_from(edges)
    return set(nx.transitive_closure(digraph).edges())


# --- explaining an inconsistency ---------------------------------------------------------------


def _inconsistent(error: Exception, ontology: Graph, facts: Graph) -> InconsistentError:
    """An InconsistentError naming what HermiT rejected and the individuals to blame.

    HermiT only says "inconsistent"; the culprits come from cheap checks of what OWL 2 forbids
    most often here: an individual in two disjoint classes (after domains, ranges and superclasses,
    so HermiT puts it in owl:Nothing), two different values of a functional property, and a
    literal outside its property's datatype (the string "true" for tkg:llmTagged).
    `InconsistentError.culprits` lists the individuals' IRIs; the message says why for each.
    """
    blamed = [
        *_disjoint_culprits(ontology, facts),
        *_functional_culprits(ontology, facts),
        *_datatype_culprits(ontology, facts),
    ]
    reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    message = f"HermiT found the ontology and data inconsistent ({reason})."
    if blamed:
        message += " To blame:\n" + "\n".join(f"  <{iri}> {why}" for iri, why in blamed)
    else:
        message += " No single individual could be blamed; run `therapykg validate` first."
    culprits = list(dict.fromkeys(str(iri) for iri, _ in blamed))
    return InconsistentError(message, culprits)


def _disjoint_culprits(ontology: Graph, facts: Graph) -> list[tuple[URIRef, str]]:
    """Individuals whose types (asserted, by domain or range, superclasses) are disjoint."""
    supers = _superclasses(ontology)
    disjoint = _disjoint_pairs(ontology)
    culprits = []
    for individual, types in sorted(_types(ontology, facts).items()):
        closed = set().union(*(supers.get(t, {t}) for t in types))
        clashes = sorted({tuple(sorted(pair)) for pair in disjoint if pair <= closed})
        for first, second in clashes:
            why = f"is a {_short(first)} and a {_short(second)}, which are disjoint: owl:Nothing"
            culprits.append((individual, why))
    return culprits


def _types(ontology: Graph, facts: Graph) -> dict[URIRef, set[URIRef]]:
    """Each individual's named types: asserted, and those the domains and ranges give."""
    domains = _named(ontology, RDFS.domain)
    ranges = _named(ontology, RDFS.range)
    types: dict[URIRef, set[URIRef]] = {}
    for subject, predicate, obj in facts:
        if not isinstance(subject, URIRef):
            continue
        if predicate == RDF.type and isinstance(obj, URIRef):
            types.setdefault(subject, set()).add(obj)
            continue
        if predicate in domains:
            types.setdefault(subject, set()).add(domains[predicate])
        if predicate in ranges and isinstance(obj, URIRef):
            types.setdefault(obj, set()).add(ranges[predicate])
    return types


def _named(ontology: Graph, axis: URIRef) -> dict[Node, URIRef]:
    """Property → named class for rdfs:domain or rdfs:range (unions are skipped)."""
    return {
        prop: cls
        for prop, cls in ontology.subject_objects(axis)
        if isinstance(prop, URIRef) and isinstance(cls, URIRef)
    }


def _superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class with all its named superclasses, itself included."""
    digraph: nx.DiGraph[URIRef] = nx.DiGraph()
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            digraph.add_edge(sub, sup)
    return {node: {node, *nx.descendants(digraph, node)} for node in digraph.nodes}


def _disjoint_pairs(ontology: Graph) -> set[frozenset[URIRef]]:
    """Every pair of named classes the ontology declares disjoint."""
    pairs: set[frozenset[URIRef]] = set()
    for first, second in ontology.subject_objects(OWL.disjointWith):
        if isinstance(first, URIRef) and isinstance(second, URIRef):
            pairs.add(frozenset((first, second)))
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [m for m in _list(ontology, group, OWL.members) if isinstance(m, URIRef)]
        pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}
    return pairs


def _functional_culprits(ontology: Graph, facts: Graph) -> list[tuple[URIRef, str]]:
    """Individuals with two values of a functional property that cannot be the same thing."""
    different = _declared_different(ontology)
    culprits: list[tuple[URIRef, str]] = []
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.FunctionalProperty)), key=str):
        for subject in sorted(set(facts.subjects(prop)), key=str):
            values = sorted(set(facts.objects(subject, prop)), key=str)
            if isinstance(subject, URIRef) and len(values) > 1 and _all_distinct(values, different):
                shown = ", ".join(_short(v) for v in values)
                why = f"has different values of the functional {_short(prop)}: {shown}"
                culprits.append((subject, why))
    return culprits


def _datatype_culprits(ontology: Graph, facts: Graph) -> list[tuple[URIRef, str]]:
    """Individuals with a literal whose datatype is not the range of its data property."""
    ranges = _named(ontology, RDFS.range)
    culprits: list[tuple[URIRef, str]] = []
    for subject, predicate, obj in sorted(facts, key=str):
        wanted = ranges.get(predicate)
        if isinstance(subject, URIRef) and isinstance(obj, Literal) and wanted is not None:
            actual = obj.datatype or XSD.string
            if actual != wanted:
                why = f"has {_short(predicate)} {obj.n3()}, not an {_short(wanted)}"
                culprits.append((subject, why))
    return culprits


def _short(term: object) -> str:
    """tkg:Name for vocabulary, the full IRI (or literal) for anything else."""
    text = str(term)
    if text.startswith(str(XSD)):
        return "xsd:" + text[len(str(XSD)) :]
    return "tkg:" + text[len(TKG_IRI) :] if text.startswith(TKG_IRI) else f"<{text}>"


def _all_distinct(values: Sequence[Node], different: set[frozenset[Node]]) -> bool:
    """Literals differ by value; IRIs only when declared different (no unique-name assumption)."""
    if all(isinstance(v, Literal) for v in values):
        return True
    return all(
        frozenset((a, b)) in different for i, a in enumerate(values) for b in values[i + 1 :]
    )


def _declared_different(ontology: Graph) -> set[frozenset[Node]]:
    """Every pair of individuals an owl:AllDifferent in the ontology separates."""
    pairs: set[frozenset[Node]] = set()
    for group in ontology.subjects(RDF.type, OWL.AllDifferent):
        members = _list(ontology, group, OWL.distinctMembers)
        pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}
    return pairs


def _list(graph: Graph, node: Node, prop: URIRef) -> list[Node]:
    """The RDF list that `node` points at through `prop`."""
    head = graph.value(subject=node, predicate=prop)
    return list(graph.items(head)) if head is not None else []
