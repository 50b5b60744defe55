"""The JSON form of an assessment: the stable contract for other tools.

The shape is documented in ``docs/json.md``; ``schema_version`` changes when a
key is removed or changes meaning (adding keys does not change it). Version 2
(periods and forecasts): ``status`` may be not_assessed for the new reasons
``no_value_yet`` and ``partial_year``, so ``year`` alone no longer says what
was assessed; ``period`` does.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from .._engine import (
    Assessment,
    BudgetLine,
    EconomyResult,
    ForecastResult,
    GoalForecast,
    GoalResult,
    IndicatorResult,
    ItemResult,
    KommunAssessment,
    OnTrackResult,
)
from .._model import Labels

__all__ = ["JSON_SCHEMA_VERSION", "assessment_to_dict", "kommun_to_dict", "kommun_to_json", "to_json"]

JSON_SCHEMA_VERSION = 2


def kommun_to_dict(found: KommunAssessment) -> dict[str, Any]:
    """A kommun's assessment as plain data: each plan's id, whether others serve
    it, and its assessment as :func:`assessment_to_dict` gives it."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "kommun": found.name,
        "year": found.year,
        "period": found.period,
        "plans": [
            {"id": ident, "served": ident in found.served, "assessment": assessment_to_dict(assessment)}
            for ident, assessment in found.plans
        ],
    }


def kommun_to_json(found: KommunAssessment, *, indent: int | None = 2) -> str:
    """A kommun's assessment as a JSON document (see :func:`kommun_to_dict`)."""
    if indent is None:
        return json.dumps(kommun_to_dict(found), ensure_ascii=False)
    # Each plan's document is dumped on its own and set in place, indented: the same
    # text as dumping the whole, but json's indenting encoder is pure Python and pays
    # for every level of depth (a third more time for a 15-nämnd kommun).
    whole = kommun_to_dict(found)
    token = secrets.token_hex(8)  # placeholders no plan's text can hold by chance
    parts: dict[str, str] = {}
    for k, plan in enumerate(whole["plans"]):
        placeholder = f"{token}-{k}"
        parts[f'"{placeholder}"'] = json.dumps(plan["assessment"], ensure_ascii=False, indent=indent)
        plan["assessment"] = placeholder
    text = json.dumps(whole, ensure_ascii=False, indent=indent)
    pad = "\n" + " " * (3 * indent)  # the assessment stands at depth 3: plans, a plan, its key
    for placeholder, part in parts.items():
        text = text.replace(placeholder, part.replace("\n", pad), 1)
    return text


def to_json(assessment: Assessment, *, indent: int | None = 2) -> str:
    """The assessment as a JSON document (UTF-8 text, Swedish letters kept)."""
    return json.dumps(assessment_to_dict(assessment), ensure_ascii=False, indent=indent)


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain dicts, lists, strings and numbers."""
    # Codes are read as `_value_`: the `value` property costs five times as
    # much on Python 3.11, and there are a dozen per indicator.
    found: dict[str, Any] = {
        "schema_version": JSON_SCHEMA_VERSION,
        "plan": {
            "name": assessment.plan,
            "organisation": assessment.organisation,
            "municipality": assessment.municipality,
            "year": assessment.plan_year,
        },
        "year": assessment.year,
        "period": assessment.period,
        "report": _report(assessment),
        "rules": {
            "method": assessment.rules.method._value_,
            "near": assessment.rules.near,
            "trend": assessment.rules.trend._value_,
            "arrow": assessment.rules.arrow._value_,
        },
        "labels": _labels(assessment.labels),
        "summary": {
            "goals": {code._value_: n for code, n in assessment.summary.goals.items()},
            "indicators": {code._value_: n for code, n in assessment.summary.indicators.items()},
            "forecasts": (
                None
                if assessment.summary.forecasts is None
                else {code._value_: n for code, n in assessment.summary.forecasts.items()}
            ),
        },
        "areas": [
            {"id": area.id, "title": area.title, "goals": [_goal(g) for g in area.goals]}
            for area in assessment.areas
        ],
        "measures": [_indicator(m) for m in assessment.measures],
    }
    if assessment.economy is not None:
        found["economy"] = _economy(assessment.economy)
    found["items_as_of"] = None if assessment.as_of is None else assessment.as_of.isoformat()
    found["items"] = [_item(item) for item in assessment.items]
    return found


def _item(found: ItemResult) -> dict[str, Any]:
    item = found.item
    decided = item.decided
    return {
        "id": item.id,
        "title": item.title,
        "kind": found.kind,
        "type": item.kind._value_,
        "status": None if found.status is None else found.status._value_,
        "goals": list(found.goals),
        "indicator": found.indicator,
        "responsible": item.responsible,
        "start": None if item.start is None else item.start.isoformat(),
        "due": None if item.due is None else item.due.isoformat(),
        "decided": None
        if decided is None
        else {"by": decided.by, "date": None if decided.date is None else decided.date.isoformat()},
        "partners": list(item.partners),
        "funder": item.funder,
        "comment": item.comment,
        "reports": [
            {
                "date": r.date.isoformat(),
                "status": r.status._value_,
                "text": r.text,
                "moved_to": r.moved_to,
                "reason": r.reason,
            }
            for r in found.reports
        ],
    }


def _report(assessment: Assessment) -> dict[str, Any] | None:
    report = assessment.report
    if report is None:
        return None
    return {
        "id": report.id,
        "name": report.name,
        "period": str(report.period),
        "date": None if report.date is None else report.date.isoformat(),
    }


def _economy(economy: EconomyResult) -> dict[str, Any]:
    """The plan's ekonomi for the assessed year: each row's figures by year, its avvikelse."""
    lines = [_budget_line(line) for line in economy.lines]
    result = economy.result
    return {
        "year": economy.year,
        "title": economy.title,
        "unit": economy.unit,
        "period": economy.period,
        "rows": lines,
        "result": None if result is None else lines[economy.lines.index(result)],
    }


def _budget_line(line: BudgetLine) -> dict[str, Any]:
    def by_year(figures: dict[int, float | None]) -> dict[str, float | None]:
        return {str(year): value for year, value in figures.items()}

    return {
        "id": line.id,
        "title": line.title,
        "total": line.total,
        "heading": line.heading,
        "budget": by_year(line.budget),
        "forecast": by_year(line.forecast),
        "actual": by_year(line.actual),
        "variance": line.variance,
        "variance_basis": line.variance_basis,
        "actual_to_date": line.actual_to_date,
    }


def _labels(labels: Labels | None) -> dict[str, dict[str, str]]:
    """The plan's own words (etiketter), by group and code: only those it gives."""
    groups: dict[str, dict[str, str]] = {"indicator": {}, "goal": {}, "trend": {}, "improvement": {}}
    if labels is not None:
        for group, words in groups.items():
            words.update(getattr(labels, group).model_dump(by_alias=False, exclude_none=True))
    return groups


