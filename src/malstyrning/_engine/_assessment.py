"""The assessment engine: pure functions from a plan to results. No I/O.

Arithmetic is done in :class:`~decimal.Decimal` on the values as written
(``repr`` of a float is the shortest decimal that reads back to it), so a
value exactly on a threshold lands on the side the rules say, not on the side
binary rounding picks: progress from 0,1 to 0,3 at 0,2 is exactly 0,5.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    setcontext,
)
from fractions import Fraction

from .._model import Direction, Goal, GoalStatus, Indicator, Method, Plan, Rules, TrendBasis, ValuePoint
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
    _make_goal_result,
    _make_indicator_result,
    _make_trend,
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

_INDICATOR_SIXTHS = {IndicatorStatus.REACHED: 6, IndicatorStatus.CLOSE: 3, IndicatorStatus.FAR: 0}
_GOAL_SIXTHS = {GoalStatus.FULLY: 6, GoalStatus.LARGELY: 4, GoalStatus.PARTLY: 2, GoalStatus.NOT_MET: 0}
_SIGN = {Improvement.IMPROVED: 1, Improvement.UNCHANGED: 0, Improvement.WORSENED: -1}
_NO_TREND = Trend(Change.NONE, Improvement.NONE)
_ZERO = Decimal(0)
_DEFAULT_NEAR = {method: Decimal(repr(near)) for method, near in DEFAULT_NEAR.items()}
# Every entry point (assess, assess_indicator, roll_up) runs the engine in
# this context, and the code below relies on it. Its 1000 digits make sums,
# differences, products and abs() of any floats' decimals exact, so every
# comparison is decided on exact values (Python's default 28 digits would
# round 1e20 - (-1e-20), say); and no setting of the caller's own decimal
# context can change a result. Every field is given: Context() would copy the
# rest from decimal.DefaultContext, which a program may have changed.
_EXACT = Context(
    prec=1000,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


# Each call of an entry point computes in a fresh copy of _EXACT, made
# current with setcontext and the caller's context restored in a finally. A
# copy, because a context is mutable (its flags change as it is used, and
# code that runs mid-call, such as a finaliser, could change its precision),
# so no call shares one with another call or thread. (This is what
# decimal.localcontext does, at two thirds of its cost.)
_exact_copy = _EXACT.copy


# Shares are reported as floats: a quotient to Python's default 28 digits.
_divide = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999_999, Emax=999_999, flags=[], traps=[]).divide


# On Python 3.11 every `Enum.MEMBER` lookup costs about 90 ns, a tenth of
# the time it takes to assess an indicator: the engine reads the members it
# uses from module constants instead.
_REACHED, _CLOSE, _FAR = IndicatorStatus.REACHED, IndicatorStatus.CLOSE, IndicatorStatus.FAR
_NOT_ASSESSED = IndicatorStatus.NOT_ASSESSED
_INCREASE, _DECREASE, _MAINTAIN = Direction.INCREASE, Direction.DECREASE, Direction.MAINTAIN
_PROGRESS, _FULFILMENT = Method.PROGRESS, Method.FULFILMENT
_FROM_BASELINE, _FROM_PREVIOUS = TrendBasis.BASELINE, TrendBasis.PREVIOUS
_INCREASED, _DECREASED, _NO_CHANGE = Change.INCREASED, Change.DECREASED, Change.UNCHANGED
_IMPROVED, _WORSENED = Improvement.IMPROVED, Improvement.WORSENED
_NOT_BETTER_OR_WORSE, _NO_IMPROVEMENT = Improvement.UNCHANGED, Improvement.NONE
_DIRECTION_INFERRED, _MAINTAIN_INFERRED = Note.DIRECTION_INFERRED, Note.MAINTAIN_INFERRED
_NOTES: dict[tuple[Note, ...], tuple[Note, ...]] = {}


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
    method = _PROGRESS
    near: float | None = None
    trend = _FROM_BASELINE
    for layer in layers:
        if layer is None:
            continue
        if layer.method is not None and layer.method is not method:
            method, near = layer.method, None
        near = layer.near if layer.near is not None else near
        trend = layer.trend or trend
    return method, near, trend


_DEFAULT_RULES = _merge(())


def latest_year(plan: Plan) -> int:
    """The latest year with any outcome in the plan; the plan's year if none."""
    years = [year for indicator in plan.indicators() for year in indicator.outcomes]
    return max(years, default=plan.year)


