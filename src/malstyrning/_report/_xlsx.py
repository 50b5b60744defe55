"""The follow-up report as an Excel workbook, for controllers who filter and pivot.

One sheet per kind of thing the report shows, each a plain table: a bold,
frozen header row, an auto-filter over the table, columns as wide as their
content (long texts wrapped), so a controller can filter, sort and pivot
without tidying first:

- *Översikt*: the title block (plan, organisation, kommun, year, vision),
  the rules, and the count of goals and indicators per bedömning;
- *Målområden*: each focus area with its beskrivning;
- *Mål*: each goal, nested ones with their parent, its computed and stated
  bedömning, comment and beskrivning;
- *Indikatorer*: each indicator and verksamhetsmått, one column per outcome
  year, the target, the computed and stated labels, the källa and the
  comments on the indicator, its starting value and its target;
- *Utfall*: one row per outcome in the plan, with its kommentar or the
  reason it is missing (``saknas``);
- *Jämförelser*: one row per comparison series, one column per year;
- *Aktiviteter*, *Uppdrag*, *Kvalitetsgarantier*, *Risk- och kontrollplan*;
- *Avsnitt*: the plan's narrative sections (avsnitt), one row each, with
  their text;
- *Tabeller*: the sections' tables of numbers, one row per number, so that a
  pivot of Rad against Kolumn per Tabell gives each table back.

Every sheet is there even when the plan has none of its kind (then it holds
only its header), so a query against the workbook finds it. Numbers are
stored as numbers with a number format (an indicator's values all with the
same decimals), dates as dates, and yes/no as booleans, so Excel shows them
in the reader's own locale; labels are in the report's language and the
stable status codes sit beside them for formulas. openpyxl is imported when
:func:`render_xlsx` is first called; it comes with the ``report`` extra.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .._engine import GoalResult, IndicatorResult, IndicatorStatus
from .._errors import MissingExtraError
from .._i18n import Language, tr
from .._model import GoalStatus, ItemKind, Period, TrendArrow
from ._build import GoalSection, IndicatorRow, ItemLine, OutcomeCell, PeriodCell, Report, TextBlock
from ._item_words import item_headings
from ._labels import (
    DECIMALS,
    arrow_label,
    goal_forecast_label,
    goal_trend_words,
    items_words,
    label,
    no_values_notice,
    period_words,
    report_period_words,
    report_title,
    shows_forecast,
    status_label,
    text,
)
from ._printable import xml_text
from ._report_back_words import section_text

__all__ = ["render_xlsx"]


_MIN_WIDTH = 8
_MAX_WIDTH = 60  # a longer text wraps within the column

_LINE_HEIGHT = 15  # points: a line of 11-point Calibri
_PRINT_WIDTH = 200  # widths up to which a sheet prints one page wide (landscape A4, 11 points to 8)

_YEAR = "0"  # a year is a number without a thousands separator
_INTEGER = "0"  # counts, scores 1–4, numbers in a list
_DATE = "yyyy-mm-dd"
_SHARE = "0%"


def render_xlsx(report: Report) -> bytes:
    """``report`` as an Excel workbook (.xlsx), returned as bytes.

    Sheet "Indikatorer" ("Indicators" in English) has one row per indicator,
    measures (verksamhetsmått) included, and one outcome column for every year
    any indicator of the plan has an outcome for. A missing outcome leaves its
    cell empty and carries its reason (``saknas``) as a cell comment; an
    outcome's own kommentar is a cell comment too, and both are data in the
    sheet "Utfall" (one row per outcome). The other sheets are listed in the
    module's description. Every sheet has a bold, frozen header row and an
    auto-filter.

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
    overview = workbook.active
    overview.title = text("overview", lang)
    _overview_sheet(overview, report)
    for key, fill in (
        ("areas", _area_sheet),
        ("goals", _goal_sheet),
        ("indicators", _indicator_sheet),
        ("outcomes", _outcome_sheet),
        ("comparisons", _comparison_sheet),
        ("activities", _activity_sheet),
        ("assignments", _assignment_sheet),
        ("guarantees", _guarantee_sheet),
        ("risks", _risk_sheet),
        ("sections", _section_sheet),
        ("tables", _table_sheet),
    ):
        fill(workbook.create_sheet(text(key, lang)), report)
    # The items' dated reports, after the uppdrag.
    after = workbook.sheetnames.index(text("assignments", lang)) + 1
    _report_sheet(workbook.create_sheet(item_headings(lang)["reports"], after), report)
    if any(s.result.contributions for area in report.areas for s in area.goals):
        # In a kommun: which goals of other plans serve which goal, after the goals.
        after = workbook.sheetnames.index(text("goals", lang)) + 1
        _contribution_sheet(workbook.create_sheet(text("contributions", lang), after), report)

    assessment = report.assessment
    properties = workbook.properties
    properties.title = xml_text(f"{report_title(report)} – {assessment.organisation}")
    properties.subject = xml_text(assessment.plan)
    properties.creator = "malstyrning"
    properties.language = "sv-SE" if lang == "sv" else "en-GB"
    properties.created = dt.datetime.combine(report.generated, dt.time())

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- the sheets ----------------------------------------------------------------


