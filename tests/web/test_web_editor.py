"""The editor in a real browser: Debian's Chromium driven by Playwright (no browser download).

Type a query into YASGUI, run it, see the rows; every request the page makes stays on
127.0.0.1 (a route handler records and blocks anything else), and the Content-Security-Policy
blocks nothing the page needs. Without JavaScript, the plain form gives the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

from tests.browser import launch
from tests.web.conftest import make_app
from tests.web.live import live_server
from therapykg.queries.registry import named_queries
from therapykg.web.app import close_app
from therapykg.web.pages import with_parameter_values

QUERY = (
    "PREFIX tkg: <https://w3id.org/therapykg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?label WHERE { ?e a tkg:RelationshipElement ; skos:prefLabel ?label }\n"
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    app: Flask = make_app()
    with live_server(app) as url:
        yield url
    close_app(app)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


class Watch:
    """Requests that tried to leave 127.0.0.1 (blocked), and console errors."""

    def __init__(self, page: Page) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


def test_type_a_query_run_it_see_rows(server: str, browser: Browser) -> None:
    page = browser.new_page()
    watch = Watch(page)
    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click(".yasqe .CodeMirror-code")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(QUERY)
    page.click(".yasqe_queryButton")
    cell = page.wait_for_selector(".yasr table tbody tr td:has-text('Alliance')", timeout=15000)
    assert cell is not None
    assert watch.outside == []
    assert not [e for e in watch.errors if "Content Security Policy" in e or "Refused" in e]
    page.close()


def test_completion_comes_from_our_vocabulary(server: str, browser: Browser) -> None:
    page = browser.new_page()
    watch = Watch(page)
    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click(".yasqe .CodeMirror-code")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(
        "PREFIX tkg: <https://w3id.org/therapykg/ontology#>\nSELECT * WHERE { ?s a tkg:Grad"
    )
    page.keyboard.press("Control+Space")
    hint = page.wait_for_selector(".CodeMirror-hints li:has-text('tkg:Grading')", timeout=10000)
    assert hint is not None
    assert watch.outside == []
    page.close()


def test_named_query_examples_open_in_the_editor(server: str, browser: Browser) -> None:
    page = browser.new_page()
    watch = Watch(page)
    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.select_option("#example-select", label="Responsiveness adaptations and their grades")
    page.click("text=Open here")
    page.click(".yasqe_queryButton")
    cell = page.wait_for_selector(".yasr table td:has-text('Cultural adaptation')", timeout=15000)
    assert cell is not None
    assert watch.outside == []
    page.close()


SHOWN = """() => {
  const select = document.getElementById("example-select");
  return [select.options[select.selectedIndex].textContent,
          document.querySelector(".yasqe .CodeMirror").CodeMirror.getValue()];
}"""


def test_the_example_menu_names_the_query_in_the_editor(server: str, browser: Browser) -> None:
    page = browser.new_page()
    watch = Watch(page)
    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    title, text = page.evaluate(SHOWN)
    examples = {q.title: q for q in named_queries().values()}
    assert title == "(your own query)", "the editor starts with a query that is no example"
    assert "tkg:Framework" in text
    page.select_option("#example-select", label="Responsiveness adaptations and their grades")
    title, text = page.evaluate(SHOWN)  # choosing an example puts it in the editor at once
    assert title == "Responsiveness adaptations and their grades"
    assert " ".join(text.split()).endswith(
        " ".join(with_parameter_values(examples[title]).split()[-12:])
    )
    page.click(".yasqe .CodeMirror-code")
    page.keyboard.press("Control+End")
    page.keyboard.insert_text("\n# mine now")
    assert page.evaluate(SHOWN)[0] == "(your own query)"  # edited: no longer the example
    assert watch.outside == [] and watch.errors == []
    page.close()


CELLS = """() => {
  const table = document.querySelector("table.results"), width = window.innerWidth;
  const heads = [...table.querySelectorAll("th")].map((th) => [th.textContent,
    th.getBoundingClientRect().right <= width]);
  const links = [...table.querySelectorAll("td a")].map((a) => [a.textContent, a.title]);
  return { heads, links, texts: [...table.querySelectorAll("td")].map((td) => td.textContent) };
}"""


def test_named_query_results_read_as_labels_and_fit_the_window(
    server: str, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page)
    page.goto(server + "/queries/elements-by-grade?grade=demonstrably-effective")  # a slug
    page.wait_for_selector("table.results td")
    assert page.eval_on_selector("#param-grade", "e => e.tagName") == "SELECT"
    assert page.eval_on_selector("#param-grade", "e => e.selectedOptions[0].textContent") == (
        "demonstrably effective"
    )
    found = page.evaluate(CELLS)
    assert not [t for t in found["texts"] if t.startswith(("http:", "https:"))], "no bare IRIs"
    assert ["Alliance", "id:element/alliance"] in found["links"]  # label, prefixed name on hover
    visible = {name: inside for name, inside in found["heads"]}
    assert visible["sentence"] and visible["tag"] and visible["tier"], found["heads"]
    page.select_option("#param-grade", value="https://w3id.org/therapykg/id/grade/promising")
    page.click(".params button[type=submit]")
    page.wait_for_url("**grade=https*promising")
    assert watch.outside == [] and watch.errors == []
    page.close()


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/", "ul.frameworks a"),
        ("/search?q=alliance", "li.hit.sentence a.sentence-text mark"),
        ("/queries/element-evidence?item=alliance", "table.results td a"),
    ],
)
def test_pages_render_clean_in_chromium(
    server: str, browser: Browser, path: str, shown: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page)
    page.goto(server + path)
    assert page.locator(shown).first.is_visible()
    assert watch.outside == [] and watch.errors == []  # CSP violations are console errors
    page.close()


def test_without_javascript_the_form_shows_a_table(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    watch = Watch(page)
    page.goto(server + "/query")
    page.fill("#plain-query", QUERY)
    page.click("#plain-form button:has-text('Run query')")
    cell = page.wait_for_selector("table.results td:has-text('Alliance')")
    assert cell is not None
    assert watch.outside == []
    context.close()


CONSTRUCT = (
    "PREFIX tkg: <https://w3id.org/therapykg/ontology#>\n"
    "CONSTRUCT { ?g tkg:gradedItem ?e } WHERE { ?g tkg:gradedItem ?e }\n"
)


def test_a_construct_result_is_shown_as_a_graph(server: str, browser: Browser) -> None:
    page = browser.new_page()
    watch = Watch(page)
    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate(
        "q => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(q)", CONSTRUCT
    )
    page.click("#show-graph")
    page.wait_for_selector("#tkg-network[data-state=ready]", timeout=20000)
    assert "CONSTRUCT" in page.input_value("#tkg-query")
    assert page.locator("#tkg-alternative li").count() > 0
    assert watch.outside == [] and watch.errors == []
    page.close()


def test_without_javascript_the_form_offers_the_graph_view(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/query")
    page.fill("#plain-query", CONSTRUCT)
    page.click("#plain-form button:has-text('as a graph')")
    assert page.url.startswith(server + "/visual/graph?")
    assert "CONSTRUCT" in page.input_value("#tkg-query")
    context.close()
