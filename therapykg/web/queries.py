"""Named queries on the web: a list, and a page per query with a form, its text and its results.

Parameters are bound through `NamedQuery.bindings` (typed terms substituted by the store), never
pasted into the query text, so a value such as `"} ; DROP ALL ; {` is just a string.

An IRI parameter is chosen from the values the store holds (`CHOICES`, by the parameter's name:
a select for a few, a searchable list for many); a full IRI is accepted, and so is a slug
(`grade=demonstrably-effective`, `item=element/alliance`) or a label (`item=alliance`) that
names exactly one of them. Result tables show labels, linked, with prefixed names on hover.

Paging (`# page:` in a query's header): the page shows `limit` rows from `offset` (by default the
query's page size from the first row), with previous/next links that keep every other argument,
and the total when the header says it is cheap. `/queries/NAME.json` (csv, tsv, xml) with `limit`
or `offset` gives that page, its neighbours in a `Link` header and the total in
`X-Therapykg-Total`; without them it gives every row, and CSV and TSV stream: the rows are fetched
a chunk at a time (each chunk a query of its own under the time limit), so no row cap cuts them.
A page has one more row asked for than it shows: that row, when it comes, is the next link.

A query paged by article (`# by article:`, where the store's summary gives ordinals) is read by
cursor (keyset paging, `therapykg.graph.byarticle`): its next link carries `after=TOKEN`, where
the page ended (the next article, and how many of its rows were served), so following next links
costs a first page each, however deep. Its previous link is by offset (rows before it are read
again, as any offset page; the cursor carries its row number for that). A cursor that is not
one these pages wrote answers 400. The page is read with its article ordinals (JSON), and
written in the format asked without them. The full CSV/TSV download of such a query follows
the cursor from chunk to chunk, so each chunk costs the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from logging import Logger
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for

from therapykg.errors import CursorError, ExecutorError
from therapykg.graph.byarticle import AFTER_NAME, ORDINAL, Cursor, article_count, following
from therapykg.graph.results import SOLUTION_FORMATS, ResultFormat
from therapykg.graph.store import Term
from therapykg.graph.substitute import with_values
from therapykg.ontology.vocab import TKG
from therapykg.queries.registry import (
    LIMIT_NAME,
    OFFSET_NAME,
    NamedQuery,
    Parameter,
    QueryParameterError,
    Window,
    keeps,
    named_queries,
)
from therapykg.web.describe import node_labels
from therapykg.web.errors import WebError
from therapykg.web.executor import QueryExecutor, QueryJob, QueryOutcome
from therapykg.web.resultio import write_solutions
from therapykg.web.sparql import data_response, execute, media_type
from therapykg.web.state import get_state
from therapykg.web.tables import view

blueprint = Blueprint("queries", __name__)
# The classes an IRI parameter's values are members of, by the parameter's name.
CHOICES: dict[str, tuple[str, ...]] = {
    "grade": ("EvidenceGrade",),
    "tier": ("SourceTier",),
    "framework": ("Framework", "PsychotherapyApproach", "Theory"),
    "subject": ("Framework", "PsychotherapyApproach", "Theory", "Person"),
    "person": ("Person",),
    "item": ("RelationshipElement", "ResponsivenessAdaptation"),
    "element": ("RelationshipElement",),
    "adaptation": ("ResponsivenessAdaptation",),
    "article": ("Article",),
}
SELECT_AT_MOST = 12  # more choices than this: a searchable list instead of a select
_CHOICES = """SELECT ?x ?label WHERE {
  VALUES ?class {} ?x a ?class .
  OPTIONAL { ?x skos:prefLabel ?p } OPTIONAL { ?x foaf:name ?n }
  OPTIONAL { ?x dcterms:title ?t }
  BIND(COALESCE(?p, ?n, ?t) AS ?label) FILTER(isIRI(?x))
}"""
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Choice:
    iri: str
    label: str


def choices(name: str) -> list[Choice]:
    """The values the store holds for a parameter called `name`, by label (cached per app)."""
    classes = CHOICES.get(name)
    if classes is None:
        return []

    def make() -> list[Choice]:
        text = with_values(_CHOICES, "class", (TKG[c] for c in classes))
        result = get_state().store.select(text)
        found: dict[str, str] = {}
        for row in result:
            iri, label = row["x"].value, row["label"]
            if label is not None and found.get(iri) is None:
                found[iri] = label.value
            found.setdefault(iri, iri)
        ordered = sorted(found.items(), key=lambda item: (item[1].casefold(), item[0]))
        return [Choice(iri, label) for iri, label in ordered]

    return get_state().cached(f"choices:{name}", make)


def resolve(value: str, options: Iterable[Choice]) -> str:
    """A full IRI as it is; otherwise the one choice whose IRI ends in `/value` (a slug such as
    `demonstrably-effective` or `element/alliance`) or whose label is `value`; else `value`,
    which the parameter then refuses as not an IRI."""
    if _IRI.match(value):
        return value
    wanted = value.strip().casefold()
    listed = list(options)
    for matches in (
        [c for c in listed if c.iri.casefold().endswith("/" + wanted)],
        [c for c in listed if c.label.casefold() == wanted],
    ):
        if len(matches) == 1:
            return matches[0].iri
    return value


def _labeller(iris: Iterable[str]) -> dict[str, str]:
    return node_labels(get_state().store, (ox.NamedNode(iri) for iri in iris))


STREAMED = (ResultFormat.CSV, ResultFormat.TSV)  # every row, a chunk at a time
TOTAL_HEADER = "X-Therapykg-Total"


@blueprint.route("/queries")
def listing() -> str:
    return render_template("queries.html", queries=named_queries())


def _find(name: str) -> NamedQuery:
    query = named_queries().get(name)
    if query is None:
        raise WebError(404, f"there is no named query {name!r}; see /queries")
    return query


def _given(query: NamedQuery) -> dict[str, str]:
    """The parameters the request gives, blank fields meaning 'use the default', slugs and
    labels of IRI parameters read as the IRIs they name."""
    known = {p.name: p for p in query.parameters}
    given = {k: v for k, v in request.args.items() if k in known}
    return {
        k: resolve(v, choices(k)) if known[k].type == "iri" and v else v
        for k, v in given.items()
        if v != "" or _default(query, k) == ""
    }


def _default(query: NamedQuery, name: str) -> str | None:
    return next((p.default for p in query.parameters if p.name == name), None)


def _job(
    query: NamedQuery,
    given: dict[str, str],
    fmt: ResultFormat,
    window: Window | None = None,
) -> QueryJob:
    """The query as a job; with a window, one row past it is asked for (the row cap drops it
    and flags the outcome truncated: there is a next page). A query paged by article reads its
    window article by article where the store gives ordinals (`_articles`)."""
    try:
        bindings = query.bindings(given)
    except QueryParameterError as exc:
        raise WebError(400, str(exc)) from None
    text, cap = query.text, get_state().limits.row_cap
    if window is not None:
        peek = replace(window, limit=window.limit + 1)
        text = query.windowed(peek, kept=_kept(query, bindings), articles=_articles(query))
        cap = window.limit
    return QueryJob(
        text=text,
        solution_format=fmt,
        graph_format=ResultFormat.TURTLE,
        row_cap=cap,
        bindings=bindings,
        trusted=True,
    )


def _kept(query: NamedQuery, bindings: Mapping[str, Term]) -> bool:
    """Whether the store keeps the query's rows (`# kept: summary`) for these values (its
    defaults), asked once per process while the store does not change."""
    if not query.kept_at(bindings):
        return False
    state = get_state()
    return state.cached(f"kept-rows-{query.name}", lambda: keeps(state.store, query))


def _articles(query: NamedQuery) -> int | None:
    """How many articles the store's summary gives ordinals to, for a query paged by article
    (`# by article:`), asked once per process while the store does not change; None: the
    query's text answers."""
    if not query.by_article:
        return None
    state = get_state()
    return state.cached("article-ordinals", lambda: article_count(state.store))


