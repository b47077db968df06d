"""Restart: `therapykg serve` on an on-disk store, SIGKILLed and started again on the same
directory, serves exactly the same data: the same export, the same answers, the same pages; and
the CLI's export of the reopened store agrees. A serve killed while it fills an empty store with
its articles comes back with every article, none half there.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import requests

from tests.reliability.corpus import write_corpus
from tests.reliability.support import (
    audit,
    cli,
    kill_group,
    peek_article_records,
    run_cli,
    same_rdf,
    wait_for,
)
from tests.servers import free_port
from therapykg.graph.store import OxigraphStore

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "articles"
HTML = {"Accept": "text/html"}
RDF_SNAPSHOT = {
    "/export/nq?part=all": ox.RdfFormat.N_QUADS,
    "/export/turtle?part=data": ox.RdfFormat.TURTLE,
}
SNAPSHOT = [
    *((path, {}) for path in RDF_SNAPSHOT),
    (
        "/sparql?query=SELECT+%3Fg+%3Fs+%3Fp+%3Fo+WHERE+%7B+GRAPH+%3Fg+%7B+%3Fs+%3Fp+%3Fo+%7D+%7D"
        "+ORDER+BY+%3Fg+%3Fs+%3Fp+%3Fo",
        {"Accept": "application/sparql-results+json"},
    ),
    ("/", HTML),
    ("/queries/frameworks", HTML),
    ("/queries/elements-by-grade.csv", {}),
    ("/search?q=alliance", HTML),
]


def _start(store_dir: Path, articles: Path) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    env = {**os.environ, "THERAPYKG_ARTICLES": str(articles)}
    command = cli("--store", store_dir, "serve", "--port", str(port), "--workers", "1")
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


def _wait_up(base: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    def up() -> bool:
        if process.poll() is not None:
            _, err = process.communicate()
            raise AssertionError(f"serve exited with {process.returncode}: {err}")
        try:
            return requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok
        except requests.RequestException:
            return False

    wait_for(up, timeout=seconds, interval=0.2, what=f"{base} to answer")


@contextmanager
def _serving(store_dir: Path, articles: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process, base = _start(store_dir, articles)
    try:
        _wait_up(base, process)
        yield process, base
    finally:
        kill_group(process)


def _snapshot(base: str) -> dict[str, bytes]:
    taken = {}
    for path, headers in SNAPSHOT:
        response = requests.get(base + path, headers=headers, timeout=60)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        taken[path] = response.content
    return taken


def test_serve_killed_and_restarted_serves_the_same_data(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    with _serving(store_dir, ARTICLES) as (process, base):
        before = _snapshot(base)
        os.kill(process.pid, signal.SIGKILL)  # the server alone, as the OOM killer would
        process.wait(timeout=30)
    exported = run_cli("--store", store_dir, "export", "--format", "nq", "--part", "all")
    assert exported.returncode == 0, exported.stderr
    with _serving(store_dir, ARTICLES) as (process, base):
        after = _snapshot(base)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert "loaded" not in err, "the restarted server found its articles and did not reload"
    for path, _ in SNAPSHOT:
        if path in RDF_SNAPSHOT:  # the ontology's blank nodes are named afresh in each export
            assert same_rdf(after[path], before[path], RDF_SNAPSHOT[path]), path
        else:
            assert after[path] == before[path], f"{path} differs after the restart"
    everything = before["/export/nq?part=all"]
    assert same_rdf(exported.stdout.encode(), everything, ox.RdfFormat.N_QUADS)


def test_serve_killed_while_filling_an_empty_store_comes_back_whole(tmp_path: Path) -> None:
    """The first start fills the empty store; a kill part-way must not leave it part-filled
    for good: the restart finishes the fill (loading skips what is already there)."""
    articles = tmp_path / "articles"
    paths = write_corpus(articles, 600)
    store_dir = tmp_path / "store"
    process, _ = _start(store_dir, articles)
    try:
        wait_for(
            lambda: process.poll() is not None or (peek_article_records(store_dir) or 0) >= 64,
            timeout=90,
            what="the fill to be under way",
        )
        assert process.poll() is None, "the fill ended before serve could be killed"
    finally:
        kill_group(process)
    with OxigraphStore(store_dir) as store:
        report = audit(store, paths)
    assert not report.problems, str(report)
    assert 0 < len(report.present) < len(paths)
    with _serving(store_dir, articles) as (process, base):
        answer = requests.get(
            base + "/sparql",
            params={"query": "SELECT (COUNT(?a) AS ?n) WHERE { ?a a tkg:Article }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        ).json()
    served = int(answer["results"]["bindings"][0]["n"]["value"])
    assert served == len(paths), (
        f"after a kill during its first fill, serve came back with {served} of {len(paths)} "
        "articles: it fills only a store that holds no article at all"
    )