def _overview_sheet(sheet: Any, report: Report) -> None:
    lang, a = report.lang, report.assessment
    rules = a.rules
    rows: list[list[Any]] = [
        [text("column_report", lang), report_title(report)],
        [text("plan", lang), a.plan],
        [text("organisation", lang), a.organisation],
    ]
    if a.municipality:
        rows.append([text("municipality", lang), a.municipality])
    rows.append([text("assessed_year", lang), (a.year, _YEAR)])
    if report.period is not None:  # during the year: the period, in words and as its code
        rows += [
            [text("column_period", lang), report_period_words(report)],
            [text("column_period_code", lang), report.period],
        ]
    if notice := no_values_notice(report):
        rows.append([text("column_notes", lang), notice])
    rows.append([text("generated", lang), report.generated])
    if report.vision:
        rows.append([text("vision", lang), report.vision])
    rows += [
        [text("method", lang).capitalize(), label(rules.method, lang)],
        [text("near", lang).capitalize(), (rules.near, _decimals([rules.near]))],
        [text("trend_against", lang).capitalize(), label(rules.trend, lang)],
        # How the Trend column's arrows read (regler: trendpil).
        [
            text("trend_arrow", lang),
            text("arrow_improvement" if rules.arrow is TrendArrow.IMPROVEMENT else "arrow_direction", lang),
        ],
    ]
    statuses: Iterable[tuple[str, StrEnum, int]] = [
        *(("goals", code, a.summary.goals[code]) for code in GoalStatus),
        *(("indicators", code, a.summary.indicators[code]) for code in IndicatorStatus),
    ]
    rows += [
        [f"{text(kind, lang)}: {label(code, lang)}", (count, _INTEGER)] for kind, code, count in statuses
    ]
    if a.summary.forecasts is not None:  # during the year: are the goals expected to be met?
        rows += [
            [f"{text('goal_forecasts', lang)}: {goal_forecast_label(code, lang)}", (count, _INTEGER)]
            for code, count in a.summary.forecasts.items()
        ]
    _table(sheet, [text("column_item", lang), text("column_value", lang)], rows)


def _area_sheet(sheet: Any, report: Report) -> None:
    lang = report.lang
    _table(
        sheet,
        [text("column_id", lang), text("title", lang), text("column_description", lang)],
        [[area.id, area.title, area.description] for area in report.areas],
    )


def _counts(goal: GoalResult, lang: Language) -> str | None:
    """A goal judged from its items: "punkter: 1 av 3 genomförda, ..."; else None."""
    if goal.items is None or not goal.items.total:
        return None
    return items_words(goal.items, lang)


