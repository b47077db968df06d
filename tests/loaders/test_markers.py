"""The marker decision, shared by the three readers: whether a trailing number or `LLM` is a tag.

A bare number is a tag only when the article's Sources list accounts for it; a number it cannot
account for is never turned into a citation. The same wording reads the same in every format.
"""

from __future__ import annotations

import pytest

from therapykg.loaders.model import Article, Sentence
from therapykg.loaders.read import read_article_text
from therapykg.loaders.segment import (
    Run,
    TagMark,
    ends_with_tag,
    find_plain_markers,
    read_source_number,
)

LISTED = frozenset({1, 2, 3, 4, 5, 6, 7, 8})


@pytest.mark.parametrize(
    ("digits", "split", "sources"),
    [
        ("4", True, (4,)),
        ("26", True, (2, 6)),  # no source 26: sources 2 and 6
        ("62", True, (6, 2)),
        ("11", True, None),  # one source twice is no pair
        ("9", True, None),  # no source 9
        ("29", True, None),  # 9 is not listed either
        ("1957", True, None),  # a year
        ("2011", True, None),
        ("26", False, None),  # bracketed: never split
        ("04", True, None),
    ],
)
def test_read_source_number(digits: str, split: bool, sources: tuple[int, ...] | None) -> None:
    assert read_source_number(digits, LISTED, split=split) == sources


def test_a_listed_two_digit_source_wins_over_the_split() -> None:
    assert read_source_number("12", frozenset({1, 2, 12}), split=True) == (12,)
    assert read_source_number("112", frozenset({1, 12}), split=True) == (1, 12)


@pytest.mark.parametrize(
    ("line", "listed", "ends"),
    [
        ("A claim 4.", LISTED, True),
        ("A claim 26.", LISTED, True),
        ("A claim 9.", LISTED, False),
        ("Published in 1957.", LISTED, False),
        ("A question? LLM", LISTED, True),
        ("A protocol LLM.", LISTED, True),
        ("Session 12", None, True),  # the list not known: any one or two digits
        ("A count of 105.", None, False),
    ],
)
def test_ends_with_tag_asks_the_sources_list(
    line: str, listed: frozenset[int] | None, ends: bool
) -> None:
    assert ends_with_tag(line, listed) is ends


def test_plain_markers_across_emphasis_runs_keep_their_lines() -> None:
    items = find_plain_markers([Run("A ", 3), Run("bold", 3), Run(" claim 2.\nNext one LLM", 3)])
    marks = [i for i in items if isinstance(i, TagMark)]
    assert [(m.raw, m.line, m.plain) for m in marks] == [("2", 3, True), ("LLM", 4, True)]
    assert "".join(i.text for i in items if isinstance(i, Run)) == "A bold claim\nNext one"


def test_a_hard_wrapped_number_before_a_lowercase_line_is_text() -> None:
    items = find_plain_markers([Run("they attended 12\nsessions in all 1.", 5)])
    assert [i.raw for i in items if isinstance(i, TagMark)] == ["1"]


SKELETONS = {
    "markdown": "# T\n\n## Core Principles\n\n{body}\n\n## Sources\n\n{sources}\n",
    "html": "<h1>T</h1><h2>Core Principles</h2><p>{body}</p><h2>Sources</h2><ol>{sources}</ol>",
    "text": "T\n\nCore Principles\n\n{body}\n\nSources\n\n{sources}\n",
}


def _read(fmt: str, body: str, sources: int = 8) -> Article:
    if fmt == "html":
        entries = "".join(f"<li>Source {n}. T1</li>" for n in range(1, sources + 1))
    else:
        entries = "\n".join(f"{n}. Source {n}. T1" for n in range(1, sources + 1))
    text = SKELETONS[fmt].format(body=body, sources=entries)
    return read_article_text(text, f"t.{fmt}", fmt)


def _units(article: Article) -> list[Sentence]:
    return article.sections[0].sentences


