"""The Python API: `therapykg.open(...)`, and the README's notebook example run as it stands."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
import rdflib

import therapykg
from therapykg.api import KnowledgeGraph, Rows

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARTICLE = ROOT / "articles" / "person_centered_therapy.txt"


@pytest.fixture
def kg(tmp_path: Path) -> KnowledgeGraph:
    graph = therapykg.open("memory:")
    shutil.copy(ARTICLE, tmp_path / ARTICLE.name)
    summary = graph.load(tmp_path)
    assert summary.articles == 1 and not summary.errors
    return graph


def test_select_gives_rows_of_python_values(kg: KnowledgeGraph) -> None:
    rows = kg.query(
        "SELECT ?n ?llm WHERE { ?s a tkg:Statement ; tkg:ordinal ?n ; tkg:llmTagged ?llm }"
        " ORDER BY ?n LIMIT 3"
    )
    assert isinstance(rows, Rows) and rows.variables == ["n", "llm"]
    assert [type(r["n"]) for r in rows] == [int, int, int]
    assert all(isinstance(r["llm"], bool) for r in rows)


def test_keyword_values_are_bound_not_pasted(kg: KnowledgeGraph) -> None:
    text = "SELECT ?s WHERE { ?s tkg:provenanceTag ?tag }"
    llm = kg.query(text, tag="LLM")
    hostile = kg.query(text, tag='LLM" } ; ?x ?y ?z . FILTER("1')
    assert isinstance(llm, Rows) and len(llm) > 0
    assert hostile == []
    every = kg.query("SELECT ?s WHERE { ?s tkg:llmTagged true }")
    assert {r["s"] for r in llm} == {r["s"] for r in every}  # type: ignore[union-attr]


def test_ask_construct_and_named_queries(kg: KnowledgeGraph) -> None:
    assert kg.query("ASK { ?s a tkg:Article }") is True
    graph = kg.query(
        "CONSTRUCT { ?a dcterms:title ?t } WHERE { ?a a tkg:Article ; dcterms:title ?t }"
    )
    assert isinstance(graph, rdflib.Graph)
    assert [str(o) for o in graph.objects()] == ["Person-Centered Therapy"]
    frameworks = kg.named("frameworks")
    assert isinstance(frameworks, Rows) and frameworks
    with pytest.raises(ValueError, match="no parameter"):
        kg.named("frameworks", nonsense="1")


def test_lineage_is_a_networkx_graph_around_one_node(kg: KnowledgeGraph) -> None:
    whole = kg.lineage()
    around = kg.lineage("person-centered therapy")
    assert (
        isinstance(around, nx.DiGraph) and 0 < around.number_of_nodes() <= whole.number_of_nodes()
    )
    with pytest.raises(LookupError):
        kg.lineage("no such approach anywhere")


def test_to_rdflib_gives_one_graph_or_the_dataset(kg: KnowledgeGraph) -> None:
    dataset = kg.to_rdflib()
    assert isinstance(dataset, rdflib.Dataset)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    article = next(n for n in names if "/article/" in n)
    one = kg.to_rdflib(article)
    assert isinstance(one, rdflib.Graph) and len(one) == len(dataset.graph(rdflib.URIRef(article)))


def test_the_readme_notebook_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    section = README.split("## Python in a notebook", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[1] == "True"
    assert printed[2].endswith("LLM-tagged sentences") and int(printed[2].split()[0]) > 0
