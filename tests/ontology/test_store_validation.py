"""The store's checker (graph/validate.py) gives exactly pySHACL's results.

`validation.validate` (pySHACL over one rdflib Graph) is the reference. Each data set here is
checked both ways and the two reports must be equal, result for result: the clean data set
with each file of data/violations, mutations that reach the constraints no violation file does
(ill-typed literals, empty strings, blank nodes, node kinds), the bundled articles and 50
generated ones loaded as `therapykg load` loads them, and stores `therapykg reason` has filled
(its inferences graph is checked only where it selects a node no other graph does, and large
graphs are checked in chunks: both must leave the report as it was).
"""

from __future__ import annotations

import dataclasses
import doctest
from pathlib import Path

import pyoxigraph as ox
import pytest
from ontology_support import CLEAN, VIOLATIONS, load_trig
from rdflib import Dataset, Graph, URIRef

from therapykg.errors import UnsupportedShape
from therapykg.graph import validate as store_validation
from therapykg.graph.convert import to_rdflib_graph
from therapykg.graph.load import load_paths
from therapykg.graph.reason import reason_store
from therapykg.graph.store import OxigraphStore, open_store
from therapykg.graph.validate import validate_store
from therapykg.ontology import shacl
from therapykg.ontology.validation import Report, Result, sort_key, validate
from therapykg.ontology.vocab import inferences_graph

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "therapykg" / "articles"
PREFIXES = """
@prefix tkg:  <https://w3id.org/therapykg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ebtr: <https://w3id.org/therapykg/id/article/ebtr/v1.0/> .
@prefix fw:   <https://w3id.org/therapykg/id/framework/> .
@prefix el:   <https://w3id.org/therapykg/id/element/> .
@prefix person: <https://w3id.org/therapykg/id/person/> .
@prefix load: <https://w3id.org/therapykg/id/load/> .
@prefix lineage: <https://w3id.org/therapykg/id/lineage-relation/> .
"""
# Triples that break a constraint no violation file breaks, or break one in another way.
MUTATIONS = {
    "ordinal-ill-typed": 'ebtr:s-lead-1 tkg:ordinal "first"^^xsd:integer .',
    "ordinal-zero": "ebtr:s-lead-1 tkg:ordinal 0 .",
    "ordinal-a-string": 'ebtr:s-lead-1 tkg:ordinal "7" .',
    "ordinal-an-iri": "ebtr:s-lead-1 tkg:ordinal fw:x .",
    "text-empty": 'ebtr:s-lead-1 tkg:text "" .',
    "text-with-language": 'ebtr:s-lead-1 tkg:text "Hallo"@de .',
    "text-a-blank-node": "ebtr:s-lead-1 tkg:text [ tkg:text 'x' ] .",
    "tag-a-blank-node": "ebtr:s-lead-1 tkg:provenanceTag [ tkg:text 'LLM' ] .",
    "llm-tagged-one": 'ebtr:s-lead-1 tkg:llmTagged "1"^^xsd:boolean .',
    "section-a-literal": 'ebtr:s-lead-1 tkg:inSection "Lead" .',
    "context-a-person": "ebtr:grading-1 tkg:inContext person:carl-rogers .",
    "shared-node-without-label": "fw:unlabelled a tkg:Framework .",
    "shared-nodes-one-named": (
        'person:named a tkg:Person ; <http://xmlns.com/foaf/0.1/name> "N" .'
        " person:nameless a tkg:Person ."
    ),
    "record-bad-hash": (
        'load:x a tkg:LoadRecord ; tkg:loadedGraph ebtr:g ; tkg:sha256 "ABC" ;'
        ' prov:endedAtTime "yesterday" .'
    ),
    "record-graph-a-literal": 'load:y a tkg:LoadRecord ; tkg:loadedGraph "graph" .',
    "blank-lineage-link": (
        "[] a tkg:LineageLink ; tkg:lineageRelationKind lineage:extends ;"
        " tkg:lineageSubject fw:a ; tkg:lineageObject fw:b ; tkg:extractedFrom ebtr:s-lead-1 ."
    ),
    "self-influence": "fw:a tkg:directlyInfluencedBy fw:a .",
    "two-source-counts": (
        "<https://w3id.org/therapykg/id/article/ebtr/v1.0> tkg:declaredSourceCount 3 , 4 ."
    ),
}

# What an inferences graph may hold that no article graph selects for the same shapes: left
# from an article loaded again and not reasoned over since, or data that breaks the ontology.
INFERRED = {
    "a-statement-no-article-states": "ebtr:s-gone a tkg:SourcedStatement .",
    "a-section-inferred-a-statement": "ebtr:sec-lead a tkg:LLMTaggedStatement .",
    "an-element-only-inferred": "el:nowhere a tkg:PromisingElement .",
    "a-stated-statement": "ebtr:s-lead-1 a tkg:T1BackedStatement .",
    "an-inferred-influence": "fw:a tkg:directlyInfluencedBy fw:a .",
}


