"""Articles as other tools export them: a PDF viewer's text copy, a word processor's HTML, a wiki
engine's reference list, a static-site editor's Unicode superscripts. Each keeps the wiki's
conventions (sections, markers, a Sources list) under the quirks of its tool, and reads the same
units and tags as a clean copy would."""

from __future__ import annotations

import pytest

from therapykg.loaders.model import Article, Sentence
from therapykg.loaders.read import read_article_text


def _units(article: Article, heading: str = "Core Principles") -> list[Sentence]:
    section = next(s for s in article.sections if s.heading == heading)
    return section.sentences


def _tags(units: list[Sentence]) -> list[tuple[str, bool, tuple[int, ...]]]:
    return [(u.text, u.tag.llm, u.tag.sources) for u in units]


MARKDOWN = """# Pacing Therapy

approach · Clinical psychology · Brief therapy

## Core Principles

{body}

## Sources

{sources}
"""


def _markdown(body: str) -> Article:
    entries = "\n".join(f"{n}. Author, A. ({2000 + n}). Book {n}. Press. T2" for n in range(1, 13))
    return read_article_text(MARKDOWN.format(body=body, sources=entries), "p.md", "markdown")


def test_unicode_superscripts_in_a_paragraph_with_no_other_digit() -> None:
    """`…weekends¹.`, two sources as `¹,¹¹`, and the LLM tag in small capitals `ᴸᴸᴹ`, in a
    paragraph where no ASCII digit appears at all."""
    body = (
        "Sessions keep a steady rhythm². Partners name their hopes aloud¹,¹¹. "
        "Homework runs between sessions⁷. Weekend retreats are offeredᴸᴸᴹ."
    )
    assert _tags(_units(_markdown(body))) == [
        ("Sessions keep a steady rhythm", False, (2,)),
        ("Partners name their hopes aloud", False, (1, 11)),
        ("Homework runs between sessions", False, (7,)),
        ("Weekend retreats are offered", True, ()),
    ]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_characters_that_show_nothing_are_dropped(fmt: str) -> None:
    """A soft hyphen (`&shy;`) or a zero-width space splits no word and reaches no statement."""
    if fmt == "html":
        page = (
            "<html><body><h1>Pacing Therapy</h1><h2>Core Principles</h2>"
            "<p>It is transdi&shy;agnostic [1]. The work is self&#8203;paced [2].</p>"
            "<h2>Sources</h2><ol><li>One. T1</li><li>Two. T2</li></ol></body></html>"
        )
        article = read_article_text(page, "p.html", "html")
    else:
        article = _markdown("It is transdi\u00adagnostic [1]. The work is self\u200bpaced [2].")
    assert _tags(_units(article)) == [
        ("It is transdiagnostic", False, (1,)),
        ("The work is selfpaced", False, (2,)),
    ]


WORD_PAGE = """<html><head><meta name=Generator content="Microsoft Word 15 (filtered)">
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>LLM</o:Author>
<o:Words>3120</o:Words></o:DocumentProperties></xml><![endif]--></head>
<body><div class=WordSection1>
<p class=MsoTitle><span lang=EN-US>Pacing Therapy<o:p></o:p></span></p>
<p class=MsoSubtitle><i>approach · Clinical psychology · Brief therapy</i></p>
<p class=MsoNormal style='margin-top:12.0pt'><b><span style='font-size:13.0pt'>Core
Principles<o:p></o:p></span></b></p>
<p class=MsoNormal><span lang=EN-US>Change follows steady practice&nbsp;[1,&nbsp;3]. Each
module builds on the last&nbsp;[2–4]. Pace is set
together&nbsp;<span style='color:#7F7F7F'>[LLM]</span>.<o:p></o:p></span></p>
<p class=MsoNormal><b><span>Alliance.</span></b><span> The bond is tended every
session&nbsp;[4].</span></p>
<p class=MsoNormal><b><span>Reflective / Supervision Questions</span></b></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt'><![if !supportLists]><span
style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
</span></span><![endif]><span>What pace suits this client?&nbsp;<span
style='color:#7F7F7F'>[LLM]</span></span></p>
<p class=MsoNormal><b><span>Sources</span></b></p>
<p class=MsoListParagraphCxSpMiddle><![if !supportLists]><span>1.<span>&nbsp;&nbsp;
</span></span><![endif]><span>Author, A. (2001). Book one. Press. T2</span></p>
<p class=MsoListParagraphCxSpMiddle><![if !supportLists]><span>2.<span>&nbsp;&nbsp;
</span></span><![endif]><span>Author, B. (2002). Book two. Press. T1</span></p>
<p class=MsoListParagraphCxSpMiddle><![if !supportLists]><span>3.<span>&nbsp;&nbsp;
</span></span><![endif]><span>Author, C. (2003). Book three. Press. T3</span></p>
<p class=MsoListParagraphCxSpLast><![if !supportLists]><span>4.<span>&nbsp;&nbsp;
</span></span><![endif]><span>Author, D. (2004). Book four. Press. T1</span></p>
</div></body></html>
"""


