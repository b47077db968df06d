"""Retake docs/screenshots/*.png: the bundled articles in an in-memory store, the real app, and
Debian's Chromium at 1400×1000, as a new user sees each page (run from the repository root with
PYTHONPATH set to it)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

import therapykg
from tests.browser import launch
from tests.web.live import live_server
from therapykg.web.app import close_app, create_app

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
FRAMEWORK = "evidence-based-therapy-relationships-and-responsiveness"
PICTURE = "#tkg-network[data-state=ready]"
# (file, path, what shows the page is ready, an element to scroll to the top of the window)
SHOTS = [
    ("wheel.png", f"/framework/{FRAMEWORK}/wheel", PICTURE, None),
    ("lineage.png", "/lineage", PICTURE, "#tkg-network"),
    ("home.png", "/", "ul.frameworks", "#list-Framework"),
    ("search.png", "/search?q=empathy", "ol.search-results", None),
    ("named-query.png", "/queries/elements-by-grade?grade=demonstrably-effective", "table", None),
    ("evidence.png", "/evidence", ".tkg-chart svg", None),
    ("editor.png", "/query", "#yasgui .CodeMirror", None),
    ("entity.png", "/id/element/alliance", "main h1", None),
    ("ontology.png", "/ontology", "main h1", None),
]


def main() -> None:
    graph = therapykg.open("memory:")
    graph.load([str(ROOT / "articles")])
    app = create_app({"STORE": graph.store, "QUERY_WORKERS": 0})
    try:
        with live_server(app) as url, sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for name, path, ready, scroll in SHOTS:
                page.goto(url + path)
                page.wait_for_selector(ready, state="attached", timeout=30_000)
                if scroll:
                    page.locator(scroll).evaluate("element => element.scrollIntoView()")
                page.screenshot(path=str(OUT / name))
                print(OUT / name)
            browser.close()
    finally:
        close_app(app)


if __name__ == "__main__":
    main()
