"""Assessing during the year: values for periods (tertial, delår, month) and
the year-end forecast (prognos).

The rules are the year's rules (``_assessment.py``): a period's value is
assessed by handing the year's rules a *view* of the indicator whose outcome
for the year is the value known at the period's end (or the forecast), so a
period and a forecast are judged exactly as a year's outcome would be.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

from .._errors import InvalidArgumentError
from .._i18n import tr
from .._model import Indicator, Outcome, Period, PeriodValue, Plan, ReportDate, normal_id
from ._results import (
    Change,
    ForecastBasis,
    ForecastResult,
    Improvement,
    IndicatorResult,
    IndicatorStatus,
    MissingOutcome,
    Note,
    Reason,
    Trend,
)

__all__ = [
    "ReportChoice",
    "at_period",
    "choose_report",
    "find_report",
    "forecast",
    "scaled_to_year",
    "year_view",
]

AssessYear = Callable[[Indicator, int], IndicatorResult]
"""The year's rules for one indicator and year (the plan's rules bound)."""

_NO_TREND = Trend(Change.NONE, Improvement.NONE)
# Notes about the value and its trend: those that stay when a status is set aside.
_VALUE_NOTES = frozenset(
    {
        Note.DIRECTION_INFERRED,
        Note.MAINTAIN_INFERRED,
        Note.TREND_FROM_PREVIOUS,
        Note.OUTCOME_MISSING,
        Note.BASELINE_AFTER_VALUE,
        Note.BASELINE_FROM_OUTCOME,
    }
)


def scaled_to_year(value: float, period: Period) -> float:
    """An ``ackumulerat`` value at the end of ``period`` scaled to the whole
    year by elapsed time: 82 at the end of August is 82 × 12 / 8 = 123.

    Exact at the year's end (the value itself) and correctly rounded otherwise.
    """
    return float(Fraction(value) * 12 / period.end_month)


def _in_year(indicator: Indicator, at: Period) -> list[tuple[Period, Outcome]]:
    """The indicator's values for periods of ``at``'s year known at its end, in
    order; at the year's end (T3, Q4, December) the year's own value too, last."""
    found = [(p, o) for p, o in indicator.period_outcomes.items() if p.year == at.year and p.known_at(at)]
    found.sort(key=lambda item: item[0])
    whole = indicator.outcomes.get(at.year)
    if whole is not None and at.end_month == 12:
        found.append((Period.whole(at.year), whole))
    return found


def _latest(
    entries: list[tuple[Period, Outcome]],
) -> tuple[tuple[Period, float] | None, list[MissingOutcome]]:
    """The latest value among ``entries``, and the ``saknas`` entries after it (in order)."""
    missing: list[MissingOutcome] = []
    for period, outcome in reversed(entries):
        if outcome.value is not None:
            missing.reverse()
            return (period, outcome.value), missing
        shown = None if period.whole_year else str(period)
        missing.append(MissingOutcome(year=period.year, reason=outcome.missing or "", period=shown))
    missing.reverse()
    return None, missing


def year_view(indicator: Indicator, year: int, value: float | None) -> Indicator:
    """``indicator`` as its year's rules should see it: earlier years' outcomes,
    and ``value`` (when given) as the outcome for ``year``."""
    if value is None and all(y < year for y in indicator.outcomes):
        return indicator  # already as the rules should see it (the common case: no copy)
    outcomes = {y: o for y, o in indicator.outcomes.items() if y < year}
    if value is not None:
        outcomes[year] = Outcome.model_construct(value=value, comment=None, missing=None)
    return indicator.model_copy(update={"outcomes": outcomes})


def _set_aside(notes: tuple[Note, ...], reason: Reason) -> dict[str, object]:
    """The changes that set a result's status aside: not assessed, for ``reason``,
    keeping of its ``notes`` those about the value and its trend."""
    return {
        "status": IndicatorStatus.NOT_ASSESSED,
        "method": None,
        "progress": None,
        "reason": reason,
        "notes": tuple(note for note in notes if note in _VALUE_NOTES),
    }


def at_period(indicator: Indicator, at: Period, assess_year: AssessYear) -> IndicatorResult:
    """``indicator`` assessed at the end of ``at``, a period within its year or
    the whole year: its value the latest of the year known then."""
    # The changes are gathered and made in one `replace`: it is most of the cost.
    year = at.year
    entries = _in_year(indicator, at)
    found, missing = _latest(entries)
    changes: dict[str, object]
    if found is None:
        # Nothing this year yet: the latest earlier value is the starting position, not judged.
        result = assess_year(year_view(indicator, year, None), year)
        changes = _set_aside(result.notes, Reason.NO_VALUE_YET)
        if missing:
            changes["missing"] = (*result.missing, *missing)
    else:
        period, value = found
        result = assess_year(year_view(indicator, year, value), year)
        notes = result.notes
        if missing and Note.OUTCOME_MISSING not in notes:
            notes = (*notes, Note.OUTCOME_MISSING)
        shown = None if period.whole_year else str(period)
        changes = {"value_period": shown, "missing": tuple(missing), "notes": notes}
        if indicator.period_value is PeriodValue.ACCUMULATED and period.end_month < 12:
            # A count so far this year says little against the year's target
            # or last year's total: its forecast carries the judgement.
            changes |= _set_aside(notes, Reason.PARTIAL_YEAR)
            changes |= {"trend": _NO_TREND, "on_track": None}
    changes["forecast"] = forecast(indicator, at, assess_year, entries)
    return replace(result, **changes)  # type: ignore[arg-type]  # the fields' own types, checked above


def forecast(
    indicator: Indicator,
    at: Period,
    assess_year: AssessYear,
    entries: list[tuple[Period, Outcome]] | None = None,
) -> ForecastResult:
    """Where ``indicator`` is expected to stand at the end of ``at``'s year, as
    known at the end of ``at``: the year's outcome once the year is over, else a
    stated prognos, else the latest value this year scaled (ackumulerat) or
    carried forward (läge). ``entries``: ``_in_year(indicator, at)``, when known."""
    year = at.year
    value: float | None = None
    basis: ForecastBasis | None = None
    source: str | None = None
    comment: str | None = None
    stated = indicator.forecasts.get(year)
    found, _ = _latest(_in_year(indicator, at) if entries is None else entries)
    if found is not None and found[0].end_month == 12:
        # The year is over: its value at the end is the outcome, not a forecast.
        value, basis, source = found[1], ForecastBasis.OUTCOME, str(found[0])
    elif stated is not None:
        value, basis, comment = stated.value, ForecastBasis.STATED, stated.comment
    elif found is not None:
        period, latest = found
        source = str(period)
        if indicator.period_value is PeriodValue.ACCUMULATED:
            value, basis = scaled_to_year(latest, period), ForecastBasis.SCALED
        else:
            value, basis = latest, ForecastBasis.CARRIED
    if value is None:
        return ForecastResult(
            status=IndicatorStatus.NOT_ASSESSED,
            value=None,
            basis=None,
            period=None,
            method=None,
            progress=None,
            reason=Reason.NO_FORECAST,
            year=year,
        )
    judged = assess_year(year_view(indicator, year, value), year)
    return ForecastResult(
        status=judged.status,
        value=value,
        basis=basis,
        period=source,
        method=judged.method,
        progress=judged.progress,
        reason=judged.reason,
        comment=comment,
        year=year,
    )


@dataclass(frozen=True, slots=True)
class ReportChoice:
    """What ``assess PLAN`` assesses when no year or period is asked for."""

    period: Period
    report: ReportDate | None  # the calendar's report for the period, if it is one
    has_values: bool  # False: the plan's year has no value yet (the starting position is shown)


def _ends_with_value(plan: Plan, period: Period) -> bool:
    """Some indicator has a value for a period of the same year ending when ``period`` does."""
    for indicator in plan.indicators():
        if period.end_month == 12:
            outcome = indicator.outcomes.get(period.year)
            if outcome is not None and outcome.value is not None:
                return True
        for p, outcome in indicator.period_outcomes.items():
            if p.year == period.year and p.end_month == period.end_month and outcome.value is not None:
                return True
    return False


def _latest_year_with_values(plan: Plan) -> int:
    """The plan's year; for a plan over several years (slutår), the latest of its
    years with a value (else its first)."""
    last = plan.last_year or plan.year
    if last == plan.year:
        return plan.year
    valued = {y for i in plan.indicators() for y, o in i.outcomes.items() if o.value is not None} | {
        p.year for i in plan.indicators() for p, o in i.period_outcomes.items() if o.value is not None
    }
    return max((y for y in valued if plan.year <= y <= last), default=plan.year)


def choose_report(plan: Plan) -> ReportChoice:
    """The period ``assess PLAN`` assesses by default, and why.

    The latest report in the plan's calendar (:meth:`Plan.calendar`) for the
    plan's year (for a plan over several years, ``slutår``: the latest of its
    years with a value) whose period has a value (some indicator's value for a period
    ending when the report's does); else, if the year has values for other
    periods, the latest of those; else the calendar's first report, with
    ``has_values`` False: the year has no value yet.
    """
    year = _latest_year_with_values(plan)
    reports = [r for r in plan.calendar() if r.period.year == year]
    for report in reversed(reports):
        if _ends_with_value(plan, report.period):
            return ReportChoice(report.period, report, True)
    periods = sorted(
        p
        for indicator in plan.indicators()
        for p, outcome in indicator.period_outcomes.items()
        if p.year == year and outcome.value is not None
    )
    if periods:
        latest = periods[-1]
        same = next((r for r in reports if r.period == latest), None)
        return ReportChoice(latest, same, True)
    first = reports[0] if reports else None
    return ReportChoice(first.period if first is not None else Period(year, "T", 1), first, False)


def find_report(plan: Plan, report_id: str) -> ReportDate:
    """The report ``report_id`` of the plan's calendar (:meth:`Plan.calendar`).

    Raises :class:`InvalidArgumentError` for an id the calendar does not have,
    naming the ids it has.
    """
    wanted = normal_id(report_id)
    reports = plan.calendar()
    for report in reports:
        if report.id == wanted:
            return report
    ids = [r.id for r in reports]
    near = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.6)
    hint = tr(" Did you mean {id!r}?", " Menade du {id!r}?", id=near[0]) if near else ""
    raise InvalidArgumentError(
        tr(
            "no report {id!r} in the plan's calendar; it has {ids}.{hint}",
            "ingen rapport {id!r} i planens kalender; den har {ids}.{hint}",
            id=report_id,
            ids=", ".join(ids),
            hint=hint,
        )
    )
