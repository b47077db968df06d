"""The visuals blueprint through Flask's test client: pages, data, downloads, errors."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.visuals.support import SEED_FRAMEWORK, SEED_IRI
from therapykg.graph.store import OxigraphStore
from therapykg.settings import setting
from therapykg.web import charts, palette, visuals
from therapykg.web.app import close_app, create_app

WHEEL = f"/framework/{SEED_FRAMEWORK}/wheel"
ID = "https://w3id.org/therapykg/id/"
PAGES = [
    WHEEL,
    "/framework/hostile/wheel",
    "/lineage",
    "/lineage/framework/person-centered-therapy",
    "/evidence",
    "/visual/graph?query=DESCRIBE%20%3Chttps://w3id.org/therapykg/id/element/alliance%3E",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_with_scripts_from_files_only(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(" src=" in s for s in scripts)  # nothing inline: CSP needs no nonce
    assert re.search(r"<[a-z]+[^>]*\sstyle=", html) is None  # no inline styles either
    loaded = re.findall(r'<(?:script|link)\b[^>]*\s(?:src|href)="([^"]*)"', html)
    assert loaded and all(url.startswith(("/", "data:")) for url in loaded)  # from the app only


def test_hostile_text_is_escaped_on_every_page(client: FlaskClient) -> None:
    for path in ("/framework/hostile/wheel", "/evidence", "/lineage", "/lineage?unlinked=1"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>window.pwned" not in html
        assert 'onmouseover="window.pwned' not in html
        assert "<svg onload" not in html


def test_wheel_page_has_the_table_legend_and_data_source(client: FlaskClient) -> None:
    html = client.get(WHEEL).get_data(as_text=True)
    assert html.count("<tr data-item=") == 18
    assert 'href="/id/element/alliance"' in html
    assert f'data-src="{WHEEL}.json"' in html
    for colour in palette.GRADE_COLOURS.values():
        assert f'fill="{colour}"' in html  # the legend's swatches
    assert "individual psychotherapy, youth psychotherapy, family psychotherapy" in html
    assert "source 1 · T1" in html


def test_wheel_json_is_the_wheel_network(client: FlaskClient) -> None:
    data = client.get(f"{WHEEL}.json").get_json()
    assert data["label"] == "Evidence-Based Therapy Relationships and Responsiveness"
    assert data["nodes"][0]["id"] == SEED_IRI
    assert len(data["nodes"]) == 19 and len(data["edges"]) == 18


def test_wheel_csv_has_a_row_per_spoke(client: FlaskClient) -> None:
    response = client.get(f"{WHEEL}.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 18
    assert set(rows[0]) == {"item", "label", "kind", "grade", "contexts", "sentence", "tag"}


@pytest.mark.parametrize(
    "path", ["/framework/nothing/wheel", "/framework/nothing/wheel.json", "/framework/a%20b/wheel"]
)
def test_unknown_frameworks_are_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("name", "focus"),
    [
        ("framework/person-centered-therapy", "framework/person-centered-therapy"),
        ("carl-rogers", "person/carl-rogers"),
        ("Carl Rogers", "person/carl-rogers"),
    ],
)
def test_lineage_centres_on_a_node_by_path_slug_or_label(
    client: FlaskClient, name: str, focus: str
) -> None:
    html = client.get(f"/lineage/{name}").get_data(as_text=True)
    assert f'data-focus="{ID}{focus}"' in html


def test_lineage_of_nothing_is_404(client: FlaskClient) -> None:
    assert client.get("/lineage/no-such-thing").status_code == 404
    assert client.get("/lineage.json?expand=no-such-thing").status_code == 404


def test_lineage_json_caps_expands_and_flags_llm_only(client: FlaskClient) -> None:
    full = client.get("/lineage.json").get_json()
    assert full["total_nodes"] == len(full["nodes"]) and not full["truncated"]
    assert {e["llm_only"] for e in full["edges"]} == {True, False}
    capped = client.get("/lineage.json?limit=2").get_json()
    assert len(capped["nodes"]) == 2 and capped["truncated"]
    grown = client.get(f"/lineage.json?expand={ID}person/carl-rogers").get_json()
    assert {n["id"] for n in grown["nodes"]} == {
        f"{ID}person/carl-rogers",
        f"{ID}framework/person-centered-therapy",
    }


def test_lineage_csv_lists_the_drawn_edges(client: FlaskClient) -> None:
    text = client.get("/lineage.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(client.get("/lineage.json").get_json()["edges"])
    assert {r["tag"] for r in rows} == {"LLM only", "sourced"}


def test_evidence_page_shows_both_charts_and_tables(client: FlaskClient) -> None:
    html = client.get("/evidence").get_data(as_text=True)
    assert html.count("<svg xmlns=") == 2
    assert 'id="tkg-sections-table"' in html and 'id="tkg-grades-table"' in html
    assert "Showing 3 of 3 articles" in html
    assert "Showing 1 of 3 articles" in client.get("/evidence?articles=1").get_data(as_text=True)


@pytest.mark.parametrize("name", ["sections", "grades"])
def test_evidence_downloads(client: FlaskClient, name: str) -> None:
    svg = client.get(f"/evidence/{name}.svg")
    assert svg.mimetype == "image/svg+xml"
    ET.fromstring(svg.get_data())
    table = client.get(f"/evidence/{name}.csv")
    assert table.mimetype == "text/csv"
    assert table.get_data(as_text=True).splitlines()[0].endswith(",total")


NT = (
    f'<{ID}element/alliance> <http://www.w3.org/2004/02/skos/core#prefLabel> "alliance" .\n'
    f"<{ID}g/1> <https://w3id.org/therapykg/ontology#gradedItem> <{ID}element/alliance> .\n"
)


def test_graph_json_draws_posted_rdf(client: FlaskClient) -> None:
    response = client.post("/visual/graph.json", data=NT, content_type="application/n-triples")
    data = response.get_json()
    assert {n["id"] for n in data["nodes"]} == {f"{ID}element/alliance", f"{ID}g/1"}
    assert len(data["edges"]) == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("<a> <b> .", "application/n-triples", 400),
        ("<p>hi</p>", "text/html", 415),
        (
            '{"@context": "http://example.org/c.jsonld", "@id": "http://e/a"}',
            "application/ld+json",
            400,
        ),
    ],
)
def test_graph_json_refuses_what_it_cannot_read(
    client: FlaskClient, body: str, content_type: str, status: int
) -> None:
    response = client.post("/visual/graph.json", data=body, content_type=content_type)
    assert response.status_code == status


POST_LIMIT = int(setting("rdf-max-post-bytes").default)


def _construct_result(size: int) -> bytes:
    """N-Triples of about `size` bytes, as a CONSTRUCT result would be."""
    line = f'<{ID}element/e{{}}> <http://www.w3.org/2004/02/skos/core#prefLabel> "{"x" * 60}" .\n'
    return "".join(line.format(i) for i in range(size // len(line) + 1)).encode()


def test_graph_json_draws_a_result_far_above_the_apps_query_limit(client: FlaskClient) -> None:
    """The app caps bodies at its query limit (64 kB); this route's own limit is 8 MiB."""
    body = _construct_result(500_000)
    assert 500_000 <= len(body) < POST_LIMIT
    response = client.post("/visual/graph.json", data=body, content_type="application/n-triples")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["total_nodes"] == body.count(b"\n")


