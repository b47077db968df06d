"""The harness on two fixture articles with hand-made gold (tests/evaluation/data/), and the
`therapykg eval` command: exact counts, thresholds and exit statuses.

anchor_therapy.gold.json is what a careful reader finds in anchor_therapy.md, and the loader
finds all of it. harbor_counseling.gold.json holds three deliberate mistakes, so its numbers drop
by exactly what each mistake costs:
- the statement "Goal consensus was rated probably effective" is given tag [2] (the article says 3):
  that statement is a false negative and the extracted one a false positive;
- goal consensus is graded demonstrably effective (the article says probably): one FP, one FN;
- "Sarah Okafor" is listed among the people, and the article names no such person: one FN.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from therapykg.cli import main
from therapykg.evaluation.concepts import default_index
from therapykg.evaluation.harness import evaluate_folder
from therapykg.evaluation.score import FACT_TYPES, Counts, Score, Status

DATA = Path(__file__).resolve().parent / "data"

ANCHOR = {
    "tags": Counts(18, 0, 0),
    "references": Counts(3, 0, 0),
    "gradings": Counts(3, 0, 0),
    "lineage": Counts(3, 0, 0),
    "lineage_relation": Counts(3, 0, 0),
    "creators": Counts(1, 0, 0),
    "people": Counts(4, 0, 0),
    "smart": Counts(2, 0, 0),
    "smart_mechanisms": Counts(3, 0, 0),
    "key_terms": Counts(2, 0, 0),
    "questions": Counts(2, 0, 0),
    "populations": Counts(2, 0, 0),
    "conditions": Counts(2, 0, 0),
    "problems": Counts(1, 0, 0),
}
HARBOR = {
    "tags": Counts(13, 1, 1),
    "references": Counts(3, 0, 0),
    "gradings": Counts(1, 1, 1),
    "lineage": Counts(3, 0, 0),
    "lineage_relation": Counts(3, 0, 0),
    "creators": Counts(2, 0, 0),
    "people": Counts(5, 0, 1),
    "smart": Counts(1, 0, 0),
    "smart_mechanisms": Counts(1, 0, 0),
    "key_terms": Counts(1, 0, 0),
    "questions": Counts(1, 0, 0),
    "populations": Counts(2, 0, 0),
    "conditions": Counts(1, 0, 0),
    "problems": Counts(1, 0, 0),
}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["eval", *args], catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "gold"
    shutil.copytree(DATA, target)
    return target


# Whether the ontology lets a grading name its edition (the concept scheme of graded items and
# tkg:gradingEdition / tkg:gradingYear, on their way): the alliance's grading names 2019.
EDITIONS = bool(default_index().edition_properties)


def counts(scores: dict[str, Score]) -> dict[str, Counts]:
    return {
        t: s.counts
        for t, s in scores.items()
        if s.status is Status.SCORED and t != "gradings_edition"
    }


def check_edition(score: Score) -> None:
    if EDITIONS:
        assert score.status is Status.SCORED and score.counts == Counts(1, 0, 0)
    else:
        assert score.status is Status.NOT_AVAILABLE


def test_each_article_scores_exactly() -> None:
    report = evaluate_folder(DATA)
    by_name = {a.name: a for a in report.articles}
    assert sorted(by_name) == ["anchor_therapy", "harbor_counseling"]
    assert counts(by_name["anchor_therapy"].scores) == ANCHOR
    assert counts(by_name["harbor_counseling"].scores) == HARBOR
    for article in report.articles:
        assert article.errors == [] and article.notes == []
    check_edition(by_name["anchor_therapy"].scores["gradings_edition"])
    assert by_name["harbor_counseling"].scores["gradings_edition"].status is Status.NOT_IN_GOLD


def test_the_deliberate_mistakes_cost_exactly_what_they_should() -> None:
    harbor = next(a for a in evaluate_folder(DATA).articles if a.name == "harbor_counseling")
    tags, gradings, people = (harbor.scores[t].counts for t in ("tags", "gradings", "people"))
    assert (tags.precision, tags.recall) == (13 / 14, 13 / 14)
    assert (gradings.precision, gradings.recall, gradings.f1) == (0.5, 0.5, 0.5)
    assert (people.precision, people.recall) == (1.0, 5 / 6)
    assert people.f1 == pytest.approx(2 * (5 / 6) / (1 + 5 / 6))


def test_overall_is_micro_averaged() -> None:
    overall = evaluate_folder(DATA).overall
    assert overall["tags"].counts == Counts(31, 1, 1)
    assert overall["gradings"].counts == Counts(4, 1, 1)
    assert overall["gradings"].counts.precision == 0.8
    assert overall["people"].counts == Counts(9, 0, 1)
    check_edition(overall["gradings_edition"])
    assert set(overall) == set(FACT_TYPES)


def test_a_wrong_lineage_object_and_relation(folder: Path) -> None:
    gold_path = folder / "anchor_therapy.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["lineage"][1]["relation"] = "reaction-against"  # right object, wrong relation
    gold["lineage"].append({"object": "Otto Rank", "object_kind": "person", "relation": "extends"})
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    anchor = next(a for a in evaluate_folder(folder).articles if a.name == "anchor_therapy")
    assert anchor.scores["lineage"].counts == Counts(3, 0, 1)
    assert anchor.scores["lineage_relation"].counts == Counts(2, 1, 2)


def test_an_absent_key_is_not_scored_and_an_empty_list_is(folder: Path) -> None:
    gold_path = folder / "anchor_therapy.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    del gold["people"]
    gold["key_terms"] = []
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    anchor = next(a for a in evaluate_folder(folder).articles if a.name == "anchor_therapy")
    assert anchor.scores["people"].status is Status.NOT_IN_GOLD
    terms = anchor.scores["key_terms"].counts
    assert terms == Counts(0, 2, 0)
    assert (terms.precision, terms.recall, terms.f1) == (0.0, 1.0, 0.0)


# -- the command ----------------------------------------------------------------------------------


def test_eval_prints_a_table_and_exits_0() -> None:
    result = run(str(DATA))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["article", "fact", "type", "P", "R", "F1", "TP", "FP", "FN"]
    assert any(line.startswith("harbor_counseling") and "tags" in line for line in lines)
    gradings = [line.split() for line in lines if "gradings " in line]
    assert gradings[-1] == ["gradings", "0.800", "0.800", "0.800", "4", "1", "1"]
    assert any(line.startswith("overall (micro)") for line in lines)


def test_eval_json() -> None:
    result = run(str(DATA), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [a["name"] for a in data["articles"]] == ["anchor_therapy", "harbor_counseling"]
    harbor = data["articles"][1]["scores"]
    assert harbor["gradings"] == {
        "status": "scored",
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
        "gold": 2,
        "extracted": 2,
        "missed": ["element/goal-consensus · grade/demonstrably-effective"],
        "invented": ["element/goal-consensus · grade/probably-effective"],
    }
    edition = data["overall"]["gradings_edition"]["status"]
    assert edition == ("scored" if EDITIONS else "not available")
    assert "people" in data["overall"] and "gradings_edition" not in harbor


def test_details_name_what_each_article_missed_and_invented() -> None:
    result = run(str(DATA), "--details")
    assert result.exit_code == 0, result.output
    lines = [line.split(None, 2) for line in result.output.splitlines()]
    details = [
        (t, kind, what)
        for t, kind, what in (x for x in lines if len(x) == 3)
        if kind in ("missed", "invented")
    ]
    assert (
        "gradings",
        "missed",
        "element/goal-consensus · grade/demonstrably-effective",
    ) in details
    assert ("gradings", "invented", "element/goal-consensus · grade/probably-effective") in details
    assert ("people", "missed", "person/s-okafor") in details
    without = run(str(DATA))
    assert "missed" not in without.output and "invented" not in without.output


def test_thresholds_met_exit_0_and_missed_exit_1() -> None:
    met = run(str(DATA), "--threshold", "gradings.precision=0.8", "--threshold", "tags=0.9")
    assert met.exit_code == 0, met.output
    assert "threshold gradings.precision=0.8: 0.800 ok" in met.output
    missed = run(
        str(DATA), "--threshold", "gradings.precision=0.81", "--threshold", "people.recall=0.5"
    )
    assert missed.exit_code == 1
    assert "threshold gradings.precision=0.81: 0.800 BELOW" in missed.output
    assert "threshold people.recall=0.5: 0.900 ok" in missed.output
    as_json = json.loads(
        run(str(DATA), "--format", "json", "--threshold", "people.recall=1").output
    )
    assert as_json["thresholds"] == [
        {
            "threshold": "people.recall=1",
            "fact_type": "people",
            "metric": "recall",
            "minimum": 1.0,
            "value": 0.9,
            "passed": False,
        }
    ]


def test_a_threshold_on_a_type_not_scored_is_not_checked(folder: Path) -> None:
    for path in folder.glob("*.gold.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        del gold["people"]
        path.write_text(json.dumps(gold), encoding="utf-8")
    result = run(str(folder), "--threshold", "people.recall=0.99")
    assert result.exit_code == 0, result.output
    assert "threshold people.recall=0.99: not checked (people not scored)" in result.output


@pytest.mark.parametrize(
    ("threshold", "message"),
    [
        ("gradings", "expected TYPE.METRIC=VALUE"),
        ("grading.precision=0.9", "unknown fact type 'grading'"),
        ("gradings.accuracy=0.9", "unknown measure 'accuracy'"),
        ("gradings.recall=1.5", "expected a number from 0 to 1"),
        ("gradings.recall=high", "expected a number from 0 to 1"),
    ],
)
def test_a_bad_threshold_is_a_usage_error(threshold: str, message: str) -> None:
    result = run(str(DATA), "--threshold", threshold)
    assert result.exit_code == 2
    assert message in result.output


def test_a_missing_gold_file_is_named(folder: Path) -> None:
    (folder / "harbor_counseling.gold.json").unlink()
    result = run(str(folder))
    assert result.exit_code == 2
    assert f"{folder / 'harbor_counseling.gold.json'}: missing" in result.output
    assert "harbor_counseling.txt" in result.output


def test_a_gold_file_without_its_article_is_named(folder: Path) -> None:
    (folder / "anchor_therapy.md").unlink()
    result = run(str(folder))
    assert result.exit_code == 2
    assert "anchor_therapy.gold.json: no article beside it" in result.output


@pytest.mark.parametrize(
    ("change", "where", "expected"),
    [
        (lambda g: g["gradings"][1].update(grade="effective"), "$.gradings[1].grade",
         "expected one of demonstrably-effective, probably-effective, promising"),
        (lambda g: g["statements"][3].update(tag=[]), "$.statements[3].tag",
         'expected "LLM" or a non-empty list of source numbers'),
        (lambda g: g.update(gradeings=[]), "$.gradeings", "unknown key"),
        (lambda g: g.pop("title"), "$.title", "missing"),
        (lambda g: g.update(people="Carl Rogers"), "$.people", "expected a list"),
        (lambda g: g["references"].update(one="T1"), "$.references.one",
         "expected a source number"),
        (lambda g: g["lineage"][0].update(object_kind="idea"), "$.lineage[0].object_kind",
         "expected one of person, approach"),
    ],
)  # fmt: skip
def test_a_malformed_gold_file_names_file_path_and_expectation(
    folder: Path, change: object, where: str, expected: str
) -> None:
    path = folder / "anchor_therapy.gold.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    change(gold)  # type: ignore[operator]
    path.write_text(json.dumps(gold), encoding="utf-8")
    result = run(str(folder))
    assert result.exit_code == 2
    assert f"{path}: {where}: " in result.output
    assert expected in result.output


def test_a_gold_file_that_is_not_json(folder: Path) -> None:
    path = folder / "harbor_counseling.gold.json"
    path.write_text('{"title": "Harbor Counseling",\n "people": [,]}', encoding="utf-8")
    result = run(str(folder))
    assert result.exit_code == 2
    assert f"{path}: line 2 column" in result.output and "not valid JSON" in result.output


def test_a_folder_without_articles_and_a_missing_folder(tmp_path: Path) -> None:
    assert run(str(tmp_path)).exit_code == 2
    assert "no articles" in run(str(tmp_path)).output
    assert run(str(tmp_path / "nowhere")).exit_code == 2


def test_an_article_that_cannot_be_loaded_is_reported_and_exits_1(folder: Path) -> None:
    (folder / "harbor_counseling.txt").write_bytes(b"\x00\x01binary")
    result = run(str(folder))
    assert result.exit_code == 1
    assert "harbor_counseling.txt" in result.output and "binary data" in result.output
    assert "anchor_therapy" in result.output  # the other article is still scored


def test_the_accuracy_benchmark_skips_absent_splits_and_writes_its_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import benchmarks.accuracy as accuracy
    import benchmarks.common as common

    monkeypatch.setattr(common, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(accuracy, "RESULTS", tmp_path / "results")
    assert accuracy.main(["--gold", str(DATA.parent), "--splits", "data,absent"]) == 0
    saved = json.loads((tmp_path / "results" / "accuracy.json").read_text(encoding="utf-8"))
    assert saved["splits"]["absent"]["status"].startswith("no folder")
    overall = saved["splits"]["data"]["report"]["overall"]
    assert (overall["gradings"]["tp"], overall["gradings"]["fp"]) == (4, 1)
    table = (tmp_path / "results" / "accuracy.md").read_text(encoding="utf-8")
    assert "| gradings | 0.800 | 0.800 | 0.800 | 4 | 1 | 1 |" in table
    assert "## absent\n\nNot scored: no folder" in table
    failing = ["--gold", str(DATA.parent), "--splits", "data", "--threshold", "people.recall=1"]
    assert accuracy.main(failing) == 1
