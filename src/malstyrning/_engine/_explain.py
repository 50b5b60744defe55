"""Why an indicator or a goal has its label: the steps, as codes and numbers.

:func:`explain` assesses the plan as :func:`~malstyrning.assess` does and then
walks through the decisions the engine took for one indicator or goal: the
value used and the ``saknas`` skipped, the starting value and the target, the
direction (given or inferred), which rule layer set each parameter, the branch
of the status rule and its arithmetic, the trend's reference and the on-track
judgement; for a goal, each child's score and weight and the weighted mean.
At a period within the year (``period=``): which period's value was used, or
why the label is set aside (no value this year yet, an ``ackumulerat`` count
so far); and wherever the result carries a year-end forecast, how it was made
(the year's outcome, a stated prognos, a value scaled or carried to the year's
end) and its judgement, with the same arithmetic as the label's; for a goal,
its children's forecasts weighed as labels are, and a stated angiven_prognos.

Only codes and numbers are kept here (the engine never writes prose); the
sentences are made in ``_report/_explain_text.py``, in the language asked for.

The results themselves (value, notes, trend, on track) are read from the
engine's :class:`IndicatorResult`. The one decision the result does not record
(which branch of ``_status`` decided, with which part and whole and which
``nära``) is worked out again here, with the engine's own helpers and in its
exact context, so the hot path records nothing; ``tests/test_explain.py``
checks with random indicators that the label reached here is the engine's.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from .._errors import InvalidArgumentError
from .._i18n import tr
from .._model import (
    Direction,
    GoalStatus,
    Indicator,
    IndicatorStatus,
    Labels,
    Method,
    Period,
    Plan,
    Rules,
    normal_id,
)
from ._assessment import DEFAULT_NEAR, assess, assess_indicator, good_side, share_quotient
from ._fast import in_exact_context
from ._on_track import DEFAULT_ON_TRACK, on_track_thresholds
from ._periods import year_view
from ._results import (
    Assessment,
    ForecastBasis,
    ForecastResult,
    GoalForecast,
    GoalResult,
    Improvement,
    IndicatorResult,
    Note,
    Reason,
)

__all__ = ["Explanation", "ExplanationStep", "Fact", "RuleLayer", "StepKind", "explain", "explain_assessed"]

Fact = float | int | str | bool | None


class RuleLayer(StrEnum):
    """Where a rule parameter was set."""

    PLAN = "plan"  # the plan's regler
    INDICATOR = "indicator"  # the indicator's own regler
    DEFAULT = "default"  # no layer: the default


class StepKind(StrEnum):
    """What one step of an explanation says."""

    RULE = "rule"  # a rule parameter, its value and the layer that set it
    VALUE = "value"  # the value used: the latest numeric outcome at or before the year
    MISSING = "missing"  # an outcome marked saknas, skipped
    NO_VALUE = "no_value"  # no numeric outcome at or before the year
    BASELINE = "baseline"  # the starting value (ingångsvärde)
    BASELINE_AFTER_VALUE = "baseline_after_value"  # the starting value is later than the value: not used
    TARGET = "target"  # the target (målvärde)
    DIRECTION = "direction"  # the desired direction, given or inferred
    NOT_ASSESSED = "not_assessed"  # why the indicator could not be assessed
    DIRECTION_ONLY = "direction_only"  # only a direction: gain against the tolerance
    MAINTAIN = "maintain"  # bibehåll: distance to the goal against the tolerance
    PROGRESS = "progress"  # framsteg = (x − b) / (t − b)
    FULFILMENT = "fulfilment"  # måluppfyllelse = x / t (öka) or t / x (minska)
    FULFILMENT_UNDEFINED = "fulfilment_undefined"  # måluppfyllelse needs positive values
    REACHED = "reached"  # the value is at or past the target
    THRESHOLD = "threshold"  # gränsvärde decides Nära värde instead of nära
    NEAR = "near"  # the share against nära
    TREND = "trend"  # the trend: reference, change, improvement
    NO_TREND = "no_trend"  # nothing earlier to compare with
    ON_TRACK = "on_track"  # the SDG on-track judgement
    CHILD = "child"  # a goal's child: its label, score and weight
    MEAN = "mean"  # a goal's weighted mean and the label it maps to
    GOAL_TREND = "goal_trend"  # a goal's trend: the weighted balance of its children's
    RESULT = "result"  # the label
    # At a period within the year, and the year-end forecast:
    NO_VALUE_YET = "no_value_yet"  # no value this year at the period's end: the latest shown, not judged
    PARTIAL_YEAR = "partial_year"  # an ackumulerat count so far this year: set aside, its forecast judged
    FORECAST = "forecast"  # the forecast's value and how it was made (outcome, stated, scaled, carried)
    NO_FORECAST = "no_forecast"  # no forecast: none stated and no value this year to make one from
    GOAL_FORECAST = "goal_forecast"  # a goal's forecast: its children's forecasts weighed
    FORECAST_CHILD = "forecast_child"  # a goal's child: its forecast (or label), score, weight
    STATED_FORECAST = "stated_forecast"  # a goal's stated forecast (angiven_prognos) beside the computed one
    FORECAST_RESULT = "forecast_result"  # the forecast's label


@dataclass(frozen=True, slots=True)
class ExplanationStep:
    """One step: what it is (``kind``) and the numbers and codes it used (``facts``)."""

    kind: StepKind
    facts: Mapping[str, Fact]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Every step that produced an indicator's or a goal's label, in order."""

    id: str
    title: str
    item: str  # "indicator" or "goal"
    year: int  # the assessed year
    status: str  # the label's code (IndicatorStatus or GoalStatus)
    steps: tuple[ExplanationStep, ...]
    labels: Labels | None = None  # the plan's own label words (etiketter), for the text
    period: str | None = None  # the period assessed ("2016-T2", or "2016"), when one was asked for
    forecast_status: str | None = None  # the year-end forecast's label code, when there is a forecast


