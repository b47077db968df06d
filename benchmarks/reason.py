"""`therapykg reason`: the rules (the default) beside HermiT, on the same store.

    python -m benchmarks.reason --articles 50,1000 [--hermit-up-to 50] [--work DIR]
    python -m benchmarks.reason --store /work/bench/store10k   # an existing store, copied first

For each size: the generated corpus is loaded into a store (or the given store is copied), then,
each in its own process under GNU time (wall, CPU, the largest process's peak RSS, and the whole
process tree's, JVMs included):

1. `reason --all` with the rules, on one copy;
2. `reason --hermit` on another copy, up to --hermit-up-to articles (HermiT takes about 0.7 s an
   article on this machine: hours at 10,000);
3. 100 new articles (another seed) loaded into the rules' copy, then `reason`: the incremental
   run after a load, which reasons over the 100 new graphs only.

Prints a JSON line per measurement and saves everything to benchmarks/results/reason.json.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from benchmarks.common import Run, corpus, machine, python, save, timed

DEFAULT_WORK = Path("/tmp/therapykg-bench")
NEW_ARTICLES = 100


def therapykg(store: Path, *args: str) -> list[str]:
    return python("-m", "therapykg.cli", "--store", str(store), *args)


def measure(store: Path, work: Path, label: str, seed: int, with_hermit: bool) -> dict[str, object]:
    results: dict[str, object] = {"store": label}
    rules, hermit = work / f"reason-{label}-rules", work / f"reason-{label}-hermit"
    for copy in (rules, hermit):
        shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, rules)
    results["rules --all"] = _report("rules --all", timed(therapykg(rules, "reason", "--all")))
    if with_hermit:
        shutil.copytree(store, hermit)
        results["hermit"] = _report("hermit", timed(therapykg(hermit, "reason", "--hermit")))
        shutil.rmtree(hermit, ignore_errors=True)
    extra = corpus(NEW_ARTICLES, seed + 1, work)
    timed(therapykg(rules, "load", "--no-progress", str(extra)))
    results["rules after +100"] = _report("rules after +100", timed(therapykg(rules, "reason")))
    shutil.rmtree(rules, ignore_errors=True)
    return results


def _report(name: str, run: Run) -> Run:
    inferred = re.search(r"(\d+) triple\(s\)", run.stdout)
    print(
        json.dumps(
            {
                "run": name,
                "wall_s": round(run.wall, 1),
                "cpu_s": round(run.cpu, 1),
                "max_rss_mb": round(run.max_rss_mb),
                "tree_rss_mb": round(run.tree_rss_mb),
                "load_before": round(run.load_before, 1),
                "inferred": int(inferred.group(1)) if inferred else None,
                "output": run.stdout.strip()[-200:],
            }
        ),
        flush=True,
    )
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="50", help="comma-separated corpus sizes")
    parser.add_argument("--store", type=Path, help="an existing store to copy instead")
    parser.add_argument("--hermit-up-to", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, object]] = []
    if args.store:
        results.append(measure(args.store, args.work, args.store.name, args.seed, False))
    else:
        for articles in (int(n) for n in args.articles.split(",")):
            store = args.work / f"reason-store-{articles}"
            done = store.with_name(store.name + ".complete")
            if not done.exists():
                shutil.rmtree(store, ignore_errors=True)
                folder = corpus(articles, args.seed, args.work)
                timed(therapykg(store, "load", "--no-progress", str(folder)))
                done.write_text("ok")
            with_hermit = articles <= args.hermit_up_to
            results.append(measure(store, args.work, str(articles), args.seed, with_hermit))
    path = save("reason", {"machine": machine(), "results": results})
    print(f"saved {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
