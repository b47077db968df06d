"""HTML reader (work in progress)."""

from __future__ import annotations

from therapykg.errors import ArticleError
from therapykg.loaders.model import Article


def read_html(path: str, text: str) -> Article:
    """Not yet written."""
    raise ArticleError(path, "the HTML reader is not written yet")
