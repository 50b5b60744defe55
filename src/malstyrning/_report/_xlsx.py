"""The follow-up report as an Excel workbook, for controllers who filter and pivot.

Two sheets: "Indikatorer" (one row per indicator and measure, one column per
outcome year) and "Mål" (one row per goal); a third, "Tabeller", when the plan's
sections (avsnitt) hold tables of numbers (one row per number). Numbers are stored as numbers, so
Excel formats them in the reader's own locale; labels are in the report's
language and the stable status codes sit beside them for formulas. openpyxl is
imported when :func:`render_xlsx` is first called; it comes with the
``report`` extra.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from .._errors import MissingExtraError
from .._i18n import tr
from ._build import GoalSection, IndicatorRow, OutcomeCell, Report
from ._labels import arrow_label, label, report_title, text

__all__ = ["render_xlsx"]


# Characters a worksheet cannot hold (openpyxl refuses them); a plan may carry
# them in quoted YAML strings ("\x01").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_MIN_WIDTH = 8
_MAX_WIDTH = 60


def render_xlsx(report: Report) -> bytes:
    """``report`` as an Excel workbook (.xlsx), returned as bytes.

    Sheet "Indikatorer" ("Indicators" in English) has one row per indicator,
    measures (verksamhetsmått) included, and one outcome column for every year
    any indicator of the plan has an outcome for. A missing outcome leaves its
    cell empty and carries its reason (``saknas``) as a cell comment; an
    outcome's own kommentar is a cell comment too. Sheet "Mål" ("Goals") has
    one row per goal, nested goals included. Both sheets have a bold, frozen
    header row and an auto-filter.

    Raises :class:`MissingExtraError` (a ``ModuleNotFoundError``) when openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook  # type: ignore[import-untyped]  # noqa: PLC0415
    except ModuleNotFoundError as error:
        raise MissingExtraError(
            tr(
                "Excel output needs the 'report' extra: pip install 'malstyrning[report]'",
                "Excel-rapporten behöver tillägget 'report': pip install 'malstyrning[report]'",
            ),
            name=error.name,
            extra="report",
        ) from error

    lang = report.lang
    workbook = Workbook()
    indicators = workbook.active
    indicators.title = text("indicators", lang)
    _indicator_sheet(indicators, report)
    _goal_sheet(workbook.create_sheet(text("goals", lang)), report)
    if any(section.tables for section in report.sections):
        _table_sheet(workbook.create_sheet(text("tables", lang)), report)

    assessment = report.assessment
    properties = workbook.properties
    properties.title = _clean(f"{report_title(report)} – {assessment.organisation}")
    properties.subject = _clean(assessment.plan)
    properties.creator = "malstyrning"
    properties.language = "sv-SE" if lang == "sv" else "en-GB"
    properties.created = dt.datetime.combine(report.generated, dt.time())

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _indicator_sheet(sheet: Any, report: Report) -> None:
    from openpyxl.comments import Comment  # type: ignore[import-untyped]  # noqa: PLC0415

    lang = report.lang
    measures = text("measures", lang)
    rows: list[tuple[str, str | None, IndicatorRow]] = [
        (area.title, goal.result.id, row)
        for area in report.areas
        for goal in area.goals
        for row in goal.indicators
    ]
    rows += [(measures, None, row) for row in report.measures]
    years = sorted({cell.year for _, _, row in rows for cell in row.history})

    header = [
        text("column_area", lang),
        text("column_goal_id", lang),
        text("column_id", lang),
        text("title", lang),
        text("column_unit", lang),
        text("column_direction", lang),
        text("column_baseline", lang),
        text("column_baseline_year", lang),
        *(text("outcome_year", lang).format(year=year) for year in years),
        text("column_target", lang),
        text("column_target_year", lang),
        text("assessment", lang),
        text("column_status_code", lang),
        text("trend_heading", lang),
        text("column_improvement", lang),
        text("column_stated", lang),
        text("column_differs", lang),
        text("column_stated_trend", lang),
        text("column_trend_differs", lang),
    ]
    _append(sheet, header)
    first_year_column = 9  # 1-based: the column after "Ingångsår"
    for area, goal_id, row in rows:
        result = row.result
        outcomes: dict[int, OutcomeCell] = {cell.year: cell for cell in row.history}
        _append(
            sheet,
            [
                area,
                goal_id,
                result.id,
                result.title,
                result.unit,
                label(result.direction, lang) if result.direction else None,
                result.baseline,
                result.baseline_year,
                *(outcomes[year].value if year in outcomes else None for year in years),
                result.target,
                result.target_year,
                label(result.status, lang),
                result.status.value,
                arrow_label(result, lang),  # as the plan reads arrows (trendpil)
                label(result.trend.improvement, lang),
                label(result.stated, lang) if result.stated else None,
                result.disagrees,
                label(result.stated_trend, lang) if result.stated_trend else None,
                result.trend_disagrees,
            ],
        )
        for offset, year in enumerate(years):
            cell = outcomes.get(year)
            if cell is None:
                continue
            notes = []
            if cell.missing:
                notes.append(f"{text('column_missing', lang)}: {cell.missing}")
            if cell.comment:
                notes.append(cell.comment)
            if notes:
                target = sheet.cell(row=sheet.max_row, column=first_year_column + offset)
                target.comment = Comment(_clean("\n".join(notes)), "malstyrning", width=300, height=100)
    _finish(sheet)