def _goal_sheet(sheet: Any, report: Report) -> None:
    lang = report.lang
    rows: list[list[Any]] = []
    # A column for goals judged from their items, when a goal is.
    counted = any(_counts(s.result, lang) for area in report.areas for s in area.goals)
    for area in report.areas:
        parents: list[GoalSection] = []  # the goals above the current one, by depth
        for section in area.goals:
            del parents[section.depth :]
            goal = section.result
            rows.append(
                [
                    area.title,
                    goal.id,
                    parents[-1].result.id if parents else None,
                    label(goal.kind, lang) if goal.kind else None,
                    goal.title,
                    label(goal.status, lang),
                    goal.status.value,
                    (goal.score, _SHARE),
                    *([_counts(goal, lang)] if counted else []),
                    label(goal.stated, lang) if goal.stated else None,
                    goal.disagrees,
                    *(_goal_forecast(goal, lang) if report.forecasts else ()),
                    goal_trend_words(goal, report),
                    goal.comment,
                    section.description,
                ]
            )
            parents.append(section)
    header = [
        text("column_area", lang),
        text("column_id", lang),
        text("column_parent", lang),
        text("column_kind", lang),
        text("title", lang),
        text("assessment", lang),
        text("column_status_code", lang),
        text("column_score", lang),
        *([text("column_items", lang)] if counted else []),
        text("column_stated", lang),
        text("column_differs", lang),
    ]
    if report.forecasts:  # during the year: the goal's year-end forecast, and a stated one
        header += [
            text("column_forecast", lang),
            text("column_forecast_code", lang),
            text("column_stated_forecast", lang),
            text("column_forecast_differs", lang),
        ]
    header += [text("trend_heading", lang), text("comment", lang), text("column_description", lang)]
    _table(sheet, header, rows)


def _goal_forecast(goal: GoalResult, lang: Language) -> list[Any]:
    """A goal's forecast columns: its label and code, the stated one, whether they differ."""
    found = goal.forecast if shows_forecast(goal) else None
    if found is None:
        return [None, None, None, False]
    stated = goal_forecast_label(found.stated, lang) if found.stated else None
    return [goal_forecast_label(found.status, lang), found.status.value, stated, found.disagrees]


def _indicator_rows(report: Report) -> list[tuple[str, GoalSection | None, IndicatorRow]]:
    """Every indicator with its focus area's title and goal, then the measures."""
    rows: list[tuple[str, GoalSection | None, IndicatorRow]] = [
        (area.title, goal, row) for area in report.areas for goal in area.goals for row in goal.indicators
    ]
    rows += [(text("measures", report.lang), None, row) for row in report.measures]
    return rows


