"""Result formats: found by media type, extension and `format=` name, from one table."""

from __future__ import annotations

import pyoxigraph as ox

from therapykg.graph.results import ResultFormat


def test_result_formats() -> None:
    assert ResultFormat.from_media_type("text/csv") is ResultFormat.CSV
    assert ResultFormat.from_media_type("application/json") is ResultFormat.JSON
    assert ResultFormat.from_extension("rdf") is ResultFormat.RDFXML
    assert ResultFormat.from_name("json-ld") is ResultFormat.JSONLD
    assert ResultFormat.from_name("table") is None  # the terminal's, not the web's
    assert ResultFormat.NT.rdf_format == ox.RdfFormat.N_TRIPLES
    assert ResultFormat.TSV.results_format == ox.QueryResultsFormat.TSV