def _window(query: NamedQuery, *, data: bool) -> Window | None:
    """The rows asked for: `limit`/`offset` from the request; a page by default on a paged
    query's HTML page, every row in a download. 400 naming the argument that does not fit."""
    limit, offset = request.args.get(LIMIT_NAME), request.args.get(OFFSET_NAME)
    cap = get_state().limits.row_cap
    asked = limit is not None or offset is not None or AFTER_NAME in request.args
    if not asked and (data or query.page is None):
        return None
    try:
        window = Window.read(limit, offset, page=query.page or cap)
    except QueryParameterError as exc:
        raise WebError(400, str(exc)) from None
    if window.limit > cap:
        raise WebError(
            400, f"{LIMIT_NAME}: {window.limit} is more than the {cap} rows a page holds"
        )
    return window


@dataclass(frozen=True, slots=True)
class Paging:
    """What a page says about where it is: rows `first`–`last` (from 1), of `total` when
    counted, and links to the pages beside it (None at the ends)."""

    first: int
    last: int
    total: int | None
    previous: str | None
    next: str | None


def _paging(
    query: NamedQuery, given: dict[str, str], window: Window, outcome: QueryOutcome, name: str
) -> Paging:
    total = _total(query, given) if query.total else None
    return Paging(
        first=window.offset + 1,
        last=window.offset + outcome.rows,
        total=total,
        previous=(
            _url(name, window.previous_offset) if window.previous_offset is not None else None
        ),
        next=_url(name, window.next_offset) if outcome.truncated and window.limit else None,
    )


