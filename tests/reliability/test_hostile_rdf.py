"""Hostile RDF files given to `load`: nothing read from disk or network, bounded time and memory,
a clear error where refused (exit status 1, the file named, no traceback), the store unchanged.

Extends tests/loaders/test_rdf_import.py (a SYSTEM file entity in element content, a remote
@context given as a string), which is not repeated here: entities by HTTP, PUBLIC, parameter
entities, an external DTD and XInclude, all aimed at a listener on 127.0.0.1 that must see no
connection; a file entity in an attribute; every way JSON-LD 1.1 can name a remote context;
entity expansion (billion laughs) and deep nesting; a million-character literal and IRI.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reliability.support import (
    graph_contents,
    no_traceback,
    run_cli,
    run_measured,
)
from tests.servers import Listener
from therapykg.errors import RDFImportError
from therapykg.graph.load import load_paths
from therapykg.graph.store import OxigraphStore
from therapykg.loaders import rdf
from therapykg.loaders.rdf import Limits, read_rdf

RDF_HEAD = (
    '<?xml version="1.0"?>\n{doctype}<rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/" '
    'xmlns:xi="http://www.w3.org/2001/XInclude">'
)
MEMORY_CAP = 2 << 30  # address space of the loading process: an attack dies here, not the host
PEAK_MB = 700  # a load of these small files stays far below this
SECONDS = 15


def rdfxml(body: str, doctype: str = "") -> str:
    return RDF_HEAD.format(doctype=doctype) + body + "</rdf:RDF>\n"


def describe(value: str) -> str:
    return (
        f'<rdf:Description rdf:about="http://example.org/a"><ex:p>{value}</ex:p></rdf:Description>'
    )


def _refused_files(folder: Path, url: str, secret: Path) -> list[Path]:
    entity = '<!DOCTYPE rdf:RDF [<!ENTITY x {kind} "{target}">]>\n'
    files = {
        "http-entity.rdf": rdfxml(describe("&x;"), entity.format(kind="SYSTEM", target=url)),
        "public-entity.rdf": rdfxml(
            describe("&x;"), entity.format(kind='PUBLIC "-//X//EN"', target=url)
        ),
        "file-entity-in-attribute.rdf": rdfxml(
            '<rdf:Description rdf:about="http://example.org/&x;"><ex:p>y</ex:p></rdf:Description>',
            entity.format(kind="SYSTEM", target=secret.as_uri()),
        ),
        "parameter-entity.rdf": rdfxml(
            "", f'<!DOCTYPE rdf:RDF [<!ENTITY % x SYSTEM "{url}"> %x;]>\n'
        ),
        "undeclared-entity.rdf": rdfxml(describe("&passwd;")),
    }
    contexts: dict[str, dict[str, Any]] = {
        "context-array.jsonld": {"@context": [{"ex": "http://example.org/"}, url]},
        "context-import.jsonld": {"@context": {"@version": 1.1, "@import": url}},
        "context-scoped-property.jsonld": {
            "@context": {"@version": 1.1, "knows": {"@id": "http://e/knows", "@context": url}},
            "knows": {"@id": "http://e/b", "name": "y"},
        },
        "context-scoped-type.jsonld": {
            "@context": {"@version": 1.1, "T": {"@id": "http://e/T", "@context": url}},
            "@type": "T",
        },
        "context-nested-node.jsonld": {
            "@context": {"ex": "http://example.org/"},
            "ex:p": {"@context": url, "@id": "http://e/b", "name": "y"},
        },
    }
    for name, document in contexts.items():
        files[name] = json.dumps({"@id": "http://example.org/a", "name": "x", **document})
    files["deep.jsonld"] = (
        '{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * 100_000 + '"x"' + "}" * 100_001
    )
    return _written(folder, files)


def test_entities_and_remote_contexts_are_refused_and_change_nothing(
    tmp_path: Path, listener: Listener
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    files = _refused_files(tmp_path, f"http://127.0.0.1:{listener.port}/x", secret)
    store = OxigraphStore(None)
    load_paths(store, [Path(__file__).parents[1] / "loaders" / "data" / "mini.txt"])
    before = graph_contents(store)
    summary = load_paths(store, files, graph="http://example.org/imported")
    refused = {Path(error.path).name for error in summary.errors}
    assert refused == {path.name for path in files}, summary.errors
    for error in summary.errors:
        assert str(error).startswith(str(error.path)), error
    assert graph_contents(store) == before
    assert listener.connections_after(0.5) == 0


def test_an_external_dtd_is_refused_and_xinclude_never_followed(
    tmp_path: Path, listener: Listener
) -> None:
    """A DOCTYPE naming an external DTD is refused (before any parser sees it); an xi:include
    is only markup in an XML literal: kept, never followed."""
    url = f"http://127.0.0.1:{listener.port}/x"
    dtd = tmp_path / "external-dtd.rdf"
    dtd.write_text(rdfxml(describe("kept"), f'<!DOCTYPE rdf:RDF SYSTEM "{url}">\n'), "utf-8")
    xinclude = tmp_path / "xinclude.rdf"
    xinclude.write_text(
        rdfxml(
            '<rdf:Description rdf:about="http://example.org/a"><ex:p rdf:parseType="Literal">'
            f'<xi:include href="{url}" parse="text"/></ex:p></rdf:Description>'
        ),
        "utf-8",
    )
    store = OxigraphStore(None)
    summary = load_paths(store, [dtd, xinclude], graph="http://example.org/imported")
    assert summary.rdf_files == 1
    assert [Path(e.path).name for e in summary.errors] == ["external-dtd.rdf"]
    assert "external DTD" in str(summary.errors[0])
    texts = [
        q.object.value
        for q in store.quads()
        if q.predicate.value == "http://example.org/p" and isinstance(q.object, ox.Literal)
    ]
    assert any("xi:include" in t for t in texts)  # kept as a literal, inert
    assert listener.connections_after(0.5) == 0


def _run_load(tmp_path: Path, *files: Path) -> tuple[int, str, float, float]:
    store_dir = tmp_path / "store"
    done = run_measured(
        "--store",
        store_dir,
        "load",
        *files,
        "--graph",
        "http://example.org/imported",
        timeout=SECONDS,
        memory_cap=MEMORY_CAP,
    )
    return done.returncode, done.stderr, done.seconds, done.peak_mb


def test_a_million_character_literal_and_iri_load_in_bounded_memory(tmp_path: Path) -> None:
    long_text = "x" * 1_000_000
    literal = tmp_path / "long-literal.ttl"
    literal.write_text(f'<http://example.org/a> <http://example.org/p> "{long_text}" .\n', "utf-8")
    iri = tmp_path / "long-iri.ttl"
    iri.write_text(f'<http://example.org/{long_text}> <http://example.org/p> "x" .\n', "utf-8")
    deep = tmp_path / "deep-blank-nodes.ttl"
    deep.write_text(
        "<http://example.org/a> <http://example.org/p> "
        + "[ <http://example.org/p> " * 20_000
        + '"x"'
        + " ]" * 20_000
        + " .\n",
        "utf-8",
    )
    code, err, seconds, peak = _run_load(tmp_path, literal, iri, deep)
    assert code == 0, err
    assert peak < PEAK_MB, f"peak memory {peak:.0f} MB"
    with OxigraphStore(tmp_path / "store", read_only=True) as store:
        values = {
            q.object.value
            for q in store.quads()
            if isinstance(q.object, ox.Literal) and q.object.value.startswith("xxx")
        }
        subjects = {
            q.subject.value
            for q in store.quads()
            if isinstance(q.subject, ox.NamedNode) and len(q.subject.value) > 1_000_000
        }
    assert values == {long_text}, "the literal is stored whole"
    assert subjects == {f"http://example.org/{long_text}"}
    print(f"long literal, long IRI, 20,000 nested blank nodes: {seconds:.1f} s, {peak:.0f} MB")


BILLION_LAUGHS = '<!DOCTYPE rdf:RDF [\n<!ENTITY lol0 "lol">\n{}]>\n'.format(
    "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
)


BOMBS = {
    "billion-laughs.rdf": lambda: rdfxml(describe("&lol9;"), BILLION_LAUGHS),
    "deep-nesting.rdf": lambda: rdfxml(
        "<rdf:Description><ex:p>" * 50_000 + "</ex:p></rdf:Description>" * 50_000
    ),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_xml_bombs_are_refused_quickly_in_bounded_memory(tmp_path: Path, name: str) -> None:
    """A 1 kB file that expands to 3 GB, and a 2 MB file nested 50,000 deep (pyoxigraph's
    RDF/XML parser takes minutes over it): both refused within seconds, the store unchanged."""
    bomb = tmp_path / name
    bomb.write_text(BOMBS[name](), encoding="utf-8")
    code, err, seconds, peak = _run_load(tmp_path, bomb)
    assert seconds < SECONDS, f"{name}: still parsing after {SECONDS} s (stopped)"
    assert code == 1 and no_traceback(err), (
        f"{name}: exit {code} after {seconds:.1f} s: {err[:300]}"
    )
    assert name in err
    assert peak < PEAK_MB, f"{name}: peak memory {peak:.0f} MB"
    with OxigraphStore(tmp_path / "store", read_only=True) as store:
        assert not any(str(q.graph_name) == "<http://example.org/imported>" for q in store.quads())


# -- deep JSON-LD, huge literals, and every entry point ------------------------------------------


def deep_jsonld(depth: int) -> str:
    """JSON-LD with objects nested `depth` deep: 4,000 crashed pyoxigraph's parser (SIGSEGV)."""
    return (
        '{"@id": "http://e/a", "http://e/p": '
        + '{"http://e/p": ' * depth
        + '"x"'
        + "}" * (depth + 1)
    )


