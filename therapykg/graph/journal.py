"""The journal of a bulk batch: what the batch adds, safely on disk before the bulk loader writes.

Oxigraph's bulk loader writes table files of its own instead of a transaction, so a load that
dies while it runs can leave part of a batch in the store. Before each bulk batch the store writes
here the graphs the batch creates and the subjects it adds to existing graphs (a load record in
the metadata graph); once the batch is in, the journal is removed. Finding a journal on opening
means a batch was cut short: the store removes exactly what it names, in one transaction.

For an on-disk store the journal is the file `therapykg.journal` in the store's directory,
written to a temporary file, synced, renamed into place and the directory synced: on disk before
any of the batch is. For an in-memory store it is kept in memory (there is nothing to reopen,
but the tests that stop a load at every write use it to check the rollback).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from therapykg.graph.shared import shared_quads_of
from therapykg.graph.substitute import substitute, with_quads
from therapykg.graph.updatetexts import DELETE_DATA, DELETE_SUBJECT, DROP_GRAPH

JOURNAL_FILE = "therapykg.journal"


@dataclass(frozen=True, slots=True)
class Pending:
    """What one bulk batch adds: whole new graphs, and (subject, graph) pairs new to a graph."""

    graphs: tuple[str, ...]
    subjects: tuple[tuple[str, str], ...] = ()
    # shared nodes the batch states something about in the shared graph (therapykg.graph.shared)
    nodes: tuple[str, ...] = ()

    def rollback(self, orphans: Sequence[str] = ()) -> str:
        """One SPARQL update (one transaction) that removes all of it: its graphs, its subjects,
        and `orphans`, the shared triples (as keys) that no load record outside it holds."""
        steps = [substitute(DROP_GRAPH, {"graph": ox.NamedNode(g)}) for g in self.graphs]
        steps += [
            substitute(DELETE_SUBJECT, {"graph": ox.NamedNode(g), "subject": ox.NamedNode(s)})
            for s, g in self.subjects
        ]
        if orphans:
            steps.append(with_quads(DELETE_DATA, shared_quads_of(orphans)))
        return " ;\n".join(steps)

    def to_json(self) -> str:
        return json.dumps({"graphs": self.graphs, "subjects": self.subjects, "nodes": self.nodes})

    @classmethod
    def from_json(cls, text: str) -> Pending:
        data = json.loads(text)
        return cls(
            tuple(str(g) for g in data["graphs"]),
            tuple((str(s), str(g)) for s, g in data["subjects"]),
            tuple(str(n) for n in data.get("nodes", ())),
        )


class Journal:
    """The journal of one store: a file in `directory`, or kept in memory when it is None."""

    def __init__(self, directory: Path | None) -> None:
        self.path = None if directory is None else directory / JOURNAL_FILE
        self._held: Pending | None = None

    def write(self, pending: Pending) -> None:
        """Record `pending`, durably on disk before this returns (OSError when it cannot be)."""
        if self.path is None:
            self._held = pending
            return
        temporary = self.path.with_name(JOURNAL_FILE + ".tmp")
        with temporary.open("w", encoding="utf-8") as out:
            out.write(pending.to_json())
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)
        _sync_directory(self.path.parent)

    def read(self) -> Pending | None:
        """The batch a load left unfinished, if any; ValueError when the file is unreadable."""
        if self.path is None:
            return self._held
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            return Pending.from_json(text)
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{self.path}: not a journal of therapykg ({exc})") from exc

    def clear(self) -> None:
        if self.path is None:
            self._held = None
            return
        self.path.unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
