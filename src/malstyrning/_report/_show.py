"""One indicator as a chart in the terminal: its outcomes over the years, with
the starting value and the target as horizontal lines; or its history across
plan years (:func:`render_history_chart`), each plan year's target marked.

plotext draws the chart; it is imported when :func:`render_indicator_chart`
is first called and comes with the ``report`` extra. plotext draws on one
shared figure, so charts are drawn one at a time (under a lock).
"""

from __future__ import annotations

import difflib
import math
import textwrap
import threading
from dataclasses import dataclass
from typing import Any, NamedTuple

from .._engine import (
    Change,
    ForecastBasis,
    Improvement,
    IndicatorHistory,
    IndicatorResult,
    IndicatorStatus,
    Reason,
)
from .._errors import InvalidArgumentError, MissingExtraError
from .._i18n import Language, tr, use_language
from .._model import Period, normal_id
from ._axis import nice_ticks, tick_places
from ._build import IndicatorRow, Report
from ._labels import (
    DECIMALS,
    arrow_label,
    chartable,
    forecast_words,
    format_number,
    format_percent,
    improvement_word,
    label,
    plan_words,
    status_label,
    text,
)
from ._printable import one_line

__all__ = ["render_history_chart", "render_indicator_chart"]


_LOCK = threading.Lock()

_MIN_WIDTH = 30
_MIN_HEIGHT = 8


@dataclass(frozen=True, slots=True)
class _Series:
    """One thing drawn: its legend symbol, colour and legend text."""

    symbol: str
    color: str
    legend: str


_OUTCOMES = ("●", "blue")
_BASELINE = ("┄", "green")
_TARGET = ("═", "red")
# Comparison series (jämförelse), in turn.
_FORECAST = ("◇", "yellow")  # the year-end forecast: hollow, as in the HTML chart
_COMPARISONS = (("◆", "magenta"), ("▲", "cyan"), ("■", "orange"), ("○", "gray"))


def render_indicator_chart(
    report: Report,
    indicator_id: str,
    *,
    width: int = 72,
    height: int = 18,
    color: bool = False,
) -> str:
    """The indicator ``indicator_id`` of ``report`` as a text chart.

    The chart shows every outcome in the plan (``report``'s outcome history,
    not only the report's columns) as a line with a marker per year, the
    ingångsvärde and the målvärde as horizontal lines, and the plan's
    comparison values (jämförelse) as markers. Above it: the indicator's
    title; below it: a legend, the years whose outcome is missing with their
    reasons, and a line with the bedömning and trend. Words and numbers
    follow ``report.lang``.

    ``width`` and ``height`` are the chart's size in terminal cells (at least
    30 × 8). ``color`` adds ANSI colours; leave it off when the output is not a
    terminal.

    Raises :class:`InvalidArgumentError` (a ``ValueError``) when the plan has
    no indicator (or measure) with that id, naming the closest ids, or the
    size is too small, and :class:`MissingExtraError` (a ``ModuleNotFoundError``)
    when plotext is not installed.
    """
    _check_size(width, height)
    row = _find(report, indicator_id)
    plotext = _load_plotext()

    lang = report.lang
    result = row.result
    lines = textwrap.wrap(one_line(f"{result.title} ({result.id})"), width, break_on_hyphens=False) or [
        one_line(result.id)
    ]
    lines = [_paint(plotext, line, None, color, bold=True) for line in lines]

    drawn = _draw(
        plotext, row, year=report.assessment.year, lang=lang, width=width, height=height, color=color
    )
    if isinstance(drawn, str):
        lines.append(text(drawn, lang))
    else:
        chart, series = drawn
        lines.append(chart)
        lines += _legend(plotext, series, width, color)
    lines += [
        one_line(f"{cell.year}: {text('missing', lang)}: {cell.missing}")
        for cell in row.history
        if cell.missing
    ]
    lines += [
        one_line(f"{cell.period}: {text('missing', lang)}: {cell.missing}")
        for cell in row.periods
        if cell.missing
    ]
    with plan_words(report.assessment.labels):  # the plan's own label words (etiketter)
        for said in _verdict(result, lang).split("\n"):
            lines += _wrapped(said, width)
    return "\n".join(lines) + "\n"


