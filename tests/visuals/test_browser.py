"""The pictures in real Chromium (Debian's, driven by Playwright) against a live server.

Every test runs on a watched page: it fails on any console error or page error and on any request
that leaves 127.0.0.1 (see conftest.py). Screenshots go to test-output/visuals/.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from playwright.sync_api import Page

from tests.visuals.conftest import Watched
from tests.visuals.support import SEED_FRAMEWORK, SEED_IRI
from therapykg.graph import pictures
from therapykg.graph.network import lineage_graph
from therapykg.graph.store import OxigraphStore
from therapykg.web import palette

ID = "https://w3id.org/therapykg/id/"
WHEEL = f"/framework/{SEED_FRAMEWORK}/wheel"
ALLIANCE = ID + "element/alliance"
READY = "#tkg-network[data-state=ready]"
GRADED = """
SELECT DISTINCT ?framework ?item ?grade WHERE {
  ?framework tkg:hasGrading ?g . ?g tkg:gradedItem ?item ; tkg:hasGrade ?grade .
}
"""
POINT = """(id) => {
  const c = window.TherapyKG.current, box = c.container.getBoundingClientRect();
  const p = c.network.canvasToDOM(c.network.getPosition(id));
  return { x: box.left + p.x, y: box.top + p.y, cx: p.x, cy: p.y };
}"""
CENTRE = """(id) => {
  window.TherapyKG.current.network.moveTo({ position: window.TherapyKG.current.network
    .getPosition(id), scale: 2, animation: false });
}"""
AT = "([x, y]) => window.TherapyKG.current.network.getNodeAt({ x: x, y: y }) ?? null"
PIXEL = """([x, y]) => {
  const canvas = document.querySelector("#tkg-network canvas"), r = window.devicePixelRatio;
  return Array.from(canvas.getContext("2d").getImageData(x * r, y * r, 1, 1).data);
}"""
NODES = "() => window.TherapyKG.current.nodes.get().map(({ title, ...rest }) => rest)"
VISIBLE_EDGES = (
    "() => window.TherapyKG.current.edges.get({ filter: (e) => !e.hidden }).map((e) => e.id)"
)


def open_picture(seen: Watched, server: str, path: str, ready: str = READY) -> Page:
    seen.page.goto(server + path)
    seen.page.wait_for_selector(ready, state="attached", timeout=20_000)
    seen.page.locator("#tkg-network, main").first.scroll_into_view_if_needed()
    return seen.page


def point(page: Page, node: str) -> dict[str, float]:
    result: dict[str, float] = page.evaluate(POINT, node)
    return result


def target(page: Page, node: str) -> dict[str, float]:
    """Where to point the mouse at `node`: centred and enlarged first, so that no neighbour
    drawn close by (the layout differs from run to run) takes the click or the hover."""
    page.evaluate(CENTRE, node)
    where = point(page, node)
    assert page.evaluate(AT, [where["cx"], where["cy"]]) == node, "another node is on top"
    return where


def rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        (WHEEL, READY),
        ("/framework/person-centered-therapy/wheel", READY),
        ("/lineage", READY),
        ("/lineage/framework/person-centered-therapy", READY),
        ("/evidence", "body[data-state=ready]"),
        ("/visual/graph?query=" + quote(f"DESCRIBE <{ALLIANCE}>"), READY),
    ],
)
def test_each_picture_loads_clean_and_offline(
    watched: Watched, server: str, path: str, ready: str
) -> None:
    open_picture(watched, server, path, ready)
    watched.screenshot("load " + path.split("?")[0])
    # the watched fixture fails the test on console errors and on requests off 127.0.0.1


def test_wheel_shows_exactly_what_sparql_returns_coloured_by_grade(
    watched: Watched, server: str, store: OxigraphStore
) -> None:
    page = open_picture(watched, server, WHEEL)
    page.mouse.move(0, 0)  # nothing hovered or selected: every node in its own colour
    rows = store.query(GRADED, bindings={"framework": ox.NamedNode(SEED_IRI)})
    assert isinstance(rows, ox.QuerySolutions)
    expected = {r["item"].value: pictures.grade_slug(r["grade"].value) for r in rows}
    drawn = {n["iri"]: n for n in page.evaluate(NODES) if n["id"] != SEED_IRI}
    assert set(drawn) == set(expected)
    for iri, grade in expected.items():
        node = drawn[iri]
        assert node["color"]["background"] == palette.GRADE_COLOURS[grade]
        assert node["shape"] == ("diamond" if "/adaptation/" in iri else "dot")
        where = point(page, node["id"])
        pixel = page.evaluate(PIXEL, [where["cx"], where["cy"]])
        want = rgb(palette.GRADE_COLOURS[grade])
        assert all(abs(a - b) <= 6 for a, b in zip(pixel[:3], want, strict=True)), (iri, pixel)
    watched.screenshot("wheel")


def test_hover_shows_the_grading_sentence_and_its_tag(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, WHEEL)
    where = target(page, f"{ALLIANCE}#demonstrably-effective")
    page.mouse.move(where["x"], where["y"])
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "alliance — demonstrably effective (individual, youth, family)" in text
    assert "Rated demonstrably effective were the alliance" in text
    assert "[source 1 · T1]" in text
    watched.screenshot("wheel hover")


def test_an_llm_tagged_grading_says_llm_on_hover(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, "/framework/person-centered-therapy/wheel")
    where = target(page, ID + "element/empathy#demonstrably-effective")
    page.mouse.move(where["x"], where["y"])
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible")
    assert "[LLM]" in tip.inner_text()


def test_clicking_a_node_opens_its_entity_page(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, WHEEL)
    where = target(page, f"{ALLIANCE}#demonstrably-effective")
    page.mouse.click(where["x"], where["y"])
    page.wait_for_url(f"{server}/id/element/alliance")
    assert "alliance" in page.inner_text("main h1")  # the entity page of #5


def test_lineage_filter_hides_the_llm_only_edges(
    watched: Watched, server: str, store: OxigraphStore
) -> None:
    page = open_picture(watched, server, "/lineage")
    graph = lineage_graph(store)
    every = {f"{a}|{b}" for a, b in graph.edges}
    sourced = {f"{a}|{b}" for a, b, d in graph.edges(data=True) if not d["llm_only"]}
    assert sourced and sourced != every
    assert set(page.evaluate(VISIBLE_EDGES)) == every
    page.focus("#tkg-hide-llm")
    page.keyboard.press("Space")  # the filter works from the keyboard
    assert page.is_checked("#tkg-hide-llm")
    assert set(page.evaluate(VISIBLE_EDGES)) == sourced
    assert page.locator("#tkg-alternative tr[data-llm-only=true]:visible").count() == 0
    assert page.locator("#tkg-alternative tr[data-llm-only=false]:visible").count() == len(sourced)
    watched.screenshot("lineage without llm-only edges")
    page.keyboard.press("Space")
    assert set(page.evaluate(VISIBLE_EDGES)) == every


LABEL_SIZES = """() => {
  const c = window.TherapyKG.current, scale = c.network.getScale();
  return c.nodes.getIds({ filter: (n) => !n.hidden })
    .map((id) => c.network.body.nodes[id].options.font.size * scale);
}"""
ISOLATED = """() => {
  const c = window.TherapyKG.current;
  return c.nodes.getIds().filter((id) => !c.network.getConnectedEdges(id).length);
}"""


def test_lineage_draws_no_loose_dots_and_readable_labels(
    watched: Watched, server: str, store: OxigraphStore
) -> None:
    graph = lineage_graph(store)
    unlinked = {n for n in graph.nodes if not graph.degree(n)}
    assert unlinked  # the seed holds a node with no lineage link: it must not be drawn
    page = open_picture(watched, server, "/lineage")
    assert page.evaluate(ISOLATED) == []
    sizes: list[float] = page.evaluate(LABEL_SIZES)
    assert sizes and sum(size >= 11 for size in sizes) > len(sizes) / 2, sizes
    filters = page.inner_text("#tkg-filters")
    assert "connected lineage" in filters and f"Left out: {len(unlinked)}" in filters
    page.uncheck("input[name=kind][value=person]")
    assert "Hidden: person" in page.inner_text("#tkg-filters")
    page.click("#tkg-filters a")  # "Draw them too"
    page.wait_for_selector(READY)
    assert set(page.evaluate(ISOLATED)) == unlinked
    assert min(page.evaluate(LABEL_SIZES)) >= 11


def test_wheel_labels_are_readable_and_its_hub_above_the_fold(
    watched: Watched, server: str
) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(server + WHEEL)
    page.wait_for_selector(READY, state="attached", timeout=20_000)
    assert page.evaluate("window.scrollY") == 0
    sizes: list[float] = page.evaluate(LABEL_SIZES)
    assert len(sizes) == 19 and min(sizes) >= 11, sizes
    hub = page.evaluate(POINT, SEED_IRI)
    assert 0 < hub["x"] < 1400 and 0 < hub["y"] < 1000, hub
    watched.screenshot("wheel above the fold")


def test_lineage_kind_filter_hides_people(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, "/lineage")
    page.uncheck("input[name=kind][value=person]")
    nodes: list[dict[str, Any]] = page.evaluate(NODES)
    assert {n["kind"] for n in nodes if not n.get("hidden")} == {"framework", "theory"}
    assert all(n.get("hidden") for n in nodes if n["kind"] == "person")


def test_clicking_a_lineage_node_adds_its_neighbours(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, "/lineage?limit=1")
    assert [n["id"] for n in page.evaluate(NODES)] == [SEED_IRI]
    where = target(page, SEED_IRI)
    page.mouse.click(where["x"], where["y"])
    page.wait_for_function("() => window.TherapyKG.current.nodes.length > 1")
    ids = {n["id"] for n in page.evaluate(NODES)}
    assert ID + "person/john-c-norcross" in ids and ID + "framework/person-centered-therapy" in ids
    assert page.locator("#tkg-selection a", has_text="Open its page").get_attribute("href") == (
        f"/id/framework/{SEED_FRAMEWORK}"
    )


def test_search_focuses_a_node(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, "/lineage")
    page.fill("#tkg-search-input", "carl")
    page.press("#tkg-search-input", "Enter")
    page.wait_for_function("() => window.TherapyKG.current.network.getSelectedNodes().length")
    assert page.evaluate("window.TherapyKG.current.network.getSelectedNodes()") == [
        ID + "person/carl-rogers"
    ]
    assert "Carl Rogers (person)" in page.inner_text("#tkg-selection")


def test_controls_are_reached_with_the_tab_key(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, "/lineage")
    page.focus("body")
    reached = []
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.className")
        )
    assert "tkg-hide-llm" in reached and "tkg-search-input" in reached
    assert "vis-network" in reached  # the picture itself takes keyboard focus (arrows, +/-)


def test_evidence_charts_download_as_png(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, "/evidence", "body[data-state=ready]")
    with page.expect_download() as download:
        page.click("button[data-png=tkg-chart-grades]")
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    assert download.value.suggested_filename == "evidence-grades.png"
    watched.screenshot("evidence")


def test_graph_view_draws_a_construct_result(watched: Watched, server: str) -> None:
    query = (
        "CONSTRUCT { ?g tkg:gradedItem ?i . ?i skos:prefLabel ?l } WHERE { "
        f"<{SEED_IRI}> tkg:hasGrading ?g . ?g tkg:gradedItem ?i . ?i skos:prefLabel ?l }}"
    )
    page = open_picture(watched, server, "/visual/graph?query=" + quote(query))
    assert page.evaluate("window.TherapyKG.current.nodes.length") == 36
    assert page.locator("#tkg-alternative li").count() == 36
    watched.screenshot("graph view")
    where = target(page, ALLIANCE)
    page.mouse.click(where["x"], where["y"])
    page.wait_for_url(f"{server}/id/element/alliance")


def test_graph_view_api_for_the_editor(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, "/visual/graph", "#tkg-network")
    triples = f'<{ALLIANCE}> <http://www.w3.org/2004/02/skos/core#prefLabel> "alliance" .'
    count = page.evaluate(
        """(text) => window.TherapyKG.graphView(document.getElementById("tkg-network"), text,
             "application/n-triples").then((drawing) => drawing.nodes.length)""",
        triples,
    )
    assert count == 1
    page.wait_for_selector(READY)


def test_hostile_text_stays_inert(watched: Watched, server: str) -> None:
    page = open_picture(watched, server, "/framework/hostile/wheel")
    where = target(page, ID + "element/hostile#promising")
    page.mouse.move(where["x"], where["y"])
    page.locator("div.vis-tooltip").wait_for(state="visible")
    assert "<script>window.pwned=5</script>" in page.inner_text("div.vis-tooltip")
    for path in ("/evidence", "/lineage", "/lineage?unlinked=1"):
        page.goto(server + path)
        page.hover("h1")
    assert page.evaluate("typeof window.pwned") == "undefined"
