"""The bounded load test: 16 concurrent clients for 30 seconds on a mixed workload against a live
`therapykg serve` on loopback (named queries, entity pages, search, the SPARQL endpoint in each
result format): no 5xx, every answer byte-for-byte the one the same request got alone, latencies
reported. Then the same load for 20 seconds with a runaway query (a cross product over all
statements) sent again and again beside it: each stopped at the time limit and answered 503, and
the others still answered right, with no 5xx. Latencies are reported, never asserted.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
import requests

from tests.reliability.support import REPO, REPORTS, run_cli, serving
from therapykg.queries.registry import named_queries

CLIENTS = 16
LOAD_SECONDS = 30.0
RUNAWAY_SECONDS = 20.0
# The runaway is stopped at this limit; ordinary queries get the same limit, so it is generous
# enough that a busy machine never pushes one of them past it (the runaway runs at niceness 19).
TIME_LIMIT = 20.0
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a a tkg:Statement . ?b a tkg:Statement . "
    "?c a tkg:Statement . ?d a tkg:Statement }"
)
SELECT = "SELECT ?s ?t WHERE { ?s tkg:text ?t } ORDER BY ?s LIMIT 200"
CONSTRUCT = "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }"
ASK = "ASK { ?g a tkg:Grading }"


@dataclass(frozen=True)
class Call:
    name: str
    path: str
    accept: str = "*/*"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    def line(self, label: str, seconds: float) -> str:
        return (
            f"{label}: {len(self.latencies)} requests in {seconds:.0f} s "
            f"({len(self.latencies) / seconds:.1f}/s), {len(self.errors)} wrong; latency ms "
            f"p50 {1000 * self.percentile(0.5):.0f}, p95 {1000 * self.percentile(0.95):.0f}, "
            f"p99 {1000 * self.percentile(0.99):.0f}, max {1000 * max(self.latencies):.0f}"
        )


def _workload(base: str) -> list[Call]:
    calls = [Call(f"named {n}", f"/queries/{n}.json") for n in named_queries()]
    calls += [
        Call(f"named page {n}", f"/queries/{n}", "text/html") for n in ("frameworks", "lineage")
    ]
    home = requests.get(base + "/", timeout=60).text
    entities = sorted(set(re.findall(r'href="(/id/(?:framework|element|person)/[^"?#]+)"', home)))
    entities += ["/id/element/alliance", "/id/grade/demonstrably-effective"]
    calls += [Call(f"entity {p}", p, "text/html") for p in entities[:12]]
    calls += [Call(f"entity turtle {p}", p, "text/turtle") for p in entities[:3]]
    calls += [Call(f"search {q}", f"/search?q={q}", "text/html") for q in ("alliance", "empathy")]
    for fmt in ("json", "xml", "csv", "tsv"):
        calls.append(Call(f"select {fmt}", f"/sparql?format={fmt}&query={quote(SELECT)}"))
    for fmt in ("json", "xml"):
        calls.append(Call(f"ask {fmt}", f"/sparql?format={fmt}&query={quote(ASK)}"))
    for fmt in ("turtle", "nt", "jsonld", "rdfxml"):
        calls.append(Call(f"construct {fmt}", f"/sparql?format={fmt}&query={quote(CONSTRUCT)}"))
    return calls


def _get(session: requests.Session, base: str, call: Call) -> requests.Response:
    return session.get(base + call.path, headers={"Accept": call.accept}, timeout=60)


def _expected(base: str, calls: list[Call]) -> dict[Call, bytes]:
    """Each answer alone, twice: a call whose answer is not stable on its own is no yardstick."""
    expected = {}
    with requests.Session() as session:
        for call in calls:
            first, second = _get(session, base, call), _get(session, base, call)
            assert first.status_code == 200, f"{call.name}: {first.status_code}"
            assert first.content == second.content, f"{call.name} differs when asked twice"
            expected[call] = first.content
    return expected


def _client(
    base: str, expected: dict[Call, bytes], seed: int, deadline: float, tally: Tally
) -> None:
    rng = random.Random(seed)
    calls = list(expected)
    with requests.Session() as session:
        while time.monotonic() < deadline:
            call = rng.choice(calls)
            started = time.monotonic()
            try:
                answer = _get(session, base, call)
                error = None
                if answer.status_code != 200:
                    error = f"{call.name}: {answer.status_code}"
                elif answer.content != expected[call]:
                    error = f"{call.name}: a different answer"
            except requests.RequestException as exc:
                error = f"{call.name}: {type(exc).__name__}"
            tally.add(time.monotonic() - started, error)


def _run_load(base: str, expected: dict[Call, bytes], seconds: float, seed: int) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(base, expected, seed + i, deadline, tally))
        for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return tally


def _runaways(base: str, deadline: float, outcomes: list[tuple[int, float]]) -> None:
    with requests.Session() as session:
        while time.monotonic() < deadline:
            started = time.monotonic()
            answer = session.get(base + "/sparql", params={"query": RUNAWAY}, timeout=60)
            outcomes.append((answer.status_code, time.monotonic() - started))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store_dir = tmp_path_factory.mktemp("load") / "store"
    done = run_cli("--store", store_dir, "load", REPO / "articles")
    assert done.returncode == 0, done.stderr
    with serving(store_dir, env={"THERAPYKG_QUERY_TIMEOUT": str(TIME_LIMIT)}) as (_, url):
        yield url


def test_sixteen_clients_thirty_seconds_then_a_runaway_beside_them(base: str) -> None:
    calls = _workload(base)
    expected = _expected(base, calls)
    steady = _run_load(base, expected, LOAD_SECONDS, seed=8)
    REPORTS.append(steady.line(f"load, {CLIENTS} clients, {len(calls)} kinds", LOAD_SECONDS))
    assert not steady.errors, steady.errors[:20]
    assert len(steady.latencies) > 100

    outcomes: list[tuple[int, float]] = []
    runaway = threading.Thread(
        target=_runaways, args=(base, time.monotonic() + RUNAWAY_SECONDS, outcomes)
    )
    runaway.start()
    time.sleep(0.2)
    loaded = _run_load(base, expected, RUNAWAY_SECONDS, seed=80)
    runaway.join(60)
    REPORTS.append(loaded.line("load beside a runaway query", RUNAWAY_SECONDS))
    REPORTS.append(
        f"runaway query: {len(outcomes)} sent, statuses {sorted({s for s, _ in outcomes})}, "
        f"answered after {min(t for _, t in outcomes):.1f}-{max(t for _, t in outcomes):.1f} s"
    )
    # What must always hold; the latencies beside the runaway are reported above and measured
    # as ratios in benchmarks/throughput.py, never asserted here (a busy machine is no fault).
    assert not loaded.errors, loaded.errors[:20]
    assert outcomes and all(status == 503 for status, _ in outcomes), outcomes