def _indicator_sheet(sheet: Any, report: Report) -> None:
    from openpyxl.comments import Comment  # type: ignore[import-untyped]  # noqa: PLC0415

    lang = report.lang
    rows = _indicator_rows(report)
    years = sorted({cell.year for _, _, row in rows for cell in row.history})
    # During the year: a column per period of the year known at the report's period.
    periods = sorted({cell.period for _, _, row in rows for cell in row.periods}, key=Period.parse)
    forecasts = report.forecasts
    header = [
        text("column_area", lang),
        text("column_goal_id", lang),
        text("goal", lang),
        text("column_id", lang),
        text("title", lang),
        text("column_unit", lang),
        text("column_direction", lang),
        text("column_baseline", lang),
        text("column_baseline_year", lang),
        *(text("outcome_year", lang).format(year=year) for year in years),
        *(text("outcome_period", lang).format(period=period_words(p, lang, short=True)) for p in periods),
        *([text("column_value_period", lang)] if forecasts else []),
        text("column_target", lang),
        text("column_target_year", lang),
        text("assessment", lang),
        text("column_status_code", lang),
        text("column_reason", lang),
        *(
            [
                text("column_forecast", lang),
                text("column_forecast_basis", lang),
                text("column_forecast_from", lang),
                text("column_forecast_status", lang),
                text("column_forecast_code", lang),
                text("column_forecast_comment", lang),
            ]
            if forecasts
            else []
        ),
        text("trend_heading", lang),
        text("column_improvement", lang),
        text("column_stated", lang),
        text("column_differs", lang),
        text("column_stated_trend", lang),
        text("column_trend_differs", lang),
        text("source", lang),
        text("comment", lang),
        text("column_baseline_comment", lang),
        text("column_target_comment", lang),
        text("column_notes", lang),
    ]
    first_year_column = header.index(text("column_baseline_year", lang)) + 2  # 1-based
    table: list[list[Any]] = []
    comments: list[tuple[int, int, str]] = []  # (row, column, text), 1-based
    for area, goal, row in rows:
        result = row.result
        outcomes: dict[int, OutcomeCell] = {cell.year: cell for cell in row.history}
        by_period: dict[str, PeriodCell] = {cell.period: cell for cell in row.periods}
        forecast = result.forecast
        number = _decimals(
            [
                result.baseline,
                result.target,
                *(cell.value for cell in row.history),
                *(cell.value for cell in row.periods),
                forecast.value if forecast is not None else None,
            ]
        )
        table.append(
            [
                area,
                goal.result.id if goal else None,
                goal.result.title if goal else None,
                result.id,
                result.title,
                result.unit,
                label(result.direction, lang) if result.direction else None,
                (result.baseline, number),
                (result.baseline_year, _YEAR),
                *((outcomes[year].value if year in outcomes else None, number) for year in years),
                *((by_period[p].value if p in by_period else None, number) for p in periods),
                *([result.value_period] if forecasts else []),
                (result.target, number),
                (result.target_year, _YEAR),
                status_label(result, lang),  # when not assessed, why: as every format says it
                result.status.value,
                label(result.reason, lang) if result.reason else None,
                *(_forecast_cells(result, number, lang) if forecasts else []),
                arrow_label(result, lang),  # as the plan reads arrows (trendpil)
                label(result.trend.improvement, lang),
                label(result.stated, lang) if result.stated else None,
                result.disagrees,
                label(result.stated_trend, lang) if result.stated_trend else None,
                result.trend_disagrees,
                row.source,
                row.comment,
                row.baseline_comment,
                row.target_comment,
                "; ".join(label(note, lang) for note in result.notes) or None,
            ]
        )
        cells: list[OutcomeCell | PeriodCell | None] = [outcomes.get(year) for year in years]
        cells += [by_period.get(period) for period in periods]
        for offset, cell in enumerate(cells):
            if cell is None:
                continue
            notes = []
            if cell.missing:
                notes.append(f"{text('column_missing', lang)}: {cell.missing}")
            if cell.comment:
                notes.append(cell.comment)
            if notes:
                comments.append((len(table) + 1, first_year_column + offset, "\n".join(notes)))
    _table(sheet, header, table)
    for row_number, column, note in comments:
        sheet.cell(row=row_number, column=column).comment = Comment(
            xml_text(note), "malstyrning", width=300, height=100
        )


def _forecast_cells(result: IndicatorResult, number: str, lang: Language) -> list[Any]:
    """An indicator's forecast columns: value, basis, the period it is made from,
    its bedömning and code (why it is not judged is the code's and the value's
    absence: the reason's column is the indicator's own), and the stated prognos's kommentar."""
    found = result.forecast
    if found is None:
        return [None] * 6
    return [
        (found.value, number),
        label(found.basis, lang) if found.basis is not None else None,
        found.period,
        label(found.status, lang),
        found.status.value,
        found.comment,
    ]


def _outcome_sheet(sheet: Any, report: Report) -> None:
    """One row per outcome; with a column Period when the plan has values for
    periods within a year (2016-T1, ...), each in its place among the years."""
    lang = report.lang
    rows = _indicator_rows(report)
    with_periods = any(row.period_history for _, _, row in rows)
    table: list[list[Any]] = []
    for area, goal, row in rows:
        result = row.result
        cells: list[OutcomeCell | PeriodCell] = [*row.history, *row.period_history]
        if with_periods:
            cells.sort(key=lambda cell: Period.parse(cell.period or str(cell.year)))
        number = _decimals([cell.value for cell in cells])
        table += [
            [
                area,
                goal.result.id if goal else None,
                result.id,
                result.title,
                (cell.year, _YEAR),
                *([cell.period] if with_periods else []),
                (cell.value, number),
                result.unit,
                cell.missing,
                cell.comment,
            ]
            for cell in cells
        ]
    header = [
        text("column_area", lang),
        text("column_goal_id", lang),
        text("column_id", lang),
        text("title", lang),
        text("column_year", lang),
        *([text("column_period", lang)] if with_periods else []),
        text("outcome", lang).capitalize(),
        text("column_unit", lang),
        text("column_missing", lang),
        text("comment", lang),
    ]
    _table(sheet, header, table)