def test_graph_json_refuses_a_huge_body(client: FlaskClient) -> None:
    body = b"#" * (POST_LIMIT + 1)
    response = client.post("/visual/graph.json", data=body, content_type="text/turtle")
    assert response.status_code == 413
    chunked = client.post(
        "/visual/graph.json",
        input_stream=io.BytesIO(body),  # no Content-Length: stopped while it is read
        content_type="text/turtle",
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert chunked.status_code == 413


@pytest.mark.parametrize("path", ["/evidence", "/evidence/sections.svg", "/evidence/sections.csv"])
@pytest.mark.parametrize("article", ["not an iri", "http://e/<x>", "a b"])
def test_evidence_for_an_article_that_is_not_an_iri_is_400(
    client: FlaskClient, path: str, article: str
) -> None:
    response = client.get(path, query_string={"article": article})
    assert response.status_code == 400
    assert "is not an IRI" in response.get_data(as_text=True)


def test_without_a_store_the_error_says_how_to_register() -> None:
    app = Flask("therapykg.web")
    app.register_blueprint(visuals.bp)
    with app.test_request_context(), pytest.raises(RuntimeError, match="get_store=get_store"):
        visuals._store()


EBTR = f"{ID}article/ebtr/v1.0"


def test_evidence_for_one_article_shows_only_its_sections(client: FlaskClient) -> None:
    html = client.get("/evidence", query_string={"article": EBTR}).get_data(as_text=True)
    assert "Sentences per section of" in html and "Creators &amp; Lineage" in html
    table = client.get("/evidence/sections.csv", query_string={"article": EBTR})
    rows = list(csv.DictReader(io.StringIO(table.get_data(as_text=True))))
    assert rows and {r["article"] for r in rows} == {EBTR}
    svg = client.get("/evidence/sections.svg", query_string={"article": EBTR}).get_data()
    assert svg.count(b"<rect") > len(rows)


def test_evidence_offers_the_articles_by_title(client: FlaskClient) -> None:
    html = client.get("/evidence").get_data(as_text=True)
    assert '<select id="tkg-evidence-article" name="article">' in html
    assert f'<option value="{EBTR}">' in html
    chosen = client.get("/evidence", query_string={"article": EBTR}).get_data(as_text=True)
    assert f'<option value="{EBTR}" selected>' in chosen


def test_evidence_for_an_unknown_article_is_404(client: FlaskClient) -> None:
    assert client.get("/evidence", query_string={"article": f"{ID}article/nope"}).status_code == 404


def test_a_large_corpus_is_shown_by_section_heading(store: OxigraphStore) -> None:
    app = create_app({"STORE": store, "QUERY_WORKERS": 0, "EVIDENCE_CORPUS_ABOVE": 1})
    try:
        client = app.test_client()
        html = client.get("/evidence").get_data(as_text=True)
        assert "Sentences by section heading across 3 articles" in html
        assert "Showing" not in html and "frameworks added up" in html
        grades = client.get("/evidence/grades.csv").get_data(as_text=True).splitlines()[1:]
        assert f"All {len(grades)} frameworks" in html
        text = client.get("/evidence/sections.csv").get_data(as_text=True)
        head, *rows = list(csv.reader(io.StringIO(text)))
        assert head == ["heading", "label", "sourced", "LLM", "untagged", "total"]
        assert "Creators & Lineage" in {r[0] for r in rows}
        # the CSV and the chart hold the same headings
        svg = client.get("/evidence/sections.svg").get_data(as_text=True)
        assert all(charts.escape(r[0][:30]) in svg for r in rows)
        # one article still shows its sections by tier
        one = client.get("/evidence", query_string={"article": EBTR}).get_data(as_text=True)
        assert "Sentences per section of" in one and ">T1<" in one
    finally:
        close_app(app)
