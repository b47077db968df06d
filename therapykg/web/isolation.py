"""Fences a query worker process puts around itself when it starts, before it opens the store.

- No network: on Linux the worker moves into a network namespace of its own (`unshare`), which
  holds nothing but a loopback interface that is down: no address, no route, nothing to connect
  to, not even 127.0.0.1. A SERVICE that got past the endpoint's parse would fail to connect.
  As root (or with CAP_SYS_ADMIN) a plain CLONE_NEWNET works; otherwise a user namespace is
  made first (CLONE_NEWUSER | CLONE_NEWNET), which unprivileged users may do where the kernel
  allows it. Namespaces are per thread, so this must run while the process has one thread.
  The worker keeps its pipe to the serving process (a pipe is not a network).
- Bounded memory: RLIMIT_AS caps the worker's address space; an allocation past it fails, and
  the worker dies (Rust and C++ abort) or raises MemoryError (Python).
"""

from __future__ import annotations

import ctypes
import os
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def _unshare(flags: int) -> bool:
    call = getattr(os, "unshare", None)  # Python 3.12+
    if call is not None:
        try:
            call(flags)
        except OSError:
            return False
        return True
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    return bool(libc.unshare(ctypes.c_int(flags)) == 0)


def isolate_network() -> bool:
    """Move this process into a network namespace of its own; False where the system refuses
    (not Linux, no privilege and no unprivileged user namespaces, a seccomp filter)."""
    if not sys.platform.startswith("linux"):
        return False
    return _unshare(CLONE_NEWNET) or _unshare(CLONE_NEWUSER | CLONE_NEWNET)


def limit_memory(limit: int) -> bool:
    """Cap this process's address space at `limit` bytes, the hard limit too (so that nothing
    in the process can raise it again; never above the hard limit it already has); False
    where the system refuses."""
    try:
        import resource  # Unix only
    except ImportError:
        return False
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        return False
    return True
