"""The home page, the editor, and the vocabulary the editor completes from.

The home page is for a first-time visitor: what the graph holds, its frameworks, a search box and
the ways in. Counts are computed once per app (the store does not change while it serves); the
sentence counts are read from the summary graph that every load rebuilds (a walk over every
statement took 15 s at 10,000 articles), and at most `HOME_FRAMEWORKS` frameworks are listed, with
a link to the named query that lists them all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, render_template, url_for

from therapykg.graph.substitute import substitute, with_rows, with_values
from therapykg.graph.summary import summary_graph
from therapykg.ontology.vocab import PREFIXES, TKG
from therapykg.queries.registry import NamedQuery, named_queries
from therapykg.web.describe import link_for, local_name
from therapykg.web.state import get_state
from therapykg.web.vocabulary import completions, label

blueprint = Blueprint("pages", __name__)

KINDS = (
    "Framework",
    "PsychotherapyApproach",
    "Theory",
    "Article",
    "Statement",
    "Reference",
    "Work",
    "Person",
    "RelationshipElement",
    "ResponsivenessAdaptation",
    "Grading",
    "LineageLink",
    "SmartObjective",
    "KeyTerm",
    "ClinicalProblem",
    "Condition",
)
_COUNTS = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class {} ?s a ?class } GROUP BY ?class"""
# Per article: an LLM-tagged statement never cites a reference, so the untagged ones are the rest.
_TAGS = """SELECT (SUM(?all) AS ?statements) (SUM(?llm) AS ?llmTagged) (SUM(?cited) AS ?sourced)
WHERE { GRAPH ?summary {
  ?article tkg:statementCount ?all ; tkg:llmTaggedStatementCount ?llm ;
           tkg:sourcedStatementCount ?cited .
  FILTER NOT EXISTS { ?article a tkg:HeadingSummary }
} }"""
# Each typed node under each of its types, as the counts count them (an approach that is also a
# theory is listed under both), with how many gradings it has (its wheel is empty without).
_APPROACHES = """SELECT ?f ?class ?label (COUNT(DISTINCT ?g) AS ?graded) WHERE {
  VALUES ?class { tkg:Framework tkg:PsychotherapyApproach tkg:Theory }
  ?f a ?class ; skos:prefLabel ?label .
  OPTIONAL { ?f tkg:hasGrading ?g }
} GROUP BY ?f ?class ?label ORDER BY LCASE(?label)"""
LISTED = ("Framework", "PsychotherapyApproach", "Theory")  # the home page's lists, in order
HOME_FRAMEWORKS = 100  # frameworks listed on the home page (config HOME_FRAMEWORKS)


@dataclass(frozen=True, slots=True)
class Count:
    kind: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Framework:
    label: str
    href: str | None
    slug: str
    graded: int = 0  # its gradings: the wheel is drawn only when there are some


@dataclass(frozen=True, slots=True)
class Listing:
    """The nodes of one class (`kind`, as the ontology labels it), for the home page."""

    kind: str
    label: str
    members: list[Framework]


def counts() -> list[Count]:
    query = with_values(_COUNTS, "class", (TKG[k] for k in KINDS))
    found = {row["class"].value: int(row["n"].value) for row in get_state().store.select(query)}
    out = [Count(k, label(TKG[k].value) or k, found.get(TKG[k].value, 0)) for k in KINDS]
    return [c for c in out if c.count]


def statement_tags() -> dict[str, int]:
    """Sentences by provenance: LLM-tagged, sourced, untagged (never merged: they mean different
    things)."""
    query = substitute(_TAGS, {"summary": summary_graph()})
    row = next(iter(get_state().store.select(query)), None)
    total, llm, sourced = (
        int(term.value) if row is not None and (term := row[name]) is not None else 0
        for name in ("statements", "llmTagged", "sourced")
    )
    return {"llm": llm, "sourced": sourced, "untagged": total - llm - sourced}


def listings() -> list[Listing]:
    """Frameworks, other psychotherapy approaches and theories, each under its own class: only
    `tkg:Framework`-typed nodes are listed as frameworks, so each list agrees with its count."""
    found: dict[str, dict[str, Framework]] = {kind: {} for kind in LISTED}
    for row in get_state().store.select(_APPROACHES):
        kind, iri = local_name(row["class"].value), row["f"].value
        entry = Framework(
            row["label"].value, link_for(iri), local_name(iri), int(row["graded"].value)
        )
        found[kind].setdefault(iri, entry)
    return [
        Listing(kind, label(TKG[kind].value) or kind, list(found[kind].values())) for kind in LISTED
    ]


def frameworks() -> list[Framework]:
    """The `tkg:Framework`-typed nodes, by label."""
    return listings()[0].members


@blueprint.route("/")
def home() -> str:
    state = get_state()
    lists = state.cached("frameworks", listings)  # the key warming fills
    shown = int(current_app.config.get("HOME_FRAMEWORKS", HOME_FRAMEWORKS))
    return render_template(
        "home.html",
        counts=state.cached("counts", counts),
        tags=state.cached("tags", statement_tags),
        listings=[(item, item.members[:shown]) for item in lists],
        queries=named_queries(),
    )


def with_parameter_values(query: NamedQuery) -> str:
    """The query with its parameters' defaults written in as VALUES at the top of the WHERE
    group, so an example runs as it is and shows where to change a parameter (the web pages and
    the CLI bind parameters instead; an editor has no way to)."""
    bound = query.bindings({})
    where = re.search(r"\bWHERE\s*\{", query.text, flags=re.IGNORECASE)
    if not bound or where is None:
        return query.text
    names = " ".join("?" + name for name in bound)
    line = "\n  VALUES (" + names + ") {}  # parameters: change the values here"
    line = with_rows(line, list(bound), [list(bound.values())])
    return query.text[: where.end()] + line + query.text[where.end() :]


def graph_view_url() -> str | None:
    """Where a CONSTRUCT/DESCRIBE result is drawn as a network, when the pictures are installed."""
    if "visuals.graph_page" not in current_app.view_functions:
        return None
    return url_for("visuals.graph_page")


def editor_config() -> str:
    """What editor.js needs, as JSON for a non-executable data block (no inline script)."""
    examples = [
        {"name": q.name, "title": q.title, "query": with_parameter_values(q)}
        for q in named_queries().values()
    ]
    text = json.dumps(
        {
            "endpoint": url_for("sparql.endpoint", _external=True),
            "vocabulary": url_for("pages.vocabulary"),
            "prefixesUrl": url_for("pages.prefixes"),
            "prefixes": PREFIXES,
            "examples": examples,
            "graphView": graph_view_url(),
        }
    )
    # Inside <script type="application/json">, "</script>" would end the block: escape < > &.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@blueprint.app_context_processor
def _editor_context() -> dict[str, object]:
    return {"editor_config": editor_config, "graph_view_url": graph_view_url()}


@blueprint.route("/query")
def editor() -> str:
    """YASGUI, pointed at /sparql; without JavaScript, a form that shows an HTML table."""
    return render_template("editor.html", query=None, result=None)


@blueprint.route("/vocab.json")
def vocabulary() -> Response:
    """Prefixes, classes and properties for the editor's completions (never prefix.cc or LOV)."""
    return Response(json.dumps(completions()), mimetype="application/json")


@blueprint.route("/vocab/prefixes.json")
def prefixes() -> Response:
    """The prefix map in the shape YASGUI's prefix completer reads."""
    return Response(json.dumps(PREFIXES), mimetype="application/json")