def _comparison_sheet(sheet: Any, report: Report) -> None:
    lang = report.lang
    rows = _indicator_rows(report)
    years = sorted({year for _, _, row in rows for values in row.comparisons.values() for year in values})
    table: list[list[Any]] = []
    for area, goal, row in rows:
        result = row.result
        for name, values in row.comparisons.items():
            number = _decimals(values.values())
            table.append(
                [
                    area,
                    goal.result.id if goal else None,
                    result.id,
                    result.title,
                    result.unit,
                    name,
                    *((values.get(year), number) for year in years),
                ]
            )
    header = [
        text("column_area", lang),
        text("column_goal_id", lang),
        text("column_id", lang),
        text("title", lang),
        text("column_unit", lang),
        text("column_comparison", lang),
        *(str(year) for year in years),
    ]
    _table(sheet, header, table)


def _section_sheet(sheet: Any, report: Report) -> None:
    """The plan's narrative sections in the plan's order: each title and its whole
    text, paragraphs apart, the comments of its tables after it."""
    lang = report.lang
    table = []
    for section in report.shown_sections():
        parts = [_block_text(block) for block in section_text(report, section)]
        parts += [f"{tab.title}: {_block_text(block)}" for tab in section.tables for block in tab.comment]
        table.append([section.title, "\n\n".join(parts) or None])
    _table(sheet, [text("column_section", lang), text("column_text", lang)], table)


def _block_text(block: TextBlock) -> str:
    words = "\n".join(f"- {item}" for item in block.items) if block.bullets else " ".join(block.items)
    return f"{block.heading}\n{words}" if block.heading else words


def _table_sheet(sheet: Any, report: Report) -> None:
    """The sections' tables of numbers, one row per cell, for filters and pivot tables:
    a pivot of Radnr and Rad against Kolumn per Tabell gives each table back (Radnr keeps
    the rows in order and apart where two have one heading, as "Övrigt" under both
    income and costs)."""
    lang = report.lang
    table: list[list[Any]] = []
    for section in report.shown_sections():
        for tab in section.tables:
            for number, line in enumerate(tab.lines, start=1):
                where: list[Any] = [section.title, tab.title, tab.unit, tab.row_heading, (number, _INTEGER)]
                where += [line.title, line.total]
                if line.subheading:  # a heading over the rows below: a row of its own, no value
                    table.append([*where, None, None, None])
                for column, cell in zip(tab.columns, line.cells, strict=True):
                    if cell.value is not None:
                        table.append([*where, column, (cell.value, _decimals([cell.value])), cell.computed])
    header = [
        text("column_section", lang),
        text("column_table", lang),
        text("column_unit", lang),
        text("column_row_heading", lang),
        text("column_row_number", lang),
        text("column_row", lang),
        text("column_total", lang),
        text("column_column", lang),
        text("column_value", lang),
        text("column_computed", lang),
    ]
    _table(sheet, header, table)


def _activity_sheet(sheet: Any, report: Report) -> None:
    """Every activity: a goal's own, then its indicators' (with the indicator's id), then
    the verksamhetsmått's; the status as of the report's day (the latest report made by
    then, else the plan's status)."""
    lang = report.lang

    def line(where: Sequence[str | None], activity: ItemLine) -> list[Any]:
        status = activity.status
        return [
            *where,
            activity.indicator_id,
            activity.title,
            activity.responsible,
            label(status, lang) if status else None,
            status.value if status else None,
            activity.due,
            activity.comment,
            *_item_facts(activity, lang),
        ]

    table: list[list[Any]] = []
    for area in report.areas:
        for goal in area.goals:
            where: tuple[str | None, ...] = (area.title, goal.result.id, goal.result.title)
            table += [line(where, activity) for activity in goal.items]
    where = (text("measures", lang), None, None)
    table += [line(where, activity) for activity in report.measure_items]
    header = [
        text("column_area", lang),
        text("column_goal_id", lang),
        text("goal", lang),
        text("column_indicator_id", lang),
        text("activity", lang),
        text("responsible", lang),
        text("status", lang),
        text("column_status_code", lang),
        text("due", lang),
        text("comment", lang),
        *_item_fact_headings(lang),
    ]
    _table(sheet, header, table)


