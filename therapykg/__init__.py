"""therapykg: an open knowledge graph of psychotherapy frameworks and the evidence behind them."""

__version__ = "0.1.0"
