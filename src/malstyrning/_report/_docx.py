"""The follow-up report (verksamhetsberättelse) as a Word document.

Only built-in styles are used ('Title', 'Heading 1'–'Heading 4', 'Table
Grid', 'Caption', 'TOC Heading'), so a controller can paste the sections into
the municipality's own annual-report template and they take on its look.

The document is ready to print as it is: A4 with 2.5 cm margins, the text's
language (sv-SE or en-GB) in the styles so spelling is checked in it, a table
of contents and "Sida X av Y" in the footer as fields (Word updates them when
the document is opened), tables as wide as the text with each column as wide
as its content needs (no word broken), header rows repeated on every page and
rows never split, and each indicator's chart, the same as the HTML report's
(:mod:`._charts`), as a PNG at print resolution.

python-docx, pygal and cairosvg are imported when :func:`render_docx` is first
called; they come with the ``report`` extra. cairosvg needs the Cairo library
(libcairo2 on Debian).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .._engine import IndicatorStatus
from .._errors import MissingExtraError
from .._i18n import Language, tr
from .._model import SectionPlace
from ._axis import chart_levels
from ._build import GoalSection, IndicatorRow, ItemLine, NumberTable, OutcomeCell, Report, TextBlock
from ._charts import COLOUR, Charts
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
    marked,
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
from ._printable import xml_text
from ._report_back_words import section_text

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

__all__ = ["render_docx"]


# Where a cell has nothing to show: an en dash, as Swedish tables print it.
_EMPTY = "–"

# Risk matrix shading by sannolikhet × konsekvens (1–16): low, medium, high, very high.
_RISK_FILL = ((3, "C6EFCE"), (6, "FFEB9C"), (9, "F8CBAD"), (16, "FF9B9B"))
_HEADER_FILL = "E7E6E6"  # a table's header row: light grey, readable in black and white

_LANGUAGE_TAG = {"sv": "sv-SE", "en": "en-GB"}

# A4 with 2.5 cm margins, in twentieths of a point (twips, the unit of tblGrid and tcW).
_TWIPS_PER_CM = 1440 / 2.54
_PAGE_WIDTH, _PAGE_HEIGHT = 11906, 16838
_MARGIN = 1417
_TEXT_WIDTH = _PAGE_WIDTH - 2 * _MARGIN

_TABLE_FONT_SIZE = 9  # points: table text, so seven columns fit the width of A4
_SMALLEST_FONT_SIZE = 7  # points: a table whose longest words do not fit at 9 pt shrinks to at most this
_SHORT = 16  # a value in a numeric column this long or shorter is a number: right-aligned, unbroken
_NOTE_FONT_SIZE = 8  # an indicator's source, comparisons and comments under its title
_CELL_PADDING = 2 * 108 + 40  # Table Grid's left and right cell margins, and room to spare

# Indicator charts: drawn 400 × 240 (the HTML report's size), printed 12 cm wide
# (pygal's 11 px labels then print at about 9 pt), rendered at about 210 dpi:
# sharp in print, and quick (writing the PNG is most of the time).
_CHART_WIDTH_CM = 12.0
_CHART_SCALE = 2.5

# Rough glyph widths in ems, generous enough for Calibri, Cambria and the DejaVu
# fonts LibreOffice falls back to, so a column that is wide enough here does not
# break a word there.
_EM: dict[str, float] = {
    **dict.fromkeys("il.,:;!|'’`", 0.32),
    " ": 0.33,
    **dict.fromkeys('fjtrI()[]{}-/"', 0.45),
    **dict.fromkeys("mwMW%@", 1.0),
    **dict.fromkeys("0123456789", 0.66),
}
_EM_LOWER, _EM_UPPER, _EM_OTHER = 0.64, 0.76, 0.9


def render_docx(report: Report) -> bytes:
    """``report`` as a Word document (.docx), returned as bytes.

    The document holds a title block, a summary of the assessment labels,
    every focus area (Heading 1) with its goals (Heading 2, nested goals
    Heading 3 and 4) and, per goal, the computed and stated bedömning, the
    kommentar and a table of indicators with one outcome column per report
    year; then assignments (uppdrag), service guarantees, measures
    (verksamhetsmått) and the risk plan with a likelihood × consequence
    matrix. Words follow ``report.lang``; numbers are in that language's
    notation.

    Raises :class:`MissingExtraError` (a ``ModuleNotFoundError``) when
    python-docx, pygal or cairosvg is not installed, or cairosvg cannot find
    the Cairo library.
    """
    try:
        import docx  # noqa: PLC0415 (an optional extra, loaded on first use)
        import pygal  # type: ignore[import-untyped]  # noqa: PLC0415
    except ModuleNotFoundError as error:
        raise MissingExtraError(
            tr(
                "Word output needs the 'report' extra: pip install 'malstyrning[report]'",
                "Word-rapporten behöver tillägget 'report': pip install 'malstyrning[report]'",
            ),
            name=error.name,
            extra="report",
        ) from error
    try:
        import cairosvg  # type: ignore[import-untyped]  # noqa: PLC0415
    except ModuleNotFoundError as error:
        raise MissingExtraError(
            tr(
                "Word output draws its charts with cairosvg, from the 'report' extra: "
                "pip install 'malstyrning[report]'",
                "Word-rapporten ritar sina diagram med cairosvg, som ingår i tillägget 'report': "
                "pip install 'malstyrning[report]'",
            ),
            name=error.name,
            extra="report",
        ) from error
    except OSError as error:  # cairocffi finds no libcairo
        raise MissingExtraError(
            tr(
                "Word output draws its charts with cairosvg, which needs the Cairo library "
                "(on Debian and Ubuntu: apt-get install libcairo2), with the 'report' extra: "
                "pip install 'malstyrning[report]' ({error})",
                "Word-rapporten ritar sina diagram med cairosvg, som behöver biblioteket Cairo "
                "(i Debian och Ubuntu: apt-get install libcairo2), och tillägget 'report': "
                "pip install 'malstyrning[report]' ({error})",
                error=str(error),
            ),
            name="cairosvg",
            extra="report",
        ) from error

    def png(chart: Any) -> bytes:
        svg = chart.render(is_unicode=True).encode("utf-8")
        return bytes(cairosvg.svg2png(bytestring=svg, scale=_CHART_SCALE))

    document = docx.Document()
    writer = _Writer(document, report, Charts(report, pygal), png)
    writer.write()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Writer:
    """Writes one report into one document, section by section."""

    def __init__(self, document: Document, report: Report, charts: Charts, png: Any) -> None:
        self.doc = document
        self.report = report
        self.lang: Language = report.lang
        self.year = report.assessment.year
        self.charts = charts
        self.png = png

    def write(self) -> None:
        self._properties()
        self._page()
        self._title_block()
        self._contents()
        self._summary()
        if self.report.vision:
            self.doc.add_heading(text("vision", self.lang), level=1)
            self.doc.add_paragraph(xml_text(self.report.vision))
        self._sections(SectionPlace.BEFORE)
        for area in self.report.areas:
            self.doc.add_heading(xml_text(area.title), level=1)
            if area.description:
                self.doc.add_paragraph(xml_text(area.description))
            for goal in area.goals:
                self._goal(goal)
        self._sections(SectionPlace.AFTER)
        self._assignments()
        self._guarantees()
        self._measures()
        self._risks()
        self._sections(SectionPlace.END)

    # -- document-wide -------------------------------------------------------

    def _properties(self) -> None:
        from docx.oxml import OxmlElement  # noqa: PLC0415
        from docx.oxml.ns import qn  # noqa: PLC0415

        assessment = self.report.assessment
        props = self.doc.core_properties
        props.title = xml_text(f"{report_title(self.report)} – {assessment.organisation}")
        props.subject = xml_text(assessment.plan)
        props.author = "malstyrning"
        props.last_modified_by = "malstyrning"
        props.language = _LANGUAGE_TAG[self.lang]
        generated = dt.datetime.combine(self.report.generated, dt.time())
        props.created = generated
        props.modified = generated
        props.revision = 1
        # The proofing language of the text, so Word and LibreOffice check Swedish
        # as Swedish: in the document defaults (every style inherits them), in
        # 'Normal', and as the language of the theme's fonts.
        tag = _LANGUAGE_TAG[self.lang]
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = _child(defaults, "w:rPrDefault", first=True)
        _set_language(_child(rpr_default, "w:rPr"), tag)
        _set_language(self.doc.styles["Normal"].element.get_or_add_rPr(), tag)
        settings = self.doc.settings.element
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), tag)
        # Numbers and lists as the language writes them (Word reads these for fields).
        for name, value in (
            ("w:decimalSymbol", "," if self.lang == "sv" else "."),
            ("w:listSeparator", ";" if self.lang == "sv" else ","),
        ):
            element = settings.find(qn(name))
            if element is not None:
                element.set(qn("w:val"), value)
        # Word asks to update the fields (contents, page count) when the file is opened.
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        _insert_setting(settings, update)

    def _page(self) -> None:
        """A4 portrait, 2.5 cm margins; the footer names the report and numbers the pages."""
        from docx.enum.text import WD_TAB_ALIGNMENT  # noqa: PLC0415
        from docx.shared import Pt, Twips  # noqa: PLC0415

        section = self.doc.sections[0]
        section.page_width, section.page_height = Twips(_PAGE_WIDTH), Twips(_PAGE_HEIGHT)
        section.left_margin = section.right_margin = Twips(_MARGIN)
        section.top_margin = section.bottom_margin = Twips(_MARGIN)
        footer = section.footer.paragraphs[0]
        # The Footer style's own stops are for US Letter (a centre stop at 8,3 cm would pull
        # the page number under a short title): cleared, then one right stop at the margin.
        for stop in self.doc.styles["Footer"].paragraph_format.tab_stops:
            footer.paragraph_format.tab_stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        footer.paragraph_format.tab_stops.add_tab_stop(Twips(_TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
        assessment = self.report.assessment
        footer.add_run(xml_text(f"{report_title(self.report)} – {assessment.organisation}"))
        footer.add_run(f"\t{text('page', self.lang)} ")
        _field(footer, "PAGE", "1")
        footer.add_run(f" {text('page_of', self.lang)} ")
        _field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size = Pt(9)

    def _title_block(self) -> None:
        assessment = self.report.assessment
        lang = self.lang
        self.doc.add_heading(xml_text(report_title(self.report)), level=0)
        facts = [(text("organisation", lang), assessment.organisation)]
        if assessment.municipality:
            facts.append((text("municipality", lang), assessment.municipality))
        period = report_period_words(self.report)
        facts += [
            (text("plan", lang), assessment.plan),
            (
                (text("column_period", lang), period)
                if period
                else (text("assessed_year", lang), str(self.year))
            ),
            (text("generated", lang), self.report.generated.isoformat()),
        ]
        rules = assessment.rules
        facts.append(
            (
                text("rules", lang),
                f"{text('method', lang)} {label(rules.method, lang)}, "
                f"{text('near', lang)} {format_number(rules.near, lang)}, "
                f"{text('trend_against', lang)} {label(rules.trend, lang)}"
                f"{arrow_rule_note(rules.arrow, lang, ', ')}",
            )
        )
        for key, value in facts:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{key}: ").bold = True
            paragraph.add_run(xml_text(value))
        if notice := no_values_notice(self.report):  # said first, plainly: nothing is judged yet
            self.doc.add_paragraph().add_run(xml_text(notice)).bold = True

    def _contents(self) -> None:
        """A table-of-contents field over Heading 1–3, filled in when Word updates the fields."""
        from docx.enum.text import WD_BREAK  # noqa: PLC0415

        self.doc.add_paragraph(text("contents", self.lang), style="TOC Heading")
        paragraph = self.doc.add_paragraph()
        _field(paragraph, 'TOC \\o "1-3" \\h \\z \\u', text("contents_update", self.lang), dirty=True)
        paragraph.add_run().add_break(WD_BREAK.PAGE)

    def _summary(self) -> None:
        lang = self.lang
        summary = self.report.assessment.summary
        self.doc.add_heading(text("summary", lang), level=1)
        rows: list[list[str]] = []
        groups: list[int] = []
        statuses: dict[int, StrEnum] = {}
        groups.append(len(rows))
        rows.append([text("goals", lang), ""])
        for goal_status, count in summary.goals.items():
            statuses[len(rows)] = goal_status
            rows.append([marked(goal_status, lang), str(count)])
        groups.append(len(rows))
        rows.append([text("indicators", lang), ""])
        for indicator_status, count in summary.indicators.items():
            statuses[len(rows)] = indicator_status
            rows.append([marked(indicator_status, lang), str(count)])
        if summary.forecasts is not None:  # during the year: are the goals expected to be met?
            groups.append(len(rows))
            rows.append([text("goal_forecasts", lang), ""])
            for forecast_status, count in summary.forecasts.items():
                statuses[len(rows)] = forecast_status
                rows.append([goal_forecast_marked(forecast_status, lang), str(count)])
        table = self._table([text("assessment", lang), text("count", lang)], rows, numeric={1})
        for index, status in statuses.items():
            _colour(table.rows[index + 1].cells[0], status)
        for index in groups:
            row = table.rows[index + 1]
            merged = row.cells[0].merge(row.cells[1])
            merged.text = rows[index][0]
            _bold(merged)
            _small(merged)
        _set_widths(table, _column_widths(table, numeric={1}))

    # -- goals ---------------------------------------------------------------

    def _goal(self, section: GoalSection) -> None:
        from docx.shared import Cm  # noqa: PLC0415

        lang = self.lang
        goal = section.result
        heading = self.doc.add_heading(xml_text(goal.title), level=min(2 + section.depth, 4))
        if section.depth > 2:
            heading.paragraph_format.left_indent = Cm(0.75 * (section.depth - 2))
        if goal.kind is not None:
            self.doc.add_paragraph().add_run(label(goal.kind, lang)).italic = True
        if section.description:
            self.doc.add_paragraph(xml_text(section.description))

        stated = _EMPTY
        if goal.stated is not None:
            stated = marked(goal.stated, lang)
            if goal.disagrees:
                stated += f" ({text('differs', lang)})"
        header = [text("computed", lang), text("trend_heading", lang), text("stated_heading", lang)]
        computed = marked(goal.status, lang)
        if goal.items is not None and goal.items.total:  # judged from its items: their counts
            computed += f" ({items_words(goal.items, lang)})"
        values = [computed, goal_trend_words(goal, self.report), stated]
        forecast = goal.forecast if shows_forecast(goal) else None
        if forecast is not None:  # during the year: the year-end forecast, and a stated one beside it
            header.append(forecast_heading(self.report))
            values.append(goal_forecast_marked(forecast.status, lang))
            if forecast.stated is not None:
                header.append(text("stated_forecast", lang))
                shown = goal_forecast_marked(forecast.stated, lang)
                values.append(shown + (f" ({text('differs', lang)})" if forecast.disagrees else ""))
        table = self._table(header, [values])
        _colour(table.rows[1].cells[0], goal.status)
        if goal.stated is not None:
            _colour(table.rows[1].cells[2], goal.stated)
        if goal.disagrees:
            _bold(table.rows[1].cells[2])
        if forecast is not None:
            _colour(table.rows[1].cells[3], forecast.status)
            if forecast.stated is not None:
                _colour(table.rows[1].cells[4], forecast.stated)
                if forecast.disagrees:
                    _bold(table.rows[1].cells[4])

        if goal.comment:
            self._labelled(text("comment", lang), goal.comment)
        if section.indicators:
            self._caption(text("indicators", lang))
            self._indicators(section.indicators, full=True)
        if section.items:
            self._caption(text("activities", lang))
            self._activities(section.items)
        if goal.contributions:  # in a kommun: the nämnder's goals serving it
            self._caption(text("contributions", lang))
            rows = [
                [
                    c.organisation,
                    (f"{label(c.goal.kind, lang)}: " if c.goal.kind else "") + c.goal.title,
                    marked(c.goal.status, lang),
                    format_number(c.weight, lang),
                ]
                for c in goal.contributions
            ]
            header = [text(key, lang) for key in ("contributor", "goal", "assessment", "column_weight")]
            grid = self._table(header, rows, numeric={3})
            for c, row in zip(goal.contributions, grid.rows[1:], strict=True):
                _colour(row.cells[2], c.goal.status)

    def _indicators(self, rows: Sequence[IndicatorRow], *, full: bool) -> None:
        lang = self.lang
        header = [text("title", lang)]
        header += [outcome_heading(self.report, year) for year in self.report.years]
        # "Mål 2017" as the seed prints it: the assessed year, or the one year all
        # targets in the table are set for; a target for another year says so.
        target_years = {row.result.target_year for row in rows if row.result.target is not None}
        target_year = target_years.pop() if len(target_years) == 1 else None
        target_year = target_year or self.year
        if full:
            header += [
                text("target_year", lang).format(year=target_year),
                text("assessment", lang),
            ]
        forecasts = full and self.report.forecasts  # during the year: the year-end forecast
        if forecasts:
            header.append(forecast_heading(self.report))
        header.append(text("trend_heading", lang))
        cells: list[list[str]] = []
        for row in rows:
            result = row.result
            line = [result.title]
            line += [self._outcome(cell, result.unit) for cell in row.cells]
            if full:
                verdict = verdict_words(result, lang)
                if note := stated_note(result, lang):
                    verdict += f" ({note})"
                line += [self._target(row, target_year), verdict]
            if forecasts:
                words = [forecast_status_words(result, lang), forecast_value_words(result, lang)]
                line.append("\n".join(word for word in words if word) or _EMPTY)
            line.append(_trend(row, lang))
            cells.append(line)
        numeric = set(range(1, len(self.report.years) + 2 if full else len(self.report.years) + 1))
        facts = [
            [xml_text(fact) for fact in [*indicator_facts(row, lang), *period_facts(row, self.report)]]
            for row in rows
        ]
        table = self._table(header, cells, numeric=numeric, notes=facts)
        if full:
            verdict_column = len(self.report.years) + 2
            for row, table_row in zip(rows, table.rows[1:], strict=True):
                _colour(table_row.cells[verdict_column], row.result.status)
                found = row.result.forecast
                if forecasts and found is not None and forecast_status_words(row.result, lang):
                    _colour(table_row.cells[verdict_column + 1], found.status)
        self._indicator_charts(rows)

    def _indicator_charts(self, rows: Sequence[IndicatorRow]) -> None:
        """Each indicator's chart (as in the HTML report) with a caption: title, bedömning, notes."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
        from docx.shared import Cm, Pt  # noqa: PLC0415

        lang = self.lang
        for row in rows:
            result = row.result
            if not chart_levels(row):
                continue  # nothing to draw: the table says there is no value
            chart = self.charts.indicator(row)
            if chart is None:
                picture = self.doc.add_paragraph()
                picture.add_run(xml_text(text("chart_unreadable", lang))).italic = True
            else:
                picture = self.doc.add_paragraph()
                picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
                picture.add_run().add_picture(io.BytesIO(self.png(chart)), width=Cm(_CHART_WIDTH_CM))
            picture.paragraph_format.keep_with_next = True
            picture.paragraph_format.space_after = Pt(2)
            caption = self.doc.add_paragraph(style="Caption")
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption.paragraph_format.keep_together = True
            caption.add_run(xml_text(result.title))
            caption.add_run(": ")  # not a dash: a label not assessed starts with its mark "–"
            verdict = caption.add_run(verdict_words(result, lang))
            _colour_run(verdict, result.status)
            found = result.forecast
            status = forecast_status_words(result, lang)
            if self.report.forecasts and found is not None and found.value is not None and status:
                caption.add_run(" · ")
                _colour_run(caption.add_run(f"{forecast_heading(self.report)}: {status}"), found.status)
            notes = [f"{cell.year}: {cell.missing}" for cell in row.history if cell.missing]
            notes += [label(note, lang) for note in result.notes]
            for note in notes:
                run = caption.add_run(xml_text(f"\n{note}"))
                run.bold = False
                run.italic = True

    def _outcome(self, cell: OutcomeCell, unit: str | None) -> str:
        if cell.value is not None:
            shown = format_number(cell.value, self.lang, unit)
            when = cell_period(self.report, cell)  # during the year, a value for an earlier period
            return f"{shown} ({when})" if when else shown
        return cell.missing or _EMPTY

    def _target(self, row: IndicatorRow, column_year: int) -> str:
        result = row.result
        if result.target is not None:
            shown = format_number(result.target, self.lang, result.unit)
            if result.target_year is not None and result.target_year != column_year:
                shown += f" ({result.target_year})"
            return shown
        if result.direction is not None:
            return _capitalise(label(result.direction, self.lang))
        return _EMPTY

    def _activities(self, activities: Sequence[ItemLine]) -> None:
        lang = self.lang
        table = self._table(
            [
                text("activity", lang),
                text("responsible", lang),
                text("due", lang),
                text("status", lang),
                text("comment", lang),
            ],
            [
                [
                    item_title(activity),
                    activity.responsible or _EMPTY,
                    activity.due.isoformat() if activity.due else _EMPTY,
                    marked(activity.status, lang) if activity.status else _EMPTY,
                    activity.comment or "",
                ]
                for activity in activities
            ],
            numeric={2},
        )
        for activity, table_row in zip(activities, table.rows[1:], strict=True):
            if activity.status:
                _colour(table_row.cells[3], activity.status)
        self._item_details(activities)

    def _item_details(self, items: Sequence[ItemLine]) -> None:
        """Under an items' table: each item with more to tell (samverkan, beslutad,
        the indicator, dated reports) as a bullet, its reports oldest first under it."""
        for line in items:
            if not line.detailed:
                continue
            paragraph = self.doc.add_paragraph(style="List Bullet")
            paragraph.add_run(xml_text(line.id or line.title)).bold = True
            facts = item_facts(line, self.lang)
            if facts:
                paragraph.add_run(xml_text(f" – {facts}"))
            for report in line.history:
                self.doc.add_paragraph(xml_text(report_words(report, self.lang)), style="List Bullet 2")

    # -- the plan's other parts ----------------------------------------------

    def _assignments(self) -> None:
        if not self.report.assignments:
            return
        lang = self.lang
        self.doc.add_heading(text("assignments", lang), level=1)
        self._table(
            [text("title", lang), text("status", lang), text("comment", lang)],
            [
                [item_title(item), marked(item.status, lang) if item.status else _EMPTY, item.comment or ""]
                for item in self.report.assignment_items
            ],
        )
        self._item_details(self.report.assignment_items)

    def _guarantees(self) -> None:
        if not self.report.guarantees:
            return
        lang = self.lang
        self.doc.add_heading(text("guarantees", lang), level=1)

        def met(value: bool | None) -> str:
            if value is None:
                return _EMPTY
            return f"✓ {text('yes', lang)}" if value else f"✗ {text('no', lang)}"

        self._table(
            [text("guarantee", lang), text("met", lang), text("comment", lang)],
            [[item.title, met(item.met), item.comment or ""] for item in self.report.guarantees],
        )

    def _measures(self) -> None:
        if not self.report.measures:
            return
        self.doc.add_heading(text("measures", self.lang), level=1)
        # Measures are followed without a target; the target and bedömning
        # columns appear only when some measure has one after all.
        full = any(
            row.result.target is not None or row.result.status is not IndicatorStatus.NOT_ASSESSED
            for row in self.report.measures
        )
        self._indicators(self.report.measures, full=full)
        if self.report.measure_items:
            self._caption(text("activities", self.lang))
            self._activities(self.report.measure_items)

    def _risks(self) -> None:
        risks = self.report.risks
        if not risks:
            return
        lang = self.lang
        self.doc.add_heading(text("risks", lang), level=1)
        # The likelihood and consequence columns only when some risk is scored.
        scored = any(risk.likelihood is not None or risk.consequence is not None for risk in risks)
        header = [
            text("number", lang),
            text("risk", lang),
            text("actions", lang),
            text("controls", lang),
            text("responsible", lang),
        ]
        if scored:
            header += [text("likelihood", lang), text("consequence", lang)]
        rows = []
        for number, risk in enumerate(risks, start=1):
            row = [
                f"R{number}",
                risk.risk,
                risk.actions or _EMPTY,
                risk.controls or _EMPTY,
                risk.responsible or _EMPTY,
            ]
            if scored:
                row += [_score(risk.likelihood), _score(risk.consequence)]
            rows.append(row)
        self._table(header, rows, numeric={0, 5, 6} if scored else {0})
        for number, risk in enumerate(risks, start=1):
            if risk.comment:
                self._labelled(f"R{number} – {text('comment', lang)}", risk.comment)
        self._risk_matrix()

    def _risk_matrix(self) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT  # noqa: PLC0415
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
        from docx.shared import Cm  # noqa: PLC0415

        lang = self.lang
        self._caption(text("risk_matrix", lang))
        cells: dict[tuple[int, int], list[str]] = {}
        unscored: list[str] = []
        for number, risk in enumerate(self.report.risks, start=1):
            if risk.likelihood is None or risk.consequence is None:
                unscored.append(f"R{number}")
            else:
                cells.setdefault((risk.likelihood, risk.consequence), []).append(f"R{number}")
        if not cells:  # no grid of empty squares: say why there is none
            self.doc.add_paragraph(xml_text(text("matrix_empty", lang)))
            return
        # As the HTML and Markdown reports draw it: likelihood along the bottom,
        # consequence up the side (4 at the top); the corner says which is which.
        header = [f"{text('consequence', lang)} ↑ / {text('likelihood', lang)} →"]
        header += [str(likelihood) for likelihood in range(1, 5)]
        rows = [
            [str(consequence)]
            + [", ".join(cells.get((likelihood, consequence), [])) for likelihood in range(1, 5)]
            for consequence in range(4, 0, -1)
        ]
        corner = _TEXT_WIDTH - 4 * round(2.2 * _TWIPS_PER_CM)
        table = self._table(header, rows, widths=[corner] + [round(2.2 * _TWIPS_PER_CM)] * 4)
        for row_index, consequence in enumerate(range(4, 0, -1), start=1):
            row = table.rows[row_index]
            _bold(row.cells[0])
            row.height = Cm(1.1)  # squares, about as high as wide
            for likelihood in range(1, 5):
                cell = row.cells[likelihood]
                _shade(cell, _risk_fill(likelihood * consequence))
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _bold(cell)
        for cell in table.rows[0].cells[1:]:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if unscored:
            self._labelled(text("unscored", lang), ", ".join(unscored))

    # -- the plan's narrative sections (avsnitt) ------------------------------

    def _sections(self, place: SectionPlace) -> None:
        """The sections that stand at ``place``: a Heading 1, the text, then each table."""
        for section in self.report.sections_at(place):
            self.doc.add_heading(xml_text(section.title), level=1)
            self._blocks(section_text(self.report, section))
            for table in section.tables:
                self._number_table(table)

    def _blocks(self, blocks: Sequence[TextBlock]) -> None:
        for block in blocks:
            if block.heading:
                self.doc.add_heading(xml_text(block.heading), level=2)
            for item in block.items:
                self.doc.add_paragraph(xml_text(item), style="List Bullet" if block.bullets else None)

    def _number_table(self, table: NumberTable) -> None:
        caption = table.title + (f" ({table.unit})" if table.unit else "")
        self._caption(caption)
        rows = [
            [line.title]
            + [format_number(cell.value, self.lang) if cell.value is not None else "" for cell in line.cells]
            for line in table.lines
        ]
        numeric = set(range(1, len(table.columns) + 1))
        grid = self._table([table.row_heading or "", *table.columns], rows, numeric=numeric)
        for line, row in zip(table.lines, grid.rows[1:], strict=True):
            if line.total or line.subheading:
                for cell in row.cells:
                    _bold(cell)
        if table.comment:
            self._caption(text("comment", self.lang))
            self._blocks(table.comment)

    # -- building blocks -----------------------------------------------------

    def _table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        numeric: set[int] | None = None,
        notes: Sequence[Sequence[str]] | None = None,
        widths: Sequence[int] | None = None,
    ) -> Table:
        """A 'Table Grid' table as wide as the text, its columns as wide as their content needs.

        The header row is bold on grey and repeats on every page; no row is
        split across pages. ``numeric`` columns are right-aligned and their
        values never broken; ``notes`` are italic lines under each row's first
        cell (an indicator's source, comparisons and comments). ``widths``
        (twips) overrides the widths measured from the content.
        """
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
        from docx.oxml import OxmlElement  # noqa: PLC0415
        from docx.oxml.ns import qn  # noqa: PLC0415
        from docx.shared import Pt  # noqa: PLC0415

        numeric = numeric or set()
        table: Table = self.doc.add_table(rows=1 + len(rows), cols=len(header), style="Table Grid")
        table.autofit = False  # fixed layout: the widths below, not Word's guess
        for cell, value in zip(table.rows[0].cells, header, strict=True):
            cell.text = xml_text(value)
            _bold(cell)
            _shade(cell, _HEADER_FILL)
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for table_row, values in zip(table.rows[1:], rows, strict=True):
            for index, (cell, value) in enumerate(zip(table_row.cells, values, strict=True)):
                cell.text = xml_text(value)
                if index in numeric and len(value) <= _SHORT:  # not a missing outcome's reason
                    for paragraph in cell.paragraphs:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for table_row in table.rows:
            keep = OxmlElement("w:cantSplit")
            keep.set(qn("w:val"), "true")
            table_row._tr.get_or_add_trPr().insert(0, keep)
            for cell in table_row.cells:
                _small(cell)
        for table_row, row_notes in zip(table.rows[1:], notes or (), strict=False):
            for note in row_notes:
                run = table_row.cells[0].add_paragraph().add_run(note)
                run.italic = True
                run.font.size = Pt(_NOTE_FONT_SIZE)
        _set_widths(table, list(widths) if widths else _column_widths(table, numeric))
        self.doc.add_paragraph()  # Word glues adjacent tables together; keep them apart
        return table

    def _labelled(self, key: str, value: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(xml_text(f"{key}: ")).bold = True
        paragraph.add_run(xml_text(value))

    def _caption(self, words: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(xml_text(words)).bold = True
        paragraph.paragraph_format.keep_with_next = True


def _trend(row: IndicatorRow, lang: Language) -> str:
    # The raw change and, where it says more than the arrow, whether it is an
    # improvement: "↘ Minskad, förbättrad" for falling sick leave.
    # With trendpil: förbättring the arrow is the improvement: nothing to add.
    shown = trend_cell(row.result, lang)
    if note := stated_trend_note(row.result, lang):
        shown += f" ({note})"
    return shown


def _score(value: int | None) -> str:
    return _EMPTY if value is None else str(value)


def _risk_fill(product: int) -> str:
    return next(fill for limit, fill in _RISK_FILL if product <= limit)


def _capitalise(words: str) -> str:
    return words[:1].upper() + words[1:]


def _bold(cell: _Cell) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.bold = True


def _small(cell: _Cell) -> None:
    from docx.shared import Pt  # noqa: PLC0415

    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(_TABLE_FONT_SIZE)


def _colour(cell: _Cell, status: StrEnum) -> None:
    """The status's colour on the cell's first line (its symbol and word), as the HTML report has it."""
    for run in cell.paragraphs[0].runs:
        _colour_run(run, status)


def _colour_run(run: Any, status: StrEnum) -> None:
    from docx.shared import RGBColor  # noqa: PLC0415

    colour = COLOUR.get(status)
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


# -- column widths -------------------------------------------------------------


def _text_width(words: str, *, size: float = _TABLE_FONT_SIZE, bold: bool = False) -> float:
    """The printed width of ``words`` at ``size`` points, in twips (an estimate on the wide side)."""
    ems = 0.0
    for char in words:
        em = _EM.get(char)
        if em is None:
            em = _EM_LOWER if char.islower() else _EM_UPPER if char.isupper() else _EM_OTHER
        ems += em
    return ems * size * 20 * (1.08 if bold else 1.0)


def _tokens(line: str) -> list[str]:
    """The pieces a line may break between: words, a lone symbol kept with the word after it."""
    tokens: list[str] = []
    pending = ""
    for word in line.split():
        if len(word) == 1 and not word.isalnum():
            pending += word + " "
            continue
        tokens.append(pending + word)
        pending = ""
    if pending:
        tokens.append(pending.strip())
    return tokens


def _column_widths(table: Table, numeric: set[int] | None = None) -> list[int]:
    """Widths (twips) for ``table``'s columns, adding up to the text width.

    Each column gets at least its longest word (a short value in a
    ``numeric`` column is one word), so nothing is broken inside a word; the
    room left goes to the columns in proportion to how much wider their
    longest lines are (as a browser lays out an automatic table), so the
    title and comment columns get the most. When the longest words cannot all
    fit (English labels are longer), the table's text is made smaller, down to
    :data:`_SMALLEST_FONT_SIZE`, before any word is broken.
    """
    numeric = numeric or set()
    least, most = _measure(table, numeric)
    padding = _CELL_PADDING * len(least)
    if sum(least) > _TEXT_WIDTH:
        scale = (_TEXT_WIDTH - padding) / (sum(least) - padding)
        _scale_fonts(table, scale)
        least, most = _measure(table, numeric)
    return _share(least, most, _TEXT_WIDTH, flexible={i for i in range(len(least)) if i not in numeric})


def _scale_fonts(table: Table, scale: float) -> None:
    """Every run in ``table`` ``scale`` times its size, in half points, none below the smallest."""
    from docx.shared import Pt  # noqa: PLC0415

    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    size = run.font.size.pt if run.font.size is not None else _TABLE_FONT_SIZE
                    smaller = max(_SMALLEST_FONT_SIZE, int(size * scale * 2) / 2)
                    run.font.size = Pt(smaller)


def _measure(table: Table, numeric: set[int]) -> tuple[list[float], list[float]]:
    """Per column: the width of its longest word and of its longest line (twips, with padding)."""
    columns = len(table.columns)
    least = [0.0] * columns
    most = [0.0] * columns
    for row_index, row in enumerate(table.rows):
        for index, cell in enumerate(row.cells):
            if cell._tc.grid_span > 1:
                continue  # a merged heading across the table: it fits any widths
            for paragraph in cell.paragraphs:
                runs = paragraph.runs
                if not runs:
                    continue
                size = runs[0].font.size.pt if runs[0].font.size is not None else _TABLE_FONT_SIZE
                bold = bool(runs[0].bold)
                line = paragraph.text
                whole = _text_width(line, size=size, bold=bold)
                if index in numeric and row_index > 0 and len(line) <= _SHORT:
                    word = whole  # a number and its unit: never broken
                else:
                    word = max((_text_width(t, size=size, bold=bold) for t in _tokens(line)), default=0.0)
                least[index] = max(least[index], word + _CELL_PADDING)
                most[index] = max(most[index], whole + _CELL_PADDING)
    return least, most


def _share(least: Sequence[float], most: Sequence[float], total: int, *, flexible: set[int]) -> list[int]:
    """Split ``total`` among columns that need ``least`` and would like ``most``.

    Room beyond every column's ``most`` goes to the ``flexible`` (text)
    columns; room short of it is shared by how much each column would like
    beyond its ``least``, the first (title) column counted twice. When even
    the ``least`` widths do not fit, only the widest of them are narrowed
    (to a common width), so that it is the longest words that break, not a
    number or a short label.
    """
    flexible = flexible or set(range(len(most)))
    if sum(most) <= total:  # every line fits unbroken: the room left to the text columns
        spare = total - sum(most)
        weight = sum(most[i] for i in flexible)
        widths = [width + (spare * width / weight if i in flexible else 0) for i, width in enumerate(most)]
    elif sum(least) <= total:
        spare = total - sum(least)
        wish = [high - low for low, high in zip(least, most, strict=True)]
        wish[0] *= 2  # the title (or first) column is the one read first: it gets more
        widths = [low + spare * extra / sum(wish) for low, extra in zip(least, wish, strict=True)]
    else:  # long words that cannot all fit: cap the widest columns at one width
        low, high = 0.0, max(least)
        for _ in range(50):
            cap = (low + high) / 2
            if sum(min(width, cap) for width in least) > total:
                high = cap
            else:
                low = cap
        widths = [min(width, low) for width in least]
        widths[0] += total - sum(widths)
    rounded = [int(width) for width in widths]
    rounded[max(flexible)] += total - sum(rounded)
    return rounded


def _set_widths(table: Table, widths: Sequence[int]) -> None:
    """``widths`` on the grid, on every cell (by its span) and on the table, with fixed layout."""
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Twips  # noqa: PLC0415

    tbl = table._tbl
    properties = tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    for column, column_width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Twips(column_width)
    for row in tbl.tr_lst:
        start = 0
        for tc in row.tc_lst:
            span = tc.grid_span
            tc.width = Twips(sum(widths[start : start + span]))
            start += span


def _field(paragraph: Paragraph, instruction: str, shown: str, *, dirty: bool = False) -> None:
    """A Word field (PAGE, NUMPAGES, TOC ...) in ``paragraph``, showing ``shown`` until updated."""
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if dirty and kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)
        return run

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(xml_text(shown))
    char("end")


def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
    """``parent``'s ``tag`` child, added (first or last) when it has none."""
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415

    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def _set_language(rpr: Any, tag: str) -> None:
    """The ``w:lang`` of run properties ``rpr``: ``tag`` for Latin text, other scripts kept."""
    from docx.oxml.ns import qn  # noqa: PLC0415

    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), tag)


# settings.xml's children come in the schema's order; w:updateFields goes before these.
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}


def _insert_setting(settings: Any, element: Any) -> None:
    for index, child in enumerate(settings):
        if str(child.tag).rpartition("}")[2] in _AFTER_UPDATE_FIELDS:
            settings.insert(index, element)
            return
    settings.append(element)
