"""Where a load's time goes: each part of `load_paths` timed, in this process.

    python -m benchmarks.load_parts STORE CORPUS [--copy-of PRISTINE] [--workers N] [--spill-runs N]
    PYTHONPATH=OTHER-CHECKOUT python benchmarks/load_parts.py …   # another checkout's code

Loads CORPUS into STORE (an on-disk store; with --copy-of, STORE is first made a `cp -a` copy
of PRISTINE, so that a load into a populated store can be measured without touching it) and
prints one JSON object: wall and CPU seconds of the files stage (reading and building in the
worker processes, the workers' CPU apart; the writer thread's bulk loads and flushes; batches
written by transaction), then of each derived step: the labels rebuild, each query of the
summary counts, the lineage ranking, writing the counts, and each kept table (its query, its
write). The 1-minute load average is sampled every 5 s throughout, and the process's resident
memory every second (its peak in each stage).

Wrapping the functions costs a few microseconds a call; nothing here changes what is written.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from therapykg.graph import kept, labels, load, summary, writer
from therapykg.graph.store import open_store


class Clock:
    """Wall and CPU (this process, all threads) seconds per named part."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.spans: list[tuple[str, float, float]] = []  # (part, start, end), perf_counter s
        self.lock = threading.Lock()

    def wrap(self, name: str | Callable[..., str], function: Callable[..., Any]) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            label = name if isinstance(name, str) else name(*args, **kwargs)
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                with self.lock:
                    self.spans.append((label, wall, time.perf_counter()))
                    self.wall[label] += time.perf_counter() - wall
                    self.cpu[label] += time.process_time() - cpu
                    self.calls[label] += 1

        return timed

    def report(self) -> dict[str, dict[str, float]]:
        return {
            k: {"wall": round(self.wall[k], 2), "cpu": round(self.cpu[k], 2), "n": self.calls[k]}
            for k in self.wall
        }


class LoadAverage(threading.Thread):
    """The 1-minute load average every 5 s, and this process's resident memory every second
    (its largest value per stage: the bulk loader runs in this process, the workers apart)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stage = "files"
        self.peaks: dict[str, float] = defaultdict(float)  # stage: largest VmRSS, MB
        self.resident: list[tuple[float, float]] = []  # (perf_counter s, VmRSS MB) each second
        self.done = threading.Event()

    def run(self) -> None:
        ticks = 0
        while not self.done.wait(1):
            ticks += 1
            if ticks % 5 == 0:
                self.samples.append(os.getloadavg()[0])
            now = _resident_mb()
            self.resident.append((time.perf_counter(), now))
            self.peaks[self.stage] = max(self.peaks[self.stage], now)


def _resident_mb() -> float:
    """This process's resident memory now (VmRSS), in MB; 0 where /proc has none."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _memory_by_part(
    begun: float,
    started: float,
    resident: list[tuple[float, float]],
    spans: list[tuple[str, float, float]],
    until: float | None = None,
) -> list[tuple[float, int, str]]:
    """The resident memory sampled from `begun` (to `until`): (s since the load began, MB, the
    parts timed then), to tell which part holds the peak."""
    out = []
    for at, mb in resident:
        if at < begun or (until is not None and at > until):
            continue
        running = [label for label, start, end in spans if start <= at <= end]
        out.append((round(at - started, 1), round(mb), "; ".join(running)))
    return out


_SUMMARY_QUERIES = {
    summary._GRADES: "summary: grades",
    summary._ARTICLES: "summary: articles",
    summary._ARTICLE_STATEMENTS: "summary: article statements",
    summary._ARTICLE_LLM: "summary: article llm",
    summary._ARTICLE_SOURCED: "summary: article sourced",
    summary._WORKS: "summary: works",
    summary._WORK_TITLES: "summary: work titles",
    summary._HEADINGS: "summary: headings",
    summary._FRAMEWORK_GRADES: "summary: framework tallies",
    summary._ITEM_GRADES: "summary: item tallies",
}