def _load_plotext() -> Any:
    """plotext, which draws the charts; :class:`MissingExtraError` without it (or with plotext 5)."""
    try:
        import plotext  # type: ignore[import-untyped]  # noqa: PLC0415
    except ModuleNotFoundError as error:
        raise MissingExtraError(
            tr(
                "A terminal chart needs the 'report' extra: pip install 'malstyrning[report]'",
                "Diagram i terminalen behöver tillägget 'report': pip install 'malstyrning[report]'",
            ),
            name=error.name,
            extra="report",
        ) from error
    if not callable(getattr(getattr(plotext, "figure", None), "signal", None)):
        # plotext 5 has another API (plt.plot, plt.build); the extra asks for 6.
        found = getattr(plotext, "__version__", None) or tr("an older version", "en äldre version")
        raise MissingExtraError(
            tr(
                "Charts need plotext 6.1 or later (found {found}); "
                "needs the 'report' extra: pip install 'malstyrning[report]'",
                "Diagram behöver plotext 6.1 eller senare (hittade {found}); "
                "behöver tillägget 'report': pip install 'malstyrning[report]'",
                found=found,
            ),
            name="plotext",
            extra="report",
        )
    return plotext


def _rows(report: Report) -> list[IndicatorRow]:
    rows = [row for area in report.areas for goal in area.goals for row in goal.indicators]
    return rows + list(report.measures)


def _find(report: Report, indicator_id: str) -> IndicatorRow:
    rows = _rows(report)
    indicator_id = normal_id(indicator_id)  # as the plan's ids are
    for row in rows:
        if row.result.id == indicator_id:
            return row
    ids = [row.result.id for row in rows]
    # Close spellings of the id first, then ids whose title mentions what was typed.
    wanted = indicator_id.casefold()
    near = difflib.get_close_matches(indicator_id, ids, n=3, cutoff=0.6)
    near += [
        row.result.id
        for row in rows
        if wanted and wanted in row.result.title.casefold() and row.result.id not in near
    ]
    if near:
        hint = tr("did you mean {ids}?", "menade du {ids}?", ids=", ".join(repr(ident) for ident in near[:5]))
    elif ids:
        shown = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
        hint = tr("the plan's indicators are: {ids}", "planens indikatorer är: {ids}", ids=shown)
    else:
        hint = tr("the plan has no indicators", "planen har inga indikatorer")
    raise InvalidArgumentError(
        tr(
            "no indicator with id {id!r}; {hint}",
            "ingen indikator har id {id!r}; {hint}",
            id=indicator_id,
            hint=hint,
        )
    )


