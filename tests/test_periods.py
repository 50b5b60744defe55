"""Periods within the year and year-end forecasts: the Period type, the engine at
a period, the forecast rules, the default report, and their properties."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import malstyrning
from malstyrning import ForecastBasis, IndicatorStatus, Period, Reason

PLANS = "plans"
FEW = max(30, settings().max_examples // 3)  # these build plans: keep the default run short


# A count so far this year (ackumulerat), from 60 last year towards 100.
COUNT: dict[str, Any] = {
    "id": "i",
    "titel": "Mottagna",
    "periodvärde": "ackumulerat",
    "ingångsvärde": {"värde": 60, "år": 2017},
    "målvärde": 100,
}


def plan_with(indicator: dict[str, Any], **top: Any) -> malstyrning.Plan:
    data: dict[str, Any] = {
        "plan": "Verksamhetsplan 2018",
        "organisation": "Testnämnden",
        "år": 2018,
        "målområden": [{"titel": "Område", "mål": [{"id": "m", "titel": "Mål", "indikatorer": [indicator]}]}],
    }
    data.update(top)
    return malstyrning.Plan.model_validate(data)


def only(assessment: malstyrning.Assessment) -> malstyrning.IndicatorResult:
    return assessment.areas[0].goals[0].indicators[0]


# --- The Period type -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown", "end"),
    [
        ("2018", "2018", dt.date(2018, 12, 31)),
        ("2018-T1", "2018-T1", dt.date(2018, 4, 30)),
        ("2018-t2", "2018-T2", dt.date(2018, 8, 31)),
        ("2018-H1", "2018-H1", dt.date(2018, 6, 30)),
        ("2018-K3", "2018-Q3", dt.date(2018, 9, 30)),
        ("2018-Q4", "2018-Q4", dt.date(2018, 12, 31)),
        ("2018-02", "2018-02", dt.date(2018, 2, 28)),
        ("2020-2", "2020-02", dt.date(2020, 2, 29)),
    ],
)
def test_a_period_reads_writes_and_ends(text: str, shown: str, end: dt.date) -> None:
    period = Period.parse(text)
    assert str(period) == shown
    assert period.end == end
    assert Period.parse(shown) == period


@pytest.mark.parametrize("text", ["2018-T4", "2018-H3", "2018-Q5", "2018-13", "2018-00", "2018-X1", "T1", ""])
def test_what_is_not_a_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a period|inte en period"):
        Period.parse(text)


def test_periods_order_by_their_end_and_the_year_comes_last() -> None:
    texts = ["2018", "2018-Q4", "2018-T3", "2018-12", "2018-H1", "2018-T1", "2017", "2018-05"]
    ordered = [str(p) for p in sorted(Period.parse(t) for t in texts)]
    assert ordered == ["2017", "2018-T1", "2018-05", "2018-H1", "2018-12", "2018-Q4", "2018-T3", "2018"]


periods = st.sampled_from(["Y", "T", "H", "Q", "M"]).flatmap(
    lambda kind: st.builds(
        Period,
        st.integers(2000, 2030),
        st.just(kind),
        st.integers(1, 12 // Period(2000, kind).months),
    )
)


@given(periods, periods)
def test_order_is_the_end_date_then_the_length(a: Period, b: Period) -> None:
    assert (a < b) == ((a.end, a.months) < (b.end, b.months))
    assert Period.parse(str(a)) == a
    assert a.known_at(b) == (a.end <= b.end)


# --- Loading -------------------------------------------------------------


def test_one_utfall_holds_years_and_periods() -> None:
    plan = plan_with({"id": "i", "titel": "I", "utfall": {2017: 5, "2018-T1": 6, "2018-K2": 7}})
    indicator = plan.indicators()[0]
    assert indicator.outcomes.keys() == {2017}
    assert [str(p) for p in sorted(indicator.period_outcomes)] == ["2018-T1", "2018-Q2"]


def test_a_period_named_twice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"2018-Q1 is given twice|2018-Q1 står två gånger"):
        plan_with({"id": "i", "titel": "I", "utfall": {"2018-K1": 6, "2018-Q1": 7}})


def test_a_period_error_points_into_utfall() -> None:
    text = (
        "plan: P\norganisation: O\når: 2018\nverksamhetsmått:\n"
        "  - id: i\n    titel: I\n    utfall:\n      2018-T1: 5\n      2018-T4: 6\n"
    )
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        malstyrning.loads_plan(text, filename="p.yaml")
    assert "p.yaml:9:7: verksamhetsmått[0].utfall.2018-T4" in str(caught.value)


def test_a_plan_round_trips_with_its_periods() -> None:
    plan = malstyrning.load_plan(f"{PLANS}/2016-delar.yaml")
    assert malstyrning.Plan.model_validate(plan.model_dump()) == plan


# --- The engine at a period ------------------------------------------------

DELAR = malstyrning.load_plan(f"{PLANS}/2016-delar.yaml")


def indicator_at(plan: malstyrning.Plan, ident: str, period: str) -> malstyrning.IndicatorResult:
    assessment = malstyrning.assess(plan, period=period)
    return next(i for i in [*assessment.indicators(), *assessment.measures] if i.id == ident)


def test_a_level_value_is_judged_at_its_period() -> None:
    found = indicator_at(DELAR, "forsorjningsstod", "2016-T2")
    assert (found.value, found.value_year, found.value_period) == (80, 2016, "2016-T2")
    assert found.status is IndicatorStatus.CLOSE  # (98 − 80) / (98 − 75) = 78 % ≥ 50 %
    assert found.forecast is not None
    assert (found.forecast.basis, found.forecast.value, found.forecast.period) == (
        ForecastBasis.CARRIED,
        80,
        "2016-T2",
    )
    assert found.forecast.status is IndicatorStatus.CLOSE


def test_only_values_known_at_the_period_count() -> None:
    found = indicator_at(DELAR, "forsorjningsstod", "2016-T1")
    assert (found.value, found.value_period) == (83, "2016-T1")


def test_a_count_so_far_is_judged_by_its_forecast() -> None:
    found = indicator_at(DELAR, "mottagna", "2016-T2")
    assert (found.status, found.reason, found.value) == (
        IndicatorStatus.NOT_ASSESSED,
        Reason.PARTIAL_YEAR,
        82,
    )
    assert found.forecast is not None
    assert (found.forecast.basis, found.forecast.value) == (ForecastBasis.STATED, 110)
    assert found.forecast.status is IndicatorStatus.REACHED
    assert found.forecast.comment is not None
    assert "110" in found.forecast.comment


def test_without_a_stated_forecast_a_count_is_scaled_to_the_year() -> None:
    plan = plan_with({**COUNT, "utfall": {"2018-T2": 82}})
    found = only(malstyrning.assess(plan, period="2018-T2"))
    assert found.forecast is not None
    assert (found.forecast.basis, found.forecast.value) == (ForecastBasis.SCALED, 123)
    assert found.forecast.status is IndicatorStatus.REACHED


def test_no_value_this_year_shows_the_starting_position_unjudged() -> None:
    plan = malstyrning.load_plan(f"{PLANS}/2018.yaml")
    assessment = malstyrning.assess(plan, period="2018-T1")
    results = assessment.indicators()
    assert {r.reason for r in results if r.value is not None} <= {Reason.NO_VALUE_YET}
    assert all(r.status is IndicatorStatus.NOT_ASSESSED for r in results)
    assert any(r.value is not None and r.value_year == 2017 for r in results)


def test_the_economy_during_the_year_is_against_the_forecast() -> None:
    economy = malstyrning.assess(DELAR, period="2016-T2").economy
    assert economy is not None
    assert economy.result is not None
    assert (economy.result.variance, economy.result.variance_basis) == (-400, "forecast")


def test_goals_roll_up_their_forecasts_and_keep_a_stated_one() -> None:
    goal = malstyrning.assess(DELAR, period="2016-T2").areas[0].goals[0]
    assert goal.forecast is not None
    # mottagna reached (1), bostader far (0): a mean of 1/2 → i hög grad
    assert (goal.forecast.status, goal.forecast.score) == (malstyrning.GoalStatus.LARGELY, 0.5)
    assert goal.forecast.stated is malstyrning.GoalStatus.FULLY
    assert goal.forecast.disagrees


def test_a_whole_year_without_forecasts_is_assessed_as_before() -> None:
    plan = malstyrning.load_plan(f"{PLANS}/2017.yaml")
    by_year = malstyrning.assess(plan, year=2017)
    by_period = malstyrning.assess(plan, period=2017)
    assert by_period.areas == by_year.areas
    assert by_period.measures == by_year.measures
    assert by_period.period == "2017"
    assert by_year.period is None
    assert all(i.forecast is None for i in by_year.indicators())


def test_year_and_period_together_are_refused() -> None:
    with pytest.raises(malstyrning.InvalidArgumentError):
        malstyrning.assess(DELAR, year=2016, period="2016-T2")
    with pytest.raises(malstyrning.InvalidArgumentError):
        malstyrning.assess(DELAR, period="2016-T9")
    with pytest.raises(malstyrning.ArgumentTypeError):
        malstyrning.assess(DELAR, period=2016.5)  # type: ignore[arg-type]


# --- The default report ----------------------------------------------------


def test_the_default_is_the_latest_report_with_a_value() -> None:
    chosen = malstyrning.choose_report(DELAR)
    assert (str(chosen.period), chosen.report and chosen.report.id, chosen.has_values) == (
        "2016-T2",
        "delår",
        True,
    )
    chosen = malstyrning.choose_report(malstyrning.load_plan(f"{PLANS}/2017.yaml"))
    assert (str(chosen.period), chosen.report and chosen.report.name) == ("2017", "Verksamhetsberättelse")


def test_a_year_without_values_defaults_to_its_first_report() -> None:
    chosen = malstyrning.choose_report(malstyrning.load_plan(f"{PLANS}/2018.yaml"))
    assert (str(chosen.period), chosen.has_values) == ("2018-T1", False)


def test_values_between_reports_choose_their_own_period() -> None:
    plan = plan_with({"id": "i", "titel": "I", "utfall": {"2018-03": 5, "2018-05": 6}})
    chosen = malstyrning.choose_report(plan)
    assert (str(chosen.period), chosen.report) == ("2018-05", None)


def test_find_report_names_the_calendar() -> None:
    assert str(malstyrning.find_report(DELAR, "tertial").period) == "2016-T1"
    with pytest.raises(malstyrning.InvalidArgumentError, match="delår"):
        malstyrning.find_report(DELAR, "delar")


# --- Properties ----------------------------------------------------------

LEVEL_OR_COUNT = st.sampled_from(["läge", "ackumulerat"])
VALUES = st.integers(0, 400).map(float)
IN_YEAR = st.sampled_from(["T", "H", "Q", "M"]).flatmap(
    lambda kind: st.integers(1, 12 // malstyrning.Period(2018, kind).months).map(
        lambda i: malstyrning.Period(2018, kind, i)
    )
)


@st.composite
def indicators(draw: st.DrawFn) -> dict[str, Any]:
    values = draw(st.dictionaries(IN_YEAR, VALUES, max_size=5))
    data: dict[str, Any] = {
        "id": "i",
        "titel": "I",
        "periodvärde": draw(LEVEL_OR_COUNT),
        "utfall": {**{str(p): v for p, v in values.items()}},
    }
    if draw(st.booleans()):
        data["utfall"][2017] = draw(VALUES)
    data["ingångsvärde"] = {"värde": draw(VALUES), "år": 2017}
    data["målvärde"] = draw(VALUES)
    if draw(st.booleans()):
        data["riktning"] = draw(st.sampled_from(["öka", "minska"]))
    if draw(st.booleans()):
        data["prognos"] = {2018: draw(VALUES)}
    return data


@settings(max_examples=FEW)
@given(indicators(), IN_YEAR, IN_YEAR, VALUES)
def test_a_later_value_never_changes_an_earlier_period(
    indicator: dict[str, Any], at: Period, later: Period, value: float
) -> None:
    """Adding a value for a period that ends after ``at`` leaves ``at``'s assessment as it was."""
    if later.end <= at.end:
        at, later = later, at
    if later.end <= at.end:
        return  # the same end: not later
    before = only(malstyrning.assess(plan_with(indicator), period=at))
    indicator = {**indicator, "utfall": {**indicator["utfall"], str(later): value}}
    after = only(malstyrning.assess(plan_with(indicator), period=at))
    assert after == before


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.sampled_from(["2018-T3", "2018-H2", "2018-Q4", "2018-12"]),
)
def test_scaling_is_exact_at_the_years_end(value: float, end: str) -> None:
    assert malstyrning.scaled_to_year(value, Period.parse(end)) == value


