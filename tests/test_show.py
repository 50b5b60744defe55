"""One indicator as a text chart (`malstyrning show PLAN INDICATOR`).

The chart is plotext's, returned as text: outcomes per year, the starting
value and the target as horizontal lines, a legend below the chart, and a
line with the bedömning and trend.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import sys
import types

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import malstyrning
from conftest import PLANS, plan_text
from malstyrning import Language
from malstyrning._report._axis import nice_ticks, tick_places
from malstyrning._report._build import Report, build_report
from malstyrning._report._labels import chartable, format_number
from malstyrning._report._show import render_indicator_chart

pytest.importorskip("plotext")

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def report_of(plan: malstyrning.Plan, *, lang: Language = "sv") -> Report:
    return build_report(plan, malstyrning.assess(plan), lang=lang, generated=dt.date(2018, 2, 15))


def report_2017(lang: Language = "sv") -> Report:
    return report_of(malstyrning.load_plan(PLANS / "2017.yaml"), lang=lang)


def test_chart_has_title_years_legend_and_assessment_line() -> None:
    """The sommarjobb chart names the indicator, shows the years, the legend and the bedömning."""
    chart = render_indicator_chart(report_2017(), "sommarjobb")
    lines = chart.splitlines()
    assert lines[0] == "Arbetscentrum - Antal som fick sommarjobb (sommarjobb)"
    assert all(year in chart for year in ("2015", "2016", "2017"))
    assert "● Utfall" in chart
    assert "┄ Ingångsvärde 102 (2016)" in chart
    assert "═ Mål 200 (2017)" in chart
    # The bedömning line, broken between its parts at the chart's width (72).
    assert lines[-2:] == ["Bedömning: Nära värde (framsteg 57,1 %) · Trend: ↗ Ökad", "Utfall 158 (2017)"]
    assert max(len(line) for line in lines) <= 72
    # The target and starting value are drawn as lines across the chart.
    assert "═" * 20 in chart
    assert "┄" * 10 in chart


def test_chart_without_color_has_no_escape_codes_and_with_color_has() -> None:
    """color=False gives plain text (for pipes and files); color=True adds ANSI colours."""
    plain = render_indicator_chart(report_2017(), "sommarjobb")
    painted = render_indicator_chart(report_2017(), "sommarjobb", color=True)
    assert not ANSI.search(plain)
    assert ANSI.search(painted)
    assert ANSI.sub("", painted).splitlines()[-1] == plain.splitlines()[-1]


def test_chart_size_follows_width_and_height() -> None:
    """No line of the chart is wider than asked; a taller chart has more lines."""
    small = render_indicator_chart(report_2017(), "sommarjobb", width=40, height=10)
    tall = render_indicator_chart(report_2017(), "sommarjobb", width=40, height=20)
    assert max(len(line) for line in small.splitlines()[:-2]) <= 40
    assert len(tall.splitlines()) == len(small.splitlines()) + 10


@pytest.mark.usefixtures("english")
def test_too_small_a_chart_is_refused() -> None:
    """A chart smaller than 30 × 8 cells cannot show its axes: ValueError."""
    with pytest.raises(ValueError, match="at least 30 × 8"):
        render_indicator_chart(report_2017(), "sommarjobb", width=20)


def test_missing_outcome_is_listed_with_its_reason() -> None:
    """Years without an outcome are listed below the chart with the plan's reason."""
    chart = render_indicator_chart(report_2017(), "unga-neet")
    assert "2017: saknas: Finns ingen statistik framtaget för året." in chart
    assert "Bedömning: Långt ifrån värde" in chart
    # No målvärde, so no target line in the legend.
    assert "Mål " not in chart


def test_axis_numbers_are_in_swedish_notation() -> None:
    """The value axis uses Swedish notation: space between thousands, no decimal point."""
    chart = render_indicator_chart(report_2017(), "ekonomiskt-resultat")
    assert "-1 000" in chart
    assert "1 000" in chart
    assert "1000.0" not in chart
    assert "Utfall -1 684 tkr (2017)" in chart


def test_comparison_values_appear_in_the_legend() -> None:
    """The plan's jämförelse series are drawn and named in the legend."""
    chart = render_indicator_chart(report_2017(), "arbetslosa-andel")
    assert "◆ Stockholms län" in chart
    assert "▲ riket" in chart


def test_measures_can_be_charted() -> None:
    """A verksamhetsmått is found by its id like any indicator."""
    report = report_of(malstyrning.load_plan(PLANS / "2018.yaml"))
    chart = render_indicator_chart(report, "arbetslosa-andel")
    assert chart.startswith("Arbetslösa 16-64 år")
    assert "Trend: ↗ Ökad, försämrad" in chart


