"""The report's charts, drawn by pygal: one indicator's outcomes against its
starting value, target and comparisons, and the counts per bedömning.

Shared by the HTML report (inline SVG) and the Word report (PNG, through
cairosvg), so both draw the same chart from the same code. The axes come from
:mod:`._axis`; every status is told by a symbol and a word in the legend
beside its colour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from .._engine import IndicatorStatus, Reason
from .._model import GoalStatus, Period
from ._axis import chart_levels, tick_places, value_axis
from ._build import IndicatorRow, Report
from ._labels import (
    DECIMALS,
    chartable,
    forecast_heading,
    forecast_status_words,
    format_number,
    marked,
    text,
    verdict_words,
)
from ._printable import xml_text

__all__ = ["COLOUR", "FONT", "Charts"]


# Colours by bedömning, for the charts; the HTML page uses the same ones through
# CSS classes (``status-<code>``), the Word report for its status words. Dark
# enough for white text and for grey-scale print.
COLOUR: dict[StrEnum, str] = {
    IndicatorStatus.REACHED: "#2e7d32",
    IndicatorStatus.CLOSE: "#a05a00",
    IndicatorStatus.FAR: "#c62828",
    IndicatorStatus.NOT_ASSESSED: "#6b6b6b",
    GoalStatus.FULLY: "#2e7d32",
    GoalStatus.LARGELY: "#4a7a1f",
    GoalStatus.PARTLY: "#a05a00",
    GoalStatus.NOT_MET: "#c62828",
    GoalStatus.NOT_ASSESSED: "#6b6b6b",
}
_TARGET_COLOUR = "#1a1a1a"
# Comparison series (jämförelse), in turn: dots in colours apart from the status colours.
_COMPARISON_COLOURS = ("#6a3d9a", "#1f5fa8", "#8c510a", "#01665e")
_BASELINE_COLOUR = "#7a7a7a"
_BAND_COLOUR = "#b8b8b8"  # the starting value under a target of the same value
FONT = 'system-ui, "Segoe UI", "Liberation Sans", "DejaVu Sans", Arial, sans-serif'


def _local_name(tag: object) -> str:
    """``{http://www.w3.org/2000/svg}script`` → ``script`` (lxml names tags by namespace)."""
    return str(tag).rpartition("}")[2]


class Charts:
    """The report's charts as pygal charts, each with an id unique in the page.

    pygal scopes each chart's CSS by the id of its ``<svg>``; the ids are
    numbered in page order (not random), so the same report renders to the
    same text. ``pygal`` is the imported module (the caller imports it, and
    says how to install it when it is missing).
    """

    def __init__(self, report: Report, pygal: Any) -> None:
        self._pygal = pygal
        self._report = report
        self._count = 0

    def _t(self, key: str) -> str:
        return text(key, self._report.lang)

    def _style(self, colours: Iterable[str]) -> Any:
        return self._pygal.style.Style(
            background="transparent",
            plot_background="#ffffff",
            foreground="#1a1a1a",
            foreground_strong="#1a1a1a",
            foreground_subtle="#d0d0d0",
            font_family=FONT,
            label_font_size=11,
            major_label_font_size=11,
            value_font_size=11,
            value_label_font_size=11,
            legend_font_size=11,
            title_font_size=12,
            no_data_font_size=14,
            opacity="1",
            opacity_hover="1",
            stroke_opacity="1",
            stroke_opacity_hover="1",
            stroke_width="2.5",
            stroke_width_hover="2.5",
            transition="0s",
            colors=tuple(colours),
            guide_stroke_color="#d0d0d0",
            major_guide_stroke_color="#d0d0d0",
        )

    def _chart(self, kind: str, title: str, css: str = "", **options: Any) -> Any:
        """A pygal chart of ``kind`` ("Line", ...) with the page's settings and a fixed id.

        ``css`` is extra CSS for the chart; ``{id}`` in it stands for the
        chart's own selector. ``title`` is its accessible name (``<title>``).
        """
        self._count += 1
        uuid = f"svg-{self._count}"

        def clean(root: Any) -> Any:
            # pygal always writes a <script> with its config (for its tooltips)
            # and comments naming its home page: the page needs neither.
            for parent in list(root.iter()):
                for child in list(parent):
                    if callable(child.tag) or _local_name(child.tag) == "script":
                        parent.remove(child)
            # pygal's legend ids (activate-serie-0, ...) are for that script, and
            # repeat in every chart: one page of charts would hold them many times.
            for element in root.iter():
                if str(element.get("id", "")).startswith("activate-serie-"):
                    del element.attrib["id"]
            for child in root:
                if _local_name(child.tag) == "title":
                    child.text = xml_text(title)  # pygal's default is "Pygal"
            root.set("role", "img")
            return root

        config = self._pygal.Config(
            js=[],  # no tooltips script: nothing is fetched, nothing runs
            css=["file://style.css", "file://graph.css", "inline:" + css.replace("{id}", f"#chart-{uuid}")],
            disable_xml_declaration=True,
            explicit_size=False,
            no_data_text=self._t("no_value"),
            **options,
        )
        chart = getattr(self._pygal, kind)(config)
        chart.uuid = uuid
        chart.add_xml_filter(clean)
        return chart

    def indicator(self, row: IndicatorRow) -> Any | None:
        """Outcomes per year, the starting value, the target and the comparison
        series, coloured by bedömning, on an axis that covers every one of them.
        During the year also the year's values for periods, where they fall in
        the year (joined among themselves: a count so far restarts each year),
        and the year-end forecast as a hollow dot at the year, dashed from the
        latest of them, in the colour of the forecast's bedömning.

        ``None`` when the values make no readable chart (see
        :func:`~._labels.chartable`); the caller says so in words.
        """
        report, result = self._report, row.result
        lang = report.lang
        comparisons = [(name, sorted(values.items())) for name, values in row.comparisons.items() if values]
        years = sorted(
            {cell.year for cell in row.history}
            | {year for year in (result.baseline_year, result.target_year) if year is not None}
            | {year for _, values in comparisons for year, _ in values}
        )
        if report.period is not None:  # during the year: the year the forecast is drawn at
            years = sorted({*years, report.assessment.year})
        if not years:
            years = [report.assessment.year]  # a starting value or target without a year
        missing = {cell.year for cell in row.history if cell.missing}

        levels = chart_levels(row)
        if levels and not chartable(levels):
            return None
        axis = value_axis(row)

        def fmt(value: float) -> str:
            return format_number(value, lang, result.unit)

        def point_value(point: tuple[float, float]) -> str:
            return fmt(point[1])

        blank: Callable[[object], str] = lambda _value: ""  # noqa: E731 (value printed once, in the legend)
        # The starting value (dotted) before the target (dashed): when the two
        # coincide, the target's dashes lie on the wider dotted band, both seen.
        references = [
            ("···", "baseline", result.baseline, result.baseline_year, _BASELINE_COLOUR, "2,4"),
            ("– –", "target", result.target, result.target_year, _TARGET_COLOUR, "8,5"),
        ]
        references = [reference for reference in references if reference[2] is not None]
        same = result.baseline is not None and result.baseline == result.target
        colours = [COLOUR[result.status]]
        colours += [
            _BAND_COLOUR if same and reference[1] == "baseline" else reference[4] for reference in references
        ]
        colours += [_COMPARISON_COLOURS[n % len(_COMPARISON_COLOURS)] for n in range(len(comparisons))]
        # During the year: the values for periods (where they fall in the year) and the forecast.
        periods = [
            (cell.year - 1 + Period.parse(cell.period).end_month / 12, cell.value)
            for cell in row.periods
            if cell.value is not None
        ]
        forecast = row.forecast
        forecast_colour = COLOUR[result.forecast.status if result.forecast is not None else result.status]
        if forecast is not None:
            colours.append(forecast_colour)
        if periods:
            colours.append(COLOUR[result.status])
        # The outcomes are drawn last, over the lines they may lie on; their
        # legend entry comes first (an empty series), the drawn one has none.
        colours.append(COLOUR[result.status])
        options: dict[str, Any] = {}
        if axis is not None:
            places = max(DECIMALS, tick_places(axis.ticks[1] - axis.ticks[0]))
            unit = "%" if result.unit == "%" else None  # only "%" is short enough for every tick
            options["range"] = (axis.bottom, axis.top)
            options["y_labels"] = [
                {"value": tick, "label": format_number(tick, lang, unit, decimals=places)}
                for tick in axis.ticks
            ]
        left, right = years[0] - 0.5, years[-1] + 0.5  # half a year's room: labels clear the axis
        chart = self._chart(
            "XY",
            result.title,
            # pygal prints a line's values below right of the point: centre them above.
            css=", ".join(
                f"{{id}} .serie-{len(colours) - 1 - n} text.value"
                for n in range(1 + (forecast is not None) + bool(periods))
            )
            + " {text-anchor: middle; transform: translate(-11px, -21px);"
            " paint-order: stroke; stroke: #fff; stroke-width: 3px; font-weight: 600}",
            width=400,
            height=240,
            xrange=(left, right),
            x_labels=[
                {"value": year, "label": f"{year} ({self._t('missing')})" if year in missing else str(year)}
                for year in years
            ],
            show_x_guides=False,
            show_y_guides=True,
            print_values=True,
            print_values_position="top",
            legend_at_bottom=True,
            legend_at_bottom_columns=1,
            legend_box_size=10,
            truncate_legend=-1,
            truncate_label=-1,
            dots_size=3.5,
            margin=6,
            margin_top=18,
            margin_right=12,
            spacing=8,
            formatter=point_value,
            value_formatter=fmt,
            style=self._style(colours),
            **options,
        )
        values = {cell.year: cell.value for cell in row.history}
        points: list[dict[str, Any]] = []
        for year in years:
            value = values.get(year)
            if value is None:
                continue
            # The outcome the bedömning rests on (not a starting position no year's value judges).
            if year == result.value_year and result.reason is not Reason.NO_VALUE_YET:
                points.append({"value": (year, value), "node": {"r": 6}})
            else:
                points.append({"value": (year, value)})
        outcome_title = f"● {self._t('outcome').capitalize()}: {verdict_words(result, lang)}"
        chart.add(outcome_title, [])
        for symbol, key, level, level_year, _colour, dashes in references:
            assert level is not None  # only the levels the plan has
            when = f" {level_year}" if level_year is not None else ""
            wide = same and key == "baseline"  # under the target: a band around its dashes
            chart.add(
                f"{symbol} {self._t(key).capitalize()}{when}: {fmt(level)}",
                [(left, level), (right, level)],
                stroke_style={"width": 10 if wide else 2, "dasharray": "3,2" if wide else dashes},
                show_dots=False,
                formatter=blank,
            )
        for name, values_ in comparisons:
            shown = f": {fmt(values_[0][1])} ({values_[0][0]})" if len(values_) == 1 else ""
            chart.add(
                xml_text(f"● {name}{shown}"),
                [(float(year), value) for year, value in values_],
                stroke=False,
                dots_size=5,
                formatter=blank,
            )
        if forecast is not None:
            status = forecast_status_words(result, lang)
            legend = f"○ {forecast_heading(report)}: {fmt(forecast)}" + (f" ({status})" if status else "")
            start = [{"value": periods[-1], "formatter": blank, "node": {"r": 0}}] if periods else []
            # A hollow dot, solid: not dashed as the line it ends (1,0: cairosvg keeps a dash on "none").
            ring = f"fill:#fff;stroke:{forecast_colour};stroke-width:2.5;stroke-dasharray:1,0"
            hollow = {"r": 5, "style": ring}
            end: dict[str, Any] = {"value": (float(report.assessment.year), forecast), "node": hollow}
            if periods and forecast == periods[-1][1]:
                end["formatter"] = blank  # the latest level carried forward: its value is printed there
            chart.add(
                xml_text(legend),
                [*start, end],
                stroke_style={"width": 2, "dasharray": "6,4"},
            )
        if periods:
            *earlier, latest = periods
            chart.add(
                None,
                [*({"value": point} for point in earlier), {"value": latest, "node": {"r": 6}}],
                stroke_style={"width": 3},
            )
        chart.add(None, points, stroke_style={"width": 3})
        return chart

    def _summary(self, counts: Iterable[tuple[StrEnum, int]], title: str) -> Any:
        lang = self._report.lang
        pairs = list(counts)[::-1]  # pygal draws the first bar at the bottom
        top = max((count for _, count in pairs), default=0)
        step = max(1, -(-top // 5))  # whole numbers: counts have no fractions
        chart = self._chart(
            "HorizontalBar",
            title,
            width=440,
            height=30 + 30 * len(pairs),
            x_labels=[marked(code, lang) for code, _ in pairs],
            show_legend=False,
            print_values=True,
            print_values_position="top",
            print_zeroes=True,
            show_x_guides=False,
            y_labels=list(range(0, top + step, step)),
            margin=6,
            spacing=6,
            value_formatter=lambda value: format_number(value, lang),
            style=self._style(COLOUR[code] for code, _ in pairs),
        )
        chart.add(
            self._t("count"),
            [{"value": count, "color": COLOUR[code]} for code, count in pairs],
        )
        return chart

    def summary_goals(self) -> Any:
        """Count of goals per bedömning."""
        summary = self._report.assessment.summary
        return self._summary(((code, summary.goals[code]) for code in GoalStatus), self._t("goals"))

    def summary_indicators(self) -> Any:
        """Count of indicators per bedömning."""
        summary = self._report.assessment.summary
        return self._summary(
            ((code, summary.indicators[code]) for code in IndicatorStatus), self._t("indicators")
        )
