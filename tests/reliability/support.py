"""What the fault tests share: running the CLI as a real process, watching a store while another
process writes it, and the audit that every guarantee about a store's content comes down to.

The audit: every article graph has exactly one load record naming it, that record's sha256 is the
sha256 of the file it names, and the graph holds exactly the quads that file builds; every load
record names a graph that is there. An article is then either present whole or absent.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from therapykg.graph.build import build_article
from therapykg.graph.store import Store
from therapykg.loaders.read import read_article
from therapykg.ontology.vocab import TKG, base_iri, metadata_graph, ontology_graph

THERAPYKG = [sys.executable, "-m", "therapykg.cli"]
Triple = tuple[str, str, str]


def cli(*args: str | Path) -> list[str]:
    """The command line of `therapykg ARGS` in a fresh interpreter."""
    return [*THERAPYKG, *(str(a) for a in args)]


def run_cli(
    *args: str | Path, timeout: float = 120, prefix: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    """Run `therapykg ARGS` to the end (after `prefix`, a command that execs it); output as text."""
    return subprocess.run(
        [*prefix, *cli(*args)], capture_output=True, text=True, timeout=timeout, check=False
    )


def start_cli(*args: str | Path) -> subprocess.Popen[str]:
    """Start `therapykg ARGS` in its own process group (so a kill reaches all of it)."""
    return subprocess.Popen(
        cli(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run_clis(*commands: Sequence[str | Path]) -> list[subprocess.CompletedProcess[str]]:
    """Run several `therapykg` commands at the same time; their results, in order."""
    started = [start_cli(*command) for command in commands]
    results = []
    for process in started:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def kill_group(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """SIGKILL a process and everything it started; reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)


def no_traceback(text: str) -> bool:
    return "Traceback (most recent call last)" not in text


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def built_triples(path: Path) -> tuple[str, frozenset[Triple]]:
    """The graph name and the triples that `path` builds (what a whole article holds)."""
    built = build_article(read_article(path))
    triples = frozenset((str(q.subject), str(q.predicate), str(q.object)) for q in built.quads)
    return built.graph.value, triples


_PEEK = """
import resource, sys
import pyoxigraph as ox
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
store = ox.Store.read_only(sys.argv[1])
print(next(iter(store.query(sys.argv[2])))["n"].value)
"""


def peek_article_records(directory: Path) -> int | None:
    """How many article load records an on-disk store holds, read while another process writes.

    Opens the RocksDB files read-only behind therapykg's lock (a test looking over a writer's
    shoulder), in a process of its own: a read-only opening can meet files that the writer's
    bulk loader ingests or compaction deletes at that instant, and then RocksDB may fail, or
    spin allocating error messages (gigabytes in seconds): the process is capped at 4 GB and 2 s.
    None when the store is not there yet or could not be read at that instant.
    """
    if not (directory / "CURRENT").exists():
        return None
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PEEK, str(directory), RECORD_COUNT],
            capture_output=True,
            text=True,
            timeout=2,
        )
    except subprocess.TimeoutExpired:
        return None
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None


RECORD_COUNT = f"""
SELECT (COUNT(?r) AS ?n) WHERE {{
  GRAPH {metadata_graph()} {{ ?r {TKG.loadedGraph} ?g }}
  FILTER(?g != {ontology_graph()})
}}"""


