"""Pages through Flask's test client: home, named queries, entities, ontology, search, exports,
and hostile text rendered inert everywhere it appears."""

from __future__ import annotations

import re
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient

from tests.web.conftest import make_app, memory_store
from therapykg.graph.store import OxigraphStore
from therapykg.queries.registry import named_queries
from therapykg.web.app import close_app
from therapykg.web.paths import iris_for_path, local_path, served_prefix

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
FRAMEWORK = "/id/framework/demo-relationship-therapy"
HOSTILE_PAGES = [
    "/",
    "/id/framework/hostile",
    "/id/article/xss/v1.0",
    "/id/article/xss/v1.0/s-lead-1",
    "/id/article/xss/v1.0/grading-1",
    "/id/element/alliance",
    "/search?q=hostile",
    "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/search?q=%22%20onmouseover%3D%22alert(5)",
    "/queries/elements-by-grade?grade=https://w3id.org/therapykg/id/grade/promising",
    "/queries/element-evidence",
    "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o }"),
    "/id/%3Cscript%3Ealert(6)%3C%2Fscript%3E",
    "/queries/%3Cscript%3Ealert(7)%3C%2Fscript%3E",
]


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url, headers=HTML)
    assert response.content_type.startswith("text/html"), url
    return response.text


# The sentence counts the home page gave before it read the summary graph: a walk over every
# statement, classified one by one. The summary must agree with it.
EVERY_STATEMENT = """SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a tkg:Statement ; tkg:llmTagged ?llm .
  BIND(IF(?llm, "llm", IF(EXISTS { ?s tkg:citesReference ?r }, "sourced", "untagged")) AS ?kind)
} GROUP BY ?kind"""


def _walked(store: OxigraphStore) -> dict[str, int]:
    result = store.query(EVERY_STATEMENT)
    assert isinstance(result, ox.QuerySolutions)
    return {row["kind"].value: int(row["n"].value) for row in result}


def _home_counts(text: str) -> dict[str, int]:
    found = re.search(
        r"<strong>(\d+)</strong> cite a source,\s*<strong>(\d+)</strong> are tagged LLM.*?"
        r"<strong>(\d+)</strong> carry no tag",
        text,
        re.S,
    )
    assert found, "the home page states the sentences by tag"
    return dict(zip(("sourced", "llm", "untagged"), map(int, found.groups()), strict=True))


def test_home_counts_sentences_by_tag_as_a_walk_over_every_statement_does() -> None:
    store = memory_store()
    app = make_app(STORE=store)
    try:
        walked = _walked(store)
        assert set(walked) == {"llm", "sourced", "untagged"}, "the test graph has each kind"
        assert _home_counts(page(app.test_client(), "/")) == walked
    finally:
        close_app(app)


def _listed(text: str) -> list[str]:
    block = re.search(r'<ul class="frameworks">(.*?)</ul>', text, re.S)
    assert block, "the home page lists frameworks"
    return re.findall(r'<li><a href="([^"]+)"', block.group(1))


def test_home_lists_the_first_frameworks_and_links_to_them_all() -> None:
    capped, full = make_app(HOME_FRAMEWORKS=1), make_app()
    try:
        every = _listed(page(full.test_client(), "/"))
        assert len(every) > 1, "the test graph has several frameworks"
        text = page(capped.test_client(), "/")
        assert _listed(text) == every[:1]
        assert f"the first 1 of {len(every)} frameworks" in text
        assert 'href="/queries/frameworks"' in text and 'href="/queries/frameworks.csv"' in text
        assert "the first" not in page(full.test_client(), "/"), "all are listed when they fit"
    finally:
        close_app(capped)
        close_app(full)


def test_home_lists_agree_with_its_counts_and_the_ontology_labels(client: FlaskClient) -> None:
    text = page(client, "/")
    counted = {
        label: int(n) for n, label in re.findall(r"<li><strong>(\d+)</strong> ([^<]+)</li>", text)
    }
    assert "Framework" in counted and "PsychotherapyApproach" not in text.split("<main")[-1]
    listed = _listed(text)
    assert len(listed) == counted["Framework"]
    framework = "https://w3id.org/therapykg/ontology#Framework"
    typed = {
        row["f"].value for row in memory_store().query(f"SELECT ?f WHERE {{ ?f a <{framework}> }}")
    }
    assert {href.rsplit("/", 1)[-1] for href in listed} == {i.rsplit("/", 1)[-1] for i in typed}
    headings = re.findall(r"<h2 [^>]*>([^<]+) <span class=\"count\">\((\d+)\)", text)
    assert headings
    for name, number in headings:
        assert counted[name] == int(number), name  # the same name, the same number


