"""End-to-end load, beside what the store itself can do with the same quads.

    python -m benchmarks.load --articles 1000,10000 [--runs 3] [--work DIR] [--rdflib 1000]

For each size, each run, in this order (so that other work on the machine touches them alike):

1. `therapykg load CORPUS` into a fresh on-disk store: the command a user runs, in its own
   process (its worker processes included in CPU and memory);
2. the store's quads, dumped once as N-Quads (ontology, metadata and labels graphs included:
   exactly what the load wrote), bulk loaded by Oxigraph into a fresh store
   (`pyoxigraph.Store.bulk_load`, no transactions): the limit of this machine;
3. the same N-Quads written with Oxigraph's transactional `Store.load`, in batches as large as
   the loader's (32 articles): the limit for any loader that keeps one transaction per batch;
4. at the sizes given with --rdflib, rdflib's in-memory Dataset parsing the same N-Quads: what a
   user would pick by default.

Prints a JSON line per measurement and saves everything to benchmarks/results/load.json.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.common import Run, corpus, machine, median, python, save, timed
from therapykg.graph.writer import BATCH_SIZE

DEFAULT_WORK = Path("/tmp/therapykg-bench")


def measure(
    articles: int, runs: int, work: Path, seed: int, with_rdflib: bool
) -> dict[str, object]:
    folder = corpus(articles, seed, work)
    store, nquads = work / f"store-{articles}", work / f"store-{articles}.nq"
    results: dict[str, list[Run]] = {"therapykg load": [], "bulk_load": [], "transactional": []}
    quads = 0
    for run in range(runs):
        shutil.rmtree(store, ignore_errors=True)
        loaded = timed(python("-m", "therapykg.cli", "--store", str(store), "load", str(folder)))
        results["therapykg load"].append(loaded)
        quads = _loaded_quads(loaded.stdout)
        if run == 0:
            _dump(store, nquads)
        lines = sum(1 for _ in nquads.open("rb"))
        per_batch = max(1, round(lines / articles * BATCH_SIZE))
        target = work / f"bulk-{articles}"
        shutil.rmtree(target, ignore_errors=True)
        results["bulk_load"].append(
            timed(python("-m", "benchmarks.load", "bulk", str(nquads), str(target)))
        )
        shutil.rmtree(target, ignore_errors=True)
        results["transactional"].append(
            timed(
                python("-m", "benchmarks.load", "batches", str(nquads), str(target), str(per_batch))
            )
        )
        shutil.rmtree(target, ignore_errors=True)
        for name, series in results.items():
            print(json.dumps({"articles": articles, "run": run, "what": name, **_row(series[-1])}))
    if with_rdflib:
        results["rdflib Dataset"] = [timed(python("-m", "benchmarks.load", "rdflib", str(nquads)))]
        print(
            json.dumps(
                {"articles": articles, "what": "rdflib", **_row(results["rdflib Dataset"][-1])}
            )
        )
    return {
        "articles": articles,
        "quads": quads,
        "stored_quads": lines,
        "runs": {name: series for name, series in results.items()},
        "median": {name: _summary(series, articles, lines) for name, series in results.items()},
    }


def _row(run: Run) -> dict[str, float]:
    return {
        "wall": round(run.wall, 1),
        "cpu": round(run.cpu, 1),
        "rss_mb": round(run.max_rss_mb),
        "tree_rss_mb": round(run.tree_rss_mb),
        "load": run.load_before,
    }


def _summary(series: list[Run], articles: int, quads: int) -> dict[str, float]:
    wall = median([r.wall for r in series])
    return {
        "wall_s": wall,
        "cpu_s": median([r.cpu for r in series]),
        "articles_per_s": articles / wall,
        "quads_per_s": quads / wall,
        "peak_rss_mb": max(r.max_rss_mb for r in series),
        "peak_tree_rss_mb": max(r.tree_rss_mb for r in series),
        "runs": len(series),
    }


def _loaded_quads(stdout: str) -> int:
    match = re.search(r"(\d+) quads", stdout)
    return int(match.group(1)) if match else 0


def _dump(store: Path, target: Path) -> None:
    reader = ox.Store.read_only(str(store))
    reader.dump(output=str(target), format=ox.RdfFormat.N_QUADS)
    del reader


# -- the baselines, each run in a process of its own -----------------------------------------


def bulk(nquads: Path, target: Path) -> None:
    store = ox.Store(str(target))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()


def batches(nquads: Path, target: Path, per_batch: int) -> None:
    """Oxigraph's own transactional load of the same quads, `per_batch` quads per transaction."""
    store = ox.Store(str(target))
    batch: list[bytes] = []
    with nquads.open("rb") as stream:
        for line in stream:
            batch.append(line)
            if len(batch) >= per_batch:
                store.load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
                batch = []
    if batch:
        store.load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
    store.flush()


def rdflib_dataset(nquads: Path) -> None:
    import rdflib

    dataset = rdflib.Dataset()
    started = time.perf_counter()
    dataset.parse(str(nquads), format="nquads")
    print(json.dumps({"rdflib_quads": len(dataset), "parse_s": time.perf_counter() - started}))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "bulk":
        return bulk(Path(args[1]), Path(args[2]))
    if args and args[0] == "batches":
        return batches(Path(args[1]), Path(args[2]), int(args[3]))
    if args and args[0] == "rdflib":
        return rdflib_dataset(Path(args[1]))
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--articles", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--rdflib", default="1000", help="sizes at which to run rdflib too")
    options = parser.parse_args(args)
    options.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(n) for n in options.articles.split(",")]
    rdflib_sizes = {int(n) for n in options.rdflib.split(",") if n}
    report = {"machine": machine(), "sizes": []}
    for size in sizes:
        result = measure(size, options.runs, options.work, options.seed, size in rdflib_sizes)
        report["sizes"].append(result)  # type: ignore[attr-defined]
        save("load", report)
    return None


if __name__ == "__main__":
    main()
