"""A Report as a readable table (one block of fact types per article, then the overall block)
or as JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from therapykg.evaluation.harness import Report
from therapykg.evaluation.score import FACT_TYPES, Score, Status, ThresholdResult

OVERALL = "overall (micro)"
_HEADER = (
    f"{'article':<32} {'fact type':<18} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"
)


def table(report: Report, checks: Sequence[ThresholdResult] = (), *, details: bool = False) -> str:
    """One block per article, then the overall block; with `details`, each article's missed
    and invented facts under its block."""
    lines = [_HEADER, "-" * len(_HEADER)]
    for article in report.articles:
        lines += _block(article.name, article.scores)
        if details:
            lines += _details(article.scores)
        lines += [f"{'':<32} error: {e}" for e in article.errors]
        lines += [f"{'':<32} note: {n}" for n in article.notes]
        lines.append("")
    lines += _block(OVERALL, report.overall)
    if checks:
        lines.append("")
        for check in checks:
            lines.append(_check_line(check))
    return "\n".join(lines) + "\n"


def _block(name: str, scores: Mapping[str, Score]) -> list[str]:
    lines: list[str] = []
    for fact_type in FACT_TYPES:
        score = scores.get(fact_type)
        if score is None or score.status is Status.NOT_IN_GOLD:
            continue
        label = name[:32] if not lines else ""
        if score.status is Status.NOT_AVAILABLE:
            lines.append(
                f"{label:<32} {fact_type:<18} {'n/a':>6} {'n/a':>6} {'n/a':>6}  ({score.note})"
            )
            continue
        c = score.counts
        lines.append(
            f"{label:<32} {fact_type:<18} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} "
            f"{c.tp:>5} {c.fp:>5} {c.fn:>5}"
        )
    return lines or [f"{name[:32]:<32} (no fact type in its gold)"]


def _details(scores: Mapping[str, Score]) -> list[str]:
    lines: list[str] = []
    for fact_type in FACT_TYPES:
        score = scores.get(fact_type)
        if score is None:
            continue
        lines += [f"{'':<32} {fact_type:<18} missed   {m}" for m in score.missed]
        lines += [f"{'':<32} {fact_type:<18} invented {i}" for i in score.invented]
    return lines


def _check_line(check: ThresholdResult) -> str:
    if check.value is None:
        return f"threshold {check.threshold}: not checked ({check.threshold.fact_type} not scored)"
    verdict = "ok" if check.passed else "BELOW"
    return f"threshold {check.threshold}: {check.value:.3f} {verdict}"


def as_json(report: Report, checks: Sequence[ThresholdResult] = ()) -> str:
    data: dict[str, Any] = {
        "folder": str(report.folder),
        "fact_types": list(FACT_TYPES),
        "articles": [
            {
                "name": a.name,
                "file": str(a.article),
                "title": a.title,
                "scores": _scores(a.scores),
                "errors": a.errors,
                "notes": a.notes,
            }
            for a in report.articles
        ],
        "overall": _scores(report.overall),
        "thresholds": [
            {
                "threshold": str(c.threshold),
                "fact_type": c.threshold.fact_type,
                "metric": c.threshold.metric,
                "minimum": c.threshold.value,
                "value": c.value,
                "passed": c.passed,
            }
            for c in checks
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _scores(scores: Mapping[str, Score]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fact_type in FACT_TYPES:
        score = scores.get(fact_type)
        if score is None or score.status is Status.NOT_IN_GOLD:
            continue
        if score.status is Status.NOT_AVAILABLE:
            out[fact_type] = {"status": score.status.value, "note": score.note}
            continue
        c = score.counts
        out[fact_type] = {
            "status": score.status.value,
            **c.as_dict(),
            "gold": c.gold,
            "extracted": c.extracted,
            "missed": list(score.missed),
            "invented": list(score.invented),
        }
    return out
