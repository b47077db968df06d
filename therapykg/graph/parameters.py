"""A named query's parameters, as its header declares them (`# param: NAME TYPE = DEFAULT | help`).

Here, below the query registry (`therapykg.queries.registry`), because the summary graph keeps
the rows of some parameterised queries at their default values (`therapykg.graph.kept`), and
the load that keeps them reads the defaults from the same header, converted the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from therapykg.errors import QueryParameterError
from therapykg.graph.store import Term

PARAM_TYPES = ("iri", "string", "integer", "boolean")
_PARAM = re.compile(r"^(\w+)\s+(\w+)(?:\s*=\s*(.*?))?\s*(?:\|\s*(.*))?$")
_PARAM_LINE = re.compile(r"^#\s*param:\s*(.*)$")
_XSD = "http://www.w3.org/2001/XMLSchema#"


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


def parse_parameter(name: str, spec: str) -> Parameter:
    """One `# param:` line's value, of the query file `name`."""
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


def header_parameters(name: str, text: str) -> list[Parameter]:
    """The parameters the comment header of the query file `name` declares, in order."""
    found: list[Parameter] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break  # the header ends at the query's first line
        match = _PARAM_LINE.match(stripped)
        if match:
            found.append(parse_parameter(name, match.group(1)))
    return found


def default_bindings(parameters: list[Parameter] | tuple[Parameter, ...]) -> dict[str, Term]:
    """The terms a query is run with when no value is given: each default; a parameter without
    one is left unbound."""
    return {p.name: p.term(p.default) for p in parameters if p.default is not None}
