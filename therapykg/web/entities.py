"""Entity pages: every IRI under the data base dereferences, and so does the ontology.

A browser gets HTML; anything else gets RDF by Accept (Turtle by default) or by a suffix on the
path (`.ttl`, `.jsonld`, `.nt`, `.rdf`), always with `Vary: Accept`. The paths are derived from
the base setting (see paths.py), so a different base serves at its own path.
"""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, render_template, request

from therapykg.graph.results import ResultFormat
from therapykg.ontology import ONTOLOGY_PATH
from therapykg.ontology.files import ontology_quads
from therapykg.ontology.vocab import ONTOLOGY_IRI
from therapykg.web import negotiate
from therapykg.web.describe import Entity, describe, triples_of
from therapykg.web.errors import WebError
from therapykg.web.paths import entity_prefixes, iris_for_path, served_prefix
from therapykg.web.resultio import write_triples
from therapykg.web.state import get_state
from therapykg.web.vocabulary import project_terms

blueprint = Blueprint("entities", __name__)
SUFFIXES = {
    ".ttl": ResultFormat.TURTLE,
    ".jsonld": ResultFormat.JSONLD,
    ".nt": ResultFormat.NT,
    ".rdf": ResultFormat.RDFXML,
}
RDF_CHOICES = (ResultFormat.TURTLE, ResultFormat.JSONLD, ResultFormat.NT, ResultFormat.RDFXML)


def _wanted(suffix_format: ResultFormat | None) -> ResultFormat | None:
    """The RDF format asked for, or None for HTML."""
    if suffix_format is not None:
        return suffix_format
    if negotiate.prefers_html(request.accept_mimetypes):
        return None
    try:
        return negotiate.choose(
            request.accept_mimetypes, RDF_CHOICES, override=request.args.get("format")
        )
    except negotiate.NotAcceptable as exc:
        raise WebError(400, str(exc)) from None


def _rdf(triples: list[ox.Triple], fmt: ResultFormat) -> Response:
    response = Response(write_triples(triples, fmt), 200, content_type=_media(fmt))
    response.headers["Vary"] = "Accept"
    return response


def _media(fmt: ResultFormat) -> str:
    media = fmt.media_type
    return media + "; charset=utf-8" if media.startswith("text/") else media


def _lookup(path: str) -> tuple[Entity, ResultFormat | None]:
    """The entity a path names (a suffix may ask for a format), or 404.

    The path arrives decoded; an IRI that holds percent-escapes is found by encoding it again,
    and a decoded path that is no IRI at all (a NUL, a quote) names nothing: 404, never 500.
    """
    store = get_state().store
    attempts: list[tuple[str, ResultFormat | None]] = [(path, None)]
    for suffix, suffix_format in SUFFIXES.items():
        if path.endswith(suffix):
            attempts.append((path[: -len(suffix)], suffix_format))
    for candidate, wanted in attempts:
        for form in dict.fromkeys((candidate, quote(candidate, safe=_IRI_SAFE))):
            for iri in iris_for_path(form):
                if not _is_iri(iri):
                    continue
                entity = describe(store, iri)
                if entity.exists:
                    return entity, wanted
    raise WebError(404, "nothing in the graph has this IRI")


_IRI_SAFE = "/:@!$&'()*+,;=-._~%"


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def entity_page(rest: str = "") -> Response:
    entity, suffix_format = _lookup(request.path)
    fmt = _wanted(suffix_format)
    if fmt is not None:
        return _rdf(triples_of(get_state().store, entity.iri), fmt)
    response = Response(render_template("entity.html", entity=entity), 200, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


def _ontology_triples() -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ontology_quads()]


@blueprint.route("/ontology")
@blueprint.route("/ontology<any('.ttl', '.jsonld', '.nt', '.rdf'):suffix>")
def ontology(suffix: str = "") -> Response:
    """The ontology: a readable page of its classes and properties, or the ontology as RDF."""
    fmt = _wanted(SUFFIXES.get(suffix))
    if fmt is ResultFormat.TURTLE:
        data = ONTOLOGY_PATH.read_bytes()
        return Response(data, 200, content_type=_media(fmt), headers={"Vary": "Accept"})
    if fmt is not None:
        return _rdf(_ontology_triples(), fmt)
    body = render_template(
        "ontology.html",
        iri=ONTOLOGY_IRI,
        classes=project_terms("class"),
        properties=project_terms("property"),
    )
    return Response(body, 200, mimetype="text/html", headers={"Vary": "Accept"})


def init_app(app: Flask) -> None:
    """Route every path under each instance namespace to the entity page."""
    for number, prefix in enumerate(entity_prefixes()):
        if prefix in ("/", served_prefix(ONTOLOGY_IRI)):
            continue
        app.add_url_rule(prefix.rstrip("/") + "/<path:rest>", f"entity-{number}", entity_page)
    app.register_blueprint(blueprint)
