"""The follow-up report as Markdown that renders well on GitHub and GitLab.

The layout is a jinja2 template (``templates/report.md.j2``); this module
gives it the words (labels, headings), the number format and the escaping.
Nothing is computed here that the :class:`~._report.Report` does not already
hold.

Every value the template prints is text, never Markdown or HTML: the
environment's ``finalize`` escapes it (:func:`_inline`) unless it is
:class:`_Markdown` this module wrote. A title ``<script>``, ``[x](javascript:…)``,
``# heading``, a code fence or a ``|`` shows as written in any Markdown
renderer, HTML enabled or not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import cache

import jinja2

from .._i18n import Language
from .._model import SectionPlace
from ._build import IndicatorRow, ItemLine, NumberTable, OutcomeCell, Report
from ._item_words import item_facts, item_title, report_words
from ._labels import (
    MARK,
    arrow_rule_note,
    cell_period,
    forecast_heading,
    forecast_status_words,
    forecast_value_words,
    format_number,
    goal_forecast_label,
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
    status_label,
    text,
    trend_cell,
)
from ._printable import one_line
from ._report_back_words import section_text

__all__ = ["render_markdown"]

_BAR_WIDTH = 20


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("malstyrning._report", "templates"),
        autoescape=False,  # Markdown, not HTML: every value is escaped by `finalize`
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=_escaped,
    )
    environment.filters["cell"] = _cell
    environment.filters["paragraph"] = _paragraph
    environment.filters["written"] = _Markdown  # a macro's output: its values are escaped inside it
    return environment


class _Markdown(str):
    """Markdown this module wrote (a table, a heading's marks): printed as it is."""

    __slots__ = ()


# Every character that can start Markdown or HTML inside a line: emphasis,
# code, links and images, HTML tags and autolinks ("<"; a ">" closes nothing
# then), entities, table cells, headings and their closing marks,
# strikethrough, and the backslash itself.
_SPECIAL = re.compile(r"[\\`*_\[\]<|#~&]")
# What starts a block at the beginning of a line, beyond _SPECIAL: a quote,
# a list item, a setext underline or thematic break, an ordered list item.
_BLOCK_START = re.compile(r"[>\-+=]|[0-9]+(?=[.)])")


def _inline(value: object) -> _Markdown:
    """``value`` as Markdown text that renders as written, on one line."""
    return _Markdown(_SPECIAL.sub(r"\\\g<0>", one_line(str(value))))


def _escaped(value: object) -> object:
    return value if isinstance(value, _Markdown) else _inline(value)


def _paragraph(value: object) -> _Markdown:
    """``value`` as text at the start of a line (a description): not a list, a heading or code."""
    words = _inline(str(value).strip())
    start = _BLOCK_START.match(words)
    if start:
        words = _Markdown(
            f"{start.group()}\\{words[start.end() :]}" if start.group()[0].isdigit() else f"\\{words}"
        )
    return words


def render_markdown(report: Report) -> str:
    """The report as Markdown text."""
    lang = report.lang
    a = report.assessment

    def t(key: str) -> str:
        return text(key, lang)

    def lab(code: StrEnum) -> str:
        return label(code, lang)

    def marked(code: StrEnum) -> str:
        mark = MARK.get(code)
        return f"{mark} {lab(code)}" if mark else lab(code)

    rules = a.rules
    rules_line = (
        f"{t('method').capitalize()}: {lab(rules.method)} · {t('near')}: {format_number(rules.near, lang)}"
        f" · {t('trend_against')}: {lab(rules.trend)}{arrow_rule_note(rules.arrow, lang)}"
    )
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
        mark=lambda status: MARK[status],
        marked=marked,
        num=lambda value: format_number(value, lang),
        rules=rules_line,
        heading=lambda depth: _Markdown("#" * min(depth + 3, 6)),
        bar=_bar,
        goal_total=sum(a.summary.goals.values()),
        indicator_total=sum(a.summary.indicators.values()),
        indicator_table=_indicator_table(report, t, lab),
        matrix=matrix,
        title=report_title(report),
        places=SectionPlace,
        number_table=lambda table: _number_table(table, report),
        period=report_period_words(report),
        notice=no_values_notice(report),
        shows_forecast=shows_forecast,
        section_blocks=lambda section: section_text(report, section),
        forecast_heading=forecast_heading(report),
        goal_forecast=lambda status: goal_forecast_marked(status, lang),
        goal_forecast_label=lambda status: goal_forecast_label(status, lang),
        goal_trend=lambda goal: goal_trend_words(goal, report),
        item_title=item_title,
        items_words=items_words,
        lang=lang,
        item_details=lambda items: _item_details(items, lang),
    )
    return _tidy(rendered)


def _item_details(items: Sequence[ItemLine], lang: Language) -> _Markdown:
    """Under an items' table: each item with more to tell (indicator, samverkan,
    beslutad, dated reports) as a list, its reports oldest first under it; else nothing."""
    lines: list[str] = []
    for line in items:
        if not line.detailed:
            continue
        facts = item_facts(line, lang)
        lines.append(f"- **{_cell(line.id or line.title)}**" + (f" – {_cell(facts)}" if facts else ""))
        lines += [f"  - {_cell(report_words(report, lang))}" for report in line.history]
    return _Markdown("\n" + "\n".join(lines) + "\n" if lines else "")


