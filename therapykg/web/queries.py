"""Named queries on the web: a list, and a page per query with a form, its text and its results.

Parameters are bound through `NamedQuery.bindings` (typed terms substituted by the store), never
pasted into the query text, so a value such as `"} ; DROP ALL ; {` is just a string.

An IRI parameter is chosen from the values the store holds (`CHOICES`, by the parameter's name:
a select for a few, a searchable list for many); a full IRI is accepted, and so is a slug
(`grade=demonstrably-effective`, `item=element/alliance`) or a label (`item=alliance`) that
names exactly one of them. Result tables show labels, linked, with prefixed names on hover.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request, url_for

from therapykg.graph.results import ResultFormat
from therapykg.ontology.vocab import TKG
from therapykg.queries.registry import NamedQuery, Parameter, QueryParameterError, named_queries
from therapykg.web.describe import node_labels
from therapykg.web.errors import WebError
from therapykg.web.executor import QueryJob
from therapykg.web.sparql import data_response, execute
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
_CHOICES = """SELECT ?x ?label WHERE {{
  VALUES ?class {{ {classes} }} ?x a ?class .
  OPTIONAL {{ ?x skos:prefLabel ?p }} OPTIONAL {{ ?x foaf:name ?n }}
  OPTIONAL {{ ?x dcterms:title ?t }}
  BIND(COALESCE(?p, ?n, ?t) AS ?label) FILTER(isIRI(?x))
}}"""
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
        text = _CHOICES.format(classes=" ".join(str(TKG[c]) for c in classes))
        result = get_state().store.query(text)
        assert isinstance(result, ox.QuerySolutions)
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
        "query.html",
        query=query,
        values=values,
        fields=[_field(p, values[p.name]) for p in query.parameters],
        result=view(outcome, _labeller),
        links=links,
    )


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