def instrument(clock: Clock) -> None:
    """Wrap the load's parts (module attributes, as load_paths looks them up)."""
    load.refresh_labels = clock.wrap("labels", labels.refresh_labels)
    summary.lineage_ranking = clock.wrap("summary: lineage ranking", summary.lineage_ranking)
    summary.summary_quads = clock.wrap("summary: quads built", summary.summary_quads)
    summary.compute_summary = clock.wrap("summary: counts read", summary.compute_summary)
    summary.write_kept = clock.wrap("kept: all tables", kept.write_kept)
    load.refresh_summary = clock.wrap("summary + kept", summary.refresh_summary)
    kept.compute_kept = clock.wrap(
        lambda store, texts=None: f"kept query: {','.join(texts or ['all'])}", kept.compute_kept
    )
    batches = writer.BatchWriter
    batches._write_new = clock.wrap("writer thread: bulk load + flush", batches._write_new)  # type: ignore[method-assign]
    batches.wait = clock.wrap("main: waiting for writer", batches.wait)  # type: ignore[method-assign]


def instrument_store(clock: Clock, store: Any) -> None:
    select, replace, change = store.select, store.replace_graphs, store.change
    store.select = clock.wrap(lambda q, *a, **k: _SUMMARY_QUERIES.get(q, "other selects"), select)
    store.replace_graphs = clock.wrap("replace_graphs (transactions)", replace)
    store.change = clock.wrap("kept: writes (change)", change)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_parts")
    parser.add_argument("store", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--copy-of", type=Path)
    parser.add_argument("--workers", type=int)
    parser.add_argument(
        "--spill-runs",
        type=int,
        help="bulk loads a load's new articles go in by (the code's own SPILL_RUNS by default)",
    )
    parser.add_argument(
        "--refresh-first",
        action="store_true",
        help="rebuild the derived graphs once before the load (timed apart): a store written by"
        " older code then holds what this code's rebuilds replace",
    )
    args = parser.parse_args(argv)
    if args.copy_of is not None:
        shutil.rmtree(args.store, ignore_errors=True)
        subprocess.run(["cp", "-a", str(args.copy_of), str(args.store)], check=True)
    first: dict[str, float] = {}
    if args.refresh_first:
        with open_store(str(args.store)) as store:
            wall, cpu, load1 = time.perf_counter(), time.process_time(), os.getloadavg()[0]
            labels.refresh_labels(store)
            summary.refresh_summary(store)
            first = {
                "wall": round(time.perf_counter() - wall, 1),
                "cpu": round(time.process_time() - cpu, 1),
                "load average before": load1,
                "load average after": os.getloadavg()[0],
            }
    copied = resource.getrusage(resource.RUSAGE_CHILDREN)  # the copy's `cp`: not the load's
    if args.spill_runs is not None:
        writer.SPILL_RUNS = args.spill_runs
        load.SPILL_RUNS = args.spill_runs  # type: ignore[attr-defined]  # what load_paths reads
    clock = Clock()
    instrument(clock)
    sampler = LoadAverage()
    sampler.start()
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def progress(p: load.LoadProgress) -> None:
        if p.stage == "derived" and "files" not in marks:
            sampler.stage = "derived"
            marks["files"] = time.perf_counter() - started
            marks["files cpu (this process)"] = time.process_time()

    with open_store(str(args.store)) as store:
        instrument_store(clock, store)
        result = load.load_paths(store, [args.corpus], progress=progress, workers=args.workers)
    total = time.perf_counter() - started
    sampler.done.set()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    samples = sampler.samples or [os.getloadavg()[0]]
    out = {
        "articles": result.articles,
        "quads": result.quads,
        "wall": round(total, 1),
        "cpu this process": round(own.ru_utime + own.ru_stime, 1),
        "cpu workers": round(
            children.ru_utime + children.ru_stime - copied.ru_utime - copied.ru_stime, 1
        ),
        "spill runs": args.spill_runs or writer.SPILL_RUNS,
        "files stage wall": round(marks.get("files", total), 1),
        "derived stage wall": round(total - marks.get("files", total), 1),
        "load average": {
            "min": min(samples),
            "max": max(samples),
            "mean": round(sum(samples) / len(samples), 2),
        },
        "peak resident MB (this process, sampled each second)": {
            k: round(v) for k, v in sampler.peaks.items()
        },
        "parts": clock.report(),
        "refresh first": first,
        "files stage, resident MB every 5 s": _memory_by_part(
            started,
            started,
            sampler.resident[::5],
            clock.spans,
            until=started + marks.get("files", total),
        ),
        "derived stage, resident MB each second": _memory_by_part(
            started + marks.get("files", total), started, sampler.resident, clock.spans
        ),
    }
    print(json.dumps(out, indent=1))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