def _item_facts(line: ItemLine, lang: Language) -> list[Any]:
    """An item's id, start, samverkan, beslutad (by, date), typ (unless aktivitet) and
    finansiär: the last columns of its row (headings: :func:`_item_fact_headings`)."""
    item = line.item
    decided = item.decided
    return [
        line.id,
        item.start,
        ", ".join(item.partners) or None,
        decided.by if decided else None,
        decided.date if decided else None,
        None if item.kind is ItemKind.ACTIVITY else label(item.kind, lang),  # as item_facts
        item.funder,
    ]


def _item_fact_headings(lang: Language) -> list[str]:
    """The headings of :func:`_item_facts`' columns."""
    words = item_headings(lang)
    keys = ("id", "start", "partners", "decided_by", "decided_on", "item_kind", "funder")
    return [words[key] for key in keys]


def _assignment_sheet(sheet: Any, report: Report) -> None:
    lang = report.lang
    table = [
        [
            (number, _INTEGER),
            item.title,
            label(item.status, lang) if item.status else None,
            item.status.value if item.status else None,
            item.comment,
            item.responsible,
            item.due,
            *_item_facts(item, lang),
        ]
        for number, item in enumerate(report.assignment_items, start=1)
    ]
    header = [
        text("number", lang),
        text("assignment", lang),
        text("status", lang),
        text("column_status_code", lang),
        text("comment", lang),
        text("responsible", lang),
        text("due", lang),
        *_item_fact_headings(lang),
    ]
    _table(sheet, header, table)


def _contribution_sheet(sheet: Any, report: Report) -> None:
    """One row per goal of another plan serving a goal of this one (bidrar_till)."""
    lang = report.lang
    table = [
        [
            section.result.id,
            section.result.title,
            c.plan,
            c.organisation,
            c.goal.id,
            c.goal.title,
            label(c.goal.status, lang),
            c.goal.status.value,
            (c.goal.score, _SHARE),
            c.weight,
        ]
        for area in report.areas
        for section in area.goals
        for c in section.result.contributions
    ]
    header = [
        text("column_served_goal", lang),
        text("title", lang),
        text("column_plan", lang),
        text("contributor", lang),
        text("column_goal_id", lang),
        text("goal", lang),
        text("assessment", lang),
        text("column_status_code", lang),
        text("column_score", lang),
        text("column_weight", lang),
    ]
    _table(sheet, header, table)


def _report_sheet(sheet: Any, report: Report) -> None:
    """One row per dated report on an uppdrag or an activity, made by the report's day:
    which item (kind, id, title), the date, the status, the text; framflyttad with till
    and skäl."""
    lang = report.lang
    words = item_headings(lang)
    kinds: list[tuple[str, ItemLine]] = [(text("assignment", lang), item) for item in report.assignment_items]
    kinds += [
        (text("activity", lang), item) for area in report.areas for goal in area.goals for item in goal.items
    ]
    kinds += [(text("activity", lang), item) for item in report.measure_items]
    table = [
        [
            kind,
            item.id,
            item.title,
            rep.date,
            label(rep.status, lang),
            rep.status.value,
            rep.text,
            rep.moved_to,
            rep.reason,
        ]
        for kind, item in kinds
        for rep in item.history
    ]
    header = [
        words["kind"],
        words["id"],
        text("title", lang),
        words["date"],
        text("status", lang),
        text("column_status_code", lang),
        words["text"],
        words["moved_to"],
        words["reason"],
    ]
    _table(sheet, header, table)


def _guarantee_sheet(sheet: Any, report: Report) -> None:
    lang = report.lang
    table = [
        [(number, _INTEGER), item.title, item.met, item.comment]
        for number, item in enumerate(report.guarantees, start=1)
    ]
    header = [text("number", lang), text("guarantee", lang), text("met", lang), text("comment", lang)]
    _table(sheet, header, table)


def _risk_sheet(sheet: Any, report: Report) -> None:
    lang = report.lang
    table = [
        [
            f"R{number}",  # as the other reports number them, in the risk matrix too
            risk.risk,
            risk.actions,
            risk.controls,
            risk.responsible,
            (risk.likelihood, _INTEGER),
            (risk.consequence, _INTEGER),
            risk.comment,
        ]
        for number, risk in enumerate(report.risks, start=1)
    ]
    header = [
        text("number", lang),
        text("risk", lang),
        text("actions", lang),
        text("controls", lang),
        text("responsible", lang),
        text("likelihood", lang),
        text("consequence", lang),
        text("comment", lang),
    ]
    _table(sheet, header, table)


