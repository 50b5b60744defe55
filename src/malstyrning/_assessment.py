"""The assessment engine: pure functions from a plan to results. No I/O.

Arithmetic is done in :class:`~decimal.Decimal` on the values as written
(``repr`` of a float is the shortest decimal that reads back to it), so a
value exactly on a threshold lands on the side the rules say, not on the side
binary rounding picks: progress from 0,1 to 0,3 at 0,2 is exactly 0,5.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

from ._model import Direction, Goal, GoalStatus, Indicator, Method, Plan, Rules, TrendBasis
from ._results import (
    AreaResult,
    Assessment,
    Change,
    EffectiveRules,
    GoalResult,
    Improvement,
    IndicatorResult,
    IndicatorStatus,
    MissingOutcome,
    Note,
    Reason,
    Summary,
    Trend,
    walk_goals,
)

__all__ = [
    "DEFAULT_NEAR",
    "assess",
    "assess_indicator",
    "effective_rules",
    "latest_year",
    "roll_up",
]

DEFAULT_NEAR = {Method.PROGRESS: 0.5, Method.FULFILMENT: 0.8}
"""Default ``nära`` per method: half the way, or 80 % of the target."""

_INDICATOR_SCORE = {
    IndicatorStatus.REACHED: Fraction(1),
    IndicatorStatus.CLOSE: Fraction(1, 2),
    IndicatorStatus.FAR: Fraction(0),
}
_GOAL_SCORE = {
    GoalStatus.FULLY: Fraction(1),
    GoalStatus.LARGELY: Fraction(2, 3),
    GoalStatus.PARTLY: Fraction(1, 3),
    GoalStatus.NOT_MET: Fraction(0),
}
_SIGN = {Improvement.IMPROVED: 1, Improvement.UNCHANGED: 0, Improvement.WORSENED: -1}


def effective_rules(*layers: Rules | None) -> EffectiveRules:
    """Merge rule layers (plan, then indicator), later ones overriding earlier ones.

    ``nära`` is a threshold *for a method*: a layer that changes ``metod``
    without giving ``nära`` resets it to that method's default.
    """
    method, near, trend = _merge(layers)
    return EffectiveRules(
        method=method,
        near=near if near is not None else DEFAULT_NEAR[method],
        trend=trend,
    )


def _merge(layers: tuple[Rules | None, ...]) -> tuple[Method, float | None, TrendBasis]:
    """The merged method, the *explicit* nära (None: the default) and trend basis."""
    method = Method.PROGRESS
    near: float | None = None
    trend = TrendBasis.BASELINE
    for layer in layers:
        if layer is None:
            continue
        if layer.method is not None and layer.method is not method:
            method, near = layer.method, None
        near = layer.near if layer.near is not None else near
        trend = layer.trend or trend
    return method, near, trend


def latest_year(plan: Plan) -> int:
    """The latest year with any outcome in the plan; the plan's year if none."""
    years = [year for indicator in plan.indicators() for year in indicator.outcomes]
    return max(years, default=plan.year)


def assess(plan: Plan, *, year: int | None = None) -> Assessment:
    """Assess every indicator and goal of ``plan`` for ``year``.

    ``year`` defaults to :func:`latest_year`. An indicator's value is its latest
    outcome at or before ``year``.
    """
    assessed_year = latest_year(plan) if year is None else year
    rules = effective_rules(plan.rules)

    def indicator(ind: Indicator) -> IndicatorResult:
        return assess_indicator(ind, year=assessed_year, rules=plan.rules, plan_year=plan.year)

    def goal(g: Goal) -> GoalResult:
        return roll_up(g, tuple(indicator(i) for i in g.indicators), tuple(goal(n) for n in g.goals))

    areas = tuple(
        AreaResult(id=area.id or "", title=area.title, goals=tuple(goal(g) for g in area.goals))
        for area in plan.areas
    )
    measures = tuple(indicator(m) for m in plan.measures)
    goals = [g for area in areas for g in walk_goals(area.goals)]
    goal_counts = Counter(g.status for g in goals)
    indicator_counts = Counter(i.status for g in goals for i in g.indicators)
    return Assessment(
        plan=plan.name,
        organisation=plan.organisation,
        municipality=plan.municipality,
        plan_year=plan.year,
        year=assessed_year,
        rules=rules,
        summary=Summary(
            goals={status: goal_counts[status] for status in GoalStatus},
            indicators={status: indicator_counts[status] for status in IndicatorStatus},
        ),
        areas=areas,
        measures=measures,
    )


