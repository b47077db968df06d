"""`reason_store`: the rules give HermiT's inferences triple for triple, and a run after a load
reasons only over what changed, ending where a run over everything ends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from therapykg.cli import main
from therapykg.graph import reason
from therapykg.graph.load import load_paths, remove_graphs
from therapykg.graph.reason import ReasonSummary, reason_store
from therapykg.graph.store import OxigraphStore
from therapykg.ontology.vocab import inferences_graph, metadata_graph

ARTICLES = Path(__file__).resolve().parents[2] / "therapykg" / "articles"


def loaded(folder: Path, *paths: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with OxigraphStore(folder) as store:
        load_paths(store, paths, workers=0)
    return folder


def copy(store: Path, target: Path) -> Path:
    shutil.copytree(store, target)
    return target


def inferences(folder: Path) -> set[str]:
    with OxigraphStore(folder, read_only=True) as store:
        return {str(q.triple) for q in store.quads(inferences_graph())}


def records(folder: Path) -> set[str]:
    with OxigraphStore(folder, read_only=True) as store:
        return {
            str(q.triple) for q in store.quads(metadata_graph()) if "/reasoning/" in q.subject.value
        }


def run(folder: Path, **options: bool) -> ReasonSummary:
    with OxigraphStore(folder) as store:
        return reason_store(store, **options)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded(tmp_path_factory.mktemp("bundled") / "store", ARTICLES)


def test_rules_and_hermit_agree_on_the_bundled_corpus(bundled: Path, tmp_path: Path) -> None:
    rules, hermit = copy(bundled, tmp_path / "rules"), copy(bundled, tmp_path / "hermit")
    run(rules, everything=True)
    run(hermit, hermit=True)
    assert inferences(rules) == inferences(hermit)
    assert len(inferences(rules)) > 900  # defined classes, chains, inverses, lineage: not empty


@pytest.mark.timeout(1800)  # HermiT: about 0.7 s an article on an idle machine, 7 s on a busy one
def test_rules_and_hermit_agree_on_fifty_generated_articles(tmp_path: Path) -> None:
    generate(50, tmp_path / "articles", seed=11)
    rules = loaded(tmp_path / "rules", tmp_path / "articles")
    hermit = copy(rules, tmp_path / "hermit")
    run(rules, everything=True)
    run(hermit, hermit=True)
    assert inferences(rules) == inferences(hermit)


def test_a_run_after_a_load_reasons_over_the_new_graph_only(tmp_path: Path) -> None:
    articles = sorted(p for p in ARTICLES.iterdir() if p.name != "README.md")
    store = loaded(tmp_path / "store", *articles[:-1])
    first = run(store)
    assert (first.reasoned, first.unchanged) == (len(articles) - 1, 0)
    assert run(store) == ReasonSummary(0, len(articles) - 1, 0, first.inferred)
    loaded(store, articles[-1])
    second = run(store)
    assert (second.reasoned, second.unchanged) == (1, len(articles) - 1)
    everything = copy(store, tmp_path / "all")
    run(everything, everything=True)
    assert inferences(store) == inferences(everything)


def test_a_changed_and_a_removed_article_leave_no_stale_inferences(
    bundled: Path, tmp_path: Path
) -> None:
    store = copy(bundled, tmp_path / "store")
    run(store)
    folder = tmp_path / "changed"
    folder.mkdir()
    changed = folder / "person_centered_therapy.txt"
    text = (ARTICLES / changed.name).read_text(encoding="utf-8")
    changed.write_text(text.replace("change LLM.", "change 1.", 1), encoding="utf-8")  # sourced now
    assert changed.read_text(encoding="utf-8") != text
    loaded(store, changed)
    with OxigraphStore(store) as opened:
        gone = [g for g in opened.graphs() if "working-alliance-theory" in g.value]
        assert remove_graphs(opened, gone) == 1
    summary = run(store)
    assert (summary.reasoned, summary.removed) == (1, 1)
    everything = copy(store, tmp_path / "all")
    run(everything, everything=True)
    assert inferences(store) == inferences(everything)
    assert not any("working-alliance-theory/v" in t for t in inferences(store))


def test_a_run_with_nothing_changed_does_nothing(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = copy(bundled, tmp_path / "store")
    first = run(store)

    def refuse(*args: object) -> None:
        raise AssertionError("work done with nothing changed")

    for name in ("close_transitive", "_drop_stale", "_inferred"):
        monkeypatch.setattr(reason, name, refuse)
    assert run(store) == ReasonSummary(0, 6, 0, first.inferred)


def test_a_run_stopped_after_its_last_batch_leaves_the_closure_whole(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every part's inferences written, then stopped: the next run, with nothing changed, has
    nothing to do, and the store holds what `--all` gives."""
    store = copy(bundled, tmp_path / "store")
    everything = copy(bundled, tmp_path / "all")
    run(everything, everything=True)

    def stop(opened: object) -> None:
        raise KeyboardInterrupt  # as the flush after the last batch's transaction begins

    with monkeypatch.context() as patch:
        patch.setattr(OxigraphStore, "flush", stop)
        with pytest.raises(KeyboardInterrupt):
            run(store)
    assert run(store).reasoned == 0
    assert inferences(store) == inferences(everything)


def test_progress_is_told_done_and_total_after_each_batch(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reason, "_BATCH", 2)
    store = copy(bundled, tmp_path / "store")
    told: list[tuple[int, int]] = []
    with OxigraphStore(store) as opened:
        reason_store(opened, progress=lambda done, total: told.append((done, total)))
    assert told == [(0, 6), (2, 6), (4, 6), (6, 6)]


@pytest.mark.parametrize("batch", [1, 2, 50])
def test_worker_processes_infer_what_one_process_infers(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(reason, "_BATCH", batch)
    here, there = copy(bundled, tmp_path / "here"), copy(bundled, tmp_path / "there")
    with OxigraphStore(here) as opened:
        alone = reason_store(opened, everything=True, workers=0)
    with OxigraphStore(there) as opened:
        pooled = reason_store(opened, everything=True, workers=2)
    assert alone == pooled
    assert inferences(here) == inferences(there)
    assert records(here) == records(there)


def test_all_starts_over_and_records_each_graph(bundled: Path, tmp_path: Path) -> None:
    store = copy(bundled, tmp_path / "store")
    run(store)
    summary = run(store, everything=True)
    assert (summary.reasoned, summary.unchanged) == (6, 0)
    with OxigraphStore(store, read_only=True) as opened:
        records = {
            str(q.subject)
            for q in opened.quads(metadata_graph())
            if q.object.value.endswith("#ReasoningRecord")
        }
    assert len(records) == 6


def test_cli_reason_reports_and_draws_progress(bundled: Path, tmp_path: Path) -> None:
    store = copy(bundled, tmp_path / "store")
    result = CliRunner().invoke(main, ["--store", str(store), "reason", "--all", "--progress"])
    assert result.exit_code == 0, result.output
    assert "reasoned over 6 graph(s), 0 unchanged, 0 removed;" in result.stdout
    assert "reasoning 6/6 graphs" in result.stderr
    again = CliRunner().invoke(main, ["--store", str(store), "reason", "--no-progress"])
    assert "reasoned over 0 graph(s), 6 unchanged" in again.stdout
    assert again.stderr == ""
