"""How long the lineage picture takes to become usable on a large graph, in real Chromium.

Builds a synthetic lineage of 2,000 nodes (frameworks, theories, people) and 5,000 edges as
LineageLinks with their sentences (a third LLM-tagged) in an in-memory store, serves the visuals
blueprint on 127.0.0.1, and opens /lineage?limit=2000 in Debian's Chromium (no browser download).

Measured once:
  projection_ms   `network.lineage_graph(store)`: the SPARQL projection into networkx
Measured, median of --runs (the pages reuse that one projection):
  json_ms         the server turns the projection into /lineage.json (vis data, capped, JSON)
  ready_ms        navigation start → the network is laid out, drawn and takes input
  click_ms        a click on a node → its selection panel is shown
  redraw_ms       one zoom step → the next frame is drawn
  longest_task_ms the longest main-thread task while zooming and dragging after ready

Not a test: run `python benchmarks/visual_lineage.py [--runs 3] [--nodes 2000 --edges 5000]`.
The figures go to stdout and to test-output/benchmarks/visual_lineage.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import launch  # noqa: E402
from therapykg.graph.network import lineage_graph  # noqa: E402
from therapykg.graph.store import OxigraphStore, Store  # noqa: E402
from therapykg.ontology.vocab import DEFAULT_BASE, RDF, SKOS, TKG, XSD  # noqa: E402
from therapykg.web import visuals  # noqa: E402
from therapykg.web.app import create_app  # noqa: E402

KINDS = (
    ("framework", TKG.Framework, 0.6),
    ("theory", TKG.Theory, 0.15),
    ("person", TKG.Person, 0.25),
)


def synthetic_quads(nodes: int, edges: int, seed: int = 7) -> list[ox.Quad]:
    """A DAG: every edge runs from a later node to an earlier one, so there is no cycle."""
    rng = random.Random(seed)
    graph = ox.NamedNode(f"{DEFAULT_BASE}article/synthetic/v1")
    quads: list[ox.Quad] = []
    names: list[ox.NamedNode] = []
    for index in range(nodes):
        kind, cls, _ = rng.choices(KINDS, weights=[k[2] for k in KINDS])[0]
        node = ox.NamedNode(f"{DEFAULT_BASE}{kind}/n{index}")
        names.append(node)
        quads += [
            ox.Quad(node, RDF.type, cls, graph),
            ox.Quad(node, SKOS.prefLabel, ox.Literal(f"{kind.title()} {index}"), graph),
        ]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < edges:
        a = rng.randrange(1, nodes)
        b = rng.randrange(max(0, a - 200), a)
        pairs.add((a, b))
    for number, (a, b) in enumerate(sorted(pairs)):
        quads += _link(graph, number, names[a], names[b], llm=rng.random() < 0.33)
    return quads


def _link(
    graph: ox.NamedNode, n: int, a: ox.NamedNode, b: ox.NamedNode, llm: bool
) -> list[ox.Quad]:
    link = ox.NamedNode(f"{graph.value}/lineage-{n}")
    sentence = ox.NamedNode(f"{graph.value}/s-{n}")
    flag = ox.Literal("true" if llm else "false", datatype=XSD.boolean)
    return [
        ox.Quad(link, RDF.type, TKG.LineageLink, graph),
        ox.Quad(link, TKG.lineageSubject, a, graph),
        ox.Quad(link, TKG.lineageObject, b, graph),
        ox.Quad(link, TKG.extractedFrom, sentence, graph),
        ox.Quad(a, TKG.directlyInfluencedBy, b, graph),
        ox.Quad(sentence, RDF.type, TKG.Statement, graph),
        ox.Quad(sentence, TKG.text, ox.Literal(f"Link {n}: {a.value} drew on {b.value}."), graph),
        ox.Quad(sentence, TKG.llmTagged, flag, graph),
    ]


@contextmanager
def serve(store: OxigraphStore) -> Iterator[str]:
    app = create_app({"STORE": store, "QUERY_WORKERS": 0})
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


_INTERACT = """async () => {
  const TKG = window.TherapyKG, network = TKG.current.network;
  const longest = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longest.push(e.duration)))
    .observe({ type: "longtask", buffered: false });
  const frame = () => new Promise((done) => network.once("afterDrawing", done));
  const t0 = performance.now();
  const drawn = frame();
  network.moveTo({ scale: network.getScale() * 1.25 });
  await drawn;
  const redraw = performance.now() - t0;
  for (let i = 0; i < 5; i += 1) {
    const next = frame();
    network.moveTo({ position: { x: i * 40, y: i * 25 }, scale: network.getScale() * 0.95 });
    await next;
  }
  await new Promise((done) => setTimeout(done, 200));
  return { redraw, longest: Math.max(0, ...longest) };
}"""

_CLICK_TARGET = """() => {
  const c = window.TherapyKG.current, id = c.nodes.getIds()[0];
  c.network.focus(id, { scale: 1.5, animation: false });
  const p = c.network.canvasToDOM(c.network.getPosition(id));
  const box = c.container.getBoundingClientRect();
  return { x: box.left + p.x, y: box.top + p.y };
}"""


def measure_once(page: Page, url: str) -> dict[str, float]:
    page.goto(f"{url}/lineage?limit=5000")
    page.wait_for_selector("#tkg-network[data-state=ready]", timeout=120_000)
    ready = page.evaluate("window.TherapyKG.readyAt")
    interaction: dict[str, float] = page.evaluate(_INTERACT)
    target = page.evaluate(_CLICK_TARGET)
    page.wait_for_timeout(100)
    start = time.perf_counter()
    page.mouse.click(target["x"], target["y"])
    page.wait_for_selector("#tkg-selection:not([hidden])", timeout=10_000)
    click = (time.perf_counter() - start) * 1000
    return {
        "ready_ms": ready,
        "click_ms": click,
        "redraw_ms": interaction["redraw"],
        "longest_task_ms": interaction["longest"],
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    store = OxigraphStore()
    store.bulk_add(synthetic_quads(args.nodes, args.edges))
    start = time.perf_counter()
    graph = lineage_graph(store)
    projection_ms = (time.perf_counter() - start) * 1000

    def reuse(store: Store, **_: object) -> Any:  # the pages reuse the projection measured above
        return graph

    visuals.lineage_graph = reuse  # type: ignore[attr-defined]
    runs: list[dict[str, float]] = []
    with serve(store) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        json_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            data = requests.get(f"{url}/lineage.json?limit=5000", timeout=300).json()
            json_times.append((time.perf_counter() - start) * 1000)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            runs.append(measure_once(page, url))
            page.close()
        browser.close()
    result: dict[str, Any] = {
        "nodes": len(data["nodes"]),
        "edges": len(data["edges"]),
        "runs": args.runs,
        "projection_ms": round(projection_ms),
        "json_ms": round(statistics.median(json_times)),
        **{k: round(statistics.median(r[k] for r in runs)) for k in runs[0]},
        "chromium": "/usr/bin/chromium (Debian), headless, --disable-gpu",
    }
    out = ROOT / "test-output" / "benchmarks" / "visual_lineage.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
