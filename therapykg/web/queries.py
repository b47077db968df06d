"""Named queries on the web: a list, and a page per query with a form, its text and its results.

Parameters are bound through `NamedQuery.bindings` (typed terms substituted by the store), never
pasted into the query text, so a value such as `"} ; DROP ALL ; {` is just a string.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request, url_for

from therapykg.graph.results import ResultFormat
from therapykg.queries.registry import NamedQuery, QueryParameterError, named_queries
from therapykg.web.errors import WebError
from therapykg.web.executor import QueryJob
from therapykg.web.sparql import data_response, execute
from therapykg.web.state import get_state
from therapykg.web.tables import view

blueprint = Blueprint("queries", __name__)
DATA_FORMATS = {
    "json": ResultFormat.JSON,
    "csv": ResultFormat.CSV,
    "tsv": ResultFormat.TSV,
    "xml": ResultFormat.XML,
}


@blueprint.route("/queries")
def listing() -> str:
    return render_template("queries.html", queries=named_queries())


def _find(name: str) -> NamedQuery:
    query = named_queries().get(name)
    if query is None:
        abort(404, f"there is no named query {name!r}; see /queries")
    return query


def _given(query: NamedQuery) -> dict[str, str]:
    """The parameters the request gives, blank fields meaning 'use the default'."""
    known = {p.name for p in query.parameters}
    given = {k: v for k, v in request.args.items() if k in known}
    return {k: v for k, v in given.items() if v != "" or _default(query, k) == ""}


def _default(query: NamedQuery, name: str) -> str | None:
    return next((p.default for p in query.parameters if p.name == name), None)


def _job(query: NamedQuery, given: dict[str, str], fmt: ResultFormat) -> QueryJob:
    try:
        bindings = query.bindings(given)
    except QueryParameterError as exc:
        raise WebError(400, str(exc)) from None
    return QueryJob(
        text=query.text,
        solution_format=fmt,
        graph_format=ResultFormat.TURTLE,
        row_cap=get_state().limits.row_cap,
        bindings=bindings,
        trusted=True,
    )


@blueprint.route("/queries/<name>")
def page(name: str) -> Response | str:
    """The query's page; `/queries/NAME.csv` (json, tsv, xml) gives the same rows as data."""
    stem, _, suffix = name.rpartition(".")
    if stem and suffix in DATA_FORMATS:
        query = _find(stem)
        outcome = execute(_job(query, _given(query), DATA_FORMATS[suffix]))
        return data_response(outcome, filename=f"{query.name}.{suffix}")
    query = _find(name)
    given = _given(query)
    outcome = execute(_job(query, given, ResultFormat.JSON))
    links = {
        fmt: url_for("queries.page", name=f"{query.name}.{fmt}")
        + ("?" + urlencode(given) if given else "")
        for fmt in ("json", "csv", "tsv")
    }
    values = {p.name: given.get(p.name, p.default or "") for p in query.parameters}
    return render_template(
        "query.html", query=query, values=values, result=view(outcome), links=links
    )
