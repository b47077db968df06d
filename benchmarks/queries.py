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
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.common import child_env, median, oxigraph, percentile
from therapykg.graph.store import OxigraphStore, Store
from therapykg.queries.registry import named_queries


def real_values(store: Store) -> dict[str, dict[str, str]]:
    """For each named query, values of its IRI parameters that the store holds.

    A default (the seed article's framework, say) is kept when the store knows it; otherwise the
    first node, in IRI order, of the same kind (`…/id/framework/`, `…/id/person/`) that has a
    preferred label. Generated corpora name their own frameworks and people, so the defaults
    alone would measure lookups of nothing.
    """
    chosen: dict[str, dict[str, str]] = {}
    for name, query in named_queries().items():
        for param in query.parameters:
            if param.type != "iri" or not param.default:
                continue
            known = store.query(f"ASK {{ <{param.default}> ?p ?o }}")
            if isinstance(known, ox.QueryBoolean) and bool(known):
                continue
            kind = param.default.rsplit("/", 1)[0] + "/"
            found = store.query(
                "SELECT ?kind ?x WHERE { ?x skos:prefLabel ?l . FILTER(STRSTARTS(STR(?x), ?kind)) }"
                " ORDER BY ?x LIMIT 1",
                bindings={"kind": ox.Literal(kind)},
            )
            assert isinstance(found, ox.QuerySolutions)
            for row in found:
                chosen.setdefault(name, {})[param.name] = row["x"].value
    return chosen


def run_query(store: Store, name: str, values: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds to run a named query and read all its rows, and how many rows."""
    query = named_queries()[name]
    bindings = query.bindings(values or {})
    started = time.perf_counter()
    result = store.query(query.text, bindings=bindings)
    rows = sum(1 for _ in result) if isinstance(result, ox.QuerySolutions) else 0
    return time.perf_counter() - started, rows


def once(location: str, name: str, values: str = "{}") -> None:
    """One cold run, in this (fresh) process: prints seconds and rows."""
    store: Store
    if location.startswith("http"):
        from therapykg.graph.remote import RemoteStore

        store = RemoteStore(location)
    else:
        store = OxigraphStore(location, read_only=True)
    seconds, rows = run_query(store, name, json.loads(values))
    store.close()
    print(json.dumps({"seconds": seconds, "rows": rows}))


def warm(location: str, names: list[str], times: int, values: str = "{}") -> None:
    """Each query `times` times after a first run, in this process: prints one line per query."""
    store: Store
    if location.startswith("http"):
        from therapykg.graph.remote import RemoteStore

        store = RemoteStore(location)
    else:
        store = OxigraphStore(location, read_only=True)
    chosen = json.loads(values)
    for name in names:
        run_query(store, name, chosen.get(name))
        samples = [run_query(store, name, chosen.get(name))[0] for _ in range(times)]
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


def measure(store: Path, names: list[str], cold: int, warm_times: int) -> list[dict[str, object]]:
    """Cold and warm figures of each query, embedded and on the server."""
    results: list[dict[str, object]] = []
    reader = OxigraphStore(str(store), read_only=True)
    chosen = real_values(reader)
    reader.close()
    print(json.dumps({"parameters": chosen}), flush=True)
    for backend in ("embedded", "oxigraph serve"):
        for name in names:
            samples, rows = [], 0
            for _ in range(cold):
                server = oxigraph(store) if backend != "embedded" else None
                location = server.base + "/query" if server else str(store)
                answer = _child("once", location, name, json.dumps(chosen.get(name, {})))[0]
                if server:
                    server.stop()
                samples.append(float(answer["seconds"]))  # type: ignore[arg-type]
                rows = int(answer["rows"])  # type: ignore[call-overload]
            results.append(_row(backend, name, "cold", samples, rows))
            print(json.dumps(results[-1]), flush=True)
        server = oxigraph(store) if backend != "embedded" else None
        location = server.base + "/query" if server else str(store)
        lines = _child("warm", location, ",".join(names), str(warm_times), json.dumps(chosen))
        for line in lines:
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
        return once(args[1], args[2], *args[3:4])
    if args and args[0] == "warm":
        return warm(args[1], args[2].split(","), int(args[3]), *args[4:5])
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
