"""Where an IRI of the graph lives on this server, and back.

A w3id IRI such as `https://w3id.org/therapykg/id/framework/x` reaches the server through a
redirect that drops the registered name (`therapykg`), so it is served at `/id/framework/x`; any
other base is served at its own path (`http://localhost:5000/data/` → `/data/`). The mapping is a
function of the base setting, never a hard-coded `/id/`. Grades and tiers stay under the default
base whatever the setting says (see docs/data-model.md), so that base is served too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from therapykg.ontology.vocab import DEFAULT_BASE, ONTOLOGY_IRI, base_iri

W3ID_HOST = "w3id.org"


def served_prefix(namespace: str) -> str:
    """The URL path under which the IRIs starting with `namespace` are served."""
    parts = urlsplit(namespace)
    path = parts.path or "/"
    if parts.hostname == W3ID_HOST:
        segments = path.split("/", 2)  # "", registered name, rest
        path = "/" + (segments[2] if len(segments) > 2 else "")
    return path


def namespaces() -> list[str]:
    """The IRI spaces this server dereferences: the data base, the default base, the ontology."""
    found = [base_iri(), DEFAULT_BASE, ONTOLOGY_IRI]
    return list(dict.fromkeys(found))


def local_path(iri: str) -> str | None:
    """The path this server answers `iri` at, or None for an IRI from elsewhere."""
    for namespace in namespaces():
        if iri == namespace or iri.startswith(namespace):
            rest = iri[len(namespace) :]
            if namespace == ONTOLOGY_IRI:
                return served_prefix(ONTOLOGY_IRI) + ("" if not rest else "#" + rest.lstrip("#"))
            return served_prefix(namespace) + rest
    return None


def iris_for_path(path: str) -> list[str]:
    """The IRIs a request path may name, most likely first (the data base before the default)."""
    found: list[str] = []
    for namespace in namespaces()[:2]:
        prefix = served_prefix(namespace)
        if path.startswith(prefix):
            found.append(namespace + path[len(prefix) :])
    return list(dict.fromkeys(found))


def entity_prefixes() -> list[str]:
    """URL paths that hold entity pages (one per instance namespace)."""
    return list(dict.fromkeys(served_prefix(n) for n in namespaces()[:2]))
