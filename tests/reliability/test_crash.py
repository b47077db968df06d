"""Crash during a load: SIGKILL part-way leaves every article whole or absent; the same load run
again finishes the rest and skips what is there. On the embedded store (the loader killed) and on
`oxigraph serve` (the server killed, then restarted on the same directory).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.reliability.corpus import write_corpus
from tests.reliability.support import (
    RECORD_COUNT,
    audit,
    kill_group,
    no_traceback,
    peek_article_records,
    run_cli,
    start_cli,
    wait_for,
)
from tests.servers import free_port, stop, wait_until_up
from therapykg.graph.remote import RemoteStore
from therapykg.graph.store import OxigraphStore
from therapykg.ontology.vocab import sparql_prologue

CORPUS_SIZE = 1000
SUMMARY = re.compile(r"loaded (\d+) article\(s\) and \d+ RDF file\(s\), (\d+) unchanged")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("crash") / "articles"
    return folder, write_corpus(folder, CORPUS_SIZE)


def _summary(stdout: str) -> tuple[int, int]:
    found = SUMMARY.search(stdout)
    assert found, stdout
    return int(found.group(1)), int(found.group(2))


def _under_way(
    process: subprocess.Popen[str], store_dir: Path, threshold: int
) -> Callable[[], bool]:
    """True once the load has ended, or holds `threshold` articles in the store."""
    return lambda: process.poll() is not None or (peek_article_records(store_dir) or 0) >= threshold


def test_sigkill_mid_load_leaves_each_article_whole_or_absent(
    tmp_path: Path, corpus: tuple[Path, list[Path]]
) -> None:
    folder, paths = corpus
    store_dir = tmp_path / "store"
    rng = random.Random(8)
    present = 0
    partial = []
    for step in (40, 260, 300):  # three kills, each at a random moment past a threshold
        # counted from what the kills before left (a later load skips those articles at once,
        # so a fixed threshold could be reached only when little was left to load), and never
        # so close to the end that the load may finish first: 300 articles left, where 100
        # were once written while a slow store read on a busy machine was still looking
        threshold = min(present + step, len(paths) - 300)
        if threshold <= present:
            break
        process = start_cli("--store", store_dir, "load", folder)
        try:
            wait_for(
                _under_way(process, store_dir, threshold),
                timeout=90,
                interval=0.02,
                what=f"{threshold} articles in the store",
            )
            assert process.poll() is None, "the load ended before it could be killed"
            time.sleep(rng.uniform(0.0, 0.15))
        finally:
            kill_group(process)
        assert process.returncode == -signal.SIGKILL
        with OxigraphStore(store_dir) as store:  # reopening replays what RocksDB logged
            report = audit(store, paths)
        assert not report.problems, str(report)
        assert present <= len(report.present) <= len(paths)
        present = len(report.present)
        partial.append(present < len(paths))
    assert any(partial), "every kill came after the last article was written: kill sooner"
    final = run_cli("--store", store_dir, "load", folder)
    assert final.returncode == 0, final.stderr
    assert _summary(final.stdout) == (len(paths) - present, present)
    with OxigraphStore(store_dir, read_only=True) as store:
        report = audit(store, paths)
    assert not report.problems and len(report.present) == len(paths), str(report)


@contextmanager
def _oxigraph(directory: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`oxigraph serve` on `directory`, which the test may SIGKILL at any point."""
    port = free_port()
    command = [shutil.which("oxigraph") or "oxigraph", "serve", "--location", str(directory)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, process)
        yield url, process
    finally:
        stop(process)


def _remote_records(url: str) -> int:
    try:
        answer = requests.post(
            url,
            data={"query": sparql_prologue() + RECORD_COUNT},
            headers={"Accept": "application/sparql-results+json"},
            timeout=5,
        )
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])
    except (requests.RequestException, ValueError, KeyError):
        return 0


def test_server_killed_mid_load_keeps_each_article_whole_or_absent(
    tmp_path: Path, corpus: tuple[Path, list[Path]]
) -> None:
    folder, paths = corpus
    data = tmp_path / "server-data"
    with _oxigraph(data) as (url, server):
        loader = start_cli("--store", url, "load", folder)
        try:
            wait_for(
                lambda: loader.poll() is not None or _remote_records(url) >= 300,
                timeout=90,
                what="300 articles on the server",
            )
            assert loader.poll() is None, "the load ended before the server could be killed"
            time.sleep(random.Random(8).uniform(0.0, 0.4))
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
            _, err = loader.communicate(timeout=120)
        finally:
            kill_group(loader)
    assert loader.returncode == 2, err
    assert "is the SPARQL server running?" in err and no_traceback(err), err
    with _oxigraph(data) as (url, _):  # restarted on the same directory
        with RemoteStore(url) as store:
            report = audit(store, paths)
        assert not report.problems, str(report)
        present = len(report.present)
        assert 0 < present < len(paths)
        final = run_cli("--store", url, "load", folder)
        assert final.returncode == 0, final.stderr
        assert _summary(final.stdout) == (len(paths) - present, present)
        with RemoteStore(url) as store:
            report = audit(store, paths)
    assert not report.problems and len(report.present) == len(paths), str(report)
