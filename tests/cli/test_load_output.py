"""What `load`, `export -o` and `validate` say: warnings, progress, skipped files, output."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

from click.testing import CliRunner, Result

from therapykg.cli import ProgressBar, main
from therapykg.graph.load import LoadProgress

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


def untagged(folder: Path) -> Path:
    """The bundled EBTR article without its LLM tags: 19 warnings of two kinds."""
    text = (BUNDLED / "evidence_based_therapy_relationships.txt").read_text(encoding="utf-8")
    head, sep, tail = text.partition("\nSources\n")
    path = folder / "untagged.txt"
    path.write_text(re.sub(r" LLM(?=[ .\n])", "", head) + sep + tail, encoding="utf-8")
    return path


def test_many_warnings_are_grouped_by_kind_and_listed_whole_beside_the_store(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    result = run(store, "load", str(untagged(tmp_path)))
    assert result.exit_code == 0, result.output
    listing = tmp_path / "store.load-warnings.txt"
    lines = result.stderr.splitlines()
    assert lines[0] == f"19 warnings of 2 kind(s); all 19 are listed in {listing}"
    assert re.fullmatch(r"  17  text without a provenance tag \[untagged-text\]", lines[1])
    assert lines[2].startswith(f"      e.g. {tmp_path / 'untagged.txt'}: line ")
    assert lines[3].startswith("   2  a block holding several tags") and len(lines) == 5
    assert "warning:" not in result.stderr
    written = listing.read_text(encoding="utf-8").splitlines()
    assert written[0] == "# untagged-text: text without a provenance tag (17)"
    assert sum(1 for line in written if line.startswith(f"{tmp_path}")) == 19
    assert "; 19 warning(s)" in result.stdout


def test_the_warnings_file_can_be_named_and_a_memory_store_gets_a_temporary_one(
    tmp_path: Path,
) -> None:
    article = untagged(tmp_path)
    named = tmp_path / "out" / "w.txt"
    result = run("memory:", "load", str(article), "--warnings-file", str(named))
    assert f"all 19 are listed in {named}\n" in result.stderr
    assert len(named.read_text(encoding="utf-8").splitlines()) == 19 + 2 * 2  # heads, blanks
    result = run("memory:", "load", str(article))
    found = re.search(r"all 19 are listed in (\S+)\n", result.stderr)
    assert found is not None
    temporary = Path(found.group(1))
    try:
        assert temporary.name.startswith("therapykg-load-warnings-")
        assert temporary.read_text(encoding="utf-8") == named.read_text(encoding="utf-8")
    finally:
        temporary.unlink()


def test_a_few_warnings_are_each_printed_and_no_file_is_written(tmp_path: Path) -> None:
    text = (BUNDLED / "person_centered_therapy.txt").read_text(encoding="utf-8")
    path = tmp_path / "one.txt"
    # one sentence loses its tag
    sentence = next(line for line in text.splitlines() if line.endswith(" LLM"))
    path.write_text(text.replace(sentence, sentence.removesuffix(" LLM"), 1), encoding="utf-8")
    result = run(tmp_path / "store", "load", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: {path}: line ")
    assert result.stderr.count("warning: ") == len(result.stderr.splitlines()) <= 10
    assert not (tmp_path / "store.load-warnings.txt").exists()


def test_files_of_unknown_type_in_a_folder_are_named_in_the_summary(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "README.md").write_text("documentation", encoding="utf-8")
    (folder / "a.pdf").write_bytes(b"%PDF")
    result = run(tmp_path / "store", "load", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "skipped 1 file(s) of unknown type (not .txt .md .markdown .html .htm or an RDF "
        f"syntax): {folder / 'a.pdf'}"
    )
    for index in range(2, 8):
        (folder / f"{index}.docx").write_bytes(b"PK")
    line = run(tmp_path / "store", "load", str(folder)).stdout.splitlines()[1]
    assert line.startswith("skipped 7 file(s) of unknown type")
    assert line.endswith(
        f": {folder / '2.docx'}, {folder / '3.docx'}, {folder / '4.docx'}, "
        f"{folder / '5.docx'}, {folder / '6.docx'} and 2 more"
    )


FRAME = re.compile(
    r"loading +(\d+)/(\d+) files  \[[#-]{10,40}\]  +\d+%  "
    r"(\d+\.\d files/s  (starting|(\d+h)?(\d+m)?\d+s left)|rebuilding labels and summary)"
)


def test_progress_is_a_bar_when_asked_and_absent_from_a_pipe(tmp_path: Path) -> None:
    plain = run(tmp_path / "one", "load", str(BUNDLED))
    assert plain.stderr == ""
    shown = run(tmp_path / "two", "load", str(BUNDLED), "--progress")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == plain.stdout
    frames = shown.stderr.split("\r")
    assert frames[0] == "" and frames[-1] == ""  # each drawn over the last, the last cleared
    assert frames[-2].strip() == ""
    drawn = [frame.rstrip() for frame in frames[1:-2]]
    assert all(FRAME.fullmatch(frame) for frame in drawn), drawn
    assert drawn[0].startswith("loading 0/6 files") and drawn[0].endswith("starting")
    assert drawn[-2].startswith("loading 6/6 files  [") and drawn[-2].endswith(" left")
    assert drawn[-1].endswith("100%  rebuilding labels and summary")
    assert all(len(frame) <= 79 for frame in drawn)


def test_the_bar_draws_at_most_every_interval_and_always_the_end() -> None:
    stream = io.StringIO()
    now = [0.0]
    bar = ProgressBar(stream, interval=0.25, clock=lambda: now[0], width=79)
    for done, at in [(0, 0.0), (1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4), (5, 0.5)]:
        now[0] = at
        bar(LoadProgress(done, 5))
    bar(LoadProgress(5, 5, "derived"))
    frames = stream.getvalue().split("\r")[1:]
    assert [f.split()[1] for f in frames] == ["0/5", "3/5", "5/5", "5/5"]
    bar.close()
    assert stream.getvalue().endswith("\r" + " " * len(frames[-1].rstrip()) + "\r")


def test_the_bar_line_reads_done_of_all_rate_and_time_left() -> None:
    bar = ProgressBar(io.StringIO(), width=100)
    assert bar.line(2500, 10000, 100.0) == (
        "loading  2500/10000 files  [########-------------------------]"
        "   25%  25.0 files/s  5m00s left"
    )
    assert bar.line(10, 100000, 1.0).endswith("10.0 files/s  2h46m left")
    narrow = ProgressBar(io.StringIO(), width=40)
    assert narrow.line(1, 2, 1.0) == "loading 1/2 files   50%  1.0 files/s  1s"


def test_export_to_a_file_says_what_it_wrote(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run(store, "load", str(BUNDLED / "person_centered_therapy.txt"))
    out = tmp_path / "kg.nq"
    result = run(store, "export", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    quads = len(out.read_bytes().splitlines())
    size = out.stat().st_size
    assert result.stderr == f"wrote {out}: {quads} quads of the data as nq, {size} bytes\n"
    ttl = tmp_path / "onto.ttl"
    result = run(store, "export", "--part", "ontology", "--format", "turtle", "-o", str(ttl))
    assert re.fullmatch(
        rf"wrote {re.escape(str(ttl))}: \d+ triples of the ontology as turtle, \d+ bytes\n",
        result.stderr,
    )
    net = tmp_path / "lineage.graphml"
    result = run(store, "export", "--format", "graphml", "-o", str(net))
    assert re.fullmatch(
        rf"wrote {re.escape(str(net))}: the lineage network \(\d+ nodes, \d+ edges\) as graphml, "
        r"\d+ bytes\n",
        result.stderr,
    )
    assert run(store, "export", "--format", "nt").stderr == ""  # to stdout: nothing said


def test_on_a_terminal_the_bar_shows_by_itself(tmp_path: Path) -> None:
    """A real `therapykg load` whose stderr is a pseudo-terminal draws the bar unasked."""
    leader, follower = pty.openpty()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "therapykg.cli", "--store", str(tmp_path / "store")]
    process = subprocess.Popen(
        [*command, "load", str(BUNDLED)], stdout=subprocess.PIPE, stderr=follower, env=env
    )
    os.close(follower)
    seen: list[bytes] = []

    def drain() -> None:  # read as it is written: a full terminal buffer would stall the load
        while True:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # EIO: the terminal's other end is closed
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    out, _ = process.communicate(timeout=240)
    reader.join(timeout=60)
    os.close(leader)
    assert process.returncode == 0
    assert out.decode().startswith("loaded 6 article(s)")
    frames = [frame.rstrip() for frame in b"".join(seen).decode().split("\r") if frame.strip()]
    assert frames and all(FRAME.fullmatch(frame) for frame in frames), frames
