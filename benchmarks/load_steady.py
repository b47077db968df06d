"""A curator's load into a large store, before and after, in one run.

    python -m benchmarks.load_steady --store PRISTINE --articles NEW --before CHECKOUT [--work DIR]

Each side copies PRISTINE (`cp -a`, never written) and loads the articles of NEW into the copy
with `benchmarks/load_parts.py` (each part of the load timed, in a child process whose path
starts with that side's checkout): *before* with CHECKOUT's code, then *after* with this
checkout's. *After* first rebuilds the copy's derived graphs once (`--refresh-first`, timed
apart), so that it replaces what its own code wrote, as it does in steady state. Prints both
JSON objects and saves them to benchmarks/results/load_steady.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.common import REPO, save

PARTS = REPO / "benchmarks" / "load_parts.py"


def side(checkout: Path, pristine: Path, articles: Path, store: Path, *extra: str) -> object:
    env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, str(PARTS), str(store), str(articles), "--copy-of", str(pristine)]
    done = subprocess.run(
        ["nice", "-n", "5", *command, *extra], env=env, check=True, capture_output=True, text=True
    )
    shutil.rmtree(store, ignore_errors=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_steady")
    parser.add_argument("--store", type=Path, required=True, help="the store to copy")
    parser.add_argument("--articles", type=Path, required=True, help="the articles to load")
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the old code")
    parser.add_argument("--work", type=Path, default=Path("/tmp/therapykg-bench"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = {
        "before": side(args.before, args.store, args.articles, args.work / "steady-before"),
        "after": side(
            REPO, args.store, args.articles, args.work / "steady-after", "--refresh-first"
        ),
    }
    print(json.dumps(results, indent=1))
    save("load_steady", results)


if __name__ == "__main__":
    main()
