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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from therapykg.graph.store import Store
from therapykg.graph.substitute import with_values
from therapykg.ontology.vocab import TKG, XSD, base_iri

ORDINAL = "articleOrdinal"  # the variable a by-article text is evaluated for
MARKER = "# by article:"  # the line that begins a query file's by-article text

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
