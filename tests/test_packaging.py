"""What `pip install .` ships: the bundled articles travel inside the package."""

from __future__ import annotations

import tomllib
from pathlib import Path

import therapykg
from therapykg.web.serve import articles_folder

ROOT = Path(__file__).resolve().parents[1]


def test_serve_finds_the_articles_inside_the_package() -> None:
    folder = articles_folder()
    assert folder is not None
    assert folder.resolve().parent == Path(therapykg.__file__).resolve().parent
    assert len([p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html")]) >= 6


def test_package_data_ships_every_bundled_article() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["therapykg"]
    package = ROOT / "therapykg"
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    articles = {p for p in (package / "articles").iterdir() if p.is_file()}
    assert articles and articles <= shipped
