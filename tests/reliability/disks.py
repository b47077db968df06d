"""Small and failing disks for the fault tests, made with what the machine allows.

- A full disk: a tmpfs of a few megabytes (needs `mount`, i.e. root with CAP_SYS_ADMIN), or,
  anywhere, a file size limit on the loading process (RLIMIT_FSIZE, `ulimit -f`): RocksDB's
  write then fails with EFBIG where a full disk gives ENOSPC.
- A read-only disk from the start: a read-only tmpfs (needs `mount`), or, for a user other than
  root (whom permissions do not stop), a directory without write permission.
- A disk that turns read-only during a load: an ext4 image on a loop device mounted with
  errors=remount-ro, whose error is triggered through /sys/fs/ext4/<dev>/trigger_fs_error: the
  kernel then refuses every write with EROFS, as when a real disk fails. Without `mount`, a
  non-root user takes write permission away from the store's directory part-way instead.

`mount_works()` says which kind applies here; the tests take the strongest the machine offers.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


@functools.cache
def mount_works() -> bool:
    """True when this process may mount a tmpfs and an ext4 loop image (and unmount them)."""
    if os.geteuid() != 0 or not shutil.which("mount") or not shutil.which("mkfs.ext4"):
        return False
    with tempfile.TemporaryDirectory() as where:
        if _run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", where).returncode != 0:
            return False
        return _run("umount", where).returncode == 0


def read_only_mechanism() -> str:
    """How this machine makes a read-only disk: "mount", "chmod" (not root), or "" (neither)."""
    if mount_works():
        return "mount"
    return "chmod" if os.geteuid() != 0 else ""


def _unmount(where: Path) -> None:
    if _run("umount", str(where)).returncode != 0:
        _run("umount", "-l", str(where))


@contextlib.contextmanager
def tmpfs(where: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of `size_kb` kilobytes mounted on `where` (created) for the block."""
    where.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(where))
    assert done.returncode == 0, done.stderr
    try:
        yield where
    finally:
        _unmount(where)


def resize(where: Path, size_kb: int) -> None:
    """Grow or shrink a mounted tmpfs (it may not shrink below what it holds)."""
    done = _run("mount", "-o", f"remount,size={size_kb}k", str(where))
    assert done.returncode == 0, done.stderr


def set_read_only(where: Path, read_only: bool) -> None:
    """Remount a tmpfs read-only or writable again."""
    done = _run("mount", "-o", f"remount,{'ro' if read_only else 'rw'}", str(where))
    assert done.returncode == 0, done.stderr


def used_kb(where: Path) -> int:
    info = os.statvfs(where)
    return (info.f_blocks - info.f_bfree) * info.f_frsize // 1024


class Ext4Image:
    """An ext4 file system in a file, on a loop device, that can be made to fail read-only."""

    def __init__(self, image: Path, mountpoint: Path, size_mb: int) -> None:
        self.image, self.mountpoint = image, mountpoint
        with image.open("wb") as stream:
            stream.truncate(size_mb << 20)
        done = _run("mkfs.ext4", "-q", "-F", str(image))
        assert done.returncode == 0, done.stderr
        mountpoint.mkdir(parents=True, exist_ok=True)
        self.mount()

    def mount(self) -> None:
        options = "loop,errors=remount-ro"
        done = _run("mount", "-o", options, str(self.image), str(self.mountpoint))
        assert done.returncode == 0, done.stderr

    def device(self) -> str:
        done = _run("findmnt", "-n", "-o", "SOURCE", str(self.mountpoint))
        return Path(done.stdout.strip()).name

    def fail(self) -> None:
        """Make the kernel see an error on the file system: it turns read-only at once."""
        Path(f"/sys/fs/ext4/{self.device()}/trigger_fs_error").write_text("1\n")

    def repair(self) -> None:
        """Unmount, check and repair (e2fsck), and mount again writable."""
        _unmount(self.mountpoint)
        _run("e2fsck", "-f", "-y", str(self.image))  # 1: errors corrected, as expected
        self.mount()

    def close(self) -> None:
        _unmount(self.mountpoint)
        self.image.unlink(missing_ok=True)


def chmod_read_only(directory: Path, read_only: bool) -> None:
    """Take write permission away from a directory and what it holds (or give it back)."""
    for path in [directory, *directory.iterdir()]:
        mode = path.stat().st_mode
        write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        path.chmod(mode & ~write if read_only else mode | stat.S_IWUSR)