def store_of(dataset: Dataset) -> OxigraphStore:
    """The data set in a memory store, graph for graph."""
    store = OxigraphStore()
    for graph in dataset.graphs():
        name = ox.NamedNode(str(graph.identifier))
        data = graph.serialize(format="nt", encoding="utf-8")
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        store.bulk_add(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
    return store


def comparable(report: Report) -> Report:
    """The report with a path that is not an IRI (pySHACL names a blank node, randomly)
    written alike, in the order the reports give (which the path can decide)."""
    results = sorted((_plain_path(r) for r in report.results), key=sort_key)
    return dataclasses.replace(report, results=results)


def _plain_path(result: Result) -> Result:
    path = result.path
    if path is not None and not path.startswith(("http:", "https:", "urn:")):
        path = "(a complex path)"
    return dataclasses.replace(result, path=path)


def assert_same(dataset: Dataset) -> Report:
    """Check the data set both ways; the reports must be equal. The reference's report."""
    expected = comparable(validate(dataset))
    store = store_of(dataset)
    found = validate_store(store)
    assert comparable(Report(found.conforms, found.results)) == expected
    return expected


def with_turtle(text: str) -> Dataset:
    dataset = load_trig(CLEAN)
    dataset.graph(URIRef("urn:x-test:mutation")).parse(data=PREFIXES + text, format="turtle")
    return dataset


def test_clean_data_conforms_both_ways() -> None:
    assert assert_same(load_trig(CLEAN)).conforms


@pytest.mark.parametrize("path", sorted(VIOLATIONS.glob("*.ttl")), ids=lambda p: p.stem)
def test_each_violation_file_gives_the_same_results(path: Path) -> None:
    report = assert_same(with_turtle(path.read_text(encoding="utf-8")))
    assert report.results


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_mutation_gives_the_same_results(name: str) -> None:
    report = assert_same(with_turtle(MUTATIONS[name]))
    assert report.results, f"{name} breaks nothing: it tests nothing"


@pytest.mark.parametrize("name", sorted(INFERRED))
def test_what_only_the_inferences_graph_selects_gives_the_same_results(name: str) -> None:
    dataset = load_trig(CLEAN)
    inferred = dataset.graph(URIRef(inferences_graph().value))
    inferred.parse(data=PREFIXES + INFERRED[name], format="turtle")
    report = assert_same(dataset)
    if name != "a-stated-statement":  # a node its article states, for the same shapes
        assert report.results, f"{name} breaks nothing: it tests nothing"


@pytest.mark.parametrize("name", ["ordinal-zero", "text-empty", "two-source-counts"])
def test_nodes_read_a_predicate_at_a_time_give_the_same_results(name: str) -> None:
    """With none of the shapes' paths read whole (only the source lines and the target
    predicates), each value is read by a lookup of its own: what the check does for a
    predicate `shacl.read_predicates` does not name, so that one it missed is read, not lost."""
    dataset = with_turtle(MUTATIONS[name])
    expected = comparable(validate(dataset))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_validation, "read_predicates", lambda shapes: frozenset())
        found = validate_store(store_of(dataset))
    assert comparable(Report(found.conforms, found.results)) == expected


def test_every_predicate_a_shape_reads_is_read_whole() -> None:
    """The paths of property shapes, and of the shapes sh:or, sh:xone and sh:not name."""
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass <urn:x:C> ;
            sh:property [ sh:path <urn:x:a> ; sh:minCount 1 ] ;
            sh:or ( [ sh:property [ sh:path <urn:x:b> ; sh:minCount 1 ] ] [ sh:class <urn:x:D> ] ) ;
            sh:xone ( [ sh:path <urn:x:c> ; sh:minCount 1 ] ) ;
            sh:not [ sh:property [ sh:path [ sh:alternativePath ( <urn:x:d> <urn:x:e> ) ] ;
                                   sh:minCount 1 ] ] .
        """,
        format="turtle",
    )
    read = shacl.read_predicates(shacl.compile_shapes(shapes))
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert {p.value for p in read} == {rdf_type, *(f"urn:x:{n}" for n in "abcde")}


def _loaded(tmp_path: Path, folder: Path) -> OxigraphStore:
    store = OxigraphStore(tmp_path / "store")
    load_paths(store, [folder])
    return store


def _same_on_store(store: OxigraphStore) -> Report:
    expected = validate(to_rdflib_graph(store.quads()))
    found = validate_store(store)
    assert comparable(Report(found.conforms, found.results)) == comparable(expected)
    return expected


def test_the_bundled_articles_give_the_same_results(tmp_path: Path) -> None:
    store = _loaded(tmp_path, BUNDLED)
    try:
        report = _same_on_store(store)
    finally:
        store.close()
    assert [r.severity for r in report.results] == ["Info"] * 3


def test_fifty_generated_articles_give_the_same_results(tmp_path: Path) -> None:
    from benchmarks.generate import generate

    folder = tmp_path / "corpus"
    generate(50, folder, 1)
    store = _loaded(tmp_path, folder)
    try:
        report = _same_on_store(store)
    finally:
        store.close()
    assert report.violations and report.infos  # the generator's works share titles


def _reasoned(tmp_path: Path, folder: Path) -> OxigraphStore:
    store = _loaded(tmp_path, folder)
    summary = reason_store(store, everything=True)
    assert summary.inferred
    return store


def _whole(store: OxigraphStore, workers: int | None = None) -> Report:
    """The report as checking each graph whole gave it (no chunks, and every focus node of
    the inferences graph checked again), for the tests to compare with."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_validation, "CHUNK_NODES", 10**9)
        patch.setattr(store_validation._Checker, "uncovered", store_validation._Checker.selecting)
        found = validate_store(store, workers=workers)
    return Report(found.conforms, found.results)


