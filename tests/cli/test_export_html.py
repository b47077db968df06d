"""`therapykg export --format html`: a network as one page that opens offline in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Route, sync_playwright

from tests.browser import launch
from tests.cli.test_cli import REPO, run


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("html") / "store"
    result = run(store, "load", str(REPO / "articles"))
    assert result.exit_code == 0, result.output
    return store


@pytest.mark.parametrize("which", ["lineage", "elements"])
def test_a_network_page_opens_offline_with_every_node(
    corpus_store: Path, tmp_path: Path, which: str
) -> None:
    page_file = tmp_path / f"{which}.html"
    result = run(
        corpus_store, "export", "--format", "html", "--network", which, "-o", str(page_file)
    )
    assert result.exit_code == 0, result.output
    graphml = tmp_path / f"{which}.graphml"
    assert (
        run(
            corpus_store, "export", "--format", "graphml", "--network", which, "-o", str(graphml)
        ).exit_code
        == 0
    )
    expected_nodes = graphml.read_text(encoding="utf-8").count("<node ")
    assert expected_nodes > 3

    requested: list[str] = []

    def refuse(route: Route) -> None:
        requested.append(route.request.url)
        route.abort()

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context()
        context.route("http*://**/*", refuse)  # nothing may be fetched: the page must stand alone
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_file.as_uri())
        page.wait_for_selector("#network canvas")
        drawn = page.evaluate("document.querySelectorAll('#network canvas').length")
        header = page.inner_text("header")
        browser.close()
    assert drawn == 1 and not errors and requested == []
    assert f"{expected_nodes} nodes" in header