def assess_indicator(
    indicator: Indicator,
    *,
    year: int,
    rules: Rules | None = None,
    plan_year: int | None = None,
) -> IndicatorResult:
    """Assess one indicator for ``year``.

    ``rules`` are the plan-level rules (the indicator's own ``regler`` override
    them); ``plan_year`` is the year of a ``målvärde`` given without one.
    """
    method_rule, explicit_near, trend_rule = _merge((rules, indicator.rules))
    notes: list[Note] = []

    # The value: the latest numeric outcome at or before the year. Entries
    # marked `saknas` after it are skipped, and their reasons carried along.
    value_year: int | None = None
    missing: list[MissingOutcome] = []
    for y in sorted((y for y in indicator.outcomes if y <= year), reverse=True):
        outcome = indicator.outcomes[y]
        if outcome.value is not None:
            value_year = y
            break
        missing.append(MissingOutcome(year=y, reason=outcome.missing or ""))
    missing.reverse()
    if missing and value_year is not None:
        notes.append(Note.OUTCOME_MISSING)
    x = None if value_year is None else _dec(indicator.outcomes[value_year].value)

    baseline = indicator.baseline
    target = indicator.target
    b = None if baseline is None else _dec(baseline.value)
    t = None if target is None else _dec(target.value)
    tol = _dec(indicator.tolerance)

    direction = indicator.direction
    if direction is None and t is not None and b is not None:
        if t == b:
            direction = Direction.MAINTAIN
            notes.append(Note.MAINTAIN_INFERRED)
        else:
            direction = Direction.INCREASE if t > b else Direction.DECREASE
            notes.append(Note.DIRECTION_INFERRED)

    # A starting value from after the outcome (assessing 2015 against a plan
    # that starts in 2017) says nothing about how far that outcome got.
    start = b
    if baseline and baseline.year is not None and value_year is not None and baseline.year > value_year:
        start = None
        notes.append(Note.BASELINE_AFTER_VALUE)

    reason: Reason | None = None
    if t is None and direction is None:
        reason = Reason.NO_TARGET
    elif direction is None:
        reason = Reason.NO_DIRECTION
    elif t is None and start is None:
        reason = Reason.NO_BASELINE
    elif x is None:
        reason = Reason.NO_OUTCOME

    status = IndicatorStatus.NOT_ASSESSED
    method: Method | None = None
    progress: Decimal | None = None
    if reason is None:
        assert x is not None  # for the type checker: reason is None here
        assert direction is not None
        threshold = None if indicator.threshold is None else _dec(indicator.threshold)
        status, method, progress = _status(
            x,
            b=start,
            t=t,
            direction=direction,
            threshold=threshold,
            tol=tol,
            method=method_rule,
            explicit_near=None if explicit_near is None else _dec(explicit_near),
            notes=notes,
        )

    trend = _trend(
        indicator,
        x=x,
        value_year=value_year,
        b=b,
        baseline_year=baseline.year if baseline else None,
        t=t,
        direction=direction,
        tol=tol,
        basis=trend_rule,
        notes=notes,
    )

    return IndicatorResult(
        id=indicator.id,
        title=indicator.title,
        unit=indicator.unit,
        status=status,
        value=None if x is None else float(x),
        value_year=value_year,
        baseline=None if baseline is None else baseline.value,
        baseline_year=None if baseline is None else baseline.year,
        target=None if target is None else target.value,
        target_year=None if target is None else (target.year or plan_year),
        direction=direction,
        method=method,
        progress=None if progress is None else float(progress),
        reason=reason,
        trend=trend,
        weight=indicator.weight,
        notes=tuple(notes),
        missing=tuple(missing),
    )


def _status(
    x: Decimal,
    *,
    b: Decimal | None,
    t: Decimal | None,
    direction: Direction,
    threshold: Decimal | None,
    tol: Decimal,
    method: Method,
    explicit_near: Decimal | None,
    notes: list[Note],
) -> tuple[IndicatorStatus, Method | None, Decimal | None]:
    increase = direction is Direction.INCREASE
    if t is None and direction is not Direction.MAINTAIN:
        # Only a direction: better than the start by more than the tolerance.
        assert b is not None
        gain = x - b if increase else b - x
        if gain > tol:
            return IndicatorStatus.REACHED, None, None
        close = abs(gain) <= tol or (threshold is not None and _good_side(x, threshold, increase))
        return (IndicatorStatus.CLOSE if close else IndicatorStatus.FAR), None, None

    goal = t if t is not None else b
    assert goal is not None
    if direction is Direction.MAINTAIN:
        if abs(x - goal) <= tol:
            return IndicatorStatus.REACHED, None, None
        if threshold is not None and abs(x - goal) <= abs(threshold - goal):
            return IndicatorStatus.CLOSE, None, None
        return IndicatorStatus.FAR, None, None

    reached = _good_side(x, goal, increase)

    # Progress is reported for reached indicators too: it shows by how much.
    used: Method | None = method
    share: Decimal | None = None
    # Progress needs a start short of the target: a start already past it (a
    # ceiling such as "below 4 %" when sick leave is 1,18 %) has no way to go.
    if method is Method.PROGRESS and b is not None and not _good_side(b, goal, increase):
        share = (x - b) / (goal - b)
    else:
        if method is Method.PROGRESS:
            notes.append(Note.FULFILMENT_FALLBACK)
        used = Method.FULFILMENT
        if goal > 0 and x > 0:
            share = x / goal if increase else goal / x
        else:
            notes.append(Note.FULFILMENT_UNDEFINED)
            used = None
    if reached:
        return IndicatorStatus.REACHED, used, share
    if threshold is not None:
        close = _good_side(x, threshold, increase)
    else:
        # Without an explicit nära, each method has its own default, also after a fallback.
        near = explicit_near if explicit_near is not None else _dec(DEFAULT_NEAR[used or method])
        close = share is not None and share >= near
    return (IndicatorStatus.CLOSE if close else IndicatorStatus.FAR), used, share


