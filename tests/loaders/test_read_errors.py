"""Bad input is refused with the file, the line and what was expected; odd but valid input reads."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from therapykg.errors import ArticleError
from therapykg.loaders.model import Article
from therapykg.loaders.read import detect_format, read_article

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
MINI = (DATA / "mini.txt").read_bytes()


def _refused(path: Path) -> ArticleError:
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    return caught.value


def _check(err: ArticleError, path: Path, line: int | None, message: str, expected: str) -> None:
    text = str(err)
    assert text.startswith(str(path) + (f":{line}" if line is not None else ":"))
    assert err.line == line
    assert message in err.message
    assert err.expected is not None and expected in err.expected
    assert f"(expected {err.expected})" in text


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    _check(_refused(path), path, None, "no such file", "article file")


def test_directory(tmp_path: Path) -> None:
    _check(_refused(tmp_path), tmp_path, None, "is a directory", "article file")


@pytest.mark.parametrize("name", ["empty.txt", "blank.md"])
def test_empty_file(name: str) -> None:
    _check(_refused(BAD / name), BAD / name, 1, "the file is empty", "a title")


def test_binary_file() -> None:
    _check(_refused(BAD / "binary.txt"), BAD / "binary.txt", 4, "binary data: NUL byte", "UTF-8")


def test_wrong_encoding() -> None:
    err = _refused(BAD / "latin1.txt")
    _check(err, BAD / "latin1.txt", 1, "not UTF-8: byte 0xE9", "UTF-8")
    assert err.column == 4
    assert "Latin-1" in err.message


def test_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "control.md"
    path.write_bytes(b"# Title\n\nText \x07 here.\n")
    _check(_refused(path), path, 3, "control character U+0007", "UTF-8")


def test_no_title() -> None:
    err = _refused(BAD / "no_title.txt")
    _check(err, BAD / "no_title.txt", 1, "no title", "a title line")
    assert "'Type & Discipline'" in err.message


def test_no_sources() -> None:
    err = _refused(BAD / "no_sources.md")
    _check(err, BAD / "no_sources.md", 7, "no Sources list", "a 'Sources' heading followed by")


def test_sources_heading_without_entries() -> None:
    err = _refused(BAD / "empty_sources.html")
    _check(err, BAD / "empty_sources.html", 4, "no numbered entries", "numbered entries")


def test_cited_source_not_listed_leaves_the_sentence_untagged() -> None:
    """`9` with sources 1–3: no citation is invented, the number stays in the text, a warning."""
    article = read_article(DATA / "unlisted_source.txt")
    units = [u for u in article.all_sentences() if u.line == 15]
    assert [(u.text.split()[-1], u.tag.raw) for u in units] == [
        ("psychology", "LLM"),
        ("Berg", "12"),
        ("9.", None),
    ]
    assert any(
        w.startswith("line 15: '9' ends a sentence but is no source in the Sources list (1–3)")
        for w in article.warnings
    )


def test_run_together_tag_with_an_unlisted_digit(tmp_path: Path) -> None:
    path = tmp_path / "run.txt"
    path.write_bytes(MINI.replace(b"Kim Berg 12.", b"Kim Berg 25."))
    article = read_article(path)
    unit = next(u for u in article.all_sentences() if "Kim Berg" in u.text and u.line == 15)
    assert unit.text.endswith("Kim Berg 25.") and unit.tag.untagged
    assert any("line 15: '25'" in w for w in article.warnings)


def test_truncated_file() -> None:
    err = _refused(BAD / "truncated.txt")
    _check(err, BAD / "truncated.txt", 19, "no Sources list", "a 'Sources' heading")
    assert "is the file truncated?" in err.message


def test_llm_and_source_on_one_unit(tmp_path: Path) -> None:
    path = tmp_path / "both.md"
    path.write_text("# T\n\n## Evidence Base\n\nBoth [1] `LLM`.\n\n## Sources\n\n1. S. T1\n")
    _check(_refused(path), path, 5, "both LLM and a source citation", "either the LLM tag")


# -- odd but valid input ---------------------------------------------------------------------


def _units(article: Article) -> list[tuple[str, int, str | None]]:
    return [(u.text, u.line, u.tag.raw) for u in article.all_sentences()]


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_line_endings_keep_line_numbers(tmp_path: Path, newline: bytes) -> None:
    path = tmp_path / "endings.txt"
    path.write_bytes(MINI.replace(b"\n", newline))
    assert _units(read_article(path)) == _units(read_article(DATA / "mini.txt"))


def test_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + MINI)
    article = read_article(path)
    assert article.title == "Solution-Focused Practice Sketch"
    assert _units(article) == _units(read_article(DATA / "mini.txt"))


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(MINI.decode("utf-8").encode("utf-16"))
    assert _units(read_article(path)) == _units(read_article(DATA / "mini.txt"))


def test_nfc_normalisation(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    decomposed = unicodedata.normalize("NFD", "Café")
    path.write_bytes(MINI.replace(b"Milwaukee", decomposed.encode("utf-8")))
    lead = read_article(path).lead[1].text
    assert lead.endswith("developed it in Café.") and unicodedata.is_normalized("NFC", lead)


@pytest.mark.parametrize(
    ("source", "fmt"), [("mini.txt", "text"), ("mini.md", "markdown"), ("mini.html", "html")]
)
def test_format_sniffed_without_a_known_extension(tmp_path: Path, source: str, fmt: str) -> None:
    path = tmp_path / "article.page"
    path.write_bytes((DATA / source).read_bytes())
    article = read_article(path)
    assert article.format == fmt
    assert len(article.all_sentences()) == 18


def test_extension_decides_before_content(tmp_path: Path) -> None:
    assert detect_format(tmp_path / "a.MD", "<html><p>x</p></html>") == "markdown"
    assert detect_format(tmp_path / "a.htm", "plain") == "html"
    assert detect_format(tmp_path / "a", "plain words\n\nmore words") == "text"
