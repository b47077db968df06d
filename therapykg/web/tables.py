"""Turning an endpoint result into what an HTML page shows: a table, a yes/no, or RDF text.

The executor returns bytes in a standard format, so pages ask for SPARQL JSON (or Turtle) and read
it back here; the HTML path and the data path can then never disagree about what a query found.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from therapykg.web.describe import Value, link_for
from therapykg.web.executor import QueryOutcome
from therapykg.web.vocabulary import compact, curie, label

# Labels for IRIs, looked up in the store (`describe.node_labels`), for a page's result table.
Labeller = Callable[[Iterable[str]], dict[str, str]]
LABELLED_AT_MOST = 5000  # distinct IRIs of a result looked up; more are shown as prefixed names

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
PLAIN_TYPES = {XSD + t for t in ("integer", "boolean", "decimal", "double", "date", "dateTime")}


@dataclass(slots=True)
class ResultView:
    """A result as a page shows it."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Value | None]] = field(default_factory=list)
    boolean: bool | None = None
    text: str = ""
    truncated: bool = False
    hidden: list[str] = field(default_factory=list)  # columns repeating another's labels
    wide: list[bool] = field(default_factory=list)  # per column: holds long text (wraps)


def _value(binding: dict[str, Any], labels: dict[str, str] | None = None) -> Value:
    kind, value = binding.get("type"), str(binding.get("value", ""))
    if kind == "uri":
        if labels is not None:  # a page for people: the label, the prefixed name on hover
            short = compact(value)
            shown = labels.get(value) or label(value) or short
            return Value(shown, link_for(value), short if short != shown else value)
        shown = label(value) or curie(value)
        return Value(shown, link_for(value), value if shown != value else "")
    if kind == "bnode":
        return Value(f"_:{value}")
    if kind == "triple":
        return Value(json.dumps(binding.get("value")))
    note = binding.get("xml:lang") or ""
    datatype = binding.get("datatype")
    if not note and datatype and datatype != XSD_STRING:
        note = curie(str(datatype))
    if labels is not None and datatype in PLAIN_TYPES:
        note = ""  # a number, a yes/no or a date reads as what it is
    return Value(value, None, str(note))


def _iris(bindings: list[dict[str, Any]]) -> list[str]:
    found: dict[str, None] = {}
    for row in bindings:
        for cell in row.values():
            if cell.get("type") == "uri":
                found.setdefault(str(cell.get("value", "")), None)
    return list(found)[:LABELLED_AT_MOST]


def _repeats(names: list[str], rows: list[list[Value | None]]) -> list[str]:
    """Columns `xLabel` whose every value is the label already shown in column `x`."""
    hidden = []
    for index, name in enumerate(names):
        if not name.endswith("Label") or name[: -len("Label")] not in names:
            continue
        of = names.index(name[: -len("Label")])
        if rows and all(_text(row[index]) == _text(row[of]) for row in rows):
            hidden.append(name)
    return hidden


def _text(value: Value | None) -> str | None:
    return None if value is None else value.text


def _wide(rows: list[list[Value | None]], column: int) -> bool:
    return any(len(_text(row[column]) or "") > 60 for row in rows)


def view(outcome: QueryOutcome, labeller: Labeller | None = None) -> ResultView:
    """Read an outcome (SPARQL JSON for solutions and booleans, RDF text for graphs). With a
    `labeller`, IRIs are shown by their labels, and a column that only repeats the labels of
    another (`item` and `itemLabel`) is hidden from the table (the data downloads keep it)."""
    if outcome.kind == "graph":
        return ResultView("graph", text=outcome.body.decode("utf-8"), truncated=outcome.truncated)
    document = json.loads(outcome.body)
    if outcome.kind == "boolean":
        return ResultView("boolean", boolean=bool(document.get("boolean")))
    names = list(document["head"]["vars"])
    bindings = document["results"]["bindings"]
    labels = labeller(_iris(bindings)) if labeller is not None else None
    rows = [[_value(b[n], labels) if n in b else None for n in names] for b in bindings]
    result = ResultView("solutions", names, rows, truncated=outcome.truncated)
    if labeller is not None:
        result.hidden = _repeats(names, rows)
        result.wide = [_wide(rows, i) for i in range(len(names))]
    return result
