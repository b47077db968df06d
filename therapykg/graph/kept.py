"""Named queries whose rows are kept, in order, in the summary graph (issue 13).

A listing that grows with the corpus (`frameworks`, `key-terms`, ...) sorts every row it finds
before its first page, and finding them costs more still: at 10,000 articles the 64,962 rows of
`key-terms` take 19 s to find unordered, whatever LIMIT follows. A named query whose header says
`# kept: summary` is run whole, as written, at the end of every load (after the summary graph's
counts, which some of them read), and its rows are written in its order to a graph of its own,
`id:graph/kept/NAME`:

    id:summary/rows/key-terms a tkg:KeptRows ;
        tkg:keptQuery "key-terms" ; tkg:queryDigest "…sha256 of the query's text…" ;
        tkg:rowCount 64962 .
    id:summary/rows/key-terms/1 tkg:rowRank 1 ;
        rdf:_1 <…/term-alliance> ; rdf:_2 "Alliance" ; …    # the row's values, by column (from 1)

A page (`page_text`) then names its rows by rank, `id:summary/rows/NAME/{offset+1 … offset+limit}`,
and reads each row's values: index lookups, whatever the size of the corpus. The rows are the
query's own rows in its own order, because they are its answer; `queryDigest` is checked before
they are used (`kept_digest`), so a query whose text has changed since the load is answered by
its text until the next load. A column a row leaves unbound has no `rdf:_n`.

A query with parameters is kept at their defaults, as its header declares them (a parameter
without a default left unbound), and projects them: the kept rows are its answer to the values a
page asks for when none is given (`NamedQuery.kept_at`); other values are answered by its text.

Each table has its graph so that a rebuild drops it whole in the transaction that swaps the
summary's counts, and writes the new rows as a new graph, by Oxigraph's bulk loader where the
store has one: at 10,000 articles the 1.9 M kept quads took minutes to write a transaction of
100,000 at a time into the summary graph (docs/benchmarks.md, "Kept rows in graphs of their own").

The query files are read here as data (the package's `queries/*.rq`), as the ontology's files
are: which queries are kept is said in their header, beside their text.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox

from therapykg.graph.memory import trim
from therapykg.graph.parameters import default_bindings, header_parameters
from therapykg.graph.store import NewQuads, Store
from therapykg.graph.substitute import substitute, with_values
from therapykg.graph.updatetexts import DELETE_SUBJECT, DROP_GRAPH
from therapykg.ontology.vocab import PREFIXES, RDF, TKG, XSD, base_iri

KEPT_HEADER = re.compile(r"^#\s*kept:\s*summary\s*$", re.MULTILINE)

CHUNK = 100_000  # quads written per transaction
KEPT_THREADS = 2  # kept queries run at once, beside the writing of the tables before them
KEPT_GRAPHS = "graph/kept/"  # under the base IRI: one graph per kept table, named by the query

# A kept table's digest, to check it was kept for the query's present text.
_DIGEST = "SELECT ?digest WHERE { VALUES ?table {} ?table tkg:queryDigest ?digest }"
# How many quads a graph holds, and up to `LIMIT` of them removed (a chunk of a table's rows).
_GRAPH_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } }"
_DELETE_SOME = (
    "DELETE { GRAPH ?graph { ?s ?p ?o } } "
    "WHERE { { SELECT ?s ?p ?o WHERE { GRAPH ?graph { ?s ?p ?o } } LIMIT 1 } }"
)
# How many rows a kept table holds.
_COUNT = "SELECT (?count AS ?total) WHERE { VALUES ?table {} ?table tkg:rowCount ?count }"


@dataclass(frozen=True, slots=True)
class KeptRows:
    """One kept query's answer: its name, the digest of its text, its columns and rows."""

    name: str
    digest: str
    variables: tuple[str, ...]
    rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]]


def digest(text: str) -> str:
    """The digest a kept table carries: sha256 of the query's text, stripped, plus a newline
    (the text `therapykg.queries.registry` reads)."""
    return hashlib.sha256((text.strip() + "\n").encode("utf-8")).hexdigest()