def _chunked(store: OxigraphStore, workers: int | None = None) -> Report:
    """The report with graphs cut into chunks of seven focus nodes, the nodes read whole three
    a query, and a SPARQL constraint run for more than two nodes at once read from its rows
    for every node."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_validation, "CHUNK_NODES", 7)
        patch.setattr(store_validation, "_NODES_A_QUERY", 3)
        patch.setattr(store_validation, "_VALUES_CHUNK", 2)
        found = validate_store(store, workers=workers)
    return Report(found.conforms, found.results)


def _same_three_ways(store: OxigraphStore) -> Report:
    """pySHACL's report of the whole store; the checker's, each graph whole; in chunks, here
    and in two worker processes: all equal. pySHACL's."""
    expected = comparable(validate(to_rdflib_graph(store.quads())))
    assert comparable(_whole(store)) == expected
    assert comparable(_chunked(store)) == expected
    assert comparable(_chunked(store, workers=2)) == expected
    return expected


def _without_a_paragraph(article: Path) -> None:
    """The article with its longest line before the sources gone: its graph loses statements
    (and the later ones of that section are numbered anew)."""
    lines = article.read_text(encoding="utf-8").splitlines()
    end = next(at for at, line in enumerate(lines) if line.strip() == "Sources")
    del lines[max(range(end), key=lambda at: len(lines[at]))]
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_reasoned_bundled_corpus_gives_the_same_results(tmp_path: Path) -> None:
    """Reasoned over; then an article loaded again without a paragraph and not reasoned over
    since, so that the inferences graph types statements no article states any more."""
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(BUNDLED, folder)
    store = _reasoned(tmp_path, folder)
    try:
        reasoned = _same_three_ways(store)
        article = folder / "person_centered_therapy.txt"
        _without_a_paragraph(article)
        assert load_paths(store, [article]).articles == 1
        stale = _same_three_ways(store)
    finally:
        store.close()
    assert len(stale.violations) > len(reasoned.violations) == 0


def test_only_the_graphs_read_beside_an_article_state_about_its_nodes(tmp_path: Path) -> None:
    """An article graph is read by one scan, and what other graphs state about its nodes only
    from the graphs that can (`validate._Foreign`): in a store `load` and `reason` built, no
    quad of an article graph, the shared, metadata, ontology or kept graphs is about a node
    under another article graph's IRI."""
    import shutil

    from benchmarks.generate import generate

    folder = tmp_path / "corpus"
    shutil.copytree(BUNDLED, folder)
    generate(8, folder, 3)
    store = _reasoned(tmp_path, folder)
    try:
        articles = {g.value for g in store.graphs() if "/article/" in g.value}
        checked = about_articles = 0
        for graph in store.graphs():
            never = store_validation._never_about_articles(graph)
            for quad in store.quads(graph):
                owner = _article_of(quad.subject, articles)
                about_articles += owner is not None and owner != graph.value
                if never:
                    checked += 1
                    assert owner in (None, graph.value), quad
    finally:
        store.close()
    assert checked > 10_000 and about_articles > 1_000  # summary and inferences graphs


def _article_of(node: object, articles: set[str]) -> str | None:
    """The article graph whose own node `node` is (its IRI, or an IRI under it), if any."""
    if not isinstance(node, ox.NamedNode):
        return None
    iri = node.value
    while "/article/" in iri:
        if iri in articles:
            return iri
        iri = iri.rsplit("/", 1)[0]
    return None


def test_a_reasoned_generated_store_gives_the_same_results(tmp_path: Path) -> None:
    from benchmarks.generate import generate

    folder = tmp_path / "corpus"
    generate(8, folder, 3)
    store = _reasoned(tmp_path, folder)
    try:
        report = _same_three_ways(store)
    finally:
        store.close()
    assert report.results


def test_a_store_opened_read_only_is_checked_alike(tmp_path: Path) -> None:
    store = _loaded(tmp_path, BUNDLED)
    first = validate_store(store)
    store.close()
    with open_store(str(tmp_path / "store"), read_only=True) as again:
        assert validate_store(again).results == first.results


def test_docstring_examples() -> None:
    assert doctest.testmod(shacl).failed == 0


def test_a_constraint_the_checker_does_not_know_is_refused() -> None:
    """A shape with a component the checker lacks fails loudly instead of passing unchecked."""
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass <urn:x:C> ;
            sh:property [ sh:path <urn:x:p> ; sh:uniqueLang true ] .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="uniqueLang"):
        shacl.compile_shapes(shapes)
