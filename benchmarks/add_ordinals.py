"""Add this checkout's article ordinals to a store's summary graph, leaving the rest of it as it
is (the tenth run of docs/benchmarks.md: a copy of a 10,000-article store whose summary an
older checkout built, without rebuilding it whole).

    python -m benchmarks.add_ordinals STORE

`refresh_summary` writes the same ordinals with the rest of the summary graph on every load.
"""

from __future__ import annotations

import sys
import time

from therapykg.graph import summary
from therapykg.graph.byarticle import article_count, ordinal_quads
from therapykg.graph.store import OxigraphStore


def main(argv: list[str] | None = None) -> None:
    (path,) = sys.argv[1:] if argv is None else argv
    store = OxigraphStore(path)
    started, cpu = time.perf_counter(), time.process_time()
    rows = list(store.select(summary._ARTICLES))
    answers = {query: rows if query == summary._ARTICLES else [] for query in summary._QUERIES}
    quads = ordinal_quads(summary._summary(answers).titles, summary.summary_graph())
    print(
        f"{len(quads)} quads in {time.perf_counter() - started:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU"
    )
    store.change(insert=quads)
    store.flush()
    print(f"article_count: {article_count(store)}")
    store.close()


if __name__ == "__main__":
    main()
