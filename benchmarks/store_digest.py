"""What a store holds, as one digest: to show that two checkouts' loads wrote the same quads.

    python -m benchmarks.store_digest STORE [STORE ...] [--without TEXT ...]

Prints, per store, one JSON object: the number of quads, and the sha256 of its N-Quads lines,
sorted. The times a load writes on its load records (`prov:endedAtTime`, the only value that
differs between two loads of the same files) are replaced by one placeholder first, and so are
blank node labels (Oxigraph names a blank node anew in every store). The store is opened
read-only; its dump goes through a temporary file, never memory whole.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox

_ENDED = re.compile(rb'(<http://www\.w3\.org/ns/prov#endedAtTime> )"[^"]*"(\^\^<[^>]*>)')
_BLANK = re.compile(rb"_:[A-Za-z0-9]+")


def digest(store: Path, without: tuple[bytes, ...] = ()) -> dict[str, object]:
    """The store's quad count and the sha256 of its sorted, normalised N-Quads lines; a line
    holding any of `without` is left out (e.g. a graph one checkout writes and the other not)."""
    source = ox.Store.read_only(str(store))
    with tempfile.TemporaryDirectory(prefix="store-digest-") as work:
        dump = Path(work) / "dump.nq"
        source.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        lines = []
        blanks = 0
        with dump.open("rb") as stream:
            for line in stream:
                if any(part in line for part in without):
                    continue
                line = _ENDED.sub(rb'\1"TIME"\2', line)
                line, found = _BLANK.subn(b"_:b", line)
                blanks += found > 0
                lines.append(line)
    lines.sort()
    sha = hashlib.sha256()
    for line in lines:
        sha.update(line)
    return {"store": str(store), "quads": len(lines), "with blank nodes": blanks,
            "sha256": sha.hexdigest()}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store_digest", description=__doc__)
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        help="leave out every N-Quads line holding this text (an IRI in <>, say); repeatable",
    )
    args = parser.parse_args(argv)
    without = tuple(text.encode("utf-8") for text in args.without)
    for store in args.stores:
        print(json.dumps({**digest(store, without), "without": args.without}), flush=True)


if __name__ == "__main__":
    main()
