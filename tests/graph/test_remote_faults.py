"""Network faults against a real `oxigraph serve`, through a loopback proxy that injects them.

The proxy forwards to the real server unless told to fail: answer 401/403/500 instead, or stall
past the client's timeout. Every fault must give a clear StoreError and leave the server's data
exactly as it was.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from tests.servers import free_port, oxigraph_server
from therapykg.errors import StoreError
from therapykg.graph.load import load_paths
from therapykg.graph.remote import RemoteStore

SEED = Path(__file__).resolve().parents[2] / "articles" / "evidence_based_therapy_relationships.txt"


class Proxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", free_port()), ProxyHandler)
        self.upstream = upstream
        self.fail_status: int | None = None
        self.fail_only_updates = False
        self.stall_seconds = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ProxyHandler(BaseHTTPRequestHandler):
    server: Proxy

    def log_message(self, format: str, *args: object) -> None:
        return

    def _relay(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        proxy = self.server
        is_update = self.path.startswith("/update")
        if proxy.stall_seconds:
            time.sleep(proxy.stall_seconds)
        if proxy.fail_status and (is_update or not proxy.fail_only_updates):
            self.send_response(proxy.fail_status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"injected fault")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        answer = requests.request(
            self.command, proxy.upstream + self.path, data=body, headers=headers, timeout=30
        )
        self.send_response(answer.status_code)
        for key in ("Content-Type",):
            if key in answer.headers:
                self.send_header(key, answer.headers[key])
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    do_GET = do_POST = _relay


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[Proxy]:
    with oxigraph_server(tmp_path / "oxigraph") as (url, _process):
        server = Proxy(url.rsplit("/", 1)[0])
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server
        server.shutdown()
        server.server_close()


def snapshot(proxy: Proxy) -> set[str]:
    saved, proxy.fail_status, proxy.stall_seconds = proxy.fail_status, None, 0.0
    try:
        store = RemoteStore(proxy.url + "/query")
        return {str(q) for q in store.quads() if "endedAtTime" not in str(q)}
    finally:
        proxy.fail_status = saved


def test_server_down_is_named() -> None:
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=5)
    with pytest.raises(StoreError, match="cannot connect; is the SPARQL server running"):
        store.query("ASK {}")


def test_timeout_is_named(proxy: Proxy) -> None:
    proxy.stall_seconds = 2.0
    store = RemoteStore(proxy.url + "/query", timeout=0.5)
    with pytest.raises(StoreError, match=r"no answer within 0\.5 s"):
        store.query("ASK {}")


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_say_what_to_set(proxy: Proxy, status: int) -> None:
    proxy.fail_status = status
    with pytest.raises(StoreError, match=f"refused access \\({status}\\).*THERAPYKG_USER"):
        RemoteStore(proxy.url + "/query").query("ASK {}")


def test_a_5xx_mid_load_leaves_the_graph_as_it_was(proxy: Proxy, tmp_path: Path) -> None:
    store = RemoteStore(proxy.url + "/query")
    assert not load_paths(store, [SEED]).errors
    before = snapshot(proxy)
    changed = tmp_path / "seed.txt"
    changed.write_text(SEED.read_text("utf-8").replace("17 min read", "18 min read"), "utf-8")
    proxy.fail_status, proxy.fail_only_updates = 500, True
    with pytest.raises(StoreError, match="answered 500"):
        load_paths(store, [changed])
    assert snapshot(proxy) == before


def test_credentials_from_the_environment_are_sent(
    proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str | None] = []
    original = ProxyHandler._relay

    def spy(handler: ProxyHandler) -> None:
        seen.append(handler.headers.get("Authorization"))
        original(handler)

    monkeypatch.setattr(ProxyHandler, "do_POST", spy)
    monkeypatch.setenv("THERAPYKG_TOKEN", "s3cret")
    result = RemoteStore(proxy.url + "/query").query("ASK {}")
    assert isinstance(result, ox.QueryBoolean)
    assert seen == ["Bearer s3cret"]
