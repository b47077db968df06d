"""Fixtures shared by the query tests."""

from tests.corpora import bundled, generated  # noqa: F401  (fixtures, found by name)
