"""/lineage without a focus draws from the summary graph's ranking of the lineage network: the same
nodes, edges, titles and counts as the whole projection, on the bundled corpus and a generated one.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.visuals.support import make_app
from therapykg.graph.network import (
    TOTAL_EDGES,
    TOTAL_NODES,
    UNLINKED,
    lineage_around,
    lineage_graph,
    lineage_part,
    lineage_ranking,
    lineage_texts,
)
from therapykg.graph.store import OxigraphStore
from therapykg.graph.summary import summary_graph
from therapykg.web import network
from therapykg.web.app import close_app


def picture(data: network.VisData) -> dict[str, Any]:
    """What the page draws: the nodes in order, the edges in order, every field of each."""
    return {
        "nodes": [dict(node) for node in data["nodes"]],
        "edges": [dict(edge) for edge in data["edges"]],
        "counts": (
            data["total_nodes"],
            data["total_edges"],
            data["truncated"],
            data.get("unlinked"),
        ),
    }


@pytest.mark.parametrize("corpus", ["bundled", "generated"])
def test_the_busiest_part_draws_what_the_whole_projection_draws(
    corpus: str, request: pytest.FixtureRequest
) -> None:
    store: OxigraphStore = request.getfixturevalue(corpus)
    whole = lineage_graph(store)  # with every edge's text
    linked = sum(1 for n in whole if whole.degree(n))
    assert linked > 10, "the corpus has too small a lineage network to compare"
    for limit in (1, 5, 60, linked - 1, linked, linked + 10):
        part = lineage_part(store, busiest=limit)
        assert part is not None
        lineage_texts(store, part, part.edges)
        expected = network.lineage_network(whole, limit=limit)
        assert picture(network.lineage_busiest(part)) == picture(expected), limit


@pytest.mark.parametrize("corpus", ["bundled", "generated"])
def test_the_summary_keeps_the_networks_size_and_ranks(
    corpus: str, request: pytest.FixtureRequest
) -> None:
    store: OxigraphStore = request.getfixturevalue(corpus)
    whole = lineage_graph(store, texts=False)
    ranking = lineage_ranking(store)
    busiest = network.lineage_nodes(whole, limit=whole.number_of_nodes())
    assert [node for node, _ in ranking.ranked] == busiest
    assert ranking.edges == whole.number_of_edges()
    assert ranking.unlinked == network.unlinked_nodes(whole)
    part = lineage_part(store, busiest=3)
    assert part is not None
    assert (part.graph[TOTAL_NODES], part.graph[TOTAL_EDGES], part.graph[UNLINKED]) == (
        len(busiest),
        whole.number_of_edges(),
        network.unlinked_nodes(whole),
    )


def test_a_store_whose_summary_has_no_ranking_draws_from_the_whole_projection(
    bundled: OxigraphStore,
) -> None:
    store = OxigraphStore()
    store.bulk_add(
        q for q in bundled.quads() if q.graph_name != summary_graph()
    )  # the summary graph an older version wrote had no ranking; here, none at all
    assert lineage_part(store, busiest=60) is None
    app = make_app(store)
    try:
        client = app.test_client()
        expected = network.lineage_network(lineage_graph(store), limit=60)
        answer = client.get("/lineage.json")
        assert answer.status_code == 200
        assert [n["id"] for n in answer.get_json()["nodes"]] == [n["id"] for n in expected["nodes"]]
    finally:
        close_app(app)


def test_the_page_and_its_data_come_from_the_busiest_part(bundled: OxigraphStore) -> None:
    app = make_app(bundled)
    try:
        client = app.test_client()
        expected = network.lineage_network(lineage_graph(bundled), limit=7)
        answer = client.get("/lineage.json?limit=7")
        assert answer.status_code == 200
        assert picture(answer.get_json()) == picture(expected)
        rows = network.lineage_rows(expected)
        csv = client.get("/lineage.csv?limit=7").get_data(as_text=True)
        assert csv.count("\r\n") == len(rows) + 1
        page = client.get("/lineage?limit=7")
        assert page.status_code == 200
        assert rows[0]["subject_label"].split()[0] in page.get_data(as_text=True)
    finally:
        close_app(app)


@pytest.mark.parametrize("corpus", ["bundled", "generated"])
def test_a_clicks_neighbourhood_is_read_alone_and_is_the_same(
    corpus: str, request: pytest.FixtureRequest
) -> None:
    store: OxigraphStore = request.getfixturevalue(corpus)
    whole = lineage_graph(store)
    ranked = network.lineage_nodes(whole, limit=whole.number_of_nodes())
    app = make_app(store)
    try:
        client = app.test_client()
        for node in ranked[:3] + ranked[-3:]:
            part = lineage_around(store, node)
            assert part is not None
            expected = network.lineage_neighbourhood(whole, node)
            answer = client.get("/lineage.json", query_string={"expand": node})
            assert answer.status_code == 200
            assert picture(answer.get_json()) == picture(expected), node
        # once the whole projection is kept (serve's warm-up asks for it), it answers the same
        assert client.get("/lineage.json?unlinked=1&limit=1").status_code == 200
        answer = client.get("/lineage.json", query_string={"expand": ranked[0]})
        expected = network.lineage_neighbourhood(whole, ranked[0])
        assert picture(answer.get_json()) == picture(expected)
    finally:
        close_app(app)
    unlinked = [n for n in whole if not whole.degree(n)]
    for node in unlinked[:1]:
        assert lineage_around(store, node) is None
