"""On track for a target further ahead: the UNSD / Statistics Canada SDG progress method."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from pydantic import ValidationError

import malstyrning
from malstyrning import Direction, OnTrack, OnTrackReason, OnTrackThresholds, judge_on_track

INC, DEC = Direction.INCREASE, Direction.DECREASE
DEFAULTS = OnTrackThresholds()


def judge(
    start: float | None,
    value: float | None,
    target: float | None = None,
    *,
    years: tuple[int, int] = (2015, 2017),
    target_year: int | None = 2020,
    direction: Direction | None = INC,
    thresholds: OnTrackThresholds = DEFAULTS,
) -> malstyrning.OnTrackResult:
    return judge_on_track(
        start=start,
        start_year=years[0],
        value=value,
        value_year=years[1],
        target=target,
        target_year=target_year if target is not None else None,
        direction=direction,
        thresholds=thresholds,
    )


# -- Worked examples ---------------------------------------------------------------


def test_a_count_rising_toward_200() -> None:
    """Summer jobs 108 (2015) → 158 (2017), target 200: on track for 2020, not for 2018."""
    r = judge(108, 158, 200, target_year=2020)
    assert r.growth == pytest.approx((158 / 108) ** (1 / 2) - 1)
    assert r.growth == pytest.approx(0.20953, abs=1e-5)
    assert r.required == pytest.approx((200 / 108) ** (1 / 5) - 1)
    assert r.required == pytest.approx(0.13115, abs=1e-5)
    assert r.growth is not None
    assert r.required is not None
    assert r.ratio == pytest.approx(r.growth / r.required)
    assert r.status is OnTrack.ON_TRACK
    soon = judge(108, 158, 200, target_year=2018)
    assert soon.required == pytest.approx(0.22801, abs=1e-5)
    assert soon.ratio == pytest.approx(0.91895, abs=1e-5)
    assert soon.status is OnTrack.NEEDS_ACCELERATION
    assert (soon.from_year, soon.from_value, soon.to_year, soon.to_value) == (2015, 108, 2017, 158)
    assert (soon.target, soon.target_year, soon.reason) == (200, 2018, None)


def test_sick_leave_falling_toward_a_lower_target() -> None:
    """4,32 % (2019) → 3,6 % (2023): −4,46 % a year; 2 % by 2030 needs −6,76 % a year."""
    r = judge(4.32, 3.6, 2.0, years=(2019, 2023), target_year=2030, direction=DEC)
    assert r.growth == pytest.approx(-0.044557, abs=1e-6)
    assert r.required == pytest.approx(-0.067615, abs=1e-6)
    assert r.ratio == pytest.approx(0.65898, abs=1e-5)
    assert r.status is OnTrack.NEEDS_ACCELERATION
    rising = judge(4.32, 4.8, 2.0, years=(2019, 2023), target_year=2030, direction=DEC)
    assert rising.ratio is not None
    assert rising.ratio < 0
    assert rising.status is OnTrack.DETERIORATION
    slow = judge(4.32, 4.2, 2.0, years=(2019, 2023), target_year=2030, direction=DEC)
    assert slow.status is OnTrack.LIMITED_PROGRESS


def test_a_zero_target_cannot_be_assessed_but_gives_the_growth() -> None:
    """Sick leave toward 0 %: no finite growth rate reaches 0 (the method's known limit)."""
    r = judge(4.32, 3.6, 0.0, years=(2019, 2023), target_year=2030, direction=DEC)
    assert r.status is OnTrack.NOT_ASSESSED
    assert r.reason is OnTrackReason.ZERO_TARGET
    assert r.growth == pytest.approx(-0.044557, abs=1e-6)
    assert r.required is None
    assert r.ratio is None
    # Reached, it is achieved all the same.
    assert judge(4.32, 0.0, 0.0, direction=DEC).status is OnTrack.ACHIEVED


def test_achieved_whatever_the_growth() -> None:
    assert judge(108, 210, 200).status is OnTrack.ACHIEVED
    assert judge(108, 200, 200).status is OnTrack.ACHIEVED
    assert judge(6.8, 1.18, 4.0, direction=DEC).status is OnTrack.ACHIEVED
    # Achieved needs no start: the value alone meets the target.
    assert judge(None, 210, 200).status is OnTrack.ACHIEVED


def test_without_a_target_the_growth_against_fixed_rates() -> None:
    """1,5 % a year on track, 0,5 % needs acceleration, 0 limited progress, below deterioration."""
    assert judge(100, 100 * 1.02**2).status is OnTrack.ON_TRACK
    assert judge(100, 100 * 1.01**2).status is OnTrack.NEEDS_ACCELERATION
    assert judge(100, 100 * 1.002**2).status is OnTrack.LIMITED_PROGRESS
    assert judge(100, 100).status is OnTrack.LIMITED_PROGRESS
    assert judge(100, 99).status is OnTrack.DETERIORATION
    falling = judge(100, 90, direction=DEC)  # −5,1 % a year, the desired way
    assert falling.status is OnTrack.ON_TRACK
    assert falling.growth == pytest.approx(math.sqrt(0.9) - 1)
    assert falling.required is None
    assert falling.ratio is None


def test_a_start_past_the_target_that_slid_back_is_deterioration() -> None:
    """Statistics Canada's d: the start already beat the target, the value has slid past it."""
    r = judge(3.0, 5.0, 4.0, direction=DEC)  # lower is better; 3 → 5 against 4
    assert r.required is not None
    assert r.required > 0
    assert r.status is OnTrack.DETERIORATION


@pytest.mark.parametrize(
    ("start", "value", "reason"),
    [
        (None, 150, OnTrackReason.TOO_FEW_POINTS),
        (0, 150, OnTrackReason.NOT_POSITIVE),
        (-5, 150, OnTrackReason.NOT_POSITIVE),
        (100, -1, OnTrackReason.NOT_POSITIVE),
        (100, 0, OnTrackReason.NOT_POSITIVE),
    ],
)
def test_where_the_method_cannot_judge(start: float | None, value: float, reason: OnTrackReason) -> None:
    for target in (200.0, None):
        r = judge(start, value, target)
        assert (r.status, r.reason) == (OnTrack.NOT_ASSESSED, reason)


def test_more_places_the_method_cannot_judge() -> None:
    assert judge(100, 150, 100, direction=DEC).status is OnTrack.NOT_ASSESSED
    assert judge(100, 150, 100, direction=DEC).reason is OnTrackReason.TARGET_AT_START
    assert judge(100, 150, -5, direction=DEC).reason is OnTrackReason.NOT_POSITIVE
    assert judge(100, 150, 200, target_year=2015).reason is OnTrackReason.TARGET_YEAR
    assert judge(100, 150, 200, years=(2017, 2017)).reason is OnTrackReason.TOO_FEW_POINTS
    assert judge(100, None, 200).reason is OnTrackReason.TOO_FEW_POINTS
    assert judge(100, 150, 200, direction=Direction.MAINTAIN).reason is OnTrackReason.NO_DIRECTION
    assert judge(100, 150, 200, direction=None).reason is OnTrackReason.NO_DIRECTION


def test_huge_ratios_stay_finite() -> None:
    r = judge(1e-300, 1e300, 1e308, years=(2015, 2016), target_year=2200)
    assert r.ratio is not None
    assert math.isfinite(r.ratio)
    assert r.growth is not None
    assert math.isfinite(r.growth)
    assert r.status is OnTrack.ON_TRACK


def test_thresholds_come_from_regler() -> None:
    r = judge(108, 158, 200, target_year=2020)  # ratio 1.6
    strict = OnTrackThresholds(ratio_on_track=2.0, ratio_accelerate=1.5)
    assert judge(108, 158, 200, target_year=2020, thresholds=strict).status is OnTrack.NEEDS_ACCELERATION
    assert r.status is OnTrack.ON_TRACK
    rules = malstyrning.Rules.model_validate({"i_fas": {"kvot_i_fas": "2", "kvot_skynda": 1.5}})
    assert rules.on_track is not None
    assert rules.on_track.ratio_on_track == 2.0


def test_thresholds_in_the_wrong_order_or_unknown_are_refused() -> None:
    with pytest.raises(ValidationError, match="kvot_i_fas"):
        malstyrning.Rules.model_validate({"i_fas": {"kvot_i_fas": 0.5, "kvot_skynda": 0.6}})
    with pytest.raises(ValidationError):
        malstyrning.Rules.model_validate({"i_fas": {"på_väg": 0.9}})


PLAN = """\
plan: Plan
organisation: Nämnd
år: 2023
regler:
  i_fas: {kvot_i_fas: 1.7}
målområden:
  - titel: Område
    mål:
      - titel: Mål
        indikatorer:
          - id: sommarjobb
            titel: Sommarjobb
            ingångsvärde: {värde: 108, år: 2021}
            målvärde: {värde: 200, år: 2026}
            utfall: {2021: 108, 2022: 130, 2023: 158}
          - id: sjukfranvaro
            titel: Sjukfrånvaro
            riktning: minska
            ingångsvärde: {värde: "4,32", år: 2019}
            målvärde: {värde: 0, år: 2030}
            utfall: {2019: "4,32", 2023: "3,6"}
          - id: medarbetare
            titel: Medarbetare
            riktning: öka
            utfall: {2019: 100, 2023: 110}
            regler: {i_fas: {tillväxt_i_fas: "0,03"}}
          - id: nu
            titel: Mål i år
            målvärde: {värde: 10, år: 2023}
            ingångsvärde: {värde: 5, år: 2019}
            utfall: {2023: 8}
          - id: ensam
            titel: Bara ett värde
            riktning: öka
            utfall: {2023: 8}
"""


def test_assess_and_json_carry_on_track() -> None:
    plan = malstyrning.loads_plan(PLAN)
    result = malstyrning.assess(plan, year=2023)
    by_id = {i.id: i for i in result.indicators()}
    jobs = by_id["sommarjobb"].on_track
    assert jobs is not None
    assert jobs.status is OnTrack.NEEDS_ACCELERATION  # ratio 1.6 < the plan's 1.7
    assert jobs.ratio == pytest.approx(1.59760, abs=1e-5)
    sick = by_id["sjukfranvaro"].on_track
    assert sick is not None
    assert sick.reason is OnTrackReason.ZERO_TARGET
    staff = by_id["medarbetare"].on_track  # 2,4 % a year against the indicator's own 3 %
    assert staff is not None
    assert staff.status is OnTrack.NEEDS_ACCELERATION
    assert by_id["nu"].on_track is None  # the target is this year's: the bedömning says it
    assert by_id["ensam"].on_track is None  # a riktning alone with one point
    data = json.loads(malstyrning.to_json(result))
    rows = {i["id"]: i for a in data["areas"] for g in a["goals"] for i in g["indicators"]}
    assert rows["sommarjobb"]["on_track"]["status"] == "needs_acceleration"
    assert rows["sommarjobb"]["on_track"]["from_year"] == 2021
    assert rows["sjukfranvaro"]["on_track"] == {
        "status": "not_assessed",
        "reason": "zero_target",
        "from_year": 2019,
        "from_value": 4.32,
        "to_year": 2023,
        "to_value": 3.6,
        "target": 0.0,
        "target_year": 2030,
        "growth": sick.growth,
        "required": None,
        "ratio": None,
    }
    assert rows["nu"]["on_track"] is None


def test_the_terminal_and_the_reports_say_it_where_it_applies() -> None:
    plan = malstyrning.loads_plan(PLAN)
    result = malstyrning.assess(plan, year=2023)
    text = malstyrning.render_report(malstyrning.build_report(plan, result), "md")
    assert isinstance(text, str)
    assert "I fas mot målet 2026: ≈ Behöver skynda på (+20,9 % per år sedan 2021, behövs +13,1 %)" in text
    assert "I fas mot målet 2030: – Kan inte bedömas (målvärdet 0 nås inte" in text
    assert text.count("I fas") == 3


# -- Properties ----------------------------------------------------------------------

positive = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)
years = st.integers(2000, 2030)
factors = st.sampled_from([1e-3, 0.5, 2.0, 3.0, 10.0, 1000.0, 7.25])