FORMATS = ["text", "markdown", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_plain_trailing_tags_in_every_format(fmt: str) -> None:
    body = "One claim 1. Two sources 26. Machine text LLM. Published in 1957 3."
    units = _units(_read(fmt, body))
    assert [(u.text, u.tag.raw, u.tag.llm, u.tag.sources) for u in units] == [
        ("One claim", "1", False, (1,)),
        ("Two sources", "26", False, (2, 6)),
        ("Machine text", "LLM", True, ()),
        ("Published in 1957", "3", False, (3,)),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_one_digit_and_a_two_digit_source_run_together(fmt: str) -> None:
    """`310` with ten sources listed is sources 3 and 10 (the only reading the list allows),
    in every format; a sentence mid-way that merely holds a number keeps its own tag."""
    body = "Still needs dismantling studies 310. Enrolled 310 patients 4. Both kinds 110."
    units = _units(_read(fmt, body, sources=10))
    assert [(u.text, u.tag.sources) for u in units] == [
        ("Still needs dismantling studies", (3, 10)),
        ("Enrolled 310 patients", (4,)),
        ("Both kinds", (1, 10)),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_number_no_source_accounts_for_is_no_citation(fmt: str) -> None:
    article = _read(fmt, "A claim 9. Next claim 2.", sources=3)
    assert [(u.text, u.tag.raw) for u in _units(article)] == [
        ("A claim 9.", None),
        ("Next claim", "2"),
    ]
    assert any("'9' ends a sentence but is no source" in w for w in article.warnings)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_year_ending_a_sentence_is_text(fmt: str) -> None:
    units = _units(_read(fmt, "It began in 1962. It spread widely 4."))
    assert [(u.text, u.tag.sources) for u in units] == [
        ("It began in 1962. It spread widely", (4,))
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("ending", ["on a scale of 0 to 8", "a 2 out of 8", "from 1 through 5"])
def test_the_end_of_a_range_is_no_citation(fmt: str, ending: str) -> None:
    units = _units(_read(fmt, f"She rated it {ending}. Then it rose LLM. A claim 4."))
    assert [(u.text, u.tag.raw) for u in units] == [
        (f"She rated it {ending}. Then it rose", "LLM"),
        ("A claim", "4"),
    ]


@pytest.mark.parametrize(
    ("body", "raw", "sources"),
    [
        ("A claim [2][7].", "[2][7]", (2, 7)),
        ("A claim `LLM`.", "`LLM`", ()),
        ("A claim (LLM)", "(LLM)", ()),
        ("A claim <sup>3</sup>.", "<sup>3</sup>", (3,)),
        ("A claim [2, 6].", "[2, 6]", (2, 6)),
        ("A claim [3–5].", "[3–5]", (3, 4, 5)),
    ],
)
def test_markdown_marker_forms(body: str, raw: str, sources: tuple[int, ...]) -> None:
    unit = _units(_read("markdown", body))[0]
    assert (unit.text, unit.tag.raw, unit.tag.sources) == ("A claim", raw, sources)


def test_a_listed_marker_mid_paragraph_ends_its_unit() -> None:
    """`[2, 6]` between two sentences of one Markdown paragraph closes the first."""
    units = _units(_read("markdown", "One claim [2, 6]. Another claim `LLM`."))
    assert [(u.text, u.tag.sources, u.tag.llm) for u in units[:2]] == [
        ("One claim", (2, 6), False),
        ("Another claim", (), True),
    ]


@pytest.mark.parametrize(
    ("body", "raw", "sources"),
    [
        ('A claim <sup><a href="#s3">3</a></sup>.', "<sup>3</sup>", (3,)),
        ("A claim <sup>[4]</sup>.", "<sup>[4]</sup>", (4,)),
        ("A claim <sup>2–4</sup>.", "<sup>2–4</sup>", (2, 3, 4)),
        ('A claim <span class="cite">5</span>.', "5", (5,)),
        ('A claim <a href="#ref-6">[6]</a>.', "[6]", (6,)),
        ("A claim [2][7].", "[2][7]", (2, 7)),
        ("A claim [1, 8].", "[1, 8]", (1, 8)),
        ('A claim <span class="tag">LLM</span>.', "LLM", ()),
        ("A claim (LLM).", "(LLM)", ()),
        ("A claim 7.", "7", (7,)),
    ],
)
def test_html_marker_forms(body: str, raw: str, sources: tuple[int, ...]) -> None:
    unit = _units(_read("html", body))[0]
    assert (unit.text, unit.tag.raw, unit.tag.sources) == ("A claim", raw, sources)


def test_html_list_items_and_cells_take_plain_tags() -> None:
    body = "</p><ul><li>First item 1.</li><li>Second item? LLM</li></ul><p>"
    units = _units(_read("html", body))
    assert [(u.text, u.tag.raw) for u in units] == [("First item", "1"), ("Second item?", "LLM")]


def test_a_span_number_inside_a_sentence_is_text() -> None:
    units = _units(_read("html", 'Rated <span class="n">4</span> times by raters 2.'))
    assert [(u.text, u.tag.raw) for u in units] == [("Rated 4 times by raters", "2")]


def test_page_chrome_is_never_a_statement() -> None:
    page = (
        "<html><body><div class='cookie-banner'><p>We use cookies 1.</p></div>"
        "<header><nav><a href='/'>Home 2</a></nav><p>Site name</p></header>"
        "<aside class='sidebar'><p>Popular: sleep tips 3.</p></aside>"
        "<main><h1>T</h1><h2>Core Principles</h2><p>A claim 1.</p>"
        "<div hidden><p>Hidden text 2.</p></div><div role='navigation'><p>Menu 2.</p></div>"
        "<h2>Sources</h2><ol><li>One. T1</li><li>Two. T2</li><li>Three. T3</li></ol></main>"
        "<footer><p>© 2026 Wiki · Terms 1.</p><p>Provenance. Made by test-model · version 2.0 ·"
        " 3 sources.</p></footer><script>var a = 'Script 1.';</script></body></html>"
    )
    article = read_article_text(page, "t.html", "html")
    assert [u.text for u in article.all_sentences()] == ["A claim"]
    assert article.provenance.version == "2.0"


def test_sources_and_see_also_keep_their_numbers() -> None:
    text = (
        "# T\n\n## Core Principles\n\nA claim 1.\n\n## Sources\n\n"
        "1. Author, A. (2001). Title, vol 2. Press. T1\n\n## See also\n\n- Stage 2\n"
    )
    article = read_article_text(text, "t.md", "markdown")
    assert article.sources[0].raw == "Author, A. (2001). Title, vol 2. Press."
    assert article.see_also == ["Stage 2"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_browser_copy_of_superscripts(fmt: str) -> None:
    """`clinician.<sup>1</sup> Next` copies as `clinician.1 Next`; Unicode superscripts too."""
    body = "Scores go back to the clinician.1 A measure is added.²⁶ Version 1.0 helps 3."
    units = _units(_read(fmt, body))
    assert [(u.text, u.tag.sources) for u in units] == [
        ("Scores go back to the clinician.", (1,)),
        ("A measure is added.", (2, 6)),
        ("Version 1.0 helps", (3,)),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_browser_copy_of_a_superscript_before_the_period(fmt: str) -> None:
    """`curriculum<sup>1</sup>.` copies as `curriculum1.`: the wiki's own place for a marker.
    A run is read against the Sources list; a name ending in a digit, or a number no source
    accounts for, stays text; `LLM` after the last period of a paragraph is its tag."""
    body = (
        "Ogden still shapes its curriculum1. It grew from Hakomi34. "
        "The GAD7. Scores fell to level9. A last claim. LLM"
    )
    units = _units(_read(fmt, body, sources=8))
    assert [(u.text, u.tag.raw, u.tag.sources) for u in units] == [
        ("Ogden still shapes its curriculum", "1", (1,)),
        ("It grew from Hakomi", "34", (3, 4)),
        ("The GAD7.", None, ()),
        ("Scores fell to level9.", None, ()),
        ("A last claim.", "LLM", ()),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_llm_tag_glued_to_the_last_word_or_to_a_question_mark(fmt: str) -> None:
    """A browser's copy glues the LLM tag as it glues a number: `… relationshipLLM.`, and after
    a question's own mark, `… matter?LLM`; "LLM" inside a word or after a capital stays text."""
    body = (
        "It shares power within the relationshipLLM. Does the setting matter?LLM "
        "The LLMs were not used 2. A closing claim1."
    )
    units = _units(_read(fmt, body, sources=3))
    assert [(u.text, u.tag.raw) for u in units] == [
        ("It shares power within the relationship", "LLM"),
        ("Does the setting matter?", "LLM"),
        ("The LLMs were not used", "2"),
        ("A closing claim", "1"),
    ]


def test_a_last_cell_with_its_marker_glued_on() -> None:
    """A SMART row copied from a table: its marker glued to the mechanism, at the line's end."""
    body = (
        "A claim 1.\n\nGoal one Client will log sleep nightly by week 4 Sleep hygiene2\n\nNext 3."
    )
    units = _units(_read("text", body))
    assert [(u.text, u.tag.sources) for u in units] == [
        ("A claim", (1,)),
        ("Goal one Client will log sleep nightly by week 4 Sleep hygiene", (2,)),
        ("Next", (3,)),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_glued_number_no_source_accounts_for_ends_an_untagged_unit(fmt: str) -> None:
    units = _units(_read(fmt, "A claim.9 Next claim 2.", sources=3))
    assert [(u.text, u.tag.raw) for u in units] == [("A claim.9", None), ("Next claim", "2")]


def test_markdown_footnote_reference() -> None:
    unit = _units(_read("markdown", "A claim[^4]."))[0]
    assert (unit.text, unit.tag.sources) == ("A claim", (4,))


def test_a_wrapper_named_like_chrome_that_holds_the_article_is_read() -> None:
    page = (
        "<html><body><div class='layout has-sidebar'><nav>Home 1.</nav>"
        "<div class='content nav-offset'><h1>T</h1><h2>Core Principles</h2><p>A claim 1.</p>"
        "<h2>Sources</h2><ol><li>One. T1</li></ol></div>"
        "<div class='sidebar'><h3>Popular</h3><p>Sleep tips 1.</p></div></div></body></html>"
    )
    article = read_article_text(page, "t.html", "html")
    assert [u.text for u in article.all_sentences()] == ["A claim"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_copied_comma_list_cites_each_source_or_none(fmt: str) -> None:
    units = _units(_read(fmt, "Two sources 2, 3. Scores of 2, 9. Tail 1.", sources=8))
    assert [(u.text, u.tag.sources) for u in units] == [
        ("Two sources", (2, 3)),
        ("Scores of 2, 9.", ()),
        ("Tail", (1,)),
    ]
