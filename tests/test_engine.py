"""The assessment rules for one indicator, example by example."""

from __future__ import annotations

import decimal
import gc
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import malstyrning
from conftest import make_indicator, plan_text
from malstyrning import (
    Change,
    Direction,
    Improvement,
    IndicatorStatus,
    Method,
    Note,
    Reason,
    Rules,
    TrendBasis,
)

REACHED, CLOSE, FAR, NOT_ASSESSED = (
    IndicatorStatus.REACHED,
    IndicatorStatus.CLOSE,
    IndicatorStatus.FAR,
    IndicatorStatus.NOT_ASSESSED,
)


def status(year: int = 2017, rules: Rules | None = None, **keys: object) -> IndicatorStatus:
    return malstyrning.assess_indicator(make_indicator(**keys), year=year, rules=rules).status


def test_value_is_latest_outcome_at_or_before_year() -> None:
    """The value comes from the latest outcome not after the assessed year, with its year."""
    ind = make_indicator(malvarde=200, ingangsvarde=100, utfall={2015: 120, 2016: 150, 2018: 210})
    result = malstyrning.assess_indicator(ind, year=2017)
    assert (result.value, result.value_year) == (150, 2016)


def test_missing_outcome_is_skipped_and_its_reason_carried() -> None:
    """A `saknas` entry falls back to the earlier value and keeps the reason."""
    ind = make_indicator(
        malvarde=0,
        ingangsvarde={"värde": 10, "år": 2014},
        utfall={2015: 10, 2016: 9, 2017: {"saknas": "Ingen statistik framtagen för året"}},
    )
    result = malstyrning.assess_indicator(ind, year=2017)
    assert result.value_year == 2016
    assert [(m.year, m.reason) for m in result.missing] == [(2017, "Ingen statistik framtagen för året")]
    assert Note.OUTCOME_MISSING in result.notes


def test_direction_is_inferred_from_baseline_to_target() -> None:
    """Target above the start means öka, below means minska, and the result says so."""
    up = malstyrning.assess_indicator(make_indicator(ingangsvarde=1, malvarde=5, utfall={2017: 2}), year=2017)
    down = malstyrning.assess_indicator(
        make_indicator(ingangsvarde=5, malvarde=1, utfall={2017: 2}), year=2017
    )
    assert (up.direction, down.direction) == (Direction.INCREASE, Direction.DECREASE)
    assert Note.DIRECTION_INFERRED in up.notes


def test_target_equal_to_baseline_means_maintain() -> None:
    """With målvärde equal to ingångsvärde and no riktning, the level is to be held."""
    result = malstyrning.assess_indicator(
        make_indicator(ingangsvarde=100, malvarde=100, utfall={2017: 100}), year=2017
    )
    assert result.direction is Direction.MAINTAIN
    assert result.status is REACHED
    assert Note.MAINTAIN_INFERRED in result.notes


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("öka", 200, REACHED),
        ("öka", 201, REACHED),
        ("öka", 199, CLOSE),
        ("minska", 100, REACHED),
        ("minska", 99, REACHED),
        ("minska", 101, CLOSE),
        ("minska", 190, FAR),
    ],
)
def test_reached_at_or_past_the_target(direction: str, value: float, expected: IndicatorStatus) -> None:
    """Reached means x ≥ T for öka and x ≤ T for minska (the target itself counts)."""
    target = 200 if direction == "öka" else 100
    baseline = 100 if direction == "öka" else 200
    assert (
        status(riktning=direction, ingangsvarde=baseline, malvarde=target, utfall={2017: value}) is expected
    )


def test_progress_method_close_at_half_way() -> None:
    """framsteg: close when at least half the way from start to target (default nära 0.5)."""
    assert status(ingangsvarde=100, malvarde=200, utfall={2017: 150}) is CLOSE
    assert status(ingangsvarde=100, malvarde=200, utfall={2017: 149}) is FAR
    result = malstyrning.assess_indicator(
        make_indicator(ingangsvarde=102, malvarde=200, utfall={2017: 158}), year=2017
    )
    assert result.method is Method.PROGRESS
    assert result.progress == pytest.approx(56 / 98)


