"""Evidence counts drawn: stacked bar charts as SVG text, and the same counts as CSV.

The counts come from `therapykg.graph.pictures`; every string put into SVG is escaped, so a
chart is safe to embed in a page as it is, and the same text is its download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

from therapykg.graph.pictures import BUCKETS, Counts
from therapykg.ontology.vocab import GRADES
from therapykg.web.palette import BUCKET_COLOURS, GRADE_COLOURS, GRADE_LABELS, OKABE_ITO


def shorten(text: str, limit: int = 40) -> str:
    """`text`, cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def counts_csv(
    rows: Sequence[Counts], series: Sequence[str], *, grouped: bool, head: str = "framework"
) -> str:
    """The counts as CSV text, one row per bar, one column per series and a total; ungrouped
    rows are named by their key under the column `head` (framework, heading), then `label`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = ["article", "article_title", "section", "section_heading"] if grouped else []
    columns = columns or [head, "label"]
    writer.writerow([*columns, *series, "total"])
    for row in rows:
        ids = [row.group, row.group_label, row.key, row.label] if grouped else [row.key, row.label]
        writer.writerow([*ids, *(row.values.get(s, 0) for s in series), row.total])
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Series:
    key: str
    label: str
    colour: str


SECTION_SERIES = tuple(Series(b, b, BUCKET_COLOURS[b]) for b in BUCKETS)
HEADING_SERIES = (
    Series("sourced", "sourced", OKABE_ITO["blue"]),
    Series("LLM", "LLM", BUCKET_COLOURS["LLM"]),
    Series("untagged", "untagged", BUCKET_COLOURS["untagged"]),
)
GRADE_SERIES = tuple(Series(g, GRADE_LABELS[g], GRADE_COLOURS[g]) for g in GRADES)

_ROW, _LABEL_WIDTH, _BAR_WIDTH, _TOP = 22, 300, 520, 56


def stacked_bars_svg(
    rows: Sequence[Counts], series: Sequence[Series], *, title: str, chart_id: str
) -> str:
    """A horizontal stacked bar chart; rows with a `group` get a heading line per group.

    Every segment carries a `<title>` (a tooltip, and text for screen readers); the SVG is
    standalone, so the same text is the download.
    """
    lines: list[str] = []
    scale = _BAR_WIDTH / max((r.total for r in rows), default=1) if rows else 1.0
    y = _TOP
    group = None
    for row in rows:
        if row.group and row.group != group:
            group = row.group
            y += 8
            lines.append(_text(8, y + 15, shorten(row.group_label, 90), bold=True))
            y += _ROW
        lines.extend(_bar(row, series, y, scale))
        y += _ROW
    width = _LABEL_WIDTH + _BAR_WIDTH + 60
    head = _legend(series, title, chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y + 10}" '
        f'viewBox="0 0 {width} {y + 10}" role="img" aria-labelledby="{chart_id}-title" '
        f'font-family="sans-serif" font-size="12">\n' + "\n".join([*head, *lines]) + "\n</svg>\n"
    )


def escape(text: str) -> str:
    """Text for XML content, quotes included, so no reader can take it for markup."""
    return _escape(text, {'"': "&quot;", "'": "&#39;"})


def _text(x: float, y: float, content: str, *, bold: bool = False, anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{weight}>{escape(content)}</text>'


def _legend(series: Sequence[Series], title: str, chart_id: str) -> list[str]:
    parts = [f'<title id="{chart_id}-title">{escape(title)}</title>']
    parts.append(_text(8, 18, title, bold=True))
    x = 8.0
    for item in series:
        parts.append(
            f'<rect x="{x:g}" y="30" width="12" height="12" fill="{item.colour}" stroke="#333"/>'
        )
        parts.append(_text(x + 16, 40, item.label))
        x += 24 + 7 * len(item.label)
    return parts


def _bar(row: Counts, series: Sequence[Series], y: float, scale: float) -> Iterator[str]:
    yield _text(_LABEL_WIDTH - 8, y + 15, shorten(row.label, 40), anchor="end")
    x = float(_LABEL_WIDTH)
    for item in series:
        count = row.values.get(item.key, 0)
        if not count:
            continue
        width = count * scale
        tip = escape(f"{row.label}: {count} {item.label}")
        yield (
            f'<rect x="{x:.1f}" y="{y + 3:g}" width="{width:.1f}" height="{_ROW - 6}" '
            f'fill="{item.colour}" stroke="#333" stroke-width="0.5" '
            f"data-series={quoteattr(item.key)}><title>{tip}</title></rect>"
        )
        x += width
    yield _text(x + 6, y + 15, str(row.total))
