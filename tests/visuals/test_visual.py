"""The pure picture functions (therapykg.graph.pictures and the web's network, charts), on
hand-written graphs."""

from __future__ import annotations

import doctest
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from tests.visuals.support import LINEAGE, SEED, SEED_IRI, seed_store
from therapykg.errors import RDFImportError
from therapykg.graph import pictures
from therapykg.graph.network import lineage_graph
from therapykg.graph.store import OxigraphStore
from therapykg.loaders.rdf import parse_rdf
from therapykg.ontology.vocab import GRADES
from therapykg.web import charts, network, palette
from therapykg.web.rdfnetwork import rdf_network

ID = "https://w3id.org/therapykg/id/"

ITEMS_AND_GRADES = """
SELECT DISTINCT ?framework ?item ?grade WHERE {
  ?framework tkg:hasGrading ?g . ?g tkg:gradedItem ?item ; tkg:hasGrade ?grade .
}
"""


@pytest.fixture(scope="module")
def small() -> OxigraphStore:
    return seed_store(LINEAGE)


@pytest.fixture(scope="module")
def seed() -> OxigraphStore:
    return seed_store(SEED)


def test_doctests_hold() -> None:
    assert doctest.testmod(pictures).failed == 0


@pytest.mark.parametrize(
    ("iri", "path"),
    [
        (ID + "element/alliance", "/id/element/alliance"),
        (ID + "article/ebtr/v1.0/s-lead-1", "/id/article/ebtr/v1.0/s-lead-1"),
        ("https://w3id.org/therapykg/ontology#Grading", "/ontology#Grading"),
        ("http://example.org/x", None),
    ],
)
def test_entity_path_is_the_apps_mapping(iri: str, path: str | None) -> None:
    assert network.entity_path(iri) == path


def test_entity_path_follows_the_configured_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THERAPYKG_BASE", "http://example.org/kg/")
    assert network.entity_path("http://example.org/kg/person/p") == "/kg/person/p"
    # grades and tiers stay under the default base whatever the setting says
    assert network.entity_path(ID + "grade/promising") == "/id/grade/promising"


def test_wheel_of_the_small_graph(small: OxigraphStore) -> None:
    wheel = pictures.wheel(small, ID + "framework/a")
    assert wheel is not None and wheel.label == "Framework A"
    assert [(s.item, s.kind, s.grade) for s in wheel.spokes] == [
        (ID + "element/alliance", "element", "demonstrably-effective"),
        (ID + "adaptation/culture", "adaptation", "probably-effective"),
    ]


def test_unknown_framework_has_no_wheel(small: OxigraphStore) -> None:
    assert pictures.wheel(small, ID + "framework/nothing-here") is None


def test_seed_wheel_holds_exactly_what_sparql_grades(seed: OxigraphStore) -> None:
    wheel = pictures.wheel(seed, SEED_IRI)
    assert wheel is not None
    rows = seed.query(ITEMS_AND_GRADES, bindings={"framework": ox.NamedNode(SEED_IRI)})
    assert isinstance(rows, ox.QuerySolutions)
    expected = {(r["item"].value, pictures.grade_slug(r["grade"].value)) for r in rows}
    assert {(s.item, s.grade) for s in wheel.spokes} == expected
    assert len(wheel.spokes) == 18
    assert [s.kind for s in wheel.spokes] == ["element"] * 12 + ["adaptation"] * 6


def test_spokes_carry_contexts_in_reading_order_and_their_sentence(seed: OxigraphStore) -> None:
    wheel = pictures.wheel(seed, SEED_IRI)
    assert wheel is not None
    alliance = next(s for s in wheel.spokes if s.item.endswith("element/alliance"))
    assert alliance.context_text == "individual, youth, family"
    assert network.spoke_label(alliance) == "alliance: individual, youth, family"
    [sentence] = alliance.sentences
    assert sentence.text.startswith("Rated demonstrably effective were the alliance")
    assert sentence.badge() == "source 1 · T1"


def test_an_llm_tagged_grading_sentence_stays_llm() -> None:
    store = seed_store(SEED)
    wheel = pictures.wheel(store, ID + "framework/person-centered-therapy")
    assert wheel is not None
    [spoke] = wheel.spokes
    assert [s.badge() for s in spoke.sentences] == ["LLM"]


