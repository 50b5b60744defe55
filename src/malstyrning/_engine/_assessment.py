"""The assessment engine: pure functions from a plan to results. No I/O.

Arithmetic is done in :class:`~decimal.Decimal` on the values as written
(``repr`` of a float is the shortest decimal that reads back to it), so a
value exactly on a threshold lands on the side the rules say, not on the side
binary rounding picks: progress from 0,1 to 0,3 at 0,2 is exactly 0,5.

This module holds the rules; what makes them fast (the switch to the exact
decimal context, enum members as constants, the results' constructors) is in
``_fast.py``. :func:`~malstyrning.assess_series` (``_batch.py``) applies the
same rules to arrays; a rule changed here must be changed there too (see
"Where the rules live" in docs/assessment.md).
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from typing import TypeAlias

from .._errors import ArgumentTypeError, InvalidArgumentError
from .._i18n import tr
from .._model import (
    Activity,
    ActivityStatus,
    Assignment,
    Direction,
    Goal,
    GoalStatus,
    Indicator,
    Method,
    MissingBaseline,
    Period,
    Plan,
    Rules,
    TrendArrow,
    TrendBasis,
    ValuePoint,
    checked_period,
    checked_year,
)
from ._economy import assess_economy
from ._fast import (  # the engine's speed devices: enum members as constants, constructors, the context
    CLOSE,
    DECREASE,
    DECREASED,
    DIRECTION_INFERRED,
    FAR,
    FROM_BASELINE,
    FROM_PREVIOUS,
    FULFILMENT,
    IMPROVED,
    INCREASE,
    INCREASED,
    MAINTAIN,
    MAINTAIN_INFERRED,
    NO_CHANGE,
    NO_IMPROVEMENT,
    NOT_ASSESSED,
    NOT_BETTER_OR_WORSE,
    PROGRESS,
    REACHED,
    WORSENED,
    in_exact_context,
    make_goal_result,
    make_indicator_result,
    make_trend,
    shared_notes,
)
from ._items import item_results
from ._on_track import DEFAULT_ON_TRACK, judge, on_track_thresholds
from ._periods import at_period, forecast
from ._results import (
    AreaResult,
    Assessment,
    Change,
    Contribution,
    EffectiveRules,
    GoalForecast,
    GoalResult,
    Improvement,
    IndicatorResult,
    IndicatorStatus,
    ItemProgress,
    MissingOutcome,
    Note,
    OnTrackResult,
    Reason,
    Summary,
    Trend,
    walk_goals,
)

__all__ = [
    "DEFAULT_NEAR",
    "DEFAULT_RULES",
    "MergedRules",
    "assess",
    "assess_indicator",
    "effective_rules",
    "latest_year",
    "merge_arrow",
    "merge_missing_baseline",
    "merge_rules",
    "roll_up",
]

DEFAULT_NEAR = {Method.PROGRESS: 0.5, Method.FULFILMENT: 0.8}
"""Default ``nära`` per method: half the way, or 80 % of the target."""

_INDICATOR_SIXTHS = {IndicatorStatus.REACHED: 6, IndicatorStatus.CLOSE: 3, IndicatorStatus.FAR: 0}
_GOAL_SIXTHS = {GoalStatus.FULLY: 6, GoalStatus.LARGELY: 4, GoalStatus.PARTLY: 2, GoalStatus.NOT_MET: 0}
_SIGN = {Improvement.IMPROVED: 1, Improvement.UNCHANGED: 0, Improvement.WORSENED: -1}
_NO_TREND = Trend(Change.NONE, Improvement.NONE)
_ZERO = Decimal(0)
_PREVIOUS_OUTCOME = MissingBaseline.PREVIOUS_OUTCOME
_NOT_ASSESSED_BY_RULE = MissingBaseline.NOT_ASSESSED
_DEFAULT_NEAR = {method: Decimal(repr(near)) for method, near in DEFAULT_NEAR.items()}

# Shares are reported as floats: a quotient to Python's default 28 digits.
# (Everything else is computed exactly, in _fast.EXACT: see in_exact_context.)
_divide = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999_999, Emax=999_999, flags=[], traps=[]).divide

MergedRules: TypeAlias = tuple[Method, float | None, TrendBasis]
"""The merged method, the *explicit* nära (None: the method's default) and the trend basis."""


def effective_rules(*layers: Rules | None) -> EffectiveRules:
    """Merge rule layers (plan, then indicator), later ones overriding earlier ones.

    ``nära`` is a threshold *for a method*: a layer that changes ``metod``
    without giving ``nära`` resets it to that method's default.
    """
    method, near, trend = merge_rules(layers)
    return EffectiveRules(
        method=method,
        near=near if near is not None else DEFAULT_NEAR[method],
        trend=trend,
        arrow=merge_arrow(layers),
    )


def merge_arrow(layers: tuple[Rules | None, ...]) -> TrendArrow:
    """How the trend arrow reads (``trendpil``) after the rule layers: the
    last layer that says, else ``riktning``. It changes what the arrow shows,
    never the trend computed (so :data:`MergedRules` does not hold it)."""
    arrow = TrendArrow.DIRECTION
    for layer in layers:
        if layer is not None and layer.arrow is not None:
            arrow = layer.arrow
    return arrow


def merge_missing_baseline(layers: tuple[Rules | None, ...]) -> MissingBaseline | None:
    """What stands in for a missing ingångsvärde (``saknat_ingångsvärde``) after the
    rule layers: the last layer that says, else None (the default: a målvärde is
    judged by måluppfyllelse, a riktning alone is not assessed)."""
    policy: MissingBaseline | None = None
    for layer in layers:
        if layer is not None and layer.missing_baseline is not None:
            policy = layer.missing_baseline
    return policy


def merge_rules(layers: tuple[Rules | None, ...]) -> MergedRules:
    """The rule layers (plan, then indicator) merged, as :func:`effective_rules`
    does, but with ``nära`` as given: None where no layer in effect set it.

    The engine and :func:`~malstyrning.assess_series` both merge rules here.
    A framsteg that falls back to måluppfyllelse needs to know whether
    ``nära`` was set (then it applies) or not (then måluppfyllelse's default does).
    """
    method = PROGRESS
    near: float | None = None
    trend = FROM_BASELINE
    for layer in layers:
        if layer is None:
            continue
        if layer.method is not None and layer.method is not method:
            method, near = layer.method, None
        near = layer.near if layer.near is not None else near
        trend = layer.trend or trend
    return method, near, trend


DEFAULT_RULES: MergedRules = merge_rules(())
"""The rules without any layer: framsteg with its default nära, trend against the ingångsvärde."""


def latest_year(plan: Plan) -> int:
    """The latest year with any outcome in the plan; the plan's year if none."""
    years = [year for indicator in plan.indicators() for year in indicator.outcomes]
    return max(years, default=plan.year)


def assess(
    plan: Plan,
    *,
    year: int | None = None,
    period: Period | str | int | None = None,
    as_of: dt.date | None = None,
) -> Assessment:
    """Assess every indicator and goal of ``plan`` for ``year``, or at the end of ``period``.

    ``year`` defaults to :func:`latest_year`. An indicator's value is its latest
    outcome at or before ``year``. Raises :class:`ArgumentTypeError` for a
    ``year`` that is not an ``int`` and :class:`InvalidArgumentError` for one
    outside :data:`FIRST_YEAR`–:data:`LAST_YEAR`.

    ``period`` (a :class:`Period`, text such as ``"2018-T2"``, or a year)
    assesses at that period's end using only the values known then: each
    indicator's latest value for a period of that year, and the year-end
    forecast beside it (``forecast`` on each result). A whole year is assessed
    as ``year`` is. Give ``year`` or ``period``, not both
    (:class:`InvalidArgumentError`). :func:`choose_report` gives the period the
    command line assesses by default.

    ``as_of`` is the day a goal judged from its items (uppdrag, activities)
    reads their status: by default the end of the year or period. A report
    back after the plan's last year (:func:`report_back`) reads them on its day.
    """
    return assess_with(plan, year, period, as_of, {})


def assess_with(
    plan: Plan,
    year: int | None,
    period: Period | str | int | None,
    as_of: dt.date | None,
    contributions: Mapping[str, tuple[Contribution, ...]],
) -> Assessment:
    """:func:`assess`, with other plans' goals counted in the roll-up of the goals
    they serve (``contributions``, by the served goal's id): a kommun's assessment."""
    # A datetime is a date to isinstance, and cannot be compared with one.
    if as_of is not None and (type(as_of) is not dt.date):
        raise ArgumentTypeError(
            tr("as_of: expected a date, got {value!r}", "as_of: ange ett datum, inte {value!r}", value=as_of)
        )
    if period is not None:
        if year is not None:
            raise InvalidArgumentError(tr("give year or period, not both", "ange år eller period, inte båda"))
        at = checked_period(period, "period")
        if at.end_month == 12:  # a period ending with the year (T3, Q4, H2, December) is the year
            at = Period.whole(at.year)
        return in_exact_context(_assess, plan, at.year, at, as_of, contributions)
    assessed = latest_year(plan) if year is None else checked_year(year, "year")
    return in_exact_context(_assess, plan, assessed, None, as_of, contributions)


def _assess(
    plan: Plan,
    assessed_year: int,
    at: Period | None,
    as_of: dt.date | None,
    contributions: Mapping[str, tuple[Contribution, ...]],
) -> Assessment:
    rules = effective_rules(plan.rules)
    plan_rules = (merge_rules((plan.rules,)), rules.arrow, merge_missing_baseline((plan.rules,)))

    def one(indicator: Indicator, year: int) -> IndicatorResult:
        return _assess_indicator(indicator, year, plan.rules, plan.year, plan_rules)

    during = at is not None and not at.whole_year
    # Forecasts are rare in a whole-year assessment: one look decides whether to make any.
    forecasts = during or any(i.forecasts or i.period_outcomes for i in plan.indicators())
    whole = Period.whole(assessed_year)

    def indicators(items: tuple[Indicator, ...]) -> tuple[IndicatorResult, ...]:
        if during:
            assert at is not None
            return tuple([at_period(i, at, one) for i in items])
        found = [_assess_indicator(i, assessed_year, plan.rules, plan.year, plan_rules) for i in items]
        if forecasts:
            found = [_whole_year(i, r, whole, one) for i, r in zip(items, found, strict=True)]
        return tuple(found)

    on = as_of or (at or Period.whole(assessed_year)).end
    served = _items_by_goal(plan)

    def goal(g: Goal) -> GoalResult:
        children = tuple([goal(n) for n in g.goals])
        serving = contributions.get(g.id or "", ())
        if serving:  # other plans' goals count as children, each with its link's weight
            counted = children + tuple(replace(c.goal, weight=c.weight) for c in serving)
            result = replace(
                _roll_up(g, indicators(g.indicators), counted), goals=children, contributions=serving
            )
        else:
            result = _roll_up(g, indicators(g.indicators), children)
        if result.score is None and g.id in served and (g.qualitative or not _measured(g)):
            result = _from_items(result, served[g.id], on)
        if g.stated_forecast is not None or (forecasts and (during or _any_forecast(result))):
            result = replace(result, forecast=_roll_up_forecast(g, result))
        return result

    areas = tuple(
        AreaResult(id=area.id or "", title=area.title, goals=tuple(goal(g) for g in area.goals))
        for area in plan.areas
    )
    measures = indicators(plan.measures)
    goals = [g for area in areas for g in walk_goals(area.goals)]
    goal_counts = Counter(g.status for g in goals)
    indicator_counts = Counter(i.status for g in goals for i in g.indicators)
    economy = plan.economy
    report = None
    if at is not None:
        report = next((r for r in plan.calendar() if r.period == at), None)
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
            forecasts=_forecast_counts(goals),
        ),
        areas=areas,
        measures=measures,
        labels=plan.labels,
        economy=assess_economy(economy, assessed_year, at=at) if economy is not None else None,
        period=None if at is None else str(at),
        report=report,
        items=item_results(plan, on),
        as_of=on,
    )


