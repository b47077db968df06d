"""The Python API, for notebooks and scripts: `kg = therapykg.open(STORE_OR_URL)`.

    >>> import therapykg
    >>> kg = therapykg.open("memory:")
    >>> summary = kg.load(["articles/person_centered_therapy.txt"])
    >>> rows = kg.query("SELECT ?title WHERE { ?a a tkg:Article ; dcterms:title ?title }")
    >>> rows[0]["title"]
    'Person-Centered Therapy'

Rows hold Python values (str, int, float, bool, datetime, Decimal; IRIs and blank nodes as
strings); `rows.to_pandas()` gives a DataFrame when pandas is installed. Values given to
`query(..., name=value)` and `named(NAME, param=value)` are bound to variables, never pasted into
the SPARQL text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import pyoxigraph as ox
import rdflib

from therapykg.errors import NotFoundError, TherapyKGError
from therapykg.graph.convert import to_rdflib_graph
from therapykg.graph.store import Store, Term, Triples, open_store
from therapykg.graph.substitute import substitute

if TYPE_CHECKING:
    import networkx as nx

    from therapykg.graph.progress import LoadSummary

# str, int, float, bool, Decimal, datetime, date... as rdflib converts a literal; None when unbound
Value = object


class Rows(list[dict[str, Value]]):
    """A SELECT result: one dict per solution, unbound variables as None."""

    def __init__(self, variables: list[str], rows: Iterable[dict[str, Value]]) -> None:
        super().__init__(rows)
        self.variables = variables

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (columns in the query's order)."""
        try:
            import pandas
        except ImportError:
            raise TherapyKGError(
                "a DataFrame needs pandas, which is not installed: pip install pandas"
            ) from None
        return pandas.DataFrame(list(self), columns=self.variables)


class KnowledgeGraph:
    """A store, opened for a notebook: query, named queries, loading, lineage, rdflib."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def query(self, sparql: str, **bindings: object) -> Rows | bool | rdflib.Graph:
        """SELECT gives Rows, ASK a bool, CONSTRUCT and DESCRIBE an rdflib Graph.

        Keyword arguments are bound to the query's variables of the same name, as SEP-0007
        defines: a str that is an absolute http(s) or urn IRI is bound as an IRI, anything else
        as a literal; pass `pyoxigraph` or `rdflib` terms to say which.
        """
        terms = {name: _term(value) for name, value in bindings.items()}
        # SEP-0007 substitution (tokenised, each value written by the RDF serialiser) binds any
        # variable; Oxigraph's native substitutions take only variables the SELECT projects.
        return _python(self.store.query(substitute(sparql, terms) if terms else sparql))

    def named(self, name: str, **params: str) -> Rows | bool | rdflib.Graph:
        """Run a named query (see `therapykg queries`), its parameters checked and bound."""
        from therapykg.queries.registry import get_query

        named_query = get_query(name)
        return _python(self.store.query(named_query.text, bindings=named_query.bindings(params)))

    def load(self, paths: Iterable[str | Path] | str | Path) -> LoadSummary:
        """Load articles and RDF files (files or folders); bad files are reported in the summary."""
        from therapykg.graph.load import load_paths

        if isinstance(paths, str | Path):
            paths = [paths]
        return load_paths(self.store, list(paths))

    def lineage(self, name: str | None = None) -> nx.DiGraph:
        """The lineage network (edges from a descendant to what it drew on); with a name, only
        that framework's or person's ancestors and descendants."""
        import networkx as nx

        from therapykg.graph.network import find_node, lineage_graph

        graph = lineage_graph(self.store)
        if name is None:
            return graph
        node = find_node(graph, name)
        if node is None:
            raise NotFoundError(f"no framework, theory or person in the lineage matches {name!r}")
        keep = {node} | nx.ancestors(graph, node) | nx.descendants(graph, node)
        return graph.subgraph(keep).copy()

    def to_rdflib(self, graph: str | None = None) -> rdflib.Graph | rdflib.Dataset:
        """One named graph as an rdflib Graph, or (without a name) every graph as a Dataset."""
        if graph is not None:
            return to_rdflib_graph(self.store.quads(ox.NamedNode(graph)))
        dataset = rdflib.Dataset()
        for quad in self.store.quads():
            name = quad.graph_name
            if isinstance(name, ox.NamedNode):
                context = dataset.graph(rdflib.URIRef(name.value))
            else:
                context = dataset.default_graph
            context.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
        return dataset


def open(location: str | None = None, *, read_only: bool = False) -> KnowledgeGraph:
    """Open a store: a directory (embedded Oxigraph), `memory:`, or a SPARQL endpoint's URL.

    Without a location, the one `THERAPYKG_STORE` names (or the default the README gives).
    """
    return KnowledgeGraph(open_store(location, read_only=read_only))


def _term(value: object) -> Term:
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, rdflib.URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, rdflib.Literal):
        lang, datatype = value.language, value.datatype
        if lang:
            return ox.Literal(str(value), language=lang)
        return ox.Literal(str(value), datatype=ox.NamedNode(str(datatype)) if datatype else None)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_XSD_BOOLEAN)
    if isinstance(value, int | float):
        return ox.Literal(value)
    text = str(value)
    return ox.NamedNode(text) if _looks_like_iri(text) else ox.Literal(text)


_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _looks_like_iri(text: str) -> bool:
    scheme, sep, rest = text.partition(":")
    return bool(sep) and scheme in ("http", "https", "urn") and " " not in text and bool(rest)


def _python(result: object) -> Rows | bool | rdflib.Graph:
    if isinstance(result, bool | ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Rows(names, ({n: _value(row[n]) for n in names} for row in result))
    if isinstance(result, Triples):
        graph = rdflib.Graph()
        for triple in result:
            graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
        return graph
    raise TypeError(f"unexpected query result {type(result).__name__}")


def _value(term: object) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        literal = rdflib.Literal(term.value, lang=term.language, datatype=_datatype(term))
        converted: Value = literal.toPython()
        return converted
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


def _datatype(literal: ox.Literal) -> str | None:
    if literal.language:
        return None
    return literal.datatype.value


def _rdflib(term: object) -> Any:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        return rdflib.Literal(term.value, lang=term.language, datatype=_datatype(term))
    raise TypeError(f"unexpected term {term!r}")
