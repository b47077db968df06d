"""Shared nodes described once (issue 13): one checkout against another, on one generated corpus.

    python -m benchmarks.shared --articles 200 [--before /path/to/checkout] [--work DIR]
    python -m benchmarks.shared --store /path/to/store [--load-seconds S] [--before ...]

For each checkout (this one, and `--before`, e.g. a worktree of the commit before the shared
graph), in a fresh process with that checkout first on the path:

- load: `therapykg load` of the corpus into a new on-disk store (wall seconds), then Oxigraph's
  own `bulk_load` of the same quads (the store dumped as N-Quads) into another new store; the
  ratio of the two;
- repeats: triples about a shared node (`id/{kind}/…` for a shared kind) stated in more than one
  graph, and `COUNT(*)` against `COUNT(DISTINCT ?e)` of `?e a tkg:RelationshipElement`;
- each named query's first page (its rows up to LIMIT 50, with values the store holds): the first
  run in a fresh process (cold), then the median (p50) of `--warm` more;
- the web app over the store (read-only): the first visit of /lineage and /evidence, and the
  entity page of the most shared node, element/alliance (first visit and p50 of `--warm`).

A query paged by article (`# by article:`, a checkout that has it) is measured as its pages are
read: article by article, where the store's summary gives ordinals. `--only NAME,...` measures
those named queries alone, and instead of /lineage, /evidence and the alliance page, their first
pages through the web app (`/queries/NAME`, first visit and p50 of `--warm`).

`--queries-only` (with `--store`) leaves out the bulk load and the repeats, which read the whole
store (minutes at 10,000 articles) and do not change with the queries' or pages' code.

With `--store`, a store already loaded (say the 10,000-article store a timed `therapykg load`
built) is measured instead: nothing is generated or loaded, the store is only opened read-only,
Oxigraph's bulk load reads its dump from a file in `--work` (not timed), and the load's ratio is
`--load-seconds` (the wall time of the load that built it) over that bulk load. With `--before`
too, both checkouts' queries and pages run on that one store.

Prints one JSON object per checkout, and a Markdown table of both side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import corpus, median
from therapykg.ontology.iri import SHARED_KINDS

DEFAULT_WORK = Path("/tmp/therapykg-bench-shared")
ONLY = "THERAPYKG_BENCH_ONLY"  # `--only`, handed to the children by the environment
PAGE = 50
SLOW = 5.0  # seconds: a query whose first run takes longer is run once more, not `--warm` times


def measure_here(store: Path, warm: int, repeats: bool = True) -> dict[str, object]:
    """Run in the child, against the checkout on its path: queries and pages of `store` (and the
    repeats of shared nodes' triples, unless `repeats` is false)."""
    import pyoxigraph as ox

    from benchmarks.queries import real_values
    from therapykg.graph.store import OxigraphStore
    from therapykg.queries import registry
    from therapykg.web.app import create_app

    result: dict[str, object] = {}
    kg = OxigraphStore(store, read_only=True)
    if repeats:
        result.update(_repeats(kg))
    values = real_values(kg)
    pages: dict[str, dict[str, float]] = {}
    only = [n for n in os.environ.get(ONLY, "").split(",") if n]
    try:  # a checkout that pages some listings by article
        from therapykg.graph.byarticle import article_count

        articles = article_count(kg)
    except ImportError:
        articles = None
    for name, query in sorted(registry.named_queries().items()):
        if only and name not in only:
            continue
        # The first page as the app asks for it: read by rank where the store keeps the rows
        # (`# kept: summary`, a checkout that has it), else the text with a LIMIT.
        bindings = query.bindings(values.get(name, {}))
        at = getattr(query, "kept_at", None)  # a checkout that keeps parameterised queries
        kept = bool(getattr(query, "kept", ())) and registry.keeps(kg, query)
        kept = kept and (at(bindings) if at is not None else not query.parameters)
        by_article = bool(getattr(query, "by_article", "")) and articles is not None
        text = (
            query.windowed(registry.Window(PAGE, 0), kept=True)
            if kept
            else query.windowed(registry.Window(PAGE, 0), articles=articles)
            if by_article
            else query.text
            if "LIMIT" in query.text.upper().split("ORDER BY")[-1]
            else (query.text.rstrip() + f"\nLIMIT {PAGE}\n")
        )
        runs: list[tuple[float, float]] = []
        load = _load1()
        while len(runs) < warm + 1 and (len(runs) < 2 or runs[0][0] < SLOW):
            started, cpu = time.perf_counter(), time.process_time()
            answer = kg.query(text, bindings=bindings)
            assert isinstance(answer, ox.QuerySolutions)
            rows = sum(1 for _ in answer)
            runs.append((time.perf_counter() - started, time.process_time() - cpu))
        pages[name] = {
            "first_ms": runs[0][0] * 1000,
            "first_cpu_ms": runs[0][1] * 1000,
            "p50_ms": median([wall for wall, _ in runs[1:]]) * 1000,
            "rows": rows,
            "kept": kept,
            "by_article": by_article,
            "load1": load,
        }
    result["named_query_first_page"] = pages
    kg.close()
    app = create_app({"STORE": str(store), "QUERY_WORKERS": 0, "READ_ONLY": True})
    client = app.test_client()
    visits: dict[str, dict[str, float]] = {}
    paths = [f"/queries/{n}" for n in only] or ["/lineage", "/evidence", "/id/element/alliance"]
    for path in paths:
        walls, cpus, load = [], [], _load1()
        for _ in range(warm + 1 if "alliance" in path or only else 1):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(path, headers={"Accept": "text/html"})
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            assert response.status_code == 200, (path, response.status_code)
            if walls[0] > SLOW and len(walls) >= 2:
                break
        visits[path] = {"first_ms": walls[0] * 1000, "first_cpu_ms": cpus[0] * 1000, "load1": load}
        if len(walls) > 1:
            visits[path]["p50_ms"] = median(walls[1:]) * 1000
    result["pages"] = visits
    return result


def _load1() -> float:
    """The 1-minute load average: the machine is shared, and wall times move with it."""
    return os.getloadavg()[0]


def _repeats(kg: Any) -> dict[str, object]:
    """Triples about shared nodes stated in more than one graph; COUNT(*) and COUNT(DISTINCT)
    of the elements."""
    import pyoxigraph as ox

    from therapykg.ontology.vocab import DEFAULT_BASE

    result: dict[str, object] = {}
    prefixes = " || ".join(
        f'STRSTARTS(STR(?s), "{DEFAULT_BASE}{k}/")' for k in sorted(SHARED_KINDS)
    )
    repeats = kg.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER({prefixes}) }} GROUP BY ?s ?p ?o HAVING (COUNT(DISTINCT ?g) > 1) }}"
    )
    assert isinstance(repeats, ox.QuerySolutions)
    result["shared_triples_in_several_graphs"] = int(next(iter(repeats))["n"].value)
    counted = kg.query(
        "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?e) AS ?d) { ?e a tkg:RelationshipElement }"
    )
    assert isinstance(counted, ox.QuerySolutions)
    row = next(iter(counted))
    result["element_count_star_vs_distinct"] = [int(row["n"].value), int(row["d"].value)]
    return result