def _step(kind: StepKind, **facts: Fact) -> ExplanationStep:
    return ExplanationStep(kind, MappingProxyType(facts))


def explain(
    plan: Plan, item_id: str, *, year: int | None = None, period: Period | str | int | None = None
) -> Explanation:
    """Explain the labels of the indicator or goal ``item_id`` of ``plan`` for
    ``year``, or at the end of ``period``.

    ``year`` and ``period`` are taken as :func:`assess` takes them (``year``
    defaults to :func:`latest_year`; give one, not both). Raises
    :class:`InvalidArgumentError` for an id the plan does not have (with the
    plan's closest ids).
    """
    return explain_assessed(plan, assess(plan, year=year, period=period), item_id)


def explain_assessed(plan: Plan, result: Assessment, item_id: str) -> Explanation:
    """Explain the indicator or goal ``item_id`` of ``plan`` as ``result`` (the
    plan's assessment, as :func:`assess` or :func:`assess_kommun` gave it) judged
    it: what :func:`explain` does without assessing the plan again, so that many
    items are explained at the cost of one assessment, and a goal of a kommun
    with the goals serving it (``bidrar_till``) counted. Raises
    :class:`InvalidArgumentError` for an id the plan does not have.
    """
    assessed = result.year
    at = None if result.period is None else Period.parse(result.period)
    during = at if at is not None and not at.whole_year else None
    wanted = normal_id(item_id)
    explained: Explanation | None = None
    for indicator in plan.indicators():
        if indicator.id == wanted:
            found = next(i for i in [*result.indicators(), *result.measures] if i.id == wanted)
            # A whole year is assessed as a period too for an indicator with values for its periods.
            own = during
            if own is None and any(
                p.year == assessed and o.value is not None for p, o in indicator.period_outcomes.items()
            ):
                own = Period.whole(assessed)
            explained = in_exact_context(_explain_indicator, indicator, found, plan, assessed, own)
            break
    else:
        for goal in result.goals():
            if goal.id == wanted:
                explained = in_exact_context(_explain_goal, goal, assessed, during)
                break
    if explained is None:
        raise _unknown(plan, wanted)
    return replace(explained, labels=result.labels, period=result.period)


