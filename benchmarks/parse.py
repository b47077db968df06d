"""Parse and extract alone, on one core: articles per second, no store involved.

    python -m benchmarks.parse --corpus DIR [--articles 500] [--rounds 5] [--profile FILE]

Reads the first N articles of a generated corpus into memory (bytes), then times, per round and
in CPU seconds of this one process: reading (bytes → Article), extraction (Article → facts),
and the whole worker's job in a load (read, extract, build the quads as N-Quads). Prints one JSON
line with the median of the rounds. With --profile, also writes a cProfile report of read +
extract (the slowest functions by own time and by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import time
from collections.abc import Callable
from pathlib import Path

from therapykg.graph.build import build_article
from therapykg.loaders.extract import extract
from therapykg.loaders.model import Article
from therapykg.loaders.read import read_article_text


def _cpu(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def measure(texts: list[str], rounds: int) -> dict[str, float]:
    """Median CPU milliseconds per article for each stage, and read+extract articles/s."""
    articles: list[Article] = [read_article_text(t) for t in texts]  # warm imports and caches
    stages: dict[str, list[float]] = {"read": [], "extract": [], "read_extract": [], "build": []}
    for _ in range(rounds):
        stages["read"].append(_cpu(lambda: [read_article_text(t) for t in texts]))
        stages["extract"].append(_cpu(lambda: [extract(a) for a in articles]))
        stages["read_extract"].append(_cpu(lambda: [extract(read_article_text(t)) for t in texts]))
        stages["build"].append(_cpu(lambda: [_worker_job(t) for t in texts]))
    n = len(texts)
    result = {f"{k}_ms": sorted(v)[len(v) // 2] / n * 1000 for k, v in stages.items()}
    result["read_extract_per_s"] = 1000 / result["read_extract_ms"]
    result["build_per_s"] = 1000 / result["build_ms"]
    result["articles"] = n
    return result


def _worker_job(text: str) -> object:
    """What a load worker does for one article (the N-Quads path when this code has it)."""
    article = read_article_text(text)
    try:
        from therapykg.graph.build import build_article_nquads
    except ImportError:  # an older checkout, measured as a baseline
        return build_article(article).quads
    return build_article_nquads(article).nquads


def profile(texts: list[str], target: Path) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        extract(read_article_text(text))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    target.write_text(out.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.parse", description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)
    paths = sorted(p for p in args.corpus.iterdir() if p.suffix == ".txt")[: args.articles]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    print(json.dumps(measure(texts, args.rounds)))
    if args.profile:
        profile(texts, args.profile)


if __name__ == "__main__":
    main()