def test_home_shows_counts_frameworks_search_and_ways_in(client: FlaskClient) -> None:
    text = page(client, "/")
    assert re.search(r"<strong>\d+</strong> Statement", text)
    assert f'href="{FRAMEWORK}"' in text and "Demo Relationship Therapy" in text
    assert 'name="q"' in text
    for link in ("/query", "/queries", "/export", "/ontology", "/lineage", "/evidence", "/wheel"):
        assert link in text


def test_every_named_query_has_a_page_with_form_text_and_data_links(client: FlaskClient) -> None:
    listing = page(client, "/queries")
    for name, query in named_queries().items():
        assert f'href="/queries/{name}"' in listing
        text = page(client, f"/queries/{name}")
        assert query.title.split(",")[0].replace("'", "&#39;") in text
        assert "<pre>" in text and f"/queries/{name}.csv" in text
        for param in query.parameters:
            assert f'name="{param.name}"' in text


def test_named_query_results_and_data_links(client: FlaskClient) -> None:
    text = page(client, "/queries/adaptations?characteristic=cultur")
    assert "Cultural adaptation" in text
    csv_text = client.get("/queries/adaptations.csv?characteristic=cultur").text
    assert csv_text.startswith("characteristic,adaptation,label")
    assert "Cultural adaptation" in csv_text
    data = client.get("/queries/adaptations.json").json
    assert data is not None and len(data["results"]["bindings"]) == 1
    tsv = client.get("/queries/adaptations.tsv")
    assert tsv.content_type.startswith("text/tab-separated-values")


def test_iri_parameters_take_slugs_and_labels_and_offer_the_stored_values(
    client: FlaskClient,
) -> None:
    by_iri = client.get(
        "/queries/elements-by-grade.json",
        query_string={"grade": "https://w3id.org/therapykg/id/grade/demonstrably-effective"},
    ).json
    for value in ("demonstrably-effective", "grade/demonstrably-effective"):
        by_slug = client.get("/queries/elements-by-grade.json", query_string={"grade": value})
        assert by_slug.status_code == 200 and by_slug.json == by_iri, value
    by_label = client.get("/queries/element-evidence.json", query_string={"item": "Alliance"})
    assert by_label.status_code == 200 and by_label.json is not None
    assert by_label.json["results"]["bindings"], "the label names the element"
    form = page(client, "/queries/elements-by-grade")
    assert '<select id="param-grade" name="grade">' in form
    assert 'value="https://w3id.org/therapykg/id/grade/promising">promising' in form
    assert client.get("/queries/elements-by-grade?grade=no-such-grade").status_code == 400


def test_hostile_parameter_values_are_bound_not_pasted(client: FlaskClient) -> None:
    for value in ['cultur") || true || ("', '" } ; DROP ALL ; { "', "') || true #"]:
        response = client.get("/queries/adaptations.json", query_string={"characteristic": value})
        assert response.status_code == 200
        assert response.json is not None and response.json["results"]["bindings"] == []
    still = client.get("/queries/adaptations.json").json
    assert still is not None and len(still["results"]["bindings"]) == 1
    bad_iri = "https://w3id.org/therapykg/id/element/alliance> } UNION { ?s ?p ?o"
    response = client.get("/queries/element-evidence.json", query_string={"item": bad_iri})
    assert response.status_code == 400 and "not an IRI" in response.text
    assert client.get("/queries/nope").status_code == 404


def test_fact_page_shows_label_types_properties_incoming_and_sourced_sentence(
    client: FlaskClient,
) -> None:
    text = page(client, "/id/article/demo/v1.0/grading-1")
    assert "Grading" in text and "graded item" in text.lower()
    assert 'href="/id/element/alliance"' in text
    assert "The therapeutic alliance was judged demonstrably effective" in text
    assert "source 1 · T1" in text
    framework = page(client, FRAMEWORK)
    assert "<h1>Demo Relationship Therapy</h1>" in framework
    assert "Framework" in framework and "describes approach" in framework.lower()