def _draw(
    plotext: Any, row: IndicatorRow, *, year: int, lang: Language, width: int, height: int, color: bool
) -> tuple[str, list[_Series]] | str:
    """The chart and what its legend lists; or, when there is no chart to
    draw, the key of the words that say why."""
    result = row.result
    unit = result.unit
    points: list[tuple[float, float]] = [
        (cell.year, cell.value) for cell in row.history if cell.value is not None
    ]
    # During the year: its values for periods where they fall in it (a year's
    # outcome stands at the year's end), then the year-end forecast on its own.
    points += [
        (cell.year - 1 + Period.parse(cell.period).end_month / 12, cell.value)
        for cell in row.periods
        if cell.value is not None
    ]
    points.sort()
    first_period = min((x for x, _ in points if x != int(x)), default=None)
    forecast = result.forecast
    ahead = (
        (float(year), forecast.value)
        if forecast is not None
        and forecast.value is not None
        and forecast.basis is not ForecastBasis.OUTCOME
        and row.periods
        else None
    )
    comparisons = [(name, sorted(values.items())) for name, values in row.comparisons.items() if values]
    levels = [value for _, value in points]
    years = [math.ceil(x) for x, _ in points]
    if ahead is not None:
        levels.append(ahead[1])
        years.append(year)
    if result.baseline is not None:
        levels.append(result.baseline)
        years += [result.baseline_year] if result.baseline_year is not None else []
    if result.target is not None:
        levels.append(result.target)
        years += [result.target_year] if result.target_year is not None else []
    for _, values in comparisons:
        levels += [value for _, value in values]
        years += [year for year, _ in values]
    years += [cell.year for cell in row.history]
    if not levels:
        return "chart_nothing"
    if not chartable(levels):
        return "chart_unreadable"
    if not years:
        years = [year]  # a starting value or target without a year: the assessed year

    frame = _frame(years, levels, width)
    left, right = frame.left, frame.right

    series: list[_Series] = []
    with _LOCK:
        figure = plotext.figure
        figure.clear()
        figure.theme("simple")
        figure.plot_size(width, height)

        def marker(symbol: str, name: str) -> Any:
            return plotext.marker(symbol, plotext.pixel(foreground=name))

        if result.baseline is not None:
            figure.draw(
                figure.signal([left, right], [result.baseline] * 2, marker=marker(*_BASELINE)).lines()
            )
            when = f" ({result.baseline_year})" if result.baseline_year is not None else ""
            series.append(
                _Series(
                    *_BASELINE,
                    f"{_title(text('baseline', lang))} {format_number(result.baseline, lang, unit)}{when}",
                )
            )
        if result.target is not None:
            figure.draw(figure.signal([left, right], [result.target] * 2, marker=marker(*_TARGET)).lines())
            when = f" ({result.target_year})" if result.target_year is not None else ""
            series.append(
                _Series(
                    *_TARGET,
                    f"{_title(text('target', lang))} {format_number(result.target, lang, unit)}{when}",
                )
            )
        for (name, values), (symbol, hue) in zip(comparisons, _COMPARISONS, strict=False):
            figure.draw(
                figure.signal([y for y, _ in values], [v for _, v in values], marker=marker(symbol, hue))
            )
            series.append(_Series(symbol, hue, name))
        if points:
            # A count so far this year (ackumulerat) is not a level: no line joins it to the years'.
            apart = result.reason is Reason.PARTIAL_YEAR
            for part in _joined(points, apart=apart, first_period=first_period):
                if len(part) > 1:
                    xs, ys = [float(x) for x, _ in part], [value for _, value in part]
                    figure.draw(figure.signal(xs, ys, marker=marker("•", _OUTCOMES[1])).lines())
            xs, ys = [float(x) for x, _ in points], [value for _, value in points]
            figure.draw(figure.signal(xs, ys, marker=marker(*_OUTCOMES)))
            series.insert(0, _Series(*_OUTCOMES, _title(text("outcome", lang))))
        if ahead is not None:
            figure.draw(figure.signal([ahead[0]], [ahead[1]], marker=marker(*_FORECAST)))
            when = f" {year}: {format_number(ahead[1], lang, unit)}"
            series.append(_Series(*_FORECAST, f"{_title(text('forecast', lang))}{when}"))
        _axes(figure, frame, lang, unit)
        chart = str(figure.build().string(colorless=not color)).rstrip("\n")
        figure.clear()
    return "\n".join(line.rstrip() for line in chart.splitlines()), series


def _wrapped(line: str, width: int) -> list[str]:
    """``line`` in lines of at most ``width``, broken between its parts (" · "),
    a part longer than that broken between words."""
    found: list[str] = []
    for part in line.split(" · "):
        if found and len(found[-1]) + 3 + len(part) <= width:
            found[-1] += " · " + part
        else:
            found += textwrap.wrap(part, width, break_on_hyphens=False) or [part]
    return found


def _joined(
    points: list[tuple[float, float]], *, apart: bool, first_period: float | None
) -> list[list[tuple[float, float]]]:
    """The runs of ``points`` a line joins: all of them, or, ``apart``, the years'
    and the periods' separately."""
    if not apart or first_period is None:
        return [points]
    return [[p for p in points if p[0] < first_period], [p for p in points if p[0] >= first_period]]


def _legend(plotext: Any, series: list[_Series], width: int, color: bool) -> list[str]:
    """The legend, below the chart so it never covers a point: entries on one
    line when they fit, else one per line."""
    # The legend holds the plan's text: a comparison's name, the unit.
    entries = [(f"{item.symbol} {one_line(item.legend)}", item) for item in series]
    plain = "   ".join(entry for entry, _ in entries)
    painted = [
        _paint(plotext, item.symbol, item.color, color) + entry[len(item.symbol) :] for entry, item in entries
    ]
    if len(plain) <= width:
        return ["   ".join(painted)]
    return painted


