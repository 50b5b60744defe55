"""assess_series: many series at once, with exactly the engine's answers."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from dataclasses import fields
from decimal import Decimal
from enum import StrEnum
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import malstyrning
from malstyrning import Direction, Rules
from malstyrning._engine import _batch as batch_module
from malstyrning._engine import merge_missing_baseline, merge_rules
from malstyrning._engine._batch import NO_YEAR, SeriesAssessment, assess_series
from malstyrning._model._plan import swedish_word

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

np = pytest.importorskip("numpy")

YEARS = list(range(2014, 2021))
CODES = ("status", "method", "reason", "direction", "change", "improvement", "basis")


# -- the engine, one series at a time ------------------------------------------


def indicator(
    values: list[float],
    *,
    baseline: float | None = None,
    baseline_year: int | None = None,
    target: float | None = None,
    direction: str | None = None,
    threshold: float | None = None,
    tolerance: float = 0.0,
    years: list[int] = YEARS,
) -> malstyrning.Indicator:
    """The plan indicator a row of a batch stands for, written with the Swedish keys."""
    data: dict[str, Any] = {
        "id": "i",
        "titel": "Indikator",
        "tolerans": tolerance,
        "utfall": {y: v for y, v in zip(years, values, strict=True) if not math.isnan(v)},
    }
    if baseline is not None:
        data["ingångsvärde"] = {"värde": baseline} | ({"år": baseline_year} if baseline_year else {})
    if target is not None:
        data["målvärde"] = target
    if direction:
        data["riktning"] = direction
    if threshold is not None:
        data["gränsvärde"] = threshold
    return malstyrning.Indicator.model_validate(data)


def engine_row(result: malstyrning.IndicatorResult) -> dict[str, Any]:
    """An engine result in the batch's encoding: "" for None codes, NaN, NO_YEAR."""
    trend = result.trend
    return {
        "status": result.status.value,
        "method": result.method.value if result.method else "",
        "reason": result.reason.value if result.reason else "",
        "direction": result.direction.value if result.direction else "",
        "change": trend.direction.value,
        "improvement": trend.improvement.value,
        "basis": trend.basis.value if trend.basis else "",
        "value_year": result.value_year or NO_YEAR,
        "reference_year": trend.reference_year or NO_YEAR,
        "value": math.nan if result.value is None else result.value,
        "reference": math.nan if trend.reference is None else trend.reference,
        "progress": math.nan if result.progress is None else result.progress,
    }


def batch_row(series: SeriesAssessment, i: int) -> dict[str, Any]:
    row: dict[str, Any] = {name: str(getattr(series, name)[i]) for name in CODES}
    for name in ("value_year", "reference_year"):
        row[name] = int(getattr(series, name)[i])
    for name in ("value", "reference", "progress"):
        row[name] = float(getattr(series, name)[i])
    return row


