"""Gold files (`NAME.gold.json`, docs/gold-format.md): read, checked, and typed.

Every problem is a GoldError naming the file, the JSON path of the offending value (`$.gradings[2]
.grade`) and what was expected there, so a typo in a hand-made file is found at once instead of
being scored silently (an unknown key is an error too: `"gradeings"` would otherwise not be scored).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from therapykg.errors import GoldError
from therapykg.ontology.vocab import LINEAGE_RELATIONS

GRADES = ("demonstrably-effective", "probably-effective", "promising")
KINDS = ("element", "adaptation")
OBJECT_KINDS = ("person", "approach")
RELATIONS = tuple(LINEAGE_RELATIONS)  # the ontology's lineage-relation scheme, by slug
TIERS = ("T1", "T2", "T3")
LLM = "LLM"
T = TypeVar("T")

# A tag: "LLM", or the source numbers a marker cites, in ascending order.
Tag = str | tuple[int, ...]

_TOP_KEYS = (
    "title",
    "approach",
    "statements",
    "references",
    "gradings",
    "lineage",
    "creators",
    "people",
    "smart",
    "key_terms",
    "questions",
    "populations",
    "conditions",
    "problems",
    "notes",  # the gold author's judgement calls, for people; never scored
)


@dataclass(frozen=True, slots=True)
class GoldStatement:
    text: str
    tag: Tag
    section: str | None = None


@dataclass(frozen=True, slots=True)
class GoldGrading:
    item: str
    kind: str
    grade: str
    grader: str | None = None
    edition: str | None = None
    sentence: str | None = None


@dataclass(frozen=True, slots=True)
class GoldLineage:
    object: str
    object_kind: str
    relation: str | None = None
    sentence: str | None = None


@dataclass(frozen=True, slots=True)
class GoldSmart:
    goal: str
    objective: str
    mechanism: str | None = None
    tag: Tag | None = None


@dataclass(frozen=True, slots=True)
class Gold:
    """One article's gold; a fact type is None when its key is absent (not scored)."""

    path: Path
    title: str
    approach: str | None = None
    statements: tuple[GoldStatement, ...] | None = None
    references: dict[int, str] | None = None
    gradings: tuple[GoldGrading, ...] | None = None
    lineage: tuple[GoldLineage, ...] | None = None
    creators: tuple[str, ...] | None = None
    people: tuple[str, ...] | None = None
    smart: tuple[GoldSmart, ...] | None = None
    key_terms: tuple[str, ...] | None = None
    questions: tuple[str, ...] | None = None
    populations: tuple[str, ...] | None = None
    conditions: tuple[str, ...] | None = None
    problems: tuple[str, ...] | None = None

    def person_names(self) -> list[str]:
        """Every person the gold names anywhere: people, creators and lineage objects."""
        names = [*(self.people or ()), *(self.creators or ())]
        names += [link.object for link in self.lineage or () if link.object_kind == "person"]
        return names


