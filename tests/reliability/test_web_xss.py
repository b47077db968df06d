"""XSS on every page: an article and an RDF file full of markup, script-breaking text, quoting
tricks and javascript:/data: IRIs, loaded through the real loaders next to the bundled articles;
then every page reachable from the home page, every entity page of the hostile data, the
endpoint's HTML results, search, named-query and error pages are parsed as a browser would, and
none may carry a script or handler that the data put there.

Extends tests/web/test_web_pages.py (hostile text inert on a fixed list of pages of a hand-made
graph) to the real pipeline and to every page.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore
from therapykg.queries.registry import named_queries
from therapykg.web.app import close_app, create_app
from therapykg.web.paths import local_path
from therapykg.web.serve import articles_folder

DATA = Path(__file__).parent / "data"
HOSTILE_GRAPH = "http://example.org/hostile"
HTML = {"Accept": "text/html"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
NEVER = {"iframe", "frame", "object", "embed", "base", "applet"}


class Inspector(HTMLParser):
    """Collects what a browser would run or follow that the data might have put there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>: an event handler")
            plain = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in URL_ATTRIBUTES and plain.startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"<{tag} {name}={value[:60]!r}>: a script URL")
        if tag in NEVER:
            self.problems.append(f"<{tag}>: an element the app never writes")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            if not values.get("src", "").startswith("/static/") and values.get("type") != (
                "application/json"
            ):
                self.problems.append("<script> inline, not a JSON data block")
            self._raw = tag
        if tag == "style":
            self._raw = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "style" and ("evil.example" in data or "alert(" in data):
            self.problems.append("<style> holding text from the data")
        if self._raw == "script" and "</script" in data.lower():
            self.problems.append("a script block that the data closed")


def inspect(text: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(text)
    inspector.close()
    return inspector.problems


@pytest.fixture(scope="module")
def client() -> Iterator[FlaskClient]:
    folder = articles_folder()
    assert folder is not None
    store = OxigraphStore(None)
    loaded = load_paths(store, [folder, DATA / "hostile.txt"])
    assert not loaded.errors, loaded.errors
    imported = load_paths(store, [DATA / "hostile.ttl"], graph=HOSTILE_GRAPH)
    assert imported.rdf_files == 1, imported.errors
    app = create_app({"STORE": store})
    yield app.test_client()
    close_app(app)
    store.close()


def _hostile_iris(client: FlaskClient) -> list[str]:
    app = client.application
    from therapykg.web.state import get_state

    store = get_state(app).store
    result = store.query(
        "SELECT DISTINCT ?s WHERE { { GRAPH ?g { ?s ?p ?o } FILTER(?g = <"
        + HOSTILE_GRAPH
        + ">) } UNION { ?s tkg:inArticle ?a . FILTER(CONTAINS(STR(?a), 'hostile-practice')) }"
        " UNION { ?a tkg:describesApproach ?s . FILTER(CONTAINS(STR(?a), 'hostile-practice')) } }"
    )
    assert isinstance(result, ox.QuerySolutions)
    return [row["s"].value for row in result if isinstance(row["s"], ox.NamedNode)]


def _start_pages(client: FlaskClient) -> list[str]:
    pages = ["/", "/query", "/queries", "/export", "/search?q=script", "/ontology"]
    pages += ["/search?q=" + quote('"><script>alert(1)</script>')]
    pages += ["/lineage", "/evidence"]
    for iri in _hostile_iris(client):
        path = local_path(iri)
        if path is not None:
            pages.append(quote(path, safe="/%'()"))
    select = f"SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{HOSTILE_GRAPH}>) }}"
    pages.append("/sparql?query=" + quote(select))
    pages.append("/sparql?query=" + quote("SELECT ?t WHERE { ?s tkg:text ?t } LIMIT 500"))
    pages.append("/sparql?query=" + quote("CONSTRUCT WHERE { ?s skos:prefLabel ?o }"))
    hostile_value = '"><script>alert("param")</script>'
    for name, query in named_queries().items():
        pages.append(f"/queries/{name}")
        for parameter in query.parameters:
            pages.append(f"/queries/{name}?{parameter.name}={quote(hostile_value)}")
    pages.append("/queries/" + quote("<script>alert(404)</script>", safe=""))
    pages.append("/id/framework/" + quote("<img src=x onerror=alert(404)>", safe=""))
    pages.append("/sparql?query=" + quote("SELECT * WHERE { <script>alert(400)</script> }"))
    return pages


def test_no_page_runs_what_the_data_says(client: FlaskClient) -> None:
    queue = deque(_start_pages(client))
    seen: set[str] = set()
    failures: list[str] = []
    html_pages = 0
    while queue and len(seen) < 600:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, headers=HTML)
        if response.status_code >= 500:
            failures.append(f"{path}: {response.status_code}")
        if not response.content_type.startswith("text/html"):
            continue
        html_pages += 1
        csp = response.headers.get("Content-Security-Policy", "")
        if "script-src 'self'" not in csp:
            failures.append(f"{path}: no strict CSP ({csp!r})")
        failures += [f"{path}: {problem}" for problem in inspect(response.text)]
        for href in re.findall(r'href="([^"#]+)"', response.text):
            target = urljoin(path, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or parts.path.startswith(("/static/", "/export/")):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert not failures, "\n".join(failures[:40])
    assert html_pages > 60, f"only {html_pages} pages were looked at"


def test_the_inspector_sees_what_it_must() -> None:
    """The checker itself: each kind of injection it exists to find, it finds."""
    assert inspect("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == []
    assert inspect('<script src="/static/app.js"></script>') == []
    assert inspect('<script type="application/json">{"a": "\\u003c/script\\u003e"}</script>') == []
    for hostile in (
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href=" javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<iframe src="/"></iframe>',
        "<div title='x' onmouseover='alert(1)'></div>",
        "<style>*{display:none}</style><base href='//evil.example/'>",
    ):
        assert inspect(hostile), hostile
