"""Attacks on a live `therapykg serve` (a real process, its production configuration, loopback
only), over the bundled articles and the hostile data of tests/reliability/data.

Extends tests/web (SERVICE in four spellings, LOAD, dataset IRIs, headers on the home page, 413
through the test client, the time limit) with what they leave out: SERVICE hidden from the guard
by SPARQL's own escapes, by prefixes and by BASE; every update form; path traversal; header
injection; headers on every kind of response; oversized requests on the real server; slow
clients; SPARQL injection through every named-query parameter.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator

import pytest
import requests

from tests.reliability.support import (
    HOSTILE_GRAPH,
    fill_with_hostile_data,
    serving,
)
from tests.servers import Listener
from therapykg.queries.registry import named_queries

SELECT_JSON = {"Accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
BANNERS = re.compile(r"waitress|werkzeug|flask|python/|oxigraph/\d|\d+\.\d+\.\d+", re.IGNORECASE)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store_dir = tmp_path_factory.mktemp("attacks") / "store"
    fill_with_hostile_data(store_dir)
    with serving(store_dir, env={"THERAPYKG_QUERY_TIMEOUT": "3"}) as (_, url):
        yield url


def quads(base: str) -> int:
    answer = requests.get(
        base + "/sparql", params={"query": COUNT}, headers=SELECT_JSON, timeout=60
    )
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_service_hidden_from_the_guard_never_reaches_out(base: str, listener: Listener) -> None:
    """SPARQL lets a prefixed name end in an escaped quote (PN_LOCAL_ESC, `tkg:a\\'`): a guard
    that reads `'` there as the start of a string no longer sees the SERVICE after it."""
    target = f"http://127.0.0.1:{listener.port}/sparql"
    origin = f"http://127.0.0.1:{listener.port}/"
    attempts = {
        "escaped quote in a name": (
            f"SELECT * WHERE {{ BIND(tkg:a\\' AS ?q) SERVICE <{target}> {{ ?x ?y ?z }} }} #'"
        ),
        "escaped quote, union": (
            f"SELECT * WHERE {{ {{ ?s tkg:a\\' ?o }} UNION {{ SERVICE <{target}> {{ ?x ?y ?z }} }}"
            " } #'"
        ),
        "prefixed endpoint": (
            f"PREFIX r: <{origin}> SELECT * WHERE {{ SERVICE r:sparql {{ ?x ?y ?z }} }}"
        ),
        "relative to BASE": f"BASE <{origin}> SELECT * WHERE {{ SERVICE <sparql> {{ ?x ?y ?z }} }}",
        "in a subquery": (
            f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{target}> {{ ?x ?y ?z }} }} }} }}"
        ),
        "in FILTER EXISTS": (
            f"ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}"
        ),
        "glued, after a comment": f"SELECT*WHERE{{SERVICE#x\n<{target}>{{?x?y?z}}}}",
        "update template": f"INSERT {{ ?x ?y ?z }} WHERE {{ SERVICE <{target}> {{ ?x ?y ?z }} }}",
    }
    refused = []
    for name, text in attempts.items():
        for send in (_get, _post_form, _post_direct):
            status = send(base, text)
            if status != 403:
                refused.append(f"{name} by {send.__name__}: {status}")
    connections = listener.connections_after(1.0)
    assert connections == 0, f"{connections} connection(s) reached 127.0.0.1: {refused}"
    assert not refused, refused


def _get(base: str, text: str) -> int:
    return requests.get(base + "/sparql", params={"query": text}, timeout=30).status_code


def _post_form(base: str, text: str) -> int:
    return requests.post(base + "/sparql", data={"query": text}, timeout=30).status_code


def _post_direct(base: str, text: str) -> int:
    media = "application/sparql-update" if text.startswith("INSERT") else "application/sparql-query"
    response = requests.post(
        base + "/sparql", data=text.encode(), headers={"Content-Type": media}, timeout=30
    )
    return response.status_code


def test_updates_and_load_are_refused_and_change_nothing(base: str, listener: Listener) -> None:
    url = f"http://127.0.0.1:{listener.port}/data.ttl"
    before = quads(base)
    updates = [
        f"LOAD <{url}>",
        f"LOAD SILENT <{url}> INTO GRAPH <http://example.org/g>",
        "INSERT DATA { GRAPH <http://example.org/g> { <http://e/a> <http://e/p> 1 } }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP ALL",
        "CREATE GRAPH <http://example.org/new>",
        f"ADD <{HOSTILE_GRAPH}> TO <http://example.org/copy>",
        f"MOVE <{HOSTILE_GRAPH}> TO DEFAULT",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX x: <http://e/> \\u0049NSERT DATA { x:a x:p 1 }",
    ]
    for text in updates:
        by_form = requests.post(base + "/sparql", data={"update": text}, timeout=30)
        direct = requests.post(
            base + "/sparql",
            data=text.encode(),
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        )
        as_query = requests.get(base + "/sparql", params={"query": text}, timeout=30)
        by_get = requests.get(base + "/sparql", params={"update": text}, timeout=30)
        assert by_form.status_code == 403 and direct.status_code == 403, text
        assert as_query.status_code in (400, 403) and by_get.status_code in (400, 403, 405), text
    using = requests.post(
        base + "/sparql",
        params={"using-graph-uri": url},
        data={"update": "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"},
        timeout=30,
    )
    assert using.status_code in (400, 403)
    assert quads(base) == before
    assert listener.connections_after(0.5) == 0


def test_dataset_iris_are_names_never_addresses(base: str, listener: Listener) -> None:
    url = f"http://127.0.0.1:{listener.port}/g.ttl"
    asks = [
        ({"query": "ASK { ?s ?p ?o }", "default-graph-uri": url}, False),
        ({"query": "ASK { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"}, False),
        (
            {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": "file:///etc/passwd"},
            False,
        ),
        ({"query": f"ASK FROM <{url}> {{ ?s ?p ?o }}"}, False),
        ({"query": f"ASK FROM NAMED <{url}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"}, False),
        ({"query": "ASK FROM <file:///etc/passwd> { ?s ?p ?o }"}, False),
    ]
    for params, expected in asks:
        answer = requests.get(base + "/sparql", params=params, headers=SELECT_JSON, timeout=30)
        assert answer.status_code == 200, (params, answer.text)
        assert answer.json()["boolean"] is expected, params
        assert "root:" not in answer.text
    assert listener.connections_after(0.5) == 0


TRAVERSALS = [
    "/export/..%2f..%2f..%2fetc%2fpasswd",
    "/export/%2e%2e/%2e%2e/pyproject.toml",
    "/export/turtle%00.txt",
    "/export/turtle?part=..%2f..%2fetc%2fpasswd",
    "/id/framework/..%2f..%2f..%2fetc%2fpasswd",
    "/id/..%2f..%2fetc/passwd",
    "/id/framework/%2e%2e%2f%2e%2e%2fpyproject.toml.ttl",
    "/id/framework/x%00.ttl",
    "/static/..%2f..%2fcli.py",
    "/static/%2e%2e/%2e%2e/settings.py",
    "/static/../../../../etc/passwd",
    "/static/css/..%5c..%5c..%5ccli.py",
    "/queries/..%2f..%2fsettings",
    "/queries/..%2fframeworks.rq",
    "/queries/frameworks.rq",
    "/framework/..%2f..%2fetc%2fpasswd/wheel",
    "//etc/passwd",
    "/ontology..%2f..%2fsettings.py",
]
LEAKS = ("root:x:0:0", "[project]", "def main", "SETTINGS", "PREFIX tkg:", "import ")


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_reaches_no_file(base: str, path: str) -> None:
    answer = requests.get(base + path, timeout=30, allow_redirects=False)
    assert answer.status_code in (400, 404, 405), f"{path}: {answer.status_code}"
    leaked = [marker for marker in LEAKS if marker in answer.text]
    assert not leaked, f"{path}: {leaked}"


def test_export_file_names_never_come_from_the_request(base: str) -> None:
    answer = requests.get(
        base + "/export/turtle",
        params={"part": "data", "name": "../../x", "filename": '"; evil'},
        timeout=60,
    )
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == 'attachment; filename="therapykg-data.ttl"'


@pytest.mark.parametrize(
    "value",
    [
        "json\r\nSet-Cookie: injected=1",
        "json%0d%0aSet-Cookie:%20injected=1",
        "json\nX-Injected: 1",
        "text/html\r\n\r\n<script>alert(1)</script>",
        "csv\r\nContent-Disposition: attachment; filename=evil.html",
    ],
)
def test_header_injection_through_format(base: str, value: str) -> None:
    for path, params in (
        ("/sparql", {"query": "ASK {}", "format": value}),
        ("/queries/frameworks.csv", {"format": value}),
        ("/id/element/alliance", {"format": value}),
    ):
        answer = requests.get(base + path, params=params, timeout=30)
        assert answer.status_code in (200, 400, 406), (path, answer.status_code)
        names = {name.lower() for name in answer.headers}
        assert "set-cookie" not in names and "x-injected" not in names, (path, answer.headers)
        assert "evil.html" not in answer.headers.get("Content-Disposition", "")
        assert "\r" not in answer.headers.get("Content-Type", "")


def _responses(base: str) -> dict[str, requests.Response]:
    home = requests.get(base + "/", timeout=30)
    static = re.findall(r'(?:href|src)="(/static/[^"]+)"', home.text)
    assert static, "the home page links its static files"
    big = "ASK {} #" + "x" * 70_000
    kinds = {
        "home": home,
        "editor": requests.get(base + "/query", timeout=30),
        "named query": requests.get(base + "/queries/frameworks", timeout=30),
        "csv": requests.get(base + "/queries/frameworks.csv", timeout=30),
        "json": requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=30),
        "service description": requests.get(base + "/sparql", timeout=30),
        "entity": requests.get(base + "/id/element/alliance", timeout=30),
        "entity turtle": requests.get(base + "/id/element/alliance.ttl", timeout=30),
        "export": requests.get(base + "/export/nt", timeout=60),
        "static": requests.get(base + static[0], timeout=30),
        "404": requests.get(base + "/no/such/page", timeout=30),
        "400": requests.get(base + "/sparql", params={"query": "SELECT"}, timeout=30),
        "403": requests.get(base + "/sparql", params={"query": "CLEAR ALL"}, timeout=30),
        "405": requests.put(base + "/sparql", data=b"x", timeout=30),
        "413": requests.get(base + "/sparql", params={"query": big}, timeout=30),
    }
    return kinds


def test_security_headers_on_every_kind_of_response(base: str) -> None:
    problems = []
    for kind, answer in _responses(base).items():
        headers = answer.headers
        csp = headers.get("Content-Security-Policy", "")
        script_src = next(
            (p.strip() for p in csp.split(";") if p.strip().startswith("script-src")), ""
        )
        if not script_src or "unsafe-inline" in script_src or "unsafe-eval" in script_src:
            problems.append(f"{kind}: script-src is {script_src!r}")
        if "frame-ancestors 'none'" not in csp:
            problems.append(f"{kind}: no frame-ancestors 'none'")
        if headers.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{kind}: no nosniff")
        if "Server" in headers or "X-Powered-By" in headers:
            problems.append(f"{kind}: Server {headers.get('Server')!r}")
        if answer.status_code >= 400 and BANNERS.search(answer.text):
            problems.append(f"{kind}: the body names the software: {answer.text[:100]!r}")
    assert not problems, "\n".join(problems)


def test_oversized_requests_are_refused_and_the_server_stays_up(base: str) -> None:
    too_long = "ASK {} #" + "x" * 70_000
    assert requests.get(base + "/sparql", params={"query": too_long}, timeout=30).status_code == 413
    huge_url = requests.get(
        base + "/sparql", params={"query": "ASK{}#" + "x" * 400_000}, timeout=30
    )
    assert huge_url.status_code in (413, 414, 431)
    assert "Server" not in huge_url.headers
    body = b"x" * (20 << 20)
    form = requests.post(
        base + "/sparql",
        data=b"query=ASK%7B%7D%23" + body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=60,
    )
    assert form.status_code == 413, form.status_code
    direct = requests.post(
        base + "/sparql",
        data=b"ASK {} #" + body,
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert direct.status_code == 413

    def chunks() -> Iterator[bytes]:
        yield b"ASK {} #"
        for _ in range(200):
            yield b"x" * 100_000

    chunked = requests.post(
        base + "/sparql",
        data=chunks(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert chunked.status_code == 413
    assert requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=30).ok


def _slow_connection(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=5)
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 1000\r\n\r\nASK"
    )
    return sock


def test_slow_clients_do_not_lock_others_out(base: str) -> None:
    """Slow-loris: 150 connections that send a request's first bytes and then nothing. Others
    must still be served within seconds."""
    slow = [_slow_connection(base) for _ in range(150)]
    try:
        started = time.monotonic()
        try:
            answer = requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=30)
            status: int | str = answer.status_code
        except requests.RequestException as exc:
            status = type(exc).__name__
        waited = time.monotonic() - started
    finally:
        for sock in slow:
            sock.close()
    assert status == 200, (
        f"with 150 slow connections open, a normal request got {status} after {waited:.1f} s"
    )


def test_a_slow_body_is_cut_off_by_a_server_timeout(base: str) -> None:
    """A body trickling in (here: stalled after three bytes) is dropped by the server within
    30 seconds, so slow clients cannot hold connections for ever."""
    sock = _slow_connection(base)
    sock.settimeout(1.0)
    started = time.monotonic()
    closed_after = None
    try:
        while time.monotonic() - started < 32:
            try:
                data = sock.recv(4096)
            except TimeoutError:
                continue
            closed_after = time.monotonic() - started
            assert data == b"" or data.startswith(b"HTTP/1.1 408"), data[:80]
            break
    finally:
        sock.close()
    assert closed_after is not None and closed_after <= 30, (
        f"a stalled request body still held its connection after {time.monotonic() - started:.0f} s"
    )


HOSTILE_VALUES = [
    '"} ; DROP ALL ; SELECT * { "',
    "x' } UNION { ?s ?p ?o } #",
    "<http://e/a> } UNION { ?s ?p ?o",
    "http://e/a> } UNION { ?s ?p ?o } #",
    'http://e/a"',
    "\\u003e } UNION { ?s ?p ?o }",
    "?s",
    "",
]


def test_named_query_parameters_are_values_never_sparql(base: str) -> None:
    before = quads(base)
    problems = []
    for name, query in named_queries().items():
        for parameter in query.parameters:
            benign = (
                "https://w3id.org/therapykg/id/element/not-there"
                if parameter.type == "iri"
                else "not-there"
            )
            expected = _rows(base, name, parameter.name, benign)
            for value in HOSTILE_VALUES:
                answer = requests.get(
                    base + f"/queries/{name}.json", params={parameter.name: value}, timeout=30
                )
                if answer.status_code >= 500:
                    problems.append(f"{name} {parameter.name}={value!r}: {answer.status_code}")
                elif answer.status_code == 200:
                    rows = len(answer.json()["results"]["bindings"])
                    if rows > expected and value:
                        problems.append(f"{name} {parameter.name}={value!r}: {rows} rows")
    assert not problems, "\n".join(problems)
    assert quads(base) == before


def _rows(base: str, name: str, parameter: str, value: str) -> int:
    answer = requests.get(base + f"/queries/{name}.json", params={parameter: value}, timeout=30)
    assert answer.status_code == 200, answer.text
    return len(answer.json()["results"]["bindings"])


def test_the_hostile_data_is_there_to_attack_with(base: str) -> None:
    """The fixture's store holds the hostile graph and article, so the page tests mean it."""
    ask = "ASK { GRAPH <" + HOSTILE_GRAPH + "> { ?s ?p ?o } ?a tkg:generatorModel ?m }"
    answer = requests.get(base + "/sparql", params={"query": ask}, headers=SELECT_JSON, timeout=30)
    assert answer.json()["boolean"] is True
