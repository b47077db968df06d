"""Load warnings carry a kind: every code the loaders give is listed, and kinds survive pickling."""

from __future__ import annotations

import doctest
import pickle
import re
from pathlib import Path

from therapykg.loaders import warning as module
from therapykg.loaders.warning import KINDS, describe, group, kind_of, located, warning

PACKAGE = Path(module.__file__).resolve().parents[1]


def test_every_kind_given_in_the_code_is_listed_and_every_listed_kind_is_given() -> None:
    given = {
        code
        for path in PACKAGE.rglob("*.py")
        for code in re.findall(r"\bwarning\(\s*\"([a-z-]+)\"", path.read_text(encoding="utf-8"))
    }
    assert given == set(KINDS)


def test_the_module_examples() -> None:
    assert doctest.testmod(module).failed == 0


def test_a_kind_survives_pickling_and_locating() -> None:
    made = warning("untagged-row", "line 3: table row without a tag")
    back = pickle.loads(pickle.dumps(made))
    assert back == made and kind_of(back) == "untagged-row"
    placed = located(back, "a/b.txt")
    assert placed == "a/b.txt: line 3: table row without a tag"
    assert kind_of(placed) == "untagged-row"


def test_plain_text_is_grouped_by_its_shape() -> None:
    plain = ["line 3: tag '[9]' is odd", "line 40: tag 'LLM' is odd", "line 5: other 2"]
    groups = group([*plain, warning("untagged-row", "line 1: table row without a tag")])
    assert [(g.kind, g.count, g.example) for g in groups] == [
        ("tag '…' is odd", 2, "line 3: tag '[9]' is odd"),
        ("other N", 1, "line 5: other 2"),
        ("untagged-row", 1, "line 1: table row without a tag"),
    ]
    assert describe("untagged-row") == "a table row without a tag"
    assert describe("other N") == "other N"
