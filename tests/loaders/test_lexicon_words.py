"""The cheap word tests that guard costly regex searches must never hide a match.

`may_contain(text, WORDS)` lets extraction skip a case-insensitive search when `text` holds none
of WORDS; that is only sound if every string the pattern matches holds one of the words. For each
pattern, every alternative is expanded into the shortest strings it matches (optional parts left
out, each repeat taken once), and each must hold one of its words: a phrasing added to a pattern
without its word fails here.
"""

from __future__ import annotations

import itertools
import re
import re._constants as c  # type: ignore[import-not-found]
import re._parser as parser  # type: ignore[import-not-found]
from typing import Any

import pytest

from therapykg.loaders.lexicon import ORG_HEAD_WORDS, ORG_HEADS, may_contain


def _shortest(items: Any) -> list[str]:
    """The shortest strings a parsed pattern matches, one per choice of alternatives."""
    pieces: list[list[str]] = []
    for op, arg in items:
        if op is c.LITERAL:
            pieces.append([chr(arg)])
        elif op is c.AT:
            continue
        elif op is c.IN:  # a class: each of its letters, else a space or a word character
            letters = [chr(a) for o, a in arg if o is c.LITERAL]
            categories = [a for o, a in arg if o is c.CATEGORY]
            pieces.append(letters or [" " if c.CATEGORY_SPACE in categories else "x"])
        elif op is c.SUBPATTERN:
            pieces.append(_shortest(arg[-1]))
        elif op is c.BRANCH:
            pieces.append([s for branch in arg[1] for s in _shortest(branch)])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _, body = arg
            pieces.append(["".join(p) * low for p in [_shortest(body)[:1]]] if low else [""])
        else:
            raise AssertionError(f"an element this test does not expand: {op}")
    return ["".join(choice) for choice in itertools.product(*pieces)]


# Lineage predicates have no cheap pre-check: they are found by clause (loaders/lineage.py).
CASES = [("organisation heads", ORG_HEADS, ORG_HEAD_WORDS)]


@pytest.mark.parametrize(("name", "pattern", "words"), CASES, ids=[c[0] for c in CASES])
def test_every_phrasing_holds_one_of_its_words(
    name: str, pattern: str, words: tuple[str, ...]
) -> None:
    examples = _shortest(parser.parse(pattern, re.IGNORECASE))
    assert examples
    for example in examples:
        assert re.search(pattern, example, re.IGNORECASE), f"{name}: {example!r} is not a match"
        assert may_contain(example, words), f"{name}: {example!r} holds none of {words}"
