"""The `therapykg` command line.

Exit status: 0 ok; 1 the data is invalid (a bad input file, SHACL violations, an inconsistent
ontology); 2 a usage or runtime error (bad options, a store that cannot be opened, no Java).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click
import pyoxigraph as ox

from therapykg import __version__
from therapykg.errors import TherapyKGError, ThresholdError
from therapykg.graph.results import ResultFormat, serialize_result
from therapykg.graph.store import Store, Term, open_store
from therapykg.settings import setting

if TYPE_CHECKING:
    from therapykg.graph.progress import LoadProgress
    from therapykg.loaders.warning import WarningGroup
    from therapykg.ontology.validation import Report
    from therapykg.queries.registry import NamedQuery, Window

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2
NETWORKS = ("lineage", "elements", "cocitation")

P = ParamSpec("P")
R = TypeVar("R")


class Context:
    """What every command shares: where the store is."""

    def __init__(self, store_location: str) -> None:
        self.store_location = store_location

    @contextmanager
    def store(self, *, read_only: bool = False) -> Iterator[Store]:
        store = open_store(self.store_location, read_only=read_only)
        try:
            yield store
        finally:
            store.close()


def fail(message: str, code: int = EXIT_ERROR) -> None:
    click.echo(f"therapykg: {message}", err=True)
    sys.exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn therapykg errors into a message and the exit status each carries (therapykg/errors.py:
    1 for invalid data, 2 for a usage or runtime error)."""

    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TherapyKGError as exc:
            fail(str(exc), exc.exit_code)
        raise AssertionError("unreachable")

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_location",
    envvar="THERAPYKG_STORE",
    default=setting("store").default,
    show_default=True,
    help="A store directory, or memory: (env THERAPYKG_STORE).",
)
@click.version_option(__version__, prog_name="therapykg")
@click.pass_context
def main(ctx: click.Context, store_location: str) -> None:
    """therapykg: a knowledge graph of psychotherapy frameworks and the evidence behind them."""
    ctx.obj = Context(store_location)


pass_context = click.make_pass_decorator(Context)