def _url(name: str, offset: int) -> str:
    """This page's URL at another offset, every other argument kept as it was given."""
    return _moved(name, OFFSET_NAME, str(offset))


def _moved(name: str, key: str, value: str) -> str:
    """This page's URL with `offset` or `after` set to `value` (and the other dropped), every
    other argument kept as it was given."""
    args = request.args.to_dict(flat=False)
    args.pop(AFTER_NAME, None)
    args.pop(OFFSET_NAME, None)
    args[key] = [value]
    return url_for("queries.page", name=name) + "?" + urlencode(args, doseq=True)


def _cursor(window: Window) -> Cursor:
    """Where a page read by cursor starts: `after`, else the window's offset. 400 for a
    cursor these pages did not write, or one given with an offset."""
    after = request.args.get(AFTER_NAME)
    if after is None:
        return Cursor.at_offset(window.offset)
    if request.args.get(OFFSET_NAME) is not None:
        raise WebError(400, f"{AFTER_NAME}: give a cursor or an {OFFSET_NAME}, not both")
    try:
        return Cursor.read(after)
    except CursorError as exc:
        raise WebError(400, str(exc)) from None


def _keyset_paging(
    query: NamedQuery, given: dict[str, str], page: KeysetPage, limit: int, name: str
) -> Paging:
    """A page read by cursor: its rows from the cursor's row number, the next page by the
    cursor where it ended, the previous one by offset."""
    start = page.cursor.row
    return Paging(
        first=start + 1,
        last=start + page.outcome.rows,
        total=_total(query, given) if query.total else None,
        previous=_url(name, max(start - limit, 0)) if start > 0 else None,
        next=_moved(name, AFTER_NAME, page.next.token()) if page.next is not None else None,
    )


@dataclass(frozen=True, slots=True)
class KeysetPage:
    """A page read by cursor: its rows (without their ordinals), where it started, and the
    cursor of the page after it (None: the last page)."""

    outcome: QueryOutcome
    cursor: Cursor
    next: Cursor | None


def _keyset_job(
    job: QueryJob, query: NamedQuery, cursor: Cursor, limit: int, articles: int
) -> QueryJob:
    """`job` (the query with its values bound) as the page from `cursor`: one row past it
    asked for, read as JSON with the ordinals."""
    return replace(
        job,
        text=query.cursor_page(cursor, limit + 1, articles),
        solution_format=ResultFormat.JSON,
        row_cap=limit + 1,
    )


