"""Properties of the assessment engine that hold for every input (hypothesis)."""

from __future__ import annotations

import decimal
from typing import Any

import pydantic
from hypothesis import assume, given
from hypothesis import strategies as st

import malstyrning
from conftest import make_indicator
from malstyrning import Direction, Improvement, IndicatorStatus, Rules

RANK = {IndicatorStatus.FAR: 0, IndicatorStatus.CLOSE: 1, IndicatorStatus.REACHED: 2}
FLIP = {"öka": "minska", "minska": "öka"}

# Two-decimal values, as outcomes are written: exact in decimal, so the
# properties test the rules, not binary rounding.
values = st.integers(-100_000, 100_000).map(lambda n: n / 100)
positive = st.integers(1, 100_000).map(lambda n: n / 100)
methods = st.sampled_from([None, "framsteg", "måluppfyllelse"])
nears = st.one_of(st.none(), st.sampled_from([0.25, 0.5, 0.8, 1.0]))


def result(year: int = 2017, rules: Rules | None = None, **keys: Any) -> malstyrning.IndicatorResult:
    return malstyrning.assess_indicator(make_indicator(**keys), year=year, rules=rules)


def contradicts(direction: str | None, baseline: float | None, target: float | None) -> bool:
    """riktning against ingångsvärde → målvärde is a validation error, not an input to assess."""
    if baseline is None or target is None:
        return False
    return (direction == "öka" and target < baseline) or (direction == "minska" and target > baseline)


def rules_of(method: str | None, near: float | None) -> Rules:
    data: dict[str, Any] = {}
    if method:
        data["metod"] = method
    if near is not None:
        data["nära"] = near
    return Rules.model_validate(data)


@given(values, values, values, st.one_of(st.none(), values), nears)
def test_mirroring_values_and_direction_keeps_the_status(
    baseline: float, target: float, value: float, threshold: float | None, near: float | None
) -> None:
    """framsteg: negating every value and swapping öka/minska gives the same status."""
    assume(baseline != target)
    direction = "öka" if target > baseline else "minska"
    rules = rules_of("framsteg", near)
    extra: dict[str, Any] = {} if threshold is None else {"gransvarde": threshold}
    mirror_extra: dict[str, Any] = {} if threshold is None else {"gransvarde": -threshold}
    original = result(
        rules=rules, riktning=direction, ingangsvarde=baseline, malvarde=target, utfall={2017: value}, **extra
    )
    mirrored = result(
        rules=rules,
        riktning=FLIP[direction],
        ingangsvarde=-baseline,
        malvarde=-target,
        utfall={2017: -value},
        **mirror_extra,
    )
    assert original.status is mirrored.status


@given(values, values, values, st.integers(0, 100), methods, nears, st.one_of(st.none(), values))
def test_moving_toward_the_target_never_worsens_the_status(
    baseline: float,
    target: float,
    value: float,
    percent: int,
    method: str | None,
    near: float | None,
    threshold: float | None,
) -> None:
    """An outcome moved toward the target never gets a worse status (direction inferred)."""
    assume(baseline != target)
    moved = round(value + (target - value) * percent / 100, 2)
    extra: dict[str, Any] = {} if threshold is None else {"gransvarde": threshold}
    rules = rules_of(method, near)
    before = result(rules=rules, ingangsvarde=baseline, malvarde=target, utfall={2017: value}, **extra)
    after = result(rules=rules, ingangsvarde=baseline, malvarde=target, utfall={2017: moved}, **extra)
    assert RANK[after.status] >= RANK[before.status]


@given(values, values, st.one_of(st.none(), values), methods)
def test_maintain_moving_toward_the_target_never_worsens(
    target: float, value: float, tolerance: float | None, method: str | None
) -> None:
    """bibehåll: closer to the target is never worse."""
    tol = abs(tolerance or 0)
    moved = round((value + target) / 2, 2)
    keys: dict[str, Any] = {"riktning": "bibehåll", "malvarde": target, "tolerans": tol}
    before = result(rules=rules_of(method, None), utfall={2017: value}, **keys)
    after = result(rules=rules_of(method, None), utfall={2017: moved}, **keys)
    assert RANK[after.status] >= RANK[before.status]


@given(
    st.one_of(st.none(), values),
    values,
    values,
    st.sampled_from(["öka", "minska", "bibehåll"]),
    st.integers(0, 500).map(lambda n: n / 100),
    methods,
)
def test_reached_exactly_when_the_target_is_met(
    baseline: float | None, target: float, value: float, direction: str, tolerance: float, method: str | None
) -> None:
    """Reached ⇔ x ≥ T (öka), x ≤ T (minska), |x − T| ≤ tolerans (bibehåll)."""
    assume(not contradicts(direction, baseline, target))
    extra: dict[str, Any] = {} if baseline is None else {"ingangsvarde": baseline}
    outcome = result(
        rules=rules_of(method, None),
        riktning=direction,
        malvarde=target,
        tolerans=tolerance,
        utfall={2017: value},
        **extra,
    )
    met = {
        "öka": value >= target,
        "minska": value <= target,
        "bibehåll": round(abs(value - target), 2) <= tolerance,
    }[direction]
    assert (outcome.status is IndicatorStatus.REACHED) == met