def test_progress_threshold_is_exact_in_decimal() -> None:
    """0,1 → 0,3 with an outcome of 0,2 is exactly half way, so close (binary floats say 0.4999…)."""
    assert status(ingangsvarde=0.1, malvarde=0.3, utfall={2017: 0.2}) is CLOSE


def test_values_far_apart_in_size_are_compared_exactly() -> None:
    """Differences are exact however far apart the values are: Python's default
    28 digits would round 1e20 - (-1e-20) to 1e20, which is not past the tolerance."""
    assert status(ingangsvarde=-1e-20, riktning="öka", tolerans=1e20, utfall={2017: 1e20}) is REACHED


# bibehåll 1e20 within 1e20, at -1e-20: exactly 1e-20 past the tolerans.
FAR_PAST_THE_TOLERANCE = make_indicator(
    riktning="bibehåll",
    malvarde=1e20,
    tolerans=1e20,
    ingangsvarde={"värde": 1e20, "år": 2016},
    utfall={2017: -1e-20},
)


def test_distances_from_the_target_are_exact_too() -> None:
    """bibehåll measures |utfall - målvärde| against tolerans: 1e20 + 1e-20 is past
    a tolerans of 1e20, though 28 digits would round it onto the tolerans."""
    ind = FAR_PAST_THE_TOLERANCE
    result = malstyrning.assess_indicator(ind, year=2017)
    assert result.status is FAR
    assert (result.trend.direction, result.trend.improvement) == (Change.DECREASED, Improvement.WORSENED)


def test_a_share_past_the_float_range_saturates() -> None:
    """-1e12 against a målvärde of 5e-324 is a share of about -2e335: far, and
    reported as the most negative float, not -inf (JSON has no infinity)."""
    ind = make_indicator(ingangsvarde=0, malvarde=5e-324, riktning="öka", utfall={2017: -1e12})
    result = malstyrning.assess_indicator(ind, year=2017)
    assert (result.status, result.progress) == (FAR, -sys.float_info.max)
    plan = malstyrning.loads_plan(
        plan_text(
            "verksamhetsmått:\n"
            "  - {id: i, titel: I, riktning: öka, ingångsvärde: 0, målvärde: 5e-324, utfall: {2017: -1e12}}\n"
        )
    )
    text = malstyrning.to_json(malstyrning.assess(plan, year=2017))
    assert '"progress": -1.7976931348623157e+308' in text
    assert "Infinity" not in text


def test_near_is_decided_on_the_exact_share() -> None:
    """framsteg exactly at nära is close, a hair below is far, even where the
    rounded quotient would land on nära (share = 1/2 - 2.5e-41 here)."""
    rules = Rules.model_validate({"nära": 0.5})
    assert status(ingangsvarde=0, malvarde=3e20, utfall={2017: 1.5e20}, rules=rules) is CLOSE
    assert status(ingangsvarde=1e-40, malvarde=2, utfall={2017: 1}, rules=rules) is FAR


def test_fulfilment_method_close_at_eighty_percent() -> None:
    """måluppfyllelse: x/T for öka, T/x for minska, close from 0.8 by default."""
    rules = Rules.model_validate({"metod": "måluppfyllelse"})
    assert status(rules=rules, riktning="öka", malvarde=100, utfall={2017: 80}) is CLOSE
    assert status(rules=rules, riktning="öka", malvarde=100, utfall={2017: 79}) is FAR
    assert status(rules=rules, riktning="minska", malvarde=4, utfall={2017: 5}) is CLOSE
    assert status(rules=rules, riktning="minska", malvarde=4, utfall={2017: 5.1}) is FAR


