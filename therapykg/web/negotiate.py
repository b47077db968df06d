"""Content negotiation: which media type to answer with, from Accept (with q-values) or `format=`.

The media types and names of the formats are `ResultFormat`'s (graph/results.py); what each kind
of result may be written as, and which wins, is decided here.
`format=` names a format outright (a short name or a media type) and wins over Accept, so a link
can ask for CSV whatever the browser sends.
"""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept

from therapykg.errors import NotAcceptable as NotAcceptable  # where callers found it
from therapykg.graph.results import GRAPH_FORMATS, SOLUTION_FORMATS, ResultFormat

HTML = "text/html"
SOLUTION_CHOICES = SOLUTION_FORMATS
# ASK in CSV or TSV is the bare word, as Oxigraph writes it; clients ask for it by Accept too.
BOOLEAN_CHOICES = SOLUTION_FORMATS
GRAPH_CHOICES = GRAPH_FORMATS
Choice = ResultFormat | None  # None: HTML
# Clients such as SPARQLWrapper send format=xml or format=json whatever the query's form.
SAME_NAME_FOR_GRAPHS = {
    ResultFormat.XML: ResultFormat.RDFXML,
    ResultFormat.JSON: ResultFormat.JSONLD,
}


def named_format(name: str) -> Choice:
    """The format `format=` names (`csv`, `text/csv`, `html`...), or NotAcceptable."""
    key = name.strip().lower().split(";", 1)[0].strip()
    if key in ("html", HTML):
        return None
    found = ResultFormat.from_name(key)
    if found is not None:
        return found
    raise NotAcceptable(f"unknown format {name!r}; use one of {', '.join(sorted(short_names()))}")


def one_format(values: list[str]) -> str | None:
    """The one format several `format=` values name, or None when there are none.

    SPARQLWrapper sends a short name beside a media type (`format=tsv` and
    `format=text/tab-separated-values`), or a comma-separated list of media types; all must name
    the same format, and each a known one.
    """
    names = [part for value in values for part in value.split(",") if part.strip()]
    if not names:
        return None
    named = {named_format(name) for name in names}
    if len(named) > 1:
        raise NotAcceptable(f"format= names different formats: {', '.join(map(repr, names))}")
    return names[0]


def short_names() -> list[str]:
    return ["html", *(f.value for f in ResultFormat if f is not ResultFormat.TABLE)]


def choose(
    accept: MIMEAccept,
    choices: tuple[ResultFormat, ...],
    *,
    html: bool = False,
    override: str | None = None,
) -> Choice:
    """The best of `choices` (and HTML when `html`) for this Accept header or `format=` value.

    Nothing acceptable falls back to the first choice: an answer in a standard format helps a
    client more than a 406.
    """
    if override:
        picked = named_format(override)
        if picked is None and not html:
            raise NotAcceptable("this answer has no HTML form; ask for a data format")
        if picked is not None and picked not in choices:
            picked = SAME_NAME_FOR_GRAPHS.get(picked, picked)  # format=xml for a CONSTRUCT
        if picked is not None and picked not in choices:
            names = ", ".join(c.value for c in choices)
            raise NotAcceptable(f"this kind of result cannot be written as {picked}; use {names}")
        return picked
    offered = [c.media_type for c in choices]
    if html:
        offered.append(HTML)
    best = accept.best_match(offered) if accept else None
    if best is None:
        return choices[0]
    return None if best == HTML else _by_media(best, choices)


def _by_media(media: str, choices: tuple[ResultFormat, ...]) -> ResultFormat:
    for choice in choices:
        if choice.media_type == media:
            return choice
    return choices[0]


def prefers_html(accept: MIMEAccept) -> bool:
    """A browser: it names HTML outright, at least as high as any data format it names."""
    named = {value.lower(): quality for value, quality in accept}
    html_quality = max(named.get(HTML, 0), named.get("application/xhtml+xml", 0))
    data = ResultFormat.media_types()
    data_quality = max((q for v, q in named.items() if v in data), default=0)
    return html_quality > 0 and html_quality >= data_quality