def _verdict(result: IndicatorResult, lang: Language) -> str:
    status = status_label(result, lang)  # when not assessed, it says why
    if (
        result.status in {IndicatorStatus.CLOSE, IndicatorStatus.FAR}
        and result.progress is not None
        and result.method is not None
    ):
        status += f" ({label(result.method, lang)} {format_percent(result.progress, lang)})"
    trend = arrow_label(result, lang)  # as the plan reads arrows (trendpil)
    if result.arrow_change is Change.NONE:  # "- Inget värde angivet" would read as a missing value
        trend = label(Improvement.NONE, lang)
    if word := improvement_word(result, lang):
        trend += f", {word}"
    parts = [f"{text('assessment', lang)}: {status}"]
    if trend.lstrip("↗↘→- ").casefold() not in status.casefold():  # never the same words twice
        parts.append(f"{text('trend_heading', lang)}: {trend}")
    if result.value is not None and result.value_year is not None:
        value = format_number(result.value, lang, result.unit)
        parts.append(f"{_title(text('outcome', lang))} {value} ({result.value_period or result.value_year})")
    verdict = one_line(" · ".join(parts))
    if ahead := forecast_words(result, lang):  # on a line of its own: the verdict is long enough
        verdict += "\n" + one_line(ahead)
    return verdict


def _paint(plotext: Any, words: str, hue: str | None, color: bool, *, bold: bool = False) -> str:
    if not color:
        return words
    pixel = plotext.pixel(foreground=hue, style="bold" if bold else None)
    return str(plotext.colorize(words, pixel).string())


def _tick(value: float, lang: Language, unit: str | None, places: int) -> str:
    # Only "%" is short enough to repeat on every tick of the axis.
    return format_number(value, lang, "%" if unit == "%" else None, decimals=places)


def _title(words: str) -> str:
    return words[:1].upper() + words[1:]


