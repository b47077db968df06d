"""Which files a load reads, and their sha256: articles and RDF files, named or in folders."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from therapykg.loaders.formats import article_extensions
from therapykg.loaders.rdf import is_rdf_file

ARTICLE_SUFFIXES = article_extensions()  # what a folder load picks up as articles


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and files with a known extension inside named folders, sorted."""
    yield from list_files(paths)[0]


def list_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """What `iter_files` gives, and the files in the folders it leaves out for their type.

    A folder's README is documentation and hidden files (`.DS_Store`, anything under `.git/`)
    are not the user's content: neither is loaded nor counted as left out.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(path)
            continue
        for child in sorted(path.rglob("*")):
            if not child.is_file() or _readme(child):
                continue
            if _loadable(child):
                files.append(child)
            elif not any(part.startswith(".") for part in child.relative_to(path).parts):
                skipped.append(child)
    return files, skipped


def _readme(path: Path) -> bool:
    return path.name.upper().startswith("README")


def _loadable(path: Path) -> bool:
    """Articles and RDF files; a folder's README is documentation, not an article."""
    if _readme(path):
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES or is_rdf_file(path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