def test_progress_without_baseline_falls_back_to_fulfilment() -> None:
    """framsteg needs a start value; without one the result says it used måluppfyllelse."""
    result = malstyrning.assess_indicator(
        make_indicator(riktning="öka", malvarde=100, utfall={2017: 85}), year=2017
    )
    assert result.status is CLOSE
    assert result.method is Method.FULFILMENT
    assert Note.FULFILMENT_FALLBACK in result.notes


def test_fulfilment_needs_positive_values() -> None:
    """Target 0 (e.g. no young people outside work and school) cannot be a share: far, with a note."""
    result = malstyrning.assess_indicator(
        make_indicator(riktning="minska", malvarde=0, utfall={2017: 3}), year=2017
    )
    assert result.status is FAR
    assert Note.FULFILMENT_UNDEFINED in result.notes


def test_explicit_threshold_decides_close() -> None:
    """gränsvärde overrides the method: close when on its good side."""
    keys: dict[str, Any] = {"riktning": "minska", "ingangsvarde": 10, "malvarde": 0, "gransvarde": 5}
    assert status(**keys, utfall={2017: 5}) is CLOSE
    assert status(**keys, utfall={2017: 5.5}) is FAR


def test_maintain_uses_tolerance_and_threshold() -> None:
    """bibehåll: reached within tolerans of the target, close only through gränsvärde."""
    keys: dict[str, Any] = {"riktning": "bibehåll", "malvarde": 95, "tolerans": 1}
    assert status(**keys, utfall={2017: 94}) is REACHED
    assert status(**keys, utfall={2017: 93}) is FAR
    assert status(**keys, gransvarde=92, utfall={2017: 93}) is CLOSE


def test_direction_only_target() -> None:
    """Only a riktning: reached when better than the start by more than tolerans."""
    keys: dict[str, Any] = {"riktning": "öka", "ingangsvarde": {"värde": 87, "år": 2016}, "tolerans": 1}
    assert status(**keys, utfall={2017: 89}) is REACHED
    assert status(**keys, utfall={2017: 88}) is CLOSE
    assert status(**keys, utfall={2017: 85}) is FAR


@pytest.mark.parametrize(
    ("keys", "reason"),
    [
        ({"utfall": {2017: 5}}, Reason.NO_TARGET),
        ({"malvarde": 5, "utfall": {2017: 5}}, Reason.NO_DIRECTION),
        ({"riktning": "öka", "utfall": {2017: 5}}, Reason.NO_BASELINE),
        ({"riktning": "öka", "malvarde": 5, "utfall": {2018: 5}}, Reason.NO_OUTCOME),
        (
            {"riktning": "öka", "malvarde": 5, "utfall": {2017: {"saknas": "Enkät vartannat år"}}},
            Reason.NO_OUTCOME,
        ),
    ],
)
def test_not_assessed_carries_the_reason(keys: dict[str, object], reason: Reason) -> None:
    """Whatever stops an assessment is named in the result."""
    result = malstyrning.assess_indicator(make_indicator(**keys), year=2017)
    assert result.status is NOT_ASSESSED
    assert result.reason is reason


def test_reason_is_set_exactly_when_not_assessed() -> None:
    """An assessed indicator has no reason."""
    result = malstyrning.assess_indicator(
        make_indicator(riktning="öka", malvarde=5, utfall={2017: 6}), year=2017
    )
    assert result.reason is None


def test_trend_against_baseline_direction_and_improvement() -> None:
    """Sick leave falling is a decrease *and* an improvement: two facts."""
    ind = make_indicator(
        riktning="minska",
        malvarde=4,
        ingangsvarde={"värde": 4.32, "år": 2016},
        utfall={2016: 4.32, 2017: 1.18},
    )
    trend = malstyrning.assess_indicator(ind, year=2017).trend
    assert (trend.direction, trend.improvement) == (Change.DECREASED, Improvement.IMPROVED)
    assert (trend.reference, trend.reference_year, trend.basis) == (4.32, 2016, TrendBasis.BASELINE)


