"""The store interface over any SPARQL 1.1 server (Query, Update, Graph Store HTTP Protocol).

`RemoteStore(query_url)` finds the update and graph-store endpoints by the conventions of the
engines we know, unless they are given (`THERAPYKG_UPDATE_URL`, `THERAPYKG_GSP_URL`):

    engine           query              update                 graph store
    oxigraph serve   /query             /update                /store
    Fuseki           /ds/sparql, query  /ds/update             /ds/data
    Virtuoso         /sparql            /sparql                /sparql-graph-crud
    GraphDB, RDF4J   /repositories/R    /repositories/R/statements  …/R/rdf-graphs/service

Credentials come from the environment: `THERAPYKG_TOKEN` (a bearer token) or `THERAPYKG_USER` and
`THERAPYKG_PASSWORD` (HTTP basic; Virtuoso's /sparql-auth wants digest: `THERAPYKG_AUTH=digest`).
The server's default graph must be the union of its named graphs (`oxigraph serve
--union-default-graph`; Virtuoso does this by default; Fuseki: `tdb2:unionDefaultGraph true`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from typing import IO, Any, cast
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests

from therapykg.errors import StoreError
from therapykg.graph.sparqltext import shape, split_leading_bases
from therapykg.graph.store import Dataset, QueryResult, Store, Term, Triples
from therapykg.graph.substitute import substitute
from therapykg.loaders.formats import RdfSyntax
from therapykg.ontology.vocab import sparql_prologue

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
ACCEPT = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9, text/turtle;q=0.8"
# Offered a results format too, Virtuoso writes a CONSTRUCT's or DESCRIBE's graph as a table of
# ?s ?p ?o: a query of those forms asks for RDF only.
GRAPH_ACCEPT = f"{N_TRIPLES}, text/turtle;q=0.8"
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})


def endpoints(query_url: str) -> tuple[str, str]:
    """(update URL, graph store URL) for a query URL, by convention or from the environment."""
    update, gsp = _conventional_endpoints(query_url.rstrip("/"))
    return (
        os.environ.get("THERAPYKG_UPDATE_URL") or update,
        os.environ.get("THERAPYKG_GSP_URL") or gsp,
    )


def _conventional_endpoints(base: str) -> tuple[str, str]:
    if "/repositories/" in base:  # GraphDB, RDF4J
        return base + "/statements", base + "/rdf-graphs/service"
    root, _, last = base.rpartition("/")
    at_server_root = not urlsplit(root).path.strip("/")
    if last == "query" and at_server_root:  # oxigraph serve
        return root + "/update", root + "/store"
    if last == "sparql" and at_server_root:  # Virtuoso
        return base, root + "/sparql-graph-crud"
    if last in ("query", "sparql"):  # Fuseki dataset: /ds/query or /ds/sparql
        return root + "/update", root + "/data"
    return base, base


def _canonical_booleans(content: bytes) -> bytes:
    """Virtuoso writes xsd:boolean values as "1"/"0"; SPARQL's canonical forms are true/false."""
    if b"XMLSchema#boolean" not in content:
        return content
    document = json.loads(content)
    for row in document.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == XSD_BOOLEAN and term.get("value") in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
    return json.dumps(document).encode("utf-8")


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
ASK_VARIABLE = "__ASK_RETVAL"


def _boolean_answer(content: bytes) -> bytes:
    """Virtuoso answers ASK as a SELECT of one variable, __ASK_RETVAL, with one row holding 1
    when the answer is true and no row when it is false; SPARQL's answer is a boolean."""
    if ASK_VARIABLE.encode("ascii") not in content:
        return content
    document = json.loads(content)
    if document.get("head", {}).get("vars") != [ASK_VARIABLE]:
        return content
    rows = document.get("results", {}).get("bindings", [])
    answer = any(row.get(ASK_VARIABLE, {}).get("value") == "1" for row in rows)
    return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")


