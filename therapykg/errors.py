"""The one exception tree of therapykg.

Every class carries the HTTP status the web answers with (`status`) and the exit status the
command line ends with (`exit_code`: 0 ok, 1 the data is invalid, 2 a usage or runtime error, as
the README says); the web app and the CLI each have one handler that reads them.

    TherapyKGError                  500  2  anything therapykg raises on purpose
    ├── InputError                  400  1  bad input a user can fix, with where it went wrong
    │   ├── ArticleError            400  1  an article file that cannot be read as an article
    │   ├── RDFImportError          400  1  RDF from outside (a file, a request body) unreadable
    │   │   └── RDFTooLargeError    413  1  larger than the limit for its kind of input
    │   └── NotInStoreError         404  1  files or graphs named for removal that the store lacks
    ├── InconsistentError           422  1  the reasoner found the data inconsistent
    ├── UsageError                  400  2  a request or command that cannot be done as asked
    │   ├── QueryParameterError     400  2  a named query's parameter that does not fit
    │   │   └── CursorError         400  2  a paging cursor (`after=`) this code did not write
    │   ├── UnsupportedFormat       400  2  a result format that does not fit the result
    │   ├── NotAcceptable           400  2  `format=` names nothing this result can be written as
    │   ├── UnsupportedMediaType    415  2  input in a media type therapykg cannot read
    │   ├── ThresholdError          400  2  an `eval --threshold` that cannot be read
    │   ├── NotFoundError           404  2  nothing in the graph is called that (the Python API)
    │   ├── GoldError               400  2  a gold file that cannot be used
    │   ├── Unreadable              400  2  a query or update that cannot be parsed
    │   └── Refused                 403  2  what the endpoint never does (SERVICE, LOAD, update)
    ├── RequestError                  *  2  an HTTP request the web answers with its own status
    │   ├── WebError                  *  2  what a view decided (404 not found, 403, 503 ...)
    │   └── ProtocolError             *  2  what the SPARQL Protocol does not allow
    ├── ExecutorError               500  2  a query the endpoint could not answer
    │   ├── QueryFailed             400  2  the store refused the query (syntax, bad argument)
    │   ├── QueryRefused            403  2  SERVICE, LOAD or an update, refused by the worker
    │   ├── QueryTimeout            503  2  past its time limit; its worker was stopped
    │   ├── ExecutorBusy            503  2  every worker busy for the whole time limit
    │   ├── QueryOutOfMemory        503  2  past its memory limit; its worker was replaced
    │   └── WorkerCrashed           500  2  the worker process died
    ├── StoreError                  503  2  the store cannot be opened, read or written
    │   ├── StoreInUseError         503  2  another process holds the store (a load, a serve)
    │   └── StoreWriteError         503  2  a write failed (disk full, read-only disk); the
    │                                       transaction was not applied
    ├── ReasonerError               500  2  the reasoner could not run (no Java, a crash)
    ├── UnsupportedShape            500  2  a SHACL shape the store's checker cannot read
    ├── LoadWorkerError             500  2  a load worker process failed or ended
    ├── ValidationWorkerError       500  2  a validation worker process failed or ended
    └── ExportCancelled             500  2  the client of a streamed export went away (internal:
                                            the writer stops; nothing is answered)

`*`: the status is given with each error. QueryParameterError, UnsupportedFormat,
NotAcceptable, UnsupportedMediaType and ThresholdError are also ValueErrors, and NotFoundError a
LookupError, as they were before the tree held them. Builtin exceptions stay for programming
errors (a query of ours that is not a SELECT, a shipped file without a suffix).
"""

from __future__ import annotations

from pathlib import Path


class TherapyKGError(Exception):
    """Base of every error therapykg raises on purpose."""

    status = 500  # the HTTP status the web answers with
    exit_code = 2  # the command line's exit status


class InputError(TherapyKGError):
    """Input that cannot be used, with where it went wrong and what was expected."""

    status = 400
    exit_code = 1

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

    status = 413


class NotInStoreError(InputError):
    """Files, folders' files or graph IRIs named for removal that no loaded graph answers to."""

    status = 404

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            ", ".join(missing),
            "no graph in the store was loaded from this or has this IRI; nothing was removed",
            expected="a file or folder that was loaded, or a loaded graph's IRI "
            "(`therapykg remove --list` names each with its file)",
        )