def _goal(goal: GoalResult) -> dict[str, Any]:
    return {
        "id": goal.id,
        "title": goal.title,
        "kind": None if goal.kind is None else goal.kind._value_,
        "status": goal.status._value_,
        "score": goal.score,
        "stated": None if goal.stated is None else goal.stated._value_,
        "disagrees": goal.disagrees,
        "comment": goal.comment,
        "trend": {"improvement": goal.improvement._value_},
        "weight": goal.weight,
        "indicators": [_indicator(i) for i in goal.indicators],
        "goals": [_goal(g) for g in goal.goals],
        "forecast": _goal_forecast(goal.forecast),
        "items": None
        if goal.items is None
        else {
            "total": goal.items.total,
            "done": goal.items.done,
            "on_time": goal.items.on_time,
            "late": goal.items.late,
        },
        "contributions": [
            {
                "plan": c.plan,
                "organisation": c.organisation,
                "goal": c.goal.id,
                "title": c.goal.title,
                "status": c.goal.status._value_,
                "score": c.goal.score,
                "weight": c.weight,
            }
            for c in goal.contributions
        ],
    }


def _goal_forecast(forecast: GoalForecast | None) -> dict[str, Any] | None:
    if forecast is None:
        return None
    return {
        "status": forecast.status._value_,
        "score": forecast.score,
        "stated": None if forecast.stated is None else forecast.stated._value_,
        "disagrees": forecast.disagrees,
    }


def _indicator(ind: IndicatorResult) -> dict[str, Any]:
    trend = ind.trend
    return {
        "id": ind.id,
        "title": ind.title,
        "unit": ind.unit,
        "status": ind.status._value_,
        "value": ind.value,
        "value_year": ind.value_year,
        "baseline": ind.baseline,
        "baseline_year": ind.baseline_year,
        "target": ind.target,
        "target_year": ind.target_year,
        "direction": None if ind.direction is None else ind.direction._value_,
        "method": None if ind.method is None else ind.method._value_,
        "progress": ind.progress,
        "reason": None if ind.reason is None else ind.reason._value_,
        "trend": {
            "direction": trend.direction._value_,
            "improvement": trend.improvement._value_,
            "reference": trend.reference,
            "reference_year": trend.reference_year,
            "basis": None if trend.basis is None else trend.basis._value_,
            "arrow": ind.arrow._value_,
            "shown": ind.arrow_change._value_,
        },
        "weight": ind.weight,
        "notes": [note._value_ for note in ind.notes],
        "missing": [{"year": m.year, "period": m.period, "reason": m.reason} for m in ind.missing],
        # Added within schema_version 1 (docs/json.md): older readers ignore them.
        "stated": None if ind.stated is None else ind.stated._value_,
        "disagrees": ind.disagrees,
        "stated_trend": None if ind.stated_trend is None else ind.stated_trend._value_,
        "trend_disagrees": ind.trend_disagrees,
        "on_track": _on_track(ind.on_track),
        "value_period": ind.value_period,
        "forecast": _forecast(ind.forecast),
    }


def _forecast(forecast: ForecastResult | None) -> dict[str, Any] | None:
    if forecast is None:
        return None
    return {
        "status": forecast.status._value_,
        "value": forecast.value,
        "basis": None if forecast.basis is None else forecast.basis._value_,
        "period": forecast.period,
        "method": None if forecast.method is None else forecast.method._value_,
        "progress": forecast.progress,
        "reason": None if forecast.reason is None else forecast.reason._value_,
        "comment": forecast.comment,
        "year": forecast.year,
    }


def _on_track(result: OnTrackResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "status": result.status._value_,
        "reason": None if result.reason is None else result.reason._value_,
        "from_year": result.from_year,
        "from_value": result.from_value,
        "to_year": result.to_year,
        "to_value": result.to_value,
        "target": result.target,
        "target_year": result.target_year,
        "growth": result.growth,
        "required": result.required,
        "ratio": result.ratio,
    }
