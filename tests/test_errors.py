"""The one exception tree (therapykg/errors.py): every exception therapykg defines is in it, each
carries its HTTP status and exit status, and the web app and the CLI each answer by them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from click.testing import CliRunner

import therapykg
from therapykg import errors
from therapykg.cli import main
from therapykg.errors import StoreError, TherapyKGError
from therapykg.graph.store import open_store
from therapykg.web.app import close_app, create_app


def _modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(therapykg.__path__, "therapykg.")]


def test_every_exception_therapykg_defines_is_in_the_tree() -> None:
    outside = []
    for name in _modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            mine = cls.__module__ == name and issubclass(cls, BaseException)
            if mine and not issubclass(cls, TherapyKGError):
                outside.append(f"{name}.{cls.__name__}")
    assert outside == []


def test_the_tree_is_defined_in_one_module_and_drawn_in_its_docstring() -> None:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)]
    tree = [c for c in classes if issubclass(c, TherapyKGError) and not c.__name__.startswith("_")]
    assert errors.__doc__ is not None
    for cls in tree:
        assert cls.__module__ == "therapykg.errors"
        assert f" {cls.__name__} " in errors.__doc__, f"{cls.__name__} is not drawn"
        assert 400 <= cls.status <= 599 and cls.exit_code in (1, 2), cls


def test_a_store_error_in_a_view_is_its_status_and_message_not_an_anonymous_500() -> None:
    app = create_app({"STORE": open_store("memory:"), "QUERY_WORKERS": 0})

    @app.route("/broken-store")
    def broken() -> str:
        raise StoreError("http://example.org/sparql: cannot connect; is the SPARQL server running?")

    try:
        client = app.test_client()
        data = client.get("/broken-store", headers={"Accept": "application/json"})
        assert data.status_code == 503
        assert data.get_json() == {
            "status": 503,
            "error": "http://example.org/sparql: cannot connect; is the SPARQL server running?",
        }
        page = client.get("/broken-store", headers={"Accept": "text/html"})
        assert page.status_code == 503 and "cannot connect" in page.get_data(as_text=True)
    finally:
        close_app(app)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["query", "--named", "lineage", "--param", "subject=not an iri"], 2),  # usage
        (["query", "--named", "no-such-query"], 2),
        (["query", "--format", "csv", "CONSTRUCT WHERE { ?s ?p ?o }"], 2),
    ],
)
def test_the_cli_exits_with_the_status_the_error_carries(args: list[str], code: int) -> None:
    result = CliRunner().invoke(main, ["--store", "memory:", *args])
    assert result.exit_code == code, result.output
    assert result.output.startswith("therapykg: ")