def _clear_of_thresholds(r: malstyrning.OnTrackResult, t: OnTrackThresholds) -> bool:
    """The number compared is not within a hair of a threshold (where rounding may tip it)."""
    if r.ratio is not None:
        numbers, marks = [r.ratio], (t.ratio_on_track, t.ratio_accelerate, t.ratio_progress)
    elif r.growth is not None and r.target is None:
        numbers, marks = [r.growth, -r.growth], (t.growth_on_track, t.growth_accelerate, t.growth_progress)
    else:
        return True
    return all(abs(n - m) > 1e-6 for n in numbers for m in marks)


moves = st.floats(-0.6, 0.6)  # log of value / start or target / start: ratios near the thresholds


@given(
    start=st.one_of(st.floats(0.01, 100.0), positive),
    move=moves,
    aim=st.one_of(st.none(), moves),
    t0=years,
    span=st.integers(1, 10),
    ahead=st.integers(1, 20),
    direction=st.sampled_from([INC, DEC]),
    factor=factors,
)
# A target a hair above the start: 0,0010000000000000002 against 0,001 once read as "at the start".
@example(
    start=1.0, move=-0.5, aim=2.220446049250313e-16, t0=2000, span=1, ahead=1, direction=INC, factor=0.001
)
def test_status_does_not_change_with_the_scale(
    start: float,
    move: float,
    aim: float | None,
    t0: int,
    span: int,
    ahead: int,
    direction: Direction,
    factor: float,
) -> None:
    """Every value and the target times the same positive factor: the same status."""
    value = start * math.exp(move)
    target = None if aim is None else start * math.exp(aim)
    t = OnTrackThresholds()

    def run(k: float) -> malstyrning.OnTrackResult:
        return judge_on_track(
            start=start * k,
            start_year=t0,
            value=value * k,
            value_year=t0 + span,
            target=None if target is None else target * k,
            target_year=t0 + span + ahead,
            direction=direction,
        )

    plain, scaled = run(1.0), run(factor)
    assume(_clear_of_thresholds(plain, t))
    # Achieved compares the value with the target: equal after scaling unless they tie.
    assume(target is None or not math.isclose(value, target, rel_tol=1e-9))
    assert scaled.status is plain.status