def read_gold(path: str | Path) -> Gold:
    """Read and check one gold file; raise GoldError on anything the format does not allow."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(path, "", "no such gold file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(path, "", f"cannot be read as UTF-8 text: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GoldError(
            path, f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}"
        ) from None
    return parse_gold(data, path)


def parse_gold(data: Any, path: str | Path) -> Gold:
    """Check decoded JSON against the gold format."""
    reader = _Reader(Path(path))
    obj = reader.object(data, "$", required=("title",), allowed=_TOP_KEYS)
    return Gold(
        path=Path(path),
        title=reader.string(obj["title"], "$.title"),
        approach=reader.optional_string(obj, "approach", "$"),
        statements=reader.each(obj, "statements", reader.statement),
        references=reader.references(obj),
        gradings=reader.each(obj, "gradings", reader.grading),
        lineage=reader.each(obj, "lineage", reader.lineage),
        creators=reader.each(obj, "creators", reader.string),
        people=reader.each(obj, "people", reader.string),
        smart=reader.each(obj, "smart", reader.smart),
        key_terms=reader.each(obj, "key_terms", reader.string),
        questions=reader.each(obj, "questions", reader.string),
        populations=reader.each(obj, "populations", reader.string),
        conditions=reader.each(obj, "conditions", reader.string),
        problems=reader.each(obj, "problems", reader.string),
    )


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, expected: str, value: Any) -> GoldError:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return GoldError(self.path, where, f"expected {expected}, found {shown}")

    def object(
        self, value: Any, where: str, *, required: tuple[str, ...], allowed: tuple[str, ...]
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "an object", value)
        for key in value:
            if key not in allowed:
                raise GoldError(
                    self.path,
                    f"{where}.{key}",
                    f"unknown key; expected one of {', '.join(allowed)}",
                )
        for key in required:
            if key not in value:
                raise GoldError(self.path, f"{where}.{key}", "missing; this key is required")
        return value

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "a non-empty string", value)
        return value

    def optional_string(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        if obj.get(key) is None:
            return None
        return self.string(obj[key], f"{where}.{key}")

    def choice(self, value: Any, where: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            raise self.fail(where, "one of " + ", ".join(choices), value)
        return str(value)

    def each(
        self, obj: dict[str, Any], key: str, read: Callable[[Any, str], T]
    ) -> tuple[T, ...] | None:
        if key not in obj:
            return None
        items = obj[key]
        if not isinstance(items, list):
            raise self.fail(f"$.{key}", "a list", items)
        return tuple(read(item, f"$.{key}[{i}]") for i, item in enumerate(items))

    def tag(self, value: Any, where: str) -> Tag:
        if value == LLM:
            return LLM
        if (
            isinstance(value, list)
            and value
            and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in value)
        ):
            return tuple(sorted(set(value)))
        raise self.fail(where, '"LLM" or a non-empty list of source numbers', value)

    def statement(self, value: Any, where: str) -> GoldStatement:
        obj = self.object(
            value, where, required=("text", "tag"), allowed=("section", "text", "tag")
        )
        return GoldStatement(
            text=self.string(obj["text"], f"{where}.text"),
            tag=self.tag(obj["tag"], f"{where}.tag"),
            section=self.optional_string(obj, "section", where),
        )

    def references(self, obj: dict[str, Any]) -> dict[int, str] | None:
        if "references" not in obj:
            return None
        value = obj["references"]
        if not isinstance(value, dict):
            raise self.fail("$.references", 'an object of source number -> tier ("T1")', value)
        found: dict[int, str] = {}
        for key, tier in value.items():
            if not key.isdigit() or int(key) < 1:
                raise GoldError(
                    self.path, f"$.references.{key}", "expected a source number as the key"
                )
            found[int(key)] = self.choice(tier, f"$.references.{key}", TIERS)
        return found

    def grading(self, value: Any, where: str) -> GoldGrading:
        obj = self.object(
            value,
            where,
            required=("item", "kind", "grade"),
            allowed=("item", "kind", "grade", "grader", "edition", "sentence"),
        )
        edition = obj.get("edition")
        if isinstance(edition, int) and not isinstance(edition, bool):
            edition = str(edition)  # "edition": 2019 means the year
            obj = {**obj, "edition": edition}
        return GoldGrading(
            item=self.string(obj["item"], f"{where}.item"),
            kind=self.choice(obj["kind"], f"{where}.kind", KINDS),
            grade=self.choice(obj["grade"], f"{where}.grade", GRADES),
            grader=self.optional_string(obj, "grader", where),
            edition=self.optional_string(obj, "edition", where),
            sentence=self.optional_string(obj, "sentence", where),
        )

    def lineage(self, value: Any, where: str) -> GoldLineage:
        obj = self.object(
            value,
            where,
            required=("object", "object_kind"),
            allowed=("object", "object_kind", "relation", "sentence"),
        )
        relation = obj.get("relation")
        return GoldLineage(
            object=self.string(obj["object"], f"{where}.object"),
            object_kind=self.choice(obj["object_kind"], f"{where}.object_kind", OBJECT_KINDS),
            relation=None
            if relation is None
            else self.choice(relation, f"{where}.relation", RELATIONS),
            sentence=self.optional_string(obj, "sentence", where),
        )

    def smart(self, value: Any, where: str) -> GoldSmart:
        obj = self.object(
            value,
            where,
            required=("goal", "objective"),
            allowed=("goal", "objective", "mechanism", "tag"),
        )
        return GoldSmart(
            goal=self.string(obj["goal"], f"{where}.goal"),
            objective=self.string(obj["objective"], f"{where}.objective"),
            mechanism=self.optional_string(obj, "mechanism", where),
            tag=None if obj.get("tag") is None else self.tag(obj["tag"], f"{where}.tag"),
        )
