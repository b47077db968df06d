"""Gradings through an anaphor ("Empathy … . The task force rated it P"), from a table of
sentence pairs (`data/grading_anaphora.jsonl`: each with the sentence before it, the gradings
the anaphor adds, and traps where the reference is not plain), and the trail of such a grading
in an article: it points at the sentence naming the item and the one giving the grade."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from therapykg.loaders.extract import extract
from therapykg.loaders.facts import statement_table
from therapykg.loaders.grading_anaphora import anaphoric_gradings
from therapykg.loaders.read import read_article_text

TABLE = Path(__file__).resolve().parent / "data" / "grading_anaphora.jsonl"
ROWS: list[dict[str, Any]] = [
    json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()
]


def test_the_table_has_unique_ids_and_traps() -> None:
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    assert sum(not row["gradings"] for row in ROWS) >= 8


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_pair(row: dict[str, Any]) -> None:
    found = anaphoric_gradings(row["sentence"], row["previous"])
    got = sorted((r.stated.item.slug, r.stated.grade, r.from_previous) for r in found)
    wanted = sorted((g["item"], g["grade"], g["from_previous"]) for g in row["gradings"])
    assert got == wanted
    kinds = {g["item"]: g["kind"] for g in row["gradings"] if "kind" in g}
    for resolved in found:
        item = resolved.stated.item
        assert kinds.get(item.slug, item.kind) == item.kind


ARTICLE = """# Acme Therapy

## Overview
Acme therapy is a short relational treatment [1].

## Evidence Base
Empathy runs through every Acme technique `LLM`.
The 2019 task force rated it demonstrably effective [1].
The approach strengthens the alliance from the first session [1].
It was rated probably effective by the task force [1].

## Sources
1. Norcross, J. C., & Lambert, M. J. (2019). Psychotherapy relationships that work III.
   Psychotherapy, 55(4), 303–315. Tier: T1
"""


def test_an_anaphoric_grading_points_at_both_sentences_with_their_own_tags() -> None:
    article = read_article_text(ARTICLE, "acme.md", "markdown")
    rows = {row.ordinal: row.sentence for row in statement_table(article)}
    [grading] = extract(article).gradings
    assert (grading.item.slug, grading.grade) == ("empathy", "demonstrably-effective")
    texts = sorted(rows[o].text for o in grading.statements)
    assert texts[0].startswith("Empathy runs through") and "rated it" in texts[1]
    tags = {rows[o].text.split()[0]: rows[o].tag for o in grading.statements}
    assert tags["Empathy"] != tags["The"]  # the LLM-tagged sentence keeps its own tag