def test_llm_and_untagged_badges(client: FlaskClient) -> None:
    term = page(client, "/id/article/demo/v1.0/term-alliance")
    assert 'class="badge llm">LLM<' in term
    assert "The collaborative bond between client and therapist." in term
    untagged = page(client, "/id/article/demo/v1.0/s-evidence-base-3")
    assert 'class="badge untagged">untagged<' in untagged


def test_incoming_links_are_counted(client: FlaskClient) -> None:
    text = page(client, "/id/element/alliance")
    assert re.search(r"graded item\s*<span class=\"note\">\(2\)</span>", text, flags=re.I)


def test_kept_rows_that_name_an_element_are_not_its_incoming_links(client: FlaskClient) -> None:
    """The kept rows of `element-evidence` name alliance in every row (graph/kept.py); they are
    the summary graph's, not links the articles state."""
    kept = client.get("/sparql", query_string={"query": KEPT_ALLIANCE_ROWS})
    assert kept.status_code == 200 and '"value"' in kept.text  # there are such rows
    text = page(client, "/id/element/alliance")
    assert "summary/rows" not in text and "rdf:_1" not in text


KEPT_ALLIANCE_ROWS = (
    "SELECT ?row WHERE { GRAPH <https://w3id.org/therapykg/id/graph/kept/element-evidence> "
    "{ ?row rdf:_1 <https://w3id.org/therapykg/id/element/alliance> } } LIMIT 1"
)


@pytest.mark.parametrize(
    ("accept", "suffix", "parser"),
    [
        ("text/turtle", ".ttl", "turtle"),
        ("application/ld+json", ".jsonld", "json-ld"),
        ("application/n-triples", ".nt", "nt"),
        ("application/rdf+xml", ".rdf", "xml"),
    ],
)
def test_entity_rdf_by_accept_and_by_suffix(
    client: FlaskClient, accept: str, suffix: str, parser: str
) -> None:
    subject = rdflib.URIRef("https://w3id.org/therapykg/id" + FRAMEWORK[3:])
    for response in (
        client.get(FRAMEWORK, headers={"Accept": accept}),
        client.get(FRAMEWORK + suffix),
    ):
        assert response.status_code == 200
        assert response.headers["Vary"] == "Accept"
        graph = rdflib.Graph().parse(data=response.data, format=parser)
        assert (
            subject,
            rdflib.SKOS.prefLabel,
            rdflib.Literal("Demo Relationship Therapy"),
        ) in graph
    html = client.get(FRAMEWORK, headers=HTML)
    assert html.headers["Vary"] == "Accept"


def test_grades_and_unknown_entities(client: FlaskClient) -> None:
    assert client.get("/id/grade/demonstrably-effective", headers=HTML).status_code == 200
    assert client.get("/id/nothing/here", headers=HTML).status_code == 404


def test_ontology_page_and_turtle(client: FlaskClient) -> None:
    text = page(client, "/ontology")
    assert 'id="Grading"' in text and "tkg:extractedFrom" in text
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.data, format="turtle")
    assert (
        rdflib.URIRef("https://w3id.org/therapykg/ontology#Grading"),
        rdflib.RDF.type,
        rdflib.OWL.Class,
    ) in graph
    assert client.get("/ontology.nt").content_type.startswith("application/n-triples")


def test_mapping_follows_the_base_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert served_prefix("https://w3id.org/therapykg/id/") == "/id/"
    assert served_prefix("http://localhost:5000/data/") == "/data/"
    monkeypatch.setenv("THERAPYKG_BASE", "http://localhost:5000/data/")
    assert local_path("http://localhost:5000/data/framework/x") == "/data/framework/x"
    assert iris_for_path("/data/framework/x")[0] == "http://localhost:5000/data/framework/x"
    assert local_path("https://w3id.org/therapykg/id/tier/T1") == "/id/tier/T1"
    store = OxigraphStore(None)
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    store._store.add(
        ox.Quad(
            ox.NamedNode("http://localhost:5000/data/framework/x"),
            label,
            ox.Literal("Elsewhere"),
            ox.NamedNode("http://localhost:5000/data/g"),
        )
    )
    app = make_app(STORE=store)
    response = app.test_client().get("/data/framework/x", headers=HTML)
    assert response.status_code == 200 and "Elsewhere" in response.text
    close_app(app)