def _year_ticks(first: int, last: int, width: int) -> list[int]:
    """Every year, or every n-th when the years would crowd the axis."""
    room = max(1, (width - 10) // 6)
    stride = max(1, math.ceil((last - first + 1) / room))
    return list(range(first, last + 1, stride))


def render_history_chart(
    history: IndicatorHistory,
    *,
    lang: Language = "sv",
    width: int = 72,
    height: int = 18,
    color: bool = False,
) -> str:
    """``history`` (:func:`indicator_history`) as a text chart: every year's
    outcome across the plans, and each plan year's målvärde marked at its year.

    Above the chart: the latest title and id; below it: a legend, a line per
    plan year (its target, bedömning), the renames and the missing years.
    ``width``, ``height`` and ``color`` as for :func:`render_indicator_chart`
    (at least 30 × 8). Raises :class:`InvalidArgumentError` for a size too
    small and :class:`MissingExtraError` when plotext is not installed.
    """
    _check_size(width, height)
    plotext = _load_plotext()
    with use_language(lang):
        latest = history.latest
        unit = latest.unit
        lines = [
            _paint(plotext, line, None, color, bold=True)
            for line in textwrap.wrap(
                one_line(f"{latest.title} ({latest.id})"), width, break_on_hyphens=False
            )
        ]
        points = [(o.year, o.value) for o in history.outcomes if o.value is not None]
        targets: dict[int, float] = {}
        for entry in history.entries:
            if entry.result.target is not None:
                targets[entry.plan_year] = entry.result.target
        levels = [value for _, value in points] + list(targets.values())
        years = [year for year, _ in points] + list(targets) + [e.plan_year for e in history.entries]
        if not levels:
            lines.append(text("chart_nothing", lang))
        elif not chartable(levels):
            lines.append(text("chart_unreadable", lang))
        else:
            chart, series = _draw_history(
                plotext,
                points,
                targets,
                years=years,
                levels=levels,
                lang=lang,
                unit=unit,
                width=width,
                height=height,
                color=color,
            )
            lines.append(chart)
            lines += _legend(plotext, series, width, color)
        for entry in history.entries:
            result = entry.result
            parts = [f"{entry.plan_year}: {entry.id}"]
            if result.target is not None:
                parts.append(
                    f"{_title(text('target', lang))} {format_number(result.target, lang, entry.unit)}"
                )
            with plan_words(entry.labels):
                parts.append(f"{text('assessment', lang)}: {status_label(result, lang)}")
            lines += textwrap.wrap(one_line(" · ".join(parts)), width, subsequent_indent="  ")
        for rename in history.renames:
            said = tr("{year}: renamed", "{year}: nytt namn", year=rename.plan_year)
            if rename.previous_ids:
                said += " " + tr("(previously {ids})", "(tidigare {ids})", ids=", ".join(rename.previous_ids))
            if rename.previous_title is not None:
                said += f": {rename.previous_title!r} → {rename.title!r}"
            lines += textwrap.wrap(one_line(said), width, subsequent_indent="  ", break_on_hyphens=False)
        lines += [
            one_line(f"{o.year}: {text('missing', lang)}: {o.missing}")
            for o in history.outcomes
            if o.value is None and o.missing
        ]
    return "\n".join(lines) + "\n"


def _draw_history(
    plotext: Any,
    points: list[tuple[int, float]],
    targets: dict[int, float],
    *,
    years: list[int],
    levels: list[float],
    lang: Language,
    unit: str | None,
    width: int,
    height: int,
    color: bool,
) -> tuple[str, list[_Series]]:
    frame = _frame(years, levels, width)
    series: list[_Series] = []
    plt = plotext
    with _LOCK:
        figure = plt.figure
        figure.clear()
        figure.theme("simple")
        figure.plot_size(width, height)

        def marker(symbol: str, name: str) -> Any:
            return plt.marker(symbol, plt.pixel(foreground=name))

        for year, target in sorted(targets.items()):  # a short bar at each plan year
            figure.draw(
                figure.signal([year - 0.25, year + 0.25], [target] * 2, marker=marker(*_TARGET)).lines()
            )
        if targets:
            series.append(_Series(*_TARGET, tr("The plan year's target", "Planårets mål")))
        if points:
            xs, ys = [float(x) for x, _ in points], [value for _, value in points]
            if len(points) > 1:
                figure.draw(figure.signal(xs, ys, marker=marker("•", _OUTCOMES[1])).lines())
            figure.draw(figure.signal(xs, ys, marker=marker(*_OUTCOMES)))
            series.insert(0, _Series(*_OUTCOMES, _title(text("outcome", lang))))
        _axes(figure, frame, lang, unit)
        chart = str(figure.build().string(colorless=not color)).rstrip("\n")
        figure.clear()
    return "\n".join(line.rstrip() for line in chart.splitlines()), series


def _check_size(width: int, height: int) -> None:
    """Refuse a chart smaller than plotext can draw one in (every chart of this module)."""
    if width < _MIN_WIDTH or height < _MIN_HEIGHT:
        raise InvalidArgumentError(
            tr(
                "a chart needs at least {min_width} × {min_height} cells, got {width} × {height}",
                "ett diagram behöver minst {min_width} × {min_height} tecken, men fick {width} × {height}",
                min_width=_MIN_WIDTH,
                min_height=_MIN_HEIGHT,
                width=width,
                height=height,
            )
        )


class _Frame(NamedTuple):
    """Where a chart's years and values stand: its x range and ticks, its y ticks."""

    left: float
    right: float
    x_ticks: list[int]
    ticks: list[float]
    step: float
    places: int


def _frame(years: list[int], levels: list[float], width: int) -> _Frame:
    """The frame of a chart of ``years`` (some room either side) and ``levels``."""
    first, last = min(years), max(years)
    pad = 0.5 if first == last else 0.3
    ticks = nice_ticks(min(levels), max(levels))
    step = ticks[1] - ticks[0]
    return _Frame(
        first - pad,
        last + pad,
        _year_ticks(first, last, width),
        ticks,
        step,
        max(DECIMALS, tick_places(step)),
    )


def _axes(figure: Any, frame: _Frame, lang: Language, unit: str | None) -> None:
    """Both rulers of ``figure`` as ``frame`` has them, the values in the plan's notation."""
    figure.ruler("x").ticks(frame.x_ticks, [str(year) for year in frame.x_ticks])
    figure.ruler("x").lim(frame.left, frame.right)
    figure.ruler("y").ticks(frame.ticks, [_tick(tick, lang, unit, frame.places) for tick in frame.ticks])
    figure.ruler("y").lim(frame.ticks[0] - frame.step / 4, frame.ticks[-1] + frame.step / 4)
