"""Every named query, with its default parameters, on the embedded store and on `oxigraph serve`.

    python -m benchmarks.queries --store DIR [--cold 5] [--warm 10] [--only NAME,...]

A measurement runs the query and reads every row (on the server: the whole SPARQL JSON answer).

- cold: a fresh process opens the store (read-only) and runs the query once, so nothing of
  Oxigraph's or RocksDB's caches is warm (the operating system's file cache may be: the store
  was just written or read). Repeated `--cold` times, each in a new process (for the server: a
  freshly started `oxigraph serve-read-only`).
- warm: the same query again in the same process, `--warm` times.

Prints one JSON line per query and backend; `run` collects them into benchmarks/results.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.common import child_env, median, percentile
from therapykg.graph.store import OxigraphStore, Store
from therapykg.queries.registry import named_queries


def run_query(store: Store, name: str) -> tuple[float, int]:
    """Seconds to run a named query and read all its rows, and how many rows."""
    query = named_queries()[name]
    bindings = query.bindings({})
    started = time.perf_counter()
    result = store.query(query.text, bindings=bindings)
    rows = sum(1 for _ in result) if isinstance(result, ox.QuerySolutions) else 0
    return time.perf_counter() - started, rows


def once(location: str, name: str) -> None:
    """One cold run, in this (fresh) process: prints seconds and rows."""
    store: Store
    if location.startswith("http"):
        from therapykg.graph.remote import RemoteStore

        store = RemoteStore(location)
    else:
        store = OxigraphStore(location, read_only=True)
    seconds, rows = run_query(store, name)
    store.close()
    print(json.dumps({"seconds": seconds, "rows": rows}))


def warm(location: str, names: list[str], times: int) -> None:
    """Each query `times` times after a first run, in this process: prints one line per query."""
    store: Store
    if location.startswith("http"):
        from therapykg.graph.remote import RemoteStore

        store = RemoteStore(location)
    else:
        store = OxigraphStore(location, read_only=True)
    for name in names:
        run_query(store, name)
        samples = [run_query(store, name)[0] for _ in range(times)]
        print(json.dumps({"query": name, "samples": samples}))
    store.close()


def _child(*args: str) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.queries", *args],
        env=child_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


class Server:
    """`oxigraph serve-read-only` on the store, union default graph, on a free port."""

    def __init__(self, store: Path) -> None:
        from tests.servers import free_port, wait_until_up

        port = free_port()
        self.url = f"http://127.0.0.1:{port}/query"
        binary = shutil.which("oxigraph") or "oxigraph"
        command = ["serve-read-only", "--location", str(store), "--union-default-graph"]
        self.process = subprocess.Popen(
            [binary, *command, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.url, self.process)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def measure(store: Path, names: list[str], cold: int, warm_times: int) -> list[dict[str, object]]:
    """Cold and warm figures of each query, embedded and on the server."""
    results: list[dict[str, object]] = []
    for backend in ("embedded", "oxigraph serve"):
        for name in names:
            samples, rows = [], 0
            for _ in range(cold):
                server = Server(store) if backend != "embedded" else None
                location = server.url if server else str(store)
                answer = _child("once", location, name)[0]
                if server:
                    server.stop()
                samples.append(float(answer["seconds"]))  # type: ignore[arg-type]
                rows = int(answer["rows"])  # type: ignore[call-overload]
            results.append(_row(backend, name, "cold", samples, rows))
            print(json.dumps(results[-1]), flush=True)
        server = Server(store) if backend != "embedded" else None
        location = server.url if server else str(store)
        for line in _child("warm", location, ",".join(names), str(warm_times)):
            samples = [float(s) for s in line["samples"]]  # type: ignore[attr-defined]
            results.append(_row(backend, str(line["query"]), "warm", samples, None))
            print(json.dumps(results[-1]), flush=True)
        if server:
            server.stop()
    return results


def _row(
    backend: str, name: str, mode: str, samples: list[float], rows: int | None
) -> dict[str, object]:
    return {
        "backend": backend,
        "query": name,
        "mode": mode,
        "p50_ms": median(samples) * 1000,
        "p99_ms": percentile(samples, 0.99) * 1000,
        "samples": len(samples),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "once":
        return once(args[1], args[2])
    if args and args[0] == "warm":
        return warm(args[1], args[2].split(","), int(args[3]))
    parser = argparse.ArgumentParser(prog="python -m benchmarks.queries", description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--warm", type=int, default=10)
    parser.add_argument("--only", default="")
    options = parser.parse_args(args)
    names = [n for n in options.only.split(",") if n] or sorted(named_queries())
    measure(options.store, names, options.cold, options.warm)
    return None


if __name__ == "__main__":
    main()
