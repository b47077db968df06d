"""The pictures: a framework's wheel, the lineage graph, evidence at a glance, query results.

One blueprint, `bp`. Each picture is a page (server-rendered, with its text alternative as a
table) plus the data it draws, fetched by a small script of ours that hands it to vis-network:

    /framework/<slug>/wheel        page       .json  vis data      .csv  the table
    /lineage, /lineage/<name>      page       /lineage.json?focus=IRI&limit=N | ?expand=IRI
                                              /lineage.csv?focus=IRI&limit=N  the drawn edges
                                              (&unlinked=1: nodes with no link too)
    /evidence[?article=IRI]        page       /evidence/sections.{svg,csv}[?article=IRI]
                                              /evidence/grades.{svg,csv}
                                   (above EVIDENCE_CORPUS_ABOVE articles, 100 by default, the
                                   page shows sentences by section heading and the top frameworks;
                                   ?article=IRI shows one article's sections at any size)
    /visual/graph?query=…          page       runs the query through the SPARQL endpoint
    POST /visual/graph.json        RDF in any syntax (by Content-Type) → vis data; the body may
                                   be up to THERAPYKG_RDF_MAX_POST_BYTES (8 MiB), this route's
                                   own limit rather than the app's query limit, and is parsed
                                   by therapykg.loaders.rdf: checked, then in a child process

`create_app` registers it. Its views reach the store as every view does, through `get_state()`,
whose cache keeps what is costly to compute and the same for every request while the store does
not change (the lineage projection, the grade counts, the corpus's section counts: seconds each
at 10,000 articles). /lineage without a focus reads only the nodes it draws and the edges among
them, by the summary graph's ranking of the network (`therapykg.graph.network.lineage_part`),
and so does a click's neighbourhood (`?expand=IRI`); a focus and `?unlinked=1` still project
the whole network once per process. The data is read by `therapykg.graph.pictures` and drawn by
`therapykg.web.network`, `rdfnetwork` and `charts`.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import networkx as nx
import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup

from therapykg.errors import WebError
from therapykg.graph import pictures
from therapykg.graph.network import (
    UNLINKED,
    find_node,
    lineage_around,
    lineage_graph,
    lineage_part,
    lineage_texts,
)
from therapykg.graph.pictures import BUCKETS, HEADING_BUCKETS, Counts
from therapykg.graph.store import Store
from therapykg.loaders.rdf import Limits, parse_rdf
from therapykg.ontology.vocab import GRADES, base_iri
from therapykg.queries.registry import get_query
from therapykg.web import charts, network
from therapykg.web.palette import GRADE_COLOURS, GRADE_LABELS, KIND_STYLES, LLM_EDGE, SOURCED_EDGE
from therapykg.web.rdfnetwork import rdf_network
from therapykg.web.state import get_state

bp = Blueprint("visuals", __name__)

T = TypeVar("T")
_SLUG = re.compile(r"[A-Za-z0-9._~-]+")
DEFAULT_LIMIT = 60  # lineage nodes drawn at first, as many as a person takes in; "show more" x2
MAX_LIMIT = 5000
TABLE_ROWS = 500  # rows of a page's table; its CSV holds them all
DEFAULT_ARTICLES = 25  # articles charted on /evidence before "show more"
TOP_FRAMEWORKS = 25  # frameworks charted on /evidence for a large corpus
PARSE_SECONDS = 30.0  # a body posted for drawing that takes longer to parse is refused (400)
PARALLEL_PARSES = 2  # parsing children per serving process; more requests wait their turn
_PARSING = threading.BoundedSemaphore(PARALLEL_PARSES)


def _store() -> Store:
    return get_state().store


def _cached(key: str, make: Callable[[], T]) -> T:
    """`make()`, kept by the app while the store does not change."""
    return get_state().cached(key, make)


def _csv(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _svg(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="image/svg+xml",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def _rows_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The wheel


def _framework_iri(slug: str) -> str:
    if not _SLUG.fullmatch(slug):
        raise WebError(404, f"{slug!r} is not a framework's slug")
    return f"{base_iri()}framework/{slug}"


def _wheel_or_404(slug: str) -> pictures.Wheel:
    data = pictures.wheel(_store(), _framework_iri(slug))
    if data is None:
        raise WebError(404, f"no framework {slug!r} in the graph")
    return data


def _legend() -> list[dict[str, str]]:
    return [{"slug": g, "label": GRADE_LABELS[g], "colour": GRADE_COLOURS[g]} for g in GRADES]


@bp.get("/framework/<slug>/wheel")
def wheel_page(slug: str) -> str:
    data = _wheel_or_404(slug)
    return render_template(
        "visuals/wheel.html",
        wheel=data,
        rows=network.wheel_rows(data),
        legend=_legend(),
        framework_href=network.entity_path(data.framework),
        entity_path=network.entity_path,
        slug=slug,
    )


@bp.get("/framework/<slug>/wheel.json")
def wheel_json(slug: str) -> Response:
    data = _wheel_or_404(slug)
    return jsonify({**network.wheel_network(data), "label": data.label})


@bp.get("/framework/<slug>/wheel.csv")
def wheel_csv(slug: str) -> Response:
    return _csv(_rows_csv(network.wheel_rows(_wheel_or_404(slug))), f"{slug}-wheel.csv")


# ---------------------------------------------------------------------------------------------
# The lineage graph


def _limit() -> int:
    value = request.args.get("limit", DEFAULT_LIMIT, type=int)
    return max(1, min(value, MAX_LIMIT))


def _unlinked() -> bool:
    """`?unlinked=1`: draw the nodes with no lineage link too (left out by default)."""
    return request.args.get("unlinked", "") in ("1", "true", "on")


def _resolve(graph: nx.DiGraph, name: str) -> str:
    """A node of the lineage graph by IRI, `kind/slug`, slug or label; 404 when none."""
    candidates = [name, f"{base_iri()}{name}"] if "/" in name else []
    for candidate in candidates:
        if candidate in graph:
            return candidate
    found = find_node(graph, name)
    if found is None:
        raise WebError(404, f"nothing called {name!r} in the lineage graph")
    return found


_WHOLE = "lineage-graph"  # the cache's key of the whole lineage projection


def _lineage() -> tuple[Store, nx.DiGraph]:
    """The store and its lineage projection, sentences' texts left out (see `_lineage_data`)."""
    store = _store()
    return store, _cached(_WHOLE, lambda: lineage_graph(store, texts=False))