def test_trend_falls_back_to_previous_when_baseline_not_earlier() -> None:
    """A start value from the same year as the outcome cannot show a trend; the previous outcome does."""
    ind = make_indicator(ingangsvarde={"värde": 158, "år": 2017}, malvarde=200, utfall={2016: 102, 2017: 158})
    result = malstyrning.assess_indicator(ind, year=2017)
    assert result.trend.basis is TrendBasis.PREVIOUS
    assert result.trend.reference_year == 2016
    assert result.trend.improvement is Improvement.IMPROVED
    assert Note.TREND_FROM_PREVIOUS in result.notes


def test_trend_against_previous_outcome_by_rule() -> None:
    """regler.trend: föregående compares with the previous outcome."""
    ind = make_indicator(
        ingangsvarde={"värde": 10, "år": 2014},
        malvarde=0,
        utfall={2016: 9, 2017: 9.5},
        regler={"trend": "föregående"},
    )
    trend = malstyrning.assess_indicator(ind, year=2017).trend
    assert (trend.direction, trend.improvement, trend.reference) == (
        Change.INCREASED,
        Improvement.WORSENED,
        9,
    )


def test_trend_within_tolerance_is_unchanged() -> None:
    """Changes within tolerans count as unchanged."""
    ind = make_indicator(riktning="öka", ingangsvarde=50, tolerans=0.5, utfall={2017: 50.5})
    trend = malstyrning.assess_indicator(ind, year=2017).trend
    assert (trend.direction, trend.improvement) == (Change.UNCHANGED, Improvement.UNCHANGED)


def test_trend_none_without_comparison() -> None:
    """A single outcome and no start value: no trend."""
    trend = malstyrning.assess_indicator(make_indicator(riktning="öka", utfall={2017: 1}), year=2017).trend
    assert (trend.direction, trend.improvement) == (Change.NONE, Improvement.NONE)


def test_indicator_rules_override_plan_rules() -> None:
    """regler on an indicator override the plan's; a new metod brings its own default nära."""
    plan_rules = Rules.model_validate({"metod": "måluppfyllelse", "nära": 0.9})
    ind = make_indicator(
        riktning="öka", ingangsvarde=0, malvarde=100, utfall={2017: 60}, regler={"metod": "framsteg"}
    )
    result = malstyrning.assess_indicator(ind, year=2017, rules=plan_rules)
    assert result.method is Method.PROGRESS
    assert result.status is CLOSE  # 0.6 ≥ framsteg's default 0.5; the plan's 0.9 was for måluppfyllelse
    assert malstyrning.effective_rules(plan_rules, ind.rules).near == 0.5
    only_near = Rules.model_validate({"nära": 0.7})
    assert malstyrning.effective_rules(plan_rules, only_near).near == 0.7


@pytest.mark.parametrize(
    ("own", "method", "near", "expected"),
    [
        (None, Method.PROGRESS, 0.6, FAR),
        ({"metod": "måluppfyllelse"}, Method.FULFILMENT, 0.8, FAR),
        ({"metod": "måluppfyllelse", "nära": 0.75}, Method.FULFILMENT, 0.75, CLOSE),
        ({"nära": 0.55}, Method.PROGRESS, 0.55, CLOSE),
        ({"metod": "framsteg"}, Method.PROGRESS, 0.6, FAR),
    ],
)
def test_rule_layers_merge_as_the_rules_table_says(
    own: dict[str, object] | None, method: Method, near: float, expected: IndicatorStatus
) -> None:
    """docs/assessment.md's table: under plan regler {nära: 0.6, trend: föregående}, a new
    metod resets nära, and a layer repeating the metod in effect keeps it."""
    plan_rules = Rules.model_validate({"nära": 0.6, "trend": "föregående"})
    keys: dict[str, object] = {"ingangsvarde": {"värde": 102, "år": 2016}, "malvarde": 200}
    ind = make_indicator(**keys, utfall={2016: 102, 2017: 158}, **({} if own is None else {"regler": own}))
    rules = malstyrning.effective_rules(plan_rules, ind.rules)
    assert rules == malstyrning.EffectiveRules(method, near, TrendBasis.PREVIOUS)
    assert malstyrning.assess_indicator(ind, year=2017, rules=plan_rules).status is expected


