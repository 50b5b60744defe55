"""The follow-up report (verksamhetsberättelse) as a Word document.

Only built-in styles are used ('Title', 'Heading 1'–'Heading 4', 'Table
Grid'), so a controller can paste the sections into the municipality's own
annual-report template and they take on its look. python-docx is imported when
:func:`render_docx` is first called; it comes with the ``report`` extra.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._engine import Improvement, IndicatorStatus
from .._errors import MissingExtraError
from .._i18n import Language, tr
from .._model import Activity
from ._build import GoalSection, IndicatorRow, OutcomeCell, Report
from ._labels import (
    arrow_label,
    arrow_rule_note,
    format_number,
    improvement_beside_arrow,
    indicator_facts,
    label,
    stated_note,
    stated_trend_note,
    text,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell

__all__ = ["render_docx"]


# Where a cell has nothing to show: an en dash, as Swedish tables print it.
_EMPTY = "–"

# Risk matrix shading by sannolikhet × konsekvens (1–16): low, medium, high, very high.
_RISK_FILL = ((3, "C6EFCE"), (6, "FFEB9C"), (9, "F8CBAD"), (16, "FF9B9B"))

_LANGUAGE_TAG = {"sv": "sv-SE", "en": "en-GB"}

# Characters XML 1.0 cannot hold (tab, newline and carriage return can); a plan
# may carry them in quoted YAML strings ("\x01").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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

    Raises :class:`MissingExtraError` (a ``ModuleNotFoundError``) when python-docx is not installed.
    """
    try:
        import docx  # noqa: PLC0415 (an optional extra, loaded on first use)
    except ModuleNotFoundError as error:
        raise MissingExtraError(
            tr(
                "Word output needs the 'report' extra: pip install 'malstyrning[report]'",
                "Word-rapporten behöver tillägget 'report': pip install 'malstyrning[report]'",
            ),
            name=error.name,
            extra="report",
        ) from error

    document = docx.Document()
    writer = _Writer(document, report)
    writer.write()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Writer:
    """Writes one report into one document, section by section."""

    def __init__(self, document: Document, report: Report) -> None:
        self.doc = document
        self.report = report
        self.lang: Language = report.lang
        self.year = report.assessment.year

    def write(self) -> None:
        self._properties()
        self._title_block()
        self._summary()
        if self.report.vision:
            self.doc.add_heading(text("vision", self.lang), level=1)
            self.doc.add_paragraph(_clean(self.report.vision))
        for area in self.report.areas:
            self.doc.add_heading(_clean(area.title), level=1)
            if area.description:
                self.doc.add_paragraph(_clean(area.description))
            for goal in area.goals:
                self._goal(goal)
        self._assignments()
        self._guarantees()
        self._measures()
        self._risks()

    # -- document-wide -------------------------------------------------------

    def _properties(self) -> None:
        from docx.oxml import OxmlElement  # noqa: PLC0415
        from docx.oxml.ns import qn  # noqa: PLC0415

        assessment = self.report.assessment
        props = self.doc.core_properties
        props.title = _clean(f"{text('report', self.lang)} {self.year} – {assessment.organisation}")
        props.subject = _clean(assessment.plan)
        props.author = "malstyrning"
        props.last_modified_by = "malstyrning"
        props.language = _LANGUAGE_TAG[self.lang]
        generated = dt.datetime.combine(self.report.generated, dt.time())
        props.created = generated
        props.modified = generated
        props.revision = 1
        # The proofing language of the text, so Word checks Swedish as Swedish.
        rpr = self.doc.styles["Normal"].element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), _LANGUAGE_TAG[self.lang])
        rpr.append(lang)

    def _title_block(self) -> None:
        assessment = self.report.assessment
        lang = self.lang
        self.doc.add_heading(f"{text('report', lang)} {self.year}", level=0)
        facts = [(text("organisation", lang), assessment.organisation)]
        if assessment.municipality:
            facts.append((text("municipality", lang), assessment.municipality))
        facts += [
            (text("plan", lang), assessment.plan),
            (text("assessed_year", lang), str(self.year)),
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
            paragraph.add_run(_clean(value))

    def _summary(self) -> None:
        lang = self.lang
        summary = self.report.assessment.summary
        self.doc.add_heading(text("summary", lang), level=1)
        rows: list[list[str]] = []
        groups: list[int] = []
        groups.append(len(rows))
        rows.append([text("goals", lang), ""])
        rows += [[label(status, lang), str(count)] for status, count in summary.goals.items()]
        groups.append(len(rows))
        rows.append([text("indicators", lang), ""])
        rows += [[label(status, lang), str(count)] for status, count in summary.indicators.items()]
        table = self._table([text("assessment", lang), text("count", lang)], rows, numeric={1})
        for index in groups:
            row = table.rows[index + 1]
            merged = row.cells[0].merge(row.cells[1])
            merged.text = rows[index][0]
            _bold(merged)

    # -- goals ---------------------------------------------------------------

    def _goal(self, section: GoalSection) -> None:
        from docx.shared import Cm  # noqa: PLC0415

        lang = self.lang
        goal = section.result
        heading = self.doc.add_heading(_clean(goal.title), level=min(2 + section.depth, 4))
        if section.depth > 2:
            heading.paragraph_format.left_indent = Cm(0.75 * (section.depth - 2))
        if goal.kind is not None:
            self.doc.add_paragraph().add_run(label(goal.kind, lang)).italic = True
        if section.description:
            self.doc.add_paragraph(_clean(section.description))

        stated = _EMPTY
        if goal.stated is not None:
            stated = label(goal.stated, lang)
            if goal.disagrees:
                stated += f" ({text('differs', lang)})"
        table = self._table(
            [text("computed", lang), text("trend_heading", lang), text("stated_heading", lang)],
            [[label(goal.status, lang), label(goal.improvement, lang), stated]],
        )
        if goal.disagrees:
            _bold(table.rows[1].cells[2])

        if goal.comment:
            self._labelled(text("comment", lang), goal.comment)
        if section.indicators:
            self._caption(text("indicators", lang))
            self._indicators(section.indicators, full=True)
        if section.activities:
            self._caption(text("activities", lang))
            self._activities(section.activities)

    def _indicators(self, rows: Sequence[IndicatorRow], *, full: bool) -> None:
        lang = self.lang
        header = [text("title", lang)]
        header += [text("outcome_year", lang).format(year=year) for year in self.report.years]
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
        header.append(text("trend_heading", lang))
        cells: list[list[str]] = []
        for row in rows:
            result = row.result
            line = [result.title]
            line += [self._outcome(cell, result.unit) for cell in row.cells]
            if full:
                verdict = label(result.status, lang)
                if note := stated_note(result, lang):
                    verdict += f" ({note})"
                line += [self._target(row, target_year), verdict]
            line.append(_trend(row, lang))
            cells.append(line)
        numeric = set(range(1, len(self.report.years) + 2 if full else len(self.report.years) + 1))
        table = self._table(header, cells, numeric=numeric)
        for row, table_row in zip(rows, table.rows[1:], strict=True):
            for fact in indicator_facts(row, lang):  # as the HTML report prints them under the title
                note = table_row.cells[0].add_paragraph()
                note.add_run(_clean(fact)).italic = True

    def _outcome(self, cell: OutcomeCell, unit: str | None) -> str:
        if cell.value is not None:
            return format_number(cell.value, self.lang, unit)
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

    def _activities(self, activities: Sequence[Activity]) -> None:
        lang = self.lang
        self._table(
            [
                text("activity", lang),
                text("responsible", lang),
                text("due", lang),
                text("status", lang),
                text("comment", lang),
            ],
            [
                [
                    activity.title,
                    activity.responsible or _EMPTY,
                    activity.due.isoformat() if activity.due else _EMPTY,
                    label(activity.status, lang) if activity.status else _EMPTY,
                    activity.comment or "",
                ]
                for activity in activities
            ],
        )

    # -- the plan's other parts ----------------------------------------------

    def _assignments(self) -> None:
        if not self.report.assignments:
            return
        lang = self.lang
        self.doc.add_heading(text("assignments", lang), level=1)
        self._table(
            [text("title", lang), text("status", lang), text("comment", lang)],
            [
                [item.title, label(item.status, lang) if item.status else _EMPTY, item.comment or ""]
                for item in self.report.assignments
            ],
        )

    def _guarantees(self) -> None:
        if not self.report.guarantees:
            return
        lang = self.lang
        self.doc.add_heading(text("guarantees", lang), level=1)

        def met(value: bool | None) -> str:
            if value is None:
                return _EMPTY
            return text("yes" if value else "no", lang)

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

    def _risks(self) -> None:
        risks = self.report.risks
        if not risks:
            return
        lang = self.lang
        self.doc.add_heading(text("risks", lang), level=1)
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
                str(number),
                risk.risk,
                risk.actions or "",
                risk.controls or "",
                risk.responsible or _EMPTY,
            ]
            if scored:
                row += [_score(risk.likelihood), _score(risk.consequence)]
            rows.append(row)
        self._table(header, rows, numeric={0, 5, 6} if scored else {0})
        for number, risk in enumerate(risks, start=1):
            if risk.comment:
                self._labelled(f"{text('risk', lang)} {number}", risk.comment)
        if scored:
            self._risk_matrix()

    def _risk_matrix(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

        lang = self.lang
        self._caption(text("risk_matrix", lang))
        cells: dict[tuple[int, int], list[str]] = {}
        unscored: list[str] = []
        for number, risk in enumerate(self.report.risks, start=1):
            if risk.likelihood is None or risk.consequence is None:
                unscored.append(str(number))
            else:
                cells.setdefault((risk.likelihood, risk.consequence), []).append(str(number))
        # Likelihood runs up the side (4 at the top), consequence along the bottom, as
        # risk matrices are drawn; the corner says which is which.
        header = [f"{text('likelihood', lang)} ↓ / {text('consequence', lang)} →"]
        header += [str(consequence) for consequence in range(1, 5)]
        rows = [
            [str(likelihood)]
            + [", ".join(cells.get((likelihood, consequence), [])) for consequence in range(1, 5)]
            for likelihood in range(4, 0, -1)
        ]
        table = self._table(header, rows)
        for row_index, likelihood in enumerate(range(4, 0, -1), start=1):
            row = table.rows[row_index]
            _bold(row.cells[0])
            for consequence in range(1, 5):
                cell = row.cells[consequence]
                _shade(cell, _risk_fill(likelihood * consequence))
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if unscored:
            self._labelled(text("unscored", lang), ", ".join(unscored))

    # -- building blocks -----------------------------------------------------

    def _table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: set[int] | None = None
    ) -> Table:
        """A 'Table Grid' table with a bold header row that repeats on every page."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
        from docx.oxml import OxmlElement  # noqa: PLC0415
        from docx.oxml.ns import qn  # noqa: PLC0415

        table: Table = self.doc.add_table(rows=1 + len(rows), cols=len(header), style="Table Grid")
        for cell, value in zip(table.rows[0].cells, header, strict=True):
            cell.text = _clean(value)
            _bold(cell)
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for table_row, values in zip(table.rows[1:], rows, strict=True):
            for index, (cell, value) in enumerate(zip(table_row.cells, values, strict=True)):
                cell.text = _clean(value)
                if numeric and index in numeric:
                    for paragraph in cell.paragraphs:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.doc.add_paragraph()  # Word glues adjacent tables together; keep them apart
        return table

    def _labelled(self, key: str, value: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(_clean(f"{key}: ")).bold = True
        paragraph.add_run(_clean(value))

    def _caption(self, words: str) -> None:
        self.doc.add_paragraph().add_run(_clean(words)).bold = True


def _clean(words: str) -> str:
    """``words`` without the control characters XML (and so Word) cannot hold."""
    return _CONTROL.sub("", words)


def _trend(row: IndicatorRow, lang: Language) -> str:
    # The raw change and, where it says more than the arrow, whether it is an
    # improvement: "↘ Minskad, förbättrad" for falling sick leave.
    # With trendpil: förbättring the arrow is the improvement: nothing to add.
    trend = row.result.trend
    shown = arrow_label(row.result, lang)
    if improvement_beside_arrow(row.result) and trend.improvement is not Improvement.NONE:
        shown += f", {label(trend.improvement, lang).lower()}"
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


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
