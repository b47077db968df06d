"""What every benchmark shares: running a command under /usr/bin/time, medians, the machine.

Every figure is taken in a child process, so that one measurement's memory or caches never
flatter the next, and each child runs this checkout's code (`PYTHONPATH` is the repository root,
whatever `therapykg` pip has installed elsewhere).
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph

from therapykg.graph.store import OxigraphStore, Term

REPO = Path(__file__).resolve().parents[1]
Row = tuple[str, ...]  # a solution's terms as N-Triples text, in the order of its variables
RESULTS = REPO / "benchmarks" / "results"


@dataclass(slots=True)
class Run:
    """One run of a command: wall and CPU seconds, peak memory."""

    wall: float
    user: float  # CPU seconds of the command and every process it started
    system: float
    max_rss_mb: float  # the largest single process (GNU time)
    tree_rss_mb: float  # the command and its children together, sampled every 0.2 s
    load_before: float  # the 1-minute load average when it started (other work on the machine)
    stdout: str

    @property
    def cpu(self) -> float:
        return self.user + self.system


def child_env() -> dict[str, str]:
    """The environment for a child: this checkout first on the path, output unbuffered."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}


def timed(command: Sequence[str], *, cwd: Path | None = None) -> Run:
    """Run `command` under GNU time; raise if it fails."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        [gnu_time, "-v", *command],
        cwd=cwd or REPO,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = _TreeMemory(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    if process.returncode != 0:
        command_text = " ".join(command)
        raise RuntimeError(f"{command_text} failed ({process.returncode}):\n{stderr[-3000:]}")
    fields = _gnu_time_fields(stderr)
    return Run(
        wall=wall,
        user=float(fields["User time (seconds)"]),
        system=float(fields["System time (seconds)"]),
        max_rss_mb=int(fields["Maximum resident set size (kbytes)"]) / 1024,
        tree_rss_mb=sampler.peak_kb / 1024,
        load_before=load_before,
        stdout=stdout,
    )


class _TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.2):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(c) for c in children.read_text().split())
            except OSError:
                continue
    return found


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
    return int(match.group(1)) if match else 0


def _gnu_time_fields(stderr: str) -> dict[str, str]:
    fields = {}
    for line in stderr.splitlines():
        match = re.match(r"^\s*([^:]+(?:\([^)]*\))?):\s*(.*)$", line)
        if match:
            fields[match.group(1).strip()] = match.group(2).strip()
    return fields


def python(*args: str) -> list[str]:
    """A command running this interpreter."""
    return [sys.executable, *args]


def rows(store: OxigraphStore, sparql: str, bindings: Mapping[str, Term]) -> list[Row]:
    """Every row a SELECT answers, each term as its N-Triples text (unbound: "None")."""
    result = store.query(sparql, bindings=bindings)
    assert isinstance(result, pyoxigraph.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(str(row[n]) for n in names) for row in result]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (p99 of fewer than 100 samples is their maximum)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = "unknown"
    if Path("/proc/cpuinfo").exists():
        names = re.findall(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = names[0] if names else cpu
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def save(name: str, data: object) -> Path:
    """Write results as JSON under benchmarks/results/ (kept out of git)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"{name}.json"
    target.write_text(json.dumps(data, indent=1, default=_plain), encoding="utf-8")
    return target


def _plain(value: object) -> object:
    if isinstance(value, Run):
        return {**asdict(value), "stdout": value.stdout[-500:]}
    raise TypeError(type(value))


def corpus(articles: int, seed: int, root: Path) -> Path:
    """The generated corpus of `articles` articles, written once and reused."""
    folder = root / f"corpus-{seed}-{articles}"
    marker = folder / ".complete"
    if not marker.exists():
        from benchmarks.generate import generate

        shutil.rmtree(folder, ignore_errors=True)
        generate(articles, folder, seed)
        marker.write_text("ok")
    return folder


class Server:
    """A server process on a free port, stopped with its whole process group."""

    def __init__(self, command: list[str], probe: str) -> None:
        from tests.servers import free_port, wait_until_up

        self.port = free_port()
        command = [part.replace("{port}", str(self.port)) for part in command]
        self.process = subprocess.Popen(
            command,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        wait_until_up(self.base + probe, self.process)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def oxigraph(store: Path) -> Server:
    """`oxigraph serve-read-only` on the store, union default graph: its endpoint is /query."""
    binary = shutil.which("oxigraph") or "oxigraph"
    command = [binary, "serve-read-only", "--location", str(store), "--union-default-graph"]
    return Server([*command, "--bind", "127.0.0.1:{port}"], "/query")
