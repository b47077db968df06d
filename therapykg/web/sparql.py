"""The SPARQL 1.1 Protocol endpoint at /sparql, its service description and the VoID.

Order of checks: the request's form (400), its size (413), updates on a read-only endpoint
(403), the format asked for (400); then the executor parses the query where it runs it (a
worker, under the time limit) and refuses what cannot be parsed (400) and SERVICE, LOAD and
updates sent as queries (403) before anything executes; then it runs the query under the time
limit (503 when stopped), the memory limit (503) and the row cap (flagged by
`X-Therapykg-Truncated`). An update, where the endpoint is writable, is parsed here the same way.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, url_for

from therapykg.errors import QueryFailed, WebError
from therapykg.graph import derived
from therapykg.graph.results import ResultFormat
from therapykg.graph.sparqltext import Shape, shape
from therapykg.graph.void import void_description
from therapykg.queries.diagnose import explain, position
from therapykg.web import negotiate
from therapykg.web.executor import QueryJob, QueryOutcome
from therapykg.web.protocol import ProtocolRequest, read_request
from therapykg.web.resultio import write_triples
from therapykg.web.servicedesc import service_description
from therapykg.web.sparqlparse import vet
from therapykg.web.state import get_state
from therapykg.web.tables import view

blueprint = Blueprint("sparql", __name__)
TRUNCATED_HEADER = "X-Therapykg-Truncated"
TEXT_TYPES = ("text/", "application/sparql-results+json", "application/ld+json")


@blueprint.route("/sparql/", methods=["GET", "POST"])
@blueprint.route("/sparql", methods=["GET", "POST"])  # registered first: url_for picks it
def endpoint() -> Response:
    """Queries (and, when read-only is off, updates) by the SPARQL 1.1 Protocol."""
    state = get_state()
    parsed = read_request(request, state.limits.max_query_bytes)
    if parsed.operation is None:
        if request.method == "POST":
            raise WebError(400, "the POST holds neither query= nor update=")
        return describe_service(parsed.format)
    if parsed.operation == "update":
        return run_update(parsed)
    return run_query(parsed)


def guard_update(text: str) -> None:
    """Refuse every update on a read-only endpoint; elsewhere, parse it and refuse what reaches
    out (SERVICE, LOAD) and what cannot be parsed."""
    if get_state().limits.read_only:
        raise WebError(403, "this endpoint is read-only: SPARQL updates are refused")
    reading = vet(text, "update")  # Refused: 403, Unreadable: 400
    if reading.operation != "update":
        raise WebError(400, "this is a query, not an update: send it as query=")


def _formats(text_shape: Shape, override: str | None) -> tuple[negotiate.Choice, QueryJob]:
    form = text_shape.form or "SELECT"
    choices = {
        "ASK": negotiate.BOOLEAN_CHOICES,
        "CONSTRUCT": negotiate.GRAPH_CHOICES,
        "DESCRIBE": negotiate.GRAPH_CHOICES,
    }.get(form, negotiate.SOLUTION_CHOICES)
    picked = negotiate.choose(request.accept_mimetypes, choices, html=True, override=override)
    graph = choices is negotiate.GRAPH_CHOICES
    job = QueryJob(
        text="",
        solution_format=picked if picked is not None and not graph else ResultFormat.JSON,
        graph_format=picked if picked is not None and graph else ResultFormat.TURTLE,
        row_cap=get_state().limits.row_cap,
    )
    return picked, job


def run_query(parsed: ProtocolRequest) -> Response:
    picked, template = _formats(shape(parsed.text), parsed.format)
    job = QueryJob(
        text=parsed.text,
        solution_format=template.solution_format,
        graph_format=template.graph_format,
        row_cap=template.row_cap,
        default_graphs=parsed.default_graphs,
        named_graphs=parsed.named_graphs,
        base_iri=endpoint_url(),
    )
    outcome = execute(job)
    if picked is None:
        return results_page(parsed.text, outcome)
    return data_response(outcome)


def execute(job: QueryJob) -> QueryOutcome:
    """Run a job under the time limit; its errors carry their status (therapykg/errors.py), and
    a query the store refused is explained on the page."""
    state = get_state()
    try:
        return state.executor.run(job, timeout=state.limits.query_timeout)
    except QueryFailed as exc:
        raise WebError(400, str(exc), detail=_explained(job.text, str(exc))) from None


def _explained(text: str, message: str) -> str | None:
    """The line with a caret and a hint, for a syntax error that says where it is."""
    return explain(text, message) if position(message) is not None else None


def media_type(fmt: ResultFormat) -> str:
    media = fmt.media_type
    return f"{media}; charset=utf-8" if media.startswith(TEXT_TYPES) else media


def data_response(outcome: QueryOutcome, *, filename: str | None = None) -> Response:
    """The result bytes with their media type, Vary: Accept, and the truncation flag."""
    response = Response(outcome.body, 200, content_type=media_type(outcome.fmt))
    response.headers["Vary"] = "Accept"
    if outcome.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def results_page(text: str, outcome: QueryOutcome) -> Response:
    links = {
        name: url_for("sparql.endpoint") + "?" + urlencode({"query": text, "format": name})
        for name in ("json", "csv", "tsv")
    }
    body = render_template(
        "editor.html",
        query=text,
        result=view(outcome),
        links=links if outcome.kind == "solutions" else {},
        row_cap=get_state().limits.row_cap,
    )
    response = Response(body, 200, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    if outcome.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
    return response


def run_update(parsed: ProtocolRequest) -> Response:
    guard_update(parsed.text)
    if parsed.default_graphs is not None or parsed.named_graphs is not None:
        raise WebError(400, "using-graph-uri and using-named-graph-uri are not supported")
    state = get_state()
    try:
        state.store.update(parsed.text)
    except SyntaxError as exc:
        raise WebError(400, f"the update is not valid SPARQL: {exc}") from None
    derived.forget(state.store)  # it may have changed anything: the next load rebuilds them
    state.search.refresh(state.store)
    state.forget()
    return Response(status=204)


def endpoint_url() -> str:
    return url_for("sparql.endpoint", _external=True)


def describe_service(override: str | None) -> Response:
    """HTML (the editor) for a browser; the sd:Service description in RDF for anything else."""
    if override is None and negotiate.prefers_html(request.accept_mimetypes):
        return Response(
            render_template("editor.html", query=None, result=None),
            200,
            mimetype="text/html",
            headers={"Vary": "Accept"},
        )
    fmt = negotiate.choose(
        request.accept_mimetypes, negotiate.GRAPH_CHOICES, html=True, override=override
    )
    if fmt is None:
        return describe_service(None)
    triples = service_description(
        endpoint_url(),
        url_for("sparql.void", _external=True),
        read_only=get_state().limits.read_only,
    )
    return data_response(QueryOutcome("graph", write_triples(triples, fmt), fmt, len(triples)))


@blueprint.route("/.well-known/void")
@blueprint.route("/void")  # registered first: url_for picks /void
def void() -> Response:
    """The VoID/DCAT description of the dataset, computed once per app."""
    state = get_state()
    fmt = negotiate.choose(
        request.accept_mimetypes, negotiate.GRAPH_CHOICES, override=request.args.get("format")
    )
    assert fmt is not None
    url = endpoint_url()
    quads = state.cached("void", lambda: void_description(state.store, url))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return data_response(QueryOutcome("graph", write_triples(triples, fmt), fmt, len(triples)))