def projection(name: str, text: str) -> tuple[str, ...]:
    """The variables a kept query projects, in order (plain or computed: `(… AS ?v)`), read by
    Oxigraph's own parser: the query run on an empty store."""
    try:
        answer = ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise ValueError(f"{name}.rq: {exc}") from None
    if not isinstance(answer, ox.QuerySolutions):
        raise ValueError(f"{name}.rq: a kept query ('# kept: summary') is a SELECT query")
    return tuple(v.value for v in answer.variables)


def kept_query_texts() -> dict[str, str]:
    """The named queries shipped with therapykg whose header says `# kept: summary`, by name."""
    folder = resources.files("therapykg") / "queries"
    found: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            if KEPT_HEADER.search(text):
                found[entry.name[:-3]] = text
    return found


def kept_graph(name: str) -> ox.NamedNode:
    """The named graph that holds the kept rows of `name`, and its table's node."""
    return ox.NamedNode(f"{base_iri()}{KEPT_GRAPHS}{name}")


def is_kept_graph(graph: ox.NamedNode) -> bool:
    return graph.value.startswith(base_iri() + KEPT_GRAPHS)


def table_iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{base_iri()}summary/rows/{name}")


def row_iri(name: str, rank: int) -> ox.NamedNode:
    return ox.NamedNode(f"{base_iri()}summary/rows/{name}/{rank}")


def compute_kept(store: Store, texts: dict[str, str] | None = None) -> list[KeptRows]:
    """Each kept query's answer from the store as it is (its summary counts already fresh)."""
    found: list[KeptRows] = []
    for name, text in sorted((kept_query_texts() if texts is None else texts).items()):
        variables = projection(name, text)
        bindings = default_bindings(header_parameters(name, text))
        rows = [tuple(row[v] for v in variables) for row in store.select(text, bindings=bindings)]
        if any(isinstance(value, ox.BlankNode) for row in rows for value in row):
            continue  # a blank node cannot be named again in another graph: the text answers
        found.append(KeptRows(name, digest(text), variables, rows))
    return found


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def kept_quads(tables: Iterable[KeptRows], graph: ox.NamedNode) -> list[ox.Quad]:
    """The tables' quads in `graph`, each table's rows by rank and then its node."""
    return [quad for table in tables for chunk in table_chunks(table, graph) for quad in chunk]


def table_chunks(
    table: KeptRows, graph: ox.NamedNode, size: int = CHUNK
) -> Iterator[list[ox.Quad]]:
    """One table's quads in `graph`, about `size` at a time: its rows by rank, then its node,
    whose digest makes the rows used (`kept_digest`). Written one chunk per transaction, a table
    cut short has no node, and its query is answered by its text."""
    chunk: list[ox.Quad] = []
    for rank, row in enumerate(table.rows, start=1):
        subject = row_iri(table.name, rank)
        chunk.append(ox.Quad(subject, TKG.rowRank, _integer(rank), graph))
        for column, value in enumerate(row, start=1):
            if value is not None:
                chunk.append(ox.Quad(subject, RDF[f"_{column}"], value, graph))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    node = table_iri(table.name)
    yield [
        *chunk,
        ox.Quad(node, RDF.type, TKG.KeptRows, graph),
        ox.Quad(node, TKG.keptQuery, ox.Literal(table.name), graph),
        ox.Quad(node, TKG.queryDigest, ox.Literal(table.digest), graph),
        ox.Quad(node, TKG.rowCount, _integer(len(table.rows)), graph),
    ]


def write_kept(
    store: Store, texts: dict[str, str] | None = None, *, threads: int = KEPT_THREADS
) -> int:
    """Run each kept query and write its rows to its own graph (`kept_graph`), which must be
    absent: table after table in the queries' name order, so that only a few tables' rows are
    held at a time (at 10,000 articles, all of them in one transaction held 14 GB); the number
    of quads written.

    The queries run `threads` at a time in threads of their own where the store allows it
    (`concurrent_reads`: Oxigraph evaluates a query without the GIL), while this thread writes
    the tables in order as their rows come. No kept query reads another's rows (`tkg:rowRank`,
    `rdf:_n`), so what a query finds does not depend on which tables are written yet.

    Where the store `bulk_loads`, a table goes in by Oxigraph's bulk loader as a new graph,
    journalled (a table cut short is dropped when the store is next opened); elsewhere a chunk
    per transaction, its node last. Either way a table is used only once all of it is written.
    """
    chosen = sorted((kept_query_texts() if texts is None else texts).items())
    written = 0
    with closing(_computed(store, chosen, threads)) as computed:  # stopped on an error
        for tables in computed:
            written += sum(_write_table(store, table) for table in tables)
            tables.clear()  # the rows, freed: given back to the system before the next table
            trim()
    return written


