"""What a follow-up report (verksamhetsberättelse) shows, gathered once for every format.

:func:`build_report` pairs the assessment with the parts of the plan a report
prints beside it (descriptions, activities, assignments, guarantees, risks,
the outcome history) and decides the layout questions every format shares:
which years get a column, how deep each goal sits. The renderers only format
what is here; they compute nothing.

An assessment at a period within the year (``assess(plan, period="2016-T2")``)
makes a follow-up during the year: a delårsrapport or tertialrapport, titled
from the plan's reporting calendar, whose assessed year's column holds the
value known at the period's end (:attr:`OutcomeCell.period`), whose rows carry
the year's period values for the charts, with a forecast column
(:attr:`Report.forecasts`) and the economy's full-year forecast against budget.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pydantic import ValidationError

from .._engine import Assessment, EconomyResult, ForecastBasis, GoalResult, IndicatorResult, ReportBack
from .._i18n import Language, tr, use_language
from .._model import (
    Activity,
    ActivityStatus,
    Assignment,
    Goal,
    Guarantee,
    Indicator,
    Period,
    Plan,
    PlanKind,
    ReportKind,
    ReportSettings,
    Risk,
    Section,
    SectionPlace,
    StatusReport,
    Table,
    checked_year_count,
    table_differences,
)
from ._period_words import follow_up_name, period_words

__all__ = [
    "AreaSection",
    "GoalSection",
    "IndicatorRow",
    "ItemLine",
    "NumberTable",
    "OutcomeCell",
    "PeriodCell",
    "Report",
    "TableCell",
    "TableLine",
    "TextBlock",
    "TextSection",
    "build_report",
]


@dataclass(frozen=True, slots=True)
class OutcomeCell:
    """One year's outcome in an indicator table: a value, or why there is none.

    In a report during the year, the assessed year's cell holds the value known
    at the report's period's end: ``period`` says which period it is for.
    """

    year: int
    value: float | None
    missing: str | None  # the plan's `saknas` reason; None and no value: nothing recorded
    comment: str | None
    period: str | None = None  # the period within the year ("2016-T1"); None: the whole year


@dataclass(frozen=True, slots=True)
class PeriodCell:
    """A value for a period within a year (``utfall: {2016-T2: 82}``), or why there is none."""

    period: str  # "2016-T2"
    year: int
    value: float | None
    missing: str | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class ItemLine:
    """An activity or an uppdrag as a report shows it, as of the report's day
    (:attr:`Report.as_of`): its status then and the dated reports made by then.

    The status is the latest report's made by that day, else the item's ``status``.
    """

    item: Activity | Assignment
    status: ActivityStatus | None
    history: tuple[StatusReport, ...]  # the reports made by the report's day, oldest first
    indicator: str | None = None  # an indicator's activity: the indicator's title
    indicator_id: str | None = None  # and its id

    @property
    def id(self) -> str | None:
        return self.item.id

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def responsible(self) -> str | None:
        return self.item.responsible

    @property
    def due(self) -> dt.date | None:
        return self.item.due

    @property
    def comment(self) -> str | None:
        return self.item.comment

    @property
    def detailed(self) -> bool:
        """Whether the report lists more about it under its table: samverkan,
        beslutad, the indicator it serves, or dated reports."""
        item = self.item
        return bool(item.partners or item.decided or self.indicator or self.history)


def item_line(item: Activity | Assignment, on: dt.date, indicator: IndicatorResult | None = None) -> ItemLine:
    """``item`` as of ``on``: its status then and its reports made by then, oldest first
    (an indicator's activity: with the indicator)."""
    return ItemLine(
        item,
        item.current_status(on),
        item.reports_by(on),
        indicator.title if indicator is not None else None,
        indicator.id if indicator is not None else None,
    )


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """An indicator's line in a table: its result and one cell per report year."""

    result: IndicatorResult
    cells: tuple[OutcomeCell, ...]
    history: tuple[OutcomeCell, ...]  # every outcome in the plan, for charts
    source: str | None
    comparisons: dict[str, dict[int, float]]
    comment: str | None = None  # the indicator's kommentar
    baseline_comment: str | None = None  # the ingångsvärde's kommentar
    target_comment: str | None = None  # the målvärde's kommentar
    zero_baseline: bool | None = None  # the plan's diagram: {nollbaslinje: ...}; None: by the unit
    activities: tuple[Activity, ...] = ()  # the indicator's own aktiviteter (a goal's are on the goal)
    # The assessed year's values for periods, known at the report's period (charts); during the year only.
    periods: tuple[PeriodCell, ...] = ()
    period_history: tuple[PeriodCell, ...] = ()  # every value for a period in the plan, in order
    forecast: float | None = None  # the year-end forecast a chart draws (during the year)


@dataclass(frozen=True, slots=True)
class GoalSection:
    """A goal, its place in the tree (depth 0 under its area), its indicators and activities."""

    result: GoalResult
    depth: int
    description: str | None
    indicators: tuple[IndicatorRow, ...]
    activities: tuple[Activity, ...]
    # The goal's activities, then its indicators' (as of the report's day): what the reports show.
    items: tuple[ItemLine, ...] = ()


@dataclass(frozen=True, slots=True)
class AreaSection:
    """A focus area with its goals, depth first."""

    id: str
    title: str
    description: str | None
    goals: tuple[GoalSection, ...]


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph of a section's text, or a list ("- " lines): its items, each on one line."""

    items: tuple[str, ...]  # a paragraph: one item
    bullets: bool = False
    heading: str | None = None  # a subheading printed before it (a report back's items)


@dataclass(frozen=True, slots=True)
class TableCell:
    """A number in a table, or a blank; ``computed``: a difference (skillnad) the plan left blank."""

    value: float | None
    computed: bool = False


@dataclass(frozen=True, slots=True)
class TableLine:
    """A row of a table: its heading and one cell per column."""

    title: str
    cells: tuple[TableCell, ...]  # one per column, blanks included
    total: bool = False  # a sum row, printed bold
    subheading: bool = False  # a row without values in the plan: a heading over the rows below


@dataclass(frozen=True, slots=True)
class NumberTable:
    """A table of numbers in a section: a budget, outcomes per verksamhet, ..."""

    title: str
    unit: str | None
    row_heading: str | None
    columns: tuple[str, ...]
    lines: tuple[TableLine, ...]
    comment: tuple[TextBlock, ...] = ()


@dataclass(frozen=True, slots=True)
class TextSection:
    """A narrative section of the plan (``avsnitt``): text in blocks, then its tables."""

    id: str
    title: str
    place: SectionPlace
    blocks: tuple[TextBlock, ...]
    tables: tuple[NumberTable, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a follow-up report shows, in the order it shows it."""

    assessment: Assessment
    lang: Language
    generated: dt.date
    years: tuple[int, ...]  # the outcome columns, oldest first, ending with the assessed year
    areas: tuple[AreaSection, ...]
    measures: tuple[IndicatorRow, ...]
    assignments: tuple[Assignment, ...]
    guarantees: tuple[Guarantee, ...]
    risks: tuple[Risk, ...]
    vision: str | None
    # The report's title: the plan's rapport.typ, or during the year the calendar's report.
    kind: ReportKind = ReportKind.ANNUAL
    # In place of the kind's title and the year: the plan's rapport.titel, or during the
    # year a calendar report's own name (one that is no kind) and the year.
    title: str | None = None
    sections: tuple[TextSection, ...] = ()  # the plan's avsnitt, in the plan's order
    # The plan's ekonomi as a section of one table, shown first after the målområden.
    economy: TextSection | None = None
    # During the year: the period assessed ("2016-T2"); None for a whole year.
    period: str | None = None
    forecasts: bool = False  # the indicator tables have a forecast column (during the year)
    values_yet: bool = True  # False: assessed during a year that has no value yet
    # The day the items' status is told as of: the end of the assessed period (a year: 31 December).
    as_of: dt.date = dt.date.max
    assignment_items: tuple[ItemLine, ...] = ()  # the uppdrag as of that day
    measure_items: tuple[ItemLine, ...] = ()  # the verksamhetsmått's activities as of that day
    # A report back (återrapportering): which one, and its parts (background, the items
    # due, moved, started earlier, comments), shown first among the sections.
    report_back: ReportBack | None = None
    report_back_sections: tuple[TextSection, ...] = ()

    def shown_sections(self) -> tuple[TextSection, ...]:
        """The sections in the order the report shows them: a report back's parts,
        then the plan's avsnitt, with the economy (if any) first among those that
        stand after the målområden."""
        return (*self.report_back_sections, *self._plan_sections())

    def _plan_sections(self) -> tuple[TextSection, ...]:
        if self.economy is None:
            return self.sections
        if any(section.id == self.economy.id for section in self.sections):
            # The plan's own avsnitt `ekonomi`, with the table first among its tables.
            return tuple(self.economy if s.id == self.economy.id else s for s in self.sections)
        at = next((i for i, s in enumerate(self.sections) if s.place is not SectionPlace.BEFORE), None)
        at = len(self.sections) if at is None else at
        return (*self.sections[:at], self.economy, *self.sections[at:])

    def sections_at(self, place: SectionPlace) -> tuple[TextSection, ...]:
        """The sections that stand at ``place`` (before or after the målområden, or last)."""
        return tuple(section for section in self.shown_sections() if section.place is place)


def build_report(
    plan: Plan,
    assessment: Assessment,
    *,
    years: int = 3,
    lang: Language = "sv",
    generated: dt.date | None = None,
    report_back: ReportBack | None = None,
) -> Report:
    """Gather what a report of ``assessment`` (of ``plan``) shows.

    ``years`` is how many outcome columns the indicator tables get, ending
    with the assessed year. ``generated`` defaults to today. Raises
    :class:`InvalidArgumentError` (a ``ValueError``) when ``years`` is less than 1
    or more than the years from :data:`FIRST_YEAR` to :data:`LAST_YEAR`, and
    :class:`ArgumentTypeError` when it is not an ``int``.

    An assessment at a period within the year gives a report during the year
    (see the module's description): titled by the calendar's report for the
    period ("Delårsrapport 2016") unless the plan gives a ``rapport.titel``.

    ``report_back`` (from :func:`report_back`) makes the report that report back
    (återrapportering), titled by its name: its background, the items due with
    their status and text, the items moved, a short status for those started
    earlier and its comments come first, and every item's status is told as of
    its day. Assess the plan at its :attr:`ReportBack.period` for the rest.
    """
    checked_year_count(years, "years")
    at = _period_within_year(assessment)
    sections = tuple(_section(section, i) for i, section in enumerate(plan.sections, start=1))
    columns = tuple(range(assessment.year - years + 1, assessment.year + 1))
    as_of = at.end if at is not None else dt.date(assessment.year, 12, 31)
    if report_back is not None:
        as_of = report_back.date
    areas = tuple(
        AreaSection(
            id=result.id,
            title=result.title,
            description=area.description,
            goals=tuple(_goals(area.goals, result.goals, 0, columns, at, as_of=as_of)),
        )
        for area, result in zip(plan.areas, assessment.areas, strict=True)
    )
    measures = tuple(_row(i, r, columns, at) for i, r in zip(plan.measures, assessment.measures, strict=True))
    kind, title = _title(plan, assessment, at)
    back: tuple[TextSection, ...] = ()
    if report_back is not None:
        kind, title = ReportKind.FOLLOW_UP, follow_up_name(report_back.follow_up, lang)
        back = _report_back_parts(report_back, lang)
    indicators = [*assessment.indicators(), *assessment.measures]
    return Report(
        assessment=assessment,
        lang=lang,
        generated=generated or dt.date.today(),
        years=columns,
        areas=areas,
        measures=measures,
        assignments=plan.assignments,
        guarantees=plan.guarantees,
        risks=plan.risks,
        vision=plan.vision,
        kind=kind,
        title=title,
        sections=sections,
        economy=_economy(assessment.economy, sections, lang, at),
        period=None if at is None else str(at),
        # During the year; in a year's report, where some indicator's forecast
        # is not its outcome (values for periods of a year without its own).
        forecasts=at is not None
        or any(
            i.forecast is not None
            and i.forecast.value is not None
            and i.forecast.basis is not ForecastBasis.OUTCOME
            for i in indicators
        ),
        # "Nothing is assessed yet" is not said where goals are judged from their items.
        values_yet=at is None
        or assessment.has_values()
        or any(g.items is not None and g.items.total for g in assessment.goals()),
        as_of=as_of,
        assignment_items=tuple(item_line(item, as_of) for item in plan.assignments),
        measure_items=tuple(
            item_line(a, as_of, r)
            for i, r in zip(plan.measures, assessment.measures, strict=True)
            for a in i.activities
        ),
        report_back=report_back,
        report_back_sections=back,
    )


# A report back's parts, by id: its words are made where the labels are
# (`_report_back_words.section_text`), as the economy's are.
REPORT_BACK_PARTS = (
    "report-back-background",
    "report-back-items",
    "report-back-moved",
    "report-back-started",
    "report-back-comments",
)


def _report_back_parts(back: ReportBack, lang: Language) -> tuple[TextSection, ...]:
    """The report back's parts that have something to say, titled, in its document's order."""
    with use_language(lang):
        titles = {
            "report-back-background": tr("Background", "Bakgrund"),
            "report-back-items": follow_up_name(back.follow_up, lang),
            "report-back-moved": tr(
                "Moved since the last report back", "Framflyttat sedan förra återrapporteringen"
            )
            if back.previous is not None
            else tr("Moved", "Framflyttat"),
            "report-back-started": tr(
                "Short status: items started earlier", "Kort status för tidigare påbörjade punkter"
            ),
            "report-back-comments": tr("Concluding comments", "Sammanfattande kommentarer"),
        }
    shown = {
        "report-back-moved": bool(back.moved),
        "report-back-started": bool(back.started),
        "report-back-comments": bool(back.follow_up.text),
    }
    return tuple(
        TextSection(part, titles[part], SectionPlace.BEFORE, ())
        for part in REPORT_BACK_PARTS
        if shown.get(part, True)
    )


def _period_within_year(assessment: Assessment) -> Period | None:
    """The period within the year ``assessment`` was made at; None for a whole year."""
    if assessment.period is None:
        return None
    found = Period.parse(assessment.period)
    return None if found.whole_year else found


def _title(plan: Plan, assessment: Assessment, at: Period | None) -> tuple[ReportKind, str | None]:
    """The report's kind and own title (see :attr:`Report.kind`, :attr:`Report.title`).

    The plan's ``rapport.titel`` wins. During the year the calendar's report
    for the period names the report: by its kind when its name is one
    (Tertialrapport, Delårsrapport: said in the report's language), else by
    its name as the plan writes it; a period the calendar has no report for
    makes a delårsrapport (or the plan's own kind, if that is one made during
    the year). A whole year keeps the plan's ``rapport.typ``, and so does a
    verksamhetsplan whose year has no value yet: before its year the report is
    the plan, with its starting position.
    """
    settings = plan.report
    if plan.kind is PlanKind.ACTION and "kind" not in settings.model_fields_set:
        # An action plan's report is a report back (återrapportering), unless it says otherwise.
        settings = settings.model_copy(update={"kind": ReportKind.FOLLOW_UP})
    if settings.title is not None or at is None:
        return settings.kind, settings.title
    if settings.kind is ReportKind.PLAN and not assessment.has_values():
        return settings.kind, None
    found = assessment.report
    if found is None and at.end_month == 12:  # a period ending with the year (T3, Q4): the year's report
        return settings.kind, None
    if found is None:
        during = (ReportKind.INTERIM, ReportKind.TERTIAL, ReportKind.FOLLOW_UP)
        return (settings.kind if settings.kind in during else ReportKind.INTERIM), None
    try:
        return ReportSettings.model_validate({"typ": found.name}).kind, None
    except ValidationError:  # a name of the plan's own ("Delårsbokslut"): as written
        return settings.kind, f"{found.name} {assessment.year}"


def _economy(
    economy: EconomyResult | None, sections: tuple[TextSection, ...], lang: Language, at: Period | None
) -> TextSection | None:
    """The plan's ekonomi as a section: the plan's avsnitt with id ``ekonomi`` with the
    table first among its tables, or a section of its own after the målområden. The
    table has a column per budget, prognos and utfall year, and the avvikelse of the
    assessed year when a row has one. During the year (``at``) the assessed year's
    prognos is the full-year forecast, and the utfall so far (when the plan has one
    for a period of the year) stands after the year's budget: "Utfall jan–aug 2016".
    The line that sets the result row's forecast against its budget is
    :func:`~._labels.section_blocks`'."""
    if economy is None:
        return None
    kinds: list[tuple[str, int]] = list(economy.columns())
    variance = any(line.variance is not None for line in economy.lines)
    with use_language(lang):
        words = {
            "budget": tr("Budget", "Budget"),
            "prognos": tr("Forecast", "Prognos"),
            "utfall": tr("Actual", "Utfall"),
        }
        columns = [f"{words[kind]} {year}" for kind, year in kinds]
        if at is not None:
            columns = [
                tr("Full-year forecast {year}", "Helårsprognos {year}", year=year)
                if (kind, year) == ("prognos", economy.year)
                else column
                for column, (kind, year) in zip(columns, kinds, strict=True)
            ]
        # During the year, the utfall so far comes after the year's budget.
        to_date = at is not None and economy.period is not None
        if to_date:
            assert economy.period is not None
            place = sum(
                1 for kind, year in kinds if year < economy.year or (kind, year) == ("budget", economy.year)
            )
            kinds.insert(place, ("to_date", economy.year))
            shown = period_words(economy.period, lang, short=True)
            columns.insert(place, tr("Actual {period}", "Utfall {period}", period=shown))
        # The avvikelse stands right after the assessed year's own columns.
        at_column = sum(1 for _, year in kinds if year <= economy.year)
        if variance:
            columns.insert(at_column, tr("Variance {year}", "Avvikelse {year}", year=economy.year))
        heading = tr("Economy", "Ekonomi")
        title = economy.title or tr("Operating budget", "Driftbudget")
    lines = []
    for line in economy.lines:
        by_kind = {"budget": line.budget, "prognos": line.forecast, "utfall": line.actual}
        cells = [
            TableCell(line.actual_to_date if kind == "to_date" else by_kind[kind].get(year))
            for kind, year in kinds
        ]
        if variance:
            cells.insert(at_column, TableCell(line.variance, computed=line.variance is not None))
        lines.append(TableLine(line.title, tuple(cells), total=line.total, subheading=line.heading))
    table = NumberTable(
        title=title,
        unit=economy.unit,
        row_heading=None,
        columns=tuple(columns),
        lines=tuple(lines),
        comment=text_blocks(economy.comment or ""),
    )
    own = next((section for section in sections if section.id == "ekonomi"), None)
    if own is not None:
        return TextSection(own.id, own.title, own.place, own.blocks, (table, *own.tables))
    return TextSection(id="ekonomi", title=heading, place=SectionPlace.AFTER, blocks=(), tables=(table,))


def _section(section: Section, position: int) -> TextSection:
    return TextSection(
        id=section.id or str(position),
        title=section.title,
        place=section.place,
        blocks=text_blocks(section.text or ""),
        tables=tuple(_table(table) for table in section.tables),
    )


def _table(table: Table) -> NumberTable:
    lines = []
    for row in table.rows:
        cells = [TableCell(value) for value in row.values] or [TableCell(None) for _ in table.columns]
        computed = {
            column.title: first - second for column, first, second, _ in table_differences(table, row)
        }
        for index, column in enumerate(table.columns):
            if cells[index].value is None and column.title in computed:
                cells[index] = TableCell(computed[column.title], computed=True)
        lines.append(TableLine(row.title, tuple(cells), total=row.total, subheading=not row.values))
    return NumberTable(
        title=table.title,
        unit=table.unit,
        row_heading=table.row_heading,
        columns=tuple(column.title for column in table.columns),
        lines=tuple(lines),
        comment=text_blocks(table.comment or ""),
    )


def text_blocks(text: str) -> tuple[TextBlock, ...]:
    """``text`` as paragraphs and lists: blocks are separated by blank lines; in a
    paragraph, line breaks are spaces; a block whose first line starts with "- " is a
    list, each "- " line an item (other lines continue the item above)."""
    blocks: list[TextBlock] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:].strip())
                else:
                    items[-1] += " " + line
            blocks.append(TextBlock(tuple(items), bullets=True))
        else:
            blocks.append(TextBlock((" ".join(lines),)))
    return tuple(blocks)


def _goals(
    goals: tuple[Goal, ...],
    results: tuple[GoalResult, ...],
    depth: int,
    columns: tuple[int, ...],
    at: Period | None,
    *,
    as_of: dt.date,
) -> list[GoalSection]:
    sections: list[GoalSection] = []
    for goal, result in zip(goals, results, strict=True):
        rows = tuple(_row(i, r, columns, at) for i, r in zip(goal.indicators, result.indicators, strict=True))
        items = [item_line(a, as_of) for a in goal.activities]
        items += [
            item_line(a, as_of, r)
            for i, r in zip(goal.indicators, result.indicators, strict=True)
            for a in i.activities
        ]
        sections.append(GoalSection(result, depth, goal.description, rows, goal.activities, tuple(items)))
        sections.extend(_goals(goal.goals, result.goals, depth + 1, columns, at, as_of=as_of))
    return sections


def _row(
    indicator: Indicator, result: IndicatorResult, columns: tuple[int, ...], at: Period | None
) -> IndicatorRow:
    # A whole year judged on a value for one of its periods (the plan has no value
    # for the year itself): the year's column and chart show that value, as during the year.
    own = at if at is not None else None
    if own is None and result.value_period is not None and result.value_year is not None:
        own = Period.whole(result.value_year)

    def cell(year: int) -> OutcomeCell:
        if own is not None and year == own.year:
            return _cell_at(indicator, own)
        outcome = indicator.outcomes.get(year)
        if outcome is None:
            return OutcomeCell(year, None, None, None)
        return OutcomeCell(year, outcome.value, outcome.missing, outcome.comment)

    # During the year, the year's own outcome (if the plan has it) is not known yet.
    history = tuple(cell(year) for year in sorted(indicator.outcomes) if own is None or year != own.year)
    period_history = tuple(
        PeriodCell(str(period), period.year, outcome.value, outcome.missing, outcome.comment)
        for period, outcome in sorted(indicator.period_outcomes.items(), key=lambda item: item[0])
    )
    return IndicatorRow(
        result=result,
        cells=tuple(cell(year) for year in columns),
        history=history,
        source=indicator.source,
        comparisons=dict(indicator.comparisons),
        comment=indicator.comment,
        baseline_comment=indicator.baseline.comment if indicator.baseline else None,
        target_comment=indicator.target.comment if indicator.target else None,
        zero_baseline=indicator.chart.zero_baseline if indicator.chart is not None else None,
        activities=indicator.activities,
        periods=()
        if own is None
        else tuple(c for c in period_history if c.year == own.year and Period.parse(c.period).known_at(own)),
        period_history=period_history,
        forecast=result.forecast.value if own is not None and result.forecast is not None else None,
    )


def _cell_at(indicator: Indicator, at: Period) -> OutcomeCell:
    """The assessed year's cell during the year: the latest value for a period known
    at the end of ``at`` (as the assessment uses), else the latest ``saknas`` among
    them, else nothing."""
    known = sorted(
        ((p, o) for p, o in indicator.period_outcomes.items() if p.year == at.year and p.known_at(at)),
        key=lambda item: item[0],
    )
    for period, outcome in reversed(known):
        if outcome.value is not None:
            return OutcomeCell(at.year, outcome.value, None, outcome.comment, period=str(period))
    if known:
        period, outcome = known[-1]
        return OutcomeCell(at.year, None, outcome.missing, outcome.comment, period=str(period))
    return OutcomeCell(at.year, None, None, None)
