"""What a load did (`LoadSummary`) and how far it is (`LoadProgress`, told by `Progress`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from therapykg.errors import InputError


@dataclass(slots=True)
class LoadSummary:
    """What a load did, for the CLI's closing summary."""

    articles: int = 0
    rdf_files: int = 0
    unchanged: int = 0
    statements: int = 0
    facts: int = 0
    quads: int = 0
    warnings: list[str] = field(default_factory=list)  # "file: warning", each with its kind
    errors: list[InputError] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in a folder of no type loaded
    # whether the derived graphs were rebuilt: not when the store's stamp says that nothing they
    # are built from changed since their last whole rebuild (therapykg.graph.derived)
    derived: bool = False


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """How far a load is: files done of the files in it. A file is done when it was found
    unchanged, failed, or was read and built and handed to the writer (which writes a batch of
    them at a time, the last batch after the last file).

    `stage` is "files" while files are read and written, then "derived" while the labels and
    summary graphs are rebuilt from them (the last seconds of a large load; no "derived" stage
    when nothing they are built from changed since they were last rebuilt whole).
    """

    done: int
    total: int
    stage: str = "files"


class Progress:
    """Counts files done and tells the caller's callback, if there is one."""

    def __init__(self, total: int, callback: Callable[[LoadProgress], None] | None) -> None:
        self.done = 0
        self.total = total
        self.callback = callback
        if callback is not None:
            callback(LoadProgress(0, total))

    def file_done(self) -> None:
        self.done += 1
        if self.callback is not None:
            self.callback(LoadProgress(self.done, self.total))

    def stage(self, stage: str) -> None:
        if self.callback is not None:
            self.callback(LoadProgress(self.done, self.total, stage))