def _number_table(table: NumberTable, report: Report) -> _Markdown:
    """A section's table of numbers: numbers right-aligned, sum rows and subheadings in bold,
    a blank cell empty."""
    head: list[str] = [_cell(table.row_heading or ""), *(_cell(column) for column in table.columns)]
    lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * len(table.columns)]
    for line in table.lines:
        cells: list[str] = [_cell(line.title)]
        cells += [
            _cell(format_number(cell.value, report.lang)) if cell.value is not None else ""
            for cell in line.cells
        ]
        if line.total or line.subheading:
            cells = [f"**{cell}**" if cell else "" for cell in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return _Markdown("\n".join(lines))


def _indicator_table(
    report: Report, t: Callable[[str], str], lab: Callable[[StrEnum], str]
) -> Callable[[tuple[IndicatorRow, ...]], str]:
    year = report.assessment.year

    def table(rows: tuple[IndicatorRow, ...]) -> _Markdown:
        head = [t("title"), *(outcome_heading(report, y) for y in report.years)]
        head += [t("target_year").format(year=year), t("assessment")]
        if report.forecasts:  # during the year: the year-end forecast and its label
            head.append(forecast_heading(report))
        head.append(t("trend_heading"))
        numbers = len(report.years) + 1  # the outcomes and the target
        align = "| --- |" + " ---: |" * numbers + " --- |" * (len(head) - numbers - 1)
        lines = ["| " + " | ".join(head) + " |", align]
        for row in rows:
            result = row.result
            cells: list[str] = [_cell(result.title)]
            cells += [_outcome(cell, result.unit, report) for cell in row.cells]
            target = "–"
            if result.target is not None:
                target = _cell(format_number(result.target, report.lang, result.unit))
                if result.target_year not in (None, year):
                    target += f" ({result.target_year})"
            elif result.direction is not None:
                target = lab(result.direction)
            # The plan's words may hold Markdown: escaped like any cell.
            trend: str = _cell(trend_cell(result, report.lang))  # as the plan reads arrows (trendpil)
            verdict = status_label(result, report.lang)  # when not assessed, it says why
            if result.reason is None and result.value_year not in (None, year):
                verdict += f" ({t('outcome')} {result.value_year})"
            verdict = f"{MARK[result.status]} {_cell(verdict)}"
            if note := stated_note(result, report.lang):
                verdict += f" ({_cell(note)})"
            if note := stated_trend_note(result, report.lang):
                trend += f" ({_cell(note)})"
            cells += [target, verdict]
            if report.forecasts:
                forecast = [
                    forecast_value_words(result, report.lang),
                    forecast_status_words(result, report.lang),
                ]
                cells.append(_cell(" ".join(words for words in forecast if words)) or "–")
            cells.append(trend)
            lines.append("| " + " | ".join(cells) + " |")
        notes = [_indicator_notes(row, report, t, lab) for row in rows]
        if any(notes):
            lines.append("")
            lines += [note for note in notes if note]
        return _Markdown("\n".join(lines))

    return table


def _indicator_notes(
    row: IndicatorRow, report: Report, t: Callable[[str], str], lab: Callable[[StrEnum], str]
) -> str:
    """What the HTML report prints around an indicator's row and chart, as one list item.

    In the HTML report's order: the source, the comparison series, the
    comments on the starting value, the target and the indicator, then
    (from the chart's caption) the reasons for outcomes missing in years
    without a column, and the notes on the assessment. Empty when there is none.
    """
    result, lang = row.result, report.lang

    facts = indicator_facts(row, lang) + period_facts(row, report)
    facts += [
        f"{cell.year}: {cell.missing}"
        for cell in row.history
        if cell.missing and cell.year not in report.years
    ]
    facts += [lab(note) for note in result.notes]
    if not facts:
        return ""
    return f"- **{_inline(result.title)}** — " + " · ".join(_inline(fact) for fact in facts)


def _outcome(cell: OutcomeCell, unit: str | None, report: Report) -> str:
    if cell.value is not None:
        shown: str = _cell(format_number(cell.value, report.lang, unit))  # the unit is the plan's text
        if when := cell_period(report, cell):  # during the year, a value for an earlier period
            shown += f" ({_cell(when)})"
        return f"{shown} *({_cell(cell.comment)})*" if cell.comment else shown
    if cell.missing:
        return f"*{_cell(cell.missing)}*"
    return "–"


def _bar(count: int, total: int) -> str:
    """A text bar, so the summary chart shows in any Markdown viewer."""
    if total == 0 or count == 0:
        return ""
    return "█" * max(1, round(_BAR_WIDTH * count / total))


def _cell(value: object) -> _Markdown:
    """Text in a table cell: on one line, its pipes escaped with the rest (see :func:`_inline`)."""
    return _inline(" ".join(str(value).split()))


def _tidy(markdown: str) -> str:
    """At most one blank line in a row, and one newline at the end."""
    tidy: list[str] = []
    for line in (raw.rstrip() for raw in markdown.splitlines()):
        if line == "" and tidy and tidy[-1] == "":
            continue
        tidy.append(line)
    return "\n".join(tidy).strip() + "\n"
