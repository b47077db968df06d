"""`therapykg validate` of a store: only what changed since the last run, the whole with --all,
the same report in worker processes, and a progress bar that says what it counts."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from therapykg.cli import ProgressBar, main
from therapykg.graph.store import OxigraphStore
from therapykg.graph.validate import STATE_FILE, validate_store

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "therapykg" / "articles"


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def bundled_but_one(folder: Path) -> tuple[Path, Path]:
    """A folder of the bundled articles less one, and that one on its own."""
    articles = folder / "articles"
    shutil.copytree(BUNDLED, articles)
    later = folder / "later"
    later.mkdir()
    moved = later / "person_centered_therapy.txt"
    (articles / "person_centered_therapy.txt").rename(moved)
    return articles, later


def test_the_next_validation_checks_only_what_was_loaded_since(tmp_path: Path) -> None:
    store = tmp_path / "store"
    articles, later = bundled_but_one(tmp_path)
    assert run(store, "load", str(articles)).exit_code == 0
    first = run(store, "validate", "--info")
    assert first.exit_code == 0 and "checked" not in first.stdout  # the first: every graph
    state = json.loads((store / STATE_FILE).read_text(encoding="utf-8"))
    assert len(state["results"]) == 2  # the two miscounted source lists (infos)
    assert run(store, "load", str(later)).exit_code == 0
    second = run(store, "validate", "--info")
    assert second.exit_code == 0
    assert second.stdout.splitlines()[0] == "Conforms: 3 infos."
    last = second.stdout.splitlines()[-1]
    # the new article and the graphs no load writes alone; the two infos are carried over
    assert last.startswith("(checked ") and "--all checks every graph" in last
    checked = int(last.removeprefix("(checked ").split()[0])
    with OxigraphStore(store, read_only=True) as opened:
        assert 1 < checked < len(opened.graphs()) - 4
    everything = run(store, "validate", "--all", "--info")
    assert everything.stdout.splitlines() == second.stdout.splitlines()[:-1]


def test_the_validation_after_a_whole_one_checks_only_what_was_loaded_since(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    articles, later = bundled_but_one(tmp_path)
    assert run(store, "load", str(articles)).exit_code == 0
    assert run(store, "validate", "--all").exit_code == 0
    assert run(store, "load", str(later)).exit_code == 0
    last = run(store, "validate").stdout.splitlines()[-1]
    assert last.startswith("(checked ")
    checked = int(last.removeprefix("(checked ").split()[0])
    with OxigraphStore(store, read_only=True) as opened:
        assert 1 < checked < len(opened.graphs()) - 4  # not every graph again


def test_a_violation_found_stays_reported_until_it_is_gone(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run(store, "load", str(BUNDLED)).exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "<https://w3id.org/therapykg/id/work/x> a <https://w3id.org/therapykg/ontology#Work> ;"
        ' <https://w3id.org/therapykg/ontology#year> "soon" .\n',
        encoding="utf-8",
    )
    assert run(store, "load", str(bad), "--graph", "urn:x-test:bad").exit_code == 0
    assert run(store, "validate").exit_code == 1
    again = run(store, "validate")  # nothing loaded since: its results are carried over
    assert again.exit_code == 1
    assert "rule: tkgsh:Work-year" in again.stdout


def test_worker_processes_give_the_same_report(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        from therapykg.graph.load import load_paths

        load_paths(store, [BUNDLED])
        alone = validate_store(store, workers=1)
        shared = validate_store(store, workers=2)
    finally:
        store.close()
    assert shared.results == alone.results and len(alone.results) == 3
    assert shared.by_graph == alone.by_graph


def test_the_bar_says_what_it_counts() -> None:
    bar = ProgressBar(io.StringIO(), width=100, verb="validating", unit="graphs")
    assert bar.line(2500, 10000, 100.0) == (
        "validating  2500/10000 graphs  [#######----------------------]"
        "   25%  25.0 graphs/s  5m00s left"
    )
    stream = io.StringIO()
    now = [0.0]
    drawn = ProgressBar(
        stream, interval=1.0, clock=lambda: now[0], verb="validating", unit="graphs"
    )
    for done in range(0, 11):
        now[0] = done * 0.3
        drawn.update(done, 10)
    frames = stream.getvalue().split("\r")[1:]
    assert [f.split()[1] for f in frames] == ["0/10", "4/10", "8/10", "10/10"]