def _unknown(plan: Plan, wanted: str) -> InvalidArgumentError:
    ids = [i.id for i in plan.indicators()] + [g.id for g in plan.goals() if g.id]
    near = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
    if near:
        hint = tr("did you mean {ids}?", "menade du {ids}?", ids=", ".join(repr(i) for i in near))
    elif ids:
        shown = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
        hint = tr("the plan's ids are: {ids}", "planens id är: {ids}", ids=shown)
    else:
        hint = tr("the plan has no indicators or goals", "planen har inga indikatorer eller mål")
    return InvalidArgumentError(
        tr(
            "no indicator or goal with id {id!r}; {hint}",
            "ingen indikator eller inget mål har id {id!r}; {hint}",
            id=wanted,
            hint=hint,
        )
    )


def rule_sources(plan_rules: Rules | None, own: Rules | None) -> tuple[tuple[str, Fact, RuleLayer], ...]:
    """Each rule parameter (metod, nära, trend, trendpil), its value and the
    layer that set it, merged as :func:`~malstyrning.effective_rules` merges:
    a layer that changes ``metod`` without ``nära`` resets ``nära`` to the
    method's default. ``nära`` is None where no layer set it (then the
    method's default applies: :data:`DEFAULT_NEAR`)."""
    method, method_from = Method.PROGRESS, RuleLayer.DEFAULT
    near: float | None = None
    near_from = RuleLayer.DEFAULT
    trend, trend_from = "baseline", RuleLayer.DEFAULT
    arrow, arrow_from = "direction", RuleLayer.DEFAULT
    for layer, where in ((plan_rules, RuleLayer.PLAN), (own, RuleLayer.INDICATOR)):
        if layer is None:
            continue
        if layer.method is not None:
            if layer.method is not method:
                near, near_from = None, RuleLayer.DEFAULT
            method, method_from = layer.method, where
        if layer.near is not None:
            near, near_from = layer.near, where
        if layer.trend is not None:
            trend, trend_from = layer.trend.value, where
        if layer.arrow is not None:
            arrow, arrow_from = layer.arrow.value, where
    return (
        ("method", method.value, method_from),
        ("near", near, near_from),
        ("trend", trend, trend_from),
        ("arrow", arrow, arrow_from),
    )


