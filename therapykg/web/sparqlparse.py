"""What a SPARQL request would do, decided from a real parse of it, never from its text.

A tokeniser over the text loses to the grammar: `FILTER(1<2)SERVICE#>` reads as one IRI to a
tokeniser and as `1 < 2`, then SERVICE, to a SPARQL parser. So the endpoint reads every request
with rdflib's SPARQL 1.1 parser and walks the parse tree: SERVICE, LOAD and update operations are
the parser's own nodes, wherever they sit (OPTIONAL, UNION, subqueries, EXISTS, update templates).
rdflib expands `\\uXXXX` escapes first, as the grammar says.

A request rdflib cannot parse is refused (400), even where Oxigraph might accept it: what cannot
be read cannot be vetted. rdflib's parser recurses (once per nesting level, and once per triple
pattern in a block), so a request nested too deeply for the recursion limit of the process that
reads it is refused too (400), before Oxigraph's own parser, which overflows its stack at a few
thousand levels, ever sees it. The parser is not known to be thread-safe: one parse at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from therapykg.errors import Refused as Refused  # where callers found them
from therapykg.errors import Unreadable as Unreadable

Operation = Literal["query", "update"]
QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
UPDATE_OPERATIONS = frozenset(
    {
        "Load",
        "Clear",
        "Drop",
        "Create",
        "Add",
        "Move",
        "Copy",
        "InsertData",
        "DeleteData",
        "DeleteWhere",
        "Modify",
    }
)
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Reading:
    """What a parsed request would do."""

    operation: Operation
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None for an update
    service: bool  # a SERVICE pattern anywhere
    load: bool  # a LOAD operation
    names_dataset: bool  # FROM or FROM NAMED (a query), USING (an update)


def read(text: str) -> Reading:
    """Parse `text` as a query, else as an update; Unreadable when it is neither."""
    try:
        return _read_cached(text)
    except RecursionError:
        raise Unreadable(
            "the request is nested too deeply (or holds too many triple patterns in one "
            "block) to be read; simplify it"
        ) from None


@lru_cache(maxsize=256)
def _read_cached(text: str) -> Reading:
    with _LOCK:
        try:
            return _reading("query", parseQuery(text))
        except ParseBaseException as query_error:
            try:
                return _reading("update", parseUpdate(text))
            except ParseBaseException:
                where = _where(query_error)
                raise Unreadable(
                    f"the request was refused: it could not be parsed as SPARQL: {where}"
                ) from None


def _where(error: ParseBaseException) -> str:
    return f"{error.msg} at line {error.lineno}, column {error.col}"


def _reading(operation: Operation, tree: object) -> Reading:
    names = set(_node_names(tree))
    form = next((QUERY_FORMS[n] for n in names if n in QUERY_FORMS), None)
    return Reading(
        operation=operation,
        form=form if operation == "query" else None,
        service="ServiceGraphPattern" in names,
        load="Load" in names,
        names_dataset=bool(names & {"DatasetClause", "UsingClause"}),
    )


def _node_names(tree: object) -> Iterable[str]:
    """The name of every node of a parse tree, walked without recursion (a deep tree must not
    overflow the stack here either). Each node is visited once, however often it is reached."""
    pending: list[object] = [tree]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node.name
            pending.extend(dict.values(node))
        elif isinstance(node, ParseResults):
            pending.extend(list(node))
            named = cast(Callable[[], Iterable[tuple[str, object]]], node.items)
            pending.extend(value for _, value in named())
        elif isinstance(node, (list, tuple)):
            pending.extend(node)
        elif isinstance(node, dict):
            pending.extend(node.values())


def refusal(reading: Reading, operation: Operation) -> str | None:
    """Why the endpoint refuses a request sent as `operation`, or None when it may run.

    SERVICE and LOAD are refused always, an update sent as a query too; whether updates are
    allowed at all (read-only) is the endpoint's decision, not this one's."""
    if reading.service:
        return "SERVICE is turned off: this endpoint never fetches data from other servers"
    if reading.load:
        return "LOAD is turned off: this endpoint never fetches data from URLs"
    if operation == "query" and reading.operation == "update":
        return (
            "this is a SPARQL update, not a query: the query endpoint only reads "
            "(send updates as update=, where the endpoint is not read-only)"
        )
    return None


def vet(text: str, operation: Operation) -> Reading:
    """Read `text` and raise Refused when the endpoint must not run it."""
    reading = read(text)
    reason = refusal(reading, operation)
    if reason is not None:
        raise Refused(reason)
    return reading