class RemoteStore(Store):
    """A SPARQL 1.1 server behind the Store interface."""

    def __init__(self, query_url: str, *, timeout: float = 60.0) -> None:
        self.location = query_url
        self.query_url = query_url
        self.update_url, self.gsp_url = endpoints(query_url)
        self.timeout = timeout
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "therapykg"
        self._configure_auth()

    def _configure_auth(self) -> None:
        token = os.environ.get("THERAPYKG_TOKEN")
        user, password = os.environ.get("THERAPYKG_USER"), os.environ.get("THERAPYKG_PASSWORD")
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        elif user and password is not None:
            if os.environ.get("THERAPYKG_AUTH", "basic").lower() == "digest":
                from requests.auth import HTTPDigestAuth

                self._session.auth = HTTPDigestAuth(user, password)
            else:
                self._session.auth = (user, password)

    def _post(self, url: str, **kwargs: Any) -> Any:
        try:
            response = self._session.post(url, timeout=self.timeout, **kwargs)
        except requests.exceptions.Timeout as exc:
            raise StoreError(f"{url}: no answer within {self.timeout:g} s") from exc
        except requests.exceptions.ConnectionError as exc:
            raise StoreError(f"{url}: cannot connect; is the SPARQL server running?") from exc
        self._check(url, response)
        return response

    def _check(self, url: str, response: Any) -> None:
        status = response.status_code
        if status < 400:
            return
        text = " ".join(response.text.split())[:300]
        if status in (401, 403):
            raise StoreError(
                f"{url}: the server refused access ({status}); set THERAPYKG_USER and "
                "THERAPYKG_PASSWORD, or THERAPYKG_TOKEN, to credentials allowed to do this"
            )
        if status == 400:
            raise SyntaxError(f"the server rejected the request: {text}")
        raise StoreError(f"{url}: the server answered {status}: {text}")

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Asks for RDF only when the text reads as a CONSTRUCT or DESCRIBE (GRAPH_ACCEPT)."""
        accept = GRAPH_ACCEPT if shape(sparql).form in GRAPH_FORMS else ACCEPT
        return self._answer(self._ask_server(sparql, bindings, dataset, accept))

    def _ask_server(
        self, sparql: str, bindings: Mapping[str, Term] | None, dataset: Dataset | None, accept: str
    ) -> Any:
        ds = dataset or Dataset()
        base = f"BASE <{ds.base_iri}>\n" if ds.base_iri else ""
        # the query's own BASE replaces the dataset's (Virtuoso reads one BASE, before any PREFIX)
        bases, rest = split_leading_bases(substitute(sparql, bindings or {}))
        lead = bases + "\n" if bases else base
        form: dict[str, str | list[str]] = {"query": lead + sparql_prologue() + rest}
        if ds.default_graphs is not None:
            form["default-graph-uri"] = list(ds.default_graphs)
        if ds.named_graphs is not None:
            form["named-graph-uri"] = list(ds.named_graphs)
        return self._post(self.query_url, data=form, headers={"Accept": accept})

    def _answer(self, response: Any) -> QueryResult:
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        if media in (RESULTS_JSON, "application/json"):
            data = _canonical_booleans(_boolean_answer(response.content))
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if media in ("application/sparql-results+xml", "application/xml"):
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)
        syntax = (RdfSyntax.from_media_type(media) or RdfSyntax.N_TRIPLES).oxigraph
        return Triples([q.triple for q in ox.parse(response.content, format=syntax)])

    def update(self, sparql: str) -> None:
        self._post(
            self.update_url,
            data=(sparql_prologue() + sparql).encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def graphs(self) -> list[ox.NamedNode]:
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        names = [row["g"] for row in result]
        return sorted((g for g in names if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        for name in [graph] if graph is not None else self.graphs():
            yield from self._graph_quads(name)

    def _graph_quads(self, graph: ox.NamedNode) -> Iterator[ox.Quad]:
        """One graph, streamed from the Graph Store protocol (GET ?graph=)."""
        try:
            response = self._session.get(
                self.gsp_url,
                params={"graph": graph.value},
                headers={"Accept": N_TRIPLES},
                timeout=self.timeout,
                stream=True,
            )
        except requests.exceptions.RequestException as exc:
            raise StoreError(f"{self.gsp_url}: cannot read graph {graph}: {exc}") from exc
        self._check(self.gsp_url, response)
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        syntax = (RdfSyntax.from_media_type(media) or RdfSyntax.N_TRIPLES).oxigraph
        response.raw.decode_content = True
        body = cast(IO[bytes], response.raw)  # urllib3's response is a binary file object
        for quad in ox.parse(body, format=syntax):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)

    def close(self) -> None:
        self._session.close()
