"""The pages a student reaches from an element: one checkout against another, on one store.

    python -m benchmarks.entity_pages --store STORE [--before CHECKOUT] [--warm 5] [--rounds 2]

Each page is visited through the web app (Flask's test client, the store opened read-only, no
query workers) in a fresh process of its own, with that checkout first on the path: the first
visit (wall and CPU ms, the template compiled on the way, as a freshly started server pays it),
then the median (p50) of `--warm` more; a page whose first visit takes over 5 s is visited once
more only. Rounds alternate the checkouts (before, after, before, after ...), so that the load
other work puts on the machine falls on both alike; the 1-minute load average is recorded with
each page. A page the *before* checkout does not have (a property's page of values) is left out
for it.

The pages: the entity page of the most shared node (`element/alliance`), of another element
(`element/empathy`) and of the node most linked to (`grade/demonstrably-effective`); one
property's values, outgoing and incoming, deep in alliance's 5,834
(`?p=tkg:isGradedIn&offset=…`, `?in=tkg:gradedItem&offset=…`); `/lineage` and `/evidence`; and
the first page of the two named queries an element's page leads to, `element-evidence` and
`smart-objectives`, for alliance (their defaults) and for empathy.

Prints one JSON object per page and checkout, then a Markdown table of the medians over rounds;
the raw figures go to benchmarks/results/entity_pages-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from benchmarks.common import RESULTS, median
from benchmarks.shared import SLOW, _child

ID = "https://w3id.org/therapykg/id/"
ALLIANCE, EMPATHY = ID + "element/alliance", ID + "element/empathy"
PAGES: list[tuple[str, bool]] = [  # the path, and whether the *before* checkout has it
    ("/id/element/alliance", True),
    ("/id/element/empathy", True),
    ("/id/grade/demonstrably-effective", True),  # 47,552 gradings point at it
    ("/id/element/alliance?p=tkg:isGradedIn&offset=20", False),
    ("/id/element/alliance?p=tkg:isGradedIn&offset=5000", False),
    ("/id/element/alliance?in=tkg:gradedItem&offset=5000", False),
    ("/lineage", True),
    ("/evidence", True),
    ("/queries/element-evidence", True),
    (f"/queries/element-evidence?item={EMPATHY}", True),
    ("/queries/smart-objectives", True),
    (f"/queries/smart-objectives?item={EMPATHY}", True),
]


def visit_here(store: Path, path: str, warm: int) -> dict[str, object]:
    """Run in the child, against the checkout on its path: visit `path` once, then `warm` more
    times unless the first took over `SLOW` seconds."""
    from therapykg.web.app import create_app

    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    app = create_app({"STORE": str(store), "QUERY_WORKERS": 0, "READ_ONLY": True})
    client = app.test_client()
    opened = time.perf_counter() - started
    runs: list[tuple[float, float, int, int]] = []
    while len(runs) < warm + 1 and (len(runs) < 2 or runs[0][0] < SLOW):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path, headers={"Accept": "text/html"})
        body = response.get_data()
        runs.append(
            (time.perf_counter() - started, time.process_time() - cpu, response.status_code,
             len(body))
        )  # fmt: skip
    return {
        "path": path,
        "status": runs[0][2],
        "bytes": runs[0][3],
        "app_ms": opened * 1000,
        "first_ms": runs[0][0] * 1000,
        "first_cpu_ms": runs[0][1] * 1000,
        "p50_ms": median([wall for wall, *_ in runs[1:]]) * 1000 if len(runs) > 1 else None,
        "load1": load,
    }


def visit(checkout: Path, store: Path, path: str, warm: int) -> dict[str, object]:
    """`path` visited by `checkout`'s app over `store`, in a fresh child process."""
    code = (
        "import importlib.util, json, sys, pathlib\n"
        f"spec = importlib.util.spec_from_file_location('bench_pages', {str(Path(__file__))!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print(json.dumps(module.visit_here(pathlib.Path(sys.argv[1]), sys.argv[2],"
        " int(sys.argv[3]))))\n"
    )
    found: dict[str, object] = json.loads(_child(checkout, "-c", code, str(store), path, str(warm)))
    return found


def table(results: dict[str, dict[str, list[dict[str, object]]]]) -> str:
    """Per page: each checkout's first visit and p50, the medians over rounds."""

    def cell(runs: list[dict[str, object]]) -> str:
        if not runs:
            return "–"
        first = statistics.median(float(str(r["first_ms"])) for r in runs)
        cpu = statistics.median(float(str(r["first_cpu_ms"])) for r in runs)
        p50s = [float(str(r["p50_ms"])) for r in runs if r["p50_ms"] is not None]
        loads = [float(str(r["load1"])) for r in runs]
        p50 = f"{statistics.median(p50s):,.0f}" if p50s else "–"
        size = statistics.median(int(str(r["bytes"])) for r in runs) / 1000
        status = {int(str(r["status"])) for r in runs} - {200}
        if status:
            return "status " + ", ".join(map(str, sorted(status)))
        return (
            f"{first:,.0f} ({cpu:,.0f} CPU) / **{p50}** · {size:,.0f} kB · "
            f"load {min(loads):.1f}–{max(loads):.1f}"
        )

    names = list(results)
    lines = [
        "| page | "
        + " | ".join(f"{n}: first ms (CPU) / p50 ms · size · load" for n in names)
        + " |",
        "|---|" + "---:|" * len(names),
    ]
    for path, _ in PAGES:
        cells = [cell(results[name].get(path, [])) for name in names]
        lines.append(f"| `{path.replace(ID, 'id:')}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.entity_pages", description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--before", type=Path, help="another checkout to measure beside this")
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", help="only the pages whose path holds this text")
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parents[1]
    checkouts = {"before": args.before, "after": here}
    chosen = {name: path.resolve() for name, path in checkouts.items() if path is not None}
    results: dict[str, dict[str, list[dict[str, object]]]] = {name: {} for name in chosen}
    for _ in range(args.rounds):
        for path, old in PAGES:
            if args.only and args.only not in path:
                continue
            for name, checkout in chosen.items():
                if name == "before" and not old:
                    continue
                found = visit(checkout, args.store, path, args.warm)
                results[name].setdefault(path, []).append(found)
                print(json.dumps({name: found}), flush=True, file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"entity_pages-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