def wait_for(
    predicate: Callable[[], bool], *, timeout: float, interval: float = 0.05, what: str
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


@dataclass
class Audit:
    """What a store holds, article by article, and every way it breaks the guarantees."""

    present: set[Path] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        shown = "\n  ".join(self.problems[:20])
        more = f"\n  … and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        counts = f"{len(self.present)} article(s) present; {len(self.problems)} problem(s)"
        return f"{counts}:\n  {shown}{more}"


SYSTEM_GRAPHS = base_iri() + "graph/"
ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def graph_contents(store: Store) -> dict[str, set[Triple]]:
    """Every named graph's triples, as N-Triples terms (one SELECT: works on every backend)."""
    result = store.query(ALL_QUADS)
    assert isinstance(result, ox.QuerySolutions)
    graphs: dict[str, set[Triple]] = defaultdict(set)
    for row in result:
        graph = row["g"]
        assert graph is not None
        graphs[graph.value].add((str(row["s"]), str(row["p"]), str(row["o"])))
    return dict(graphs)


def audit(store: Store, corpus: Iterable[Path]) -> Audit:
    """Check that every article of `corpus` is in `store` whole, with its record, or absent."""
    graphs = graph_contents(store)
    meta = graphs.pop(metadata_graph().value, set())
    for name in [g for g in graphs if g.startswith(SYSTEM_GRAPHS)]:
        del graphs[name]  # the ontology, and graphs derived from all articles (labels, inferences)
    records = _records(meta)
    by_graph: dict[str, list[dict[str, list[str]]]] = defaultdict(list)
    for record in records.values():
        for name in record.get(str(TKG.loadedGraph), []):
            by_graph[name.strip("<>")].append(record)
    report = Audit()
    expected = {built_triples(path)[0]: path for path in corpus}
    for name, triples in graphs.items():
        path = expected.get(name)
        if path is None:
            report.problems.append(f"{name}: a graph no corpus file builds")
            continue
        if _audit_article(name, triples, path, by_graph.get(name, []), report.problems):
            report.present.add(path)
    for name, found in by_graph.items():
        if not name.startswith(SYSTEM_GRAPHS) and name not in graphs:
            report.problems.append(f"{name}: {len(found)} load record(s) but no graph")
    return report


def _records(meta: set[Triple]) -> dict[str, dict[str, list[str]]]:
    records: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj in meta:
        records[subject][predicate].append(obj)
    return records


def _audit_article(
    name: str,
    triples: set[Triple],
    path: Path,
    records: Sequence[dict[str, list[str]]],
    problems: list[str],
) -> bool:
    before = len(problems)
    if len(records) != 1:
        problems.append(f"{name}: {len(records)} load records (expected exactly one)")
    for record in records:
        for key in (TKG.sha256, TKG.sourceFile, TKG.loadedGraph):
            if len(record.get(str(key), [])) != 1:
                problems.append(f"{name}: the record has {len(record.get(str(key), []))} {key}")
        shas = [value.strip('"') for value in record.get(str(TKG.sha256), [])]
        if shas != [sha256(path)]:
            problems.append(f"{name}: record sha256 {shas} is not the file's {sha256(path)}")
    expected = built_triples(path)[1]
    if triples != expected:
        problems.append(
            f"{name}: {len(triples)} triples, {len(expected)} expected "
            f"({len(expected - triples)} missing, {len(triples - expected)} extra)"
        )
    return len(problems) == before


def same_rdf(first: bytes, second: bytes, rdf_format: ox.RdfFormat) -> bool:
    """Whether two RDF documents hold the same quads, up to the names of blank nodes."""
    return differing_graphs(_by_graph(first, rdf_format), _by_graph(second, rdf_format)) == []


def _by_graph(data: bytes, rdf_format: ox.RdfFormat) -> dict[str, set[Triple]]:
    graphs: dict[str, set[Triple]] = defaultdict(set)
    for quad in ox.parse(data, format=rdf_format):
        graphs[str(quad.graph_name)].add((str(quad.subject), str(quad.predicate), str(quad.object)))
    return dict(graphs)


def differing_graphs(first: dict[str, set[Triple]], second: dict[str, set[Triple]]) -> list[str]:
    """The graphs whose content differs, blank nodes compared up to their names (rdflib's
    canonical labelling), since a blank node's label is local to one parse."""
    import rdflib
    from rdflib.compare import isomorphic

    def graph(triples: set[Triple]) -> rdflib.Graph:
        return rdflib.Graph().parse(
            data="\n".join(" ".join(t) + " ." for t in triples), format="nt"
        )

    differ = []
    for name in sorted(first.keys() | second.keys()):
        a, b = first.get(name, set()), second.get(name, set())
        ground_a = {t for t in a if "_:" not in t[0] + t[2]}
        ground_b = {t for t in b if "_:" not in t[0] + t[2]}
        if ground_a != ground_b or not isomorphic(graph(a - ground_a), graph(b - ground_b)):
            differ.append(name)
    return differ


def with_limits(*, file_size: int | None = None, address_space: int | None = None) -> list[str]:
    """A command prefix that sets resource limits, then execs the command that follows it."""
    limits = []
    if file_size is not None:
        limits.append(f"resource.setrlimit(resource.RLIMIT_FSIZE, ({file_size}, {file_size}))")
    if address_space is not None:
        limits.append(f"resource.setrlimit(resource.RLIMIT_AS, ({address_space}, {address_space}))")
    setup = "; ".join(["import os, resource, sys", *limits, "os.execv(sys.argv[1], sys.argv[1:])"])
    return [sys.executable, "-c", setup]


@dataclass
class Measured:
    """How a command ended, how long it took and the most memory it held (resident)."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool


# Forks the command from a small fresh interpreter and writes the command's own peak RSS (KB,
# from wait4) to the file named first; ends as the command ended, by its status or its signal.
# Linux carries the forking process's high-water RSS into the child's ru_maxrss (across exec,
# and vfork shares the parent's memory), so measured straight from pytest, which grows to
# hundreds of MB over the suite, every command would seem to need as much as pytest held.
_MEASURE = """
import os, signal, sys
peak_file, argv = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(peak_file, "w") as out:
    out.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(*args: str | Path, timeout: float, memory_cap: int | None = None) -> Measured:
    """Run `therapykg ARGS`, killed after `timeout` s, with its own peak RSS (from wait4 in a
    small launcher, see `_MEASURE`)."""
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        measured = _run_measured(
            [sys.executable, "-c", _MEASURE, str(peak_file)], args, timeout, memory_cap
        )
        if peak_file.exists():  # not when the command was killed at the timeout
            measured.peak_mb = int(peak_file.read_text()) / 1024
    return measured


def _run_measured(
    launcher: list[str], args: Sequence[str | Path], timeout: float, memory_cap: int | None
) -> Measured:
    process = subprocess.Popen(
        [*launcher, *with_limits(address_space=memory_cap), *cli(*args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    output: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda k=k, s=s: output.__setitem__(k, s.read()), daemon=True)
        for k, s in (("out", process.stdout), ("err", process.stderr))
    ]
    for reader in readers:
        reader.start()
    started = time.monotonic()
    timed_out = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            timed_out = True
            os.killpg(process.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.02)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join(10)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    return Measured(
        process.returncode,
        output.get("out", b"").decode("utf-8", "replace"),
        output.get("err", b"").decode("utf-8", "replace"),
        seconds,
        usage.ru_maxrss / 1024,
        timed_out,
    )


REPO = Path(__file__).resolve().parents[2]
REPORTS: list[str] = []  # lines the terminal summary prints (latencies, timings)
DATA = Path(__file__).resolve().parent / "data"
HOSTILE_GRAPH = "http://example.org/hostile"


def fill_with_hostile_data(store_dir: Path) -> None:
    """The bundled articles, a hostile article and hostile RDF, loaded by the real CLI."""
    articles = run_cli("--store", store_dir, "load", REPO / "articles", DATA / "hostile.txt")
    assert articles.returncode == 0, articles.stderr
    rdf = run_cli("--store", store_dir, "load", DATA / "hostile.ttl", "--graph", HOSTILE_GRAPH)
    assert rdf.returncode == 0, rdf.stderr


@contextlib.contextmanager
def serving(
    store_dir: Path, *, workers: int | None = None, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`therapykg serve` on `store_dir` as a real process on a free port; (process, base URL).

    `workers` None keeps serve's own default (one query worker per core, up to four).
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    command = cli("--store", store_dir, "serve", "--port", str(port))
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base, process), timeout=120, interval=0.2, what=base)
        yield process, base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                kill_group(process)
        else:
            process.communicate(timeout=30)


def _answers(base: str, process: subprocess.Popen[str]) -> bool:
    import requests

    if process.poll() is not None:
        raise AssertionError(f"serve exited with {process.returncode}: {process.stderr}")
    try:
        return requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok
    except requests.RequestException:
        return False


def without_load_times(graphs: dict[str, set[Triple]]) -> dict[str, set[Triple]]:
    """The store's content minus when each load ended: what two equal loads agree on."""
    ended = "<http://www.w3.org/ns/prov#endedAtTime>"
    return {name: {t for t in triples if t[1] != ended} for name, triples in graphs.items()}