@given(
    start=positive,
    value=positive,
    target=positive,
    t0=years,
    span=st.integers(1, 10),
    ahead=st.integers(1, 20),
    direction=st.sampled_from([INC, DEC]),
)
def test_the_ratio_decides_and_a_met_target_is_achieved(
    start: float, value: float, target: float, t0: int, span: int, ahead: int, direction: Direction
) -> None:
    r = judge_on_track(
        start=start,
        start_year=t0,
        value=value,
        value_year=t0 + span,
        target=target,
        target_year=t0 + span + ahead,
        direction=direction,
    )
    met = value >= target if direction is INC else value <= target
    assert (r.status is OnTrack.ACHIEVED) == met
    if not met and r.ratio is not None:
        assert (r.ratio >= 0.95) == (r.status is OnTrack.ON_TRACK)
        assert (r.ratio < 0) == (r.status is OnTrack.DETERIORATION)
    if not met and r.status is not OnTrack.NOT_ASSESSED:
        assert r.ratio is not None


near_marks = st.sampled_from([0.951, 0.955, 0.949, 0.601, 0.599, 0.001, -0.001, 1.0, 0.5, -0.5])


@given(
    start=positive,
    ratio=st.one_of(near_marks, st.floats(-1.5, 3.0)),
    t0=years,
    span=st.integers(1, 10),
    ahead=st.integers(1, 20),
    direction=st.sampled_from([INC, DEC]),
)
def test_the_grade_follows_the_ratio(
    start: float, ratio: float, t0: int, span: int, ahead: int, direction: Direction
) -> None:
    """A value made to grow at ``ratio`` times the required rate gets that ratio's grade."""
    d = 1.0 if direction is INC else -1.0
    target = start * 1.5 if direction is INC else start / 1.5
    required = (target / start) ** (1 / (span + ahead)) - 1
    value = start * (1 + d * ratio * abs(required)) ** span
    assume(value > 0)
    assume(value < target if direction is INC else value > target)
    assume(all(abs(ratio - mark) > 1e-6 for mark in (0.95, 0.6, 0.0)))
    r = judge_on_track(
        start=start,
        start_year=t0,
        value=value,
        value_year=t0 + span,
        target=target,
        target_year=t0 + span + ahead,
        direction=direction,
    )
    assert r.ratio == pytest.approx(ratio, rel=1e-6, abs=1e-9)
    expected = (
        OnTrack.ON_TRACK
        if ratio >= 0.95
        else OnTrack.NEEDS_ACCELERATION
        if ratio >= 0.6
        else OnTrack.LIMITED_PROGRESS
        if ratio >= 0
        else OnTrack.DETERIORATION
    )
    assert r.status is expected


