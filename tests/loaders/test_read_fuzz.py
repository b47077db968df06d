"""Mutated articles never crash a reader: they read, or raise ArticleError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from therapykg.errors import ArticleError
from therapykg.loaders.read import read_article

DATA = Path(__file__).parent / "data"
SEED = (DATA / "evidence_based_therapy_relationships.txt").read_bytes()
MINI = {suffix: (DATA / f"mini{suffix}").read_bytes() for suffix in (".txt", ".md", ".html")}
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """Truncate, flip bytes, insert random Unicode or NUL bytes, delete or duplicate a span."""
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        at = draw(st.integers(0, size))
        kind = draw(st.sampled_from(["truncate", "flip", "unicode", "nul", "delete", "repeat"]))
        if kind == "truncate":
            data = data[:at]
        elif kind == "flip" and size:
            at = min(at, size - 1)
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind == "unicode":
            data = data[:at] + draw(st.text(min_size=1, max_size=20)).encode("utf-8") + data[at:]
        elif kind == "nul":
            data = data[:at] + b"\x00" + data[at:]
        else:
            end = min(size, at + draw(st.integers(1, 400)))
            data = data[:at] + data[end:] if kind == "delete" else data[:end] + data[at:]
    return data


def _read(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        read_article(path)
    except ArticleError as err:
        assert err.path == str(path)


@SETTINGS
@given(data=mutations(SEED))
def test_mutated_seed(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _read(_tmp(tmp_path_factory, "seed.txt"), data)


@SETTINGS
@given(suffix=st.sampled_from(sorted(MINI)), data=st.data())
def test_mutated_mini_in_every_format(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, data: st.DataObject
) -> None:
    _read(_tmp(tmp_path_factory, "mini" + suffix), data.draw(mutations(MINI[suffix])))


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html", ".dat"]))
def test_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    _read(_tmp(tmp_path_factory, "random" + suffix), data)


@SETTINGS
@given(text=st.text(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html", ".dat"]))
def test_random_text(tmp_path_factory: pytest.TempPathFactory, text: str, suffix: str) -> None:
    _read(_tmp(tmp_path_factory, "text" + suffix), text.encode("utf-8", "surrogatepass"))


def _tmp(factory: pytest.TempPathFactory, name: str) -> Path:
    return factory.getbasetemp() / name
