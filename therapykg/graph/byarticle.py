"""Listings paged by article: a page touches only the facts of its first few articles.

Some named queries list rows that grow with the corpus and are too many to keep (issue 13:
`provenance-by-section`, `where-articles-disagree`, `llm-only-claims`, `elements-by-grade`,
150,000-600,000 rows at 10,000 articles). Ordered as a whole, Oxigraph finds and sorts every
row before the first page (37-79 s there). Each row belongs to one article, so such a query is
paged by article instead: the summary graph keeps one integer per article,

    id:article/ebtr/v1.0 tkg:articleOrdinal 17 .        # 1 the first by title, ties by IRI
    id:summary/articles tkg:articleCount 10000 .

and the query file carries, after a line `# by article:`, the same query for the one article
whose ordinal is `?articleOrdinal` (it projects `?articleOrdinal` and orders its own rows).
A page (`page_text`) binds the ordinals in order and joins each to that text (`LATERAL`):

    SELECT ?v1 ?v2 … WHERE {
      VALUES ?articleOrdinal { 1 2 … 10000 }
      LATERAL { …the query for one article… ORDER BY … }
    }
    LIMIT 51 OFFSET 0

Oxigraph evaluates a `LATERAL` join row by row, in the order of its left side, and a `LIMIT`
stops the evaluation once its rows are found: the first page reads and sorts the rows of its
first few articles only (milliseconds at 10,000 articles), and page `n` the rows of the
articles before it. The rows are those of the query's text, as a set (`tests/queries/
test_by_article.py` checks every page against the text on the bundled corpus and a generated
one, before and after a replacement and a removal); their order is the article's ordinal, then
the query's own order within the article. A query whose rows may repeat across articles (it
does not project the article) is paged with `SELECT DISTINCT`, which keeps a row's first
article.

The ordinals are rebuilt with the rest of the summary graph (`therapykg.graph.summary`) at the
end of every load, replacement and removal, so the pages follow them; on a store whose summary
has no ordinals (`article_count` is None), or for a store updated through a writable endpoint
since, the query's text answers (it is what the summary was built from).

Keyset paging (`cursor_text`, `Cursor`): a page from row `offset` reads every article before it,
so a cursor says where the next page starts instead: the ordinal of its first article and how
many of that article's rows the pages before already served (a page may end mid-article). Its
page binds the ordinals from that article on and skips those rows only, so every page costs what
a first page costs. The page projects `?articleOrdinal` first, which is how the next cursor is
found (`following`): the row past the page names the next article, and the served rows of that
article at the page's end how many of its rows to skip. An offset page is the cursor from the
first article that skips `offset` rows. A query that does not project its article and is paged
with `SELECT DISTINCT` keeps a row at its first article: its file's `# earlier:` text binds
`?earlierOrdinal` when an article before the row's own gives the same row, and the page drops
such rows, so the pages do not depend on where the previous one ended. The cursor also carries
the row number of its page's first row (for "rows 5,001-5,050" and the previous page, which is
read by offset). As a token it is opaque (base64 of three whole numbers), checked when read
(`Cursor.read`), and its numbers are written into the page's text by this code as integers.
After an article is replaced or removed between two pages the ordinals move: the next page is
still well formed (the rows from the cursor's ordinal on), but may repeat or miss a few rows.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from therapykg.errors import CursorError
from therapykg.graph.store import Store
from therapykg.graph.substitute import with_values
from therapykg.ontology.vocab import TKG, XSD, base_iri

ORDINAL = "articleOrdinal"  # the variable a by-article text is evaluated for
MARKER = "# by article:"  # the line that begins a query file's by-article text
EARLIER = "# earlier:"  # the line that begins its test for a row an earlier article gave
EARLIER_ORDINAL = "earlierOrdinal"  # the variable that test binds
AFTER_NAME = "after"  # the request parameter and the CLI's option that carry a cursor
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_NUMBERS = re.compile(r"(\d{1,9})\.(\d{1,9})\.(\d{1,9})")

_COUNT = "SELECT ?count WHERE { VALUES ?node {} ?node tkg:articleCount ?count }"


def articles_node() -> ox.NamedNode:
    return ox.NamedNode(base_iri() + "summary/articles")


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def ordinals(titles: Mapping[ox.NamedNode, str | None]) -> list[ox.NamedNode]:
    """Every article, in the order of their ordinals: by title (an article without one first),
    then by IRI."""
    return sorted(titles, key=lambda article: (titles[article] or "", article.value))


def ordinal_quads(titles: Mapping[ox.NamedNode, str | None], graph: ox.NamedNode) -> list[ox.Quad]:
    """Each article's `tkg:articleOrdinal` and the count of them, in `graph`."""
    ordered = ordinals(titles)
    node = articles_node()
    quads = [ox.Quad(node, TKG.articleCount, _integer(len(ordered)), graph)]
    quads += [
        ox.Quad(article, TKG.articleOrdinal, _integer(rank), graph)
        for rank, article in enumerate(ordered, start=1)
    ]
    return quads


