"""Extraction accuracy on the project's gold set: `therapykg eval` on each split.

    python -m benchmarks.accuracy [--gold tests/data/gold]
                                  [--splits dev,test,test2,…,test13]
                                  [--threshold gradings.precision=0.95 ...]

Runs `therapykg eval SPLIT --format json` in a child process (this checkout's code) on each split
folder that exists (a missing folder is reported and skipped: the gold set is written split by
split), then scores the sentence sets of GOLD/sentences (one sentence per row, written blind:
therapykg/evaluation/sentences.py), then writes benchmarks/results/accuracy.json (every split's
report, the sentence sets' counts, the wall time and the machine) and
benchmarks/results/accuracy.md (the overall table of each split, each article's, and the sets').
Exits 1 when a split misses a --threshold (passed on to `therapykg eval`) or an article cannot
be loaded, 2 when a gold folder is unusable (a gold file missing or malformed).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, RESULTS, child_env, machine, save

DEFAULT_GOLD = REPO / "tests" / "data" / "gold"


def run_split(folder: Path, thresholds: list[str]) -> dict[str, Any]:
    """One split through the command; its report, exit status and wall time."""
    command = [sys.executable, "-m", "therapykg.cli", "eval", str(folder), "--format", "json"]
    for threshold in thresholds:
        command += ["--threshold", threshold]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=child_env(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    result: dict[str, Any] = {"folder": str(folder), "exit": done.returncode, "wall_s": wall}
    if done.returncode in (0, 1) and done.stdout.strip():
        result["report"] = json.loads(done.stdout)
    if done.stderr.strip():
        result["stderr"] = done.stderr.strip()[-3000:]
    return result


def sentence_sets(folder: Path) -> dict[str, dict[str, Any]]:
    """Precision and recall of every sentence set in `folder` (gradings-*.jsonl, lineage-*)."""
    from therapykg.evaluation.concepts import default_index
    from therapykg.evaluation.sentences import read_rows, score_gradings, score_lineage

    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        rows = read_rows(path)
        if path.name.startswith("gradings"):
            score = score_gradings(rows, default_index())
        elif path.name.startswith("lineage"):
            score = score_lineage(rows)
        else:
            continue
        found[path.name] = {"rows": len(rows), **score.counts.as_dict()}
    return found


def markdown(results: dict[str, dict[str, Any]], sets: dict[str, dict[str, Any]]) -> str:
    """The overall scores of each split, then each article's, as Markdown tables."""
    lines = ["# Extraction accuracy", ""]
    if sets:
        lines += [
            "## Sentence sets (written blind, one sentence per row)",
            "",
            "| set | rows | P | R | F1 | TP | FP | FN |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, s in sets.items():
            lines.append(
                f"| {name} | {s['rows']} | {s['precision']:.3f} | {s['recall']:.3f} | "
                f"{s['f1']:.3f} | {s['tp']} | {s['fp']} | {s['fn']} |"
            )
        lines.append("")
    for split, result in results.items():
        lines.append(f"## {split}")
        lines.append("")
        report = result.get("report")
        if report is None:
            lines += [f"Not scored: {result.get('status') or result.get('stderr', '')}", ""]
            continue
        lines.append(
            f"{len(report['articles'])} article(s), {result['wall_s']:.1f} s, "
            f"exit status {result['exit']}."
        )
        lines.append("")
        lines += _table("overall (micro)", report["overall"])
        for article in report["articles"]:
            lines += _table(article["name"], article["scores"])
            lines += [f"- error: {e}" for e in article["errors"]]
        failed = [t for t in report["thresholds"] if not t["passed"]]
        lines += [f"- below threshold: {t['threshold']} ({t['value']:.3f})" for t in failed]
        lines.append("")
    return "\n".join(lines) + "\n"


def _table(name: str, scores: dict[str, Any]) -> list[str]:
    lines = [
        f"### {name}",
        "",
        "| fact type | P | R | F1 | TP | FP | FN |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for fact_type, score in scores.items():
        if score["status"] != "scored":
            lines.append(f"| {fact_type} | n/a | n/a | n/a | | | |")
            continue
        lines.append(
            f"| {fact_type} | {score['precision']:.3f} | {score['recall']:.3f} | "
            f"{score['f1']:.3f} | {score['tp']} | {score['fp']} | {score['fn']} |"
        )
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.accuracy", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the gold set's folder")
    parser.add_argument(
        "--splits",
        default="dev,test,test2,test3,test4,test5,test6,test7,test8,test9,test10,test11,test12,test13",
        help="its split folders, in order",
    )
    parser.add_argument("--threshold", action="append", default=[], metavar="TYPE.METRIC=VALUE")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, Any]] = {}
    for split in [s for s in args.splits.split(",") if s]:
        folder = args.gold / split
        if not folder.is_dir():
            results[split] = {"folder": str(folder), "status": f"no folder {folder}"}
            print(f"{split}: skipped, no folder {folder}", file=sys.stderr)
            continue
        results[split] = run_split(folder, args.threshold)
        report = results[split].get("report")
        if report is None:
            print(f"{split}: {results[split].get('stderr', 'no report')}", file=sys.stderr)
            continue
        overall = report["overall"]
        summary = ", ".join(
            f"{t} F1 {s['f1']:.3f}" for t, s in overall.items() if s["status"] == "scored"
        )
        print(f"{split}: {len(report['articles'])} article(s); {summary}")
    sets = sentence_sets(args.gold / "sentences") if (args.gold / "sentences").is_dir() else {}
    for name, score in sets.items():
        print(f"{name}: P {score['precision']:.3f} R {score['recall']:.3f}")
    save("accuracy", {"machine": machine(), "splits": results, "sentence_sets": sets})
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "accuracy.md").write_text(markdown(results, sets), encoding="utf-8")
    print(f"wrote {RESULTS / 'accuracy.json'} and {RESULTS / 'accuracy.md'}")
    statuses = [r["exit"] for r in results.values() if "exit" in r]
    return max(statuses, default=0)


if __name__ == "__main__":
    sys.exit(main())
