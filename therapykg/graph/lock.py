"""Who may open an on-disk store at once: one writer, or any number of readers.

RocksDB locks a store against a second writer, but not against readers: a read-only opening
sees the store as it was when it opened, and keeps serving that snapshot while a writer changes
the files under it. So a `load` into a store that `serve` holds would succeed, and the server
would go on answering from stale data (and its query workers, started at different times, from
different snapshots). `StoreLock` closes that gap with an advisory lock on `therapykg.lock` in the
store's directory: a writer holds it exclusively, readers share it, and neither waits: the one
that comes second fails at once with a message that names the store, who holds it and what to do.

The kernel releases the lock when its holder dies, however it dies (SIGKILL included), so a
crashed load never leaves a stale lock behind. One exception: a reader whose parent process holds
the store for writing (the query workers of a `serve` that accepts updates) reads alongside it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
from pathlib import Path

from therapykg.errors import StoreInUseError

LOCK_FILE = "therapykg.lock"


class StoreLock:
    """An advisory lock on a store directory; released by `release()` or when the process ends."""

    def __init__(self, directory: Path, *, exclusive: bool) -> None:
        self.directory = directory
        self.exclusive = exclusive
        self._fd: int | None = _open_lock_file(directory / LOCK_FILE, create=exclusive)
        if self._fd is None:
            return  # a reader of a read-only directory: nobody can write there anyway
        try:
            self._acquire()
        except BaseException:
            os.close(self._fd)
            self._fd = None
            raise

    def _acquire(self) -> None:
        assert self._fd is not None
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            if not self.exclusive and _holder_pid(self._fd) == os.getppid():
                os.close(self._fd)
                self._fd = None
                return
            message = in_use_message(self.directory, self._fd, self.exclusive)
            raise StoreInUseError(message) from None
        if self.exclusive:
            _write_holder(self._fd)

    def release(self) -> None:
        """Give the lock up (idempotent); a writer first clears its name from the file."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if self.exclusive:
                os.ftruncate(fd, 0)
        except OSError:
            pass  # a read-only or full disk: the name stays, the lock goes all the same
        finally:
            os.close(fd)


def _open_lock_file(path: Path, *, create: bool) -> int | None:
    """The lock file's descriptor; None when a reader finds none and cannot create one."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except FileNotFoundError:
        if create:
            raise
        return None
    except OSError as exc:
        if create or exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None


def _write_holder(fd: int) -> None:
    """Put this process's id and command line in the lock file, for the next one's message."""
    command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "python"
    data = f"{os.getpid()} {command}\n".encode()
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    except OSError:
        pass  # the lock holds without the name; only the message of a second process is poorer


def _holder(fd: int) -> tuple[int, str] | None:
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
    except OSError:
        return None
    pid, _, command = text.partition(" ")
    return (int(pid), command) if pid.isdigit() else None


def _holder_pid(fd: int) -> int | None:
    found = _holder(fd)
    return found[0] if found else None


def in_use_message(directory: Path, fd: int | None, exclusive: bool) -> str:
    """Why the store cannot be opened now, and what to do about it."""
    if fd is not None and _held_exclusively(fd):
        found = _holder(fd)
        who = f"process {found[0]} (`{found[1]}`)" if found else "another process"
        what = f"{who} is writing it"
    else:
        what = "another process (a `therapykg serve`, or a query) has it open for reading"
    return (
        f"{directory}: the store is in use: {what}; wait for it to finish (or stop it) and run "
        "this again, or use another store with --store (THERAPYKG_STORE)"
    )


def _held_exclusively(fd: int) -> bool:
    """True when a shared lock cannot be had either: a writer holds the store."""
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    fcntl.flock(fd, fcntl.LOCK_UN)
    return False
