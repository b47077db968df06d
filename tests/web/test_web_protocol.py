"""The read-only query tests of the W3C SPARQL 1.1 Protocol suite, against a live server.

The cases (data/protocol_cases.json) were written from the manifest's test descriptions; each is
one raw HTTP request, sent as written (no client library tidies it), and the answer is checked as
the manifest says: status class, and for 2xx the kind of result (boolean, tabular, RDF).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import rdflib
import requests

from tests.web.conftest import PROTOCOL

BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}


def _send(base: str, case: dict[str, Any]) -> requests.Response:
    body = case.get("body")
    data = None if body is None else body.encode(case.get("body_encoding", "utf-8"))
    return requests.request(
        case["method"],
        base + case["path"],
        data=data,
        headers=case.get("headers", {}),
        timeout=30,
    )


def _boolean(response: requests.Response) -> bool:
    media = response.headers["Content-Type"].split(";")[0]
    assert media in BOOLEAN_TYPES
    if media.endswith("json"):
        value = json.loads(response.text)["boolean"]
        assert isinstance(value, bool)
        return value
    assert "<boolean>" in response.text
    return "<boolean>true</boolean>" in response.text


@pytest.mark.parametrize("case", PROTOCOL["cases"], ids=lambda c: c["id"])
def test_w3c_protocol_case(live_url: str, case: dict[str, Any]) -> None:
    response = _send(live_url, case)
    expect = case["expect"]
    status_class = f"{response.status_code // 100}xx"
    if expect["status"] == "4xx":
        assert status_class == "4xx", response.text
        assert response.text.strip(), "an error says what was wrong"
        return
    assert status_class in ("2xx", "3xx"), response.text
    media = response.headers["Content-Type"].split(";")[0]
    if expect.get("format") == "boolean":
        value = _boolean(response)
        if "boolean" in expect:
            assert value is expect["boolean"]
    elif expect.get("format") == "tabular":
        assert media in TABULAR_TYPES
    elif expect.get("format") == "RDF":
        assert media in RDF_TYPES
        rdflib.Graph().parse(data=response.text, format=RDF_TYPES[media])