def _explain_indicator(
    indicator: Indicator, result: IndicatorResult, plan: Plan, year: int, at: Period | None
) -> Explanation:
    """``at``: the period within the year assessed at (None: the whole year)."""
    plan_rules = plan.rules
    steps: list[ExplanationStep] = []
    sources = rule_sources(plan_rules, indicator.rules)
    for name, value, where in sources:
        steps.append(_step(StepKind.RULE, rule=name, value=value, layer=where.value))
    method_rule = Method(str(sources[0][1]))
    explicit_near = sources[1][1]
    near_from = sources[1][2]
    plan_on_track = plan_rules.on_track
    own_on_track = None if indicator.rules is None else indicator.rules.on_track
    if own_on_track is not None or plan_on_track is not None:
        layer = RuleLayer.INDICATOR if own_on_track is not None else RuleLayer.PLAN
        steps.append(_step(StepKind.RULE, rule="on_track", value=None, layer=layer.value))
    # saknat_ingångsvärde: shown only where a layer sets it (without it, as ever).
    own_missing = None if indicator.rules is None else indicator.rules.missing_baseline
    missing_baseline = own_missing or plan_rules.missing_baseline
    if missing_baseline is not None:
        layer = RuleLayer.INDICATOR if own_missing is not None else RuleLayer.PLAN
        steps.append(
            _step(StepKind.RULE, rule="missing_baseline", value=missing_baseline.value, layer=layer.value)
        )

    # The value, and the saknas skipped on the way to it.
    for missing in result.missing:
        steps.append(_step(StepKind.MISSING, year=missing.year, reason=missing.reason, period=missing.period))
    x: Decimal | None = None
    if result.reason is Reason.NO_VALUE_YET:
        # Nothing this year up to the period's end: the latest earlier value is shown, not judged.
        assert at is not None
        steps.append(
            _step(
                StepKind.NO_VALUE_YET,
                year=year,
                at=str(at),
                value=result.value,
                value_year=result.value_year,
                unit=result.unit,
            )
        )
    elif result.value is None or result.value_year is None:
        steps.append(_step(StepKind.NO_VALUE, assessed_year=year))
    else:
        x = Decimal(repr(result.value))
        steps.append(
            _step(
                StepKind.VALUE,
                value=result.value,
                year=result.value_year,
                assessed_year=year,
                unit=result.unit,
                period=result.value_period,
                at=None if at is None else str(at),
            )
        )

    b = None if result.baseline is None else Decimal(repr(result.baseline))
    start = b
    if result.baseline is not None:
        steps.append(
            _step(
                StepKind.BASELINE,
                value=result.baseline,
                year=result.baseline_year,
                from_outcome=Note.BASELINE_FROM_OUTCOME in result.notes,
            )
        )
        if Note.BASELINE_AFTER_VALUE in result.notes:
            start = None
            steps.append(
                _step(StepKind.BASELINE_AFTER_VALUE, year=result.baseline_year, value_year=result.value_year)
            )
    t = None if result.target is None else Decimal(repr(result.target))
    if result.target is not None:
        steps.append(
            _step(
                StepKind.TARGET,
                value=result.target,
                year=result.target_year,
                from_plan_year=indicator.target is not None and indicator.target.year is None,
            )
        )
    direction = result.direction
    if direction is not None:
        inferred = Note.DIRECTION_INFERRED in result.notes or Note.MAINTAIN_INFERRED in result.notes
        steps.append(
            _step(
                StepKind.DIRECTION,
                direction=direction.value,
                inferred=inferred,
                baseline=result.baseline if inferred else None,
                target=result.target if inferred else None,
            )
        )

    status: IndicatorStatus
    if result.reason is Reason.PARTIAL_YEAR:
        # A count so far this year: neither judged against the year's target nor given a trend.
        assert result.value_period is not None
        steps.append(
            _step(
                StepKind.PARTIAL_YEAR,
                value=result.value,
                period=result.value_period,
                months=Period.parse(result.value_period).end_month,
                target=result.target,
                unit=result.unit,
            )
        )
        status = IndicatorStatus.NOT_ASSESSED
    elif result.reason is Reason.NO_VALUE_YET:
        status = IndicatorStatus.NOT_ASSESSED  # said with the value
    elif result.reason is not None:
        # ej_bedömd: a målvärde that framsteg would otherwise have judged by måluppfyllelse.
        by_rule = result.reason is Reason.NO_BASELINE and result.target is not None
        steps.append(_step(StepKind.NOT_ASSESSED, reason=result.reason.value, by_rule=by_rule))
        status = IndicatorStatus.NOT_ASSESSED
    else:
        assert x is not None
        assert direction is not None
        near = None if explicit_near is None else Decimal(repr(explicit_near))
        status = _status_steps(
            steps,
            x,
            start,
            t,
            direction,
            indicator,
            method_rule,
            near,
            near_from,
        )

    trend = result.trend
    if result.reason is Reason.PARTIAL_YEAR:
        pass  # no trend for a count so far this year: said with it
    elif trend.reference is None:
        steps.append(_step(StepKind.NO_TREND))
    else:
        steps.append(
            _step(
                StepKind.TREND,
                reference=trend.reference,
                reference_year=trend.reference_year,
                basis=None if trend.basis is None else trend.basis.value,
                fallback=Note.TREND_FROM_PREVIOUS in result.notes,
                no_baseline=result.baseline is None,
                value=result.value,
                change=trend.direction.value,
                improvement=trend.improvement.value,
                tolerance=indicator.tolerance or 0,
            )
        )

    found = result.on_track
    if found is not None:
        thresholds = (
            DEFAULT_ON_TRACK
            if plan_on_track is None and own_on_track is None
            else on_track_thresholds(plan_on_track, own_on_track)
        )
        with_target = found.target is not None
        steps.append(
            _step(
                StepKind.ON_TRACK,
                status=found.status.value,
                reason=None if found.reason is None else found.reason.value,
                from_value=found.from_value,
                from_year=found.from_year,
                to_value=found.to_value,
                to_year=found.to_year,
                target=found.target,
                target_year=found.target_year,
                growth=found.growth,
                # Without a target the grade is of the growth the desired way: minska's falls.
                desired_growth=(
                    None
                    if found.growth is None
                    else -found.growth
                    if result.direction is Direction.DECREASE
                    else found.growth
                ),
                required=found.required,
                ratio=found.ratio,
                on_track=thresholds.ratio_on_track if with_target else thresholds.growth_on_track,
                accelerate=thresholds.ratio_accelerate if with_target else thresholds.growth_accelerate,
                progress=thresholds.ratio_progress if with_target else thresholds.growth_progress,
            )
        )

    steps.append(_step(StepKind.RESULT, status=status.value))
    forecast_status = None
    if result.forecast is not None:
        forecast_status = _forecast_steps(steps, indicator, result.forecast, plan, year, at, sources)
    return Explanation(
        id=result.id,
        title=result.title,
        item="indicator",
        year=year,
        status=status.value,
        steps=tuple(steps),
        forecast_status=None if forecast_status is None else forecast_status.value,
    )


