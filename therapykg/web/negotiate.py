"""Content negotiation: which media type to answer with, from Accept (with q-values) or `format=`.

The media types are declared once here for the endpoint, the entity pages and the exports.
`format=` names a format outright (a short name or a media type) and wins over Accept, so a link
can ask for CSV whatever the browser sends.
"""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept

from therapykg.errors import NotAcceptable as NotAcceptable  # where callers found it
from therapykg.graph.results import ResultFormat

HTML = "text/html"
MEDIA_TYPES: dict[ResultFormat, str] = {
    ResultFormat.JSON: "application/sparql-results+json",
    ResultFormat.XML: "application/sparql-results+xml",
    ResultFormat.CSV: "text/csv",
    ResultFormat.TSV: "text/tab-separated-values",
    ResultFormat.TURTLE: "text/turtle",
    ResultFormat.NT: "application/n-triples",
    ResultFormat.RDFXML: "application/rdf+xml",
    ResultFormat.JSONLD: "application/ld+json",
    ResultFormat.NQ: "application/n-quads",
    ResultFormat.TRIG: "application/trig",
}
# Other names clients use for the same formats.
ALIASES: dict[str, ResultFormat] = {
    "application/json": ResultFormat.JSON,
    "application/xml": ResultFormat.XML,
    "text/xml": ResultFormat.XML,
    "text/plain": ResultFormat.NT,
    "application/x-turtle": ResultFormat.TURTLE,
    "srj": ResultFormat.JSON,
    "srx": ResultFormat.XML,
    "ttl": ResultFormat.TURTLE,
    "ntriples": ResultFormat.NT,
    "n-triples": ResultFormat.NT,
    "rdf": ResultFormat.RDFXML,
    "rdf+xml": ResultFormat.RDFXML,
    "nquads": ResultFormat.NQ,
    "json-ld": ResultFormat.JSONLD,
    "application/x-json+ld": ResultFormat.JSONLD,
    # N3 is a superset of Turtle, so a Turtle answer is a valid N3 answer (SPARQLWrapper's N3).
    "n3": ResultFormat.TURTLE,
    "text/n3": ResultFormat.TURTLE,
    "text/rdf+n3": ResultFormat.TURTLE,
}
SOLUTION_CHOICES = (
    ResultFormat.JSON,
    ResultFormat.XML,
    ResultFormat.CSV,
    ResultFormat.TSV,
)
# ASK in CSV or TSV is the bare word, as Oxigraph writes it; clients ask for it by Accept too.
BOOLEAN_CHOICES = (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV)
GRAPH_CHOICES = (
    ResultFormat.TURTLE,
    ResultFormat.NT,
    ResultFormat.RDFXML,
    ResultFormat.JSONLD,
    ResultFormat.NQ,
    ResultFormat.TRIG,
)
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
    for fmt, media in MEDIA_TYPES.items():
        if key in (fmt.value, media):
            return fmt
    if key in ALIASES:
        return ALIASES[key]
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
    return ["html", *(f.value for f in MEDIA_TYPES)]


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
    offered = [MEDIA_TYPES[c] for c in choices]
    if html:
        offered.append(HTML)
    best = accept.best_match(offered) if accept else None
    if best is None:
        return choices[0]
    return None if best == HTML else _by_media(best, choices)


def _by_media(media: str, choices: tuple[ResultFormat, ...]) -> ResultFormat:
    for choice in choices:
        if MEDIA_TYPES[choice] == media:
            return choice
    return choices[0]


def prefers_html(accept: MIMEAccept) -> bool:
    """A browser: it names HTML outright, at least as high as any data format it names."""
    named = {value.lower(): quality for value, quality in accept}
    html_quality = max(named.get(HTML, 0), named.get("application/xhtml+xml", 0))
    data = set(MEDIA_TYPES.values()) | {k for k in ALIASES if "/" in k}
    data_quality = max((q for v, q in named.items() if v in data), default=0)
    return html_quality > 0 and html_quality >= data_quality