def _served(
    query: NamedQuery, outcome: QueryOutcome, cursor: Cursor, limit: int, fmt: ResultFormat
) -> KeysetPage:
    """The rows of a page read by cursor, written in `fmt` without their ordinals, and the
    cursor of the next page (from the row past it)."""
    result = ox.parse_query_results(outcome.body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(result, ox.QuerySolutions)
    found = list(result)
    ordinals = [int(row[ORDINAL].value) for row in found]
    shown = found[:limit]
    body = write_solutions(list(query.columns), shown, fmt)
    page = QueryOutcome("solutions", body, fmt, rows=len(shown))
    return KeysetPage(page, cursor, following(cursor, ordinals, limit))


def _keyset(
    query: NamedQuery, given: dict[str, str], fmt: ResultFormat, window: Window, articles: int
) -> KeysetPage:
    """The page a request asks for of a query paged by article, read by cursor."""
    cursor = _cursor(window)
    job = _keyset_job(_job(query, given, fmt), query, cursor, window.limit, articles)
    return _served(query, execute(job), cursor, window.limit, fmt)


def _total(query: NamedQuery, given: dict[str, str]) -> int:
    """How many rows the whole query answers, by its COUNT (no row when nothing matches)."""
    job = _job(query, given, ResultFormat.JSON)
    job = replace(job, text=query.counting(kept=_kept(query, job.bindings)))
    bindings = json.loads(execute(job).body)["results"]["bindings"]
    return int(bindings[0]["total"]["value"]) if bindings else 0


@blueprint.route("/queries/<name>")
def page(name: str) -> Response | str:
    """The query's page; `/queries/NAME.csv` (json, tsv, xml) gives the same rows as data."""
    stem, _, suffix = name.rpartition(".")
    fmt = ResultFormat.from_extension(suffix) if stem else None
    if fmt in SOLUTION_FORMATS:  # /queries/NAME.csv: the rows as a file
        return _data(_find(stem), name, fmt)
    query = _find(name)
    given = _given(query)
    window = _window(query, data=False)
    outcome, paging = _html_rows(query, given, window, name)
    kept = {k: v for k, v in request.args.items() if k in (LIMIT_NAME, OFFSET_NAME, AFTER_NAME)}
    links = {
        fmt: url_for("queries.page", name=f"{query.name}.{fmt}")
        + ("?" + urlencode({**given, **kept}) if given or kept else "")
        for fmt in ("json", "csv", "tsv")
    }
    everything = url_for("queries.page", name=f"{query.name}.csv") + (
        "?" + urlencode(given) if given else ""
    )
    values = {p.name: given.get(p.name, p.default or "") for p in query.parameters}
    return render_template(
        "query.html",
        query=query,
        values=values,
        fields=[_field(p, values[p.name]) for p in query.parameters],
        result=view(outcome, _labeller),
        links=links,
        paging=paging,
        everything=everything,
    )


def _html_rows(
    query: NamedQuery, given: dict[str, str], window: Window | None, name: str
) -> tuple[QueryOutcome, Paging | None]:
    """The rows an HTML page shows (JSON), and where they are when the page is a window."""
    articles = _articles(query)
    if window is not None and articles:
        keyset = _keyset(query, given, ResultFormat.JSON, window, articles)
        return keyset.outcome, _keyset_paging(query, given, keyset, window.limit, name)
    outcome = execute(_job(query, given, ResultFormat.JSON, window))
    if window is None:
        return outcome, None
    paging = _paging(query, given, window, outcome, name)
    return replace(outcome, truncated=False), paging  # the row past the page: a next link


def _data(query: NamedQuery, name: str, fmt: ResultFormat) -> Response:
    """A page of rows when `limit`, `offset` or `after` is given; else every row (CSV and TSV
    streamed)."""
    given = _given(query)
    window = _window(query, data=True)
    if window is None and fmt in STREAMED:
        return _streamed(query, given, fmt)
    articles = _articles(query)
    if window is not None and articles:
        keyset = _keyset(query, given, fmt, window, articles)
        outcome = keyset.outcome
        paging = _keyset_paging(query, given, keyset, window.limit, name)
    else:
        outcome = execute(_job(query, given, fmt, window))
        if window is None:
            return data_response(outcome, filename=f"{query.name}.{fmt.value}")
        paging = _paging(query, given, window, outcome, name)
    response = data_response(replace(outcome, truncated=False), filename=name)
    links = [
        f'<{url}>; rel="{rel}"'
        for rel, url in (("prev", paging.previous), ("next", paging.next))
        if url
    ]
    if links:
        response.headers["Link"] = ", ".join(links)
    if paging.total is not None:
        response.headers[TOTAL_HEADER] = str(paging.total)
    return response


def _streamed(query: NamedQuery, given: dict[str, str], fmt: ResultFormat) -> Response:
    """Every row, written as it is fetched: the first chunk here (so a bad parameter or a
    failing query still answers with its status), the rest from the response's generator."""
    state = get_state()
    chunk = state.limits.row_cap
    articles = _articles(query)
    if articles:
        body = _keyset_body(query, _job(query, given, fmt), fmt, chunk, articles)
    else:
        first_job = _job(query, given, fmt, Window(chunk, 0))
        first = execute(first_job)
        # built from the first job (the generator runs after the view, outside the app context)
        kept = _kept(query, first_job.bindings)
        jobs = (
            replace(first_job, text=query.windowed(Window(chunk + 1, offset), kept=kept))
            for offset in _offsets(chunk)
        )
        body = _chunks(first, jobs, state.executor, state.limits.query_timeout, current_app.logger)
    response = Response(body, 200, content_type=media_type(fmt))
    response.headers["Vary"] = "Accept"
    response.headers["Content-Disposition"] = f'inline; filename="{query.name}.{fmt.value}"'
    return response


def _keyset_body(
    query: NamedQuery, job: QueryJob, fmt: ResultFormat, chunk: int, articles: int
) -> Iterator[bytes]:
    """Every row of a query paged by article, a chunk at a time by cursor: the first chunk read
    here (a failing query still answers with its status), the rest as the response is sent."""
    state = get_state()
    executor, timeout = state.executor, state.limits.query_timeout

    def read(cursor: Cursor) -> KeysetPage:
        outcome = executor.run(_keyset_job(job, query, cursor, chunk, articles), timeout=timeout)
        return _served(query, outcome, cursor, chunk, fmt)

    first = read(Cursor(0))
    return _cursor_chunks(first, read, current_app.logger)


def _cursor_chunks(
    first: KeysetPage, read: Callable[[Cursor], KeysetPage], logger: Logger
) -> Iterator[bytes]:
    """The first chunk whole, then each next one (from the cursor where the one before ended)
    without its header line, until a chunk has no next cursor."""
    yield first.outcome.body
    after = first.next
    while after is not None:
        try:
            page = read(after)
        except ExecutorError as exc:  # the status is sent: the download ends short
            logger.warning("streamed download stopped: %s", exc)
            return
        body = page.outcome.body
        yield body.split(b"\n", 1)[1] if b"\n" in body else b""
        after = page.next


def _offsets(chunk: int) -> Iterator[int]:
    offset = chunk
    while True:
        yield offset
        offset += chunk


def _chunks(
    first: QueryOutcome,
    jobs: Iterator[QueryJob],
    executor: QueryExecutor,
    timeout: float,
    logger: Logger,
) -> Iterator[bytes]:
    """The first chunk whole, then each next one without its header line, until a chunk comes
    back without the row past it. Runs after the view returned: handed what it needs."""
    yield first.body
    more = first.truncated
    while more:
        job = next(jobs)
        try:
            outcome = executor.run(job, timeout=timeout)
        except ExecutorError as exc:  # the status is sent: the download ends short
            logger.warning("streamed download stopped: %s", exc)
            return
        yield outcome.body.split(b"\n", 1)[1] if b"\n" in outcome.body else b""
        more = outcome.truncated


@dataclass(frozen=True, slots=True)
class Field:
    """A parameter as its form shows it: a select, a searchable list, or a text box."""

    parameter: Parameter
    value: str  # what the box shows: the chosen value's label where there is one
    widget: str  # "select", "list" or "text"
    options: list[Choice]


def _field(parameter: Parameter, value: str) -> Field:
    options = choices(parameter.name) if parameter.type == "iri" else []
    if not options:
        return Field(parameter, value, "text", [])
    if len(options) <= SELECT_AT_MOST:
        return Field(parameter, value, "select", options)
    label = next((c.label for c in options if c.iri == value), None)
    unique = label is not None and sum(c.label == label for c in options) == 1
    return Field(parameter, label if label is not None and unique else value, "list", options)
