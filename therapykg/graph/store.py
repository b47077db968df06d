"""One small store interface, several backends.

`Store` is what the rest of the code sees: SPARQL queries over the union of all named graphs,
atomic SPARQL updates, the list of graphs, and a quad stream for exports. `OxigraphStore` is the
embedded backend (on disk or in memory). `open_store(location)` picks a backend from a location
string: a directory path, `memory:`, or (later) a server URL.

Writes go through `replace_graphs`, which turns a batch of graph replacements into ONE SPARQL
update (replace.py): either every graph in the batch is swapped whole, or none is. The embedded
store has one faster path for quads that only add (`OxigraphStore.add_new`, the loader's batches
of articles new to the store): Oxigraph's bulk loader, which writes its own files instead of a
transaction, made safe by a journal (journal.py): what the batch adds is on disk before the
batch is, and a store that finds a journal on opening for writing rolls that batch back in one
transaction, each of its graphs whole or absent, as with `replace_graphs`. A read-only opening
that finds one refuses, saying how to roll it back.
"""

from __future__ import annotations

import contextlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

import pyoxigraph as ox

from therapykg.errors import StoreError
from therapykg.graph import recordtexts, updatetexts
from therapykg.graph.journal import Journal, Pending
from therapykg.graph.lock import StoreLock
from therapykg.graph.replace import GraphReplacement as GraphReplacement
from therapykg.graph.replace import replaced_keys
from therapykg.graph.replace import replacement_update as replacement_update
from therapykg.graph.shared import keys_about
from therapykg.graph.storefaults import flush_error, open_error, write_error
from therapykg.graph.substitute import substitute, with_list, with_quads, with_values
from therapykg.ontology.vocab import PREFIXES, metadata_graph
from therapykg.settings import default_store_location

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Triples:
    """A CONSTRUCT or DESCRIBE result from any backend: its triples, read once.

    Every backend gives this for a graph result (pyoxigraph's own `QueryTriples` cannot be made
    from triples a server sent), so a caller tells a graph from rows and booleans by one type.
    """

    __slots__ = ("_triples",)

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._triples = iter(triples)

    def __iter__(self) -> Iterator[ox.Triple]:
        return self._triples

    def __next__(self) -> ox.Triple:
        return next(self._triples)


QueryResult = ox.QuerySolutions | Triples | ox.QueryBoolean


@dataclass(frozen=True, slots=True)
class Dataset:
    """A query's dataset as the SPARQL protocol gives it, or the query's own FROM clauses.

    `union` asks for the union of all graphs as the default graph when neither the protocol nor
    the query names one (therapykg's normal mode); a query with FROM must pass union=False, or
    Oxigraph's union flag would silently override its FROM clauses.
    """

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union: bool = True
    base_iri: str | None = None


@dataclass(frozen=True, slots=True)
class NewQuads:
    """N-Quads that only add (the bytes, or a file of them): `graphs` are not in the store (the
    quads create them whole), and each (subject, graph) of `subjects` has no triple in that graph
    yet. A rollback removes exactly these."""

    nquads: bytes | Path
    graphs: Sequence[ox.NamedNode]
    subjects: Sequence[tuple[ox.NamedNode, ox.NamedNode]] = ()
    nodes: Sequence[ox.NamedNode] = ()  # the shared nodes the quads state something about

    def pending(self) -> Pending:
        return Pending(
            tuple(g.value for g in self.graphs),
            tuple((s.value, g.value) for s, g in self.subjects),
            tuple(n.value for n in self.nodes),
        )


INSERT_CHUNK = 1000  # triples in one INSERT DATA or DELETE DATA operation


def data_update(*, delete: Sequence[ox.Quad] = (), insert: Sequence[ox.Quad] = ()) -> str:
    """One SPARQL update that removes `delete` and adds `insert` (`DELETE DATA`, then `INSERT
    DATA`, at most INSERT_CHUNK triples an operation), each term written by pyoxigraph and put in
    through `with_quads` (never pasted into the text)."""
    operations: list[str] = []
    for text, quads in ((updatetexts.DELETE_DATA, delete), (updatetexts.INSERT_DATA, insert)):
        for quad in quads:
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                raise ValueError(f"only ground quads are written as data: {quad}")
        for at in range(0, len(quads), INSERT_CHUNK):
            operations.append(with_quads(text, quads[at : at + INSERT_CHUNK]))
    return " ;\n".join(operations)