def assess(plan: Plan, *, year: int | None = None) -> Assessment:
    """Assess every indicator and goal of ``plan`` for ``year``.

    ``year`` defaults to :func:`latest_year`. An indicator's value is its latest
    outcome at or before ``year``.
    """
    caller = getcontext()
    setcontext(_exact_copy())
    try:
        return _assess(plan, latest_year(plan) if year is None else year)
    finally:
        setcontext(caller)


def _assess(plan: Plan, assessed_year: int) -> Assessment:
    rules = effective_rules(plan.rules)
    plan_rules = _merge((plan.rules,))

    def indicators(items: tuple[Indicator, ...]) -> tuple[IndicatorResult, ...]:
        return tuple([_assess_indicator(i, assessed_year, plan.rules, plan.year, plan_rules) for i in items])

    def goal(g: Goal) -> GoalResult:
        return _roll_up(g, indicators(g.indicators), tuple([goal(n) for n in g.goals]))

    areas = tuple(
        AreaResult(id=area.id or "", title=area.title, goals=tuple(goal(g) for g in area.goals))
        for area in plan.areas
    )
    measures = indicators(plan.measures)
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
    plan_rules = _DEFAULT_RULES if rules is None else _merge((rules,))
    caller = getcontext()
    setcontext(_exact_copy())
    try:
        return _assess_indicator(indicator, year, rules, plan_year, plan_rules)
    finally:
        setcontext(caller)