def _goal_sheet(sheet: Any, report: Report) -> None:
    lang = report.lang
    _append(
        sheet,
        [
            text("column_area", lang),
            text("column_id", lang),
            text("column_parent", lang),
            text("column_kind", lang),
            text("title", lang),
            text("assessment", lang),
            text("column_status_code", lang),
            text("column_score", lang),
            text("column_stated", lang),
            text("column_differs", lang),
            text("trend_heading", lang),
            text("comment", lang),
        ],
    )
    for area in report.areas:
        parents: list[GoalSection] = []  # the goals above the current one, by depth
        for section in area.goals:
            del parents[section.depth :]
            goal = section.result
            _append(
                sheet,
                [
                    area.title,
                    goal.id,
                    parents[-1].result.id if parents else None,
                    label(goal.kind, lang) if goal.kind else None,
                    goal.title,
                    label(goal.status, lang),
                    goal.status.value,
                    goal.score,
                    label(goal.stated, lang) if goal.stated else None,
                    goal.disagrees,
                    label(goal.improvement, lang),
                    goal.comment,
                ],
            )
            sheet.cell(row=sheet.max_row, column=8).number_format = "0%"
            parents.append(section)
    _finish(sheet)


def _table_sheet(sheet: Any, report: Report) -> None:
    """The sections' tables of numbers, one row per cell, for filters and pivot tables:
    a pivot of Rad against Kolumn per Tabell gives each table back."""
    lang = report.lang
    _append(
        sheet,
        [
            text("column_section", lang),
            text("column_table", lang),
            text("column_unit", lang),
            text("column_row", lang),
            text("column_total", lang),
            text("column_column", lang),
            text("column_value", lang),
            text("column_computed", lang),
        ],
    )
    for section in report.sections:
        for table in section.tables:
            for line in table.lines:
                for column, cell in zip(table.columns, line.cells, strict=True):
                    if cell.value is None:
                        continue
                    _append(
                        sheet,
                        [
                            section.title,
                            table.title,
                            table.unit,
                            line.title,
                            line.total,
                            column,
                            cell.value,
                            cell.computed,
                        ],
                    )
    _finish(sheet)


def _append(sheet: Any, values: list[Any]) -> None:
    sheet.append([_clean(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        # openpyxl takes text starting with "=" for a formula; a title is never one.
        if cell.data_type == "f":
            cell.data_type = "s"


def _clean(words: str) -> str:
    return _CONTROL.sub("", words)


def _finish(sheet: Any) -> None:
    """Bold, frozen header; an auto-filter over the table; widths to fit, within reason."""
    from openpyxl.styles import Font  # type: ignore[import-untyped]  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # noqa: PLC0415

    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        longest = max(len(_shown(cell.value)) for cell in column)
        # Room for the filter button beside the heading.
        width = max(_MIN_WIDTH, min(_MAX_WIDTH, longest + 3))
        sheet.column_dimensions[get_column_letter(column[0].column)].width = width


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return max(str(value).splitlines() or [""], key=len)