def _lineage_data(store: Store, graph: nx.DiGraph, focus: str | None) -> network.VisData:
    """The capped picture; only the edges drawn fetch their sentences' texts."""
    drawn = network.lineage_nodes(graph, focus=focus, limit=_limit(), unlinked=_unlinked())
    lineage_texts(store, graph, graph.subgraph(drawn).edges)
    return network.lineage_network(graph, focus=focus, limit=_limit(), unlinked=_unlinked())


def _busiest_data() -> tuple[network.VisData, int] | None:
    """The picture without a focus, from the summary graph's ranking of the network: its
    busiest nodes and the edges among them, read alone (the whole projection took 11-20 s at
    10,000 articles); with the number of unlinked nodes. None when a focus or the unlinked nodes
    are asked for, or the summary keeps no ranking: then the whole projection draws it."""
    if _unlinked():
        return None
    store, limit = _store(), _limit()
    part = _cached(f"lineage-busiest-{limit}", lambda: lineage_part(store, busiest=limit))
    if part is None:
        return None
    lineage_texts(store, part, part.edges)
    return network.lineage_busiest(part), int(part.graph[UNLINKED])


def _around(name: str) -> network.VisData | None:
    """A click's neighbourhood of a linked node named by its IRI, read alone by the summary
    graph's ranking; None when the name is no such IRI (the whole projection resolves it)."""
    if not name.startswith(("http://", "https://")):
        return None
    store = _store()
    part = lineage_around(store, name)
    if part is None:
        return None
    lineage_texts(store, part, part.edges)
    return network.lineage_neighbourhood(part, name)


@bp.get("/lineage", defaults={"name": None})
@bp.get("/lineage/<path:name>")
def lineage_page(name: str | None) -> str:
    busiest = None if name else _busiest_data()
    if busiest is not None:
        data, unlinked_count = busiest
        focus, focus_label = None, None
    else:
        store, graph = _lineage()
        focus = _resolve(graph, name) if name else None
        data = _lineage_data(store, graph, focus)
        focus_label = graph.nodes[focus].get("label", focus) if focus else None
        unlinked_count = network.unlinked_nodes(graph)
    kinds: dict[str, int] = {}
    for node in data["nodes"]:
        kinds[node["group"]] = kinds.get(node["group"], 0) + 1
    return render_template(
        "visuals/lineage.html",
        data=data,
        rows=network.lineage_rows(data),
        kinds=[(k, kinds.get(k, 0), *KIND_STYLES[k]) for k in KIND_STYLES],
        focus=focus,
        focus_label=focus_label,
        limit=_limit(),
        unlinked=_unlinked(),
        unlinked_count=unlinked_count,
        table_rows=TABLE_ROWS,
        entity_path=network.entity_path,
        colours={"sourced": SOURCED_EDGE, "llm": LLM_EDGE},
    )


