"""Giving freed memory back to the system between the steps of a large load.

Oxigraph frees what a query or a bulk load used when it ends, but the C allocator (glibc's
malloc) keeps freed memory for reuse, in one arena per thread that allocated it, so a process
whose steps each peak at a different place (the bulk loads, then the summary's queries in two
threads, then the kept tables) holds the high-water marks of all of them: at 10,000 articles
the derived stage grew from 0.8 GB to 2.5 GB resident though no step held more than about
1.2 GB at once (docs/benchmarks.md, the ninth run). `trim` asks glibc to return every arena's
free pages (`malloc_trim(0)`); elsewhere (another C library, another system) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        function = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


def trim() -> None:
    """Return the allocator's free memory to the system, where it can (glibc)."""
    function = _malloc_trim()
    if function is not None:
        function(0)
