"""The HTML report's indicator charts: the value axis covers every value drawn,
starts at zero for shares and counts unless the plan says otherwise, and the
comparison series are drawn and named."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import malstyrning
from conftest import PLANS, plan_text
from malstyrning._report._axis import chart_levels, tick_places, value_axis
from malstyrning._report._build import IndicatorRow, Report, build_report
from malstyrning._report._html import render_html
from malstyrning._report._labels import DECIMALS, format_number

pytest.importorskip("jinja2")
pytest.importorskip("pygal")

_SVG = "{http://www.w3.org/2000/svg}"


def _report(plan: malstyrning.Plan) -> Report:
    return build_report(plan, malstyrning.assess(plan))


def _rows(report: Report) -> list[IndicatorRow]:
    rows = [row for area in report.areas for goal in area.goals for row in goal.indicators]
    return rows + list(report.measures)


def _charts(page: str) -> dict[str, ET.Element]:
    """Each indicator's chart (``<figure id="chart-ID">``) as a parsed SVG."""
    charts = {}
    for match in re.finditer(r'<figure class="chart[^"]*" id="chart-([^"]+)".*?(<svg.*?</svg>)', page, re.S):
        charts[match[1]] = ET.fromstring(match[2])
    return charts


def _y_ticks(svg: ET.Element) -> list[str]:
    """The y-axis tick labels pygal drew."""
    for group in svg.iter(f"{_SVG}g"):
        if (group.get("class") or "").startswith("axis y"):
            return [text.text or "" for text in group.iter(f"{_SVG}text")]
    return []


def _legend(svg: ET.Element) -> str:
    return " ".join(text.text or "" for text in svg.iter(f"{_SVG}text"))


def _load(tmp_path: Path, body: str) -> malstyrning.Plan:
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text(body), encoding="utf-8")
    return malstyrning.load_plan(path)


@pytest.mark.parametrize("name", ["2017.yaml", "2018.yaml"])
def test_every_chart_axis_covers_every_value_drawn(name: str) -> None:
    """Outcomes, starting value, target and comparisons all lie within the
    drawn y-range, and the SVG's tick labels are the ticks the axis decided."""
    report = _report(malstyrning.load_plan(PLANS / name))
    charts = _charts(render_html(report))
    rows = _rows(report)
    assert rows
    for row in rows:
        levels = chart_levels(row)
        axis = value_axis(row)
        if axis is None:
            assert not levels
            continue
        assert axis.bottom <= axis.ticks[0] <= min(levels), row.result.id
        assert max(levels) <= axis.ticks[-1] <= axis.top, row.result.id
        places = max(DECIMALS, tick_places(axis.ticks[1] - axis.ticks[0]))
        unit = "%" if row.result.unit == "%" else None
        drawn = _y_ticks(charts[row.result.id])
        assert drawn == [format_number(tick, "sv", unit, decimals=places) for tick in axis.ticks], (
            row.result.id
        )


def test_sick_leave_ticks_reach_past_its_highest_and_lowest_outcome() -> None:
    """6,8 % and 1,18 % lay outside the ticks 2–6 %: the axis now reaches 0 % and 8 %."""
    report = _report(malstyrning.load_plan(PLANS / "2017.yaml"))
    row = next(row for row in _rows(report) if row.result.id == "sjukfranvaro-total")
    axis = value_axis(row)
    assert axis is not None
    assert axis.ticks[0] == 0
    assert axis.ticks[-1] >= 6.8
    economy = next(row for row in _rows(report) if row.result.id == "ekonomiskt-resultat")
    axis = value_axis(economy)
    assert axis is not None
    assert axis.ticks[0] <= -1684
    assert axis.ticks[-1] >= 1164


_SUMMER_JOBS = """\
målområden:
  - titel: Arbete
    mål:
      - titel: Fler sommarjobb
        indikatorer:
          - id: sommarjobb
            titel: Antal som fick sommarjobb
            enhet: {unit}
            ingångsvärde: {{värde: 102, år: 2016}}
            målvärde: {{värde: 200, år: 2018}}
            utfall:
              2017: 120
              2018: 158
{extra}"""