def _computed(
    store: Store, chosen: list[tuple[str, str]], threads: int
) -> Generator[list[KeptRows], None, None]:
    """`compute_kept` of each (name, text) in turn, up to `threads` of them running at once; a
    query not yet started when the caller stops (an error while writing) is not run."""
    if threads <= 1 or not store.concurrent_reads:
        for name, text in chosen:
            yield compute_kept(store, {name: text})
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="therapykg-kept") as pool:
        running: deque[Future[list[KeptRows]]] = deque()
        try:
            for name, text in chosen:
                running.append(pool.submit(compute_kept, store, {name: text}))
                if len(running) >= threads:
                    yield running.popleft().result()
            while running:
                yield running.popleft().result()
        finally:
            for future in running:
                future.cancel()


def drop_table(store: Store, graph: ox.NamedNode, size: int = CHUNK) -> int:
    """Remove a kept table's graph: its node first (so that its rows are no longer used, and
    the query is answered by its text), then its rows, `size` quads an update, each chosen and
    removed by the store itself, then the empty graph; the number of quads removed. One
    transaction for a table of 10,000 articles' rows held gigabytes: the store keeps every quad
    a transaction removes in memory until it commits (docs/benchmarks.md, the ninth run)."""
    name = graph.value[len(base_iri() + KEPT_GRAPHS) :]
    found = 0
    for row in store.select(substitute(_GRAPH_SIZE, {"graph": graph})):
        found = int(row["n"].value) if isinstance(row["n"], ox.Literal) else 0
    store.update(substitute(DELETE_SUBJECT, {"graph": graph, "subject": table_iri(name)}))
    some = substitute(_DELETE_SOME.replace("LIMIT 1", f"LIMIT {int(size)}"), {"graph": graph})
    for _ in range(-(-found // size)):
        store.update(some)
    store.update(substitute(DROP_GRAPH, {"graph": graph}))
    store.flush()  # the removals' tombstones out of memory (as after each batch of a load)
    trim()
    return found


def _write_table(store: Store, table: KeptRows) -> int:
    graph = kept_graph(table.name)
    if not store.bulk_loads:
        written = 0
        for chunk in table_chunks(table, graph):
            store.change(insert=chunk)
            written += len(chunk)
        return written
    quads = kept_quads([table], graph)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    store.add_new(NewQuads(data, graphs=[graph]))
    store.flush()
    return len(quads)


def kept_digest(store: Store, name: str) -> str | None:
    """The digest of the query text the store's table of `name` was kept for; None: no table."""
    for row in store.select(with_values(_DIGEST, "table", [table_iri(name)])):
        value = row["digest"]
        return value.value if isinstance(value, ox.Literal) else None
    return None


def page_text(name: str, variables: Sequence[str], offset: int, limit: int) -> str:
    """A page of the kept rows of `name`: rows `offset + 1` to `offset + limit` by rank, each
    row's values under the query's own variables, in its order."""
    cells = "\n".join(
        f"  OPTIONAL {{ ?row rdf:_{column} ?{variable} }}"
        for column, variable in enumerate(variables, start=1)
    )
    template = (
        f"SELECT {' '.join('?' + v for v in variables)}\nWHERE {{\n  VALUES ?row {{}}\n"
        f"  ?row tkg:rowRank ?rank .\n{cells}\n}}\nORDER BY ?rank\n"
    )
    rows = (row_iri(name, rank) for rank in range(offset + 1, offset + limit + 1))
    return with_values(template, "row", rows)


def count_text(name: str, parameters: Sequence[str] = ()) -> str:
    """How many rows the kept table of `name` holds, as `?total`, projecting the query's
    `parameters` too (as its own count does) so that their values can still be bound."""
    names = "".join(f"?{p} " for p in parameters)
    return with_values(_COUNT.replace("SELECT ", f"SELECT {names}", 1), "table", [table_iri(name)])