def test_search_ranks_labels_and_sentences(client: FlaskClient) -> None:
    text = page(client, "/search?q=alliance")
    assert text.index('href="/id/element/alliance"') < text.index("therapeutic <mark>alliance")
    assert "<mark>" in text
    assert "0 results" in page(client, "/search?q=zzzzqqq")
    for tricky in ['"', "NEAR(a b)", "*", "alliance OR", "a:b", "'"]:
        assert client.get("/search", query_string={"q": tricky}).status_code == 200


def test_search_hits_are_named_by_text_and_article_once_each(client: FlaskClient) -> None:
    text = page(client, "/search?q=relationships")
    hits = re.findall(r'<li class="hit[^"]*">(.*?)</li>', text, re.S)
    links = [re.search(r'href="([^"]+)"', hit).group(1) for hit in hits]  # type: ignore[union-attr]
    assert len(links) == len(set(links)), "one hit per thing"
    work = [h for h in hits if "/id/work/psychotherapy-relationships-that-work" in h]
    assert len(work) == 1 and '<span class="note">Work</span>' in work[0]
    assert "WorkSummary" not in text and "Work summary" not in text
    alliance = page(client, "/search?q=alliance")
    assert "Relationship element" in alliance and "RelationshipElement" not in alliance
    hits = re.findall(r'<li class="hit[^"]*">(.*?)</li>', alliance, re.S)
    sentences = [h for h in hits if 'class="sentence-text"' in h]
    assert sentences and all("Statement in Demo Relationship Therapy" in h for h in sentences)
    assert not re.search(r">s-[a-z-]+-\d+<", alliance), "no sentence named by its identifier"


@pytest.mark.parametrize(
    ("name", "parser", "dataset"),
    [
        ("turtle", "turtle", False),
        ("nt", "nt", False),
        ("nq", "nquads", True),
        ("trig", "trig", True),
        ("rdfxml", "xml", False),
        ("jsonld", "json-ld", True),
    ],
)
def test_exports_stream_the_whole_dataset(
    client: FlaskClient, name: str, parser: str, dataset: bool
) -> None:
    response = client.get(f"/export/{name}")
    assert response.status_code == 200
    assert response.is_streamed
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="therapykg-data\.[a-z]+"', disposition)
    graph = rdflib.Dataset() if dataset else rdflib.Graph()
    graph.parse(data=response.data, format=parser)
    size = len(list(graph.quads())) if isinstance(graph, rdflib.Dataset) else len(graph)
    assert size > 50


def test_export_refuses_unknown_names(client: FlaskClient) -> None:
    assert client.get("/export/..%2f..%2fetc%2fpasswd").status_code == 404
    assert client.get("/export/turtle?part=../../x").status_code == 400
    assert client.get("/export/turtle?part=ontology").status_code == 200


@pytest.mark.parametrize("url", HOSTILE_PAGES)
def test_hostile_text_renders_inert(client: FlaskClient, url: str) -> None:
    response = client.get(url, headers=HTML)
    text = response.text
    assert "<script>alert" not in text
    assert re.search(r"""["']\s*onmouseover\s*=""", text) is None
    assert 'href="javascript:' not in text.lower()
    scripts = re.findall(r"<script[^>]*>", text)
    assert all('src="/static/' in s or 'type="application/json"' in s for s in scripts)


def test_hostile_text_is_shown_escaped(client: FlaskClient) -> None:
    text = page(client, "/id/article/xss/v1.0/s-lead-1")
    assert "&lt;script&gt;alert(&#39;sentence&#39;)&lt;/script&gt;" in text
    assert "&#34; onmouseover=&#34;alert(4)" in text


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_editor_examples_run_as_they_are(client: FlaskClient, name: str) -> None:
    from therapykg.web.pages import with_parameter_values

    query = named_queries()[name]
    response = client.post("/sparql", data={"query": with_parameter_values(query), "format": "csv"})
    assert response.status_code == 200, response.text
    bound = client.get(f"/queries/{name}.csv")
    assert sorted(response.text.splitlines()) == sorted(bound.text.splitlines())
