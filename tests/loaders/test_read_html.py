"""The HTML reader: citation and LLM elements, line numbers, lists, tables and definitions."""

from __future__ import annotations

from pathlib import Path

import pytest

from therapykg.errors import ArticleError
from therapykg.loaders.model import Article, Kind
from therapykg.loaders.read import read_article, read_article_text

DATA = Path(__file__).parent / "data"

LINES_AND_TAGS = [
    (17, None),
    (18, None),
    (22, None),
    (23, "LLM"),
    (27, "LLM"),
    (28, "<sup>1</sup><sup>2</sup>"),
    (29, "<sup>3</sup>"),
    (32, "<sup>1</sup>"),
    (32, "LLM"),
    (33, "LLM"),
    (39, "<sup>1</sup>"),
    (40, "<sup>2</sup><sup>3</sup>"),
    (43, "LLM"),
    (47, "<sup>1</sup>"),
    (48, "<sup>2</sup>"),
    (49, "LLM"),
    (54, "LLM"),
    (55, "LLM"),
]

SKELETON = """<html><body>
<h1>A Title</h1>
<h2>Core Principles</h2>
{body}
<h2>Sources</h2>
<ol><li>One. <a href="#">link</a> T1</li><li>Two. T2</li><li>Three. T3</li></ol>
</body></html>
"""


def _read(body: str) -> Article:
    return read_article_text(SKELETON.format(body=body), "t.html", "html")


def test_mini_lines_and_raw_tags() -> None:
    article = read_article(DATA / "mini.html")
    assert [(u.line, u.tag.raw) for u in article.all_sentences()] == LINES_AND_TAGS
    assert article.title_line == 16
    assert [s.line for s in article.sources] == [60, 61, 62]
    assert article.provenance.line == 73


def test_citation_forms() -> None:
    body = (
        "<p>Comma list <sup>2,3</sup>. Run together <sup>23</sup>. "
        "Superscript tag <sup>LLM</sup>. Code tag <code>LLM</code>.</p>"
    )
    units = _read(body).sections[0].sentences
    assert [(u.text, u.tag.llm, u.tag.sources) for u in units] == [
        ("Comma list", False, (2, 3)),
        ("Run together", False, (2, 3)),
        ("Superscript tag", True, ()),
        ("Code tag", True, ()),
    ]


def test_brackets_around_linked_numbers_are_one_citation() -> None:
    """`[<a>1</a>, <a>3</a>]`: the brackets in the text, each number a link of its own."""
    link = '<a class="cite" href="#ref-{0}">{0}</a>'
    body = (
        f"<p>Two linked [{link.format(1)}, {link.format(3)}]. "
        f"A range [{link.format(1)}–{link.format(3)}]. One [{link.format(2)}]. "
        f"Words [1 and 3] in brackets stay text <span>LLM</span>.</p>"
    )
    units = _read(body).sections[0].sentences
    assert [(u.text, u.tag.sources) for u in units] == [
        ("Two linked", (1, 3)),
        ("A range", (1, 2, 3)),
        ("One", (2,)),
        ("Words [1 and 3] in brackets stay text", ()),
    ]


def test_adjacent_number_links_in_one_element_are_each_a_source() -> None:
    """`<span class="cite"><a>1</a><a>2</a></span>`: its text reads "12", and the Sources list
    has a twelfth, but each link is a source of its own."""
    link = '<a class="cite" href="#src-{0}">{0}</a>'
    body = (
        f'<p>Two links <span class="tag">{link.format(1)}{link.format(2)}</span>. '
        f"One link <span>{link.format(3)}</span>. "
        f"In a superscript <sup>{link.format(2)}, {link.format(3)}</sup>.</p>"
    )
    twelve = "".join(f"<li>Source {n}. T1</li>" for n in range(1, 13))
    page = SKELETON.format(body=body).replace(
        '<ol><li>One. <a href="#">link</a> T1</li><li>Two. T2</li><li>Three. T3</li></ol>',
        f"<ol>{twelve}</ol>",
    )
    article = read_article_text(page, "t.html", "html")
    assert len(article.sources) == 12
    units = article.sections[0].sentences
    assert [(u.text, u.tag.sources) for u in units] == [
        ("Two links", (1, 2)),
        ("One link", (3,)),
        ("In a superscript", (2, 3)),
    ]