def _whole_year(
    indicator: Indicator,
    result: IndicatorResult,
    whole: Period,
    one: Callable[[Indicator, int], IndicatorResult],
) -> IndicatorResult:
    """A whole year's result for an indicator that may have values for periods of
    the year or a stated prognos: with period values, its value is the latest of
    the year (a December one is the year's own), as at any period; else the
    year's result, with the stated forecast beside it."""
    if any(p.year == whole.year and o.value is not None for p, o in indicator.period_outcomes.items()):
        return at_period(indicator, whole, one)
    # No value for a period of the year: the year's rules as ever (a saknas falls back to
    # an earlier year, with its note), and a stated forecast beside them.
    if whole.year in indicator.forecasts:
        return replace(result, forecast=forecast(indicator, whole, one))
    return result


def _measured(goal: Goal) -> bool:
    """Whether the goal, or a goal under it, has an indicator: then it is assessed
    from them (not yet, while they have no value), never from its items."""
    return bool(goal.indicators) or any(_measured(sub) for sub in goal.goals)


def _items_by_goal(plan: Plan) -> dict[str | None, list[Activity | Assignment]]:
    """Each goal's items: its own activities, and every item naming it in ``mål``."""
    found: dict[str | None, list[Activity | Assignment]] = {}
    for g in plan.goals():
        if g.activities:
            found.setdefault(g.id, []).extend(g.activities)
    for item in plan.items():
        for ident in item.goals:
            mine = found.setdefault(ident, [])
            if not any(other is item for other in mine):
                mine.append(item)
    return found


