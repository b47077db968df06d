"""Settings, declared once: name, environment variable, default and help.

The CLI reads these; the README documents each (a test fails when one is undocumented).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from therapykg.ontology.vocab import DEFAULT_BASE


def default_store_location() -> str:
    """`$XDG_DATA_HOME/therapykg/store`, i.e. `~/.local/share/therapykg/store` by default."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "therapykg" / "store")


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "THERAPYKG_STORE",
        default_store_location(),
        "Where the graph lives: a directory (embedded Oxigraph) or memory: for a throwaway store.",
    ),
    Setting(
        "base",
        "THERAPYKG_BASE",
        DEFAULT_BASE,
        "Base IRI of instance data (articles, people, elements, ...).",
    ),
    Setting(
        "java",
        "THERAPYKG_JAVA",
        "java",
        "The Java executable the HermiT reasoner runs on.",
    ),
    Setting(
        "articles",
        "THERAPYKG_ARTICLES",
        "",
        "The folder `serve` loads into a store holding no article; empty: the bundled articles/.",
    ),
    Setting(
        "query-timeout",
        "THERAPYKG_QUERY_TIMEOUT",
        "30",
        "Seconds a query on the web endpoint may run before it is stopped and answered 503.",
    ),
    Setting(
        "query-demote-after",
        "THERAPYKG_QUERY_DEMOTE_AFTER",
        "1",
        "Seconds after which a still-running web query drops to the lowest CPU priority, so that "
        "a long query cannot slow the quick ones.",
    ),
    Setting(
        "query-memory",
        "THERAPYKG_QUERY_MEMORY",
        "2G",
        "Address space each web query worker may use (bytes, or with K, M or G); a query that "
        "needs more is stopped and answered 503. 0: no limit.",
    ),
    Setting(
        "row-cap",
        "THERAPYKG_ROW_CAP",
        "10000",
        "Most rows (or triples) a web query returns; more are cut and flagged as truncated.",
    ),
    Setting(
        "max-query-bytes",
        "THERAPYKG_MAX_QUERY_BYTES",
        "65536",
        "Largest query text or request body the web endpoint accepts (larger: 413).",
    ),
    Setting(
        "read-only",
        "THERAPYKG_READ_ONLY",
        "true",
        "Refuse SPARQL updates on the web endpoint (403); set false only for a private server.",
    ),
    Setting(
        "rdf-max-bytes",
        "THERAPYKG_RDF_MAX_BYTES",
        str(256 << 20),
        "Largest RDF file `load` and `validate` read (larger: refused, exit status 1).",
    ),
    Setting(
        "rdf-max-post-bytes",
        "THERAPYKG_RDF_MAX_POST_BYTES",
        str(8 << 20),
        "Largest RDF body POST /visual/graph.json accepts for drawing (larger: 413).",
    ),
    Setting(
        "rdf-max-depth",
        "THERAPYKG_RDF_MAX_DEPTH",
        "256",
        "Deepest nesting of JSON objects and arrays in JSON-LD, and of elements in RDF/XML, that "
        "RDF from outside may have.",
    ),
    Setting(
        "rdf-max-line",
        "THERAPYKG_RDF_MAX_LINE",
        str(8 << 20),
        "Longest line (bytes) of Turtle, N-Triples, N-Quads or TriG, longest JSON-LD string or "
        "XML text, and longest literal (characters) that RDF from outside may hold.",
    ),
    Setting(
        "rdf-max-entity-expansion",
        "THERAPYKG_RDF_MAX_ENTITY_EXPANSION",
        "10000000",
        "Most characters the internal entities of an RDF/XML document may add when expanded.",
    ),
    Setting(
        "rdf-parse-memory",
        "THERAPYKG_RDF_PARSE_MEMORY",
        str(1 << 30),
        "Address space (bytes) of the child process that parses RDF from outside.",
    ),
)


def setting(name: str) -> Setting:
    for item in SETTINGS:
        if item.name == name:
            return item
    raise KeyError(name)
