"""Loading files into a store: articles through read → extract → build, RDF files as they are.

Each article version lives in its own named graph, swapped whole in one transaction together
with its load record (PROV, in the metadata graph). A file whose sha256 matches the record of the
graph it built is skipped without being parsed, so reloading an unchanged corpus is a no-op and an
interrupted load can simply be run again. A bad file is reported and skipped; it never touches the
store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from therapykg import __version__
from therapykg.errors import ArticleError, InputError
from therapykg.graph.build import BuiltArticle, build_article
from therapykg.graph.labels import refresh_labels
from therapykg.graph.store import GraphReplacement, Store
from therapykg.loaders.rdf import is_rdf_file, read_rdf
from therapykg.loaders.read import read_article
from therapykg.ontology.files import ONTOLOGY_FILES, ontology_quads
from therapykg.ontology.vocab import PROV, RDF, TKG, XSD, base_iri, metadata_graph, ontology_graph

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
BATCH_SIZE = 32  # articles per transaction: each still swapped whole, fewer commits


@dataclass(slots=True)
class LoadSummary:
    """What a load did, for the CLI's closing summary."""

    articles: int = 0
    rdf_files: int = 0
    unchanged: int = 0
    statements: int = 0
    facts: int = 0
    quads: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


class _StoreState:
    """What the store held when the load began: load records and graphs by article."""

    def __init__(self, store: Store) -> None:
        self.hashes = _known_hashes(store)
        self.versions: dict[str, list[ox.NamedNode]] = {}
        for graph in store.graphs():
            self.versions.setdefault(_article_key(graph), []).append(graph)

    def older_versions(self, graph: ox.NamedNode) -> list[ox.NamedNode]:
        """Graphs of other versions of the same article (`…/article/{slug}/v*`), to be replaced.

        The store keeps the current version of each article; the version stays in the IRI so
        that a citation of a statement names the version it saw.
        """
        return [g for g in self.versions.get(_article_key(graph), []) if g != graph]


def _article_key(graph: ox.NamedNode) -> str:
    return graph.value.rsplit("/", 1)[0] if "/article/" in graph.value else graph.value


@dataclass(slots=True)
class _Pending:
    path: Path
    sha256: str
    replacement: GraphReplacement
    built: BuiltArticle | None


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and files with a known extension inside named folders, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _loadable(child):
                    yield child
        else:
            yield path


def _loadable(path: Path) -> bool:
    """Articles and RDF files; a folder's README is documentation, not an article."""
    if path.name.upper().startswith("README"):
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES or is_rdf_file(path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def load_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    graph: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> LoadSummary:
    """Load every file under `paths`; `graph` names the target graph for plain RDF files."""
    summary = LoadSummary()
    state = _StoreState(store)
    _ensure_ontology(store, state)
    batch: list[_Pending] = []
    for path in iter_files(paths):
        if progress is not None:
            progress(path)
        pending = _prepare(state, path, graph, summary)
        if pending is None:
            continue
        batch.append(pending)
        if len(batch) >= BATCH_SIZE:
            _commit(store, batch, summary)
            batch = []
    _commit(store, batch, summary)
    if summary.articles or summary.rdf_files:
        refresh_labels(store)  # derived from every article graph: rebuilt after each change
    return summary


def _prepare(
    state: _StoreState, path: Path, graph: str | None, summary: LoadSummary
) -> _Pending | None:
    try:
        if not path.is_file():
            raise ArticleError(path, "no such file", expected="an article or RDF file")
        sha = file_sha256(path)
        if sha in state.hashes:
            summary.unchanged += 1
            return None
        if is_rdf_file(path):
            return _prepare_rdf(path, sha, graph)
        article = read_article(path)
        built = build_article(article, base=base_iri())
        replacement = _replacement(built.graph, built.quads, path, sha)
        replacement.also_drop = state.older_versions(built.graph)
        return _Pending(path, sha, replacement, built)
    except InputError as error:
        summary.errors.append(error)
        return None


def _prepare_rdf(path: Path, sha: str, graph: str | None) -> _Pending:
    target = ox.NamedNode(graph) if graph else ox.NamedNode(f"{base_iri()}graph/file/{sha[:16]}")
    quads = read_rdf(path, target)
    own = [q for q in quads if q.graph_name == target]
    return _Pending(path, sha, _replacement(target, own, path, sha), None)


def _ensure_ontology(store: Store, state: _StoreState) -> None:
    """Keep the ontology (and its alignment) in its own graph, so labels of grades, tiers and
    roles answer queries; replaced when the installed ontology changes."""
    data = b"".join(path.read_bytes() for path in ONTOLOGY_FILES)
    sha = hashlib.sha256(data).hexdigest()
    if sha in state.hashes:
        return
    label = Path("therapykg/ontology") / ONTOLOGY_FILES[0].name
    store.replace_graphs([_replacement(ontology_graph(), ontology_quads(), label, sha)])


def _record_iri(graph: ox.NamedNode) -> ox.NamedNode:
    digest = hashlib.sha1(graph.value.encode("utf-8"), usedforsecurity=False).hexdigest()
    return ox.NamedNode(f"{base_iri()}load/{digest[:20]}")


def _replacement(
    graph: ox.NamedNode, quads: list[ox.Quad], path: Path, sha: str
) -> GraphReplacement:
    meta = metadata_graph()
    record = _record_iri(graph)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    facts: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (RDF.type, TKG.LoadRecord),
        (RDF.type, PROV.Activity),
        (TKG.loadedGraph, graph),
        (TKG.sourceFile, ox.Literal(str(path))),
        (TKG.sha256, ox.Literal(sha)),
        (TKG.loaderVersion, ox.Literal(__version__)),
        (PROV.endedAtTime, ox.Literal(now, datatype=XSD.dateTime)),
    ]
    metadata = [ox.Quad(record, p, o, meta) for p, o in facts]
    return GraphReplacement(graph, quads, meta, metadata, [record])


def _commit(store: Store, batch: list[_Pending], summary: LoadSummary) -> None:
    if not batch:
        return
    store.replace_graphs([p.replacement for p in batch])
    for pending in batch:
        summary.quads += len(pending.replacement.quads)
        if pending.built is None:
            summary.rdf_files += 1
            continue
        summary.articles += 1
        summary.statements += pending.built.counts.get("statements", 0)
        summary.facts += pending.built.counts.get("facts", 0)
        summary.warnings.extend(f"{pending.path}: {w}" for w in pending.built.warnings)


def _known_hashes(store: Store) -> set[str]:
    """The sha256 of every loaded file whose graph is still in the store.

    Same bytes build the same graph, so a file is skipped by content, wherever it now lies.
    """
    result = store.query(
        f"SELECT ?sha WHERE {{ GRAPH {metadata_graph()} {{ ?r a tkg:LoadRecord ; tkg:sha256 ?sha ;"
        " tkg:loadedGraph ?g } FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert isinstance(result, ox.QuerySolutions)
    return {row["sha"].value for row in result}