def test_fallback_to_fulfilment_uses_its_default_threshold() -> None:
    """framsteg without a start value falls back to måluppfyllelse with måluppfyllelse's 0.8."""
    ind = make_indicator(riktning="öka", malvarde=100, utfall={2017: 60})
    assert malstyrning.assess_indicator(ind, year=2017).status is FAR
    explicit = Rules.model_validate({"nära": 0.5})
    assert malstyrning.assess_indicator(ind, year=2017, rules=explicit).status is CLOSE


def test_threshold_applies_to_direction_only_targets() -> None:
    """gränsvärde makes a direction-only indicator close when on its good side."""
    keys: dict[str, Any] = {"riktning": "öka", "ingangsvarde": 68, "gransvarde": 60}
    assert status(**keys, utfall={2017: 65}) is CLOSE
    assert status(**keys, utfall={2017: 59}) is FAR


def test_effective_rules_defaults() -> None:
    """Defaults: framsteg with nära 0.5, måluppfyllelse with 0.8, trend against ingångsvärde."""
    assert malstyrning.effective_rules() == malstyrning.EffectiveRules(
        Method.PROGRESS, 0.5, TrendBasis.BASELINE
    )
    fulfil = malstyrning.effective_rules(Rules.model_validate({"metod": "måluppfyllelse"}))
    assert fulfil.near == 0.8


def test_target_year_defaults_to_plan_year() -> None:
    """A målvärde written as a bare number is for the plan's year."""
    result = malstyrning.assess_indicator(
        make_indicator(riktning="öka", malvarde=5, utfall={2017: 6}), year=2017, plan_year=2018
    )
    assert result.target_year == 2018


def test_engine_context_is_per_thread_and_the_callers_is_restored() -> None:
    """Threads whose own contexts have 5 digits get the engine's answers, and
    keep their 5 digits. (0 → 3 at 1 is a third: at 5 digits, 0.33333.)"""
    ind = make_indicator(ingangsvarde=0, malvarde=3, utfall={2017: 1})
    expected = malstyrning.assess_indicator(ind, year=2017)
    assert expected.progress == 1 / 3

    def in_a_thread() -> tuple[malstyrning.IndicatorResult, int]:
        decimal.getcontext().prec = 5
        return malstyrning.assess_indicator(ind, year=2017), decimal.getcontext().prec

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: in_a_thread(), range(8)))
    assert answers == [(expected, 5)] * 8


def test_code_that_runs_mid_call_cannot_change_later_results() -> None:
    """Each call computes in a fresh copy of the engine's context: a garbage
    collector callback (or a finaliser) that sets the precision of whatever
    context is current changes nothing after it."""
    ind = FAR_PAST_THE_TOLERANCE

    meddled: list[str] = []

    def meddle(phase: str, _info: dict[str, int]) -> None:
        decimal.getcontext().prec = 28
        meddled.append(phase)

    with decimal.localcontext():
        gc.callbacks.append(meddle)
        try:
            # Results kept, so that the collector runs, mostly mid-call.
            kept = [malstyrning.assess_indicator(ind, year=2017) for _ in range(20_000)]
        finally:
            gc.callbacks.remove(meddle)
    assert meddled
    assert {result.status for result in kept} == {FAR}
    assert malstyrning.assess_indicator(ind, year=2017).status is FAR