@given(st.integers(0, 10**6), IN_YEAR)
def test_scaling_is_by_elapsed_months(count: int, period: Period) -> None:
    scaled = malstyrning.scaled_to_year(float(count), period)
    assert scaled == pytest.approx(count * 12 / period.end_month, rel=1e-15)
    assert scaled >= count


@settings(max_examples=FEW)
@given(
    indicators(), VALUES, st.sampled_from([2018, "2018-T3", "2018-Q4", "2018-H2", "2018-12"]), st.booleans()
)
def test_at_the_years_end_the_forecast_is_the_label(
    indicator: dict[str, Any], outcome: float, end: int | str, by_year: bool
) -> None:
    """Assessed for the whole year with a value for its end (the year's own, or a
    period ending in December): the forecast is that value, and its label is the label."""
    indicator = {**indicator, "utfall": {**indicator["utfall"], end: outcome}}
    how: dict[str, Any] = {"year": 2018} if by_year else {"period": 2018}
    found = only(malstyrning.assess(plan_with(indicator), **how))
    if found.forecast is None:  # a year without period values or a prognos: no forecast is made
        assert end == 2018
        assert "prognos" not in indicator
        assert not any(str(key).startswith("2018-") for key in indicator["utfall"])
        return
    assert found.forecast.basis is ForecastBasis.OUTCOME
    assert (found.forecast.status, found.forecast.value, found.forecast.progress) == (
        found.status,
        found.value,
        found.progress,
    )