def assert_same(got: dict[str, Any], expected: dict[str, Any], where: object) -> None:
    """Codes and years equal, value and reference exactly, progress within 1e-12 relative."""
    for name in (*CODES, "value_year", "reference_year"):
        assert got[name] == expected[name], (name, where, got, expected)
    for name in ("value", "reference"):
        assert got[name] == expected[name] or (math.isnan(got[name]) and math.isnan(expected[name])), (
            name,
            where,
        )
    a, b = got["progress"], expected["progress"]
    assert (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-12 * abs(b), (where, a, b)


def rules_of(
    method: str | None = None, near: float | None = None, trend: str | None = None, missing: str | None = None
) -> Rules:
    data = {"metod": method, "nära": near, "trend": trend, "saknat_ingångsvärde": missing}
    return Rules.model_validate({k: v for k, v in data.items() if v is not None})


# -- the differential test: assess_series against the engine ------------------
#
# The engine (exact, in Decimal) and assess_series (float64 arrays, then scaled
# integers, then the engine) are two implementations of the rules; these tests
# keep them one set of rules ("Where the rules live" in docs/assessment.md).
# The generators cover every input the rules read: values with gaps (absent or
# saknas), ingångsvärde with or without a year, målvärde with or without a year,
# gränsvärde, tolerans, every riktning given or inferred, direction-only
# targets, the plan's and the indicator's regler (every method, nära, trend
# basis), the assessed year and the plan's year; and they put the value and
# the previous outcome on and just beside every mark the rules compare with.

NAN = math.nan


def dec(value: float) -> Decimal:
    """A float as the decimal it is written as (as the engine reads it)."""
    return Decimal(repr(value))


UNITS = {
    "tenths": "0.1",
    "hundredths": "0.01",
    "whole": "1",
    "cancelling": "0.01",
    "long": "0.1",
    "extreme": "1",
}
NUMBERS = {
    "tenths": st.integers(-50, 150).map(lambda k: k / 10),
    "hundredths": st.integers(-500, 1500).map(lambda k: k / 100),
    "whole": st.integers(-20, 300).map(float),
    # Around 12 345,67: framsteg over differences that cancel most of the digits.
    "cancelling": st.integers(-300, 300).map(lambda k: float(Decimal(1_234_567 + k).scaleb(-2))),
    # More digits than the integer step takes: only the engine settles these.
    "long": st.one_of(
        st.integers(-50, 150).map(lambda k: k / 10),
        st.sampled_from([1 / 3, 2 / 3, 10 / 3, 0.1 + 0.2, 1.1 + 2.2, 0.123456789012]),
    ),
    # Subnormal, tiny, huge, and past 2**50: where float64 must not be trusted.
    "extreme": st.one_of(
        st.integers(-3, 3).map(float),
        st.sampled_from([5e-324, 1e-310, 2.2250738585072014e-308, 1e-300, 1e-20, 1e20, 1e300, -1e300]),
        st.sampled_from([1.7976931348623157e308, 2.0**50, 2.0**50 + 1, 2.0**53 + 2, 123456789012345.67]),
    ),
}
SHORT = ["tenths", "hundredths", "whole", "cancelling"]  # numbers the integer step can always settle
# Mostly numbers float64 or the integer step decides (tenths most: 0,1 + 0,2 != 0,3 in float64).
STYLES = ["tenths", "tenths", "tenths", "hundredths", "hundredths", "whole", "cancelling", "long", "extreme"]
NEARS = [0.3, 0.5, 0.55, 0.75, 0.8, 1.0]
LONG_NEARS = [1 / 3, 0.123456789, 0.1234567891]  # 9 decimals: integers; more: the engine
SPELLINGS: dict[Direction | None, list[Any]] = {
    None: [None, ""],
    Direction.INCREASE: ["öka", "increase", Direction.INCREASE, " Öka "],
    Direction.DECREASE: ["minska", "decrease", Direction.DECREASE],
    Direction.MAINTAIN: ["bibehåll", "bibehålla", "maintain", Direction.MAINTAIN],
}
# The assessed year (None: the last column), mostly one with outcomes at and before it.
VALUE_YEARS = [None, 2020, 2017, 2016, 2013, 2021, 2014, 2020, 2017, 2019]


def nears(*, short: bool) -> st.SearchStrategy[float | None]:
    """nära: left to the default (the most common) half the time."""
    return st.one_of(st.none(), st.sampled_from(NEARS if short else NEARS + LONG_NEARS))


def rules_strategy(*, short: bool) -> st.SearchStrategy[Rules]:
    """regler: each of metod, nära, trend and saknat_ingångsvärde given or left to the layer below."""
    return st.builds(
        rules_of,
        st.sampled_from([None, "framsteg", "måluppfyllelse"]),
        nears(short=short),
        st.sampled_from([None, "ingångsvärde", "föregående"]),
        st.sampled_from([None, None, "föregående_utfall", "ej_bedömd"]),
    )


def short_enough(value: float) -> bool:
    """Written with at most four decimals and below 100 000: scaled, far inside float64's integers."""
    exponent = Decimal(repr(value)).as_tuple().exponent
    return abs(value) < 100_000 and isinstance(exponent, int) and exponent >= -4


def near(
    draw: st.DrawFn, marks: list[Decimal], unit: Decimal, number: st.SearchStrategy[float], *, short: bool
) -> float:
    """Half the time a mark itself; else one unit of the style beside one, the float just
    beside one, or any number of the style."""
    kind = draw(st.integers(0, 7))
    if marks and kind < 7:
        mark = draw(st.sampled_from(marks))
        if kind in {4, 5}:
            mark += draw(st.sampled_from([-unit, unit]))
        value = float(mark)
        if kind == 6:
            value = math.nextafter(value, draw(st.sampled_from([-math.inf, math.inf])))
        if math.isfinite(value) and (not short or short_enough(value)):
            return value
    return draw(number)


# Each series is drawn for one part of the rules (a scenario), whose marks its
# value is put on or beside, or for any part ("any": every mark); its other
# inputs stay random.
SCENARIOS = ["any", "framsteg", "måluppfyllelse", "direction only", "bibehåll", "trend"]


@st.composite
def series_rows(
    draw: st.DrawFn, plan: Rules, year: int | None, scenario: str, *, short: bool
) -> dict[str, Any]:
    """One series and its indicator: the numbers, then a value and a previous outcome near the marks."""
    style = draw(st.sampled_from(SHORT if short else STYLES))
    number, unit = NUMBERS[style], Decimal(UNITS[style])
    own_rules = draw(st.one_of(st.none(), rules_strategy(short=short)))
    if scenario in {"framsteg", "måluppfyllelse"} and draw(st.integers(0, 3)):
        # Mostly, the indicator's regler set the scenario's method (and maybe nära) ...
        own_rules = rules_of(scenario, draw(nears(short=short)), None)
    elif scenario in {"direction only", "bibehåll"} and draw(st.booleans()):
        # ... or the trend against the previous outcome, so that the trend's comparisons
        # are not the status's own (as they are against the ingångsvärde).
        own_rules = rules_of(None, None, "föregående")
    _, explicit_near, _ = merge_rules((plan, own_rules))

    # ingångsvärde given three times in four; no målvärde (a direction-only target,
    # or none) one time in four, and the målvärde equal to the ingångsvärde one in eight.
    b = draw(number) if draw(st.integers(0, 3)) else None
    kind = draw(st.integers(0, 7))
    t = draw(number) if kind > 2 else b if kind == 2 else None
    kind = draw(st.integers(0, 5))  # no tolerans half the time
    tolerance = (
        0.0 if kind < 3 else draw(st.sampled_from([0.1, 0.5, 1.0])) if kind == 3 else abs(draw(number))
    )
    kind = draw(st.integers(0, 5))  # no gränsvärde half the time; else on a number or between them
    middle = None if b is None or t is None else float((dec(b) + dec(t)) / 2)
    threshold = None if kind < 3 else draw(st.sampled_from([b, t, middle])) if kind == 3 else draw(number)
    direction = draw(st.sampled_from(list(SPELLINGS)))

    if scenario in {"framsteg", "måluppfyllelse"}:
        threshold = None  # so that the share decides ("any" has both)
    if scenario == "framsteg":  # a start short of the target
        b = draw(number) if b is None else b
        t = draw(number) if t is None else t
        direction = draw(st.sampled_from([None, Direction.INCREASE if t > b else Direction.DECREASE]))
    elif scenario == "måluppfyllelse":  # by the rules, or framsteg falling back to it
        b = draw(st.sampled_from([None, b]))
        t = draw(st.sampled_from([draw(number) if t is None else t, 0.0]))  # 0: måluppfyllelse undefined
        direction = draw(st.sampled_from([Direction.INCREASE, Direction.DECREASE]))
    elif scenario == "direction only":
        t, b = None, draw(number) if b is None else b
        direction = draw(st.sampled_from([Direction.INCREASE, Direction.DECREASE]))
    elif scenario == "bibehåll":  # written, or inferred from målvärde = ingångsvärde
        direction = draw(st.sampled_from([Direction.MAINTAIN, None]))
        if direction is None:
            t = b = draw(number) if b is None else b
        elif b is not None and draw(st.booleans()):
            t = None  # the level is the ingångsvärde
        threshold = draw(number) if threshold is None and draw(st.booleans()) else threshold
    elif scenario == "trend":  # bibehåll most: closer to the goal or not
        direction = draw(st.sampled_from([Direction.MAINTAIN, *SPELLINGS]))
    if scenario in {"direction only", "bibehåll", "trend"} and not tolerance and draw(st.booleans()):
        tolerance = draw(st.sampled_from([0.1, 0.5, 1.0, abs(draw(number))]))

    # The marks the value is compared with: the numbers themselves, the tolerance
    # either side of them, framsteg and måluppfyllelse at the nära in effect (and
    # at the defaults), and the far side of a bibehåll level's gränsvärde.
    tol = dec(tolerance)
    goal = t if t is not None else b
    own = [dec(v) for v in (b, t, threshold) if v is not None]
    off_by_tolerance = [mark + sign * tol for mark in own for sign in (-1, 1) if tol]
    progress_nears = {dec(0.5 if explicit_near is None else explicit_near), Decimal("0.5")}
    fulfil_nears = {dec(0.8 if explicit_near is None else explicit_near), Decimal("0.8")}
    progress = [] if b is None or t is None else [dec(b) + n * (dec(t) - dec(b)) for n in progress_nears]
    fulfil = []  # x / T = nära (öka), T / x = nära (minska)
    if t is not None and direction is not Direction.DECREASE:
        fulfil += [dec(t) * n for n in fulfil_nears]
    if t is not None and direction is not Direction.INCREASE:
        fulfil += [dec(t) / n for n in fulfil_nears]
    start = [] if b is None else [dec(b) + sign * tol for sign in (-1, 0, 1)]
    level = [] if goal is None else [dec(goal) + sign * tol for sign in (-1, 0, 1)]
    mirror = [] if goal is None or threshold is None else [dec(threshold), 2 * dec(goal) - dec(threshold)]
    trend = []
    if b is not None:  # a change of the tolerance from the ingångsvärde, or as much closer to the goal
        trend += start
        if goal is not None:
            off = abs(dec(b) - dec(goal))
            trend += [dec(goal) + side * (off + sign * tol) for side in (-1, 1) for sign in (-1, 1)]
    marks = {
        "any": own + off_by_tolerance + progress + fulfil + mirror + trend,
        "framsteg": progress,
        "måluppfyllelse": [*fulfil, Decimal(0), Decimal(0)],  # 0: måluppfyllelse undefined
        "direction only": start + start[::2] + [dec(v) for v in (threshold,) if v is not None],
        "bibehåll": level + mirror,
        "trend": trend,
    }[scenario]

    # Outcomes: a value, nothing, or `saknas` for each year; the value at the
    # assessed year and the one before it (what the trend compares with) near the marks.
    kinds = st.integers(0, 5).map(lambda k: "absent" if k == 0 else "saknas" if k == 1 else "value")
    pattern = draw(st.lists(kinds, min_size=len(YEARS), max_size=len(YEARS)))
    values = [draw(number) if kind == "value" else NAN for kind in pattern]
    last = YEARS[-1] if year is None else year
    given = [j for j, kind in enumerate(pattern) if kind == "value" and YEARS[j] <= last]
    if given:
        x = values[given[-1]] = near(draw, marks, unit, number, short=short)
        if len(given) > 1 and scenario in {"any", "trend"}:
            # The trend against the previous outcome: a change of about the tolerance,
            # or (bibehåll) about as much closer to the goal. (Not for the other
            # scenarios, where such a close call would hide theirs.)
            previous = [dec(x) + sign * tol for sign in (-1, 0, 1)]
            if goal is not None:
                off = abs(dec(x) - dec(goal))
                previous += [dec(goal) + side * (off + sign * tol) for side in (-1, 1) for sign in (-1, 1)]
            values[given[-2]] = near(draw, previous, unit, number, short=short)
    value_year = [YEARS[given[-1]]] if given else []
    # Every mark, and a unit of the style either side: check_against_engine(every_mark=True)
    # tries each as the value too.
    steps = (-unit, Decimal(0), unit)
    on_marks = {float(mark + step) for mark in marks for step in steps}
    return {
        "scenario": scenario,
        "style": style,
        "values": values,
        "value_column": given[-1] if given else None,
        "marks": sorted(v for v in on_marks if math.isfinite(v) and (not short or short_enough(v))),
        "missing": [kind == "saknas" for kind in pattern],
        "baseline": b,
        # A year without an ingångsvärde is passed to assess_series too, which must ignore it.
        "baseline_year": draw(st.sampled_from([None, 2013, *value_year, 2014, 2016, 2017, 2020])),
        "target": t,
        "target_year": draw(st.sampled_from([None, 2018, 2020])),
        "threshold": threshold,
        "tolerance": tolerance,
        "direction": direction,
        "spelling": draw(st.sampled_from(SPELLINGS[direction])),
        "rules": own_rules,
    }


@st.composite
def cases(draw: st.DrawFn, *, rows: int, short: bool = False) -> dict[str, Any]:
    """A batch of up to ``rows`` series with the plan's rules, the assessed year and the plan's year."""
    plan = draw(rules_strategy(short=short))
    year = draw(st.sampled_from(VALUE_YEARS))
    # As many rows as drawn (a list's length would mostly be short), shrinking to one,
    # with the scenarios in turn from a drawn one: every batch of six covers them all.
    first = draw(st.integers(0, len(SCENARIOS) - 1))
    series = [
        draw(series_rows(plan, year, SCENARIOS[(first + k) % len(SCENARIOS)], short=short))
        for k in range(draw(st.integers(1, rows)))
    ]
    return {"plan": plan, "year": year, "plan_year": draw(st.sampled_from([None, 2018])), "rows": series}


def plan_indicator(row: dict[str, Any]) -> malstyrning.Indicator:
    """The series as a planner writes it: Swedish keys, `saknas` for some gaps, the indicator's regler."""
    data: dict[str, Any] = {"id": "i", "titel": "Indikator", "tolerans": row["tolerance"], "utfall": {}}
    for y, value, missing in zip(YEARS, row["values"], row["missing"], strict=True):
        if not math.isnan(value):
            data["utfall"][y] = value
        elif missing:
            data["utfall"][y] = {"saknas": "ingen mätning"}
    if row["baseline"] is not None:
        data["ingångsvärde"] = {"värde": row["baseline"]}
        if row["baseline_year"] is not None:
            data["ingångsvärde"]["år"] = row["baseline_year"]
    if row["target"] is not None:
        data["målvärde"] = {"värde": row["target"]}
        if row["target_year"] is not None:
            data["målvärde"]["år"] = row["target_year"]
    if row["threshold"] is not None:
        data["gränsvärde"] = row["threshold"]
    if row["direction"] is not None:
        data["riktning"] = row["direction"].value
    if row["rules"] is not None:
        data["regler"] = row["rules"].model_dump(exclude_none=True)
    return malstyrning.Indicator.model_validate(data)


def series_rules(plan: Rules, own: Rules | None) -> Rules:
    """One layer of regler that merges to what the plan's and the indicator's merge to."""
    if own is None:
        return plan
    method, near, trend = merge_rules((plan, own))
    missing = merge_missing_baseline((plan, own))
    flat = rules_of(
        swedish_word(method), near, swedish_word(trend), None if missing is None else swedish_word(missing)
    )
    assert merge_rules((flat,)) == merge_rules((plan, own))
    assert merge_missing_baseline((flat,)) == missing
    return flat


# Every field of an engine result is compared with the batch's, or is what the
# caller passed in (compared with the input), or is one the batch does not carry.
COMPARED = {
    "status": "status",
    "method": "method",
    "progress": "progress",
    "value": "value",
    "value_year": "value_year",
    "reason": "reason",
    "direction": "direction",
}
TREND_COMPARED = {
    "direction": "change",
    "improvement": "improvement",
    "reference": "reference",
    "reference_year": "reference_year",
    "basis": "basis",
}
ECHOED = {"id", "title", "unit", "baseline", "baseline_year", "target", "target_year", "weight"}
ON_TRACK = {"on_track": "on_track"}  # the status of IndicatorResult.on_track; "" for None
NOT_CARRIED = {
    "notes",
    "missing",
    "stated",
    "stated_trend",
    "arrow",
    "value_period",  # a series is of years: periods within a year are the plan engine's
    "forecast",
}  # documented: SeriesAssessment has no place for them


def encoded(value: Any) -> Any:
    """An engine value in the batch's encoding: "" for a None code, NaN, NO_YEAR."""
    if isinstance(value, StrEnum):
        return value.value
    return value


def assert_same_result(
    series: SeriesAssessment,
    k: int,
    result: malstyrning.IndicatorResult,
    row: dict[str, Any],
    plan_year: int | None,
) -> None:
    """Every field of the engine's result against series ``k`` of the batch, or against the input."""
    names = {f.name for f in fields(result)}
    assert names == set(COMPARED) | {"trend"} | ECHOED | NOT_CARRIED | set(ON_TRACK)
    assert {f.name for f in fields(result.trend)} == set(TREND_COMPARED)
    assert {f.name for f in fields(series)} == set(COMPARED.values()) | set(TREND_COMPARED.values()) | {
        "recomputed",
        "on_track",
    }
    on_track = "" if result.on_track is None else result.on_track.status.value
    assert series.on_track[k].item() == on_track, ("on_track", result.on_track, row["values"])
    pairs = [(name, getattr(result, field)) for field, name in COMPARED.items()]
    pairs += [(name, getattr(result.trend, field)) for field, name in TREND_COMPARED.items()]
    for name, expected in pairs:
        got = getattr(series, name)[k].item()
        where = (name, got, expected, row["values"])  # the values: which of a series' variants
        if name in {"progress", "value", "reference"}:
            if expected is None:
                assert math.isnan(got), where
            elif name == "progress":  # the contract: within 1e-12 relative
                assert abs(got - expected) <= 1e-12 * abs(expected), where
            else:
                assert got == expected, where
        elif name in {"value_year", "reference_year"}:
            assert got == (NO_YEAR if expected is None else expected), where
        else:
            assert got == ("" if expected is None else encoded(expected)), where
    # What the caller passed in comes back unchanged; a missing ingångsvärde
    # with saknat_ingångsvärde: föregående_utfall is the outcome before the value's year.
    baseline, baseline_year = row["baseline"], row["baseline_year"] if row["baseline"] is not None else None
    if malstyrning.Note.BASELINE_FROM_OUTCOME in result.notes:
        assert baseline is None
        baseline_year = max(
            y
            for y, v in zip(YEARS, row["values"], strict=True)
            if not math.isnan(v) and y < (result.value_year or 0)
        )
        baseline = row["values"][YEARS.index(baseline_year)]
    target_year = (row["target_year"] or plan_year) if row["target"] is not None else None
    echoed = (result.baseline, result.baseline_year, result.target, result.target_year, result.weight)
    assert echoed == (baseline, baseline_year, row["target"], target_year, 1.0)


def check_against_engine(case: dict[str, Any], *, every_mark: bool = False) -> None:
    """assess_series over the case's series, one call per distinct regler, against the engine
    one by one; with ``every_mark``, each series also with its value on each of its marks."""
    plan, year, rows = case["plan"], case["year"], list(case["rows"])
    for row in case["rows"] if every_mark else ():
        for mark in row["marks"] if row["value_column"] is not None else ():
            values = list(row["values"])
            values[row["value_column"]] = mark
            rows.append(row | {"values": values})
    groups: dict[Rules, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(series_rules(plan, row["rules"]), []).append(i)
    for rules, members in groups.items():
        batch = [rows[i] for i in members]

        def column(name: str, batch: list[dict[str, Any]] = batch) -> list[Any]:
            return [NAN if row[name] is None else row[name] for row in batch]

        series = assess_series(
            [row["values"] for row in batch],
            YEARS,
            year=year,
            baseline=column("baseline"),
            baseline_year=[
                NO_YEAR if row["baseline_year"] is None else row["baseline_year"] for row in batch
            ],
            target=column("target"),
            direction=[row["spelling"] for row in batch],
            threshold=column("threshold"),
            tolerance=column("tolerance"),
            rules=rules,
            target_year=[
                NO_YEAR if row["target"] is None else (row["target_year"] or case["plan_year"] or NO_YEAR)
                for row in batch
            ],
        )
        assert len(series) == len(batch)
        for k, row in enumerate(batch):
            result = malstyrning.assess_indicator(
                plan_indicator(row),
                year=YEARS[-1] if year is None else year,
                rules=plan,
                plan_year=case["plan_year"],
            )
            assert_same_result(series, k, result, row, case["plan_year"])


# The rules are written twice, in the engine and in assess_series; these three
# tests are the proof that the two agree, so CI searches as hard for a
# counterexample as the "thorough" profile does (about 3 minutes).
PROOF = (
    settings(settings.get_profile("thorough"), deadline=None)
    if os.environ.get("HYPOTHESIS_PROFILE") in {"ci", "thorough"}
    else settings(deadline=None)
)


@PROOF
@given(cases(rows=16))
def test_every_series_gets_the_engines_answer(case: dict[str, Any]) -> None:
    """assess_series and the engine agree on every field, for every input the rules read."""
    check_against_engine(case, every_mark=True)


@PROOF
@given(cases(rows=8, short=True))
def test_the_exact_steps_alone_give_the_engines_answer(case: dict[str, Any]) -> None:
    """With every comparison "too close" for float64, scaled integers decide every series
    written with few decimals, and never call the engine."""
    engine = mock.Mock(wraps=malstyrning.assess_indicator)
    with (
        mock.patch.object(batch_module, "_MARGIN", 1e300),
        mock.patch.object(batch_module, "assess_indicator", engine),
    ):
        check_against_engine(case)
    assert engine.call_count == 0


@PROOF
@given(cases(rows=8))
def test_the_engine_step_alone_gives_the_engines_answer(case: dict[str, Any]) -> None:
    """With the integer step settling nothing, the engine, on the Indicator a series stands
    for, decides every series float64 could not."""
    exactly = batch_module._exactly

    def settle_nothing(rows: Any, **rules: Any) -> Any:
        decision, _ = exactly(rows, **rules)
        return decision, np.zeros(len(rows.x), dtype=bool)

    with (
        mock.patch.object(batch_module, "_MARGIN", 1e300),
        mock.patch.object(batch_module, "_exactly", settle_nothing),
    ):
        check_against_engine(case)


# -- boundaries where float64 alone is wrong -----------------------------------


BOUNDARIES: list[tuple[str, dict[str, Any], Rules | None, bool]] = [
    # framsteg from 0,1 to 0,5 at 0,3 is exactly halfway: close, with nära 0,5.
    (
        "progress exactly nära",
        {"values": [0.3], "baseline": 0.1, "target": 0.5},
        None,
        (0.3 - 0.1) / (0.5 - 0.1) < 0.5 <= (dec(0.3) - dec(0.1)) / (dec(0.5) - dec(0.1)),
    ),
    # minska from 0,3 to 0,1 at 0,2: halfway too.
    (
        "progress exactly nära, minska",
        {"values": [0.2], "baseline": 0.3, "target": 0.1},
        rules_of(near=0.5),
        (0.2 - 0.3) / (0.1 - 0.3) < 0.5,
    ),
    # måluppfyllelse 1,2 of 1,5 is exactly 80 %.
    (
        "fulfilment exactly nära",
        {"values": [1.2], "target": 1.5, "direction": "öka"},
        rules_of("måluppfyllelse"),
        1.2 / 1.5 < 0.8,
    ),
    # Only a direction: 1,0 → 1,1 is a gain of exactly the tolerance, so not reached.
    (
        "gain exactly the tolerance",
        {"values": [1.1], "baseline": 1.0, "direction": "öka", "tolerance": 0.1},
        None,
        1.1 - 1.0 > 0.1,
    ),
    # bibehåll 1,0 within 0,1: 1,1 is reached.
    (
        "maintain exactly the tolerance off",
        {"values": [1.1], "target": 1.0, "direction": "bibehåll", "tolerance": 0.1},
        None,
        abs(1.1 - 1.0) > 0.1,
    ),
    # bibehåll 1,0 with gränsvärde 0,9: 1,1 is as far off as the gränsvärde, so close.
    (
        "maintain exactly as far as the threshold",
        {"values": [1.1], "target": 1.0, "direction": "bibehåll", "threshold": 0.9},
        None,
        abs(1.1 - 1.0) > abs(0.9 - 1.0),
    ),
    # A change of exactly the tolerance is unchanged.
    (
        "trend exactly the tolerance",
        {"values": [1.0, 1.1], "target": 5.0, "direction": "öka", "tolerance": 0.1},
        rules_of(trend="föregående"),
        1.1 - 1.0 > 0.1,
    ),
    # framsteg over a difference that cancels most digits: float64 is off by 4e-12.
    (
        "progress from cancelling differences",
        {"values": [12345.87], "baseline": 12345.67, "target": 12346.57},
        None,
        abs((12345.87 - 12345.67) / (12346.57 - 12345.67) - 2 / 9) > 1e-12 * 2 / 9,
    ),
]


@pytest.mark.parametrize(
    ("keys", "rules", "float_is_wrong"),
    [case[1:] for case in BOUNDARIES],
    ids=[case[0] for case in BOUNDARIES],
)
def test_boundaries_land_where_the_rules_say(
    monkeypatch: pytest.MonkeyPatch, keys: dict[str, Any], rules: Rules | None, float_is_wrong: bool
) -> None:
    """On the exact boundary the batch agrees with the engine where float64 alone would not."""
    assert float_is_wrong  # the case is a real one: plain float64 gets it wrong
    engine = mock.Mock(wraps=malstyrning.assess_indicator)
    monkeypatch.setattr(batch_module, "assess_indicator", engine)
    years = YEARS[-len(keys["values"]) :]
    kwargs = {k: v for k, v in keys.items() if k != "values"}
    series = assess_series([keys["values"]], years, rules=rules, **kwargs)
    expected = malstyrning.assess_indicator(
        indicator(keys["values"], years=years, **kwargs), year=2020, rules=rules
    )
    assert_same(batch_row(series, 0), engine_row(expected), keys)
    assert series.recomputed[0]  # float64 saw that it could not tell ...
    assert engine.call_count == 0  # ... and integers settled it, without the engine


def test_the_boundary_cases_are_the_ones_the_docs_promise() -> None:
    """The engine's own example: 0,1 → 0,3 at 0,2 is exactly halfway, so close with nära 0,5."""
    series = assess_series([[0.2]], [2020], baseline=0.1, target=0.3)
    assert (series.status[0], series.method[0], series.progress[0]) == ("close", "progress", 0.5)


def test_numbers_with_many_digits_go_to_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """0.1 + 0.2 written out in full has 17 digits: no integer scale, so the engine decides."""
    engine = mock.Mock(wraps=malstyrning.assess_indicator)
    monkeypatch.setattr(batch_module, "assess_indicator", engine)
    values = [[0.1 + 0.2], [0.3], [0.1 + 0.2]]
    series = assess_series(values, [2020], baseline=0.1, direction="öka", tolerance=[0.2, 0.2, 0.0])
    assert engine.call_count == 1  # only the first: the second scales, the third has no tolerance
    assert series.recomputed.tolist() == [True, True, False]
    assert series.status.tolist() == ["reached", "close", "reached"]
    for i, row in enumerate(values):
        tolerance = [0.2, 0.2, 0.0][i]
        ind = indicator(row, years=[2020], baseline=0.1, direction="öka", tolerance=tolerance)
        assert_same(batch_row(series, i), engine_row(malstyrning.assess_indicator(ind, year=2020)), i)


# -- inputs and outputs --------------------------------------------------------


def test_a_kolada_like_matrix() -> None:
    """Rows are series, columns years; scalars apply to every series; NaN is no outcome."""
    nan = math.nan
    series = assess_series(
        [[10.0, 11.0, 12.0], [10.0, nan, 9.0], [nan, nan, nan], [5.0, 5.0, 5.0]],
        [2016, 2017, 2018],
        baseline=[10.0, 10.0, 10.0, nan],
        baseline_year=2016,
        target=[12.0, 12.0, 12.0, nan],
        direction=["öka", None, "", "bibehåll"],
    )
    assert series.status.tolist() == ["reached", "far", "not_assessed", "not_assessed"]
    assert series.reason.tolist() == ["", "", "no_outcome", "no_baseline"]
    assert series.direction.tolist() == ["increase", "increase", "increase", "maintain"]
    assert series.value_year.tolist() == [2018, 2018, NO_YEAR, 2018]
    assert series.method.tolist() == ["progress", "progress", "", ""]
    assert series.progress[0] == 1.0
    assert series.progress[1] == -0.5
    assert math.isnan(series.progress[2])
    assert series.change.tolist() == ["increased", "decreased", "none", "unchanged"]
    assert series.improvement.tolist() == ["improved", "worsened", "none", "none"]  # bibehåll what?
    assert series.basis.tolist() == ["baseline", "baseline", "", "previous"]
    assert series.reference_year.tolist() == [2016, 2016, NO_YEAR, 2017]
    assert not series.recomputed.any()


def test_result_arrays_are_typed_and_read_only() -> None:
    series = assess_series([[1.0, 2.0]], [2019, 2020], target=3.0, baseline=0.0)
    assert len(series) == 1
    for name in ("status", "method", "reason", "direction", "change", "improvement", "basis"):
        assert getattr(series, name).dtype.kind == "U"
    for name in ("progress", "value", "reference"):
        assert getattr(series, name).dtype == np.float64
    for name in ("value_year", "reference_year"):
        assert getattr(series, name).dtype == np.int64
    assert series.recomputed.dtype == np.bool_
    with pytest.raises(ValueError, match="read-only"):
        series.status[0] = "far"
    with pytest.raises(AttributeError):
        series.status = series.method  # type: ignore[misc]  # frozen: mypy refuses it, and so does the run


def test_the_year_defaults_to_the_last_column_and_can_be_any_year() -> None:
    values = [[1.0, 2.0, 3.0]]
    kwargs: dict[str, Any] = {"baseline": 0.0, "target": 4.0}
    assert assess_series(values, [2018, 2019, 2020], **kwargs).value.tolist() == [3.0]
    assert assess_series(values, [2018, 2019, 2020], year=2019, **kwargs).value.tolist() == [2.0]
    assert assess_series(values, [2018, 2019, 2020], year=2030, **kwargs).value_year.tolist() == [2020]
    early = assess_series(values, [2018, 2019, 2020], year=2010, **kwargs)
    assert early.reason.tolist() == ["no_outcome"]


def test_inputs_of_every_kind() -> None:
    """Lists with None, integer arrays, Direction members, NaN years, numpy scalars."""
    series = assess_series(
        np.array([[1, 2], [3, 4]]),
        np.array([2019, 2020]),
        year=np.int64(2020),
        baseline=[0, None],
        baseline_year=[2019.0, math.nan],
        target=np.array([2.0, 1.0]),
        direction=[Direction.INCREASE, "  Minska "],
        threshold=None,
        tolerance=np.float64(0.0),
        rules=rules_of("måluppfyllelse", 0.5),
    )
    assert series.direction.tolist() == ["increase", "decrease"]
    assert series.status.tolist() == ["reached", "far"]
    assert series.reference_year.tolist() == [2019, 2019]
    assert series.method.tolist() == ["fulfilment", "fulfilment"]


def test_an_empty_batch() -> None:
    series = assess_series(np.zeros((0, 3)), [2018, 2019, 2020], direction=[])
    assert len(series) == 0
    assert series.status.shape == (0,)
    assert len(assess_series(np.zeros((2, 0)), [], year=2020, target=1.0, direction="öka")) == 2


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"values": [1.0, 2.0]}, ValueError, "2-D"),
        ({"years": [2019]}, ValueError, "one per column"),
        ({"years": [2020, 2019]}, ValueError, "strictly increasing"),
        ({"years": [2019, 2019]}, ValueError, "strictly increasing"),
        ({"years": [19, 20]}, ValueError, "between 1900 and 2200"),
        ({"years": [2019.5, 2020]}, ValueError, "whole years"),
        ({"years": [math.nan, 2020]}, ValueError, "between 1900 and 2200"),
        ({"values": [[1.0, math.inf]]}, ValueError, "finite"),
        ({"values": [["1", "2"]]}, TypeError, "numbers"),
        ({"values": [[True, False]]}, TypeError, "numbers"),
        ({"values": [[1.0, "2"]]}, TypeError, "numbers"),
        ({"baseline": [1.0, 2.0]}, ValueError, "one value per series"),
        ({"target": math.inf}, ValueError, "target must be finite"),
        ({"tolerance": -0.1}, ValueError, "tolerance"),
        ({"tolerance": math.nan}, ValueError, "tolerance"),
        ({"baseline_year": 1800}, ValueError, "between 1900 and 2200"),
        ({"baseline_year": 2019.5}, ValueError, "whole years"),
        ({"direction": "upp"}, ValueError, "expected one of öka | minska | bibehåll, got 'upp'"),
        ({"direction": ["öka", "uppåt"]}, ValueError, "one per series"),
        ({"direction": ["uppåt"]}, ValueError, "got 'uppåt'"),
        ({"direction": [3]}, TypeError, "words"),
        ({"direction": [b"oka"]}, TypeError, "words"),
        ({"year": "2020"}, TypeError, "year must be an int"),
        ({"rules": {"metod": "framsteg"}}, TypeError, "rules must be a Rules"),
    ],
)
def test_wrong_inputs_say_what_is_wrong(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    arguments: dict[str, Any] = {"values": [[1.0, 2.0]], "years": [2019, 2020], "target": 3.0}
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        assess_series(**arguments)


# -- the optional extra --------------------------------------------------------


def test_without_numpy_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(
        ModuleNotFoundError, match=r"needs the 'batch' extra \(numpy\): pip install 'malstyrning\[batch\]'"
    ):
        assess_series([[1.0]], [2020])


def test_importing_does_not_import_numpy() -> None:
    code = "import sys, malstyrning, malstyrning._engine._batch; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_the_package_exports_the_same_function() -> None:
    """Once `malstyrning` exports it, it is this function (and this result type)."""
    assert getattr(malstyrning, "assess_series", assess_series) is assess_series
    assert getattr(malstyrning, "SeriesAssessment", SeriesAssessment) is SeriesAssessment