@bp.get("/lineage.json")
def lineage_json() -> Response:
    expand, focus = request.args.get("expand"), request.args.get("focus")
    busiest = None if expand or focus else _busiest_data()
    if busiest is not None:
        return jsonify(busiest[0])
    # A hub's neighbourhood read alone takes seconds at 10,000 articles (1,300 neighbours: 8.6 s
    # at load average 3.5): the whole projection, once `serve`'s warm-up has kept it, is faster.
    around = _around(expand) if expand and get_state().kept(_WHOLE) is None else None
    if around is not None:
        return jsonify(around)
    store, graph = _lineage()
    if expand:
        node = _resolve(graph, expand)
        members = {node, *graph.predecessors(node), *graph.successors(node)}
        lineage_texts(store, graph, graph.subgraph(members).edges)
        return jsonify(network.lineage_neighbourhood(graph, node))
    return jsonify(_lineage_data(store, graph, _resolve(graph, focus) if focus else None))


@bp.get("/lineage.csv")
def lineage_csv() -> Response:
    focus = request.args.get("focus")
    busiest = None if focus else _busiest_data()
    if busiest is not None:
        data = busiest[0]
    else:
        store, graph = _lineage()
        data = _lineage_data(store, graph, _resolve(graph, focus) if focus else None)
    return _csv(_rows_csv(network.lineage_rows(data)), "lineage.csv")


# ---------------------------------------------------------------------------------------------
# Evidence at a glance


def _articles_limit() -> int:
    return max(1, request.args.get("articles", DEFAULT_ARTICLES, type=int))


def _first_articles(rows: list[Counts], limit: int) -> list[Counts]:
    kept: list[str] = []
    for row in rows:
        if row.group not in kept:
            kept.append(row.group)
    allowed = set(kept[:limit])
    return [r for r in rows if r.group in allowed]


def _article_count(rows: list[Counts]) -> int:
    return len({r.group for r in rows})


def _article_total(store: Store) -> int:
    return _cached("article-count", lambda: pictures.article_count(store))


def _corpus_above() -> int:
    """Above this many articles /evidence shows the corpus by heading (app config)."""
    return int(current_app.config["EVIDENCE_CORPUS_ABOVE"])


@dataclass(slots=True)
class _Evidence:
    """What /evidence shows, and its downloads draw: one of three views.

    - "articles": every article's sections (a small corpus), the first `articles` charted;
    - "article": one article's sections (`?article=IRI`), at any corpus size;
    - "corpus": sentences by section heading across a large corpus, and the top frameworks.
    """

    view: str
    article: str | None = None
    article_label: str = ""
    articles_total: int = 0
    sections: list[Counts] = field(default_factory=list)  # the bars drawn
    every: list[Counts] = field(default_factory=list)  # the rows of the CSV


def _evidence(store: Store) -> _Evidence:
    article = request.args.get("article") or None
    total = _article_total(store)
    if article:
        try:
            ox.NamedNode(article)
        except ValueError:
            raise WebError(400, f"article={article!r} is not an IRI") from None
        titles = pictures.article_titles(store, article)
        if article not in titles:
            raise WebError(404, f"no article {article!r} in the graph")
        rows = pictures.section_counts(store, article)
        return _Evidence("article", article, titles[article], total, rows, rows)
    if total > _corpus_above():
        query = get_query("sourcing-by-heading").text
        rows = _cached("heading-counts", lambda: pictures.heading_counts(store, query))
        return _Evidence("corpus", None, "", total, rows, rows)
    rows = _cached("section-counts", lambda: pictures.section_counts(store))
    return _Evidence("articles", None, "", total, _first_articles(rows, _articles_limit()), rows)


def _sections_svg(data: _Evidence) -> str:
    if data.view == "corpus":
        return charts.stacked_bars_svg(
            data.sections,
            charts.HEADING_SERIES,
            title=f"Sentences by section heading across {data.articles_total} articles: "
            "sourced, LLM-tagged, untagged",
            chart_id="sections",
        )
    return charts.stacked_bars_svg(
        data.sections,
        charts.SECTION_SERIES,
        title="Sentences per article and section: sourced (by best tier), LLM-tagged, untagged",
        chart_id="sections",
    )


def _sections_csv(data: _Evidence) -> str:
    if data.view == "corpus":
        return charts.counts_csv(data.every, HEADING_BUCKETS, grouped=False, head="heading")
    return charts.counts_csv(data.every, BUCKETS, grouped=True)


