"""Refresh the README's pictures: docs/screenshots/wheel.png and docs/screenshots/lineage.png.

Loads the bundled articles into an in-memory store, serves the app on 127.0.0.1 and photographs
the seed framework's wheel and the lineage graph in Debian's Chromium (no browser download).
Not a test: run `python benchmarks/visual_screenshots.py` after a change to the pictures.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import launch  # noqa: E402
from tests.web.live import live_server  # noqa: E402
from therapykg.graph.load import load_paths  # noqa: E402
from therapykg.graph.store import OxigraphStore  # noqa: E402
from therapykg.web.app import close_app, create_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SEED = "evidence-based-therapy-relationships-and-responsiveness"
SHOTS = {
    "wheel.png": f"/framework/{SEED}/wheel",
    "lineage.png": f"/lineage/framework/{SEED}",
}


def photograph(page: Page, url: str, target: Path) -> None:
    page.goto(url)
    page.wait_for_selector("#tkg-network[data-state=ready]", timeout=30_000)
    page.mouse.move(0, 0)
    page.locator("#tkg-network").screenshot(path=str(target))
    print(target.relative_to(ROOT))


def main() -> None:
    store = OxigraphStore()
    load_paths(store, [ROOT / "articles"])
    app = create_app({"STORE": store, "QUERY_WORKERS": 0})
    OUT.mkdir(parents=True, exist_ok=True)
    with live_server(app) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for name, path in SHOTS.items():
            photograph(page, url + path, OUT / name)
        browser.close()
    close_app(app)


if __name__ == "__main__":
    main()