def test_every_numeric_superscript_is_a_citation() -> None:
    units = _read("<p>Area in m<sup>2</sup>x grows <sup>1</sup>.</p>").sections[0].sentences
    assert [(u.text, u.tag.sources) for u in units] == [("Area in m", (2,)), ("x grows", (1,))]


def test_scripts_comments_and_entities() -> None:
    body = (
        "<p>Caf&eacute; &amp; <!-- hidden 9. --> bar<script>var x = '9.';</script> [1]"
        " <sup>1</sup>.</p>"
    )
    units = _read(body).sections[0].sentences
    assert [(u.text, u.tag.raw, u.tag.sources) for u in units] == [
        ("Café & bar", "[1]<sup>1</sup>", (1,))
    ]


def test_loose_text_in_a_div_is_a_paragraph() -> None:
    units = _read("<div>Loose text <span class='tag llm'>LLM</span>.</div>").sections[0].sentences
    assert [(u.text, u.tag.llm, u.kind) for u in units] == [("Loose text", True, Kind.PROSE)]


def test_deep_nesting_does_not_recurse_forever() -> None:
    body = "<div>" * 5000 + "Deep claim <sup>1</sup>." + "</div>" * 5000
    units = _read(body).sections[0].sentences
    assert [(u.text, u.tag.sources) for u in units] == [("Deep claim", (1,))]


def test_definition_list_term_with_colon() -> None:
    body = "<dl><dt>Alliance:</dt><dd>the bond <sup>1</sup>.</dd></dl>"
    article = read_article_text(
        SKELETON.format(body=body).replace("Core Principles", "Key Terms"), "t.html", "html"
    )
    assert [(k.term, k.definition) for k in article.sections[0].key_terms] == [
        ("Alliance", "the bond")
    ]


def test_deeply_nested_lists() -> None:
    body = "<ul><li>" * 3000 + "Deep item <sup>1</sup>." + "</li></ul>" * 3000
    units = _read(body).sections[0].sentences
    assert [(u.text, u.tag.sources) for u in units] == [("Deep item", (1,))]


def test_nested_list_items_are_separate() -> None:
    body = "<ul><li>Outer claim <sup>1</sup>.<ul><li>Inner claim <sup>2</sup>.</li></ul></li></ul>"
    units = _read(body).sections[0].sentences
    assert [(u.kind, u.text) for u in units] == [
        (Kind.LIST_ITEM, "Outer claim"),
        (Kind.LIST_ITEM, "Inner claim"),
    ]


@pytest.mark.parametrize("text", ["http://example.com", "article.html", "<?xml version='1.0'?>"])
def test_parser_advice_is_not_an_error(text: str) -> None:
    with pytest.raises(ArticleError) as err:
        read_article_text(text, "t.html", "html")
    assert "no Sources list" in err.value.message or "no title" in err.value.message


def test_edit_links_and_numbers_in_headings_and_unnumbered_source_items() -> None:
    """A wiki's `[edit]` link inside a heading and a section number before it do not hide what
    the heading is; an `<ol>` of Sources numbers its items by position."""
    page = """<html><body><article>
<h1>A Title</h1>
<h2>2. Core Principles <a class="edit" href="/edit#core">[edit]</a></h2>
<p>A sourced claim<sup><a href="#src-2">2</a></sup>.
An unsourced one<span class="tag-llm">LLM</span>.</p>
<h2>Sources <a class="edit" href="/edit#sources">[edit]</a></h2>
<ol class="sources"><li id="src-1">One, A. (2001). A book. <span class="tier">T1</span></li>
<li id="src-2">Two, B. (2002). A paper. <span class="tier">T2</span></li></ol>
</article></body></html>
"""
    article = read_article_text(page, "t.html", "html")
    assert [s.heading for s in article.sections] == ["Core Principles"]
    assert [(s.number, s.tier) for s in article.sources] == [(1, "T1"), (2, "T2")]
    units = article.sections[0].sentences
    assert [(u.text, u.tag.llm, u.tag.sources) for u in units] == [
        ("A sourced claim", False, (2,)),
        ("An unsourced one", True, ()),
    ]