def _good_side(x: Decimal, mark: Decimal, increase: bool) -> bool:
    """At or past ``mark`` in the desired direction."""
    return x >= mark if increase else x <= mark


def _trend(
    indicator: Indicator,
    *,
    x: Decimal | None,
    value_year: int | None,
    b: Decimal | None,
    baseline_year: int | None,
    t: Decimal | None,
    direction: Direction | None,
    tol: Decimal,
    basis: TrendBasis,
    notes: list[Note],
) -> Trend:
    if x is None or value_year is None:
        return Trend(Change.NONE, Improvement.NONE)
    reference: Decimal | None = None
    reference_year: int | None = None
    used = basis
    # A starting value without a year counts as earlier than any outcome.
    if (
        basis is TrendBasis.BASELINE
        and b is not None
        and (baseline_year is None or baseline_year < value_year)
    ):
        reference, reference_year = b, baseline_year
    else:
        previous = [y for y, o in indicator.outcomes.items() if y < value_year and o.value is not None]
        if previous:
            reference_year = max(previous)
            reference = _dec(indicator.outcomes[reference_year].value)
            if basis is TrendBasis.BASELINE:
                notes.append(Note.TREND_FROM_PREVIOUS)
            used = TrendBasis.PREVIOUS
    if reference is None:
        return Trend(Change.NONE, Improvement.NONE)

    delta = x - reference
    change = Change.UNCHANGED if abs(delta) <= tol else Change.INCREASED if delta > 0 else Change.DECREASED
    goal = t if t is not None else b
    if direction is None or (direction is Direction.MAINTAIN and goal is None):
        improvement = Improvement.NONE  # nothing says which way is better
    elif direction is Direction.MAINTAIN:
        assert goal is not None
        closer = abs(reference - goal) - abs(x - goal)
        improvement = (
            Improvement.UNCHANGED
            if abs(closer) <= tol
            else Improvement.IMPROVED
            if closer > 0
            else Improvement.WORSENED
        )
    elif change is Change.UNCHANGED:
        improvement = Improvement.UNCHANGED
    else:
        up = change is Change.INCREASED
        improvement = (
            Improvement.IMPROVED if up == (direction is Direction.INCREASE) else Improvement.WORSENED
        )
    return Trend(change, improvement, float(reference), reference_year, used)


def roll_up(goal: Goal, indicators: tuple[IndicatorResult, ...], goals: tuple[GoalResult, ...]) -> GoalResult:
    """A goal's result from its children's: weighted mean score and trend."""
    scored: list[tuple[Fraction, Fraction]] = []
    signs: list[tuple[Fraction, int]] = []
    for ind in indicators:
        weight = Fraction(repr(ind.weight))
        if ind.status in _INDICATOR_SCORE:
            scored.append((weight, _INDICATOR_SCORE[ind.status]))
        if ind.trend.improvement in _SIGN:
            signs.append((weight, _SIGN[ind.trend.improvement]))
    for child in goals:
        weight = Fraction(repr(child.weight))
        if child.status in _GOAL_SCORE:
            scored.append((weight, _GOAL_SCORE[child.status]))
        if child.improvement in _SIGN:
            signs.append((weight, _SIGN[child.improvement]))
    # A child with vikt 0 is shown but counts for nothing, in the trend too.
    scored = [(w, s) for w, s in scored if w > 0]
    signs = [(w, s) for w, s in signs if w > 0]

    total = sum((w for w, _ in scored), Fraction(0))
    score: Fraction | None = None
    status = GoalStatus.NOT_ASSESSED
    if total > 0:
        score = sum((w * s for w, s in scored), Fraction(0)) / total
        status = (
            GoalStatus.FULLY
            if score == 1
            else GoalStatus.LARGELY
            if score >= Fraction(1, 2)
            else GoalStatus.PARTLY
            if score > 0
            else GoalStatus.NOT_MET
        )
    improvement = Improvement.NONE
    if signs:
        net = sum((w * s for w, s in signs), Fraction(0))
        improvement = (
            Improvement.IMPROVED if net > 0 else Improvement.WORSENED if net < 0 else Improvement.UNCHANGED
        )

    return GoalResult(
        id=goal.id or "",
        title=goal.title,
        kind=goal.kind,
        status=status,
        score=None if score is None else float(score),
        stated=goal.stated_assessment,
        comment=goal.comment,
        improvement=improvement,
        weight=goal.weight,
        indicators=indicators,
        goals=goals,
    )


def _dec(value: float | None) -> Decimal:
    assert value is not None
    return Decimal(repr(value))
