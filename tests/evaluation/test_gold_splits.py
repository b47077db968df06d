"""Every gold split of tests/data/gold/ scored as `therapykg eval` scores it: the exact fact types
exact on every split, creators found (all of them but on a held-out split), and gradings and
lineage above the floors in gold_floors.json (so that a change which loses what extraction reads
fails here, not in the next blind set)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from therapykg.evaluation.harness import evaluate_folder
from therapykg.evaluation.score import Score

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
FLOORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "gold_floors.json").read_text(encoding="utf-8")
)["splits"]
EXACT = ("tags", "references", "smart", "key_terms", "questions")


@cache
def _overall(split: str) -> dict[str, Score]:
    return evaluate_folder(GOLD / split).overall


def test_every_split_folder_has_floors() -> None:
    folders = {p.name for p in GOLD.iterdir() if p.is_dir() and any(p.glob("*.gold.json"))}
    assert folders == set(FLOORS)


@pytest.mark.parametrize("split", sorted(FLOORS))
@pytest.mark.parametrize("fact", EXACT)
def test_exact_fact_types_are_exact(split: str, fact: str) -> None:
    counts = _overall(split)[fact].counts
    assert (counts.fp, counts.fn) == (0, 0), (split, fact, counts)


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_creators_are_found_and_none_invented(split: str) -> None:
    """Every creator, except where a held-out split's floor says how many its misses cost."""
    counts = _overall(split)["creators"].counts
    assert counts.fp == 0, counts
    assert counts.recall >= FLOORS[split].get("creators", {}).get("recall", 1.0), counts


@pytest.mark.parametrize("split", sorted(FLOORS))
@pytest.mark.parametrize("fact", ["gradings", "lineage"])
def test_gradings_and_lineage_hold_their_floors(split: str, fact: str) -> None:
    counts = _overall(split)[fact].counts
    floor = FLOORS[split][fact]
    assert counts.precision >= floor["precision"], (split, fact, counts)
    assert counts.recall >= floor["recall"], (split, fact, counts)
