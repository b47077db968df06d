"""Plain RDF import: every syntax into a named graph, errors with file and line, nothing fetched."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest

from therapykg.errors import RDFImportError, RDFTooLargeError, TherapyKGError
from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore
from therapykg.loaders.rdf import Limits, read_rdf, scan_xml

TARGET = ox.NamedNode("http://example.org/imported")

SAMPLES = {
    "a.ttl": '@prefix ex: <http://example.org/> .\nex:a ex:label "alliance"@en ; ex:n 3 .\n',
    "a.nt": '<http://example.org/a> <http://example.org/label> "alliance"@en .\n'
    "<http://example.org/a> <http://example.org/n> "
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    "a.jsonld": '{"@context": {"ex": "http://example.org/"}, "@id": "ex:a",'
    ' "ex:label": {"@value": "alliance", "@language": "en"}, "ex:n": 3}',
    "a.rdf": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a">'
    '<ex:label xml:lang="en">alliance</ex:label>'
    '<ex:n rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">3</ex:n>'
    "</rdf:Description></rdf:RDF>\n",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_triple_syntax_lands_in_the_named_graph(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(SAMPLES[name], encoding="utf-8")
    store = OxigraphStore()
    summary = load_paths(store, [path], graph=TARGET.value)
    assert summary.rdf_files == 1 and not summary.errors
    quads = set(store.quads(TARGET))
    assert {str(q.object) for q in quads} == {
        '"alliance"@en',
        '"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
    }


def test_quad_syntaxes_keep_their_own_graphs(tmp_path: Path) -> None:
    path = tmp_path / "a.trig"
    path.write_text(
        "<http://example.org/g2> { <http://example.org/a> <http://example.org/p> 1 . }\n"
        "<http://example.org/b> <http://example.org/p> 2 .\n",
        encoding="utf-8",
    )
    quads = read_rdf(path, TARGET)
    assert {q.graph_name.value for q in quads} == {"http://example.org/g2", TARGET.value}


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.ttl", "@prefix ex: <http://example.org/> .\n\nex:a ex:p .\n", 3),
        ("bad.nt", "<http://example.org/a> <http://example.org/p> 'x' .\n", 1),
    ],
)
def test_syntax_errors_name_file_and_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RDFImportError) as caught:
        read_rdf(path, TARGET)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}")


def test_xml_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        "<ex:p>&x;</ex:p></rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    store = OxigraphStore()
    summary = load_paths(store, [path], graph=TARGET.value)
    assert not any("TOP SECRET" in str(q) for q in store.quads())
    assert len(summary.errors) == 1 and "xxe.rdf" in str(summary.errors[0])


def test_remote_jsonld_contexts_are_never_fetched(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "http://127.0.0.1:9/c.jsonld", "@id": "http://e/a"}', "utf-8")
    with pytest.raises(RDFImportError, match=r"remote\.jsonld"):
        read_rdf(path, TARGET)


def test_plain_internal_entities_as_ontology_editors_write_them_load(tmp_path: Path) -> None:
    path = tmp_path / "protege.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        '  <!ENTITY ex "http://example.org/" >\n'
        '  <!ENTITY rdf "http://www.w3.org/1999/02/22-rdf-syntax-ns#" >\n]>\n'
        '<rdf:RDF xmlns:rdf="&rdf;" xmlns:ex="&ex;">'
        '<rdf:Description rdf:about="&ex;a"><ex:p rdf:resource="&ex;b"/></rdf:Description>'
        "</rdf:RDF>\n",
        encoding="utf-8",
    )
    quads = read_rdf(path, TARGET)
    assert [(q.subject.value, q.object.value) for q in quads] == [
        ("http://example.org/a", "http://example.org/b")
    ]


def test_too_deep_xml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.rdf"
    path.write_text(
        SAMPLES["a.rdf"].replace("</rdf:RDF>", "<a>" * 300 + "</a>" * 300 + "</rdf:RDF>")
    )
    with pytest.raises(RDFImportError, match=r"deep\.rdf:\d+.*256 deep"):
        read_rdf(path, TARGET)


def test_json_ld_as_deep_as_the_limit_loads(tmp_path: Path) -> None:
    """The depth limit (256) counts the outermost object: 256 deep loads, 257 is refused."""
    limits = Limits.from_settings()
    for depth, loads in ((limits.max_depth, True), (limits.max_depth + 1, False)):
        path = tmp_path / f"deep-{depth}.jsonld"
        inner = depth - 1
        path.write_text(
            '{"@id": "http://e/a", "http://e/p": '
            + '{"http://e/p": ' * inner
            + '"x"'
            + "}" * (inner + 1),
            encoding="utf-8",
        )
        if loads:
            assert len(read_rdf(path, TARGET)) == depth
        else:
            with pytest.raises(RDFImportError, match=rf"deep-{depth}\.jsonld:1: JSON nested"):
                read_rdf(path, TARGET)


def test_a_limit_that_is_not_a_number_says_which_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("THERAPYKG_RDF_MAX_DEPTH", "deep")
    with pytest.raises(TherapyKGError, match="THERAPYKG_RDF_MAX_DEPTH='deep'"):
        Limits.from_settings()


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.nt"
    path.write_text(SAMPLES["a.nt"], encoding="utf-8")
    monkeypatch.setenv("THERAPYKG_RDF_MAX_BYTES", "100")
    with pytest.raises(RDFTooLargeError, match=r"a\.nt: \d+ bytes is too large.*at most 100 bytes"):
        read_rdf(path, TARGET)
    store = OxigraphStore()
    summary = load_paths(store, [path], graph=TARGET.value)
    assert [type(e) for e in summary.errors] == [RDFTooLargeError]


@pytest.mark.parametrize("size", [3, 64, 1 << 20])
def test_entity_expansion_is_counted_across_chunks(size: int) -> None:
    """100 characters used 200 times add 20,000: refused under a 19,999 limit, whatever the
    chunks; allowed at 20,000."""
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY t "' + "y" * 100 + '">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        + "<ex:p>&t;</ex:p>" * 200
        + "</rdf:Description></rdf:RDF>\n"
    ).encode()
    head, rest = text[:200], text[200:]  # the DOCTYPE is in the first chunk, as it must be
    chunks = [head, *(rest[i : i + size] for i in range(0, len(rest), size))]
    limits = dataclasses.replace(Limits.from_settings(), max_entity_expansion=20_000)
    scan_xml(chunks, "t.rdf", limits)
    with pytest.raises(RDFImportError, match=r"t\.rdf: its entities would add 20,000 characters"):
        scan_xml(chunks, "t.rdf", dataclasses.replace(limits, max_entity_expansion=19_999))