def test_a_word_processor_export() -> None:
    """Headings as bold paragraphs, the title by its class, bracketed lists and ranges joined by
    no-break spaces, list paragraphs with their bullet or number typed in; a bold lead-in stays
    its paragraph's first words."""
    article = read_article_text(WORD_PAGE, "p.html", "html")
    assert article.title == "Pacing Therapy"
    assert [s.heading for s in article.sections] == [
        "Core Principles",
        "Reflective / Supervision Questions",
    ]
    assert _tags(_units(article)) == [
        ("Change follows steady practice", False, (1, 3)),
        ("Each module builds on the last", False, (2, 3, 4)),
        ("Pace is set together", True, ()),
        ("Alliance. The bond is tended every session", False, (4,)),
    ]
    questions = _units(article, "Reflective / Supervision Questions")
    assert _tags(questions) == [("What pace suits this client?", True, ())]
    assert [(s.number, s.raw, s.tier) for s in article.sources] == [
        (1, "Author, A. (2001). Book one. Press.", "T2"),
        (2, "Author, B. (2002). Book two. Press.", "T1"),
        (3, "Author, C. (2003). Book three. Press.", "T3"),
        (4, "Author, D. (2004). Book four. Press.", "T1"),
    ]


PDF_COPY = (
    "PACING PRESS CLINICAL NOTES                         Pacing Therapy\n"
    "\n"
    "approach · Clinical psychology · Brief therapy\n"
    "\n"
    "Pacing Therapy\n"
    "\n"
    "A brief therapy that sets the speed of change with the client.\n"
    "\n"
    "Core Principles\n"
    "\n"
    "Change is expected to follow steady, modest prac-\n"
    "tice rather than insight [1]. The ﬁrst sessions map what the client al-\n"
    "ready does well [2, 3]. A trial in 2019 enrolled 41\n"
    "adults and found the pace acceptable [3]. Clients are asked to\n"
    "rate their week [LLM].\n"
    "\n"
    "– page 1 of 2 –\n"
    "\f\n"
    "PACING PRESS CLINICAL NOTES                         Pacing Therapy\n"
    "\n"
    "Progress is reviewed in the last ﬁve minutes [2].\n"
    "\n"
    "Sources\n"
    "\n"
    "1. Author, A. (2001). Book one. Press. T2\n"
    "2. Author, B. (2002). Book two. Press. T1\n"
    "3. Author, C. (2003). Book three. Press. T3\n"
    "\n"
    "– page 2 of 2 –\n"
)


def test_a_pdf_viewers_text_copy() -> None:
    """A running header on every page, page numbers, a form feed, words hyphenated across line
    ends, ligatures, bracketed markers, and a number that ends a wrapped line mid-sentence."""
    article = read_article_text(PDF_COPY, "p.txt", "text")
    assert article.title == "Pacing Therapy"
    assert _tags(_units(article)) == [
        ("Change is expected to follow steady, modest practice rather than insight", False, (1,)),
        ("The first sessions map what the client already does well", False, (2, 3)),
        ("A trial in 2019 enrolled 41 adults and found the pace acceptable", False, (3,)),
        ("Clients are asked to rate their week", True, ()),
        ("Progress is reviewed in the last five minutes", False, (2,)),
    ]
    assert [s.number for s in article.sources] == [1, 2, 3]


def test_a_bracket_no_source_accounts_for_stays_text_in_plain_text() -> None:
    text = PDF_COPY.replace("rather than insight [1]", "on a scale [0–10] of effort [1]")
    units = _units(read_article_text(text, "p.txt", "text"))
    assert units[0].text.endswith("on a scale [0–10] of effort")


def test_a_wiki_engines_reference_list() -> None:
    """MediaWiki's reference list: each entry opens with links back to its citations (`^ a b`)."""
    page = (
        "<html><body><h1>Pacing Therapy</h1><h2>Core Principles</h2>"
        "<p>Change follows practice.<sup class='reference'><a href='#cite_note-1'>[1]</a></sup></p>"
        "<h2>Sources</h2><ol class='references'><li id='cite_note-1'>"
        "<span class='mw-cite-backlink'>^ <a href='#r1'><sup><i><b>a</b></i></sup></a> "
        "<a href='#r2'><sup><i><b>b</b></i></sup></a></span> "
        "<span class='reference-text'>Keller, M. B. (2000). A trial. Journal. T1</span></li></ol>"
        "</body></html>"
    )
    article = read_article_text(page, "p.html", "html")
    entry = ("Keller, M. B. (2000). A trial. Journal.", "T1")
    assert [(s.raw, s.tier) for s in article.sources] == [entry]


