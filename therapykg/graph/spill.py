"""A run of articles new to the store, gathered as N-Quads in a file and bulk loaded at once.

Oxigraph's bulk loader is fast into an empty store (at 10,000 articles, 171–239 s for every quad
at once) and slower a batch at a time into a growing one: 313 bulk loads of 32 articles, each
flushed, kept the load's writer busy 485–609 s; in 4 runs, 368 s (docs/benchmarks.md, issue
13's sixth and seventh runs). So the load writes the N-Quads of its new articles (with their
load records and shared triples) to a spill file beside the store, and hands the file to the
bulk loader once it holds a run of them (`writer.SPILL_RUNS` runs a load), while the next run
is gathered.

A run is one journalled bulk batch (`Store.add_new`): its journal names every graph and record
of the run, so a load that dies while the run goes in is rolled back whole when the store next
opens, and a rerun parses those articles again. The file is removed once the run is in (or
failed); a file left by a process that died is removed by the next load (`discard_stale`).
For a store in memory the run is gathered in memory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from therapykg.graph.store import NewQuads
from therapykg.graph.storefaults import write_error

SPILL_PREFIX = "therapykg-spill-"
SPILL_SUFFIX = ".nq"


class Spill:
    """One run's N-Quads (in a file of `directory`, or in memory when it is None) and what the
    run adds: its graphs, the (subject, graph) pairs new to a graph, the shared nodes."""

    def __init__(self, directory: Path | None, location: str) -> None:
        self.location = location
        self.path: Path | None = None
        self._file: BinaryIO | None = None
        self._parts: list[bytes] = []
        self.graphs: list[ox.NamedNode] = []
        self.subjects: list[tuple[ox.NamedNode, ox.NamedNode]] = []
        self.nodes: dict[str, None] = {}
        if directory is not None:
            try:
                descriptor, name = tempfile.mkstemp(SPILL_SUFFIX, SPILL_PREFIX, directory)
            except OSError as exc:
                raise write_error(location, exc) from exc
            self.path = Path(name)
            self._file = os.fdopen(descriptor, "wb")

    def __len__(self) -> int:
        return len(self.graphs)

    def add(
        self,
        data: Sequence[bytes],
        graph: ox.NamedNode,
        subject: tuple[ox.NamedNode, ox.NamedNode],
        nodes: Sequence[str],
    ) -> None:
        """One article's N-Quads (its graph, its load record, its shared triples)."""
        if self._file is None:
            self._parts.extend(data)
        else:
            try:
                for part in data:
                    self._file.write(part)
            except OSError as exc:
                self.discard()
                raise write_error(self.location, exc) from exc
        self.graphs.append(graph)
        self.subjects.append(subject)
        self.nodes.update(dict.fromkeys(nodes))

    def new_quads(self) -> NewQuads:
        """The run, ready for `Store.add_new`: the file closed (its data on disk), or the bytes."""
        if self._file is not None:
            try:
                self._file.close()
            except OSError as exc:
                self.discard()
                raise write_error(self.location, exc) from exc
        data: bytes | Path = b"".join(self._parts) if self.path is None else self.path
        self._parts = []
        return NewQuads(
            data,
            graphs=self.graphs,
            subjects=self.subjects,
            nodes=[ox.NamedNode(n) for n in self.nodes],
        )

    def discard(self) -> None:
        """Close and remove the file (the run is in the store, or will never be)."""
        self._parts = []
        if self._file is not None and not self._file.closed:
            # removed below all the same; the error that matters is the caller's
            with contextlib.suppress(OSError):
                self._file.close()
        if self.path is not None:
            # a disk gone read-only (or full) may refuse even this: the next load removes a spill
            # file left behind (`discard_stale`), and the error that ended this one is reported
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def discard_stale(directory: Path | None) -> int:
    """Remove the spill files a load that died left in the store's directory; how many."""
    if directory is None or not directory.is_dir():
        return 0
    stale = list(directory.glob(f"{SPILL_PREFIX}*{SPILL_SUFFIX}"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