def _child(checkout: Path, *args: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(checkout), str(Path(__file__).resolve().parents[1])]),
        "PYTHONUNBUFFERED": "1",
    }
    done = subprocess.run(
        [sys.executable, *args], cwd=checkout, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed in {checkout}:\n{done.stderr[-3000:]}")
    return done.stdout


# The dump goes through a file, so that a large store never sits in memory as one string.
_BULK = """
import sys, time, pyoxigraph as ox
source = ox.Store.read_only(sys.argv[1])
dump = sys.argv[2] + ".nq"
source.dump(dump, format=ox.RdfFormat.N_QUADS)
target = ox.Store(sys.argv[2])
started, cpu = time.perf_counter(), time.process_time()
target.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
target.flush()
print(time.perf_counter() - started, len(source), time.process_time() - cpu)
"""


def bulk_load(checkout: Path, store: Path, work: Path) -> tuple[float, int, float]:
    """Oxigraph's bulk load of `store`'s quads into a new store: wall seconds, how many quads,
    CPU seconds (every thread of it)."""
    bulk = work / "bulk"
    shutil.rmtree(bulk, ignore_errors=True)
    try:
        seconds, quads, cpu = _child(checkout, "-c", _BULK, str(store), str(bulk)).split()
    finally:
        shutil.rmtree(bulk, ignore_errors=True)
        bulk.with_name("bulk.nq").unlink(missing_ok=True)
    return float(seconds), int(quads), float(cpu)


def measure(checkout: Path, articles: Path, work: Path, warm: int) -> dict[str, object]:
    """Load the corpus with `checkout`, bulk-load the same quads, then measure the store."""
    store = work / "store"
    shutil.rmtree(store, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    _child(checkout, "-m", "therapykg.cli", "--store", str(store), "load", "--no-progress",
           str(articles))  # fmt: skip
    load = time.perf_counter() - started
    seconds, quads, cpu = bulk_load(checkout, store, work)
    found = measure_store(checkout, store, warm)
    found.update(load_s=load, quads=quads, bulk_load_s=seconds, bulk_load_cpu_s=cpu)
    found.update(load_over_bulk=load / seconds)
    return found


def measure_store(
    checkout: Path, store: Path, warm: int, repeats: bool = True
) -> dict[str, object]:
    """The queries and pages of `checkout` over `store` (opened read-only), in a child."""
    # this file, loaded by its path: the other checkout has a benchmarks package of its own
    code = (
        "import importlib.util, json, sys, pathlib\n"
        f"spec = importlib.util.spec_from_file_location('bench_shared', {str(Path(__file__))!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print(json.dumps(module.measure_here(pathlib.Path(sys.argv[1]), int(sys.argv[2]),"
        " sys.argv[3] == 'repeats')))\n"
    )
    found: dict[str, object] = json.loads(
        _child(checkout, "-c", code, str(store), str(warm), "repeats" if repeats else "no")
    )
    found.update(checkout=str(checkout))
    return found


def measure_given(
    store: Path,
    checkouts: dict[str, Path],
    work: Path,
    warm: int,
    load_s: float | None,
    queries_only: bool = False,
) -> dict[str, dict[str, object]]:
    """`--store`: each checkout's queries and pages over one store loaded already; the bulk
    load of its quads once, by this checkout (not with `queries_only`)."""
    here = Path(__file__).resolve().parents[1]
    bulk: dict[str, object] = {}
    if not queries_only:
        seconds, quads, cpu = bulk_load(here, store, work)
        bulk = {"bulk_load_s": seconds, "quads": quads, "bulk_load_cpu_s": cpu}
        if load_s is not None:
            bulk.update(load_s=load_s, load_over_bulk=load_s / seconds)
        print(json.dumps(bulk), flush=True)
    results = {}
    for name, checkout in checkouts.items():
        found = measure_store(checkout, store, warm, repeats=not queries_only)
        found.update(bulk)
        results[name] = found
        print(json.dumps({name: found}), flush=True)
    return results


def table(before: dict[str, object], after: dict[str, object]) -> str:
    def cell(data: dict[str, object], *path: str) -> str:
        value: object = data
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return "–"
            value = value[key]
        if isinstance(value, float):
            return f"{value:.0f}" if value >= 10 else f"{value:.2f}"
        return str(value)

    def timed(data: dict[str, object], *path: str) -> str:
        """`wall (CPU ms, load average)` of a first run, where CPU time was measured."""
        wall = cell(data, *path, "first_ms")
        cpu, load = cell(data, *path, "first_cpu_ms"), cell(data, *path, "load1")
        return wall if cpu == "–" else f"{wall} ({cpu} CPU, load {load})"

    lines = ["| measure | before | after |", "|---|---:|---:|"]
    for label, path in [
        ("quads in the store", ("quads",)),
        ("load, s", ("load_s",)),
        ("Oxigraph bulk_load of the same quads, s", ("bulk_load_s",)),
        ("Oxigraph bulk_load of the same quads, CPU s", ("bulk_load_cpu_s",)),
        ("load ÷ bulk_load", ("load_over_bulk",)),
        ("shared-node triples in more than one graph", ("shared_triples_in_several_graphs",)),
        ("`?e a tkg:RelationshipElement`: COUNT(*), COUNT(DISTINCT)",
         ("element_count_star_vs_distinct",)),
    ]:  # fmt: skip
        lines.append(f"| {label} | {cell(before, *path)} | {cell(after, *path)} |")
    names = sorted(
        set(_keys(before, "named_query_first_page")) | set(_keys(after, "named_query_first_page"))
    )
    for name in names:
        where = ("named_query_first_page", name)
        kept = " (kept rows)" if cell(after, *where, "kept") == "True" else ""
        kept += " (by article)" if cell(after, *where, "by_article") == "True" else ""
        lines.append(
            f"| `{name}`{kept} first page, first ms | {timed(before, *where)} | "
            f"{timed(after, *where)} |"
        )
        lines.append(
            f"| `{name}` first page, p50 ms | {cell(before, *where, 'p50_ms')} | "
            f"{cell(after, *where, 'p50_ms')} |"
        )
    for page in sorted(set(_keys(before, "pages")) | set(_keys(after, "pages"))):
        lines.append(
            f"| {page} first visit, ms | {timed(before, 'pages', page)} | "
            f"{timed(after, 'pages', page)} |"
        )
        if "p50_ms" in str(after.get("pages", {})) + str(before.get("pages", {})):
            lines.append(
                f"| {page} p50 visit, ms | {cell(before, 'pages', page, 'p50_ms')} | "
                f"{cell(after, 'pages', page, 'p50_ms')} |"
            )
    return "\n".join(lines)


def _keys(data: dict[str, object], key: str) -> list[str]:
    value = data.get(key)
    return list(value) if isinstance(value, dict) else []


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.shared", description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--before", type=Path, help="another checkout to measure first")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument(
        "--store", type=Path, help="measure this store, loaded already, instead of loading one"
    )
    parser.add_argument(
        "--load-seconds", type=float, help="with --store: the wall time of the load that built it"
    )
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="with --store: only the queries and pages (no bulk load, no repeats count)",
    )
    parser.add_argument(
        "--only", default="", help="NAME,...: these named queries and their web pages alone"
    )
    args = parser.parse_args(argv)
    if args.only:
        os.environ[ONLY] = args.only
    args.work.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).resolve().parents[1]
    checkouts = {"before": args.before, "after": here}
    chosen = {name: path.resolve() for name, path in checkouts.items() if path is not None}
    if args.store is not None:
        results = measure_given(
            args.store, chosen, args.work, args.warm, args.load_seconds, args.queries_only
        )
    else:
        articles = corpus(args.articles, args.seed, args.work)
        results = {}
        for name, checkout in chosen.items():
            results[name] = measure(checkout, articles, args.work / name, args.warm)
            print(json.dumps({name: results[name]}), flush=True)
    print(table(results.get("before", {}), results["after"]))


if __name__ == "__main__":
    main()
