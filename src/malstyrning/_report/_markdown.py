"""The follow-up report as Markdown that renders well on GitHub and GitLab.

The layout is a jinja2 template (``templates/report.md.j2``); this module
gives it the words (labels, headings), the number format and the table-cell
escaping. Nothing is computed here that the :class:`~._report.Report` does
not already hold.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import cache

import jinja2

from .._engine import Change, IndicatorStatus
from .._model import Activity, GoalStatus
from ._build import IndicatorRow, OutcomeCell, Report
from ._labels import format_number, label, text

__all__ = ["render_markdown"]

# A symbol beside each label, so the report reads without colour.
_MARK: dict[StrEnum, str] = {
    IndicatorStatus.REACHED: "✓",
    IndicatorStatus.CLOSE: "≈",
    IndicatorStatus.FAR: "✗",
    IndicatorStatus.NOT_ASSESSED: "–",
}
_GOAL_MARK: dict[StrEnum, str] = {
    GoalStatus.FULLY: "✓",
    GoalStatus.LARGELY: "✓",
    GoalStatus.PARTLY: "≈",
    GoalStatus.NOT_MET: "✗",
    GoalStatus.NOT_ASSESSED: "–",
}
_BAR_WIDTH = 20


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("malstyrning._report", "templates"),
        autoescape=False,  # Markdown, not HTML: cells are escaped by the `cell` filter
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["cell"] = _cell
    return environment


def render_markdown(report: Report) -> str:
    """The report as Markdown text."""
    lang = report.lang
    a = report.assessment

    def t(key: str) -> str:
        return text(key, lang)

    def lab(code: StrEnum) -> str:
        return label(code, lang)

    template = _environment().get_template("report.md.j2")
    matrix: dict[tuple[int, int], str] = {}
    for number, risk in enumerate(report.risks, start=1):
        if risk.likelihood and risk.consequence:
            key = (risk.likelihood, risk.consequence)
            matrix[key] = f"{matrix[key]}, R{number}" if key in matrix else f"R{number}"
    rendered = template.render(
        r=report,
        a=a,
        t=t,
        lab=lab,
        mark=lambda status: _GOAL_MARK[status],
        bar=_bar,
        goal_total=sum(a.summary.goals.values()),
        indicator_total=sum(a.summary.indicators.values()),
        indicator_table=_indicator_table(report, t, lab),
        activity_facts=lambda act: _activity_facts(act, t, lab),
        matrix=matrix,
    )
    return _tidy(rendered)


def _indicator_table(
    report: Report, t: Callable[[str], str], lab: Callable[[StrEnum], str]
) -> Callable[[tuple[IndicatorRow, ...]], str]:
    year = report.assessment.year

    def table(rows: tuple[IndicatorRow, ...]) -> str:
        head = [t("title"), *(t("outcome_year").format(year=y) for y in report.years)]
        head += [t("target_year").format(year=year), t("assessment"), t("trend_heading")]
        lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 3) + " --- | --- |"]
        for row in rows:
            result = row.result
            cells = [_cell(result.title)]
            cells += [_outcome(cell, result.unit, report) for cell in row.cells]
            target = "–"
            if result.target is not None:
                target = format_number(result.target, report.lang, result.unit)
                if result.target_year not in (None, year):
                    target += f" ({result.target_year})"
            elif result.direction is not None:
                target = lab(result.direction)
            trend = lab(result.trend.direction)
            if result.trend.direction in (Change.INCREASED, Change.DECREASED):
                trend += f" ({lab(result.trend.improvement).lower()})"
            cells += [target, f"{_MARK[result.status]} {lab(result.status)}", trend]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    return table


def _outcome(cell: OutcomeCell, unit: str | None, report: Report) -> str:
    if cell.value is not None:
        return format_number(cell.value, report.lang, unit)
    if cell.missing:
        return f"*{_cell(cell.missing)}*"
    return "–"


def _activity_facts(activity: Activity, t: Callable[[str], str], lab: Callable[[StrEnum], str]) -> str:
    facts = []
    if activity.status is not None:
        facts.append(lab(activity.status))
    if activity.responsible:
        facts.append(f"{t('responsible')}: {activity.responsible}")
    if activity.due is not None:
        facts.append(f"{t('due')}: {activity.due.isoformat()}")
    if activity.comment:
        facts.append(activity.comment)
    return " — " + "; ".join(facts) if facts else ""


def _bar(count: int, total: int) -> str:
    """A text bar, so the summary chart shows in any Markdown viewer."""
    if total == 0 or count == 0:
        return ""
    return "█" * max(1, round(_BAR_WIDTH * count / total))


def _cell(value: object) -> str:
    """Text that cannot break a Markdown table: no pipes, no line breaks."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _tidy(markdown: str) -> str:
    """At most one blank line in a row, and one newline at the end."""
    tidy: list[str] = []
    for line in (raw.rstrip() for raw in markdown.splitlines()):
        if line == "" and tidy and tidy[-1] == "":
            continue
        tidy.append(line)
    return "\n".join(tidy).strip() + "\n"