def _forecast_steps(  # noqa: PLR0917 (what the forecast's judgement needs)
    steps: list[ExplanationStep],
    indicator: Indicator,
    forecast: ForecastResult,
    plan: Plan,
    year: int,
    at: Period | None,
    sources: tuple[tuple[str, Fact, RuleLayer], ...],
) -> IndicatorStatus:
    """The forecast as steps: how it was made, then its judgement by the year's
    rules (the same steps as the label's); its label."""
    when = None if at is None else str(at)
    value = forecast.value
    if value is None or forecast.basis is None:
        steps.append(_step(StepKind.NO_FORECAST, year=year, at=when))
        steps.append(
            _step(StepKind.FORECAST_RESULT, status=forecast.status.value, reason=_code(forecast.reason))
        )
        return forecast.status
    latest: float | None = None
    months: int | None = None
    if forecast.basis in {ForecastBasis.SCALED, ForecastBasis.CARRIED}:
        assert forecast.period is not None
        source = Period.parse(forecast.period)
        latest = indicator.period_outcomes[source].value
        months = source.end_month
    steps.append(
        _step(
            StepKind.FORECAST,
            basis=forecast.basis.value,
            value=value,
            year=year,
            at=when,
            source=forecast.period,
            latest=latest,
            months=months,
            comment=forecast.comment,
            unit=indicator.unit,
        )
    )
    # Judged as the engine judges it: the year's rules on the forecast as the year's outcome.
    judged = assess_indicator(
        year_view(indicator, year, value), year=year, rules=plan.rules, plan_year=plan.year
    )
    status: IndicatorStatus
    if judged.reason is not None:
        steps.append(_step(StepKind.NOT_ASSESSED, reason=judged.reason.value))
        status = IndicatorStatus.NOT_ASSESSED
    else:
        assert judged.direction is not None
        start = None if judged.baseline is None else Decimal(repr(judged.baseline))
        if Note.BASELINE_AFTER_VALUE in judged.notes:
            start = None
            steps.append(_step(StepKind.BASELINE_AFTER_VALUE, year=judged.baseline_year, value_year=year))
        explicit_near = sources[1][1]
        status = _status_steps(
            steps,
            Decimal(repr(value)),
            start,
            None if judged.target is None else Decimal(repr(judged.target)),
            judged.direction,
            indicator,
            Method(str(sources[0][1])),
            None if explicit_near is None else Decimal(repr(explicit_near)),
            sources[1][2],
        )
    steps.append(_step(StepKind.FORECAST_RESULT, status=status.value, reason=_code(judged.reason)))
    return status


def _code(reason: Reason | None) -> str | None:
    return None if reason is None else reason.value


