"""Rerun every benchmark of docs/benchmarks.md and print its tables.

    python -m benchmarks.run --articles 1000,10000 [--runs 3] [--work /tmp/therapykg-bench]

In order: the corpora (generated once per size and seed, then reused), parse and extract on one
core (this checkout, and the checkout before the performance work as its baseline), the load
benchmark (therapykg load, Oxigraph's bulk load, Oxigraph's transactional load, rdflib), then on
each store the load left behind: every named query (embedded and `oxigraph serve`), search
(benchmarks/search.py) and HTTP at 8 clients (benchmarks/throughput.py). Raw figures go to
benchmarks/results/*.json, from which docs/benchmarks.md is written. Takes about three hours at
1,000 and 10,000 articles with three runs; `--skip parse,load,queries,search,http` leaves parts
out. The lineage picture is measured apart: `python -m benchmarks.visual_lineage`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import REPO, child_env, corpus, machine, median, save
from benchmarks.load import DEFAULT_WORK
from benchmarks.load import measure as measure_load
from benchmarks.queries import measure as measure_queries
from therapykg.queries.registry import named_queries

BEFORE = "83d3736~1"  # the loaders before the performance work of #7: the parse baseline


def parse_figures(folder: Path, articles: int, rounds: int, runs: int) -> dict[str, object]:
    """Parse and extract on one core: this checkout, and the one before the work, `runs` times
    each, alternating, in fresh processes."""
    with tempfile.TemporaryDirectory() as old:
        archive = subprocess.run(
            ["git", "archive", BEFORE, "therapykg"], cwd=REPO, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", old], input=archive.stdout, check=True)
        figures: dict[str, list[dict[str, float]]] = {"now": [], "before": []}
        for _ in range(runs):
            for name, path in (("now", str(REPO)), ("before", old)):
                env = {**child_env(), "PYTHONPATH": f"{path}:{REPO}"}
                command = [sys.executable, "-m", "benchmarks.parse", "--corpus", str(folder)]
                command += ["--articles", str(articles), "--rounds", str(rounds)]
                done = subprocess.run(
                    command, cwd=old, env=env, capture_output=True, text=True, check=True
                )
                figures[name].append(json.loads(done.stdout.splitlines()[-1]))
    medians = {
        name: {key: median([run[key] for run in runs_]) for key in runs_[0]}
        for name, runs_ in figures.items()
    }
    return {"runs": figures, "median": medians}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--articles", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--rdflib", default="1000", help="sizes at which to run rdflib too")
    parser.add_argument("--cold", type=int, default=5, help="cold runs of each query")
    parser.add_argument("--warm", type=int, default=20, help="warm runs of each query")
    parser.add_argument("--skip", default="", help="left out: parse,load,queries,search,http")
    options = parser.parse_args(argv)
    options.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(n) for n in options.articles.split(",")]
    skip = set(options.skip.split(","))
    report: dict[str, object] = {"machine": machine(), "sizes": sizes}
    if "parse" not in skip:
        folder = corpus(max(sizes), options.seed, options.work)
        report["parse"] = parse_figures(folder, 500, 3, options.runs)
        save("parse", report["parse"])
        print(json.dumps({"parse": report["parse"]["median"]}), flush=True)  # type: ignore[index]
    loads = []
    for size in sizes:
        if "load" not in skip:
            with_rdflib = str(size) in options.rdflib.split(",")
            loads.append(measure_load(size, options.runs, options.work, options.seed, with_rdflib))
            save("load", {"machine": report["machine"], "sizes": loads})
        store = options.work / f"store-{size}"
        if "queries" not in skip and store.exists():
            names = sorted(named_queries())
            figures = measure_queries(store, names, options.cold, options.warm)
            save(f"queries-{size}", figures)
        for part, module in (("search", "search"), ("http", "throughput")):  # each saves its own
            if part not in skip and store.exists():
                extra = ["--runs", str(options.runs)] if part == "http" else []
                command = [sys.executable, "-m", f"benchmarks.{module}", "--store", str(store)]
                subprocess.run([*command, *extra], cwd=REPO, env=child_env(), check=True)
    shutil.rmtree(options.work / "tmp", ignore_errors=True)


if __name__ == "__main__":
    main()
