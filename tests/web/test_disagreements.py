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
from therapykg.ontology.iri import slugify
from therapykg.queries.registry import named_queries
from therapykg.web import describe
from therapykg.web.app import create_app

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "therapykg" / "articles"
SOURCE = CORPUS / "evidence_based_therapy_relationships.txt"
CONGRUENCE = "https://w3id.org/therapykg/id/element/congruence-genuineness"
ALLIANCE = "https://w3id.org/therapykg/id/element/alliance"
HTML = {"Accept": "text/html"}


def disputed(folder: Path, title: str = "A Disputed Account of Therapy Relationships") -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    changed = text.replace(
        "\nEvidence-Based Therapy Relationships and Responsiveness\n",
        f"\n{title}\n",
        1,
    ).replace(
        "Rated promising but with insufficient research to judge were congruence/genuineness,",
        "Rated demonstrably effective was congruence/genuineness 1. Rated promising but with"
        " insufficient research to judge were",
        1,
    )
    assert changed.count(title) == 1 and "effective was congruence" in changed
    path = folder / f"{slugify(title)}.txt"
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


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """Two articles call congruence demonstrably effective; the original grades it promising
    twice."""
    folder = tmp_path_factory.mktemp("twice")
    store = OxigraphStore()
    load_paths(store, [CORPUS, disputed(folder), disputed(folder, "A Second Disputed Account")])
    return store


def shown(found: describe.Disagreements) -> list[tuple[str, str, str, str, str]]:
    return [(g.grade, g.article.text, g.edition, g.sentence, g.tag) for g in found.shown]


def test_the_page_lists_the_query_rows_for_its_item_in_the_query_order(
    twice: OxigraphStore,
) -> None:
    query = named_queries()["where-articles-disagree"]
    result = twice.select(query.text, bindings={"item": ox.NamedNode(CONGRUENCE)})
    expected = [
        (
            row["gradeLabel"].value,
            row["title"].value,
            row["edition"].value if row["edition"] else row["year"].value if row["year"] else "",
            row["sentence"].value,
            row["tag"].value if row["tag"] else "",
        )
        for row in result
    ]
    found = describe.disagreements(twice, CONGRUENCE)
    assert len(expected) > 2 and shown(found) == expected
    assert [c.grade for c in found.counts] == sorted({row[0] for row in expected})


def test_the_page_shows_the_counts_and_at_most_its_share_of_each_grade(
    twice: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(describe, "GRADINGS_PER_GRADE", 1)
    found = describe.disagreements(twice, CONGRUENCE)
    assert found.total == 4 and [c.gradings for c in found.counts] == [2, 2]
    assert len(found.shown) == 2 and len({g.grade for g in found.shown}) == 2
    client = create_app({"STORE": twice, "QUERY_WORKERS": 0}).test_client()
    page = client.get("/id/element/congruence-genuineness", headers=HTML).get_data(as_text=True)
    section = page.split("Where articles disagree", 1)[1].split("</section>", 1)[0]
    assert "demonstrably effective in 2 gradings" in section
    assert "up to 1 of each grade are shown here" in section
    assert section.count("<blockquote>") == 2
    assert "where-articles-disagree?item=" in section


def test_the_named_query_takes_one_item(client: FlaskClient) -> None:
    response = client.get(f"/queries/where-articles-disagree.csv?item={ALLIANCE}")
    assert response.status_code == 200
    assert len(response.get_data(as_text=True).strip().splitlines()) == 1  # the header alone
    every = client.get("/queries/where-articles-disagree.csv?item=").get_data(as_text=True)
    assert "congruence" in every.lower()


def test_on_a_generated_corpus_the_page_shows_a_part_of_the_query_rows_in_order(
    tmp_path: Path,
) -> None:
    from benchmarks.generate import generate

    store = OxigraphStore()
    load_paths(store, generate(50, tmp_path / "generated", seed=3))
    query = named_queries()["where-articles-disagree"]
    items = {r["item"] for r in rows(store)}
    assert items, "the generated articles disagree on some item"
    for item in sorted(items):
        result = store.select(query.text, bindings={"item": ox.NamedNode(item)})
        expected = [(r["gradeLabel"].value, r["title"].value, r["sentence"].value) for r in result]
        found = describe.disagreements(store, item)
        shown = [(g.grade, g.article.text, g.sentence) for g in found.shown]
        it = iter(expected)
        assert all(row in it for row in shown), f"{item}: not the query's rows in its order"
        per_grade = {c.grade: c.gradings for c in found.counts}
        assert set(per_grade) == {row[0] for row in expected}
        for grade, gradings in per_grade.items():
            of_grade = [row for row in shown if row[0] == grade]
            every = [row for row in expected if row[0] == grade]
            if gradings <= describe.GRADINGS_PER_GRADE:
                assert of_grade == every, f"{item}: every grading of {grade} is shown"
            else:
                assert 0 < len(of_grade) < len(every)
