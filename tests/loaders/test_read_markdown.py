"""The Markdown reader: tag syntaxes, line numbers, tables and lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from therapykg.loaders.model import Article, Kind
from therapykg.loaders.read import read_article, read_article_text
from therapykg.loaders.segment import SectionRole, heading_name, section_role

DATA = Path(__file__).parent / "data"

# (line, raw tag) of every unit of mini.md, in order
LINES_AND_TAGS = [
    (9, None),
    (10, None),
    (14, None),
    (16, "(LLM)"),
    (20, "`LLM`"),
    (21, "[1][2]"),
    (22, "[3]"),
    (26, "[1]"),
    (26, "`LLM`"),
    (28, "`LLM`"),
    (34, "[1]"),
    (35, "[2][3]"),
    (37, "(LLM)"),
    (41, "[1]"),
    (42, "[2]"),
    (43, "`LLM`"),
    (47, "`LLM`"),
    (48, "`LLM`"),
]

SKELETON = """\
# A Title

## Core Principles

{body}

## Sources

1. First source. — [link](#) T1
2. Second source. — [link](#) T2
3. Third source. — [link](#) T3
4. Fourth. T1
5. Fifth. T1
6. Sixth. T1
7. Seventh. T1
8. Eighth. T1
9. Ninth. T1
10. Tenth. — [link](#) T3
"""


def _read(body: str) -> Article:
    return read_article_text(SKELETON.format(body=body), "test.md", "markdown")


def test_mini_lines_and_raw_tags() -> None:
    article = read_article(DATA / "mini.md")
    assert [(u.line, u.tag.raw) for u in article.all_sentences()] == LINES_AND_TAGS
    assert article.title_line == 7
    assert [s.line for s in article.sections] == [18, 24, 30, 39, 45]
    assert [s.line for s in article.sources] == [52, 53, 54]
    assert article.provenance.line == 63


def test_two_digit_and_adjacent_citations() -> None:
    units = _read("One claim [10]. Two claims [2][7]. Spaced [1] [3].").sections[0].sentences
    assert [(u.text, u.tag.sources) for u in units] == [
        ("One claim", (10,)),
        ("Two claims", (2, 7)),
        ("Spaced", (1, 3)),
    ]


def test_bracketed_number_is_never_split_nor_invented() -> None:
    article = _read("A claim [23]. Next claim [2].")
    units = article.sections[0].sentences
    assert [(u.text, u.tag.raw, u.tag.sources) for u in units] == [
        ("A claim [23].", None, ()),
        ("Next claim", "[2]", (2,)),
    ]
    assert any(w.startswith("line 5: '[23]' ends a sentence") for w in article.warnings)


def test_both_llm_styles_and_emphasis() -> None:
    units = _read("*Emphasis* and **strong** text `LLM`. Caption style. (LLM)").sections[0]
    assert [(u.text, u.tag.raw, u.tag.llm) for u in units.sentences] == [
        ("Emphasis and strong text", "`LLM`", True),
        ("Caption style.", "(LLM)", True),
    ]


def test_soft_breaks_count_lines() -> None:
    units = _read("First line [1].\nSecond line\nruns on [2].").sections[0].sentences
    assert [(u.line, u.text) for u in units] == [(5, "First line"), (6, "Second line runs on")]


def test_unknown_section_and_sub_heading() -> None:
    body = "Text [1].\n\n## Cultural Adaptations\n\n### A sub-heading\n\nMore text `LLM`."
    article = _read(body)
    assert [s.heading for s in article.sections] == ["Core Principles", "Cultural Adaptations"]
    assert [u.text for u in article.sections[1].sentences] == ["More text"]
    assert article.warnings == [
        "line 9: sub-heading 'A sub-heading' read as part of 'Cultural Adaptations'"
    ]


def test_table_without_smart_header_elsewhere_is_list_items() -> None:
    body = "| Format | Note |\n|---|---|\n| Group | works in groups [1] |"
    units = _read(body).sections[0].sentences
    assert [(u.kind, u.text, u.tag.sources) for u in units] == [
        (Kind.LIST_ITEM, "Group | works in groups", (1,))  # the columns stay apart
    ]


def test_smart_table_with_wrong_cell_count_keeps_the_unit() -> None:
    body = "| Goal | Mechanism |\n|---|---|\n| Engage | Alliance [1] |"
    article = read_article_text(
        SKELETON.format(body=body).replace("Core Principles", "Treatment-Plan Suggestions"),
        "t.md",
        "markdown",
    )
    section = article.sections[0]
    assert [u.text for u in section.sentences] == ["Engage Alliance"]
    assert section.smart_rows == []
    assert "SMART row not split" in article.warnings[0]


def test_ordered_list_start_sets_source_numbers() -> None:
    text = "# T\n\n## Evidence Base\n\nClaim [7].\n\n## Sources\n\n7. Seventh. T2\n8. Eighth.\n"
    article = read_article_text(text, "t.md", "markdown")
    assert [(s.number, s.raw, s.tier) for s in article.sources] == [
        (7, "Seventh.", "T2"),
        (8, "Eighth.", None),
    ]


def test_no_h1_falls_back_to_a_title_line() -> None:
    text = "Plain Title\n\n## Evidence Base\n\nClaim [1].\n\n## Sources\n\n1. One. T1\n"
    article = read_article_text(text, "t.md", "markdown")
    assert (article.title, article.title_line) == ("Plain Title", 1)


FOOTNOTE_EXPORT = """\
---
title: "A Title"
generated_by: LLM
---

# A Title

![A diagram of the model.](attachments/model.png)
The caption sits on the image's next line.[^LLM]

## 3. Core principles

The first claim is sourced.[^1] The second cites two.[^2][^3] The third has no source.[^LLM]
A fourth cites two in one superscript.<sup>1 3</sup>

## 15. Sources

[^1]: First, A. (2001). *A book*. Press. [T2]
[^2]: Second, B. (2002). A paper. *Journal*. [T1]
[^3]: Third, C. (2003). A chapter. [T3]
[^LLM]: LLM-generated sentence; no source cited.
"""


def test_a_notes_app_export_with_footnotes_front_matter_and_numbered_headings() -> None:
    """Footnote markers `[^n]` / `[^LLM]`, Sources as footnote definitions on consecutive lines
    (one Markdown paragraph), the LLM tag's own footnote ignored, YAML front matter skipped,
    numbered headings read by their names, a figure's caption on the image's next line, two
    numbers in one superscript."""
    article = read_article_text(FOOTNOTE_EXPORT, "notes.md", "markdown")
    assert article.title == "A Title"
    assert article.title_line == 6
    assert [s.heading for s in article.sections] == ["Core Principles"]  # the wiki's own spelling
    assert [(s.number, s.tier, s.line) for s in article.sources] == [
        (1, "T2", 18),
        (2, "T1", 19),
        (3, "T3", 20),
    ]
    assert article.sources[0].raw == "First, A. (2001). A book. Press."
    units = article.sections[0].sentences
    assert [(u.text, u.tag.llm, u.tag.sources) for u in units] == [
        ("The first claim is sourced.", False, (1,)),
        ("The second cites two.", False, (2, 3)),
        ("The third has no source.", True, ()),
        ("A fourth cites two in one superscript.", False, (1, 3)),
    ]
    assert [(u.text, u.tag.llm) for u in article.figure] == [
        ("A diagram of the model.", False),
        ("The caption sits on the image's next line.", True),
    ]
    assert not any("unnumbered" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("15. Sources", "Sources"),
        ("IV. Key Terms", "Key Terms"),
        ("2.1 Creators & Lineage", "Creators & Lineage"),
        ("Sources [edit]", "Sources"),
        ("Sources:", "Sources"),
        ("1960s revival", "1960s revival"),
        ("Sources of stress", "Sources of stress"),
    ],
)
def test_heading_names_without_numbers_or_edit_links(heading: str, name: str) -> None:
    assert heading_name(heading) == name


@pytest.mark.parametrize(
    "heading", ["Sources", "References", "Works cited", "Sources (12)", "7. Bibliography"]
)
def test_sources_headings(heading: str) -> None:
    assert section_role(heading) is SectionRole.SOURCES
    assert section_role("Sources of stress") is SectionRole.PROSE


def test_a_title_only_in_the_front_matter_is_the_title() -> None:
    text = FOOTNOTE_EXPORT.replace("# A Title\n", "")
    article = read_article_text(text, "notes.md", "markdown")
    assert article.title == "A Title"
    assert article.title_line == 1
    assert [s.heading for s in article.sections] == ["Core Principles"]


BULLETED_SOURCES = """\
# A Title

## Core Principles

The first claim is sourced [1]. The second cites two [2][3]. The third has none `LLM`.

## Sources

- First, A. (2001). A book. Press. T2
- Second, B. (2002). A paper. Journal. T1
- Third, C. (2003). A chapter. T3
"""


def test_a_bulleted_sources_list_is_numbered_in_order() -> None:
    """Entries with no numbers, each a citation (a year or a tier), are sources 1, 2, … in the
    order written, with a warning that says so ("None yet." under Sources stays an error:
    test_read_errors)."""
    article = read_article_text(BULLETED_SOURCES, "t.md", "markdown")
    assert [(s.number, s.tier) for s in article.sources] == [(1, "T2"), (2, "T1"), (3, "T3")]
    assert [u.tag.sources for u in article.sections[0].sentences] == [(1,), (2, 3), ()]
    assert any("numbered 1, 2" in w for w in article.warnings)
