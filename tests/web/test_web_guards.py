"""Guard rails that must hold on a live server: no outbound connection, a time limit that stops
the work while other requests go on, and no server banner."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.servers import Listener
from tests.web.conftest import disk_store
from tests.web.live import live_server
from therapykg.web.app import close_app, create_app
from therapykg.web.executor import (
    LOWEST_PRIORITY,
    ExecutorBusy,
    ProcessExecutor,
    QueryJob,
    QueryTimeout,
)
from therapykg.web.state import get_state

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture
def listener() -> Iterator[Listener]:
    item = Listener()
    yield item
    item.close()


def test_no_request_reaches_another_server(live_url: str, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/sparql"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        response = requests.get(live_url + "/sparql", params={"query": query}, timeout=30)
        assert response.status_code == 403, query
        assert "SERVICE" in response.text
    for params in ({"default-graph-uri": target}, {"named-graph-uri": target}):
        response = requests.get(
            live_url + "/sparql", params={"query": "ASK { ?s ?p ?o }", **params}, timeout=30
        )
        assert response.status_code == 200
        assert response.json()["boolean"] is False  # a graph that is not here is empty
    response = requests.post(
        live_url + "/sparql",
        data=f"LOAD <{target}>".encode(),
        headers={"Content-Type": "application/sparql-update"},
        timeout=30,
    )
    assert response.status_code == 403
    time.sleep(0.5)
    assert listener.connections == 0


def test_no_server_banner_and_strict_headers(live_url: str) -> None:
    response = requests.get(live_url + "/", timeout=30)
    assert "Server" not in response.headers
    csp = response.headers["Content-Security-Policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_time_limit_stops_the_query_while_others_are_served(tmp_path: Path) -> None:
    app = create_app(
        {
            "STORE": disk_store(tmp_path / "store"),
            "QUERY_WORKERS": 2,
            "QUERY_TIMEOUT": 8.0,
            # No demotion here (tested below): on a busy machine a quick query could pass the
            # demotion time, and a demoted worker is retired once it answers.
            "QUERY_DEMOTE_AFTER": 60.0,
        }
    )
    executor = get_state(app).executor
    assert isinstance(executor, ProcessExecutor)
    before = {w.process.pid: w.process for w in executor._all}
    with live_server(app) as url, ThreadPoolExecutor(4) as pool:
        slow = pool.submit(requests.get, url + "/sparql", params={"query": SLOW}, timeout=60)
        _wait_until(lambda: _running(executor), "the slow query to start")
        fast = [
            requests.get(url + "/sparql", params={"query": "ASK { ?s a tkg:Work }"}, timeout=60)
            for _ in range(5)
        ]
        assert all(r.status_code == 200 and r.json()["boolean"] for r in fast)
        assert not slow.done(), "the fast queries were answered while the slow one ran"
        answer = slow.result()
        assert answer.status_code == 503
        assert "limit of 8 s" in answer.text
        killed = [p for p in before.values() if not p.is_alive()]
        assert len(killed) == 1, "the worker running the slow query was stopped"
        again = requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=60)
        assert again.status_code == 200
        assert len(executor._all) == 2
    close_app(app)


def _wait_until(condition: Callable[[], bool], what: str, seconds: float = 60.0) -> None:
    """Wait for a state, not for a time: poll until `condition` holds (the bound only ends a
    test that would otherwise hang)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.05)


def _running(executor: ProcessExecutor) -> bool:
    """A worker holds a query now (it is in the pool but not idle)."""
    return executor._idle.qsize() < len(executor._all)


# the priority the workers start with: this process's own (0, or more when the suite itself
# runs under `nice`)
BASE = os.getpriority(os.PRIO_PROCESS, 0)


def _priorities(executor: ProcessExecutor) -> dict[int, int]:
    pids = [w.process.pid for w in executor._all if w.process.pid is not None]
    return {pid: os.getpriority(os.PRIO_PROCESS, pid) for pid in pids}


def test_a_long_query_drops_to_the_lowest_priority_until_its_limit(tmp_path: Path) -> None:
    # demoted after 2 s: far longer than the quick ASK takes even on a busy machine, far shorter
    # than the slow query, which runs until its 10 s limit
    executor = ProcessExecutor(disk_store(tmp_path / "store"), workers=2, demote_after=2.0)
    try:
        assert executor.run(QueryJob("ASK { ?s ?p ?o }"), timeout=30).body
        assert set(_priorities(executor).values()) == {BASE}, "a quick query is not demoted"
        with ThreadPoolExecutor(3) as pool:
            slow = pool.submit(executor.run, QueryJob(SLOW), timeout=10.0)
            _wait_until(
                lambda: sorted(_priorities(executor).values()) == [BASE, BASE, LOWEST_PRIORITY],
                "the demotion, and a spare in its place",
            )
            quick = [
                pool.submit(executor.run, QueryJob("ASK { ?s a tkg:Work }"), timeout=30)
                for _ in range(2)
            ]
            assert all(b"true" in q.result().body for q in quick), "two workers still answer"
            with pytest.raises(QueryTimeout):
                slow.result()
        assert sorted(_priorities(executor).values()) == [BASE, BASE], "stopped, the pool as before"
    finally:
        executor.close()


def test_a_demoted_worker_is_retired_once_it_answers(tmp_path: Path) -> None:
    executor = ProcessExecutor(disk_store(tmp_path / "store"), workers=1, demote_after=0.0)
    try:
        (first,) = _priorities(executor)
        answer = executor.run(QueryJob("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"), timeout=30)
        assert answer.rows == 1
        _wait_until(  # the retiring worker leaves the pool; its replacement runs at full priority
            lambda: (
                list(_priorities(executor).values()) == [BASE]
                and first not in _priorities(executor)
            ),
            "one fresh worker in place of the demoted one",
        )
    finally:
        executor.close()


def test_demoted_queries_never_grow_the_pool_past_twice_its_size(tmp_path: Path) -> None:
    executor = ProcessExecutor(disk_store(tmp_path / "store"), workers=1, demote_after=0.2)
    try:
        with ThreadPoolExecutor(4) as pool:
            # a limit long enough that the spare is started (slow on a busy machine) before the
            # slow query is stopped: the state waited for below cannot pass unseen
            slow = [pool.submit(executor.run, QueryJob(SLOW), timeout=30.0) for _ in range(4)]
            _wait_until(
                lambda: sorted(_priorities(executor).values()) == [BASE, LOWEST_PRIORITY],
                "one demoted, one spare",
            )
            assert len(executor._all) == 2, "one demoted, one spare, no more"
            for future in slow:
                with pytest.raises((QueryTimeout, ExecutorBusy)):
                    future.result()
        assert list(_priorities(executor).values()) == [BASE]
    finally:
        executor.close()