def test_chart_in_english() -> None:
    """With lang en the legend, assessment line and numbers are English."""
    chart = render_indicator_chart(report_2017("en"), "sjukfranvaro-total")
    # A title longer than the chart is wide wraps, never inside the id.
    title = chart.splitlines()[:2]
    assert title == ["Den totala sjukfrånvaron inom verksamhetsområdet (%)", "(sjukfranvaro-total)"]
    assert "● Outcome" in chart
    assert "┄ Starting value 4.32% (2016)" in chart
    assert "═ Target 4% (2017)" in chart
    # The 2017 plan reads arrows as improvement: falling sick leave points up.
    assert "Assessment: Target reached · Trend: ↗ Increased · Outcome 1.18% (2017)" in chart


def test_indicator_with_nothing_to_draw() -> None:
    """An indicator without outcomes, starting value or target says so instead of drawing an empty frame."""
    plan = malstyrning.loads_plan(
        plan_text(
            """
            målområden:
              - titel: Område
                mål:
                  - titel: Målet
                    indikatorer:
                      - id: tom
                        titel: Inget ännu
            """
        )
    )
    chart = render_indicator_chart(report_of(plan), "tom")
    assert chart.splitlines() == [
        "Inget ännu (tom)",
        "Inga värden att rita.",
        "Bedömning: Ej bedömd: inget målvärde · Trend: Ingen jämförelse",
    ]


@pytest.mark.usefixtures("english")
def test_unknown_id_is_a_value_error_with_suggestions() -> None:
    """An unknown id raises ValueError naming close ids, by spelling or by title."""
    with pytest.raises(ValueError, match=r"no indicator with id 'sommarjob'; did you mean 'sommarjobb'\?"):
        render_indicator_chart(report_2017(), "sommarjob")
    with pytest.raises(ValueError, match=r"did you mean .*'sjukfranvaro-kort'"):
        render_indicator_chart(report_2017(), "Sjukfrånvaro")


@pytest.mark.usefixtures("english")
def test_unknown_id_without_a_close_match_lists_the_ids() -> None:
    """With nothing close, the error lists the plan's indicator ids."""
    with pytest.raises(ValueError, match=r"the plan's indicators are: unga-neet, arbetslosa-andel, "):
        render_indicator_chart(report_2017(), "xyz")