def _grades(store: Store) -> tuple[list[Counts], int]:
    """The grade bars drawn and how many frameworks hold a grading: at scale the top frameworks
    after a bar adding up every framework, each read from the summary graph's tallies."""
    if _article_total(store) <= _corpus_above():
        every = _cached("grade-counts", lambda: pictures.grade_counts(store))
        return every, len(every)
    frameworks = _cached("framework-count", lambda: pictures.framework_count(store))
    top = _cached("grade-top", lambda: pictures.grade_counts(store, TOP_FRAMEWORKS))
    label = f"All {frameworks} frameworks"
    total = _cached("grade-totals", lambda: pictures.all_grade_totals(store, label))
    return [total, *top], frameworks


def _grades_svg(rows: list[Counts]) -> str:
    return charts.stacked_bars_svg(
        rows, charts.GRADE_SERIES, title="Gradings by grade, per framework", chart_id="grades"
    )


@bp.get("/evidence")
def evidence_page() -> str:
    store = _store()
    data = _evidence(store)
    grades, frameworks = _grades(store)
    keep = {"article": data.article} if data.article else {}
    return render_template(
        "visuals/evidence.html",
        view=data.view,
        article=data.article,
        article_label=data.article_label,
        sections=data.sections,
        grades=grades,
        grades_total=frameworks,
        # The charts are SVG text that `charts` builds with every string escaped.
        sections_svg=Markup(_sections_svg(data)),
        grades_svg=Markup(_grades_svg(grades)),
        buckets=HEADING_BUCKETS if data.view == "corpus" else BUCKETS,
        grade_series=charts.GRADE_SERIES,
        articles_shown=_article_count(data.sections),
        articles_total=data.articles_total,
        svg_args={**keep, "articles": _article_count(data.sections)}
        if data.view == "articles"
        else keep,
        csv_args=keep,
        more_url=url_for(".evidence_page", articles=_articles_limit() * 2),
        entity_path=network.entity_path,
        article_choices=_article_choices(store, data.articles_total),
    )


ARTICLE_SELECT_AT_MOST = 300  # articles offered by title in /evidence's filter (else an IRI box)


def _article_choices(store: Store, total: int) -> list[tuple[str, str]]:
    """(IRI, title) of every article, by title, for the filter; none when there are too many."""
    if total > ARTICLE_SELECT_AT_MOST:
        return []
    titles = _cached("article-titles", lambda: pictures.article_titles(store))
    return sorted(titles.items(), key=lambda item: (item[1].casefold(), item[0]))


@bp.get("/evidence/sections.svg")
def evidence_sections_svg() -> Response:
    return _svg(_sections_svg(_evidence(_store())), "evidence-sections.svg")


@bp.get("/evidence/sections.csv")
def evidence_sections_csv() -> Response:
    return _csv(_sections_csv(_evidence(_store())), "evidence-sections.csv")


@bp.get("/evidence/grades.svg")
def evidence_grades_svg() -> Response:
    return _svg(_grades_svg(_grades(_store())[0]), "evidence-grades.svg")


@bp.get("/evidence/grades.csv")
def evidence_grades_csv() -> Response:
    every = _cached("grade-counts", lambda: pictures.grade_counts(_store()))
    text = charts.counts_csv(every, GRADES, grouped=False)
    return _csv(text, "evidence-grades.csv")


# ---------------------------------------------------------------------------------------------
# Query results as a network


@bp.get("/visual/graph")
def graph_page() -> str:
    return render_template(
        "visuals/graph.html",
        query=request.args.get("query", ""),
        sparql_url=current_app.config["VISUALS_SPARQL_URL"],
    )


@bp.post("/visual/graph.json")
def graph_json() -> Response:
    limits = Limits.from_settings(size_setting="rdf-max-post-bytes")
    # This route's own limit, not the app's (which is sized for query texts): Flask also stops
    # a body sent without a length (chunked) at it.
    request.max_content_length = limits.max_bytes
    if (request.content_length or 0) > limits.max_bytes:
        raise WebError(413, f"a result to draw may hold at most {limits.max_bytes} bytes")
    media_type = request.mimetype or "application/n-triples"
    data = request.get_data(cache=False)
    if not _PARSING.acquire(timeout=PARSE_SECONDS):
        raise WebError(503, "too many results are being drawn; try again")
    try:  # refused as UnsupportedMediaType (415), RDFTooLargeError (413), RDFImportError (400)
        triples = parse_rdf(
            data,
            media_type,
            name=f"the {media_type} body",
            limits=limits,
            timeout=PARSE_SECONDS,
        )
    finally:
        _PARSING.release()
    limit = max(1, min(request.args.get("limit", 500, type=int), MAX_LIMIT))
    return jsonify(rdf_network(triples, limit=limit))