@settings(max_examples=FEW)
@given(indicators(), IN_YEAR)
def test_a_stated_forecast_always_wins_during_the_year(indicator: dict[str, Any], at: Period) -> None:
    """Before the year's end a stated prognos is the forecast; at its end (T3, Q4,
    December) a value for a period ending then is the outcome."""
    assume(at.end_month < 12)  # a period ending with the year is the whole year (tested above)
    found = only(malstyrning.assess(plan_with(indicator), period=at))
    assert found.forecast is not None
    if found.value_period is not None and Period.parse(found.value_period).end_month == 12:
        assert found.forecast.basis is ForecastBasis.OUTCOME
        assert (found.forecast.status, found.forecast.value) == (found.status, found.value)
    elif "prognos" in indicator:
        assert (found.forecast.basis, found.forecast.value) == (
            ForecastBasis.STATED,
            indicator["prognos"][2018],
        )
    elif found.value_period is None:
        assert found.forecast.basis is None
        assert found.forecast.reason is Reason.NO_FORECAST
    else:
        assert found.forecast.basis in (ForecastBasis.SCALED, ForecastBasis.CARRIED)


def test_the_economy_shows_the_actual_so_far() -> None:
    """utfall 2016-T2 in ekonomi: each line's actual_to_date, sum rows adding their parts."""
    economy = malstyrning.assess(DELAR, period="2016-T2").economy
    assert economy is not None
    assert economy.period == "2016-T2"
    by_title = {line.title: line.actual_to_date for line in economy.lines}
    assert by_title["Summa intäkter"] == 11_800  # 10 300 + 1 500, not stated
    assert by_title["Resultat"] == -100  # 11 800 − 11 900
    tertial = malstyrning.assess(DELAR, period="2016-T1").economy
    assert tertial is not None
    assert tertial.period is None  # no figures up to T1
    assert all(line.actual_to_date is None for line in tertial.lines)


