"""Two writers: a second `load` while one runs, while `serve` holds the store, or while another
program (`oxigraph serve --location`) holds it, fails at once with exit status 2 and a message
that names the store, who holds it and what to do; the store is never corrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.reliability.corpus import write_corpus
from tests.reliability.support import (
    REPO,
    audit,
    graph_contents,
    kill_group,
    no_traceback,
    peek_article_records,
    run_cli,
    run_clis,
    serving,
    start_cli,
    wait_for,
)
from tests.servers import free_port, oxigraph_server
from therapykg.errors import StoreInUseError
from therapykg.graph.lock import LOCK_FILE
from therapykg.graph.store import OxigraphStore

CORPUS_SIZE = 400


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("writers") / "articles"
    return folder, write_corpus(folder, CORPUS_SIZE)


def _assert_in_use(result: subprocess.CompletedProcess[str], store_dir: Path, *says: str) -> None:
    assert result.returncode == 2, result.stderr
    assert no_traceback(result.stderr), result.stderr
    message = result.stderr
    assert f"{store_dir}: the store is in use" in message, message
    assert "--store" in message and "run this again" in message, message
    for phrase in says:
        assert phrase in message, message


def test_a_second_load_while_one_runs_fails_clearly(
    tmp_path: Path, corpus: tuple[Path, list[Path]]
) -> None:
    folder, paths = corpus
    store_dir = tmp_path / "store"
    first = start_cli("--store", store_dir, "load", folder)
    try:
        wait_for(
            lambda: first.poll() is not None or (store_dir / LOCK_FILE).exists(),
            timeout=60,
            what="the first load to hold the store",
        )
        # held still while the others run (its worker pipes carry whole frames, so a stop is
        # safe), so that no race decides whether it is still writing
        os.killpg(first.pid, signal.SIGSTOP)
        assert first.poll() is None, "the first load ended too soon"
        holder = f"process {first.pid} (`"
        second, reader = run_clis(
            ("--store", store_dir, "load", folder), ("--store", store_dir, "stats")
        )
        _assert_in_use(second, store_dir, holder, "is writing it", "load")
        _assert_in_use(reader, store_dir, holder)
        os.killpg(first.pid, signal.SIGCONT)
        _, err = first.communicate(timeout=300)
    finally:
        kill_group(first)
    assert first.returncode == 0, err
    with OxigraphStore(store_dir, read_only=True) as store:
        report = audit(store, paths)
    assert not report.problems and len(report.present) == len(paths), str(report)


def _serve(store_dir: Path, port: int) -> subprocess.Popen[str]:
    return start_cli("--store", store_dir, "serve", "--port", str(port), "--workers", "1")


def _count(base: str) -> int:
    answer = requests.get(
        base + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def _wait_up(base: str, process: subprocess.Popen[str]) -> None:
    def up() -> bool:
        assert process.poll() is None, f"serve exited with {process.returncode}"
        try:
            return requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok
        except requests.RequestException:
            return False

    wait_for(up, timeout=90, interval=0.2, what=f"{base} to answer")


def test_a_load_while_serve_holds_the_store_fails_and_changes_nothing(
    tmp_path: Path, corpus: tuple[Path, list[Path]]
) -> None:
    folder, paths = corpus
    store_dir = tmp_path / "store"
    loaded = run_cli("--store", store_dir, "load", paths[0])
    assert loaded.returncode == 0, loaded.stderr
    with OxigraphStore(store_dir, read_only=True) as store:
        before = graph_contents(store)
    port = free_port()
    server = _serve(store_dir, port)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base, server)
        served = _count(base)
        refused = run_cli("--store", store_dir, "load", folder)
        _assert_in_use(refused, store_dir, "has it open for reading", "serve")
        assert _count(base) == served, "the server goes on serving what it served"
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)
    finally:
        kill_group(server)
    with OxigraphStore(store_dir, read_only=True) as store:
        assert graph_contents(store) == before
        assert not audit(store, paths).problems


def test_serve_while_a_load_runs_fails_clearly(
    tmp_path: Path, corpus: tuple[Path, list[Path]]
) -> None:
    folder, paths = corpus
    store_dir = tmp_path / "store"
    loader = start_cli("--store", store_dir, "load", folder)
    try:
        wait_for(
            lambda: loader.poll() is not None or (peek_article_records(store_dir) or 0) >= 32,
            timeout=60,
            what="the load to be under way",
        )
        assert loader.poll() is None, "the load ended too soon"
        server = _serve(store_dir, free_port())
        try:
            _, err = server.communicate(timeout=60)
        finally:
            kill_group(server)
        result = subprocess.CompletedProcess(server.args, server.returncode, "", err)
        _assert_in_use(result, store_dir, f"process {loader.pid} (`", "is writing it")
        loader.communicate(timeout=120)
    finally:
        kill_group(loader)
    assert loader.returncode == 0
    with OxigraphStore(store_dir, read_only=True) as store:
        report = audit(store, paths)
    assert not report.problems and len(report.present) == len(paths), str(report)


def test_a_load_while_another_program_holds_the_store_fails_clearly(
    tmp_path: Path, corpus: tuple[Path, list[Path]]
) -> None:
    """`oxigraph serve --location DIR` knows nothing of therapykg's lock; RocksDB's own lock
    stops the load, and the message says so just as plainly."""
    folder, paths = corpus
    store_dir = tmp_path / "store"
    assert run_cli("--store", store_dir, "load", *paths[:3]).returncode == 0
    with OxigraphStore(store_dir, read_only=True) as store:
        before = graph_contents(store)
    with oxigraph_server(store_dir):
        refused = run_cli("--store", store_dir, "load", folder)
        _assert_in_use(refused, store_dir, "oxigraph server")
    with OxigraphStore(store_dir, read_only=True) as store:
        assert graph_contents(store) == before


def test_in_one_process_a_writer_excludes_everyone_and_readers_share(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    with OxigraphStore(store_dir):
        with pytest.raises(StoreInUseError, match=f"process {os.getpid()} "):
            OxigraphStore(store_dir)
        with pytest.raises(StoreInUseError, match="is writing it"):
            OxigraphStore(store_dir, read_only=True)
    with (
        OxigraphStore(store_dir, read_only=True),
        OxigraphStore(store_dir, read_only=True),
        pytest.raises(StoreInUseError, match="has it open for reading"),
    ):
        OxigraphStore(store_dir)
    OxigraphStore(store_dir).close()  # every lock was given back


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    OxigraphStore(store_dir).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from therapykg.graph.store import OxigraphStore; "
            f"s = OxigraphStore({str(store_dir)!r}); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreInUseError, match=f"process {holder.pid} "):
            OxigraphStore(store_dir)
    finally:
        kill_group(holder)
    deadline = time.monotonic() + 10
    while True:  # the kernel drops both locks (ours and RocksDB's) with the process
        try:
            OxigraphStore(store_dir).close()
            break
        except StoreInUseError:
            assert time.monotonic() < deadline, "the lock outlived its holder"
            time.sleep(0.1)


def test_reading_commands_work_beside_serve(
    tmp_path: Path, corpus: tuple[Path, list[Path]]
) -> None:
    """`query`, `stats` and `export` only read: they must run while `serve` holds the store (the
    lock lets readers share it), not fail as a second writer would."""
    _, paths = corpus
    store_dir = tmp_path / "store"
    assert run_cli("--store", store_dir, "load", paths[0]).returncode == 0
    with serving(store_dir, workers=1):
        for command in (["query", "ASK { ?s ?p ?o }"], ["stats"], ["export", "--format", "nt"]):
            done = run_cli("--store", store_dir, *command)
            assert done.returncode == 0, f"therapykg {command[0]} beside serve: {done.stderr}"


def test_updates_through_a_writable_endpoint_are_seen_by_its_queries(tmp_path: Path) -> None:
    """With THERAPYKG_READ_ONLY=false, an update the endpoint accepted must show in the answers
    it gives next: query workers that opened the store read-only at start would not see it."""
    store_dir = tmp_path / "store"
    assert (
        run_cli("--store", store_dir, "load", REPO / "articles" / "common_factors.md").returncode
        == 0
    )
    with serving(store_dir, workers=1, env={"THERAPYKG_READ_ONLY": "false"}) as (_, base):
        update = requests.post(
            base + "/sparql",
            data=b'INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> "new" } }',
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        )
        assert update.status_code in (200, 204), update.text
        answer = requests.get(
            base + "/sparql",
            params={"query": 'ASK { <http://e/a> <http://e/p> "new" }'},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
    assert answer.json()["boolean"] is True, "the endpoint accepted an update its queries miss"
