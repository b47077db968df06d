"""The one exception tree of therapykg.

    TherapyKGError                 anything therapykg raises on purpose
    ├── InputError                 bad input a user can fix (exit status 1)
    │   ├── ArticleError           an article file that cannot be read as an article
    │   └── RDFImportError         RDF from outside (a file, a request body) that cannot be read
    │       └── RDFTooLargeError   larger than the limit for its kind of input (the web: 413)
    ├── UnsupportedMediaType       input in a media type therapykg cannot read (the web: 415)
    ├── StoreError                 the store cannot be opened, read or written (exit status 2)
    │   ├── StoreInUseError        another process holds the store (a load, a serve)
    │   └── StoreWriteError        a write failed (disk full, read-only disk, file size limit);
    │                              the transaction was not applied
    ├── ReasonerError              the reasoner could not run (no Java, a crash) (exit status 2)
    └── InconsistentError          the reasoner found the data inconsistent (exit status 1)

Every InputError says where (file, line, column when known) and what was expected.
"""

from __future__ import annotations

from pathlib import Path


class TherapyKGError(Exception):
    """Base of every error therapykg raises on purpose."""


class InputError(TherapyKGError):
    """Input that cannot be used, with where it went wrong and what was expected."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        expected: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class ArticleError(InputError):
    """An article file that cannot be read as a wiki article."""


class RDFImportError(InputError):
    """RDF from outside (a file, a request body) that cannot be parsed or imported."""


class RDFTooLargeError(RDFImportError):
    """RDF input larger than the size limit for its kind of input."""


class UnsupportedMediaType(TherapyKGError, ValueError):
    """Input sent as a media type that names no syntax therapykg reads (still a ValueError, as
    it was before the tree held it)."""


class StoreError(TherapyKGError):
    """The store cannot be opened, read or written."""


class StoreInUseError(StoreError):
    """Another process holds the store: a writer excludes everyone, readers exclude writers."""


class StoreWriteError(StoreError):
    """A write to the store failed; the transaction it belonged to was not applied."""


class ReasonerError(TherapyKGError):
    """The reasoner could not run at all (for example Java is missing)."""


class InconsistentError(TherapyKGError):
    """The reasoner found the ontology and data inconsistent."""

    def __init__(self, message: str, culprits: list[str] | None = None) -> None:
        self.culprits = culprits or []
        super().__init__(message)