@pytest.mark.parametrize(
    ("unit", "extra", "zero"),
    [
        ("antal", "", True),
        ('"%"', "", True),
        ("tkr", "", False),
        ("antal", "            diagram: {nollbaslinje: nej}\n", False),
        ("tkr", "            diagram: {nollbaslinje: ja}\n", True),
    ],
)
def test_axis_starts_at_zero_for_shares_and_counts_unless_the_plan_says(
    tmp_path: Path, unit: str, extra: str, zero: bool
) -> None:
    plan = _load(tmp_path, _SUMMER_JOBS.format(unit=unit, extra=extra))
    (row,) = _rows(_report(plan))
    axis = value_axis(row)
    assert axis is not None
    assert (axis.ticks[0] == 0) is zero
    assert axis.ticks[0] <= 102
    assert axis.ticks[-1] >= 200


def test_zero_baseline_key_is_checked(tmp_path: Path) -> None:
    with pytest.raises(malstyrning.PlanValidationError):
        _load(
            tmp_path, _SUMMER_JOBS.format(unit="antal", extra="            diagram: {nollbaslinje: kanske}\n")
        )


def test_a_starting_value_on_the_lowest_tick_is_drawn_above_the_axis_line(tmp_path: Path) -> None:
    """A starting value of 100 on an axis from 100 would lie under the x-axis line: the axis reaches lower."""
    extra = "            diagram: {nollbaslinje: nej}\n"
    plan = _load(tmp_path, _SUMMER_JOBS.format(unit="antal", extra=extra).replace("102", "100"))
    (row,) = _rows(_report(plan))
    axis = value_axis(row)
    assert axis is not None
    assert axis.ticks[0] == 100
    assert axis.bottom < 100


def test_comparison_series_are_drawn_and_named_in_the_legend() -> None:
    """Stockholms län and riket (2017) are dots on the chart and entries in its legend."""
    report = _report(malstyrning.load_plan(PLANS / "2017.yaml"))
    svg = _charts(render_html(report))["arbetslosa-andel"]
    legend = _legend(svg)
    assert "Stockholms län: 6,1 % (2017)" in legend
    assert "riket: 7,5 % (2017)" in legend
    dots = [
        group
        for group in svg.iter(f"{_SVG}g")
        if "series" in (group.get("class") or "").split() and group.find(f".//{_SVG}circle") is not None
    ]
    # the outcomes and the two comparisons
    assert len(dots) == 3


def test_starting_value_under_an_equal_target_is_a_wider_band() -> None:
    """Starting value and target both 100 %: the starting value is drawn wider, so both show."""
    report = _report(malstyrning.load_plan(PLANS / "2017.yaml"))
    page = render_html(report)
    svg = _charts(page)["inflytande-delaktighet"]
    drawn = ET.tostring(svg, encoding="unicode")
    assert "stroke-width:10" in drawn.replace(" ", "")


def test_values_are_half_a_year_clear_of_the_value_axis() -> None:
    """The first and last year sit half a year inside the plot: their values clear the axis labels."""
    report = _report(malstyrning.load_plan(PLANS / "2017.yaml"))
    svg = _charts(render_html(report))["ekonomiskt-resultat"]
    outcome = [
        group
        for group in svg.iter(f"{_SVG}g")
        if "series" in (group.get("class") or "").split() and group.find(f".//{_SVG}circle") is not None
    ][-1]
    xs = [float(circle.get("cx", "0")) for circle in outcome.iter(f"{_SVG}circle")]
    assert min(xs) > 30


def test_a_control_character_in_an_indicator_title_does_not_break_its_chart() -> None:
    """pygal builds the SVG with lxml, which refuses "\\x00": the chart's title drops it."""
    plan = malstyrning.loads_plan(
        plan_text(
            """
            målområden:
              - titel: Område
                mål:
                  - titel: Mål
                    indikatorer:
                      - id: a
                        titel: "Ind\\x00ikator"
                        utfall: {2017: 1, 2018: 2}
            """
        )
    )
    svg = _charts(render_html(_report(plan)))["a"]
    assert svg.find(f"{_SVG}title") is not None
    assert svg.find(f"{_SVG}title").text == "Indikator"  # type: ignore[union-attr]