def _status_steps(  # noqa: PLR0917 (the engine's _status, step by step)
    steps: list[ExplanationStep],
    x: Decimal,
    b: Decimal | None,
    t: Decimal | None,
    direction: Direction,
    indicator: Indicator,
    method: Method,
    explicit_near: Decimal | None,
    near_from: RuleLayer,
) -> IndicatorStatus:
    """The branch of the engine's ``_status`` that decides, as steps; its label."""
    increase = direction is Direction.INCREASE
    tol = Decimal(repr(indicator.tolerance)) if indicator.tolerance else Decimal(0)
    threshold = None if indicator.threshold is None else Decimal(repr(indicator.threshold))
    if t is None and direction is not Direction.MAINTAIN:
        assert b is not None
        gain = x - b if increase else b - x
        if gain > tol:
            status = IndicatorStatus.REACHED
        elif abs(gain) <= tol or (threshold is not None and good_side(x, threshold, increase)):
            status = IndicatorStatus.CLOSE
        else:
            status = IndicatorStatus.FAR
        steps.append(
            _step(
                StepKind.DIRECTION_ONLY,
                value=float(x),
                baseline=float(b),
                gain=float(gain),
                tolerance=float(tol),
                threshold=indicator.threshold,
                increase=increase,
                status=status.value,
            )
        )
        return status

    goal = t if t is not None else b
    assert goal is not None
    if direction is Direction.MAINTAIN:
        off = abs(x - goal)
        if off <= tol:
            status = IndicatorStatus.REACHED
        elif threshold is not None and off <= abs(threshold - goal):
            status = IndicatorStatus.CLOSE
        else:
            status = IndicatorStatus.FAR
        steps.append(
            _step(
                StepKind.MAINTAIN,
                value=float(x),
                goal=float(goal),
                off=float(off),
                tolerance=float(tol),
                threshold=indicator.threshold,
                status=status.value,
            )
        )
        return status

    reached = x >= goal if increase else x <= goal
    share: Decimal | None = None
    part = whole = Decimal(0)
    used: Method | None
    if method is Method.PROGRESS and b is not None and not (b >= goal if increase else b <= goal):
        used = Method.PROGRESS
        part, whole = x - b, goal - b
        share = share_quotient(part, whole)
        steps.append(
            _step(
                StepKind.PROGRESS,
                value=float(x),
                baseline=float(b),
                target=float(goal),
                share=float(share),
            )
        )
    else:
        # The fallback's cause: no starting value, one already at or past the target.
        fallback = None
        if method is Method.PROGRESS:
            fallback = "no_baseline" if b is None else "start_past_target"
        used = Method.FULFILMENT
        if goal > 0 and x > 0:
            part, whole = (x, goal) if increase else (goal, x)
            share = share_quotient(part, whole)
            steps.append(
                _step(
                    StepKind.FULFILMENT,
                    value=float(x),
                    target=float(goal),
                    increase=increase,
                    share=float(share),
                    fallback=fallback,
                )
            )
        else:
            used = None
            steps.append(
                _step(StepKind.FULFILMENT_UNDEFINED, value=float(x), target=float(goal), fallback=fallback)
            )
    if reached:
        steps.append(_step(StepKind.REACHED, value=float(x), target=float(goal), increase=increase))
        return IndicatorStatus.REACHED
    if threshold is not None:
        close = good_side(x, threshold, increase)
        status = IndicatorStatus.CLOSE if close else IndicatorStatus.FAR
        steps.append(
            _step(
                StepKind.THRESHOLD,
                value=float(x),
                threshold=float(threshold),
                increase=increase,
                status=status.value,
            )
        )
        return status
    near = explicit_near if explicit_near is not None else Decimal(repr(DEFAULT_NEAR[used or method]))
    layer = near_from if explicit_near is not None else RuleLayer.DEFAULT
    if share is None:
        close = False
    else:
        mark = near * whole
        close = part >= mark if whole > 0 else part <= mark
    status = IndicatorStatus.CLOSE if close else IndicatorStatus.FAR
    steps.append(
        _step(
            StepKind.NEAR,
            method=(used or method).value,
            share=None if share is None else float(share),
            near=float(near),
            layer=layer.value,
            default=explicit_near is None,
            status=status.value,
        )
    )
    return status


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


