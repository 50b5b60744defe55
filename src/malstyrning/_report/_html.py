"""The follow-up report as one self-contained HTML file, charts included.

The layout is a jinja2 template (``templates/report.html.j2``) with its
stylesheet (``templates/report.css``) inlined; the charts are SVG drawn by
pygal and inlined too, without pygal's JavaScript. The file fetches nothing:
no fonts, scripts, images or stylesheets from elsewhere, so it can be mailed,
archived and printed as it is.

Every status is shown as a symbol and a word beside its colour, so the report
reads without colour and in black and white print. Nothing is computed here
that the :class:`~._report.Report` does not already hold: this module chooses
words, symbols, colours and number formats.

jinja2 and pygal belong to the ``report`` extra; they are imported when
:func:`render_html` is first called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from importlib import resources
from typing import Any

from .._engine import Change, IndicatorStatus
from .._errors import MissingExtraError
from .._i18n import Language, tr
from .._model import ActivityStatus, GoalStatus
from ._axis import chart_levels, tick_places, value_axis
from ._build import IndicatorRow, OutcomeCell, Report
from ._labels import (
    DECIMALS,
    chartable,
    format_number,
    indicator_facts,
    label,
    stated_note,
    stated_trend_note,
    text,
)

__all__ = ["render_html"]


# A symbol beside every label, so that no status is told by colour alone.
# The same symbols as the Markdown report.
_MARK: dict[StrEnum, str] = {
    IndicatorStatus.REACHED: "✓",
    IndicatorStatus.CLOSE: "≈",
    IndicatorStatus.FAR: "✗",
    IndicatorStatus.NOT_ASSESSED: "–",
    GoalStatus.FULLY: "✓",
    GoalStatus.LARGELY: "✓",
    GoalStatus.PARTLY: "≈",
    GoalStatus.NOT_MET: "✗",
    GoalStatus.NOT_ASSESSED: "–",
    ActivityStatus.DONE: "✓",
    ActivityStatus.ONGOING: "…",
    ActivityStatus.NOT_STARTED: "○",
    ActivityStatus.DELAYED: "!",
    ActivityStatus.CANCELLED: "✗",
}

# Colours for the charts; the page uses the same ones through CSS classes
# (``status-<code>``). Dark enough for white text and for grey-scale print.
_COLOUR: dict[StrEnum, str] = {
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
_FONT = 'system-ui, "Segoe UI", "Liberation Sans", "DejaVu Sans", Arial, sans-serif'


def render_html(report: Report, *, extra_css: str = "") -> str:
    """The report as one self-contained HTML document (a ``str``).

    ``extra_css`` is added to the page's stylesheet, after ``report.css``
    (the PDF report adds its page furniture so).

    Needs jinja2 and pygal (the ``report`` extra); without them it raises
    :class:`MissingExtraError` (a ``ModuleNotFoundError``) saying how to
    install them.
    """
    try:
        import jinja2  # noqa: PLC0415 (optional: the report extra)
        import markupsafe  # noqa: PLC0415 (comes with jinja2)
        import pygal  # type: ignore[import-untyped]  # noqa: PLC0415
    except ModuleNotFoundError as error:
        message = tr(
            "HTML reports need the 'report' extra: pip install 'malstyrning[report]'",
            "HTML-rapporten behöver tillägget 'report': pip install 'malstyrning[report]'",
        )
        raise MissingExtraError(message, name=error.name, extra="report") from error

    lang = report.lang
    charts = _Charts(report, pygal)

    def t(key: str) -> str:
        return text(key, lang)

    def lab(code: StrEnum) -> str:
        return label(code, lang)

    def num(value: float, unit: str | None = None) -> str:
        return format_number(value, lang, unit)

    def marked(code: StrEnum) -> str:
        mark = _MARK.get(code)
        return f"{mark} {lab(code)}" if mark else lab(code)

    matrix: dict[tuple[int, int], list[int]] = {}
    for number, risk in enumerate(report.risks, start=1):
        if risk.likelihood is not None and risk.consequence is not None:
            matrix.setdefault((risk.likelihood, risk.consequence), []).append(number)

    css = resources.files(__package__).joinpath("templates", "report.css").read_text(encoding="utf-8")
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("malstyrning._report", "templates"),  # works from a wheel or a zip
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        r=report,
        a=report.assessment,
        t=t,
        lab=lab,
        num=num,
        marked=marked,
        status_class=_status_class,
        target=lambda row: _target(row, report),
        outcome=lambda cell, unit: _outcome(cell, unit, lang),
        trend=lambda row: _trend(row, lab),
        facts=lambda row: indicator_facts(row, lang),
        stated=lambda res: stated_note(res, lang),
        stated_trend=lambda res: stated_trend_note(res, lang),
        indicator_chart=charts.indicator,
        goal_chart=charts.summary_goals,
        indicator_summary_chart=charts.summary_indicators,
        goal_statuses=list(GoalStatus),
        indicator_statuses=list(IndicatorStatus),
        matrix=matrix,
        scale=(1, 2, 3, 4),
        css=markupsafe.Markup(css + extra_css),
    )


def _status_class(code: StrEnum) -> str:
    return f"status-{code.value.replace('_', '-')}"


def _target(row: IndicatorRow, report: Report) -> str:
    """The "Mål Y" cell: the target value, or only the desired direction, or a dash."""
    result = row.result
    if result.target is not None:
        shown = format_number(result.target, report.lang, result.unit)
        if result.target_year not in (None, report.assessment.year):
            shown += f" ({result.target_year})"
        return shown
    if result.direction is not None:
        return label(result.direction, report.lang)
    return "–"


def _outcome(cell: OutcomeCell, unit: str | None, lang: Language) -> str:
    if cell.value is not None:
        return format_number(cell.value, lang, unit)
    return cell.missing or "–"


def _trend(row: IndicatorRow, lab: Callable[[StrEnum], str]) -> str:
    """Raw change, and whether it is an improvement when the change has a direction."""
    trend = row.result.trend
    shown = lab(trend.direction)
    if trend.direction in (Change.INCREASED, Change.DECREASED):
        shown += f" ({lab(trend.improvement).lower()})"
    return shown


def _local_name(tag: object) -> str:
    """``{http://www.w3.org/2000/svg}script`` → ``script`` (lxml names tags by namespace)."""
    return str(tag).rpartition("}")[2]


class _Charts:
    """The report's SVG charts, each with an id unique in the page.

    pygal scopes each chart's CSS by the id of its ``<svg>``; the ids are
    numbered in page order (not random), so the same report renders to the
    same text.
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
            font_family=_FONT,
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
            for child in root:
                if _local_name(child.tag) == "title":
                    child.text = title  # pygal's default is "Pygal"
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

    def indicator(self, row: IndicatorRow) -> Any:
        """Outcomes per year, the starting value, the target and the comparison
        series, coloured by bedömning, on an axis that covers every one of them."""
        from markupsafe import Markup, escape  # noqa: PLC0415 (comes with jinja2)

        report, result = self._report, row.result
        lang = report.lang
        comparisons = [(name, sorted(values.items())) for name, values in row.comparisons.items() if values]
        years = sorted(
            {cell.year for cell in row.history}
            | {year for year in (result.baseline_year, result.target_year) if year is not None}
            | {year for _, values in comparisons for year, _ in values}
        )
        if not years:
            years = [report.assessment.year]  # a starting value or target without a year
        missing = {cell.year for cell in row.history if cell.missing}

        levels = chart_levels(row)
        if levels and not chartable(levels):
            return Markup(f'<p class="chart-none">{escape(text("chart_unreadable", lang))}</p>')
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
        colours = [_COLOUR[result.status]]
        colours += [
            _BAND_COLOUR if same and reference[1] == "baseline" else reference[4] for reference in references
        ]
        colours += [_COMPARISON_COLOURS[n % len(_COMPARISON_COLOURS)] for n in range(len(comparisons))]
        # The outcomes are drawn last, over the lines they may lie on; their
        # legend entry comes first (an empty series), the drawn one has none.
        colours.append(_COLOUR[result.status])
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
            css=f"{{id}} .serie-{len(colours) - 1} text.value {{text-anchor: middle;"
            " transform: translate(-11px, -21px);"
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
            if year == result.value_year:  # the outcome the bedömning rests on
                points.append({"value": (year, value), "node": {"r": 6}})
            else:
                points.append({"value": (year, value)})
        outcome_title = (
            f"● {self._t('outcome').capitalize()}: {_MARK[result.status]} {label(result.status, lang)}"
        )
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
                f"● {name}{shown}",
                [(float(year), value) for year, value in values_],
                stroke=False,
                dots_size=5,
                formatter=blank,
            )
        chart.add(None, points, stroke_style={"width": 3})
        return Markup(chart.render(is_unicode=True))

    def _summary(self, counts: Iterable[tuple[StrEnum, int]], title: str) -> Any:
        from markupsafe import Markup  # noqa: PLC0415 (comes with jinja2)

        lang = self._report.lang
        pairs = list(counts)[::-1]  # pygal draws the first bar at the bottom
        top = max((count for _, count in pairs), default=0)
        step = max(1, -(-top // 5))  # whole numbers: counts have no fractions
        chart = self._chart(
            "HorizontalBar",
            title,
            width=440,
            height=30 + 30 * len(pairs),
            x_labels=[f"{_MARK[code]} {label(code, lang)}" for code, _ in pairs],
            show_legend=False,
            print_values=True,
            print_values_position="top",
            print_zeroes=True,
            show_x_guides=False,
            y_labels=list(range(0, top + step, step)),
            margin=6,
            spacing=6,
            value_formatter=lambda value: format_number(value, lang),
            style=self._style(_COLOUR[code] for code, _ in pairs),
        )
        chart.add(
            self._t("count"),
            [{"value": count, "color": _COLOUR[code]} for code, count in pairs],
        )
        return Markup(chart.render(is_unicode=True))

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
