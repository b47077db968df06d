"""A full disk and a read-only disk during a load: a clear error (exit status 2, no traceback),
the store as it was (what was committed stays whole, the failed transaction left no trace), and
the same load, run again on a healthy disk, finishes the rest.

Which disks can be made here is decided by tests/reliability/disks.py: a tmpfs and an ext4 loop
image when `mount` works (root), a file size limit (RLIMIT_FSIZE) always, and directory
permissions for a user other than root.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.reliability import disks
from tests.reliability.corpus import write_corpus
from tests.reliability.support import (
    audit,
    graph_contents,
    kill_group,
    no_traceback,
    peek_article_records,
    run_cli,
    start_cli,
    wait_for,
    with_limits,
)
from therapykg.graph.store import OxigraphStore

CORPUS_SIZE = 300
FIRST = 20  # loaded before the fault: these must come through untouched
SUMMARY = re.compile(r"loaded (\d+) article\(s\) and \d+ RDF file\(s\), (\d+) unchanged")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """(all articles, the first FIRST of them in a folder of their own, every path)."""
    root = tmp_path_factory.mktemp("disk")
    paths = write_corpus(root / "articles", CORPUS_SIZE)
    first = root / "first"
    first.mkdir()
    for path in paths[:FIRST]:
        shutil.copy(path, first / path.name)
    return root / "articles", first, paths


def _preload(store_dir: Path, first: Path) -> dict[str, set[tuple[str, str, str]]]:
    done = run_cli("--store", store_dir, "load", first)
    assert done.returncode == 0, done.stderr
    with OxigraphStore(store_dir, read_only=True) as store:
        return graph_contents(store)


def _assert_clear_failure(stderr: str, store_dir: Path, *phrases: str) -> None:
    assert no_traceback(stderr), stderr
    assert str(store_dir) in stderr, stderr
    assert "run the same command again" in stderr, stderr
    assert any(phrase in stderr for phrase in phrases), stderr


def _assert_kept_and_finish(
    store_dir: Path, folder: Path, paths: list[Path], before: dict[str, set[tuple[str, str, str]]]
) -> None:
    """The first articles are as they were, the rest whole or absent; a second run finishes."""
    with OxigraphStore(store_dir) as store:
        report = audit(store, paths)
        now = graph_contents(store)
    assert not report.problems, str(report)
    kept = {name: triples for name, triples in before.items() if "/article/" in name}
    assert all(now.get(name) == triples for name, triples in kept.items())
    present = len(report.present)
    assert FIRST <= present < len(paths)
    again = run_cli("--store", store_dir, "load", folder)
    assert again.returncode == 0, again.stderr
    found = SUMMARY.search(again.stdout)
    assert found and (int(found.group(1)), int(found.group(2))) == (len(paths) - present, present)
    with OxigraphStore(store_dir, read_only=True) as store:
        final = audit(store, paths)
    assert not final.problems and len(final.present) == len(paths), str(final)


def _full_disk_cases() -> list[str]:
    return ["file-size-limit", *(["tmpfs"] if disks.mount_works() else [])]


@pytest.mark.parametrize("kind", _full_disk_cases())
def test_disk_full_during_a_load(
    tmp_path: Path, corpus: tuple[Path, Path, list[Path]], kind: str
) -> None:
    folder, first, paths = corpus
    if kind == "tmpfs":
        with disks.tmpfs(tmp_path / "disk", 256 * 1024) as disk:
            store_dir = disk / "store"
            before = _preload(store_dir, first)
            disks.resize(disk, disks.used_kb(disk) + 4096)  # room for a few dozen articles
            failed = run_cli("--store", store_dir, "load", folder)
            assert failed.returncode == 2, failed.stderr
            _assert_clear_failure(failed.stderr, store_dir, "the disk holding the store is full")
            disks.resize(disk, 256 * 1024)  # space freed
            _assert_kept_and_finish(store_dir, folder, paths, before)
        return
    store_dir = tmp_path / "store"
    before = _preload(store_dir, first)
    limit = 1 << 20  # no file of the store may grow past 1 MiB: the log soon would
    failed = run_cli("--store", store_dir, "load", folder, prefix=with_limits(file_size=limit))
    assert failed.returncode == 2, failed.stderr
    _assert_clear_failure(failed.stderr, store_dir, "file size limit (ulimit -f)")
    _assert_kept_and_finish(store_dir, folder, paths, before)


def test_read_only_disk_at_the_start(tmp_path: Path, corpus: tuple[Path, Path, list[Path]]) -> None:
    folder, first, paths = corpus
    mechanism = disks.read_only_mechanism()
    assert mechanism, "no way to make a read-only disk here: need mount (root) or a non-root user"
    disk = tmp_path / "disk"
    with disks.tmpfs(disk, 64 * 1024) if mechanism == "mount" else _folder(disk):
        store_dir = disk / "store"
        before = _preload(store_dir, first)
        files = _fingerprint(store_dir)
        _make_read_only(mechanism, disk, store_dir, True)
        try:
            failed = run_cli("--store", store_dir, "load", folder)
            assert failed.returncode == 2, failed.stderr
            _assert_clear_failure(
                failed.stderr,
                store_dir,
                "the disk holding the store is read-only",
                "may not write in the store's directory",
            )
            assert _fingerprint(store_dir) == files
            with OxigraphStore(store_dir, read_only=True) as store:  # still readable
                assert graph_contents(store) == before
        finally:
            _make_read_only(mechanism, disk, store_dir, False)
        _assert_kept_and_finish(store_dir, folder, paths, before)


def _stopped_after_a_batch(loader: subprocess.Popen[str], store_dir: Path) -> bool:
    """Stop the load and look: True (the load left stopped) when it has ended or a batch of new
    articles is in the store; else continue it and answer False."""
    if loader.poll() is not None:
        return True
    os.killpg(loader.pid, signal.SIGSTOP)
    if (peek_article_records(store_dir) or 0) > FIRST:
        return True
    os.killpg(loader.pid, signal.SIGCONT)
    return False


def test_disk_turning_read_only_during_a_load(
    tmp_path: Path, corpus: tuple[Path, Path, list[Path]]
) -> None:
    folder, first, paths = corpus
    mechanism = disks.read_only_mechanism()
    assert mechanism, "no way to make a read-only disk here: need mount (root) or a non-root user"
    image = (
        disks.Ext4Image(tmp_path / "ext4.img", tmp_path / "disk", 512)
        if mechanism == "mount"
        else None
    )
    store_dir = tmp_path / "disk" / "store"
    try:
        before = _preload(store_dir, first)
        loader = start_cli("--store", store_dir, "load", folder)
        try:
            # The load is stopped (SIGSTOP) while the store is looked at, and left stopped once
            # a batch of new articles is in it: the disk then fails before anything after that
            # batch is written, whatever the machine's speed (a quiet machine wrote the rest of
            # a small load between two looks). A stopped process is not a crashed one.
            wait_for(
                lambda: _stopped_after_a_batch(loader, store_dir),
                timeout=60,
                what="a batch of new articles",
            )
            assert loader.poll() is None, "the load ended before the disk could fail"
            if image is not None:
                image.fail()
            else:
                disks.chmod_read_only(store_dir, True)
            os.killpg(loader.pid, signal.SIGCONT)
            _, err = loader.communicate(timeout=60)
        finally:
            kill_group(loader)
        assert loader.returncode == 2, err
        _assert_clear_failure(
            err,
            store_dir,
            "the disk holding the store is read-only",
            "the disk holding the store failed",
            "may not write in the store's directory",
        )
        if image is not None:
            image.repair()
        else:
            disks.chmod_read_only(store_dir, False)
        _assert_recovered_and_finish(store_dir, folder, paths, before)
    finally:
        if image is not None:
            image.close()


def _assert_recovered_and_finish(
    store_dir: Path,
    folder: Path,
    paths: list[Path],
    before: dict[str, set[tuple[str, str, str]]],
) -> None:
    """After a failed disk, each article is whole or absent; what was synced before stays."""
    with OxigraphStore(store_dir) as store:
        report = audit(store, paths)
    assert not report.problems, str(report)
    assert len(report.present) >= FIRST, "what was flushed before the load began is kept"
    again = run_cli("--store", store_dir, "load", folder)
    assert again.returncode == 0, again.stderr
    with OxigraphStore(store_dir, read_only=True) as store:
        final = audit(store, paths)
        now = graph_contents(store)
    assert not final.problems and len(final.present) == len(paths), str(final)
    assert all(now[name] == triples for name, triples in before.items() if "/article/" in name)


def _fingerprint(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def _make_read_only(mechanism: str, disk: Path, store_dir: Path, read_only: bool) -> None:
    if mechanism == "mount":
        disks.set_read_only(disk, read_only)
    else:
        disks.chmod_read_only(store_dir, read_only)


class _folder:
    """A plain directory, for the permission-based variant (nothing to mount)."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def __enter__(self) -> Path:
        self.where.mkdir(parents=True, exist_ok=True)
        return self.where

    def __exit__(self, *exc: object) -> None:
        return None
