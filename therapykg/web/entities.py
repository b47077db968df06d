"""Entity pages: every IRI under the data base dereferences, and so does the ontology.

A browser gets HTML; anything else gets RDF by Accept (Turtle by default) or by a suffix on the
path (`.ttl`, `.jsonld`, `.nt`, `.rdf`), always with `Vary: Accept`. The paths are derived from
the base setting (see paths.py), so a different base serves at its own path.

The HTML page lists the first values of each property, each way, with their count; the rest of
one property's values are paged: `?p=PROPERTY` (the entity's own values) or `?in=PROPERTY`
(what points at it), `offset=` (0 is the first) and `limit=` (1 to 500, 100 by default). The
property is a prefixed name (`tkg:isGradedIn`) or an IRI; each is bound into the queries, and
anything that does not fit (a property the entity does not have, an offset past its values, a
number that is not one) is a 400 that names the argument.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, render_template, request

from therapykg.graph.results import ResultFormat
from therapykg.ontology import ONTOLOGY_PATH
from therapykg.ontology.files import ontology_quads
from therapykg.ontology.vocab import ONTOLOGY_IRI
from therapykg.web import negotiate
from therapykg.web.describe import (
    MAX_PAGE,
    PAGE_SIZE,
    Focus,
    Property,
    describe,
    entity_label,
    exists,
    property_page,
    triples_of,
)
from therapykg.web.errors import WebError
from therapykg.web.paths import entity_prefixes, iris_for_path, served_prefix
from therapykg.web.resultio import write_triples
from therapykg.web.state import get_state
from therapykg.web.vocabulary import expand, project_terms

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


def _lookup(path: str) -> tuple[str, ResultFormat | None]:
    """The IRI a path names (a suffix may ask for a format), or 404.

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
                if _is_iri(iri) and exists(store, iri):
                    return iri, wanted
    raise WebError(404, "nothing in the graph has this IRI")


_IRI_SAFE = "/:@!$&'()*+,;=-._~%"


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def entity_page(rest: str = "") -> Response:
    iri, suffix_format = _lookup(request.path)
    fmt = _wanted(suffix_format)
    if fmt is not None:
        return _rdf(triples_of(get_state().store, iri), fmt)
    focus = _focus()
    if focus is None:
        body = render_template("entity.html", entity=describe(get_state().store, iri))
    else:
        body = _property_page(iri, focus)
    response = Response(body, 200, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


_PAGING = ("p", "in", "offset", "limit")
_EITHER = "p (a property of this entity) or in (a property that points at it)"


def _focus() -> Focus | None:
    """The property whose values the request pages (`p` or `in`, `offset`, `limit`), or None
    for the whole entity page; 400 naming the argument that does not fit."""
    for name in _PAGING:
        if len(request.args.getlist(name)) > 1:
            raise WebError(400, f"{name}: given more than once; give it once")
    own, incoming = request.args.get("p"), request.args.get("in")
    if own is not None and incoming is not None:
        raise WebError(400, f"give {_EITHER}, not both")
    if own is None and incoming is None:
        for name in ("offset", "limit"):
            if request.args.get(name) is not None:
                raise WebError(400, f"{name}: pages one property's values; give {_EITHER} too")
        return None
    name, given = ("in", incoming) if incoming is not None else ("p", own)
    return Focus(
        _predicate(name, given or ""),
        incoming=incoming is not None,
        offset=_whole("offset", request.args.get("offset"), default=0, least=0),
        limit=_whole("limit", request.args.get("limit"), default=PAGE_SIZE, least=1),
    )


def _predicate(name: str, given: str) -> str:
    """The IRI a `p` or `in` argument names: a prefixed name of the project's, or an IRI."""
    iri = expand(given.strip())
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or not _is_iri(iri):
        expected = "an IRI or a prefixed name such as tkg:isGradedIn"
        raise WebError(400, f"{name}: {_quoted(given)} is not {expected}")
    return iri


def _whole(name: str, given: str | None, *, default: int, least: int) -> int:
    """A whole number from `least` (to MAX_PAGE for `limit`), or 400 naming the argument."""
    if given is None or given.strip() == "":
        return default
    most = MAX_PAGE if name == "limit" else 10**9 - 1
    if not re.fullmatch(r"[0-9]{1,9}", given.strip()) or not least <= int(given) <= most:
        expected = f"a whole number from {least} to {most}"
        raise WebError(400, f"{name}: {_quoted(given)} is not {expected}")
    return int(given)


def _quoted(given: str) -> str:
    """A user's value in a message: quoted, and cut short when long."""
    return repr(given if len(given) <= 80 else given[:80] + "…")


def _property_page(iri: str, focus: Focus) -> str:
    """One property's values, a page of them; 400 when the entity has no such property or the
    offset is past its values."""
    store = get_state().store
    prop = property_page(store, iri, focus)
    argument = "in" if focus.incoming else "p"
    if prop.count == 0:
        named = _quoted(prop.name)
        what = f"{named} is not a property of this entity"
        if focus.incoming:
            what = f"nothing points at this entity with {named}"
        raise WebError(400, f"{argument}: {what}; its page lists its properties, each way")
    if focus.offset >= prop.count:
        past = f"the last of the {prop.count} values of {prop.name} (the first is offset 0)"
        raise WebError(400, f"offset: {focus.offset} is past {past}")
    return render_template(
        "entity_values.html",
        iri=iri,
        label=entity_label(store, iri),
        prop=prop,
        previous=_url(prop, max(focus.offset - focus.limit, 0)) if focus.offset else None,
        next=_url(prop, prop.next_offset) if prop.next_offset is not None else None,
    )


def _url(prop: Property, offset: int) -> str:
    """This page at another offset: the same property and limit."""
    args = {prop.argument: prop.name, "offset": str(offset)}
    if request.args.get("limit"):
        args["limit"] = request.args["limit"]
    return request.path + "?" + urlencode(args)


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