def test_a_period_sum_that_does_not_add_up_is_a_lint_warning() -> None:
    source = Path(PLANS, "2016-delar.yaml").read_text(encoding="utf-8")
    stated = "prognos: {2016: 18 350}}"
    changed = source.replace(stated, "prognos: {2016: 18 350}, utfall: {2016-T2: 11 000}}")
    assert changed != source
    found = [f for f in malstyrning.lint_text(changed, filename="d.yaml") if f.rule.value == "ekonomi-summa"]
    assert len(found) == 1
    assert "2016-T2" in str(found[0])
    assert "11000" in str(found[0]) or "11 000" in str(found[0])


def test_at_the_years_end_a_count_is_the_years_count() -> None:
    """A count for a period ending in December is the whole year's: judged, not set aside."""
    plan = plan_with({**COUNT, "utfall": {"2018-T2": 82, "2018-T3": 104}, "prognos": {2018: 110}})
    found = only(malstyrning.assess(plan, period="2018-T3"))
    assert (found.status, found.value, found.value_period) == (IndicatorStatus.REACHED, 104, "2018-T3")
    assert found.forecast is not None
    assert (found.forecast.basis, found.forecast.value) == (ForecastBasis.OUTCOME, 104)
    year_value = plan_with({**plan.indicators()[0].model_dump(), "utfall": {"2018-T3": 104, 2018: 106}})
    found = only(malstyrning.assess(year_value, period="2018-Q4"))
    assert (found.value, found.value_period) == (106, None)  # the year's own value comes last


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("bedöms uppfyllas", "fully"),
        ("Målet bedöms bli uppfyllt".removeprefix("Målet "), "fully"),
        ("bedöms i hög grad uppfyllas", "largely"),
        ("bedöms delvis uppfyllas", "partly"),
        ("bedöms inte uppfyllas", "not_met"),
        ("kan inte bedömas", "not_assessed"),
        ("delvis uppfyllt", "partly"),
    ],
)
def test_a_goal_states_its_forecast_in_the_reports_words(written: str, code: str) -> None:
    plan = plan_with({"id": "i", "titel": "I"})
    data = plan.model_dump()
    data["målområden"][0]["mål"][0]["angiven_prognos"] = written
    assert malstyrning.Plan.model_validate(data).goals()[0].stated_forecast == code


