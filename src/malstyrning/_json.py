"""The JSON form of an assessment: the stable contract for other tools.

The shape is documented in ``docs/json.md``; ``schema_version`` changes when a
key is removed or changes meaning (adding keys does not change it).
"""

from __future__ import annotations

import json
from typing import Any

from ._results import Assessment, GoalResult, IndicatorResult

__all__ = ["JSON_SCHEMA_VERSION", "assessment_to_dict", "to_json"]

JSON_SCHEMA_VERSION = 1


def to_json(assessment: Assessment, *, indent: int | None = 2) -> str:
    """The assessment as a JSON document (UTF-8 text, Swedish letters kept)."""
    return json.dumps(assessment_to_dict(assessment), ensure_ascii=False, indent=indent)


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain dicts, lists, strings and numbers."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "plan": {
            "name": assessment.plan,
            "organisation": assessment.organisation,
            "municipality": assessment.municipality,
            "year": assessment.plan_year,
        },
        "year": assessment.year,
        "rules": {
            "method": assessment.rules.method.value,
            "near": assessment.rules.near,
            "trend": assessment.rules.trend.value,
        },
        "summary": {
            "goals": {code.value: n for code, n in assessment.summary.goals.items()},
            "indicators": {code.value: n for code, n in assessment.summary.indicators.items()},
        },
        "areas": [
            {"id": area.id, "title": area.title, "goals": [_goal(g) for g in area.goals]}
            for area in assessment.areas
        ],
        "measures": [_indicator(m) for m in assessment.measures],
    }


def _goal(goal: GoalResult) -> dict[str, Any]:
    return {
        "id": goal.id,
        "title": goal.title,
        "kind": None if goal.kind is None else goal.kind.value,
        "status": goal.status.value,
        "score": goal.score,
        "stated": None if goal.stated is None else goal.stated.value,
        "disagrees": goal.disagrees,
        "comment": goal.comment,
        "trend": {"improvement": goal.improvement.value},
        "weight": goal.weight,
        "indicators": [_indicator(i) for i in goal.indicators],
        "goals": [_goal(g) for g in goal.goals],
    }


def _indicator(ind: IndicatorResult) -> dict[str, Any]:
    trend = ind.trend
    return {
        "id": ind.id,
        "title": ind.title,
        "unit": ind.unit,
        "status": ind.status.value,
        "value": ind.value,
        "value_year": ind.value_year,
        "baseline": ind.baseline,
        "baseline_year": ind.baseline_year,
        "target": ind.target,
        "target_year": ind.target_year,
        "direction": None if ind.direction is None else ind.direction.value,
        "method": None if ind.method is None else ind.method.value,
        "progress": ind.progress,
        "reason": None if ind.reason is None else ind.reason.value,
        "trend": {
            "direction": trend.direction.value,
            "improvement": trend.improvement.value,
            "reference": trend.reference,
            "reference_year": trend.reference_year,
            "basis": None if trend.basis is None else trend.basis.value,
        },
        "weight": ind.weight,
        "notes": [note.value for note in ind.notes],
        "missing": [{"year": m.year, "reason": m.reason} for m in ind.missing],
    }
