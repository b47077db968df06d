"""What `load`, `export -o` and `validate` say: warnings, progress, skipped files, output."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from therapykg.cli import main

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "therapykg" / "articles"


def run(store: Path | str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def test_the_bundled_articles_load_and_validate_without_a_warning(tmp_path: Path) -> None:
    store = tmp_path / "store"
    loaded = run(store, "load", str(BUNDLED))
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout.startswith("loaded 6 article(s)")
    assert "; 0 warning(s)" in loaded.stdout
    assert loaded.stderr == ""
    checked = run(store, "validate")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.splitlines()[0] == "Conforms."
    assert "Warning" not in checked.stdout
    # the miscounted source lists are facts about three articles, listed only when asked
    listed = run(store, "validate", "--info")
    assert listed.stdout.splitlines()[0] == "Conforms: 3 infos."
    assert listed.stdout.count("rule: tkgsh:SourceCountShape") == 3
