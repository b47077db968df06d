"""Real SPARQL servers on 127.0.0.1 for the tests: `oxigraph serve` and Virtuoso.

Each server runs in its own temporary directory, on a free port, and is stopped when the test
session ends. Nothing here mocks a server.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with status {process.returncode}")
        try:
            requests.get(url, params={"query": "ASK {}"}, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:g} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def oxigraph_server(directory: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`oxigraph serve` with the union default graph; yields (query URL, process)."""
    port = free_port()
    command = [
        shutil.which("oxigraph") or "oxigraph",
        "serve",
        "--location",
        str(directory),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
        *extra,
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, process)
        yield url, process
    finally:
        stop(process)


VIRTUOSO_INI = """
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
MaxCheckpointRemap = 2000
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
DefaultQuery = ASK {{}}
"""


def virtuoso_binary() -> str | None:
    for name in ("virtuoso-t", "virtuoso"):
        found = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None
        )
        if found:
            return found
    return None


@contextmanager
def virtuoso_server(directory: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A private Virtuoso (Debian's virtuoso-opensource) whose /sparql endpoint may update."""
    binary = virtuoso_binary()
    if binary is None:
        raise RuntimeError("Virtuoso is not installed: apt-get install virtuoso-opensource")
    isql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, isql=isql_port, http=http_port))
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_until_up(url, process, seconds=120)
        _grant_update(isql_port)
        yield url, process
    finally:
        stop(process)


def _grant_update(isql_port: int) -> None:
    """Let the anonymous /sparql user update: fine for a private test server on loopback."""
    isql = shutil.which("isql-vt") or shutil.which("isql") or "/usr/bin/isql-vt"
    statements = 'GRANT SPARQL_UPDATE TO "SPARQL";\nGRANT EXECUTE ON DB.DBA.L_O_LOOK TO "SPARQL";\n'
    subprocess.run(
        [isql, str(isql_port), "dba", "dba"],
        input=statements.encode(),
        check=True,
        capture_output=True,
        timeout=60,
    )


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def connections_after(self, seconds: float) -> int:
        """The count once `seconds` have passed (a late connection still counts)."""
        time.sleep(seconds)
        return self.connections

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()
