"""Search: the full-text index of the web front end, beside SPARQL's CONTAINS on the same store.

    python -m benchmarks.search --store DIR [--queries 200] [--baseline 5]

Builds (or finds up to date) the SQLite FTS5 index that `serve` keeps beside the store, timing
the build, then runs `--queries` searches of one to three words drawn from the store's own labels
(fixed seed), each timed cold in the sense that its words were not searched before. The
baseline is what a site without an index would do: a SPARQL `FILTER(CONTAINS(LCASE(...)))` over
every label and sentence, for the first `--baseline` of the same searches. Prints one JSON line
and saves it to benchmarks/results/search-<N>.json (N: articles in the store).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.common import machine, median, percentile, save
from therapykg.graph.store import OxigraphStore
from therapykg.web.searchindex import SearchIndex, index_location

CONTAINS = """SELECT ?words ?s ?text WHERE {
  ?s skos:prefLabel|tkg:text ?text .
  FILTER(CONTAINS(LCASE(STR(?text)), LCASE(?words)))
} LIMIT 50"""


def words_to_search(store: OxigraphStore, count: int, seed: int) -> list[str]:
    """Searches a user might type: one to three consecutive words of a label in the store."""
    result = store.query("SELECT ?l WHERE { ?s skos:prefLabel ?l } LIMIT 20000")
    assert isinstance(result, ox.QuerySolutions)
    labels = sorted({row["l"].value for row in result if len(row["l"].value.split()) > 0})
    chooser = random.Random(seed)
    searches = []
    for _ in range(count):
        words = chooser.choice(labels).split()
        start = chooser.randrange(len(words))
        searches.append(" ".join(words[start : start + chooser.randint(1, 3)]))
    return searches


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args(argv)
    store = OxigraphStore(str(options.store), read_only=True)
    articles = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?a a tkg:Article }")
    assert isinstance(articles, ox.QuerySolutions)
    size = int(next(iter(articles))["n"].value)
    index = SearchIndex(index_location(str(options.store)))
    started = time.perf_counter()
    rebuilt = index.refresh(store)
    build = time.perf_counter() - started
    searches = words_to_search(store, options.queries, options.seed)
    timings, hits = [], []
    for words in searches:
        began = time.perf_counter()
        hits.append(len(index.search(words)))
        timings.append(time.perf_counter() - began)
    baseline = []
    for words in searches[: options.baseline]:
        began = time.perf_counter()
        result = store.query(CONTAINS, bindings={"words": ox.Literal(words.split()[0])})
        assert isinstance(result, ox.QuerySolutions)
        sum(1 for _ in result)
        baseline.append(time.perf_counter() - began)
    figures = {
        "articles": size,
        "index_build_s": round(build, 1) if rebuilt else None,
        "searches": len(timings),
        "p50_ms": round(median(timings) * 1000, 2),
        "p99_ms": round(percentile(timings, 0.99) * 1000, 2),
        "median_hits": median(hits),
        "contains_p50_ms": round(median(baseline) * 1000, 1),
        "contains_runs": len(baseline),
        "machine": machine(),
    }
    print(json.dumps(figures), flush=True)
    save(f"search-{size}", figures)
    index.close()
    store.close()


if __name__ == "__main__":
    main()
