"""Counts and measures: true positives, false positives and false negatives per fact type.

Precision is TP / (TP + FP), recall TP / (TP + FN), F1 their harmonic mean. With nothing
extracted precision is 1.0 (nothing claimed, nothing wrong); with nothing in the gold recall is
1.0; F1 is 0.0 when both are 0. The overall figures are micro-averaged: the counts of every
article are added, then the measures computed once.

A fact type is scored for an article only when its gold has the key (an empty list is scored);
a measure the graph cannot express yet (an edition on a grading, a lineage relation, when the
ontology declares no such property) is "not available": shown, never scored, never failing.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from therapykg.errors import ThresholdError

FACT_TYPES: tuple[str, ...] = (
    "tags",
    "references",
    "gradings",
    "gradings_edition",
    "lineage",
    "lineage_relation",
    "creators",
    "people",
    "smart",
    "smart_mechanisms",
    "key_terms",
    "questions",
    "populations",
    "conditions",
    "problems",
)
METRICS = ("precision", "recall", "f1")


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def extracted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """The measures and the counts, as a report lists them."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }

    def measure(self, metric: str) -> float:
        value: float = getattr(self, metric)
        return value


def set_counts(gold: Iterable[Hashable], extracted: Iterable[Hashable]) -> Counts:
    """Counts of two sets of identifiers (or tuples of them)."""
    g, e = set(gold), set(extracted)
    return Counts(len(g & e), len(e - g), len(g - e))


class Status(Enum):
    SCORED = "scored"
    NOT_IN_GOLD = "not in gold"
    NOT_AVAILABLE = "not available"


@dataclass(frozen=True, slots=True)
class Score:
    status: Status
    counts: Counts = Counts()
    note: str = ""
    # what the gold has and the graph lacks, and the reverse (readable identifiers), where the
    # facts are compared as sets of identifiers
    missed: tuple[str, ...] = ()
    invented: tuple[str, ...] = ()

    @classmethod
    def of(cls, counts: Counts) -> Score:
        return cls(Status.SCORED, counts)

    @classmethod
    def of_sets(cls, gold: Iterable[Hashable], extracted: Iterable[Hashable]) -> Score:
        """Counts of two sets of identifiers, with the missed and invented ones named."""
        g, e = set(gold), set(extracted)
        return cls(
            Status.SCORED,
            Counts(len(g & e), len(e - g), len(g - e)),
            missed=tuple(sorted(readable(x) for x in g - e)),
            invented=tuple(sorted(readable(x) for x in e - g)),
        )


def readable(identifier: Hashable) -> str:
    """An identifier as a reader wants it: an IRI by its last two path segments, a tuple's
    parts joined by " · " (an empty part, the article's own approach, left out)."""
    if isinstance(identifier, tuple):
        return " · ".join(readable(part) for part in identifier if part != "")
    text = str(identifier)
    if text.startswith(("http://", "https://")):
        return "/".join(text.rstrip("/").split("/")[-2:])
    return text


def overall(articles: Sequence[Mapping[str, Score]]) -> dict[str, Score]:
    """Micro-averaged scores over articles: a type scored in any article is scored overall."""
    found: dict[str, Score] = {}
    for fact_type in FACT_TYPES:
        scores = [a[fact_type] for a in articles if fact_type in a]
        scored = [s.counts for s in scores if s.status is Status.SCORED]
        if scored:
            total = Counts()
            for counts in scored:
                total += counts
            found[fact_type] = Score.of(total)
        elif any(s.status is Status.NOT_AVAILABLE for s in scores):
            note = next(s.note for s in scores if s.status is Status.NOT_AVAILABLE)
            found[fact_type] = Score(Status.NOT_AVAILABLE, note=note)
        else:
            found[fact_type] = Score(Status.NOT_IN_GOLD)
    return found


# -- thresholds -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Threshold:
    fact_type: str
    metric: str
    value: float

    def __str__(self) -> str:
        return f"{self.fact_type}.{self.metric}={self.value:g}"


_THRESHOLD = re.compile(r"^\s*([a-z_]+)(?:\.([a-z0-9]+))?\s*=\s*(\S+)\s*$")


def parse_threshold(text: str) -> Threshold:
    """`gradings.precision=0.95` (a bare type means its F1); ThresholdError says what is wrong."""
    match = _THRESHOLD.match(text)
    if not match:
        raise ThresholdError(
            f"{text!r}: expected TYPE.METRIC=VALUE, such as gradings.precision=0.95"
        )
    fact_type, metric, raw = match.group(1), match.group(2) or "f1", match.group(3)
    if fact_type not in FACT_TYPES:
        raise ThresholdError(
            f"{text!r}: unknown fact type {fact_type!r}; expected one of {', '.join(FACT_TYPES)}"
        )
    if metric not in METRICS:
        raise ThresholdError(
            f"{text!r}: unknown measure {metric!r}; expected one of {', '.join(METRICS)}"
        )
    try:
        value = float(raw)
    except ValueError:
        raise ThresholdError(f"{text!r}: expected a number from 0 to 1, found {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ThresholdError(f"{text!r}: expected a number from 0 to 1, found {raw!r}")
    return Threshold(fact_type, metric, value)


@dataclass(frozen=True, slots=True)
class ThresholdResult:
    threshold: Threshold
    value: float | None  # None: the type was not scored
    passed: bool


def check_thresholds(
    thresholds: Iterable[Threshold], scores: Mapping[str, Score]
) -> list[ThresholdResult]:
    """Each threshold against the overall scores; one on an unscored type passes, unchecked."""
    results = []
    for threshold in thresholds:
        score = scores.get(threshold.fact_type)
        if score is None or score.status is not Status.SCORED:
            results.append(ThresholdResult(threshold, None, True))
            continue
        value = score.counts.measure(threshold.metric)
        results.append(ThresholdResult(threshold, value, value >= threshold.value))
    return results
