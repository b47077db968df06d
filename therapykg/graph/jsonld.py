"""A streaming JSON-LD writer, compacted with the project's context.

pyoxigraph writes expanded JSON-LD and rdflib compacts only whole in-memory graphs; this writes
one node object per subject run as quads stream past, so a store of any size exports in constant
memory, and the result reads as plain JSON: short keys from `context.jsonld`, numbers and booleans
as JSON values, IRIs as strings where the context says a key holds IRIs.

The output is a JSON-LD dataset: `{"@context": …, "@graph": [{"@id": graph, "@graph": [nodes]}]}`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from therapykg.errors import UnsupportedFormat

CONTEXT_FILE = Path(__file__).resolve().parents[1] / "ontology" / "context.jsonld"
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
JSON_NATIVE = {XSD + "integer", XSD + "boolean"}


@cache
def load_context() -> dict[str, Any]:
    """The `@context` object of the project's context file."""
    with CONTEXT_FILE.open(encoding="utf-8") as stream:
        document: dict[str, Any] = json.load(stream)
    context: dict[str, Any] = document.get("@context", document)
    return context


class Compactor:
    """Turns IRIs and terms into the short forms the context defines."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.vocab: str | None = context.get("@vocab")
        self.names = {k for k in context if not k.startswith("@")}
        self.prefixes = {
            v: k for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))
        }
        # predicate IRI → [(term, type coercion or None)]
        self.terms: dict[str, list[tuple[str, str | None, bool]]] = {}
        for term, definition in context.items():
            if term.startswith("@"):
                continue
            iri, coerce, is_set = self._definition(definition)
            if iri is not None:
                self.terms.setdefault(self.expand(iri), []).append((term, coerce, is_set))

    def _definition(self, definition: Any) -> tuple[str | None, str | None, bool]:
        if isinstance(definition, str):
            return (
                (None, None, False)
                if definition.endswith(("#", "/"))
                else (definition, None, False)
            )
        if isinstance(definition, dict) and isinstance(definition.get("@id"), str):
            coerce = definition.get("@type")
            coerce = self.expand(coerce) if coerce and coerce != "@id" else coerce
            if "@language" in definition or "@reverse" in definition:
                return None, None, False
            return definition["@id"], coerce, definition.get("@container") == "@set"
        return None, None, False

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and not rest.startswith("//"):
            for iri, name in self.prefixes.items():
                if name == prefix:
                    return iri + rest
        return value

    def iri(self, value: str) -> str:
        """A compact IRI (`skos:Concept`) where a prefix fits, else the IRI itself."""
        best = max((iri for iri in self.prefixes if value.startswith(iri)), key=len, default=None)
        if best is None or not value[len(best) :] or ":" in value[len(best) :]:
            return value
        return f"{self.prefixes[best]}:{value[len(best) :]}"

    def type_name(self, value: str) -> str:
        if self.vocab and value.startswith(self.vocab) and "/" not in value[len(self.vocab) :]:
            local = value[len(self.vocab) :]
            if local and local not in self.names and ":" not in local:
                return local
        return self.iri(value)

    def key_and_value(self, predicate: str, obj: _Term) -> tuple[str, Any, bool]:
        """The key and JSON value for one property value; the flag says the key is a set."""
        for term, coerce, is_set in self.terms.get(predicate, []):
            value = self._coerced(obj, coerce)
            if value is not None:
                return term, value, is_set
        return self.iri(predicate), self._expanded(obj), False

    def _coerced(self, obj: _Term, coerce: str | None) -> Any:
        if coerce == "@id":
            return obj.value if isinstance(obj, ox.NamedNode) else None
        if not isinstance(obj, ox.Literal) or obj.language:
            return None
        datatype = obj.datatype.value
        if coerce is None:
            if datatype == XSD + "string":
                return obj.value
            return self._native(obj)
        return obj.value if datatype == coerce else None

    def _native(self, obj: ox.Literal) -> Any:
        datatype = obj.datatype.value
        if datatype == XSD + "boolean" and obj.value in ("true", "false"):
            return obj.value == "true"
        if datatype == XSD + "integer" and obj.value.lstrip("-").isdigit():
            number = int(obj.value)
            if str(number) == obj.value:
                return number
        return None

    def _expanded(self, obj: _Term) -> Any:
        if isinstance(obj, ox.NamedNode):
            return {"@id": obj.value}
        if isinstance(obj, ox.BlankNode):
            return {"@id": f"_:{obj.value}"}
        if isinstance(obj, ox.Literal):
            if obj.language:
                return {"@value": obj.value, "@language": obj.language}
            native = self._native(obj)
            if native is not None:
                return native
            if obj.datatype.value == XSD + "string":
                return obj.value
            return {"@value": obj.value, "@type": self.iri(obj.datatype.value)}
        raise UnsupportedFormat(f"cannot write {obj!r} as JSON-LD")


def _node(
    compactor: Compactor, subject: ox.NamedNode | ox.BlankNode | ox.Triple, quads: list[ox.Quad]
) -> dict[str, Any]:
    if isinstance(subject, ox.Triple):
        raise UnsupportedFormat("RDF-star triples cannot be written as JSON-LD")
    ident = f"_:{subject.value}" if isinstance(subject, ox.BlankNode) else subject.value
    node: dict[str, Any] = {"@id": ident}
    for quad in quads:
        if quad.predicate.value == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            node.setdefault("@type", []).append(compactor.type_name(quad.object.value))
            continue
        key, value, is_set = compactor.key_and_value(quad.predicate.value, quad.object)
        if key in node:
            existing = node[key]
            node[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            node[key] = [value] if is_set else value
    if len(node.get("@type", [])) == 1:
        node["@type"] = node["@type"][0]
    return node


def _graph_name(quad: ox.Quad) -> str:
    return "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value


def _chunks(quads: Iterable[ox.Quad]) -> Iterator[tuple[str, Iterator[ox.Quad]]]:
    yield from groupby(quads, key=_graph_name)


def write_jsonld(
    quads: Iterable[ox.Quad], output: IO[bytes], context: dict[str, Any] | None = None
) -> None:
    """Stream quads as compacted JSON-LD; `context` defaults to the project's."""
    ctx = context if context is not None else load_context()
    compactor = Compactor(ctx)
    write = output.write
    write(b'{"@context": ' + json.dumps(ctx, ensure_ascii=False).encode() + b',\n"@graph": [')
    first_graph = True
    for graph, members in _chunks(quads):
        write(b"" if first_graph else b",")
        first_graph = False
        if graph:
            write(b'\n{"@id": ' + json.dumps(graph).encode() + b', "@graph": [')
        first_node = True
        for _, run in groupby(members, key=lambda q: str(q.subject)):
            group = list(run)
            node = _node(compactor, group[0].subject, group)
            text = json.dumps(node, ensure_ascii=False).encode()
            write((b"\n" if first_node else b",\n") + text)
            first_node = False
        if graph:
            write(b"]}")
    write(b"\n]}\n")