def test_the_summary_counts_the_goals_forecasts() -> None:
    """During the year the summary says whether the goals are expected to be met;
    a whole year without forecasts has none."""
    summary = malstyrning.assess(DELAR, period="2016-T2").summary
    assert summary.forecasts is not None
    # The qualitative goal `samverkan` is judged from its items; no forecast is made from them.
    assert dict(summary.forecasts) == {"fully": 0, "largely": 2, "partly": 0, "not_met": 0, "not_assessed": 1}
    assert malstyrning.assess(malstyrning.load_plan(f"{PLANS}/2017.yaml")).summary.forecasts is None


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx"])
def test_every_report_format_has_the_goals_forecast_summary(fmt: str) -> None:
    pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    report = malstyrning.build_report(DELAR, malstyrning.assess(DELAR, period="2016-T2"), lang="sv")
    rendered = malstyrning.render_report(report, fmt)  # type: ignore[arg-type]
    if fmt == "xlsx":
        import io

        assert isinstance(rendered, bytes)
        book = openpyxl.load_workbook(io.BytesIO(rendered))
        rendered = "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    elif isinstance(rendered, bytes):  # docx: the document's XML, whose text python-docx writes as is
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(rendered)) as archive:
            rendered = archive.read("word/document.xml").decode("utf-8")
    assert "Målens prognos för helåret" in rendered
    assert "Bedöms i hög grad uppfyllas" in rendered