@pytest.mark.usefixtures("english")
def test_missing_report_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without plotext, the chart says which extra to install."""
    monkeypatch.setitem(sys.modules, "plotext", None)
    with pytest.raises(
        ModuleNotFoundError, match=r"needs the 'report' extra: pip install 'malstyrning\[report\]'"
    ):
        render_indicator_chart(report_2017(), "sommarjobb")


@pytest.mark.usefixtures("english")
def test_plotext_with_another_api_is_reported_as_the_extra_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """plotext 5 (no figure.signal) cannot draw these charts: the error names the version needed."""
    monkeypatch.setitem(sys.modules, "plotext", types.SimpleNamespace(__version__="5.3.2"))
    with pytest.raises(ModuleNotFoundError, match=r"plotext 6\.1 or later \(found 5\.3\.2\)"):
        render_indicator_chart(report_2017(), "sommarjobb")


def test_escape_sequences_in_plan_text_do_not_reach_the_terminal() -> None:
    """Control characters in a title or reason (an escape sequence, say) are shown escaped, not sent."""
    plan = malstyrning.loads_plan(
        plan_text(
            """
            målområden:
              - titel: Område
                mål:
                  - titel: Målet
                    indikatorer:
                      - id: a
                        titel: "Röd\\x1b[31m titel"
                        utfall: {2017: 1, 2018: {saknas: "skäl\\x9b2J"}}
            """
        )
    )
    chart = render_indicator_chart(report_of(plan), "a")
    assert "\x1b" not in chart
    assert "\x9b" not in chart
    assert chart.startswith("Röd\\u001b[31m titel (a)")
    assert "2018: saknas: skäl\\u009b2J" in chart


def test_cli_show() -> None:
    """`show PLAN INDICATOR` draws the chart; an unknown id exits 2 with a suggestion."""
    from typer.testing import CliRunner

    from malstyrning._cli import app

    runner = CliRunner()
    shown = runner.invoke(app, ["show", str(PLANS / "2017.yaml"), "sommarjobb"], env={"COLUMNS": "90"})
    assert shown.exit_code == 0, shown.output
    assert "Arbetscentrum - Antal som fick sommarjobb" in shown.output
    assert "Nära värde" in shown.output
    unknown = runner.invoke(app, ["show", str(PLANS / "2017.yaml"), "sommarjob"])
    assert unknown.exit_code == 2
    assert "menade du 'sommarjobb'" in unknown.stderr


@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
)
def test_ticks_cover_any_readable_range_in_distinct_steps(a: float, b: float) -> None:
    """Wherever the chart is drawn, its ticks are distinct, rising, few, and
    cover the values, and their labels are distinct too."""
    low, high = min(a, b), max(a, b)
    assume(chartable([low, high]))  # the others are said in words (test below)
    ticks = nice_ticks(low, high)
    assert all(x < y for x, y in itertools.pairwise(ticks))
    assert ticks[0] <= low
    assert high <= ticks[-1]
    assert 2 <= len(ticks) <= 12
    places = max(4, tick_places(ticks[1] - ticks[0]))
    labels = [format_number(tick, "sv", decimals=places) for tick in ticks]
    assert len(set(labels)) == len(labels), labels


def test_values_a_chart_cannot_hold_are_said_in_words() -> None:
    """A plan may hold 1e308 beside -1e308; the chart says so instead of failing."""
    text = plan_text(
        "verksamhetsmått:\n"
        "  - {id: m, titel: M, riktning: öka, ingångsvärde: -1e308, utfall: {2018: 1e308}}\n"
    )
    plan = malstyrning.loads_plan(text)
    report = build_report(plan, malstyrning.assess(plan), generated=dt.date(2026, 1, 1))
    chart = malstyrning.render_indicator_chart(report, "m")
    assert "Värdena går inte att rita: de ligger för långt isär eller för nära varandra." in chart
    assert "Värde uppnått" in chart


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        ((0.00001, 0.00002, 0.00005), ["0,00001", "0,00002", "0,00003", "0,00004", "0,00005"]),
        (
            (2_000_000_002, 2_000_000_001, 2_000_000_000),
            ["2 000 000 000", "2 000 000 000,5", "2 000 000 001"],
        ),
    ],
)
def test_small_and_close_values_get_a_chart_with_distinct_labels(
    values: tuple[float, float, float], labels: list[str]
) -> None:
    """Values of a few hundred-thousandths, or two billion apart by one: the
    axis is labelled with as many decimals as its steps need."""
    baseline, target, outcome = values
    text = plan_text(
        "verksamhetsmått:\n  - {id: m, titel: M, "
        f"ingångsvärde: {baseline!r}, målvärde: {target!r}, utfall: {{2018: {outcome!r}}}}}\n"
    )
    plan = malstyrning.loads_plan(text)
    report = build_report(plan, malstyrning.assess(plan), generated=dt.date(2026, 1, 1))
    chart = malstyrning.render_indicator_chart(report, "m")
    axis = [line.split("┤")[0].strip() for line in chart.splitlines() if "┤" in line]
    assert all(label in axis for label in labels), axis


def _at(period: str, lang: Language = "sv") -> Report:
    plan = malstyrning.load_plan(PLANS / "2016-delar.yaml")
    return build_report(plan, malstyrning.assess(plan, period=period), lang=lang)


def test_during_the_year_the_chart_has_the_periods_and_the_forecast() -> None:
    """At the delår: the year's values for periods where they fall in it, the
    forecast as its own marker, and the verdict with the value's period and the
    forecast's label."""
    chart = render_indicator_chart(_at("2016-T2"), "mottagna", width=80)
    assert "◇ Prognos 2016: 110" in chart
    *verdict, forecast = chart.splitlines()[-3:]
    assert "Hittills i år: se prognosen" in verdict[0]
    assert "Utfall 82 (2016-T2)" in " ".join(verdict)
    assert forecast == "Prognos 2016: 110 (angiven prognos) ✓ Värde uppnått"
    plot = "\n".join(line for line in chart.splitlines() if "│" in line)
    assert plot.count("●") == 3  # 2015, 2016-T1 and 2016-T2
    tertial = render_indicator_chart(_at("2016-T1"), "forsorjningsstod", width=80)
    assert "Utfall 83 (2016-T1)" in " ".join(tertial.splitlines()[-3:-1])
    assert "Prognos 2016: 83 (senaste läget från 2016-T1) ≈ Nära värde" in tertial


def test_a_whole_year_has_no_forecast_marker() -> None:
    chart = render_indicator_chart(report_2017(), "sommarjobb", width=80)
    assert "◇" not in chart
    assert "Prognos" not in chart