FEW_WARNINGS = 10  # up to this many, each is printed; more are grouped by kind
FEW_SKIPPED = 5  # up to this many skipped files are named
FEW_ORPHANS = 25  # up to this many shared nodes a removal leaves unmentioned are named


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--graph", help="Named graph IRI for plain RDF files.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr (default: only when stderr is a terminal).",
)
@click.option(
    "--warnings-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Where the full list goes when there are more than {FEW_WARNINGS} warnings (default: "
    "beside the store directory, or a temporary file for memory: and remote stores).",
)
@pass_context
@handle_errors
def load(
    ctx: Context,
    paths: tuple[Path, ...],
    graph: str | None,
    progress: bool | None,
    warnings_file: Path | None,
) -> None:
    """Load articles (.txt .md .html) and RDF files or folders of them."""
    from therapykg.graph.load import load_paths

    show = sys.stderr.isatty() if progress is None else progress
    bar = ProgressBar(sys.stderr) if show else None
    try:
        with ctx.store() as store:
            summary = load_paths(store, paths, graph=graph, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    click.echo(
        f"loaded {summary.articles} article(s) and {summary.rdf_files} RDF file(s), "
        f"{summary.unchanged} unchanged; {summary.statements} statements, "
        f"{summary.facts} facts, {summary.quads} quads; {len(summary.warnings)} warning(s)"
    )
    if summary.skipped:
        click.echo(_skipped(summary.skipped))
    _report_warnings(summary.warnings, lambda: warnings_file or _warnings_path(ctx.store_location))
    if summary.errors:
        click.echo(f"{len(summary.errors)} file(s) not loaded:", err=True)
        for error in summary.errors:
            click.echo(f"  {error}", err=True)
        sys.exit(EXIT_INVALID)


class ProgressBar:
    """A one-line progress bar: items done of all, a bar, items a second, time left.

    `verb` and `unit` say what is counted ("loading 120/10000 files", "validating 12/10006
    graphs"). A load calls it with its LoadProgress; any other long command passes `update` as a
    `progress(done, total)` callback. Redrawn in place (a carriage return) at most every
    `interval` seconds, and at the end; `close` clears it. The clock is a parameter so that
    tests need no real time.
    """

    def __init__(
        self,
        stream: Any,
        *,
        interval: float = 0.25,
        clock: Callable[[], float] | None = None,
        width: int | None = None,
        verb: str = "loading",
        unit: str = "files",
    ) -> None:
        self.stream = stream
        self.interval = interval
        self.clock = clock or time.monotonic
        self.width = width or max(40, shutil.get_terminal_size((80, 24)).columns - 1)
        self.verb = verb
        self.unit = unit
        self.started = self.clock()
        self.drawn_at: float | None = None
        self.shown = 0  # length of the line on screen

    def __call__(self, progress: LoadProgress) -> None:
        after = None if progress.stage == "files" else "rebuilding labels and summary"
        self.update(progress.done, progress.total, after=after)

    def update(self, done: int, total: int, *, after: str | None = None) -> None:
        """Draw `done` of `total`, or `after` (what follows the counted work) when given."""
        now = self.clock()
        final = done == total or after is not None
        if not final and self.drawn_at is not None and now - self.drawn_at < self.interval:
            return
        self.drawn_at = now
        self.draw(self.line(done, total, now - self.started, after=after))

    def line(self, done: int, total: int, elapsed: float, *, after: str | None = None) -> str:
        """`loading 1234/10000 files [#####-----] 12%  85.3 files/s  1m43s left`, fit to width."""
        rate = done / elapsed if elapsed > 0 else 0.0
        unit = self.unit
        if after is not None:
            tail = after
        elif done == 0 or rate == 0:
            tail = f"{rate:.1f} {unit}/s  starting"
        else:
            tail = f"{rate:.1f} {unit}/s  {_duration((total - done) / rate)} left"
        count = f"{self.verb} {done:>{len(str(total))}}/{total} {unit}"  # a steady width
        numbers = f"{done * 100 // total if total else 100:3d}%  {tail}"
        room = min(40, self.width - len(count) - 42)  # room for the longest numbers
        if room < 10:
            return f"{count}  {numbers}"[: self.width]
        filled = room * done // total if total else room
        return f"{count}  [{'#' * filled}{'-' * (room - filled)}]  {numbers}"[: self.width]

    def draw(self, text: str) -> None:
        self.stream.write("\r" + text.ljust(self.shown))
        self.stream.flush()
        self.shown = len(text)

    def close(self) -> None:
        """Clear the bar, leaving the cursor at the start of the line."""
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def _duration(seconds: float) -> str:
    """1h02m, 3m05s or 12s."""
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _skipped(files: list[Path]) -> str:
    """One line: how many files a folder held of no type loaded, and their names when few."""
    names = ", ".join(str(path) for path in files[:FEW_SKIPPED])
    more = f" and {len(files) - FEW_SKIPPED} more" if len(files) > FEW_SKIPPED else ""
    return (
        f"skipped {len(files)} file(s) of unknown type (not .txt .md .markdown .html .htm "
        f"or an RDF syntax): {names}{more}"
    )


def _warnings_path(store_location: str) -> Path:
    """Beside a store directory (`store` → `store.load-warnings.txt`); a temporary file else."""
    if store_location != "memory:" and not store_location.startswith(("http://", "https://")):
        store = Path(store_location).expanduser()
        return store.with_name(f"{store.name}.load-warnings.txt")
    handle, name = tempfile.mkstemp(prefix="therapykg-load-warnings-", suffix=".txt")
    os.close(handle)
    return Path(name)


def _report_warnings(warnings: list[str], path: Callable[[], Path]) -> None:
    """A few warnings one a line; many grouped by kind, with the full list written to a file."""
    if len(warnings) <= FEW_WARNINGS:
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        return
    from therapykg.loaders.warning import KINDS, group

    groups = group(warnings)
    where = path()
    try:
        _write_warnings(where, groups, warnings)
        saved = f"all {len(warnings)} are listed in {where}"
    except OSError as exc:
        saved = f"the full list could not be written to {where}: {exc.strerror or exc}"
    click.echo(f"{len(warnings)} warnings of {len(groups)} kind(s); {saved}", err=True)
    digits = len(str(groups[0].count))
    for item in groups:
        code = f" [{item.kind}]" if item.kind in KINDS else ""
        click.echo(f"  {item.count:>{digits}}  {item.description}{code}", err=True)
        click.echo(f"  {'':>{digits}}  e.g. {item.example}", err=True)


def _write_warnings(path: Path, groups: list[WarningGroup], warnings: list[str]) -> None:
    """Every warning, a block per kind (commonest first), each block headed by its count."""
    from therapykg.loaders.warning import kind_of

    by_kind: dict[str, list[str]] = {}
    for warning in warnings:
        by_kind.setdefault(kind_of(warning), []).append(str(warning))
    lines: list[str] = []
    for item in groups:
        lines.append(f"# {item.kind}: {item.description} ({item.count})")
        lines.extend(by_kind[item.kind])
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--dry-run", is_flag=True, help="List what would be removed; change nothing.")
@click.option("--list", "listing", is_flag=True, help="List every loaded graph with its file.")
@pass_context
@handle_errors
def remove(ctx: Context, targets: tuple[str, ...], dry_run: bool, listing: bool) -> None:
    """Remove articles (or imported RDF) by file, folder or graph IRI, with what only they said.

    The shared graph keeps exactly what the remaining articles state, and the labels and summary
    graphs are rebuilt. A name that matches nothing removes nothing (exit status 1).
    """
    from therapykg.graph.load import remove_graphs
    from therapykg.graph.remove import find_loaded, loaded_graphs, preview

    if listing:
        with ctx.store(read_only=True) as store:
            for item in loaded_graphs(store):
                click.echo(f"{item.graph.value}  {item.source}")
        return
    if not targets:
        fail("name the files, folders or graph IRIs to remove (--list names them)", EXIT_ERROR)
    with ctx.store(read_only=dry_run) as store:
        found = find_loaded(store, targets)
        going = preview(store, found)
        if not dry_run:
            remove_graphs(store, [item.graph for item in found])
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {len(found)} graph(s):")
    for item in found:
        click.echo(f"  {item.graph.value}  {item.source}")
    click.echo(
        f"{verb} {going.shared_triples} shared triple(s) no other graph states; "
        f"{len(going.orphans)} shared node(s) no remaining graph mentions"
        + ("" if dry_run else "; labels and summary rebuilt")
    )
    for node in going.orphans[:FEW_ORPHANS]:
        click.echo(f"  {node.value}")
    if len(going.orphans) > FEW_ORPHANS:
        click.echo(f"  and {len(going.orphans) - FEW_ORPHANS} more")


@main.command()
@click.argument("sparql", required=False)
@click.option("--named", help="Run a named query (see `therapykg queries`) instead of SPARQL text.")
@click.option("--param", "params", multiple=True, help="key=value for a named query's parameter.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ResultFormat]),
    default="table",
    show_default=True,
    help="Result format.",
)
@click.option("--limit", help="With --named: at most this many rows (a page).")
@click.option("--offset", help="With --named: skip this many rows first (0: from the first).")
@click.option(
    "--after",
    help="With --named, for a listing paged by article: the cursor a page ends with (its "
    "`next: --after CURSOR`), to read the next page without the rows before it.",
)
@pass_context
@handle_errors
def query(
    ctx: Context,
    sparql: str | None,
    named: str | None,
    params: tuple[str, ...],
    fmt: str,
    limit: str | None,
    offset: str | None,
    after: str | None,
) -> None:
    """Run SPARQL (text, @file.rq or --named NAME) over all graphs; a named query's rows a page
    at a time with --limit/--offset (or --after, the cursor a page of a listing paged by article
    ends with), where the page is on standard error."""
    text, bindings = _query_and_bindings(sparql, named, params)
    if limit is not None or offset is not None or after is not None:
        if named is None:
            fail("--limit, --offset and --after go with --named", EXIT_ERROR)
        _query_page(ctx, named or "", bindings, ResultFormat(fmt), (limit, offset, after))
        return
    with ctx.store(read_only=True) as store:
        try:
            result = store.query(text, bindings=bindings)
            data = serialize_result(result, ResultFormat(fmt))
        except SyntaxError as exc:
            from therapykg.queries.diagnose import explain

            fail(explain(text, str(exc)), EXIT_ERROR)
    click.echo(data.decode("utf-8"), nl=not data.endswith(b"\n"))


def _query_page(
    ctx: Context,
    name: str,
    bindings: dict[str, Term],
    fmt: ResultFormat,
    asked: tuple[str | None, str | None, str | None],
) -> None:
    """One page of a named query on standard output; which rows, the total where the query's
    header says it is cheap, and the options for the pages beside it on standard error. One
    row past the page is asked for: when it comes, there is a next page. A listing paged by
    article (where the summary gives ordinals) is read by cursor: its next page is
    `--after CURSOR`, its previous one by offset."""
    from therapykg.errors import CursorError, UnsupportedFormat
    from therapykg.graph.byarticle import article_count
    from therapykg.graph.results import SOLUTION_FORMATS, table_text
    from therapykg.queries.registry import DEFAULT_PAGE, Window, get_query, keeps
    from therapykg.web.resultio import write_solutions

    limit, offset, after = asked
    named_query = get_query(name)
    window = Window.read(limit, offset, page=named_query.page or DEFAULT_PAGE)
    if fmt is not ResultFormat.TABLE and fmt not in SOLUTION_FORMATS:
        raise UnsupportedFormat(
            f"a SELECT result cannot be written as {fmt}; use table, json, csv, tsv or xml"
        )
    if after is not None and offset is not None:
        raise CursorError("--after: give a cursor or an --offset, not both")
    with ctx.store(read_only=True) as store:
        # a listing paged by article, where the summary gives each article an ordinal
        articles = article_count(store) if named_query.by_article else None
        if articles:
            page = _cursor_page(store, named_query, bindings, window, after, articles)
        elif after is not None:
            raise CursorError(f"--after: {name} is not read by cursor here; use --offset")
        else:  # its rows kept in the summary graph for these values, read by rank
            kept = named_query.kept_at(bindings) and keeps(store, named_query)
            page = _offset_page(store, named_query, bindings, window, kept)
    if fmt is ResultFormat.TABLE:
        data = table_text(page.names, page.rows).encode("utf-8")
    else:
        data = write_solutions(page.names, page.rows, fmt)
    click.echo(data.decode("utf-8"), nl=not data.endswith(b"\n"))
    click.echo(page.where(window.limit), err=True)


@dataclass(frozen=True, slots=True)
class _Page:
    """A page the CLI read: its columns and rows, its first row's number, the total when
    counted, and the options of the next page (None: the last)."""

    names: list[str]
    rows: list[ox.QuerySolution]
    start: int
    total: int | None
    next: str | None

    def where(self, limit: int) -> str:
        """Which rows, of how many, and the options for the pages beside it."""
        shown = (
            f"rows {self.start + 1}-{self.start + len(self.rows)}"
            if self.rows
            else f"no rows from row {self.start + 1}"
        )
        where = [shown + (f" of {self.total}" if self.total is not None else "")]
        if self.start > 0:
            where.append(f"previous: --offset {max(self.start - limit, 0)}")
        if self.next is not None:
            where.append(f"next: {self.next}")
        return "; ".join(where)


def _offset_page(
    store: Store, named_query: NamedQuery, bindings: dict[str, Term], window: Window, kept: bool
) -> _Page:
    """A page by offset, with the total where the query's header says it is cheap."""
    from dataclasses import replace

    from therapykg.web.resultio import capped

    peek = named_query.windowed(replace(window, limit=window.limit + 1), kept=kept)
    result = store.select(peek, bindings=bindings)
    names = [v.value for v in result.variables]
    rows, more = capped(result, window.limit)
    total = None
    if named_query.total:
        counted = store.select(named_query.counting(kept=kept), bindings=bindings)
        found = [row["total"] for row in counted]
        total = int(found[0].value) if found and found[0] is not None else 0
    following = f"--offset {window.next_offset}" if more and window.limit else None
    return _Page(names, rows, window.offset, total, following)


def _cursor_page(
    store: Store,
    named_query: NamedQuery,
    bindings: dict[str, Term],
    window: Window,
    after: str | None,
    articles: int,
) -> _Page:
    """A page of a listing paged by article, from `--after`'s cursor or the window's offset."""
    from therapykg.graph.byarticle import ORDINAL, Cursor, following

    cursor = Cursor.read(after) if after is not None else Cursor.at_offset(window.offset)
    text = named_query.cursor_page(cursor, window.limit + 1, articles)
    found = list(store.select(text, bindings=bindings))
    ordinals = [int(row[ORDINAL].value) for row in found]
    upcoming = following(cursor, ordinals, window.limit)
    token = f"--after {upcoming.token()}" if upcoming is not None else None
    return _Page(list(named_query.columns), found[: window.limit], cursor.row, None, token)


def _query_and_bindings(
    sparql: str | None, named: str | None, params: tuple[str, ...]
) -> tuple[str, dict[str, Term]]:
    from therapykg.queries.registry import get_query

    if (sparql is None) == (named is None):
        fail("give either SPARQL text (or @file.rq) or --named NAME", EXIT_ERROR)
    if named is None:
        if params:
            fail("--param goes with --named", EXIT_ERROR)
        return _query_text(sparql or ""), {}
    given: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            fail(f"--param {item!r}: expected key=value", EXIT_ERROR)
        given[key.strip()] = value
    named_query = get_query(named)  # QueryParameterError: exit status 2, a usage error
    return named_query.text, named_query.bindings(given)


@main.command()
def queries() -> None:
    """List the named queries with their parameters."""
    from therapykg.queries.registry import named_queries

    for name, item in named_queries().items():
        click.echo(f"{name}\n  {item.title}")
        for param in item.parameters:
            default = f" (default {param.default})" if param.default else ""
            click.echo(f"  --param {param.name}=<{param.type}>{default}")


def _query_text(sparql: str) -> str:
    if not sparql.startswith("@"):
        return sparql
    path = Path(sparql[1:])
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read the query file: {exc}", EXIT_ERROR)
    raise AssertionError("unreachable")


@main.command()
@pass_context
@handle_errors
def stats(ctx: Context) -> None:
    """Counts by class, and statements by article and tag."""
    from therapykg.graph.stats import article_counts, class_counts

    with ctx.store(read_only=True) as store:
        classes = class_counts(store)
        articles = article_counts(store)
        graphs = len(store.graphs())
    click.echo(f"store: {ctx.store_location}  ({graphs} named graphs)")
    click.echo("\nby class")
    for name, count in classes:
        click.echo(f"  {name:<32} {count:>8}")
    click.echo(f"\n{'by article':<52} statements  sourced  LLM  untagged")
    for row in articles:
        click.echo(
            f"  {row.title[:50]:<50} {row.statements:>10} {row.sourced:>8} "
            f"{row.llm_tagged:>4} {row.untagged:>9}"
        )


RDF_EXPORTS = ("turtle", "nt", "nq", "trig", "rdfxml", "jsonld")
PARTS = {  # --part, as `export -o` names what it wrote
    "data": "the data",
    "ontology": "the ontology",
    "all": "the data and the ontology",
    "void": "the VoID/DCAT description",
}


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*RDF_EXPORTS, "graphml", "gexf", "html"]),
    default="nq",
    show_default=True,
    help="An RDF syntax; GraphML/GEXF for network tools; html: a network as one offline page.",
)
@click.option(
    "--part",
    type=click.Choice(list(PARTS)),
    default="data",
    show_default=True,
    help="The data, the ontology alone, both, or the VoID/DCAT description.",
)
@click.option("--graph", help="Export only this named graph.")
@click.option(
    "--network",
    "which",
    type=click.Choice(NETWORKS),
    default="lineage",
    show_default=True,
    help="Which network, for GraphML, GEXF and html.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@pass_context
@handle_errors
def export(
    ctx: Context, fmt: str, part: str, graph: str | None, which: str, output: Path | None
) -> None:
    """Export the graph as RDF (streamed), GraphML, GEXF, or a network as one offline page."""
    from therapykg.graph import export as exports

    # The ontology ships with therapykg: exporting it alone needs no store.
    opened = ctx.store(read_only=True) if part != "ontology" else nullcontext(open_store("memory:"))
    with opened as store, _output(output) as stream:
        if fmt in ("html", "graphml", "gexf"):
            net = _network(store, which)
            if fmt == "html":
                from therapykg.web.offline import network_html

                stream.write(network_html(net, which).encode("utf-8"))
            else:
                exports.export_network(net, stream, fmt)
            what = (
                f"the {which} network ({net.number_of_nodes()} nodes, "
                f"{net.number_of_edges()} edges)"
            )
        else:
            target = ox.NamedNode(graph) if graph else None
            count = exports.export_part(store, stream, ResultFormat(fmt), part, graph=target)
            quads = fmt in ("nq", "trig", "jsonld")  # the syntaxes that keep the named graphs
            scope = f"graph <{graph}>" if graph and part in ("data", "all") else PARTS[part]
            what = f"{count} {'quads' if quads else 'triples'} of {scope}"
    if output is not None:
        size = f", {output.stat().st_size} bytes" if output.is_file() else ""
        click.echo(f"wrote {output}: {what} as {fmt}{size}", err=True)


@contextmanager
def _output(path: Path | None) -> Iterator[Any]:
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    try:
        stream = path.open("wb")
    except OSError as exc:
        fail(f"{path}: cannot write: {exc}", EXIT_ERROR)
    with stream:
        yield stream


@main.command()
@click.argument("name")
@pass_context
@handle_errors
def lineage(ctx: Context, name: str) -> None:
    """A framework's or person's roots and heirs, with sentences."""
    from therapykg.graph.network import find_node, lineage_graph
    from therapykg.graph.tree import lineage_tree

    with ctx.store(read_only=True) as store:
        graph = lineage_graph(store)
    node = find_node(graph, name)
    if node is None:
        fail(f"no framework, theory or person matches {name!r}", EXIT_INVALID)
        return
    click.echo("Drew on (ancestors):")
    click.echo("\n".join(lineage_tree(graph, node, ancestors=True)))
    click.echo("\nDrawn on by (descendants):")
    click.echo("\n".join(lineage_tree(graph, node, ancestors=False)))


@main.group()
def network() -> None:
    """Network views of the graph (lineage, elements, co-citation)."""


@network.command("stats")
@click.option("--graph", "which", type=click.Choice(NETWORKS), default="lineage", show_default=True)
@click.option("--top", default=10, show_default=True, help="How many nodes per measure.")
@pass_context
@handle_errors
def network_stats(ctx: Context, which: str, top: int) -> None:
    """The most central nodes (degree, betweenness, PageRank) and the components."""
    from therapykg.graph.network import centrality, components

    with ctx.store(read_only=True) as store:
        graph = _network(store, which)
    click.echo(f"{which}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    for measure, ranked in centrality(graph, top).items():
        click.echo(f"\n{measure}")
        for node, value in ranked:
            click.echo(f"  {value:8.4f}  {graph.nodes[node].get('label', node)}")
    parts = components(graph)
    click.echo(f"\n{len(parts)} connected component(s); sizes {[len(p) for p in parts]}")


def _network(store: Store, which: str) -> Any:
    from therapykg.graph import network as nets

    builders = {
        "lineage": nets.lineage_graph,
        "elements": nets.element_graph,
        "cocitation": nets.cocitation_graph,
    }
    return builders[which](store)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--info",
    "infos",
    is_flag=True,
    help="Also list info results: facts about articles, not faults (a miscounted source list).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Check every graph of the store, not only those loaded (or with results) since the "
    "last validation.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr (default: only when stderr is a terminal).",
)
@pass_context
@handle_errors
def validate(
    ctx: Context, files: tuple[Path, ...], infos: bool, everything: bool, progress: bool | None
) -> None:
    """Check the store (or RDF files) against the SHACL shapes.

    A store is checked graph by graph; after the first validation of an on-disk store, only
    the graphs loaded since, those that had results and the shared ones (--all: every graph).
    """
    from therapykg.ontology.validation import format_report

    if files:
        report = _validate_files(files)
        scope = None
    else:
        show = sys.stderr.isatty() if progress is None else progress
        report, scope = _validate_store(ctx, everything=everything, show=show)
    click.echo(format_report(report, infos=infos))
    if report.infos and not infos:
        click.echo(f"({len(report.infos)} info result(s) about the articles; --info lists them)")
    if scope is not None:
        click.echo(scope)
    sys.exit(report.exit_code)


def _validate_files(files: tuple[Path, ...]) -> Report:
    """RDF files, read as `load` reads RDF from outside (checked, then parsed in a capped child
    process), checked by pySHACL with the ontology."""
    from therapykg.graph.convert import to_rdflib_graph
    from therapykg.loaders.rdf import read_rdf
    from therapykg.ontology.validation import validate as run_validation

    given = ox.NamedNode("urn:therapykg:validate")
    return run_validation(to_rdflib_graph(q for path in files for q in read_rdf(path, given)))


def _validate_store(ctx: Context, *, everything: bool, show: bool) -> tuple[Report, str | None]:
    """The store's report, and a line saying what was checked when it was not every graph."""
    from therapykg.graph.validate import (
        changed_graphs,
        every_graph,
        now,
        save_state,
        validate_store,
    )

    bar = ProgressBar(sys.stderr, verb="validating", unit="graphs") if show else None
    try:
        with ctx.store(read_only=True) as store:
            scope = every_graph(store) if everything else changed_graphs(store)
            started = now()
            report = validate_store(
                store,
                graphs=scope.graphs,
                known=scope.known,
                progress=bar.update if bar else None,
            )
            save_state(store, report, started, scope)
    finally:
        if bar is not None:
            bar.close()
    if scope.graphs is None:
        return report, None
    return report, (
        f"(checked {report.checked} graph(s): those loaded since the validation of "
        f"{scope.since}, and the shared ones; the others' results are that validation's; "
        "--all checks every graph)"
    )


@main.command()
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Reason over every graph (default: only graphs loaded or changed since the last run).",
)
@click.option(
    "--hermit",
    is_flag=True,
    help="Run HermiT instead of the rules (slow: the reference the rules are tested against; "
    "always every graph).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr (default: only when stderr is a terminal).",
)
@pass_context
@handle_errors
def reason(ctx: Context, everything: bool, hermit: bool, progress: bool | None) -> None:
    """Infer the defined classes, lineage closure and inverses into the inferences graph."""
    from therapykg.graph.reason import reason_store

    show = sys.stderr.isatty() if progress is None else progress
    bar = ProgressBar(sys.stderr, verb="reasoning", unit="graphs") if show else None
    try:
        with ctx.store() as store:
            summary = reason_store(
                store,
                everything=everything,
                hermit=hermit,
                java=setting("java").value(),
                progress=bar.update if bar is not None else None,
            )
    finally:
        if bar is not None:
            bar.close()
    click.echo(
        f"reasoned over {summary.reasoned} graph(s), {summary.unchanged} unchanged, "
        f"{summary.removed} removed; {summary.inferred} triple(s) in the inferences graph"
    )


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A readable table, or JSON for machines.",
)
@click.option(
    "--threshold",
    "thresholds",
    multiple=True,
    metavar="TYPE[.METRIC]=VALUE",
    help="Exit 1 when an overall measure is below VALUE, e.g. gradings.precision=0.95 "
    "(METRIC: precision, recall or f1, the default). Repeatable.",
)
@click.option(
    "--details",
    is_flag=True,
    help="Under each article, the facts its gold has and the graph lacks (missed) and the "
    "reverse (invented). JSON always lists them.",
)
@handle_errors
def eval_command(gold_dir: Path, fmt: str, thresholds: tuple[str, ...], details: bool) -> None:
    """Score extraction against the gold files of GOLD_DIR (NAME.txt|md|html + NAME.gold.json).

    Each article is loaded alone into an in-memory store; see docs/gold-format.md.
    """
    from therapykg.evaluation.harness import evaluate_folder
    from therapykg.evaluation.report import as_json, table
    from therapykg.evaluation.score import check_thresholds, parse_threshold

    try:
        wanted = [parse_threshold(t) for t in thresholds]
    except ThresholdError as exc:
        raise click.BadParameter(str(exc), param_hint="--threshold") from None
    report = evaluate_folder(gold_dir)
    checks = check_thresholds(wanted, report.overall)
    text = as_json(report, checks) if fmt == "json" else table(report, checks, details=details)
    click.echo(text, nl=False)
    for error in report.errors:
        click.echo(f"therapykg: {error}", err=True)
    if report.errors or not all(c.passed for c in checks):
        sys.exit(EXIT_INVALID)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    help="Query worker processes in each serving process (default: one per core, up to 4; 0 "
    "runs queries in-process with no time limit).",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    help="Serving processes sharing the port (default: one per core, up to 4; a memory: store "
    "or a writable endpoint is served by one).",
)
@pass_context
@handle_errors
def serve(ctx: Context, host: str, port: int, workers: int | None, processes: int | None) -> None:
    """Serve the graph: SPARQL endpoint, editor, named queries, entity pages, search, exports.

    An empty store is first filled with the bundled articles (or THERAPYKG_ARTICLES).
    """
    from therapykg.web.serve import serve as run_server
    from therapykg.web.serve import worker_count

    run_server(
        ctx.store_location,
        host,
        port,
        worker_count(workers),
        lambda m: click.echo(m, err=True),
        processes=worker_count(processes) or 1,
    )


if __name__ == "__main__":  # pragma: no cover
    main()