def test_a_december_value_is_the_years_value() -> None:
    """Without a value for the year itself, a value for a period ending in December
    is the year's: judged for the whole year, the year-end report uses it."""
    plan = plan_with({**COUNT, "utfall": {2017: 100, "2018-T2": 82, "2018-T3": 125}})
    assert str(malstyrning.choose_report(plan).period) == "2018"
    found = only(malstyrning.assess(plan, year=2018))
    assert (found.value, found.value_period, found.status) == (125, "2018-T3", IndicatorStatus.REACHED)
    assert found.forecast is not None
    assert (found.forecast.basis, found.forecast.status) == (ForecastBasis.OUTCOME, IndicatorStatus.REACHED)
    # Only the delår known: the year is judged on it as at any period (a count so far: set aside).
    early = plan_with({**plan.indicators()[0].model_dump(), "utfall": {2017: 100, "2018-T2": 82}})
    found = only(malstyrning.assess(early, year=2018))
    assert (found.value, found.reason) == (82, Reason.PARTIAL_YEAR)


def test_during_the_year_the_economy_leaves_out_the_years_utfall() -> None:
    """A plan edited after the year still shows, at a period, only what was known then."""
    source = Path(PLANS, "2016-delar.yaml").read_text(encoding="utf-8")
    stated = "utfall: {2016-T2: 6 900}}"
    changed = source.replace(stated, "utfall: {2016-T2: 6 900, 2016: 10 500}}")
    assert changed != source
    plan = malstyrning.loads_plan(changed)
    economy = malstyrning.assess(plan, period="2016-T2").economy
    assert economy is not None
    staff = next(line for line in economy.lines if line.title == "Personalkostnader")
    assert (staff.actual, staff.actual_to_date, staff.variance_basis) == ({}, 6900, "forecast")
    whole = malstyrning.assess(plan, year=2016).economy
    assert whole is not None
    staff = next(line for line in whole.lines if line.title == "Personalkostnader")
    assert (staff.actual, staff.variance_basis) == ({2016: 10500}, "actual")


def test_a_period_ending_with_the_year_has_values_and_the_years_title() -> None:
    plan = malstyrning.load_plan(f"{PLANS}/2017.yaml")
    assessment = malstyrning.assess(plan, period="2017-Q4")
    assert assessment.has_values()
    assert not malstyrning.assess(malstyrning.load_plan(f"{PLANS}/2018.yaml"), period="2018-T1").has_values()
    built = malstyrning.build_report(plan, assessment, lang="sv")
    rendered = malstyrning.render_report(built, "md")
    assert isinstance(rendered, str)
    assert rendered.startswith("# Verksamhetsberättelse 2017")
    assert "Inga utfall" not in rendered


def test_a_forecast_is_for_the_assessed_year_not_the_targets() -> None:
    plan = plan_with(
        {
            "id": "i",
            "titel": "I",
            "riktning": "öka",
            "ingångsvärde": {"värde": 40, "år": 2017},
            "målvärde": {"värde": 50, "år": 2030},
            "utfall": {"2018-T2": 44},
        }
    )
    found = only(malstyrning.assess(plan, period="2018-T2"))
    assert found.forecast is not None
    assert found.forecast.year == 2018
    from malstyrning._report._labels import forecast_words

    words = forecast_words(found, "sv")
    assert words is not None
    assert words.startswith("Prognos 2018: 44")


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ("{id: t, namn: T2, period: 2018-T2}", "två rapporter har id 't'"),
        ("{id: t2, namn: T2, period: 2018-T1}", "två rapporter gäller perioden 2018-T1"),
    ],
)
def test_two_reports_may_not_share_an_id_or_a_period(second: str, message: str) -> None:
    first = "{id: t, namn: T1, period: 2018-T1}"
    text = f"plan: P\norganisation: O\når: 2018\nrapporter:\n  - {first}\n  - {second}\n"
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        malstyrning.loads_plan(text, filename="p.yaml")
    assert f"p.yaml:5:3: rapporter: {message}" in str(caught.value)


def test_a_period_outside_the_years_is_refused_by_the_api() -> None:
    with pytest.raises(malstyrning.InvalidArgumentError):
        malstyrning.assess(DELAR, period=Period(1800, "T", 1))
    with pytest.raises(malstyrning.InvalidArgumentError):
        malstyrning.explain(DELAR, "mottagna", period=Period(9999, "T", 1))


def test_a_dump_that_leaves_out_utfall_leaves_out_its_periods() -> None:
    indicator = DELAR.indicators()[0]
    assert indicator.model_dump(include={"title"}) == {"titel": indicator.title}
    assert "utfall" not in indicator.model_dump(exclude={"outcomes"})
    assert "2016-T2" in indicator.model_dump()["utfall"]