@pytest.mark.parametrize(
    ("fmt", "page"),
    [
        # an editor with no heading styles: bold lines; a bold lead-in stays its paragraph's
        (
            "markdown",
            "# Pacing Therapy\n\n**Core Principles**\n\nChange follows practice [1]. "
            "**Alliance.** The bond matters [1].\n\n**Sources**\n\n"
            "1. Author, A. (2001). Book. T2\n",
        ),
        # a page under a site's own title: every heading one level down
        (
            "markdown",
            "## Pacing Therapy\n\n### Core Principles\n\nChange follows practice [1]. "
            "**Alliance.** The bond matters [1].\n\n### Sources\n\n"
            "1. Author, A. (2001). Book. T2\n",
        ),
        (
            "html",
            "<html><body><h2>Pacing Therapy</h2><h3>Core Principles</h3><p>Change follows "
            "practice [1]. <b>Alliance.</b> The bond matters [1].</p><h3>Sources</h3><ol><li>"
            "Author, A. (2001). Book. T2</li></ol></body></html>",
        ),
        # capitals, as a PDF's or a slide's headings are
        (
            "text",
            "Pacing Therapy\n\nCORE PRINCIPLES\n\nChange follows practice 1. Alliance. The bond "
            "matters 1.\n\nSOURCES\n\n1. Author, A. (2001). Book. T2\n",
        ),
    ],
)
def test_headings_as_other_tools_write_them(fmt: str, page: str) -> None:
    article = read_article_text(page, f"p.{fmt}", fmt)
    assert article.title == "Pacing Therapy"
    assert [s.heading for s in article.sections] == ["Core Principles"]
    assert _tags(_units(article)) == [
        ("Change follows practice", False, (1,)),
        ("Alliance. The bond matters", False, (1,)),
    ]


def test_a_word_processors_text_with_braced_markers_after_the_period() -> None:
    """Rich text saved as plain text: no blank lines, each paragraph opened by a tab, markers in
    braces after the sentence's period and a no-break space (`… change.\u00a0{1,3} Next`)."""
    text = (
        "Pacing Therapy\n"
        "approach · Clinical psychology · Brief therapy\n"
        "Core Principles\n"
        "\tChange follows steady practice.\u00a0{1,3} It began in 2002.\u00a0{2} "
        "Pace is set together.\u00a0{LLM}\n"
        "Sources\n"
        "\t1.\tAuthor, A. (2001). Book one. Press. T2\n"
        "\t2.\tAuthor, B. (2002). Book two. Press. T1\n"
        "\t3.\tAuthor, C. (2003). Book three. Press. T3\n"
    )
    article = read_article_text(text, "p.txt", "text")
    assert _tags(_units(article)) == [
        ("Change follows steady practice.", False, (1, 3)),
        ("It began in 2002.", False, (2,)),
        ("Pace is set together.", True, ()),
    ]


def test_a_notes_app_page_with_callouts_and_task_boxes() -> None:
    """A callout (`<aside>`) holds an illustrative example behind its icon; questions are a task
    list (`- [ ] …?`); markers are parentheses before the period, `(1; 2)`."""
    page = (
        "# Pacing Therapy\n\nType: therapy\nStatus: Published\n\n"
        "## Interventions & Techniques\n\nHomework applies the plan to one problem (1; 2).\n\n"
        "<aside>\n💡 LLM-generated illustrative example (not a guideline): A client paces one "
        "errand a day (LLM).\n\n</aside>\n\n"
        "## Reflective / Supervision Questions\n\n- [ ] What pace suits this client? (LLM)\n\n"
        "## Sources\n\n1. Author, A. (2001). Book one. Press. T2\n2. Author, B. (2002). Book. T1\n"
    )
    article = read_article_text(page, "p.md", "markdown")
    units = _units(article, "Interventions & Techniques")
    assert [(u.kind.value, u.text, u.tag.llm, u.tag.sources) for u in units] == [
        ("prose", "Homework applies the plan to one problem", False, (1, 2)),
        ("example", "A client paces one errand a day", True, ()),
    ]
    questions = _units(article, "Reflective / Supervision Questions")
    assert [(q.kind.value, q.text) for q in questions] == [
        ("question", "What pace suits this client?")
    ]


def test_a_document_exports_reviewer_comments_are_no_text() -> None:
    """A shared document's comment: its `[a]` anchor inside a sentence and its text at the end."""
    page = (
        "<html><body><p class='title'><span>Pacing Therapy</span></p><h2>Core Principles</h2>"
        "<p><span>Goal consensus</span><sup><a href='#cmnt1' id='cmnt_ref1'>[a]</a></sup>"
        "<span> matters here [1].</span></p><h2>Sources</h2><ol><li>Author. Book. T1</li></ol>"
        "<div><p><a href='#cmnt_ref1' id='cmnt1'>[a]</a><span>Check this claim.</span></p></div>"
        "</body></html>"
    )
    article = read_article_text(page, "p.html", "html")
    assert _tags(_units(article)) == [("Goal consensus matters here", False, (1,))]
    assert "Check this claim" not in " ".join(s.text for s in article.all_sentences())
