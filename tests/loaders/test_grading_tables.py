"""A gradings table whose header names an edition per column ("Element | Second edition
(2011) | Third edition (2019)"): each grade cell is read with its column's edition, in HTML, in
Markdown and in plain text, and a table without such a header keeps its grades undated."""

from __future__ import annotations

import pytest

from therapykg.loaders.extract import extract
from therapykg.loaders.grading import column_gradings
from therapykg.loaders.read import read_article_text

MARKDOWN = """# Coherence Therapy

*therapy · Clinical psychology · Constructivist*

A therapy.

## Evidence Base

The task force graded several elements the approach relies on [1].

| Element | {first} | {second} | Sources |
|---|---|---|---|
| Positive regard | probably effective | demonstrably effective | [1] |
| Repairing alliance ruptures | promising | probably effective (the same meta-analysis) | [1] |

## Sources

1. Norcross, J. C., & Lambert, M. J. (2019). Psychotherapy relationships that work. Oxford. T1
"""

HTML = """<html><body><h1>Coherence Therapy</h1>
<p><em>therapy · Clinical psychology · Constructivist</em></p>
<p>A therapy.</p>
<h2>Evidence Base</h2>
<p>The task force graded several elements the approach relies on [1].</p>
<table><thead><tr><th>Element</th><th>2011 conclusions</th><th>2019 conclusions</th></tr></thead>
<tbody><tr><td>Empathy</td><td>demonstrably effective</td><td>demonstrably effective [1]</td></tr>
<tr><td>Managing countertransference</td><td></td><td>probably effective [1]</td></tr>
</tbody></table>
<h2>Sources</h2>
<ol><li>Norcross, J. C., &amp; Lambert, M. J. (2019). Psychotherapy relationships that work.
Oxford. T1</li></ol>
</body></html>
"""


def _gradings(text: str, name: str, kind: str) -> set[tuple[str, str, int | None]]:
    facts = extract(read_article_text(text, name, kind))
    return {(g.item.slug, g.grade, g.edition) for g in facts.gradings}


def test_markdown_columns_date_each_grade() -> None:
    text = MARKDOWN.format(first="Second edition (2011)", second="Third edition (2019)")
    assert _gradings(text, "t.md", "markdown") == {
        ("positive-regard", "probably-effective", 2011),
        ("positive-regard", "demonstrably-effective", 2019),
        ("repairing-alliance-ruptures", "promising", 2011),
        ("repairing-alliance-ruptures", "probably-effective", 2019),
    }


def test_html_columns_date_each_grade_and_an_empty_cell_keeps_its_column() -> None:
    assert _gradings(HTML, "t.html", "html") == {
        ("empathy", "demonstrably-effective", 2011),
        ("empathy", "demonstrably-effective", 2019),
        ("managing-countertransference", "probably-effective", 2019),
    }


@pytest.mark.parametrize(("first", "second"), [("2011 grade", "Grade (2019)")])
def test_a_task_force_year_alone_in_a_header_names_the_edition(first: str, second: str) -> None:
    text = MARKDOWN.format(first=first, second=second)
    assert _gradings(text, "t.md", "markdown") == {
        ("positive-regard", "probably-effective", 2011),
        ("positive-regard", "demonstrably-effective", 2019),
        ("repairing-alliance-ruptures", "promising", 2011),
        ("repairing-alliance-ruptures", "probably-effective", 2019),
    }


def test_columns_that_name_no_edition_leave_the_grades_undated() -> None:
    text = MARKDOWN.format(first="Earlier view", second="Grade in 2014")
    assert _gradings(text, "t.md", "markdown") == {
        ("positive-regard", "probably-effective", None),
        ("positive-regard", "demonstrably-effective", None),
        ("repairing-alliance-ruptures", "promising", None),
        ("repairing-alliance-ruptures", "probably-effective", None),
    }


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        # a grade inside other words: left to the sentence readings
        ("Empathy | rated demonstrably effective by most | 2019", ("Element", "2011", "2019")),
        # the cells do not line up with the header
        ("Empathy | demonstrably effective", ("Element", "2011", "2019")),
        # the first cell names no graded item
        ("Mirroring | demonstrably effective | 2019", ("Element", "2011", "2019")),
    ],
)
def test_rows_not_read_by_column(text: str, columns: tuple[str, ...]) -> None:
    assert column_gradings(text, columns) is None


PLAIN = """Therapy Aligned™ Clinical Wiki
approach · Clinical psychology · Constructivist

Coherence Therapy

A therapy.

Evidence Base

The task force graded several elements the approach relies on 1.
{header}
Positive regard{sep}probably effective{sep}demonstrably effective 1
Repairing alliance ruptures{sep}promising{sep}probably effective 1
The approach itself has not been tested in trials LLM.

Sources

1. Norcross, J. C., & Lambert, M. J. (2019). Psychotherapy relationships that work. Oxford. T1
"""


@pytest.mark.parametrize("sep", ["\t", " | "])
def test_a_plain_text_table_with_edition_columns(sep: str) -> None:
    """A table in the wiki's plain text, its cells apart by tabs or ` | `: the first untagged
    line is its header; the rows keep their tags; the prose after it is prose again."""
    text = PLAIN.format(header=sep.join(["Element", "2011", "2019"]), sep=sep)
    article = read_article_text(text, "t.txt", "text")
    [section] = [s for s in article.sections if s.heading == "Evidence Base"]
    assert [s.tag.raw for s in section.sentences] == ["1", "1", "1", "LLM"]
    assert section.sentences[-1].text.startswith("The approach itself")
    assert {(g.item.slug, g.grade, g.edition) for g in extract(article).gradings} == {
        ("positive-regard", "probably-effective", 2011),
        ("positive-regard", "demonstrably-effective", 2019),
        ("repairing-alliance-ruptures", "promising", 2011),
        ("repairing-alliance-ruptures", "probably-effective", 2019),
    }
