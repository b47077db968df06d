"""`therapykg validate` of a whole store, of what a load changed, and the ways not taken.

    python -m benchmarks.validate --articles 50,1000 [--old 50] [--store 10000=DIR]
                                  [--added 100] [--work DIR]

For each size, in its own processes (common.timed: wall, CPU, the largest process's peak
memory and the whole tree's):

1. `therapykg validate --all` of a fresh store of the generated corpus (or a copy of the store
   given with --store SIZE=DIR, which is copied, never written): the store checked graph by
   graph (graph/validate.py);
2. at the sizes given with --old, the reference: the whole store copied into one rdflib Graph
   and checked by pySHACL (`validation.validate`, the code before issue 16);
3. pySHACL on single articles (an article graph with the ontology): seconds an article, the
   cost of checking article by article with pySHACL in worker processes;
4. four of the shapes compiled to SPARQL by hand, each run once over the whole store: seconds
   a constraint, the cost of checking by one SPARQL query per constraint;
5. with --added N: N more generated articles (another seed) loaded into the store, then
   `therapykg validate` (only what changed).

Prints a JSON line per measurement and saves everything to benchmarks/results/validate.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from benchmarks.common import Run, corpus, machine, python, save, timed

DEFAULT_WORK = Path("/tmp/therapykg-bench")
# what the four hand-compiled constraints check, over the union of the store's graphs
SPARQL_CONSTRAINTS = {
    "Statement-text minCount": (
        "SELECT ?this WHERE { ?this a tkg:Statement FILTER NOT EXISTS { ?this tkg:text ?v } }"
    ),
    "Statement-text maxCount": (
        "SELECT ?this WHERE { ?this a tkg:Statement OPTIONAL { ?this tkg:text ?v } }"
        " GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > 1)"
    ),
    "Statement-text datatype": (
        "SELECT ?this ?v WHERE { ?this a tkg:Statement ; tkg:text ?v"
        " FILTER(datatype(?v) != xsd:string) }"
    ),
    "Statement-inSection class": (
        "SELECT ?this ?v WHERE { ?this a tkg:Statement ; tkg:inSection ?v"
        " FILTER NOT EXISTS { ?v a/rdfs:subClassOf* tkg:Section } }"
    ),
}


def measure(
    articles: int, work: Path, seed: int, given: Path | None, old: bool, added: int
) -> dict[str, object]:
    store = work / f"validate-store-{articles}"
    shutil.rmtree(store, ignore_errors=True)
    if given is not None:
        shutil.copytree(given, store)
    else:
        folder = corpus(articles, seed, work)
        timed(
            python(
                "-m", "therapykg.cli", "--store", str(store), "load", "--no-progress", str(folder)
            )
        )
    row: dict[str, object] = {"articles": articles}
    cli = python("-m", "therapykg.cli", "--store", str(store), "validate")
    row["validate --all"] = _report(
        articles, "validate --all", _exit_1_ok([*cli, "--all", "--no-progress"])
    )
    if old:
        row["pySHACL whole store"] = _report(
            articles,
            "pySHACL whole store",
            timed(python("-m", "benchmarks.validate", "old", str(store))),
        )
    per = timed(python("-m", "benchmarks.validate", "per-article", str(store)))
    row["pySHACL per article"] = json.loads(per.stdout)
    print(
        json.dumps(
            {"articles": articles, "what": "pySHACL per article", **row["pySHACL per article"]}
        )
    )  # type: ignore[dict-item]
    compiled = timed(python("-m", "benchmarks.validate", "sparql", str(store)))
    row["SPARQL per constraint"] = json.loads(compiled.stdout)
    print(
        json.dumps(
            {"articles": articles, "what": "SPARQL per constraint", **row["SPARQL per constraint"]}
        )
    )  # type: ignore[dict-item]
    if added:
        extra = corpus(added, seed + 1, work)
        timed(
            python(
                "-m", "therapykg.cli", "--store", str(store), "load", "--no-progress", str(extra)
            )
        )
        row[f"validate after {added} added"] = _report(
            articles, f"validate after {added} added", _exit_1_ok([*cli, "--no-progress"])
        )
    shutil.rmtree(store, ignore_errors=True)
    return row


def _exit_1_ok(command: list[str]) -> Run:
    """`validate` exits 1 when it finds violations (the generated works share titles)."""
    wrapped = python(
        "-c",
        "import subprocess, sys; r = subprocess.run(sys.argv[1:]); "
        "sys.exit(0 if r.returncode in (0, 1) else r.returncode)",
        *command,
    )
    return timed(wrapped)


def _report(articles: int, what: str, run: Run) -> dict[str, float]:
    row = {
        "wall_s": round(run.wall, 1),
        "cpu_s": round(run.cpu, 1),
        "peak_rss_mb": round(run.max_rss_mb),
        "tree_rss_mb": round(run.tree_rss_mb),
        "load_before": run.load_before,
    }
    print(json.dumps({"articles": articles, "what": what, **row}))
    return row


# -- the ways not taken, each run in a process of its own ------------------------------------


def old(store_dir: Path) -> None:
    """The code before issue 16: the store into one rdflib Graph, then pySHACL."""
    from therapykg.graph.convert import to_rdflib_graph
    from therapykg.graph.store import open_store
    from therapykg.ontology.validation import validate

    with open_store(str(store_dir), read_only=True) as store:
        report = validate(to_rdflib_graph(store.quads()))
    print(len(report.results))


def per_article(store_dir: Path, count: int = 5) -> None:
    """pySHACL on `count` article graphs, each with the ontology: seconds an article."""
    from therapykg.graph.convert import to_rdflib_graph
    from therapykg.graph.store import open_store
    from therapykg.ontology.validation import validate

    with open_store(str(store_dir), read_only=True) as store:
        graphs = [g for g in store.graphs() if "/article/" in g.value][:count]
        validate(to_rdflib_graph([]))  # parse the shapes and ontology before the clock starts
        started, cpu = time.perf_counter(), time.process_time()
        for graph in graphs:
            validate(to_rdflib_graph(store.quads(graph)))
        wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(
        json.dumps(
            {
                "articles": len(graphs),
                "s_per_article": round(wall / len(graphs), 2),
                "cpu_s_per_article": round(used / len(graphs), 2),
            }
        )
    )


def sparql(store_dir: Path) -> None:
    """Each hand-compiled constraint once over the whole store: seconds a constraint."""
    from therapykg.graph.store import open_store

    times = {}
    with open_store(str(store_dir), read_only=True) as store:
        for name, query in SPARQL_CONSTRAINTS.items():
            started = time.perf_counter()
            rows = store.query(query)
            sum(1 for _ in rows)  # type: ignore[union-attr]
            times[name] = round(time.perf_counter() - started, 1)
    print(json.dumps({"s_per_constraint": times}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] in ("old", "per-article", "sparql"):
        {"old": old, "per-article": per_article, "sparql": sparql}[sys.argv[1]](Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="50,1000", help="sizes, comma-separated")
    parser.add_argument(
        "--old", default="50", help="sizes at which to run the old whole-store pySHACL"
    )
    parser.add_argument(
        "--store",
        action="append",
        default=[],
        metavar="SIZE=DIR",
        help="use (a copy of) this store for SIZE instead of loading one",
    )
    parser.add_argument(
        "--added", type=int, default=100, help="articles loaded before the incremental run"
    )
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    given = {int(k): Path(v) for k, v in (s.split("=", 1) for s in args.store)}
    olds = {int(n) for n in args.old.split(",") if n}
    rows = [
        measure(n, args.work, args.seed, given.get(n), n in olds, args.added)
        for n in (int(a) for a in args.articles.split(","))
    ]
    print(save("validate", {"machine": machine(), "sizes": rows}))


if __name__ == "__main__":
    main()