def _from_items(result: GoalResult, items: list[Activity | Assignment], on: dt.date) -> GoalResult:
    """A goal no indicator scores, assessed from its items on ``on``: done counts 1,
    on time (or moved) 1/2, late 0 (försenad, or past klart), avbrutna not counted;
    the goal's thresholds as in a roll-up (all done: helt; half the score or more:
    i hög grad; above 0: delvis; 0: ej uppfyllt)."""
    done = on_time = late = 0
    for item in items:
        status = item.current_status(on)
        if status is ActivityStatus.CANCELLED:
            continue
        if status is ActivityStatus.DONE:
            done += 1
        elif status is ActivityStatus.DELAYED or (
            status is not ActivityStatus.POSTPONED and item.due is not None and item.due < on
        ):  # moved to a later report back (framflyttad) is not late, as `due` has it
            late += 1
        else:
            on_time += 1
    progress = ItemProgress(total=done + on_time + late, done=done, on_time=on_time, late=late)
    if progress.total == 0:
        return replace(result, items=progress)
    # In halves, exact: the goal's thresholds as in a roll-up.
    judged = _goal_status(2 * done + on_time, 2 * progress.total)
    return replace(result, status=judged, score=progress.score, items=progress)


def _forecast_counts(goals: list[GoalResult]) -> dict[GoalStatus, int] | None:
    """The goals' forecasts by status (a goal without one counts as not assessed);
    None when no goal has a forecast."""
    if all(g.forecast is None for g in goals):
        return None
    counts = Counter(GoalStatus.NOT_ASSESSED if g.forecast is None else g.forecast.status for g in goals)
    return {status: counts[status] for status in GoalStatus}