def test_a_period_where_a_year_is_asked_says_where_periods_go() -> None:
    from typer.testing import CliRunner

    from malstyrning._cli import app

    runner = CliRunner()
    record = runner.invoke(app, ["record", f"{PLANS}/2016-delar.yaml", "mottagna", "2016-T3", "100"])
    assert record.exit_code == 2
    assert "en period: assess, report, show och explain tar en med --period" in " ".join(
        record.stderr.split()
    )
    year = runner.invoke(app, ["assess", f"{PLANS}/2016-delar.yaml", "--year", "2016"])
    assert year.exit_code == 0


@pytest.mark.parametrize("period", ["2017-T3", "2017-Q4", "2017-H2", "2017-12"])
def test_a_period_ending_with_the_year_is_the_year(period: str) -> None:
    plan = malstyrning.load_plan(f"{PLANS}/2017.yaml")
    at_end = malstyrning.assess(plan, period=period)
    year = malstyrning.assess(plan, year=2017)
    assert at_end.areas == year.areas
    assert at_end.economy == year.economy
    assert at_end.period == "2017"


def test_a_year_without_a_value_for_its_periods_falls_back_as_ever() -> None:
    """A saknas for a period of the year, and no value of it: the year's rules fall back
    to an earlier year, as they do for a saknas of the year itself; nothing says 'ännu'."""
    by_period = plan_with(
        {
            "id": "i",
            "titel": "I",
            "riktning": "öka",
            "ingångsvärde": {"värde": 20, "år": 2014},
            "målvärde": 60,
            "utfall": {2015: 40, "2016-T1": {"saknas": "Ej mätt"}},
        }
    )
    by_year = plan_with(
        {
            "id": "i",
            "titel": "I",
            "riktning": "öka",
            "ingångsvärde": {"värde": 20, "år": 2014},
            "målvärde": 60,
            "utfall": {2015: 40, 2016: {"saknas": "Ej mätt"}},
        }
    )
    a = only(malstyrning.assess(by_period, year=2016))
    b = only(malstyrning.assess(by_year, year=2016))
    assert (a.status, a.value, a.value_year, a.reason) == (b.status, b.value, b.value_year, b.reason)
    assert a.reason is not Reason.NO_VALUE_YET


def test_the_economy_takes_a_december_utfall_as_the_years() -> None:
    source = Path(PLANS, "2016-delar.yaml").read_text(encoding="utf-8")
    plan = malstyrning.loads_plan(source.replace("utfall: {2016-T2: ", "utfall: {2016-T3: "))
    economy = malstyrning.assess(plan, year=2016).economy
    assert economy is not None
    assert economy.result is not None
    assert (economy.result.actual, economy.result.variance_basis) == ({2016: -100}, "actual")
    assert economy.period is None
    delar = malstyrning.assess(DELAR, year=2016).economy  # only the delår's utfall: shown so far
    assert delar is not None
    assert delar.result is not None
    assert (delar.period, delar.result.actual_to_date, delar.result.variance_basis) == (
        "2016-T2",
        -100,
        "forecast",
    )


def test_a_whole_year_report_shows_the_period_value_it_judges() -> None:
    built = malstyrning.build_report(DELAR, malstyrning.assess(DELAR, year=2016), lang="sv")
    text = malstyrning.render_report(built, "md")
    assert isinstance(text, str)
    assert "| 61 % (jan–aug) |" in text
    row = next(r for a in built.areas for g in a.goals for r in g.indicators if r.result.id == "bostader")
    assert [c.period for c in row.periods] == ["2016-T1", "2016-T2"]


@pytest.mark.parametrize(
    "how", [{}, {"exclude_defaults": True}, {"exclude_none": True}, {"mode": "json"}, {"exclude_unset": True}]
)
def test_every_dump_keeps_the_periods(how: dict[str, Any]) -> None:
    assert malstyrning.Plan.model_validate(DELAR.model_dump(**how)) == DELAR