class InconsistentError(TherapyKGError):
    """The reasoner found the ontology and data inconsistent."""

    status = 422
    exit_code = 1

    def __init__(self, message: str, culprits: list[str] | None = None) -> None:
        self.culprits = culprits or []
        super().__init__(message)


# -- usage: what was asked cannot be done as asked ----------------------------------------------


class UsageError(TherapyKGError):
    """A request or a command that cannot be done as asked; the message says what would do."""

    status = 400


class QueryParameterError(UsageError, ValueError):
    """A parameter value that does not fit, or a parameter the query does not declare."""


class CursorError(QueryParameterError):
    """A paging cursor (`after=`, `--after`) that is not one this code wrote."""


class UnsupportedFormat(UsageError, ValueError):
    """The asked format does not fit the kind of result (say CSV for a CONSTRUCT)."""


class NotAcceptable(UsageError, ValueError):
    """`format=` names something this kind of result cannot be written as."""


class UnsupportedMediaType(UsageError, ValueError):
    """Input sent as a media type that names no syntax therapykg reads."""

    status = 415


class ThresholdError(UsageError, ValueError):
    """An `eval --threshold` that cannot be read: what is wrong and what was expected."""


class NotFoundError(UsageError, LookupError):
    """Nothing in the graph goes by the name given."""

    status = 404


class GoldError(UsageError):
    """A gold file that cannot be used: which file, where in it, and what was expected."""

    def __init__(self, path: str | Path, where: str, message: str) -> None:
        self.path, self.where, self.message = str(path), where, message
        super().__init__(f"{self.path}: {where}: {message}" if where else f"{path}: {message}")


class Unreadable(UsageError):
    """The request could not be parsed (HTTP 400); the message says where and why."""


class Refused(UsageError):
    """The request asks for what the endpoint never does (HTTP 403)."""

    status = 403


# -- the web's requests -------------------------------------------------------------------------


class RequestError(TherapyKGError):
    """An HTTP request answered with the status given, and a message a user can act on."""

    def __init__(self, status: int, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail  # for people: shown on the HTML page only, never in data answers


class WebError(RequestError):
    """What a view decided to answer: 404 for nothing there, 403, 503 and so on."""


class ProtocolError(RequestError):
    """A request the SPARQL Protocol does not allow; `status` is the HTTP status to answer."""


# -- the endpoint's query executor --------------------------------------------------------------


class ExecutorError(TherapyKGError):
    """The query could not be answered; the message says why, for the person who sent it."""


class QueryFailed(ExecutorError):
    """The store refused the query (a syntax error, an unknown function, a bad argument)."""

    status = 400


class QueryRefused(ExecutorError):
    """The query asks for what the endpoint never does: SERVICE, LOAD, an update."""

    status = 403


class QueryTimeout(ExecutorError):
    """The query ran past its time limit and its worker was stopped."""

    status = 503


class ExecutorBusy(ExecutorError):
    """Every worker stayed busy for the whole time limit."""

    status = 503


class QueryOutOfMemory(ExecutorError):
    """The query needed more memory than its worker may use; the worker was replaced."""

    status = 503


class WorkerCrashed(ExecutorError):
    """The worker process died while running the query."""


# -- the store, the reasoner, the loader --------------------------------------------------------


class StoreError(TherapyKGError):
    """The store cannot be opened, read or written."""

    status = 503


class StoreInUseError(StoreError):
    """Another process holds the store: a writer excludes everyone, readers exclude writers."""


class StoreWriteError(StoreError):
    """A write to the store failed; the transaction it belonged to was not applied."""


class ReasonerError(TherapyKGError):
    """The reasoner could not run at all (for example Java is missing)."""


class UnsupportedShape(TherapyKGError):
    """A SHACL shape uses a constraint or path the store's checker (ontology/shacl.py) does not
    implement: a shapes.ttl this version of therapykg cannot check a store against."""


class LoadWorkerError(TherapyKGError):
    """A process that reads articles for a load failed or ended unexpectedly."""


class ValidationWorkerError(TherapyKGError):
    """A process that checks graphs for `validate` failed or ended unexpectedly."""


class ExportCancelled(TherapyKGError):
    """The client of a streamed export went away; the writer stops (never answered)."""
