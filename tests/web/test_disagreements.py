"""Where articles disagree: the named query and the section on an element's page.

The bundled articles agree on every grade; a copy of one article under another title that
calls congruence demonstrably effective (the original says promising) makes them disagree.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore
from therapykg.queries.registry import named_queries
from therapykg.web.app import create_app

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "therapykg" / "articles"
SOURCE = CORPUS / "evidence_based_therapy_relationships.txt"
CONGRUENCE = "https://w3id.org/therapykg/id/element/congruence-genuineness"
ALLIANCE = "https://w3id.org/therapykg/id/element/alliance"
HTML = {"Accept": "text/html"}


def disputed(folder: Path) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    changed = text.replace(
        "\nEvidence-Based Therapy Relationships and Responsiveness\n",
        "\nA Disputed Account of Therapy Relationships\n",
        1,
    ).replace(
        "Rated promising but with insufficient research to judge were congruence/genuineness,",
        "Rated demonstrably effective was congruence/genuineness 1. Rated promising but with"
        " insufficient research to judge were",
        1,
    )
    assert changed.count("A Disputed Account") == 1 and "effective was congruence" in changed
    path = folder / "disputed.txt"
    path.write_text(changed, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    store = OxigraphStore()
    load_paths(store, [CORPUS, disputed(tmp_path_factory.mktemp("disputed"))])
    return store


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> FlaskClient:
    return create_app({"STORE": store, "QUERY_WORKERS": 0}).test_client()


def rows(store: OxigraphStore) -> list[dict[str, str]]:
    result = store.query(named_queries()["where-articles-disagree"].text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_the_query_lists_every_grading_of_an_item_graded_two_ways(store: OxigraphStore) -> None:
    found = rows(store)
    congruence = [r for r in found if r["item"] == CONGRUENCE]
    by_grade = {(r["gradeLabel"], r["title"]) for r in congruence}
    assert ("demonstrably effective", "A Disputed Account of Therapy Relationships") in by_grade
    promising = {t for g, t in by_grade if g.startswith("promising")}
    assert "Evidence-Based Therapy Relationships and Responsiveness" in promising
    assert all(r["sentence"] for r in congruence)
    assert {r.get("tag") for r in congruence if r["title"].startswith("A Disputed")} == {"1"}
    # an item every article grades alike is not listed
    assert not [r for r in found if r["item"] == ALLIANCE]


def test_the_bundled_articles_agree(tmp_path: Path) -> None:
    store = OxigraphStore()
    load_paths(store, [CORPUS])
    assert rows(store) == []


def test_the_element_page_shows_both_sentences(client: FlaskClient) -> None:
    response = client.get("/id/element/congruence-genuineness", headers=HTML)
    page = response.get_data(as_text=True)
    assert "Where articles disagree" in page
    section = page.split("Where articles disagree", 1)[1].split("</section>", 1)[0]
    assert "demonstrably effective" in section and "promising" in section
    assert "A Disputed Account of Therapy Relationships" in section
    assert "Evidence-Based Therapy Relationships and Responsiveness" in section
    assert "Rated demonstrably effective was congruence/genuineness" in section


def test_an_agreed_element_page_has_no_such_section(client: FlaskClient) -> None:
    page = client.get("/id/element/alliance", headers=HTML).get_data(as_text=True)
    assert "Where articles disagree" not in page


def test_the_named_query_page_answers(client: FlaskClient) -> None:
    response = client.get("/queries/where-articles-disagree.csv")
    assert response.status_code == 200
    assert "congruence" in response.get_data(as_text=True).lower()