@pytest.mark.parametrize(
    ("sentence", "badge"),
    [
        (
            pictures.Sentence("s", tag="23", sources={(2, "T2"), (3, "T2")}),
            "sources 2 · T2, 3 · T2",
        ),
        (pictures.Sentence("s", tag="LLM", llm=True), "LLM"),
        (pictures.Sentence("s"), "untagged"),
        (pictures.Sentence("s", tag="9"), "source 9"),
        (pictures.Sentence("s", tag="4", sources={(4, "")}), "source 4 · tier ?"),
    ],
)
def test_badges_say_source_and_tier_or_llm(sentence: pictures.Sentence, badge: str) -> None:
    assert sentence.badge() == badge


def test_wheel_network_draws_hub_spokes_colours_and_shapes(seed: OxigraphStore) -> None:
    wheel = pictures.wheel(seed, SEED_IRI)
    assert wheel is not None
    data = network.wheel_network(wheel)
    hub, *items = data["nodes"]
    assert (hub["id"], hub.get("x"), hub.get("y")) == (SEED_IRI, 0.0, 0.0)
    assert len(items) == len(data["edges"]) == 18
    for node, spoke in zip(items, wheel.spokes, strict=True):
        assert node["color"]["background"] == palette.GRADE_COLOURS[spoke.grade]
        assert node["shape"] == ("dot" if spoke.kind == "element" else "diamond")
        assert node["href"] == network.entity_path(spoke.item)
        assert spoke.sentences[0].text in node["title"]
        assert ("borderDashes" in node.get("shapeProperties", {})) == (spoke.kind == "adaptation")
    assert {e["from"] for e in data["edges"]} == {SEED_IRI}


def test_grade_colours_are_okabe_ito_and_distinct() -> None:
    colours = list(palette.GRADE_COLOURS.values())
    assert len(set(colours)) == 3
    assert set(colours) <= set(palette.OKABE_ITO.values())


def test_lineage_edges_run_from_ancestor_to_descendant(small: OxigraphStore) -> None:
    data = network.lineage_network(lineage_graph(small))
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    a, b, t = ID + "framework/a", ID + "framework/b", ID + "theory/t"
    assert set(edges) == {(b, a), (t, a), (ID + "person/p", a)}
    assert edges[t, a]["llm_only"] is True and edges[t, a]["dashes"] is True
    assert edges[t, a]["color"]["color"] == palette.LLM_EDGE
    assert edges[b, a]["llm_only"] is False and "A drew on B." in edges[b, a]["title"]
    assert data["truncated"] is False and data["total_nodes"] == 4


def test_lineage_is_capped_and_says_what_a_click_adds(small: OxigraphStore) -> None:
    graph = lineage_graph(small)
    data = network.lineage_network(graph, limit=1)
    assert data["truncated"] is True
    [node] = data["nodes"]
    assert node["id"] == ID + "framework/a" and node.get("more") == 3
    assert data["edges"] == []
    around = network.lineage_neighbourhood(graph, ID + "theory/t")
    assert {n["id"] for n in around["nodes"]} == {ID + "theory/t", ID + "framework/a"}


def test_lineage_focus_keeps_ancestors_and_descendants_nearest_first(seed: OxigraphStore) -> None:
    graph = lineage_graph(seed)
    focus = ID + "framework/person-centered-therapy"
    data = network.lineage_network(graph, focus=focus, limit=3)
    ids = [n["id"] for n in data["nodes"]]
    assert ids[0] == focus and len(ids) == 3
    assert data["total_nodes"] == 4 and data["truncated"] is True
    assert ID + "framework/hostile" not in ids


def test_section_counts_keep_llm_apart_and_use_the_best_tier(seed: OxigraphStore) -> None:
    counts = {(c.group_label, c.label): c.values for c in pictures.section_counts(seed)}
    title = "Evidence-Based Therapy Relationships and Responsiveness"
    assert counts[title, "Creators & Lineage"] == {"T1": 1, "T2": 1, "T3": 1, "LLM": 2}
    assert counts[title, "Summary"] == {"untagged": 1}
    assert counts["Person-Centered Therapy", "Creators & Lineage"] == {"T1": 1, "LLM": 2}
    order = [c.label for c in pictures.section_counts(seed) if c.group_label == title]
    assert order == ["Summary", "Creators & Lineage", "Interventions & Techniques", "Evidence Base"]