def _explain_goal(goal: GoalResult, year: int, at: Period | None) -> Explanation:
    steps: list[ExplanationStep] = []
    balance = Fraction(0)
    signed = False
    children: list[tuple[str, str, str, Fraction | None, float, Improvement]] = [
        ("indicator", i.id, i.status.value, _INDICATOR_SCORE.get(i.status), i.weight, i.trend.improvement)
        for i in goal.indicators
    ]
    children += [
        ("goal", g.id, g.status.value, _GOAL_SCORE.get(g.status), g.weight, g.improvement) for g in goal.goals
    ]
    # In a kommun: other plans' goals serving this one, counted as its sub-goals, with the link's weight.
    children += [
        (
            "goal",
            f"{c.plan}:{c.goal.id}",
            c.goal.status.value,
            _GOAL_SCORE.get(c.goal.status),
            c.weight,
            c.goal.improvement,
        )
        for c in goal.contributions
    ]
    for item, ident, status, score, weight, improvement in children:
        w = Fraction(repr(weight))
        sign = _SIGN.get(improvement)
        if sign is not None and w > 0:
            balance += w * sign
            signed = True
        steps.append(
            _step(
                StepKind.CHILD,
                item=item,
                id=ident,
                status=status,
                score=None if score is None else float(score),
                weight=weight,
                counted=score is not None and w > 0,
                improvement=improvement.value,
            )
        )
    status = _mean_step(steps, [(score, weight) for _, _, _, score, weight, _ in children])
    improvement = Improvement.NONE
    if signed:
        improvement = (
            Improvement.IMPROVED
            if balance > 0
            else Improvement.WORSENED
            if balance < 0
            else Improvement.UNCHANGED
        )
    steps.append(
        _step(StepKind.GOAL_TREND, balance=float(balance), improvement=improvement.value, signed=signed)
    )
    steps.append(_step(StepKind.RESULT, status=status.value))
    forecast_status = None
    if goal.forecast is not None:
        forecast_status = _goal_forecast_steps(steps, goal, goal.forecast, year, at)
    return Explanation(
        id=goal.id,
        title=goal.title,
        item="goal",
        year=year,
        status=status.value,
        steps=tuple(steps),
        forecast_status=None if forecast_status is None else forecast_status.value,
    )


def _goal_forecast_steps(
    steps: list[ExplanationStep], goal: GoalResult, forecast: GoalForecast, year: int, at: Period | None
) -> GoalStatus:
    """A goal's forecast as steps: each child's forecast (an indicator without
    one counts with its label: its year is over), the weighted mean, and a
    stated forecast beside it; its label."""
    steps.append(_step(StepKind.GOAL_FORECAST, year=year, at=None if at is None else str(at)))
    scored: list[tuple[Fraction | None, float]] = []
    children: list[tuple[str, str, str, Fraction | None, float, bool]] = []
    for i in goal.indicators:
        label = i.status if i.forecast is None else i.forecast.status
        children.append(
            ("indicator", i.id, label.value, _INDICATOR_SCORE.get(label), i.weight, i.forecast is not None)
        )
    for g in goal.goals:
        found = g.status if g.forecast is None else g.forecast.status
        children.append(("goal", g.id, found.value, _GOAL_SCORE.get(found), g.weight, g.forecast is not None))
    for item, ident, code, score, weight, from_forecast in children:
        scored.append((score, weight))
        steps.append(
            _step(
                StepKind.FORECAST_CHILD,
                item=item,
                id=ident,
                status=code,
                score=None if score is None else float(score),
                weight=weight,
                counted=score is not None and Fraction(repr(weight)) > 0,
                from_forecast=from_forecast,
            )
        )
    status = _mean_step(steps, scored)
    if forecast.stated is not None:
        steps.append(
            _step(
                StepKind.STATED_FORECAST,
                stated=forecast.stated.value,
                status=status.value,
                agrees=forecast.stated is status,
            )
        )
    steps.append(_step(StepKind.FORECAST_RESULT, status=status.value, reason=None))
    return status


def _mean_step(steps: list[ExplanationStep], children: list[tuple[Fraction | None, float]]) -> GoalStatus:
    """The weighted mean of the children's scores (exact), as a step; the goal label it maps to."""
    weighted = Fraction(0)
    total = Fraction(0)
    for score, weight in children:
        w = Fraction(repr(weight))
        if score is not None and w > 0:
            weighted += w * score
            total += w
    status = GoalStatus.NOT_ASSESSED
    mean: Fraction | None = None
    if total:
        mean = weighted / total
        status = (
            GoalStatus.FULLY
            if mean == 1
            else GoalStatus.LARGELY
            if mean * 2 >= 1
            else GoalStatus.PARTLY
            if mean > 0
            else GoalStatus.NOT_MET
        )
    steps.append(
        _step(
            StepKind.MEAN,
            weighted=float(weighted),
            total=float(total),
            mean=None if mean is None else float(mean),
            status=status.value,
        )
    )
    return status
