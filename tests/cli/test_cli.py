"""The command line end to end on a real on-disk store: load, stats, query, export, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result

from therapykg.cli import main

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "articles" / "evidence_based_therapy_relationships.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def loaded(store: Path) -> Path:
    result = run(store, "load", str(SEED))
    assert result.exit_code == 0, result.output
    return store


def dump(store: Path) -> set[str]:
    """Every quad in the store as N-Quads lines, minus load times (they change on every load)."""
    result = run(store, "export", "--format", "nq")
    return {line for line in result.output.splitlines() if "endedAtTime" not in line}


def select(store: Path, sparql: str) -> list[dict[str, str]]:
    result = run(store, "query", sparql, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_help_lists_every_command_with_one_line() -> None:
    result = CliRunner().invoke(main, ["--help"])
    for command in ("load", "query", "stats", "export", "validate", "reason"):
        line = next(x for x in result.output.splitlines() if x.strip().startswith(command + " "))
        assert len(line.split(None, 1)) == 2, line


def test_load_prints_a_summary(store: Path) -> None:
    result = run(store, "load", str(SEED))
    assert result.exit_code == 0
    assert "loaded 1 article(s)" in result.output
    assert "90 statements" in result.output


def test_stats_counts_the_seed(loaded: Path) -> None:
    result = run(loaded, "stats")
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if "Evidence-Based Therapy" in x)
    assert line.split()[-4:] == ["90", "52", "35", "3"]


def test_reloading_an_unchanged_file_is_a_no_op(loaded: Path) -> None:
    before = dump(loaded)
    result = run(loaded, "load", str(SEED))
    assert "1 unchanged" in result.output
    assert dump(loaded) == before


def test_a_changed_file_replaces_only_its_own_graph(loaded: Path, tmp_path: Path) -> None:
    copy = tmp_path / "seed.txt"
    text = SEED.read_text(encoding="utf-8")
    copy.write_text(text.replace("0 upvotes", "3 upvotes"), encoding="utf-8")
    other = tmp_path / "import.ttl"
    other.write_text("<http://example.org/a> <http://example.org/b> 'c' .\n", encoding="utf-8")
    assert run(loaded, "load", str(other), "--graph", "http://example.org/g").exit_code == 0
    assert run(loaded, "load", str(copy)).exit_code == 0
    graphs = {row["g"] for row in select(loaded, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")}
    assert "http://example.org/g" in graphs
    statements = select(loaded, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a tkg:Statement }")
    assert statements == [{"n": "90"}]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00" * 20, "binary"),
        ("latin1.txt", "Titre\n\nCaf\xe9 th\xe9rapie 1.\n".encode("latin-1"), "UTF-8"),
        ("notitle.md", b"## Type & Discipline\n\nA sentence [1].\n", "title"),
        ("bad.ttl", b"<http://a> <http://b> .\n", "bad.ttl:1"),
        ("nosources.txt", SEED_TEXT.split("\nSources\n")[0].encode(), "Sources"),
        (
            "both.md",
            b"# T\n\n## Evidence Base\n\nBoth [1] `LLM`.\n\n## Sources\n\n1. S. T1\n",
            "both LLM and a source",
        ),
        ("truncated.txt", SEED_TEXT[: len(SEED_TEXT) // 2].encode(), "expected"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "",
)
def test_bad_input_is_named_and_leaves_the_store_as_it_was(
    loaded: Path, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    before = dump(loaded)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(main, ["--store", str(loaded), "load", str(path)])
    assert result.exit_code == 1
    assert name in result.output
    assert message.lower() in result.output.lower()
    if content is not None and name.endswith((".txt", ".md", ".ttl")):
        assert re.search(rf"{re.escape(name)}:\d+", result.output), "the message names a line"
    assert dump(loaded) == before


def test_good_files_load_and_bad_ones_are_listed(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(main, ["--store", str(store), "load", str(bad), str(SEED)])
    assert result.exit_code == 1
    assert "loaded 1 article(s)" in result.output
    assert "1 file(s) not loaded" in result.output
    assert str(bad) in result.output.split("not loaded", 1)[1]


def test_query_answers_t1_backed_demonstrably_effective_elements(loaded: Path) -> None:
    rows = select(
        loaded,
        """SELECT DISTINCT ?label ?n WHERE {
             ?g a tkg:Grading ; tkg:gradedItem ?e ; tkg:extractedFrom ?s ;
                tkg:hasGrade <https://w3id.org/therapykg/id/grade/demonstrably-effective> .
             ?e a tkg:RelationshipElement ; skos:prefLabel ?label .
             ?s tkg:citesReference ?r . ?r tkg:referenceNumber ?n ;
                tkg:sourceTier <https://w3id.org/therapykg/id/tier/T1> .
           } ORDER BY ?label""",
    )
    labels = {row["label"].casefold() for row in rows}
    assert {"alliance", "cohesion", "empathy"} <= labels
    assert {row["n"] for row in rows} == {"1"}


def test_query_llm_tagged_sentences_by_section(loaded: Path) -> None:
    rows = select(
        loaded,
        """SELECT ?h (COUNT(?s) AS ?n) WHERE {
             ?s tkg:llmTagged true ; tkg:inSection ?sec . ?sec tkg:sectionHeading ?h
           } GROUP BY ?h""",
    )
    by_section = {row["h"]: int(row["n"]) for row in rows}
    assert by_section["Reflective / Supervision Questions"] == 6
    assert by_section["Evidence Base"] == 5
    assert sum(by_section.values()) == 35


def test_query_reads_a_file_and_reports_syntax_errors(loaded: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s a tkg:Article }", encoding="utf-8")
    assert run(loaded, "query", f"@{rq}").output.strip() == "true"
    bad = CliRunner().invoke(main, ["--store", str(loaded), "query", "SELEC ?x"])
    assert bad.exit_code == 2
    assert "not valid SPARQL" in bad.output


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nq", "trig", "rdfxml", "jsonld"])
def test_export_round_trips(loaded: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"kg.{fmt}"
    assert run(loaded, "export", "--format", fmt, "-o", str(out)).exit_code == 0
    rdflib_format = {"rdfxml": "xml", "jsonld": "json-ld", "nq": "nquads"}.get(fmt, fmt)
    with out.open("rb") as stream:
        if fmt in ("nq", "trig", "jsonld"):
            dataset = rdflib.Dataset()
            dataset.parse(stream, format=rdflib_format)
            theirs = {(s, p, o) for s, p, o, _ in dataset.quads()}
        else:
            theirs = set(rdflib.Graph().parse(stream, format=rdflib_format))
    nt = run(loaded, "export", "--format", "nt").output.encode("utf-8")
    ours = set(rdflib.Graph().parse(data=nt, format="nt"))
    assert theirs == ours
    assert len(ours) > 500


def test_export_reimport_gives_the_same_graph(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "kg.trig"
    run(loaded, "export", "--format", "trig", "-o", str(out))
    fresh = ox.Store()
    fresh.load(path=str(out), format=ox.RdfFormat.TRIG)
    original = ox.Store()
    original.load(run(loaded, "export", "--format", "nq").output.encode(), ox.RdfFormat.N_QUADS)
    assert set(fresh) == set(original)


def test_the_ontology_exports_alone_and_opens_in_an_owl_tool(tmp_path: Path) -> None:
    """`--part ontology` as RDF/XML, which Protégé reads, loads in owlready2 with its classes."""
    import owlready2

    out = tmp_path / "therapykg.owl"
    result = run(
        tmp_path / "empty-store",
        "export",
        "--part",
        "ontology",
        "--format",
        "rdfxml",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert 'xmlns:tkg="https://w3id.org/therapykg/ontology#"' in text
    world = owlready2.World()
    onto = world.get_ontology(out.as_uri()).load()
    names = {c.name for c in onto.classes()} | {c.name for c in world.classes()}
    assert {"Statement", "Grading", "DemonstrablyEffectiveElement"} <= names


def test_query_pages_a_named_query(loaded: Path) -> None:
    whole = run(loaded, "query", "--named", "llm-only-claims", "--format", "csv")
    body = whole.stdout.splitlines()
    first = run(loaded, "query", "--named", "llm-only-claims", "--format", "csv", "--limit", "3")
    second = run(
        loaded,
        "query",
        "--named",
        "llm-only-claims",
        "--format",
        "csv",
        "--limit",
        "3",
        "--offset",
        "3",
    )
    assert first.exit_code == second.exit_code == 0
    assert first.stdout.splitlines()[1:] != second.stdout.splitlines()[1:]
    assert first.stdout.splitlines()[1:] + second.stdout.splitlines()[1:] == body[1:7]
    # paged by article: the next page by cursor, the previous one by offset
    assert "next: --after " in first.stderr and "previous" not in first.stderr
    assert "previous: --offset 0" in second.stderr and "next: --after " in second.stderr
    people = run(loaded, "query", "--named", "people-roles", "--limit", "3")
    assert "next: --offset 3" in people.stderr  # not paged by article: by offset, as before
    last = run(
        loaded,
        "query",
        "--named",
        "llm-only-claims",
        "--limit",
        "5",
        "--offset",
        str(len(body) - 3),
    )
    assert "next" not in last.stderr and "previous" in last.stderr


def test_query_refuses_a_bad_limit_naming_it(loaded: Path) -> None:
    for option, value in (("--limit", "-1"), ("--offset", "x")):
        result = CliRunner().invoke(
            main, ["--store", str(loaded), "query", "--named", "lineage", option, value]
        )
        assert result.exit_code == 2 and f"{option[2:]}: {value!r}" in result.stderr
    result = CliRunner().invoke(main, ["--store", str(loaded), "query", "ASK {}", "--limit", "1"])
    assert result.exit_code == 2 and "--named" in result.stderr


def test_query_follows_the_after_cursor_to_the_end(loaded: Path) -> None:
    """`--after CURSOR` from each page's `next:` reads the next page: from the first page to
    the last, the rows of the pages read by offset, in order."""
    args = ("query", "--named", "llm-only-claims", "--format", "csv", "--limit", "7")
    whole = run(loaded, *args[:-2], "--limit", "10000").stdout.splitlines()[1:]
    paged: list[str] = []
    after: list[str] = []
    for _ in range(len(whole)):
        page = run(loaded, *args, *after)
        assert page.exit_code == 0, page.output
        paged += page.stdout.splitlines()[1:]
        found = re.search(r"next: --after (\S+)", page.stderr)
        if found is None:
            break
        after = ["--after", found.group(1)]
    assert paged == whole and len(whole) > 7


@pytest.mark.parametrize("cursor", ["nonsense!", "MS4wLjA", "' } ; DROP ALL ; {", ""])
def test_query_refuses_a_bad_cursor(loaded: Path, cursor: str) -> None:
    result = CliRunner().invoke(
        main,
        ["--store", str(loaded), "query", "--named", "llm-only-claims", "--after", cursor],
    )
    assert result.exit_code == 2 and "after:" in result.stderr, result.output
    assert "Traceback" not in result.output
