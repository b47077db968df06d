"""Hostile RDF posted to a live `therapykg serve` for drawing (POST /visual/graph.json).

Before: a 710-byte billion-laughs RDF/XML was answered 200 after 6 s with the serving process
3 GB larger; JSON-LD nested 4,000 deep killed the serving process (SIGSEGV) and reset other
users' requests. Now every body is checked as `load` checks files, and parsed in a child process
under a memory cap: refused with 400 (413 for size), the serving processes' peak memory barely
moves, and none of them dies.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.reliability.support import run_cli, serving
from tests.reliability.test_hostile_rdf import (
    BILLION_LAUGHS,
    LITERAL_LINE,
    deep_jsonld,
    describe,
    huge_literal_turtle,
    rdfxml,
)

GROWTH_MB = 200  # the most any serving process's peak resident memory may grow
MAX_LINE = 1_000_000  # the server's THERAPYKG_RDF_MAX_LINE, below its 8 MiB body limit
MINI = Path(__file__).parents[1] / "loaders" / "data" / "mini.txt"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

BODIES = {
    "billion laughs": (rdfxml(describe("&lol9;"), BILLION_LAUGHS), "application/rdf+xml"),
    "JSON-LD 4,000 deep": (deep_jsonld(4_000), "application/ld+json"),
    "JSON-LD 3,000 deep": (deep_jsonld(3_000), "application/ld+json"),
    "a 2 MB literal": (huge_literal_turtle(2_000_000), "text/turtle"),
}
REASONS = {
    "billion laughs": "refers to other entities",
    "JSON-LD 4,000 deep": "JSON nested more than 256 deep",
    "JSON-LD 3,000 deep": "JSON nested more than 256 deep",
    "a 2 MB literal": f"line {LITERAL_LINE} is longer than {MAX_LINE:,} bytes",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    store_dir = tmp_path_factory.mktemp("hostile-web") / "store"
    loaded = run_cli("--store", store_dir, "load", MINI)
    assert loaded.returncode == 0, loaded.stderr
    with serving(store_dir, env={"THERAPYKG_RDF_MAX_LINE": str(MAX_LINE)}) as (process, url):
        yield process.pid, url


def _group(session: int) -> dict[int, int]:
    """Each process of the server's session (the serving processes, their query workers) and
    its peak resident memory in kB (VmHWM), from /proc."""
    peaks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) != session:  # field 6 of stat: the session id
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[int(entry)] = int(line.split()[1])
    return peaks


def _count(url: str) -> int:
    answer = requests.get(
        url + "/sparql",
        params={"query": COUNT},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert answer.status_code == 200
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def _post(url: str, name: str) -> requests.Response:
    body, media_type = BODIES[name]
    return requests.post(
        url + "/visual/graph.json",
        data=body.encode("utf-8"),
        headers={"Content-Type": media_type},
        timeout=120,
    )


def test_hostile_bodies_are_refused_with_400_in_bounded_memory(server: tuple[int, str]) -> None:
    session, url = server
    before = _group(session)
    triples = _count(url)
    # Three of each at once, as in the report of the attack (one process reached 8.8 GB).
    names = [name for name in BODIES for _ in range(3)]
    with ThreadPoolExecutor(len(names)) as pool:
        answers = list(pool.map(lambda n: (n, _post(url, n)), names))
    for name, answer in answers:
        assert answer.status_code == 400, (name, answer.status_code, answer.text[:300])
        assert REASONS[name] in answer.text, (name, answer.text[:300])
    after = _group(session)
    assert set(before) <= set(after), "a serving process or worker died"
    growth = {pid: (after[pid] - peak) / 1024 for pid, peak in before.items()}
    assert max(growth.values()) < GROWTH_MB, f"peak memory grew by {growth} MB"
    assert _count(url) == triples  # still serving, the same data


def test_forty_deep_posts_crash_nothing(server: tuple[int, str]) -> None:
    """Before: 40 such posts crashed the serving process 12 times and reset others' requests.
    Now each is refused; queries sent beside them are all answered."""
    session, url = server
    before = set(_group(session))
    with ThreadPoolExecutor(8) as pool:
        posts = [pool.submit(_post, url, "JSON-LD 4,000 deep") for _ in range(40)]
        queries = [pool.submit(_count, url) for _ in range(20)]
        assert {p.result().status_code for p in posts} == {400}
        assert len({q.result() for q in queries}) == 1
    assert before <= set(_group(session)), "a serving process or worker died"


def test_a_result_above_the_route_limit_is_413_and_one_below_is_drawn(
    server: tuple[int, str],
) -> None:
    _, url = server
    line = '<http://e/s{}> <http://www.w3.org/2004/02/skos/core#prefLabel> "' + "x" * 60 + '" .\n'
    body = "".join(line.format(i) for i in range(500_000 // len(line) + 1)).encode()
    drawn = requests.post(
        url + "/visual/graph.json",
        data=body,
        headers={"Content-Type": "application/n-triples"},
        timeout=120,
    )
    assert drawn.status_code == 200, drawn.text[:300]
    assert drawn.json()["total_nodes"] == body.count(b"\n")
    huge = requests.post(
        url + "/visual/graph.json",
        data=b"#" * ((8 << 20) + 1),
        headers={"Content-Type": "text/turtle"},
        timeout=120,
    )
    assert huge.status_code == 413
