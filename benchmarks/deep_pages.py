"""Deep pages of the listings paged by article: by cursor (keyset) against by offset, one run.

    python -m benchmarks.deep_pages --store DIR [--offsets 50,500,5000] [--warm 3] [--page 50]
        [--only NAME,...]

`DIR` is a store whose summary gives articles their ordinals (a copy of the 10,000-article
store with `python -m benchmarks.add_ordinals COPY`). For each named query paged by article,
at its default values (the seed's grade, every item):

- the walk: the next cursors followed from the first page, a page of `--page` rows at a time,
  up to the deepest offset; how many pages and the p50 of a page on the way;
- at each offset: the page read by offset (`windowed(..., articles=N)`, every article before it
  read again) and the page read by the cursor the walk reached there (`cursor_page`), each its
  first run and the median of `--warm` more, in this process; the two pages' rows compared;
  the ratio of the two medians.

With `--web`, the same query's HTML page through the web app (read-only, in this process): its
first page, and the page the walk's cursor at the deepest offset starts (`?after=TOKEN`), each
its first visit and the median of `--warm` more.

Prints one JSON line per query and offset, then a Markdown table. The machine is shared: the
1-minute load average is printed beside each query.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from benchmarks.common import Row, median
from benchmarks.common import rows as _rows
from therapykg.graph.byarticle import Cursor, article_count, following
from therapykg.graph.store import OxigraphStore, Term
from therapykg.queries.registry import NamedQuery, Window, named_queries


def _timed(
    store: OxigraphStore, text: str, bindings: dict[str, Term], warm: int
) -> tuple[float, float, list[Row]]:
    """The first run's and the median of `warm` more runs' milliseconds, and the rows."""
    walls: list[float] = []
    found: list[Row] = []
    for _ in range(warm + 1):
        started = time.perf_counter()
        found = _rows(store, text, bindings)
        walls.append((time.perf_counter() - started) * 1000)
    return walls[0], median(walls[1:]) if warm else walls[0], found


def _walk(
    store: OxigraphStore,
    query: NamedQuery,
    bindings: dict[str, Term],
    page: int,
    offsets: list[int],
    articles: int,
) -> tuple[dict[int, Cursor], list[float]]:
    """Follow next cursors from the first page to the deepest offset: the cursor found at each
    offset, and each page's milliseconds."""
    reached: dict[int, Cursor] = {}
    walls: list[float] = []
    cursor: Cursor | None = Cursor(0)
    while cursor is not None and cursor.row <= max(offsets):
        if cursor.row in offsets:
            reached[cursor.row] = cursor
        started = time.perf_counter()
        found = _rows(store, query.cursor_page(cursor, page + 1, articles), bindings)
        walls.append((time.perf_counter() - started) * 1000)
        ordinals = [int(row[0].split('"')[1]) for row in found]  # "17"^^xsd:integer
        cursor = following(cursor, ordinals, page)
    return reached, walls


def measure(
    store: OxigraphStore, name: str, page: int, offsets: list[int], warm: int
) -> list[dict[str, object]]:
    """One query's walk and its deep pages by offset and by cursor."""
    query = named_queries()[name]
    articles = article_count(store)
    assert articles, "the store's summary gives no ordinals: run benchmarks.add_ordinals"
    bindings = query.bindings({})  # its defaults, which the generated corpora hold
    load = os.getloadavg()[0]
    reached, walk = _walk(store, query, bindings, page, offsets, articles)
    found: list[dict[str, object]] = []
    for offset in offsets:
        cursor = reached.get(offset)
        if cursor is None:  # the answer ends before this offset
            continue
        by_offset = query.windowed(Window(page, offset), articles=articles)
        by_cursor = query.cursor_page(cursor, page, articles)
        o_first, o_p50, o_rows = _timed(store, by_offset, bindings, warm)
        c_first, c_p50, c_rows = _timed(store, by_cursor, bindings, warm)
        found.append(
            {
                "query": name,
                "offset": offset,
                "cursor": f"{cursor.row}, {cursor.ordinal}, {cursor.skip}",
                "token": cursor.token(),
                "offset_first_ms": o_first,
                "offset_p50_ms": o_p50,
                "cursor_first_ms": c_first,
                "cursor_p50_ms": c_p50,
                "ratio": o_p50 / c_p50 if c_p50 else None,
                "same_rows": [row[1:] for row in c_rows] == o_rows,
                "rows": len(c_rows),
                "walk_pages": len(walk),
                "walk_page_p50_ms": median(walk),
                "load1": load,
            }
        )
    return found


def web(store: Path, name: str, cursor: Cursor | None, warm: int) -> dict[str, object]:
    """The query's first page and the page from `cursor` through the app: first / p50 ms."""
    from therapykg.web.app import close_app, create_app

    app = create_app({"STORE": str(store), "QUERY_WORKERS": 0, "READ_ONLY": True})
    client = app.test_client()
    found: dict[str, object] = {"query": name, "web": True}
    try:
        for label, url in (("first", f"/queries/{name}"), ("deep", f"/queries/{name}")):
            if label == "deep":
                if cursor is None:
                    continue
                url += f"?after={cursor.token()}"
            walls = []
            for _ in range(warm + 1):
                started = time.perf_counter()
                response = client.get(url, headers={"Accept": "text/html"})
                walls.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            found[f"{label}_ms"] = [walls[0], median(walls[1:]) if warm else walls[0]]
            found[f"{label}_url"] = url
    finally:
        close_app(app)
    return found


def table(results: list[dict[str, object]]) -> str:
    lines = [
        "| query | offset (cursor: row, ordinal, skip) | by offset: first / p50 ms "
        "| by cursor: first / p50 ms | ratio | same rows | walk: pages, p50 ms | load |",
        "|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| `{r['query']}` | {r['offset']:,} ({r['cursor']}) "
            f"| {r['offset_first_ms']:,.0f} / {r['offset_p50_ms']:,.0f} "
            f"| {r['cursor_first_ms']:,.0f} / **{r['cursor_p50_ms']:,.0f}** "
            f"| {r['ratio']:,.0f}× | {'yes' if r['same_rows'] else 'NO'} "
            f"| {r['walk_pages']}, {r['walk_page_p50_ms']:,.0f} | {r['load1']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--offsets", default="50,500,5000")
    parser.add_argument("--page", type=int, default=50)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--only", default="")
    parser.add_argument("--web", action="store_true", help="also the HTML pages through the app")
    args = parser.parse_args(argv)
    offsets = sorted(int(n) for n in args.offsets.split(","))
    names = [n for n in args.only.split(",") if n] or sorted(
        name for name, q in named_queries().items() if q.by_article
    )
    store = OxigraphStore(args.store, read_only=True)
    results: list[dict[str, object]] = []
    try:
        for name in names:
            for found in measure(store, name, args.page, offsets, args.warm):
                print(json.dumps(found), flush=True)
                results.append(found)
    finally:
        store.close()
    print(table(results))
    for name in names if args.web else []:
        deepest = [r for r in results if r["query"] == name][-1:]
        cursor = Cursor.read(str(deepest[0]["token"])) if deepest else None
        print(json.dumps(web(args.store, name, cursor, args.warm)), flush=True)


if __name__ == "__main__":
    main()
