"""The sentence sets of tests/data/gold/sentences/, written by authors who never read the
extractor: floors under precision and recall, so that a change that loses what extraction reads
today, or starts inventing, fails here. The figures themselves are in benchmarks.accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest

from therapykg.errors import GoldError
from therapykg.evaluation.concepts import default_index
from therapykg.evaluation.sentences import read_rows, score_gradings, score_lineage

SETS = Path(__file__).resolve().parents[1] / "data" / "gold" / "sentences"
# precision floor, recall floor (the level reached when the sets were added, less a margin)
FLOORS = {"gradings": (0.95, 0.78), "lineage": (0.80, 0.32)}


@pytest.mark.parametrize("path", sorted(SETS.glob("gradings-*.jsonl")), ids=lambda p: p.name)
def test_gradings_of_unseen_sentences_hold_their_floors(path: Path) -> None:
    score = score_gradings(read_rows(path), default_index())
    precision, recall = FLOORS["gradings"]
    assert score.counts.precision >= precision, score.wrong
    assert score.counts.recall >= recall, score.wrong


@pytest.mark.parametrize("path", sorted(SETS.glob("lineage-*.jsonl")), ids=lambda p: p.name)
def test_lineage_of_unseen_sentences_holds_its_floors(path: Path) -> None:
    score = score_lineage(read_rows(path))
    precision, recall = FLOORS["lineage"]
    assert score.counts.precision >= precision, score.wrong
    assert score.counts.recall >= recall, score.wrong


def test_a_row_that_is_not_json_names_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "gradings-bad.jsonl"
    bad.write_text('{"sentence": "Empathy was rated demonstrably effective."}\n{oops\n')
    with pytest.raises(GoldError, match=r"gradings-bad\.jsonl: line 2: not JSON"):
        read_rows(bad)