def _any_forecast(goal: GoalResult) -> bool:
    return any(i.forecast is not None for i in goal.indicators) or any(
        g.forecast is not None for g in goal.goals
    )


def _roll_up_forecast(goal: Goal, result: GoalResult) -> GoalForecast:
    """The goal's forecast: its children's forecasts (an indicator without one
    counts with its label: its year is over) rolled up as labels are."""
    indicators = tuple(
        i if i.forecast is None else replace(i, status=i.forecast.status, trend=_NO_TREND)
        for i in result.indicators
    )
    goals = tuple(g if g.forecast is None else replace(g, status=g.forecast.status) for g in result.goals)
    rolled = _roll_up(goal, indicators, goals)
    return GoalForecast(status=rolled.status, score=rolled.score, stated=goal.stated_forecast)


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
    Both years are checked as :func:`assess` checks its ``year``.
    """
    checked_year(year, "year")
    if plan_year is not None:
        checked_year(plan_year, "plan_year")
    merged = DEFAULT_RULES if rules is None else merge_rules((rules,))
    plan_rules = (merged, merge_arrow((rules,)), merge_missing_baseline((rules,)))
    return in_exact_context(_assess_indicator, indicator, year, rules, plan_year, plan_rules)


def _assess_indicator(
    indicator: Indicator,
    year: int,
    rules: Rules | None,
    plan_year: int | None,
    plan_rules: tuple[MergedRules, TrendArrow, MissingBaseline | None],
) -> IndicatorResult:
    # The hot path of every assessment (benchmarks/bench.py). ``plan_rules`` is
    # ``merge_rules((rules,))``, the plan's ``trendpil`` and its
    # ``saknat_ingångsvärde``, worked out once per plan. Runs in the exact
    # context (_fast.in_exact_context), as do _status and _trend.
    merged, arrow, missing_baseline = plan_rules
    if indicator.rules is None:
        method_rule, explicit_near, trend_rule = merged
    else:
        method_rule, explicit_near, trend_rule = merge_rules((rules, indicator.rules))
        arrow = indicator.rules.arrow or arrow
        missing_baseline = indicator.rules.missing_baseline or missing_baseline
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
    if baseline is None and missing_baseline is _PREVIOUS_OUTCOME and value_year is not None:
        # saknat_ingångsvärde: föregående_utfall. The latest numeric outcome
        # before the value's year stands in, as if the plan gave it.
        baseline = _outcome_before(indicator, value_year)
        if baseline is not None:
            notes.append(Note.BASELINE_FROM_OUTCOME)
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
            direction = MAINTAIN
            notes.append(MAINTAIN_INFERRED)
        else:
            direction = INCREASE if t > b else DECREASE
            notes.append(DIRECTION_INFERRED)

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
    elif (
        missing_baseline is _NOT_ASSESSED_BY_RULE
        and baseline is None
        and method_rule is PROGRESS
        and direction is not MAINTAIN
    ):  # saknat_ingångsvärde: ej_bedömd, where framsteg would fall back to måluppfyllelse
        reason = Reason.NO_BASELINE
    elif x is None:
        reason = Reason.NO_OUTCOME

    status = NOT_ASSESSED
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

    # On track for a target after the year, or for a riktning alone (_on_track.py).
    on_track: OnTrackResult | None = None
    if (direction is INCREASE or direction is DECREASE) and (
        (target_year is not None and target_year > year) if t is not None else value_year is not None
    ):
        on_track = _on_track(
            indicator, rules, (value, value_year), (target_value, target_year), direction, baseline=baseline
        )

    return make_indicator_result(
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
        shared_notes(notes) if notes else (),  # notes
        tuple(missing) if missing else (),  # missing
        indicator.stated_assessment,  # stated
        indicator.stated_trend,  # stated_trend
        arrow,  # arrow
        on_track,  # on_track
        None,  # value_period
        # (value_period is set for a period by _periods.at_period)
        None,  # forecast
    )


def _on_track(
    indicator: Indicator,
    rules: Rules | None,
    latest: tuple[float | None, int | None],
    target: tuple[float | None, int | None],
    direction: Direction,
    *,
    baseline: ValuePoint | None,
) -> OnTrackResult | None:
    """The on-track judgement from the starting point to the value: the
    ingångsvärde (``baseline``: the plan's, or the outcome standing in for it)
    when it has a year before the value's, else the earliest numeric outcome
    before it. None for a riktning alone without such a start (the method
    applies to it only with two points)."""
    value, value_year = latest
    start: float | None = None
    start_year: int | None = None
    if (
        baseline is not None
        and baseline.year is not None
        and value_year is not None
        and baseline.year < value_year
    ):
        start, start_year = baseline.value, baseline.year
    elif value_year is not None:
        earlier = [y for y, o in indicator.outcomes.items() if y < value_year and o.value is not None]
        if earlier:
            start_year = min(earlier)
            start = indicator.outcomes[start_year].value
    if start_year is None and target[0] is None:
        return None
    plan_layer = None if rules is None else rules.on_track
    own_layer = None if indicator.rules is None else indicator.rules.on_track
    thresholds = (
        DEFAULT_ON_TRACK
        if plan_layer is None and own_layer is None
        else on_track_thresholds(plan_layer, own_layer)
    )
    return judge(start, start_year, value, value_year, target[0], target[1], direction, thresholds)


def _outcome_before(indicator: Indicator, value_year: int) -> ValuePoint | None:
    """The latest numeric outcome before ``value_year`` as a starting value with its year."""
    earlier = [y for y, o in indicator.outcomes.items() if y < value_year and o.value is not None]
    if not earlier:
        return None
    year = max(earlier)
    value = indicator.outcomes[year].value
    assert value is not None
    return ValuePoint.model_construct(value=value, year=year, comment=None)


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
    increase = direction is INCREASE
    if t is None and direction is not MAINTAIN:
        # Only a direction: better than the start by more than the tolerance.
        assert b is not None
        gain = x - b if increase else b - x
        if gain > tol:
            return REACHED, None, None
        close = abs(gain) <= tol or (threshold is not None and _good_side(x, threshold, increase))
        return (CLOSE if close else FAR), None, None

    goal = t if t is not None else b
    assert goal is not None
    if direction is MAINTAIN:
        off = abs(x - goal)
        if off <= tol:
            return REACHED, None, None
        if threshold is not None and off <= abs(threshold - goal):
            return CLOSE, None, None
        return FAR, None, None

    reached = x >= goal if increase else x <= goal

    # Progress is reported for reached indicators too: it shows by how much.
    used: Method | None = method
    share: Decimal | None = None
    # share = part / whole, kept apart so that "share >= nära" is decided
    # exactly (part >= nära * whole), not on the rounded quotient.
    part = whole = _ZERO
    # Progress needs a start short of the target: a start already past it (a
    # ceiling such as "below 4 %" when sick leave is 1,18 %) has no way to go.
    if method is PROGRESS and b is not None and not (b >= goal if increase else b <= goal):
        part, whole = x - b, goal - b
        share = _divide(part, whole)
    else:
        if method is PROGRESS:
            notes.append(Note.FULFILMENT_FALLBACK)
        used = FULFILMENT
        if goal > 0 and x > 0:
            part, whole = (x, goal) if increase else (goal, x)
            share = _divide(part, whole)
        else:
            notes.append(Note.FULFILMENT_UNDEFINED)
            used = None
    if reached:
        return REACHED, used, share
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
    return (CLOSE if close else FAR), used, share


def _good_side(x: Decimal, mark: Decimal, increase: bool) -> bool:
    """At or past ``mark`` in the desired direction."""
    return x >= mark if increase else x <= mark


# What the explanation (_explain.py) reuses of the rules, so that it decides as they do.
good_side = _good_side
share_quotient = _divide


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
        basis is FROM_BASELINE
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
            if basis is FROM_BASELINE:
                notes.append(Note.TREND_FROM_PREVIOUS)
            used = FROM_PREVIOUS
    if reference is None:
        return _NO_TREND
    assert reference_value is not None

    delta = x - reference
    change = NO_CHANGE if abs(delta) <= tol else INCREASED if delta > 0 else DECREASED
    goal = t if t is not None else b
    if direction is None or (direction is MAINTAIN and goal is None):
        improvement = NO_IMPROVEMENT  # nothing says which way is better
    elif direction is MAINTAIN:
        assert goal is not None
        closer = abs(reference - goal) - abs(x - goal)
        improvement = NOT_BETTER_OR_WORSE if abs(closer) <= tol else IMPROVED if closer > 0 else WORSENED
    elif change is NO_CHANGE:
        improvement = NOT_BETTER_OR_WORSE
    else:
        up = change is INCREASED
        improvement = IMPROVED if up == (direction is INCREASE) else WORSENED
    return make_trend(
        change,  # direction
        improvement,  # improvement
        reference_value,  # reference
        reference_year,  # reference_year
        used,  # basis
    )


def roll_up(goal: Goal, indicators: tuple[IndicatorResult, ...], goals: tuple[GoalResult, ...]) -> GoalResult:
    """A goal's result from its children's: weighted mean score and trend."""
    return in_exact_context(_roll_up, goal, indicators, goals)


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
        status = _goal_status(part, whole)
    balance: Decimal | int = weighted_net + net if weighted_net else net
    improvement = NO_IMPROVEMENT
    if signed:
        improvement = IMPROVED if balance > 0 else WORSENED if balance < 0 else NOT_BETTER_OR_WORSE

    return make_goal_result(
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
        None,  # forecast
        None,  # items
        (),  # contributions
    )


def _goal_status(part: Decimal | int, whole: Decimal | int) -> GoalStatus:
    """A goal's status from its score, part / whole (whole > 0), compared exactly:
    all of it helt, half or more i hög grad, above 0 delvis, else ej uppfyllt."""
    if part == whole:
        return GoalStatus.FULLY
    if part * 2 >= whole:
        return GoalStatus.LARGELY
    return GoalStatus.PARTLY if part > 0 else GoalStatus.NOT_MET


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
