"""Why the embedded store could not be opened or written, said plainly.

pyoxigraph raises OSError without an errno when RocksDB fails; these read its text and say what
went wrong, that nothing of a failed write landed, and what to do.
"""

from __future__ import annotations

from pathlib import Path

from therapykg.errors import StoreError, StoreInUseError, StoreWriteError

# Why a write failed, from the text of RocksDB's error (pyoxigraph raises OSError without errno).
_WRITE_FAULTS = (
    ("No space left on device", "the disk holding the store is full"),
    ("Read-only file system", "the disk holding the store is read-only"),
    ("File too large", "a file of the store would pass this process's file size limit (ulimit -f)"),
    ("Permission denied", "this user may not write in the store's directory"),
    ("Disk quota exceeded", "the disk quota is used up"),
    (
        "Input/output error",
        "the disk holding the store failed (an I/O error: a failing disk is"
        " usually remounted read-only)",
    ),
)
_WRITE_ADVICE = (
    "; free space or make the disk writable (or copy the store elsewhere and use --store), then "
    "run the same command again: what is already loaded is skipped"
)


def _fault(exc: OSError) -> str | None:
    text = str(exc)
    return next((why for marker, why in _WRITE_FAULTS if marker in text), None)


def write_error(location: str, exc: OSError) -> StoreWriteError:
    """A failed write, said plainly: what went wrong, that nothing of it landed, what to do."""
    why = _fault(exc) or f"the write failed ({exc})"
    return StoreWriteError(
        f"{location}: {why}; the last change was not written and the store holds what it held "
        f"before it{_WRITE_ADVICE} [{exc}]"
    )


def flush_error(location: str, exc: OSError) -> StoreWriteError:
    """Every transaction was written to the store's log, but the closing flush failed."""
    why = _fault(exc) or f"the flush failed ({exc})"
    return StoreWriteError(
        f"{location}: {why}, so the store could not be flushed on closing; the changes already "
        "made are in its write-ahead log, which the next opening replays (a disk that failed may "
        f"have lost the latest of them, each whole){_WRITE_ADVICE} [{exc}]"
    )


def open_error(target: Path, exc: OSError) -> StoreError:
    """Why a store could not be opened: held by another process, an unwritable disk, or else."""
    text = str(exc)
    why = _fault(exc)
    if why is not None:
        return StoreWriteError(
            f"{target}: {why}, and opening the store for writing needs to write{_WRITE_ADVICE} "
            f"[{text}]"
        )
    if "lock" in text.lower():
        return StoreInUseError(
            f"{target}: the store is in use: another process (a therapykg load, or an oxigraph "
            "server) is writing it; wait for it to finish (or stop it) and run this again, or "
            "use another store with --store (THERAPYKG_STORE)"
        )
    return StoreError(f"{target}: cannot open the store: {text}")