def test_grade_counts_per_framework(seed: OxigraphStore) -> None:
    counts = {c.label: c.values for c in pictures.grade_counts(seed)}
    assert counts["Evidence-Based Therapy Relationships and Responsiveness"] == {
        "demonstrably-effective": 8,
        "probably-effective": 5,
        "promising": 5,
    }


def test_the_top_frameworks_are_the_first_of_every_framework_by_total(
    seed: OxigraphStore,
) -> None:
    every = sorted(pictures.grade_counts(seed), key=lambda c: (-c.total, c.label.casefold()))
    for top in (1, 2, len(every), len(every) + 3):
        assert pictures.grade_counts(seed, top) == every[:top]
    assert pictures.framework_count(seed) == len(every)
    assert pictures.all_grade_totals(seed, "all") == pictures.grade_totals(every, "all")


def test_svg_chart_is_well_formed_and_escapes_labels(seed: OxigraphStore) -> None:
    rows = pictures.section_counts(seed)
    svg = charts.stacked_bars_svg(rows, charts.SECTION_SERIES, title="T <&>", chart_id="c")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in root.iter(ns + "rect") if r.get("data-series")]
    assert len(bars) == sum(len(r.values) for r in rows)
    texts = [t.text or "" for t in root.iter(ns + "text")]
    assert "T <&>" in texts
    assert any("<script>" in t for t in texts)  # hostile text stays text
    assert "<script>" not in svg


def test_counts_csv_has_one_column_per_series(seed: OxigraphStore) -> None:
    text = charts.counts_csv(pictures.grade_counts(seed), GRADES, grouped=False)
    lines = text.splitlines()
    assert lines[0] == "framework,label,demonstrably-effective,probably-effective,promising,total"
    assert any(line.endswith(",8,5,5,18") for line in lines)


_TKG, _SKOS = "https://w3id.org/therapykg/ontology#", "http://www.w3.org/2004/02/skos/core#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NT = f"""
<{ID}element/alliance> <{_TYPE}> <{_TKG}RelationshipElement> .
<{ID}element/alliance> <{_SKOS}prefLabel> "alliance" .
<{ID}g/1> <{_TKG}gradedItem> <{ID}element/alliance> .
_:b1 <{_TKG}gradedItem> <{ID}element/alliance> .
""".encode()


def test_rdf_network_from_n_triples() -> None:
    data = rdf_network(parse_rdf(NT, "application/n-triples"))
    nodes = {n["id"]: n for n in data["nodes"]}
    alliance = nodes[ID + "element/alliance"]
    assert alliance["label"] == "alliance" and alliance["group"] == "tkg:RelationshipElement"
    assert alliance["href"] == "/id/element/alliance"
    assert "skos:prefLabel: alliance" in alliance["title"]
    assert nodes["_:b1"]["href"] is None
    assert {e["label"] for e in data["edges"]} == {"tkg:gradedItem"}
    assert len(data["edges"]) == 2


def test_rdf_network_caps_nodes() -> None:
    data = rdf_network(parse_rdf(NT, "application/n-triples"), limit=1)
    assert [n["id"] for n in data["nodes"]] == [ID + "element/alliance"]
    assert data["truncated"] is True and data["edges"] == []


def test_json_ld_is_read_and_remote_contexts_are_refused() -> None:
    doc = (
        b'{"@id": "http://example.org/a", "http://example.org/p": {"@id": "http://example.org/b"}}'
    )
    assert len(rdf_network(parse_rdf(doc, "application/ld+json"))["edges"]) == 1
    remote = b'{"@context": "http://example.org/context.jsonld", "@id": "http://example.org/a"}'
    with pytest.raises(RDFImportError, match="the RDF given"):
        parse_rdf(remote, "application/ld+json")
    with pytest.raises(ValueError, match="cannot read"):
        parse_rdf(b"", "text/html")