def _assess_indicator(
    indicator: Indicator,
    year: int,
    rules: Rules | None,
    plan_year: int | None,
    plan_rules: tuple[Method, float | None, TrendBasis],
) -> IndicatorResult:
    # The hot path of every assessment, written for speed (benchmarks/bench.py).
    # ``plan_rules`` is ``_merge((rules,))``, worked out once per plan. Runs
    # in the _EXACT context, as do _status and _trend.
    if indicator.rules is None:
        method_rule, explicit_near, trend_rule = plan_rules
    else:
        method_rule, explicit_near, trend_rule = _merge((rules, indicator.rules))
    notes: list[Note] = []

    # The value: the latest numeric outcome at or before the year. Entries
    # marked `saknas` after it are skipped, and their reasons carried along.
    outcomes = indicator.outcomes
    value_year: int | None = None
    missing: list[MissingOutcome] = []
    current = outcomes.get(year)
    if current is not None and current.value is not None:
        value_year = year  # the common case: this year's outcome is there
    else:
        for y in sorted((y for y in outcomes if y <= year), reverse=True):
            outcome = outcomes[y]
            if outcome.value is not None:
                value_year = y
                break
            missing.append(MissingOutcome(year=y, reason=outcome.missing or ""))
        missing.reverse()
        if missing and value_year is not None:
            notes.append(Note.OUTCOME_MISSING)
    value = None if value_year is None else outcomes[value_year].value
    x = None if value is None else Decimal(repr(value))

    baseline = indicator.baseline
    target = indicator.target
    baseline_value = baseline_year = target_value = target_year = b = t = None
    if baseline is not None:
        baseline_value, baseline_year = baseline.value, baseline.year
        b = Decimal(repr(baseline_value))
    if target is not None:
        target_value, target_year = target.value, target.year or plan_year
        t = Decimal(repr(target_value))
    tol = _ZERO if not indicator.tolerance else Decimal(repr(indicator.tolerance))

    direction = indicator.direction
    if direction is None and t is not None and b is not None:
        if t == b:
            direction = _MAINTAIN
            notes.append(_MAINTAIN_INFERRED)
        else:
            direction = _INCREASE if t > b else _DECREASE
            notes.append(_DIRECTION_INFERRED)

    # A starting value from after the outcome (assessing 2015 against a plan
    # that starts in 2017) says nothing about how far that outcome got.
    start = b
    if baseline_year is not None and value_year is not None and baseline_year > value_year:
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

    status = _NOT_ASSESSED
    method: Method | None = None
    progress: Decimal | None = None
    if reason is None:
        assert x is not None  # for the type checker: reason is None here
        assert direction is not None
        threshold = None if indicator.threshold is None else _dec(indicator.threshold)
        near = None if explicit_near is None else _dec(explicit_near)
        status, method, progress = _status(
            x,
            b=start,
            t=t,
            direction=direction,
            threshold=threshold,
            tol=tol,
            method=method_rule,
            explicit_near=near,
            notes=notes,
        )

    trend = _NO_TREND
    if x is not None and value_year is not None:
        trend = _trend(
            indicator,
            x=x,
            value_year=value_year,
            b=b,
            baseline=baseline,
            t=t,
            direction=direction,
            tol=tol,
            basis=trend_rule,
            notes=notes,
        )

    return _make_indicator_result(
        indicator.id,  # id
        indicator.title,  # title
        indicator.unit,  # unit
        status,  # status
        value,  # value
        value_year,  # value_year
        baseline_value,  # baseline
        baseline_year,  # baseline_year
        target_value,  # target
        target_year,  # target_year
        direction,  # direction
        method,  # method
        _finite(progress),  # progress
        reason,  # reason
        trend,  # trend
        indicator.weight,  # weight
        # One tuple for each combination of notes: there are few, and every
        # object the results hold is one more for the garbage collector.
        _NOTES.setdefault(shared := tuple(notes), shared) if notes else (),  # notes
        tuple(missing) if missing else (),  # missing
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
    increase = direction is _INCREASE
    if t is None and direction is not _MAINTAIN:
        # Only a direction: better than the start by more than the tolerance.
        assert b is not None
        gain = x - b if increase else b - x
        if gain > tol:
            return _REACHED, None, None
        close = abs(gain) <= tol or (threshold is not None and _good_side(x, threshold, increase))
        return (_CLOSE if close else _FAR), None, None

    goal = t if t is not None else b
    assert goal is not None
    if direction is _MAINTAIN:
        off = abs(x - goal)
        if off <= tol:
            return _REACHED, None, None
        if threshold is not None and off <= abs(threshold - goal):
            return _CLOSE, None, None
        return _FAR, None, None

    reached = x >= goal if increase else x <= goal

    # Progress is reported for reached indicators too: it shows by how much.
    used: Method | None = method
    share: Decimal | None = None
    # share = part / whole, kept apart so that "share >= nära" is decided
    # exactly (part >= nära * whole), not on the rounded quotient.
    part = whole = _ZERO
    # Progress needs a start short of the target: a start already past it (a
    # ceiling such as "below 4 %" when sick leave is 1,18 %) has no way to go.
    if method is _PROGRESS and b is not None and not (b >= goal if increase else b <= goal):
        part, whole = x - b, goal - b
        share = _divide(part, whole)
    else:
        if method is _PROGRESS:
            notes.append(Note.FULFILMENT_FALLBACK)
        used = _FULFILMENT
        if goal > 0 and x > 0:
            part, whole = (x, goal) if increase else (goal, x)
            share = _divide(part, whole)
        else:
            notes.append(Note.FULFILMENT_UNDEFINED)
            used = None
    if reached:
        return _REACHED, used, share
    if threshold is not None:
        close = _good_side(x, threshold, increase)
    else:
        # Without an explicit nära, each method has its own default, also after a fallback.
        near = explicit_near if explicit_near is not None else _DEFAULT_NEAR[used or method]
        if share is None:
            close = False
        else:
            mark = near * whole
            close = part >= mark if whole > 0 else part <= mark
    return (_CLOSE if close else _FAR), used, share


def _good_side(x: Decimal, mark: Decimal, increase: bool) -> bool:
    """At or past ``mark`` in the desired direction."""
    return x >= mark if increase else x <= mark


def _trend(
    indicator: Indicator,
    *,
    x: Decimal,
    value_year: int,
    b: Decimal | None,
    baseline: ValuePoint | None,
    t: Decimal | None,
    direction: Direction | None,
    tol: Decimal,
    basis: TrendBasis,
    notes: list[Note],
) -> Trend:
    reference: Decimal | None = None
    reference_value: float | None = None
    reference_year: int | None = None
    used = basis
    # A starting value without a year counts as earlier than any outcome.
    if (
        basis is _FROM_BASELINE
        and baseline is not None
        and (baseline.year is None or baseline.year < value_year)
    ):
        reference, reference_year, reference_value = b, baseline.year, baseline.value
    else:
        previous = [y for y, o in indicator.outcomes.items() if y < value_year and o.value is not None]
        if previous:
            reference_year = max(previous)
            reference_value = indicator.outcomes[reference_year].value
            reference = _dec(reference_value)
            if basis is _FROM_BASELINE:
                notes.append(Note.TREND_FROM_PREVIOUS)
            used = _FROM_PREVIOUS
    if reference is None:
        return _NO_TREND
    assert reference_value is not None

    delta = x - reference
    change = _NO_CHANGE if abs(delta) <= tol else _INCREASED if delta > 0 else _DECREASED
    goal = t if t is not None else b
    if direction is None or (direction is _MAINTAIN and goal is None):
        improvement = _NO_IMPROVEMENT  # nothing says which way is better
    elif direction is _MAINTAIN:
        assert goal is not None
        closer = abs(reference - goal) - abs(x - goal)
        improvement = _NOT_BETTER_OR_WORSE if abs(closer) <= tol else _IMPROVED if closer > 0 else _WORSENED
    elif change is _NO_CHANGE:
        improvement = _NOT_BETTER_OR_WORSE
    else:
        up = change is _INCREASED
        improvement = _IMPROVED if up == (direction is _INCREASE) else _WORSENED
    return _make_trend(
        change,  # direction
        improvement,  # improvement
        reference_value,  # reference
        reference_year,  # reference_year
        used,  # basis
    )


def roll_up(goal: Goal, indicators: tuple[IndicatorResult, ...], goals: tuple[GoalResult, ...]) -> GoalResult:
    """A goal's result from its children's: weighted mean score and trend."""
    caller = getcontext()
    setcontext(_exact_copy())
    try:
        return _roll_up(goal, indicators, goals)
    finally:
        setcontext(caller)


def _roll_up(
    goal: Goal, indicators: tuple[IndicatorResult, ...], goals: tuple[GoalResult, ...]
) -> GoalResult:
    # Exact: scores in sixths (1, 1/2, 0 for indicators; 1, 2/3, 1/3, 0 for
    # goals) and weights as decimals, so "all reached" is exactly a score of 1.
    # Weights of 1, by far the most common, are summed as integers.
    children = [
        (i.weight, _INDICATOR_SIXTHS.get(i.status), _SIGN.get(i.trend.improvement)) for i in indicators
    ]
    children += [(g.weight, _GOAL_SIXTHS.get(g.status), _SIGN.get(g.improvement)) for g in goals]
    total = sixths = net = 0  # over children of weight 1
    weighted_total = weighted_sixths = weighted_net = _ZERO  # over the others
    scored = signed = False
    for weight, score, sign in children:
        if weight == 1:
            if score is not None:
                total += 1
                sixths += score
                scored = True
            if sign is not None:
                net += sign
                signed = True
        elif weight > 0:  # a child with vikt 0 is shown but counts for nothing, in the trend too
            w = _dec(weight)
            if score is not None:
                weighted_total += w
                weighted_sixths += w * score
                scored = True
            if sign is not None:
                weighted_net += w * sign
                signed = True

    score_value: float | None = None
    status = GoalStatus.NOT_ASSESSED
    if scored:
        part: Decimal | int = sixths
        whole: Decimal | int = 6 * total
        if weighted_total:
            part = weighted_sixths + sixths
            whole = (weighted_total + total) * 6
            score_value = float(Fraction(part) / Fraction(whole))
        else:
            score_value = sixths / (6 * total)  # int / int: correctly rounded
        status = (
            GoalStatus.FULLY
            if part == whole
            else GoalStatus.LARGELY
            if part * 2 >= whole
            else GoalStatus.PARTLY
            if part > 0
            else GoalStatus.NOT_MET
        )
    balance: Decimal | int = weighted_net + net if weighted_net else net
    improvement = _NO_IMPROVEMENT
    if signed:
        improvement = _IMPROVED if balance > 0 else _WORSENED if balance < 0 else _NOT_BETTER_OR_WORSE

    return _make_goal_result(
        goal.id or "",  # id
        goal.title,  # title
        goal.kind,  # kind
        status,  # status
        score_value,  # score
        goal.stated_assessment,  # stated
        goal.comment,  # comment
        improvement,  # improvement
        goal.weight,  # weight
        indicators,  # indicators
        goals,  # goals
    )


def _finite(share: Decimal | None) -> float | None:
    """The share as a float; one past a float's range (values whose ratio does,
    such as utfall -1e10 against målvärde 1e-300) saturates at the largest
    float, as JSON has no infinity."""
    if share is None:
        return None
    value = float(str(share))  # float(d) without its NaN checks: 30 % quicker
    if math.isinf(value):
        return math.copysign(sys.float_info.max, value)
    return value


def _dec(value: float | None) -> Decimal:
    assert value is not None
    return Decimal(repr(value))
