"""Turning an endpoint result into what an HTML page shows: a table, a yes/no, or RDF text.

The executor returns bytes in a standard format, so pages ask for SPARQL JSON (or Turtle) and read
it back here; the HTML path and the data path can then never disagree about what a query found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from therapykg.web.describe import Value, link_for
from therapykg.web.executor import QueryOutcome
from therapykg.web.vocabulary import curie, label

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(slots=True)
class ResultView:
    """A result as a page shows it."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Value | None]] = field(default_factory=list)
    boolean: bool | None = None
    text: str = ""
    truncated: bool = False


def _value(binding: dict[str, Any]) -> Value:
    kind, value = binding.get("type"), str(binding.get("value", ""))
    if kind == "uri":
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
    return Value(value, None, str(note))


def view(outcome: QueryOutcome) -> ResultView:
    """Read an outcome (SPARQL JSON for solutions and booleans, RDF text for graphs)."""
    if outcome.kind == "graph":
        return ResultView("graph", text=outcome.body.decode("utf-8"), truncated=outcome.truncated)
    document = json.loads(outcome.body)
    if outcome.kind == "boolean":
        return ResultView("boolean", boolean=bool(document.get("boolean")))
    names = list(document["head"]["vars"])
    rows = [
        [_value(b[n]) if n in b else None for n in names] for b in document["results"]["bindings"]
    ]
    return ResultView("solutions", names, rows, truncated=outcome.truncated)
