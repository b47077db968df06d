"""SPARQL syntax errors explained: the line, a caret and one hint, for queries Oxigraph refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from therapykg.cli import main
from therapykg.ontology.vocab import PREFIXES
from therapykg.queries.diagnose import explain

CASES = json.loads((Path(__file__).parent / "data" / "syntax_errors.json").read_text("utf-8"))


def oxigraph_message(query: str) -> str:
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(query, prefixes=PREFIXES)
    return str(caught.value)


@pytest.mark.parametrize("case", CASES, ids=[c["query"][:40] for c in CASES])
def test_each_mistake_gets_its_line_a_caret_and_a_hint(case: dict[str, object]) -> None:
    query = str(case["query"])
    text = explain(query, oxigraph_message(query))
    lines = text.splitlines()
    assert f"at line {case['line']}," in lines[0]
    assert lines[2].strip() == "^" and lines[1].startswith("  ")
    hints = [line for line in lines if line.startswith("hint: ")]
    assert len(hints) == 1 and str(case["hint"]) in hints[0], text
    assert "..=" not in text and "\\u{" not in text  # no grammar character classes


def test_a_query_with_no_known_mistake_keeps_what_the_grammar_expected() -> None:
    query = "SELECT ?x WHERE { ?x ?p ?o . ?x }"
    text = explain(query, oxigraph_message(query))
    assert "expected" in text.splitlines()[0] and "hint:" not in text


def test_the_cli_prints_the_explanation_and_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--store", "memory:", "query", "SELECT ?x WHERE { ?x foo:bar ?y }"]
    )
    assert result.exit_code == 2
    assert "hint: the prefix 'foo:' is not declared" in result.output
    assert "tkg:" in result.output


def test_the_endpoint_explains_on_its_page_and_keeps_the_protocol_body_plain() -> None:
    from therapykg.graph.store import open_store
    from therapykg.web.app import close_app, create_app

    app = create_app({"STORE": open_store("memory:")})
    client = app.test_client()
    query = {"query": "SELECT ?x WHERE { ?x foo:bar ?y }"}
    page = client.get("/sparql", query_string=query, headers={"Accept": "text/html"})
    assert page.status_code == 400
    assert "hint: the prefix &#39;foo:&#39; is not declared" in page.get_data(as_text=True)
    plain = client.get("/sparql", query_string=query, headers={"Accept": "text/plain"})
    assert plain.status_code == 400 and "hint:" not in plain.get_data(as_text=True)
    close_app(app)