LITERAL_LINE = 3


def huge_literal_turtle(size: int) -> str:
    return (
        "@prefix ex: <http://example.org/> .\n\n"
        + 'ex:a ex:p "'
        + "x" * size
        + '" .\nex:a ex:q "y" .\n'
    )


DEEP = {
    "deep-4000.jsonld": lambda: deep_jsonld(4_000),
    "deep-3000.jsonld": lambda: deep_jsonld(3_000),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_jsonld_is_refused_at_load_with_the_file_named(tmp_path: Path, name: str) -> None:
    """Before: 4,000 deep ended `load` with exit status 139 and no message; 3,000 deep loaded,
    taking 1.9 GB for 45 kB. Now refused by the depth scan, before any parser sees it."""
    path = tmp_path / name
    path.write_text(DEEP[name](), encoding="utf-8")
    code, err, _, peak = _run_load(tmp_path, path)
    assert code == 1 and no_traceback(err), f"exit {code}: {err[:300]}"
    assert f"{path}:1: JSON nested more than 256 deep" in err
    assert peak < PEAK_MB, f"peak memory {peak:.0f} MB"
    with OxigraphStore(tmp_path / "store", read_only=True) as store:
        assert not any(str(q.graph_name) == "<http://example.org/imported>" for q in store.quads())


def test_a_50_mb_literal_is_refused_with_file_and_line(tmp_path: Path) -> None:
    """Before: an uncaught MemoryError traceback. Now the line scan refuses it."""
    path = tmp_path / "huge-literal.ttl"
    path.write_text(huge_literal_turtle(50_000_000), encoding="utf-8")
    code, err, _, peak = _run_load(tmp_path, path)
    assert code == 1 and no_traceback(err), f"exit {code}: {err[:300]}"
    assert f"{path}:{LITERAL_LINE}: line {LITERAL_LINE} is longer than 8,388,608 bytes" in err
    assert peak < PEAK_MB, f"peak memory {peak:.0f} MB"


def test_a_long_literal_spread_over_lines_is_refused_after_parsing(tmp_path: Path) -> None:
    """A triple-quoted literal of short lines passes the line scan; the child refuses it."""
    path = tmp_path / "long-lines.ttl"
    body = "x" * 100 + "\n"
    path.write_text(
        '<http://example.org/a> <http://example.org/p> """' + body * 100 + '""" .\n', "utf-8"
    )
    limits = dataclasses.replace(Limits.from_settings(), max_line=5_000)
    with pytest.raises(RDFImportError, match=r"long-lines\.ttl: a literal of 10,100 characters"):
        read_rdf(path, ox.NamedNode("http://example.org/g"), limits=limits)


def _written(folder: Path, files: dict[str, str]) -> list[Path]:
    """Each text written to its own file in `folder`."""
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def _hostile_files(folder: Path) -> list[Path]:
    files = {
        "billion-laughs.rdf": rdfxml(describe("&lol9;"), BILLION_LAUGHS),
        **{name: make() for name, make in DEEP.items()},
        "huge-literal.ttl": huge_literal_turtle(9_000_000),
    }
    return _written(folder, files)


def test_no_parser_sees_what_the_scans_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scans of the raw bytes come first: the parsing child is never started for these."""

    def no_parser(*args: object, **kwargs: object) -> list[ox.Quad]:
        raise AssertionError("a parser was given input the scans should have refused")

    monkeypatch.setattr(rdf, "_parse_in_child", no_parser)
    for path in _hostile_files(tmp_path):
        with pytest.raises(RDFImportError) as caught:
            read_rdf(path, ox.NamedNode("http://example.org/g"))
        assert str(caught.value).startswith(str(path)), caught.value
        with pytest.raises(RDFImportError):
            rdf.parse_rdf_bytes(path.read_bytes(), rdf.format_of(path), name=path.name)


def test_validate_refuses_the_same_files(tmp_path: Path) -> None:
    """`validate FILES` reads them as `load` does (it used rdflib, without these checks)."""
    for path in _hostile_files(tmp_path):
        done = run_cli("validate", path, timeout=60)
        assert done.returncode == 1 and no_traceback(done.stderr), (path.name, done.stderr[:300])
        assert str(path) in done.stderr


def test_a_parser_crash_ends_only_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the depth limit lifted, 4,000-deep JSON-LD reaches pyoxigraph, which overflows its
    stack: the child dies, the caller gets an RDFImportError and goes on."""
    path = tmp_path / "deep-4000.jsonld"
    path.write_text(deep_jsonld(4_000), encoding="utf-8")
    limits = dataclasses.replace(Limits.from_settings(), max_depth=1_000_000)
    with pytest.raises(RDFImportError, match=r"deep-4000\.jsonld: the parser failed on it"):
        read_rdf(path, ox.NamedNode("http://example.org/g"), limits=limits)


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_the_json_scan_does_not_depend_on_where_chunks_are_cut(size: int) -> None:
    """Brackets inside strings, escaped quotes and backslashes, cut anywhere: the same depth."""
    text = json.dumps({"a": ["[[{{", {"b": 'x\\"]}', "c": [[["\\\\"]]]}], "d": "}"}).encode()
    limits = dataclasses.replace(Limits.from_settings(), max_depth=6)
    chunks = [text[i : i + size] for i in range(0, len(text), size)]
    rdf.scan_json(chunks, "t", limits)  # depth 6: accepted
    with pytest.raises(RDFImportError, match="nested more than 5 deep"):
        rdf.scan_json(chunks, "t", dataclasses.replace(limits, max_depth=5))


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab"\\[]{}\n\u00e9 '),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet='k"\\[{', max_size=3), inner, max_size=4)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(
    value=_JSON.filter(lambda v: _depth(v) > 0),
    size=st.integers(1, 64),
    indent=st.none() | st.integers(0, 2),
    ascii_only=st.booleans(),
)
def test_the_json_scan_measures_depth_exactly(
    value: object, size: int, indent: int | None, ascii_only: bool
) -> None:
    """Any JSON, cut anywhere: accepted at its depth, refused one below, by the quick scan
    (bytes methods) and the token scan alike."""
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only).encode()
    chunks = [text[i : i + size] for i in range(0, len(text), size)]
    depth = _depth(value)
    limits = dataclasses.replace(Limits.from_settings(), max_depth=depth)
    rdf.scan_json(chunks, "t", limits)
    with pytest.raises(RDFImportError, match=f"nested more than {depth - 1} deep"):
        rdf.scan_json(chunks, "t", dataclasses.replace(limits, max_depth=depth - 1))
    assert rdf._scan_tokens(text, 0, 1, True, "t", limits) == (0, len(text))
