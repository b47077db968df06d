"""Named queries are data: each `*.rq` file beside this module carries its own description.

A query file starts with a comment header:

    # title: Elements by evidence grade
    # description: Every graded element with the sentence and source tier behind each grading.
    # param: grade iri = https://w3id.org/therapykg/id/grade/demonstrably-effective | The grade.
    # param: words string = "" | Words to look for; "" is the empty string.
    # shape: reads the derived summary graph (graph/summary), rebuilt after every load.

`shape` says how a whole-graph aggregate stays fast as the corpus grows (issue #7): a better query
shape, or a small derived summary kept in step with loads.

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

import pyoxigraph as ox

from therapykg.errors import QueryParameterError as QueryParameterError  # as it was found
from therapykg.graph.store import Term

PARAM_TYPES = ("iri", "string", "integer", "boolean")
_HEADER = re.compile(r"^#\s*(title|description|shape|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)(?:\s*=\s*(.*?))?\s*(?:\|\s*(.*))?$")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: str
    default: str | None
    help: str

    def term(self, value: str) -> Term:
        """`value` as an RDF term of this parameter's type."""
        if self.type == "iri":
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]*$", value):
                raise QueryParameterError(f"{self.name}: {value!r} is not an IRI")
            return ox.NamedNode(value)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
                raise QueryParameterError(f"{self.name}: {value!r} is not a whole number")
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if self.type == "boolean":
            if value.lower() not in ("true", "false"):
                raise QueryParameterError(f"{self.name}: {value!r} is not true or false")
            return ox.Literal(value.lower(), datatype=ox.NamedNode(_XSD + "boolean"))
        return ox.Literal(value)


_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    shape: str = ""  # how an aggregate stays fast (`# shape:`), empty when not said

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
    return NamedQuery(
        name,
        fields["title"],
        fields.get("description", ""),
        tuple(params),
        text.strip() + "\n",
        fields.get("shape", ""),
    )


def _parse_param(name: str, spec: str) -> Parameter:
    match = _PARAM.match(spec.strip())
    if not match or match.group(2) not in PARAM_TYPES:
        raise ValueError(
            f"{name}.rq: bad '# param:' line {spec!r}; expected "
            f"'NAME TYPE [= DEFAULT] [| help]' with TYPE one of {', '.join(PARAM_TYPES)}"
        )
    pname, ptype, default, help_text = match.groups()
    if default == '""':  # an explicit empty string, as opposed to no default
        return Parameter(pname, ptype, "", help_text or "")
    return Parameter(pname, ptype, default or None, help_text or "")


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
