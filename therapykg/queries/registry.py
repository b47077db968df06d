"""Named queries are data: each `*.rq` file beside this module carries its own description.

A query file starts with a comment header:

    # title: Elements by evidence grade
    # description: Every graded element with the sentence and source tier behind each grading.
    # param: grade iri = https://w3id.org/therapykg/id/grade/demonstrably-effective | The grade.
    # param: words string = "" | Words to look for; "" is the empty string.
    # shape: reads the derived summary graph (graph/summary), rebuilt after every load.
    # page: 50 total
    # kept: summary

`shape` says how a whole-graph aggregate stays fast as the corpus grows (issue #7): a better query
shape, or a small derived summary kept in step with loads.

`page` marks a query whose answer grows with the corpus: its page (web) shows that many rows at
a time, with next/previous links; `total` after the size says the total is cheap enough to count
with a second query on every page (a query over the summary graph, or one bounded by its
parameters). `Window` is a page of any named query, paged or not: `windowed` appends its LIMIT
and OFFSET, whole numbers checked and written by `Window` itself (never text from a request),
and `counting` wraps the query in a COUNT that projects its parameters so they are still bound.

`kept: summary` marks a paged query whose whole answer is kept, in its order, in the summary
graph at the end of every load (`therapykg.graph.kept`); a query with parameters is kept at
their defaults (a parameter without one left unbound), and projects them. Where the store keeps
it for the query's present text (`keeps`) and the values asked for are those (`kept_at`),
`windowed(..., kept=True)` reads the page's rows by rank and `counting(kept=True)` reads the
kept count, instead of running the query; the answer is the same rows in the same order, as of
the last load. Any other values are answered by the query's text.

A query file may end with a second query after a line `# by article:`, the same query for one
article, the one whose summary ordinal is `?articleOrdinal` (which it projects beside the
query's own variables, in its order, and orders its own rows): its pages are then read article
by article (`windowed(..., articles=N)`, `therapykg.graph.byarticle`), so a first page reads the
facts of its first few articles instead of sorting every row. The rows are the query's, as a
set; the order is by article, then the query's order within it. A store whose summary has no
ordinals is answered by the query's text. The web (its pages and the streamed full download)
and the CLI read such pages by cursor (`cursor_page`, keyset paging: a next link starts at the
article where the page ended, so every page costs what a first page costs); a DISTINCT query
that does not project its article carries, after a line `# earlier:`, the patterns that bind
`?earlierOrdinal` when an article before `?articleOrdinal` gives the same row (a row is shown
at its first article, whichever article a page starts at).

A parameter is a SPARQL variable of the same name (`?grade`), projected by the query, and bound to
the value a user gives (converted to a term of its declared type), never pasted into the text.
Oxigraph substitutes bound values inside expressions, but `BOUND(?param)` does not see them:
write optional filters with an empty-string default (`CONTAINS(?x, "")` is true) instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from therapykg.errors import QueryParameterError as QueryParameterError  # as it was found
from therapykg.graph.byarticle import EARLIER, EARLIER_ORDINAL, ORDINAL, Cursor, cursor_text
from therapykg.graph.byarticle import MARKER as BY_ARTICLE
from therapykg.graph.byarticle import page_text as by_article_page
from therapykg.graph.kept import count_text, digest, kept_digest, page_text, projection
from therapykg.graph.parameters import PARAM_TYPES as PARAM_TYPES  # as it was found
from therapykg.graph.parameters import Parameter as Parameter  # as it was found
from therapykg.graph.parameters import default_bindings, parse_parameter
from therapykg.graph.store import Store, Term

_HEADER = re.compile(r"^#\s*(title|description|shape|param|page|kept):\s*(.*)$")
_PAGE = re.compile(r"^(\d{1,6})(\s+total)?$")
# a query that pages must not end in its own LIMIT or OFFSET (the window appends them)
_OWN_WINDOW = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)
_DISTINCT = re.compile(r"^\s*SELECT\s+DISTINCT\b", re.IGNORECASE | re.MULTILINE)
LIMIT_NAME, OFFSET_NAME = "limit", "offset"  # the request parameters, and the CLI's options
DEFAULT_PAGE = 50  # the CLI's page of a query that declares none, when only --offset is given


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    shape: str = ""  # how an aggregate stays fast (`# shape:`), empty when not said
    page: int | None = None  # rows a page shows (`# page:`); None: the query does not page
    total: bool = False  # the total is cheap to count on every page (`# page: N total`)
    kept: tuple[str, ...] = ()  # `# kept: summary`: the columns of the rows kept at load time
    by_article: str = ""  # after `# by article:`: the query for the article `?articleOrdinal`
    columns: tuple[str, ...] = ()  # what a query paged by article projects, in order
    earlier: str = ""  # after `# earlier:`: a row an earlier article gave (`?earlierOrdinal`)

    def windowed(self, window: Window, *, kept: bool = False, articles: int | None = None) -> str:
        """The query's text with the window's LIMIT and OFFSET appended; with `kept` (the store
        keeps this query's rows: `keeps`), the page's rows read from them by rank; with
        `articles` (how many articles the summary gives ordinals to: `article_count`), for a
        query paged by article, the page read article by article."""
        if kept and self.kept:
            return page_text(self.name, self.kept, int(window.offset), int(window.limit))
        if articles and self.by_article:
            return by_article_page(
                self.by_article,
                self.columns,
                int(articles),
                int(window.offset),
                int(window.limit),
                distinct=bool(_DISTINCT.search(self.text)),
            )
        return f"{self.text}LIMIT {int(window.limit)} OFFSET {int(window.offset)}\n"

    def cursor_page(self, cursor: Cursor, limit: int, articles: int) -> str:
        """A page of a query paged by article from `cursor` (keyset paging), `?articleOrdinal`
        projected first: the rows of the ordinals from the cursor's on."""
        return cursor_text(
            self.by_article,
            self.columns,
            int(articles),
            cursor,
            int(limit),
            distinct=bool(_DISTINCT.search(self.text)),
            earlier=self.earlier,
        )

    def counting(self, *, kept: bool = False) -> str:
        """A query for how many rows this one answers, its parameters still bound by name; with
        `kept`, the count of the kept rows."""
        if kept and self.kept:
            return count_text(self.name, [p.name for p in self.parameters])
        names = " ".join(f"?{p.name}" for p in self.parameters)
        group = f"\nGROUP BY {names}" if names else ""
        return f"SELECT {names} (COUNT(*) AS ?total)\nWHERE {{\n{{\n{self.text}}}\n}}{group}\n"

    def kept_at(self, bound: Mapping[str, Term]) -> bool:
        """Whether `bound` are the bindings this query's rows are kept for: its parameters'
        defaults (a parameter without one unbound). Other values are answered by its text."""
        return bool(self.kept) and dict(bound) == default_bindings(self.parameters)

    def bindings(self, given: Mapping[str, str]) -> dict[str, Term]:
        """Terms for every parameter: the given value, else the default; unknown names refused."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryParameterError(
                f"{self.name} has no parameter {', '.join(unknown)}; "
                f"it takes: {', '.join(known) or 'none'}"
            )
        bound: dict[str, Term] = {}
        for name, param in known.items():
            value = given.get(name, param.default)
            if value is not None:
                bound[name] = param.term(value)
        return bound


def keeps(store: Store, query: NamedQuery) -> bool:
    """Whether `store`'s summary graph keeps `query`'s rows, for its present text."""
    return bool(query.kept) and kept_digest(store, query.name) == digest(query.text)


@dataclass(frozen=True, slots=True)
class Window:
    """A page of rows: `limit` rows from row `offset` (0 is the first)."""

    limit: int
    offset: int = 0

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit

    @property
    def previous_offset(self) -> int | None:
        """Where the page before starts; None on the first page."""
        return max(self.offset - self.limit, 0) if self.offset > 0 else None

    @classmethod
    def read(cls, limit: str | int | None, offset: str | int | None, *, page: int) -> Window:
        """A window from what a user gave (request arguments, CLI options); `page` when no
        limit is given. A value that is not a non-negative whole number is refused, naming it."""
        return cls(
            _count(LIMIT_NAME, limit, page),
            _count(OFFSET_NAME, offset, 0),
        )


def _count(name: str, value: str | int | None, default: int) -> int:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return default
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,9}", text):
        raise QueryParameterError(f"{name}: {value!r} is not a whole number of rows (0 or more)")
    return int(text)


def parse_query_file(name: str, text: str) -> NamedQuery:
    """Read the comment header of a query file."""
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            if line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        key, value = match.groups()
        if key == "param":
            params.append(_parse_param(name, value))
        else:
            fields[key] = (fields.get(key, "") + " " + value).strip()
    if "title" not in fields:
        raise ValueError(f"{name}.rq: the header has no '# title:' line")
    page, total = _parse_page(name, fields.get("page"))
    whole, by_article = _split_by_article(text)
    body = whole.strip() + "\n"
    if page is not None and _OWN_WINDOW.search(body):
        raise ValueError(f"{name}.rq: a query that pages ('# page:') has no LIMIT of its own")
    kept = _parse_kept(name, fields.get("kept"), body, page, params)
    by_article, earlier = _split_at(by_article, EARLIER)
    columns = _by_article_columns(name, body, by_article, page, kept)
    _check_earlier(name, body, columns, earlier)
    return NamedQuery(
        name,
        fields["title"],
        fields.get("description", ""),
        tuple(params),
        body,
        fields.get("shape", ""),
        page,
        total,
        kept,
        by_article,
        columns,
        earlier,
    )


def _split_by_article(text: str) -> tuple[str, str]:
    """The query's text, and its by-article text after a line `# by article:` ("" if none)."""
    return _split_at(text, BY_ARTICLE)


def _split_at(text: str, marker: str) -> tuple[str, str]:
    """The text before a line `marker`, and the text after it ("" if there is no such line)."""
    lines = text.splitlines(keepends=True)
    for at, line in enumerate(lines):
        if line.strip() == marker:
            return "".join(lines[:at]), "".join(lines[at + 1 :]).strip() + "\n"
    return text, ""


def _check_earlier(name: str, body: str, columns: tuple[str, ...], earlier: str) -> None:
    """A DISTINCT query paged by article that does not project its article needs an `# earlier:`
    text (its cursor pages would repeat a row at every article that gives it); no other has one."""
    needed = bool(columns) and bool(_DISTINCT.search(body)) and "article" not in columns
    if needed and f"?{EARLIER_ORDINAL}" not in earlier:
        raise ValueError(
            f"{name}.rq: a DISTINCT query paged by article that does not project ?article needs "
            f"'{EARLIER}' patterns that bind ?{EARLIER_ORDINAL} when an earlier article gives a row"
        )
    if earlier and not needed:
        raise ValueError(
            f"{name}.rq: only a DISTINCT query paged by article without ?article "
            f"has '{EARLIER}' patterns"
        )


def _by_article_columns(
    name: str, body: str, by_article: str, page: int | None, kept: tuple[str, ...]
) -> tuple[str, ...]:
    """What the query projects, checked against its by-article text, which projects the same
    and `?articleOrdinal` first; () when the query has no by-article text."""
    if not by_article:
        return ()
    if page is None or kept:
        raise ValueError(f"{name}.rq: only a paged query that is not kept is paged by article")
    columns = projection(name, body)
    found = projection(name, by_article)
    if found != (ORDINAL, *columns):
        raise ValueError(
            f"{name}.rq: its by-article text projects {' '.join('?' + v for v in found)}; "
            f"expected ?{ORDINAL} and then the query's own {' '.join('?' + v for v in columns)}"
        )
    return columns


def _parse_kept(
    name: str, spec: str | None, body: str, page: int | None, params: list[Parameter]
) -> tuple[str, ...]:
    """The columns of a query whose rows are kept (`# kept: summary`); () when not kept."""
    if spec is None:
        return ()
    if spec.strip() != "summary":
        raise ValueError(f"{name}.rq: bad '# kept:' line {spec!r}; expected 'summary'")
    if page is None:
        raise ValueError(f"{name}.rq: only a paged query ('# page:') can be kept")
    columns = projection(name, body)
    unprojected = [p.name for p in params if p.name not in columns]
    if unprojected:
        raise ValueError(
            f"{name}.rq: a kept query projects its parameters (so a kept row says what it was "
            f"kept for); {', '.join('?' + n for n in unprojected)} is not on its SELECT line"
        )
    return columns


def _parse_page(name: str, spec: str | None) -> tuple[int | None, bool]:
    if spec is None:
        return None, False
    match = _PAGE.match(spec.strip())
    if not match or int(match.group(1)) < 1:
        raise ValueError(
            f"{name}.rq: bad '# page:' line {spec!r}; expected 'SIZE' or 'SIZE total', "
            "SIZE a whole number of rows above 0"
        )
    return int(match.group(1)), match.group(2) is not None


def _parse_param(name: str, spec: str) -> Parameter:
    parameter = parse_parameter(name, spec)
    if parameter.name in (LIMIT_NAME, OFFSET_NAME):
        raise ValueError(f"{name}.rq: '{parameter.name}' names the page, not a parameter")
    return parameter


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with therapykg, by name (the file stem)."""
    folder = resources.files("therapykg.queries")
    found: dict[str, NamedQuery] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            stem = entry.name[:-3]
            found[stem] = parse_query_file(stem, entry.read_text(encoding="utf-8"))
    return found


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryParameterError(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]