@given(st.one_of(st.none(), values), st.one_of(st.none(), values), values, values)
def test_improvement_flips_with_the_direction(
    baseline: float | None, target: float | None, previous: float, value: float
) -> None:
    """Swapping öka and minska swaps improved and worsened; unchanged and none stay."""
    keys: dict[str, Any] = {"utfall": {2016: previous, 2017: value}}
    if baseline is not None:
        keys["ingangsvarde"] = {"värde": baseline, "år": 2015}
    if target is not None and (baseline is None or target == baseline):
        keys["malvarde"] = target  # a target on one side would contradict one of the two directions
    up = result(riktning="öka", **keys).trend
    down = result(riktning="minska", **keys).trend
    swap = {
        Improvement.IMPROVED: Improvement.WORSENED,
        Improvement.WORSENED: Improvement.IMPROVED,
        Improvement.UNCHANGED: Improvement.UNCHANGED,
        Improvement.NONE: Improvement.NONE,
    }
    assert up.direction is down.direction
    assert swap[up.improvement] is down.improvement


@given(
    st.one_of(st.none(), values),
    st.one_of(st.none(), values),
    st.dictionaries(st.integers(2010, 2020), st.one_of(values, st.just(None)), max_size=6),
    st.sampled_from([None, "öka", "minska", "bibehåll"]),
    st.integers(2010, 2021),
)
def test_every_indicator_gets_a_status_and_reason_only_when_not_assessed(
    baseline: float | None,
    target: float | None,
    outcomes: dict[int, float | None],
    direction: str | None,
    year: int,
) -> None:
    """Whatever the input, the engine answers; `reason` is set exactly for not_assessed."""
    assume(not contradicts(direction, baseline, target))
    keys: dict[str, Any] = {
        "utfall": {y: ({"saknas": "Ej mätt"} if v is None else v) for y, v in outcomes.items()}
    }
    if baseline is not None:
        keys["ingangsvarde"] = baseline
    if target is not None:
        keys["malvarde"] = target
    if direction is not None:
        keys["riktning"] = direction
    outcome = result(year=year, **keys)
    assert (outcome.reason is None) == (outcome.status is not IndicatorStatus.NOT_ASSESSED)
    if outcome.value_year is not None:
        assert outcome.value_year <= year
    if outcome.status is not IndicatorStatus.NOT_ASSESSED:
        assert outcome.direction in set(Direction)


# Floats of every size, so that differences need far more than 28 digits.
wide = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


@given(
    wide,
    wide,
    st.one_of(st.none(), wide),
    st.dictionaries(st.integers(2015, 2017), wide, min_size=1, max_size=3),
    st.one_of(st.none(), st.floats(min_value=0, max_value=1e300)),
    st.sampled_from([None, "öka", "minska", "bibehåll"]),
    methods,
    nears,
)
def test_the_callers_decimal_context_cannot_change_a_result(
    baseline: float,
    target: float,
    threshold: float | None,
    outcomes: dict[int, float],
    tolerance: float | None,
    direction: str | None,
    method: str | None,
    near: float | None,
) -> None:
    """The engine keeps its own decimal context: a program that lowered the
    precision, changed the rounding or trapped on inexact results gets the
    same answers, exact ones, as one that left decimal's defaults alone."""
    assume(not contradicts(direction, baseline, target))
    keys: dict[str, Any] = {"ingangsvarde": {"värde": baseline, "år": 2014}, "malvarde": target}
    keys.update(utfall=outcomes, riktning=direction, gransvarde=threshold, tolerans=tolerance)
    try:
        indicator = make_indicator(**{k: v for k, v in keys.items() if v is not None})
    except pydantic.ValidationError:
        assume(False)  # e.g. a gränsvärde on the wrong side of the target
    rules = rules_of(method, near)
    expected = malstyrning.assess_indicator(indicator, year=2017, rules=rules)
    goal = malstyrning.Goal.model_validate({"titel": "Mål", "vikt": 1})
    rolled_up = malstyrning.roll_up(goal, (expected, expected), ())
    hostile = decimal.Context(prec=3, rounding=decimal.ROUND_DOWN, traps=[decimal.Inexact, decimal.Rounded])
    with decimal.localcontext(hostile):
        assert malstyrning.assess_indicator(indicator, year=2017, rules=rules) == expected
        assert malstyrning.roll_up(goal, (expected, expected), ()) == rolled_up
    assert decimal.getcontext().prec == 28  # and the caller's context is back
