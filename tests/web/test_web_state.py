"""The app's cache of costly pages' data: computed once per key, one key never waits on another,
and an update's `forget` is never undone by a computation that started before it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask

from tests.web.conftest import make_app
from therapykg.web.app import WARM_PATHS, close_app, warm
from therapykg.web.state import WebState, get_state


@pytest.fixture
def state() -> Iterator[WebState]:
    app: Flask = make_app()
    yield get_state(app)
    close_app(app)


def test_a_key_is_computed_once_while_many_threads_ask(state: WebState) -> None:
    calls: list[int] = []

    def make() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: state.cached("slow", make), range(8)))
    assert answers == [42] * 8
    assert len(calls) == 1


def test_one_key_does_not_wait_for_another(state: WebState) -> None:
    release = threading.Event()
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(state.cached, "slow", lambda: release.wait(10) and "slow")
        time.sleep(0.1)
        quick = pool.submit(state.cached, "quick", lambda: "quick")
        assert quick.result(timeout=2) == "quick", "a second key was computed meanwhile"
        assert not slow.done()
        release.set()
        assert slow.result(timeout=10) == "slow"


def test_forget_drops_values_and_a_computation_begun_before_it_is_not_kept(
    state: WebState,
) -> None:
    assert state.cached("n", lambda: 1) == 1
    state.forget()
    assert state.cached("n", lambda: 2) == 2

    started, release = threading.Event(), threading.Event()

    def stale() -> int:
        started.set()
        release.wait(10)
        return 3

    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(state.cached, "m", stale)
        started.wait(10)
        state.forget()  # an update lands while "m" is being computed from the old store
        release.set()
        assert first.result(timeout=10) == 3
    assert state.cached("m", lambda: 4) == 4, "the value computed before the update was dropped"


def test_warming_fills_the_cache_of_the_costly_pages() -> None:
    app = make_app()
    try:
        state = get_state(app)
        assert warm(app) == [(path, 200) for path in WARM_PATHS]
        for key in ("counts", "tags", "frameworks", "lineage-graph", "grade-counts"):
            assert key in state._cache, key
    finally:
        close_app(app)