def article_count(store: Store) -> int | None:
    """How many articles the summary graph gives ordinals to; None when it gives none (a
    summary built before the ordinals), and then a query's text answers."""
    for row in store.select(with_values(_COUNT, "node", [articles_node()])):
        value = row["count"]
        return int(value.value) if isinstance(value, ox.Literal) else None
    return None


def page_text(
    by_article: str,
    variables: Sequence[str],
    articles: int,
    offset: int,
    limit: int,
    *,
    distinct: bool = False,
) -> str:
    """A page of a query paged by article: rows `offset + 1` to `offset + limit` of its
    by-article text, joined to every ordinal from 1 to `articles` in order. The ordinals and
    the window are whole numbers written here, never text from a request; parameters are
    bound by name, as for the query's text."""
    values = " ".join(str(n) for n in range(1, int(articles) + 1))
    head = "SELECT DISTINCT" if distinct else "SELECT"
    return (
        f"{head} {' '.join('?' + v for v in variables)}\nWHERE {{\n"
        f"  VALUES ?{ORDINAL} {{ {values} }}\n"
        f"  LATERAL {{\n{by_article.strip()}\n  }}\n}}\n"
        f"LIMIT {int(limit)} OFFSET {int(offset)}\n"
    )


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page starts: its first row's number (`row`, 0 the first), the ordinal of its
    first article, and how many of that article's rows come before the page (`skip`)."""

    row: int
    ordinal: int = 1
    skip: int = 0

    @classmethod
    def at_offset(cls, offset: int) -> Cursor:
        """Row `offset` of the whole listing, read from the first article."""
        return cls(offset, 1, offset)

    def token(self) -> str:
        text = f"{self.row}.{self.ordinal}.{self.skip}".encode("ascii")
        return base64.urlsafe_b64encode(text).decode("ascii").rstrip("=")

    @classmethod
    def read(cls, token: str) -> Cursor:
        """The cursor a token stands for; CursorError for anything this code did not write."""
        refused = CursorError(
            f"{AFTER_NAME}: {token[:80]!r} is not a cursor of these pages; "
            "follow a page's next link, or page by offset"
        )
        if not _TOKEN.fullmatch(token):
            raise refused
        try:
            text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise refused from None
        match = _NUMBERS.fullmatch(text)
        if match is None:
            raise refused
        row, ordinal, skip = (int(n) for n in match.groups())
        if ordinal < 1 or skip > row:
            raise refused
        return cls(row, ordinal, skip)


def cursor_text(
    by_article: str,
    variables: Sequence[str],
    articles: int,
    cursor: Cursor,
    limit: int,
    *,
    distinct: bool = False,
    earlier: str = "",
) -> str:
    """A page from `cursor`: `limit` rows of the by-article text for the ordinals from the
    cursor's on, the first `skip` of them left out, `?articleOrdinal` projected first. With
    `earlier` (a DISTINCT query that does not project its article), a row an earlier article
    gave is left out. Every number is written here as an integer."""
    values = " ".join(str(n) for n in range(int(cursor.ordinal), int(articles) + 1))
    head = "SELECT DISTINCT" if distinct else "SELECT"
    seen = (
        f"  LATERAL {{ OPTIONAL {{\n{earlier.strip()}\n  }} }}\n"
        f"  FILTER(!BOUND(?{EARLIER_ORDINAL}))\n"
        if earlier
        else ""
    )
    return (
        f"{head} ?{ORDINAL} {' '.join('?' + v for v in variables)}\nWHERE {{\n"
        f"  VALUES ?{ORDINAL} {{ {values} }}\n"
        f"  LATERAL {{\n{by_article.strip()}\n  }}\n{seen}}}\n"
        f"LIMIT {int(limit)} OFFSET {int(cursor.skip)}\n"
    )


def following(cursor: Cursor, ordinals: Sequence[int], limit: int) -> Cursor | None:
    """The cursor of the page after one read from `cursor` that asked for `limit + 1` rows
    and found rows of these article ordinals; None when no row is past the page."""
    if limit < 1 or len(ordinals) <= limit:
        return None
    served, upcoming = ordinals[:limit], ordinals[limit]
    tail = len(served) - next(
        (at + 1 for at in range(len(served) - 1, -1, -1) if served[at] != upcoming), 0
    )
    row = cursor.row + limit
    if tail < len(served):  # the page crossed into the next article: its rows at the end
        return Cursor(row, upcoming, tail)
    if upcoming == cursor.ordinal:  # the page and the rows it skipped are of one article
        return Cursor(row, upcoming, cursor.skip + tail)
    # every row of the page is of an article the skipped rows reached too (an offset page
    # inside one article): how many of its rows came before is not known, so skip from here
    return Cursor(row, cursor.ordinal, cursor.skip + limit)