# -- the table -----------------------------------------------------------------


def _decimals(values: Iterable[float | None]) -> str:
    """The number format for a set of values shown together: as many decimals
    as the most precise of them needs (at most :data:`DECIMALS`), so 81.5 and
    82 show as 81,5 and 82,0; whole numbers without decimals."""
    places = 0
    for value in values:
        if value is None:
            continue
        exponent = Decimal(repr(round(value, DECIMALS))).normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    places = min(places, DECIMALS)
    return "#,##0" + ("." + "0" * places if places else "")


def _table(sheet: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """``rows`` under a bold, frozen ``header`` with an auto-filter.

    A value given as ``(number, format)`` is stored as the number with that
    number format; a date gets the ISO date format. Columns are as wide as
    their longest line, within :data:`_MIN_WIDTH` and :data:`_MAX_WIDTH`;
    a longer text wraps.
    """
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # noqa: PLC0415

    widths = [len(heading) for heading in header]
    sheet.append([xml_text(heading) for heading in header])
    formats: dict[tuple[int, int], str] = {}  # (row, column), 1-based
    long_texts: list[tuple[int, int]] = []
    for row_number, row in enumerate(rows, start=2):
        values: list[Any] = []
        for column, given in enumerate(row):
            value = given
            if isinstance(given, tuple):
                value, shape = given
                if value is not None:
                    formats[row_number, column + 1] = shape
            elif isinstance(given, dt.date):
                formats[row_number, column + 1] = _DATE
            elif isinstance(given, str):
                value = xml_text(given)
                if len(value) > _MAX_WIDTH - 3 or "\n" in value:
                    long_texts.append((row_number, column + 1))
            widths[column] = max(widths[column], _width(value))
            values.append(value)
        sheet.append(values)
    for (row_number, column), shape in formats.items():
        sheet.cell(row=row_number, column=column).number_format = shape
    for cell in sheet[1]:
        # openpyxl takes text starting with "=" for a formula; a heading is never one.
        cell.data_type = "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # a title is never a formula either
                cell.data_type = "s"

    widths = [max(_MIN_WIDTH, min(_MAX_WIDTH, width + 3)) for width in widths]  # room for the filter button
    lines: dict[int, int] = {}  # the lines a row's longest wrapped text takes
    for row_number, column in long_texts:
        value = sheet.cell(row=row_number, column=column).value
        lines[row_number] = max(lines.get(row_number, 1), _lines(value, widths[column - 1]))
    top = Alignment(vertical="top")  # beside a wrapped text, the row's other values stand at its top
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row_number, count in lines.items():
        # LibreOffice keeps a row's default height however long its wrapped
        # text is (Excel fits it): give the row its height.
        sheet.row_dimensions[row_number].height = _LINE_HEIGHT * count
        for cell in sheet[row_number]:
            cell.alignment = top
    for row_number, column in long_texts:
        sheet.cell(row=row_number, column=column).alignment = wrapped

    bold = Font(name="Calibri", sz=11, family=2, scheme="minor", bold=True)  # the workbook's font, bold
    shaded = PatternFill("solid", start_color="DDDDDD")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = shaded
    last = get_column_letter(len(header))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(1, sheet.max_row)}"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    # Printed (or made a PDF): landscape, the header on every page, and one
    # page wide when that is still readable (not the wide indicator table).
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    if sum(widths) <= _PRINT_WIDTH:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0


def _width(value: object) -> int:
    """How many characters ``value`` takes in its cell: its longest line."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, float | int):
        return len(f"{value:,.{DECIMALS}f}".rstrip("0").rstrip(".")) if abs(value) < 1e15 else 10
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _lines(value: object, width: int) -> int:
    """About how many lines ``value`` wraps to in a column ``width`` characters wide."""
    return sum(max(1, -(-len(line) // int(width * 1.1))) for line in str(value).splitlines() or [""])
