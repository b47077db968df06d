"""A tiny generator of small, valid, distinct articles for the fault tests.

Each article is the plain-text rendering of a wiki page cut to its bones: a title, a type line, a
summary, one section with a sourced and an LLM-tagged sentence, one key term, one source and the
provenance line. Article `i` has its own title (so its own named graph) and its own words, so no
two files share a sha256. Small on purpose: a thousand load in seconds, which keeps the crash
test inside its time budget.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """\
Therapy Aligned™ Clinical Wiki
framework · Clinical psychology · Brief therapy

Synthetic Practice {n:04d}

A brief, goal-directed approach number {n} that asks what already works.

Type & Discipline

Synthetic Practice {n:04d} is a brief therapy within clinical psychology LLM. \
It was described in a handbook of {word} practice 1.

Key Terms

Exception {n}: a time when the problem was weaker LLM.

Sources

  1. Author, A. ({year}). A Handbook of {word} Practice. Press. — linkT2

Provenance. This article is AI-generated (model: test-model-1) · version 1.0 · \
last generated 2026-01-15 · 1 min read · 1 sources.
"""

WORDS = ("brief", "focused", "strength", "narrative", "systemic", "integrative", "relational")


def article_text(n: int) -> str:
    """The text of article number `n`."""
    return TEMPLATE.format(n=n, word=WORDS[n % len(WORDS)], year=1950 + n % 70)


def write_corpus(folder: Path, count: int) -> list[Path]:
    """Write `count` articles into `folder` (created), one file each; the paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"article-{n:04d}.txt"
        path.write_text(article_text(n), encoding="utf-8")
        paths.append(path)
    return paths