def _wrong_form(sparql: str, form: str) -> TypeError:
    # a programming error: the caller's own query is not of the form it asked for
    return TypeError(f"expected a {form} query: {' '.join(sparql.split())[:80]}")


class Store(ABC):
    """What every backend offers. The default graph of a query is the union of all graphs.

    `query` answers any query form, for text a user wrote; `select`, `ask` and `construct` are
    for queries whose form the caller knows. What only some backends can do is asked of the
    store, never of its class: `bulk_loads` (then `add_new` takes quads that only add),
    `indexed` (`match` reads the store's own indexes, so thousands of small matches cost less
    than one query that reads more than it needs; elsewhere each match is a query),
    `concurrent_reads` (queries may run in several threads at once, each without the GIL),
    `directory` (an on-disk store that other processes may open read-only), and `flush` and
    `roll_back_interrupted`, which do nothing where there is nothing to do.
    """

    location: str
    bulk_loads: ClassVar[bool] = False
    indexed: ClassVar[bool] = False
    concurrent_reads: ClassVar[bool] = False

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; `bindings` are bound to variables, never pasted into the text.

        A bound variable must be projected (SEP-0007, as Oxigraph implements it). The project's
        prefixes (`tkg:`, `prov:`, `skos:`, ...) are predeclared. `dataset` replaces the query's
        own dataset, as the protocol's default-graph-uri and named-graph-uri do.
        """

    def select(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
    ) -> ox.QuerySolutions:
        """Run a SELECT query (as `query`) and give its solutions."""
        result = self.query(sparql, bindings=bindings, dataset=dataset)
        if not isinstance(result, ox.QuerySolutions):
            raise _wrong_form(sparql, "SELECT")
        return result

    def ask(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
    ) -> bool:
        """Run an ASK query (as `query`) and give its answer."""
        result = self.query(sparql, bindings=bindings, dataset=dataset)
        if not isinstance(result, ox.QueryBoolean):
            raise _wrong_form(sparql, "ASK")
        return bool(result)

    def construct(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
    ) -> Iterator[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query (as `query`) and give its triples."""
        result = self.query(sparql, bindings=bindings, dataset=dataset)
        if not isinstance(result, Triples):
            raise _wrong_form(sparql, "CONSTRUCT or DESCRIBE")
        return iter(result)

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update in one transaction."""

    def change(self, *, delete: Sequence[ox.Quad] = (), insert: Sequence[ox.Quad] = ()) -> None:
        """Remove `delete` and add `insert`, in one transaction (quads without blank nodes, in
        named graphs). The default sends them as the data of one SPARQL update."""
        if delete or insert:
            self.update(data_update(delete=delete, insert=insert))

    @abstractmethod
    def graphs(self) -> list[ox.NamedNode]:
        """Every named graph in the store."""

    @abstractmethod
    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Stream the quads of one graph, or of every named graph."""

    def match(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads of the named graphs (of `graph` alone when given) that match a pattern;
        None matches anything. The default asks by SPARQL; a backend with indexes answers
        from them (SHACL checking asks this once or more for every node it checks)."""
        bound: dict[str, Term] = {
            k: v for k, v in (("s", subject), ("p", predicate), ("o", obj), ("g", graph)) if v
        }
        result = self.query(
            "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", bindings=bound or None
        )
        assert isinstance(result, ox.QuerySolutions)
        for row in result:
            s, p, o, g = row["s"], row["p"], row["o"], row["g"]
            assert isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode)
            assert isinstance(g, ox.NamedNode) and o is not None
            yield ox.Quad(s, p, o, g)

    def replace_graphs(self, batch: Sequence[GraphReplacement]) -> None:
        """Swap every graph in `batch` in one transaction: all or nothing, the shared graph
        with them (the keys the replaced load records held are read first)."""
        if batch:
            self.update(replacement_update(batch, replaced_keys(self.select, batch)))

    @property
    def directory(self) -> Path | None:
        """The directory of an on-disk store that other processes may open read-only; None
        for a store in memory or on a server."""
        return None

    def add_new(self, batch: NewQuads) -> None:
        """Add quads that only add, faster than `replace_graphs`; only where `bulk_loads`."""
        raise NotImplementedError(f"{type(self).__name__} has no bulk loader (bulk_loads)")

    def flush(self) -> None:  # noqa: B027 - optional for backends that hold no writes back
        """Write out what the backend holds in memory; the default holds nothing."""

    def roll_back_interrupted(self) -> int:
        """Roll back what an interrupted bulk batch added; the number of graphs removed (the
        default has no bulk loader, so nothing is ever pending)."""
        return 0

    def close(self) -> None:  # noqa: B027 - optional for backends with nothing to release
        """Release the store; the default has nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class OxigraphStore(Store):
    """Embedded Oxigraph: persistent in a directory, or in memory when `path` is None."""

    bulk_loads = True
    indexed = True
    concurrent_reads = True

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.location = "memory:" if path is None else str(path)
        self._read_only = read_only
        self._failed = False  # a write failed: nothing of it may be flushed on close
        self._lock: StoreLock | None = None
        self._journal = Journal(None if path is None else Path(path))
        if path is not None:
            self._lock = _lock_directory(Path(path), read_only=read_only)
        try:
            self._store = _open_oxigraph(path, read_only=read_only)
            if read_only:
                self._refuse_interrupted()
            else:
                self.roll_back_interrupted()
        except BaseException:
            self._release()
            raise

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        text = _values_in_text(sparql, bindings) if bindings else None
        if text is not None:
            try:
                return self._query(text, None, dataset)
            except SyntaxError:
                pass  # e.g. BOUND(?v) once ?v is a value: bind natively, as before
        return self._query(sparql, bindings, dataset)

    @property
    def directory(self) -> Path | None:
        return None if self.location == "memory:" else Path(self.location)

    def _query(
        self, sparql: str, bindings: Mapping[str, Term] | None, dataset: Dataset | None
    ) -> QueryResult:
        substitutions: dict[ox.Variable, Term | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()
        }
        ds = dataset or Dataset()
        options: dict[str, Any] = {"use_default_graph_as_union": ds.union}
        if ds.default_graphs is not None or ds.named_graphs is not None:
            options = {
                "default_graph": [ox.NamedNode(g) for g in ds.default_graphs or ()],
                "named_graphs": [ox.NamedNode(g) for g in ds.named_graphs or ()],
            }
        try:
            result = self._store.query(
                sparql,
                base_iri=ds.base_iri,
                substitutions=substitutions or None,
                prefixes=PREFIXES,
                **options,
            )
        except OSError as exc:
            raise StoreError(f"{self.location}: the query could not be run: {exc}") from exc
        return Triples(result) if isinstance(result, ox.QueryTriples) else result

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except OSError as exc:
            self._failed = True
            raise write_error(self.location, exc) from exc

    def change(self, *, delete: Sequence[ox.Quad] = (), insert: Sequence[ox.Quad] = ()) -> None:
        """As `Store.change`; what only adds goes in by `extend` (one transaction, no text)."""
        if delete:
            super().change(delete=delete, insert=insert)
            return
        try:
            self._store.extend(insert)
        except OSError as exc:
            self._failed = True
            raise write_error(self.location, exc) from exc

    def graphs(self) -> list[ox.NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            yield from self._store.quads_for_pattern(None, None, None, graph)
            return
        for quad in self._store.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def match(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        for quad in self._store.quads_for_pattern(subject, predicate, obj, graph):
            if graph is not None or not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def add_new(self, batch: NewQuads) -> None:
        """Add quads that only add, with the bulk loader: journalled, so that a load that dies
        part-way is rolled back at the next opening (journal.py). Blank nodes would be renamed:
        the caller sends none."""
        try:
            self._journal.write(batch.pending())
        except OSError as exc:
            raise write_error(self.location, exc) from exc
        try:
            if isinstance(batch.nquads, Path):  # a spill file (spill.py): read as it goes in
                self._store.bulk_load(path=batch.nquads, format=ox.RdfFormat.N_QUADS)
            else:
                self._store.bulk_load(batch.nquads, format=ox.RdfFormat.N_QUADS)
        except Exception as exc:
            # Rolled back now if the store lets us; else the journal stays for the next opening
            # (as it does when the process dies here). Nothing more is flushed on close.
            self._failed = True
            with contextlib.suppress(Exception):
                self.roll_back_interrupted()
            if isinstance(exc, OSError):
                raise write_error(self.location, exc) from exc
            raise
        self._journal.clear()

    def roll_back_interrupted(self) -> int:
        """Remove, in one transaction, what a bulk batch that never finished added, and flush
        that before the journal goes; the number of graphs removed (0: nothing was pending)."""
        pending = self._pending()
        if pending is None:
            return 0
        try:
            if pending.graphs or pending.subjects:
                self._store.update(pending.rollback(self._orphans(pending)))
                if self.location != "memory:":
                    self._store.flush()
            self._journal.clear()
        except OSError as exc:
            self._failed = True
            raise write_error(self.location, exc) from exc
        return len(pending.graphs)

    def _orphans(self, pending: Pending) -> list[str]:
        """Rolling `pending` back: the shared triples about its nodes that no load record outside
        the batch holds (the bulk loader may have written any part of the batch)."""
        if not pending.nodes:
            return []
        candidates = keys_about(self.select, [ox.NamedNode(n) for n in pending.nodes])
        meta = metadata_graph()
        batch = [ox.NamedNode(s) for s, g in pending.subjects if g == meta.value]
        query = substitute(recordtexts.KEYS_HELD_OUTSIDE, {"meta": meta})
        query = with_list(query, "r", batch)
        held: set[str] = set()
        ordered = sorted(candidates)
        for at in range(0, len(ordered), 400):
            keys = (ox.Literal(key) for key in ordered[at : at + 400])
            rows = self.select(with_values(query, "k", keys))
            held.update(row["k"].value for row in rows)
        return sorted(candidates - held)

    def _pending(self) -> Pending | None:
        try:
            return self._journal.read()
        except ValueError as exc:
            raise StoreError(f"{exc}; move it away to open the store as it is") from exc
        except OSError as exc:
            raise open_error(Path(self.location), exc) from exc

    def _refuse_interrupted(self) -> None:
        pending = self._pending()
        if pending is not None:
            raise StoreError(
                f"{self.location}: a load was interrupted part-way through a batch of "
                f"{len(pending.graphs)} graph(s), which may be half-written; open the store for "
                "writing once to roll the batch back (for example, run the same "
                "`therapykg load` again: it finishes the rest)"
            )

    def flush(self) -> None:
        """Write what RocksDB holds in memory to the store's files (its memtables to tables).

        The loader flushes after each batch: Oxigraph lets each index buffer 128 MB before it
        writes, so a large load otherwise holds gigabytes in memory (and inserts more slowly).
        """
        if self.location == "memory:":
            return
        try:
            self._store.flush()
        except OSError as exc:
            raise flush_error(self.location, exc) from exc

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads without a transaction: for filling a new store fast, never for replacing."""
        self._store.bulk_extend(quads)

    def close(self) -> None:
        """Flush and release the directory locks (RocksDB closes when the last reference goes).

        After a failed write nothing is flushed: the failed transaction was never applied, and
        the error that reported it is the one the caller should see.
        """
        if self.location == "memory:" or not hasattr(self, "_store"):
            return
        try:
            if not self._read_only and not self._failed:
                self._store.flush()
        except OSError as exc:
            raise flush_error(self.location, exc) from exc
        finally:
            del self._store
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _values_in_text(sparql: str, bindings: Mapping[str, Term]) -> str | None:
    """The query with its bound values written in (SEP-0007, `substitute`), when that is exact.

    Oxigraph plans a query before it sees values given as `substitutions`, so a lookup of one
    framework ran as a scan of every framework (36 articles: 280 ms, against 3 ms with the value
    in the text; docs/benchmarks.md). Writing the value in is the same query when every bound
    variable is projected by name; with SELECT *, or a blank node, the values stay native.
    """
    if any(isinstance(term, ox.BlankNode) for term in bindings.values()):
        return None
    text = substitute(sparql, bindings)
    projected = all(re.search(rf" AS [?$]{re.escape(name)}\)", text) for name in bindings)
    return text if projected else None


def _lock_directory(target: Path, *, read_only: bool) -> StoreLock:
    if not read_only:
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise open_error(target, exc) from exc
    elif not target.is_dir():
        raise StoreError(f"{target}: no store here (load articles into it first: therapykg load)")
    try:
        return StoreLock(target, exclusive=not read_only)
    except OSError as exc:
        raise open_error(target, exc) from exc


def _open_oxigraph(path: str | Path | None, *, read_only: bool) -> ox.Store:
    if path is None:
        return ox.Store()
    target = Path(path)
    try:
        if read_only:
            return ox.Store.read_only(str(target))
        return ox.Store(str(target))
    except OSError as exc:
        raise open_error(target, exc) from exc


def open_store(location: str | None = None, *, read_only: bool = False) -> Store:
    """Open the store named by `location`: a directory, `memory:`, or a SPARQL server's URL."""
    where = location or default_store_location()
    if where == "memory:":
        return OxigraphStore(None)
    if where.startswith(("http://", "https://")):
        from therapykg.graph.remote import RemoteStore

        return RemoteStore(where)
    return OxigraphStore(where, read_only=read_only)
