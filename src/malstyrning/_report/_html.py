"""The follow-up report as one self-contained HTML file, charts included.

The layout is a jinja2 template (``templates/report.html.j2``) with its
stylesheet (``templates/report.css``) inlined; the charts are SVG drawn by
pygal (:mod:`._charts`, shared with the Word report) and inlined too,
without pygal's JavaScript. The file fetches nothing:
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

from enum import StrEnum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

from .._engine import IndicatorStatus
from .._errors import MissingExtraError
from .._i18n import Language, tr
from .._model import GoalStatus, SectionPlace
from ._build import IndicatorRow, OutcomeCell, Report
from ._charts import Charts
from ._item_words import item_facts, item_title, report_words
from ._labels import (
    arrow_rule_note,
    cell_period,
    forecast_heading,
    forecast_status_words,
    forecast_value_words,
    format_number,
    goal_forecast_marked,
    goal_trend_words,
    indicator_facts,
    items_words,
    label,
    no_values_notice,
    outcome_heading,
    period_facts,
    report_period_words,
    report_title,
    shows_forecast,
    stated_note,
    stated_trend_note,
    text,
    trend_cell,
    verdict_words,
)
from ._labels import (
    marked as marked_in,
)
from ._report_back_words import section_text

__all__ = ["render_html"]


@cache
def _environment() -> jinja2.Environment:
    # Made once: compiling the template takes longer than rendering a small report.
    import jinja2  # noqa: PLC0415 (render_html has checked it is there)

    return jinja2.Environment(
        loader=jinja2.PackageLoader("malstyrning._report", "templates"),  # works from a wheel or a zip
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _css() -> str:
    return resources.files(__package__).joinpath("templates", "report.css").read_text(encoding="utf-8")


def render_html(report: Report, *, extra_css: str = "") -> str:
    """The report as one self-contained HTML document (a ``str``).

    ``extra_css`` is added to the page's stylesheet, after ``report.css``
    (the PDF report adds its page furniture so).

    Needs jinja2 and pygal (the ``report`` extra); without them it raises
    :class:`MissingExtraError` (a ``ModuleNotFoundError``) saying how to
    install them.
    """
    try:
        import jinja2  # noqa: PLC0415, F401 (optional: the report extra; used by _environment)
        import markupsafe  # noqa: PLC0415 (comes with jinja2)
        import pygal  # type: ignore[import-untyped]  # noqa: PLC0415
    except ModuleNotFoundError as error:
        message = tr(
            "HTML reports need the 'report' extra: pip install 'malstyrning[report]'",
            "HTML-rapporten behöver tillägget 'report': pip install 'malstyrning[report]'",
        )
        raise MissingExtraError(message, name=error.name, extra="report") from error

    lang = report.lang
    charts = Charts(report, pygal)

    def svg(chart: Any) -> markupsafe.Markup:
        return markupsafe.Markup(chart.render(is_unicode=True))

    def indicator_chart(row: IndicatorRow) -> markupsafe.Markup:
        chart = charts.indicator(row)
        if chart is None:
            unreadable = markupsafe.escape(text("chart_unreadable", lang))
            return markupsafe.Markup(f'<p class="chart-none">{unreadable}</p>')
        return svg(chart)

    def t(key: str) -> str:
        return text(key, lang)

    def lab(code: StrEnum) -> str:
        return label(code, lang)

    def num(value: float, unit: str | None = None) -> str:
        return format_number(value, lang, unit)

    def marked(code: StrEnum) -> str:
        return marked_in(code, lang)

    matrix: dict[tuple[int, int], list[int]] = {}
    for number, risk in enumerate(report.risks, start=1):
        if risk.likelihood is not None and risk.consequence is not None:
            matrix.setdefault((risk.likelihood, risk.consequence), []).append(number)

    css = _css()
    template = _environment().get_template("report.html.j2")
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
        cell_period=lambda cell: cell_period(report, cell),
        outcome_heading=lambda year: outcome_heading(report, year),
        trend=lambda row: trend_cell(row.result, lang),
        goal_trend=lambda goal: goal_trend_words(goal, report),
        arrow_note=arrow_rule_note(report.assessment.rules.arrow, lang),
        facts=lambda row: indicator_facts(row, lang) + period_facts(row, report),
        period=report_period_words(report),
        notice=no_values_notice(report),
        forecast_heading=forecast_heading(report),
        forecast_value=lambda res: forecast_value_words(res, lang),
        forecast_status=lambda res: forecast_status_words(res, lang),
        shows_forecast=shows_forecast,
        section_blocks=lambda section: section_text(report, section),
        items_words=lambda progress: items_words(progress, lang),
        verdict=lambda res: verdict_words(res, lang),
        goal_forecast=lambda status: goal_forecast_marked(status, lang),
        stated=lambda res: stated_note(res, lang),
        stated_trend=lambda res: stated_trend_note(res, lang),
        indicator_chart=indicator_chart,
        goal_chart=lambda: svg(charts.summary_goals()),
        indicator_summary_chart=lambda: svg(charts.summary_indicators()),
        goal_statuses=list(GoalStatus),
        indicator_statuses=list(IndicatorStatus),
        matrix=matrix,
        scale=(1, 2, 3, 4),
        css=markupsafe.Markup(css + extra_css),
        title=report_title(report),
        places=SectionPlace,
        item_title=item_title,
        item_facts=lambda line: item_facts(line, lang),
        report_words=lambda rep: report_words(rep, lang),
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
