"""therapykg: an open knowledge graph of psychotherapy frameworks and the evidence behind them."""

__version__ = "0.3.0"


def __getattr__(name: str) -> object:
    # `therapykg.open(...)` without importing rdflib and pyoxigraph for every `import therapykg`
    if name in ("open", "KnowledgeGraph", "Rows"):
        from therapykg import api

        return getattr(api, name)
    raise AttributeError(f"module 'therapykg' has no attribute {name!r}")