series_rows = st.tuples(
    st.floats(0.01, 1e6),  # start
    st.one_of(
        st.sampled_from([0.95, 0.6, 0.0, 0.9500000001, 0.5999999999, 1e-12]), near_marks, st.floats(-1.5, 3)
    ),
    st.integers(1, 6),  # years from start to value
    st.integers(1, 10),  # years from value to target
    st.sampled_from([INC, DEC]),
    st.booleans(),  # with a målvärde
)


@given(st.lists(series_rows, min_size=1, max_size=24))
def test_assess_series_gives_the_same_codes(
    rows: list[tuple[float, float, int, int, Direction, bool]],
) -> None:
    """assess_series's on_track, vectorised, is judge_on_track's status series by series,
    also where the ratio or growth is on a threshold."""
    np = pytest.importorskip("numpy")
    years = list(range(2010, 2021))
    values = np.full((len(rows), len(years)), np.nan)
    baseline, baseline_year, target, target_year, direction, expected = [], [], [], [], [], []
    for k, (start, ratio, span, ahead, way, aimed) in enumerate(rows):
        d = 1.0 if way is INC else -1.0
        goal = start * 1.5 if way is INC else start / 1.5
        rate = abs((goal / start) ** (1 / (span + ahead)) - 1) if aimed else 0.015
        value = start * (1 + d * ratio * rate) ** span
        t0 = 2020 - span
        values[k, years.index(t0)] = start
        values[k, -1] = value
        baseline.append(start)
        baseline_year.append(t0)
        target.append(goal if aimed else math.nan)
        target_year.append(2020 + ahead if aimed else malstyrning.NO_YEAR)
        direction.append(way.value)
        found = judge_on_track(
            start=start,
            start_year=t0,
            value=value,
            value_year=2020,
            target=goal if aimed else None,
            target_year=2020 + ahead if aimed else None,
            direction=way,
        )
        expected.append(found.status.value)
    result = malstyrning.assess_series(
        values,
        years,
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        target_year=target_year,
        direction=direction,
    )
    assert result.on_track.tolist() == expected


def test_a_growth_threshold_written_as_a_percentage_is_refused() -> None:
    """`tillväxt_i_fas: 1,5 %` would be 150 % a year: a rate is a share, 0,015."""
    text = "plan: P\norganisation: O\når: 2018\nregler:\n  i_fas:\n    tillväxt_i_fas: 1,5 %\n"
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        malstyrning.loads_plan(text)
    assert "regler.i_fas.tillväxt_i_fas: ska vara högst 1, men här står '1,5 %'" in str(caught.value)
    plan = malstyrning.loads_plan(text.replace("1,5 %", '"0,015"'))
    assert plan.rules.on_track is not None
    assert plan.rules.on_track.growth_on_track == 0.015
