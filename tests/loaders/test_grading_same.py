"""Gradings named by reference to the sentence before ("earned the same grade", "in that
group"), read from a table of sentence pairs (`data/grading_same.jsonl`), and one article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from therapykg.loaders.extract import extract
from therapykg.loaders.facts import statement_table
from therapykg.loaders.grading import graded_items
from therapykg.loaders.grading_same import same_change, same_edition, same_grade
from therapykg.loaders.read import read_article_text

TABLE = Path(__file__).resolve().parent / "data" / "grading_same.jsonl"
ROWS: list[dict[str, Any]] = [
    json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()
]


def test_the_table_has_unique_ids_and_traps() -> None:
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    assert sum(not row["gradings"] for row in ROWS) >= 4


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_pair(row: dict[str, Any]) -> None:
    before = graded_items(row["previous"])
    found = (
        [*same_grade(row["sentence"], before), *same_change(row["sentence"], before)]
        if not graded_items(row["sentence"])
        else []
    )
    got = sorted((f.item.slug, f.grade, f.edition) for f in found)
    assert got == sorted((g["item"], g["grade"], g["edition"]) for g in row["gradings"])


def test_the_same_conclusions_date_an_undated_grade_by_the_one_edition_before() -> None:
    before = graded_items("The 2011 task force rated goal consensus probably effective.")
    stated = graded_items("Stages of change was rated probably effective in the same conclusions.")
    [fact] = same_edition("… in the same conclusions.", stated, before)
    assert (fact.item.slug, fact.edition) == ("stage-of-change", 2011)
    two = [*before, *graded_items("The 2019 task force rated empathy demonstrably effective.")]
    [undated] = same_edition("… in the same conclusions.", stated, two)
    assert undated.edition is None  # two editions before: which one is not said


ARTICLE = """# Acme Therapy

## Overview
Acme therapy is a short relational treatment [1].

## Evidence Base
The 2019 task force rated empathy demonstrably effective [1].
Collecting client feedback earned the same grade `LLM`.

## Sources
1. Norcross, J. C., & Lambert, M. J. (2019). Psychotherapy relationships that work III.
   Psychotherapy, 55(4), 303–315. Tier: T1
"""


def test_a_grade_by_reference_points_at_both_sentences_with_their_own_tags() -> None:
    article = read_article_text(ARTICLE, "acme.md", "markdown")
    rows = {row.ordinal: row.sentence for row in statement_table(article)}
    found = {(g.item.slug, g.grade): g for g in extract(article).gradings}
    feedback = found[("collecting-client-feedback", "demonstrably-effective")]
    texts = {rows[o].text.split()[0]: rows[o].tag for o in feedback.statements}
    assert set(texts) == {"The", "Collecting"}
    assert texts["The"] != texts["Collecting"]  # the LLM-tagged sentence keeps its own tag
