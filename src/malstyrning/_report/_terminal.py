"""The assessment in a terminal: a tree of focus areas, goals and indicators.

This is the only module that imports rich; :func:`malstyrning.print_assessment`
loads it when first called.
"""

from __future__ import annotations

from enum import StrEnum

from rich.console import Console, Group, RenderableType
from rich.segment import Segment, Segments
from rich.text import Text
from rich.tree import Tree

from .._engine import (
    Assessment,
    Change,
    Contribution,
    EconomyResult,
    GoalResult,
    Improvement,
    IndicatorResult,
    IndicatorStatus,
    KommunAssessment,
    Note,
)
from .._i18n import Language, tr, use_language
from .._model import GoalStatus
from ._labels import (
    arrow_rule_note,
    forecast_words,
    format_number,
    format_percent,
    goal_forecast_label,
    goal_forecast_words,
    improvement_word,
    in_sentence,
    items_words,
    label,
    on_track_words,
    period_heading,
    shows_forecast,
    status_label,
    text,
)
from ._printable import one_line

__all__ = ["print_tree", "render_assessment"]

_INDICATOR_STYLE = {
    IndicatorStatus.REACHED: "green",
    IndicatorStatus.CLOSE: "yellow",
    IndicatorStatus.FAR: "red",
    IndicatorStatus.NOT_ASSESSED: "dim",
}
_GOAL_STYLE = {
    GoalStatus.FULLY: "bold green",
    GoalStatus.LARGELY: "green",
    GoalStatus.PARTLY: "yellow",
    GoalStatus.NOT_MET: "red",
    GoalStatus.NOT_ASSESSED: "dim",
}


def print_kommun_tree(
    found: KommunAssessment, *, lang: Language = "sv", console: Console | None = None
) -> None:
    """Print ``found``; see :func:`malstyrning.print_kommun`."""
    console = console or Console()
    console.print(_trimmed(console, render_kommun(found, lang=lang)), end="")


def print_tree(assessment: Assessment, *, lang: Language = "sv", console: Console | None = None) -> None:
    """Print ``assessment``; see :func:`malstyrning.print_assessment`."""
    console = console or Console()
    console.print(_trimmed(console, render_assessment(assessment, lang=lang)), end="")


def _trimmed(console: Console, renderable: RenderableType) -> Segments:
    """``renderable`` as the console lays it out, without the spaces rich
    leaves at the end of a wrapped line (a wrapped title breaks after its
    space) or of a tree's guide: output that diffs and pastes as it looks."""
    segments: list[Segment] = []
    for line in console.render_lines(renderable, console.options, pad=False):
        while line and not line[-1].control and not line[-1].text.rstrip(" "):
            line.pop()  # a segment of spaces only
        if line and not line[-1].control:
            last = line.pop()
            line.append(Segment(last.text.rstrip(" "), last.style))
        segments += [*line, Segment.line()]
    return Segments(segments)


def render_assessment(assessment: Assessment, *, lang: Language = "sv") -> Group:
    """The rich renderable that :func:`print_assessment` prints."""
    parts: list[Tree | Text] = [_header(assessment, lang)]
    for area in assessment.areas:
        tree = Tree(Text(one_line(area.title), style="bold underline"), guide_style="dim")
        for goal in area.goals:
            _add_goal(tree, goal, lang)
        parts.extend((tree, Text()))
    if assessment.measures:
        tree = Tree(Text(text("measures", lang), style="bold underline"), guide_style="dim")
        for measure in assessment.measures:
            _add_indicator(tree, measure, lang)
        parts.extend((tree, Text()))
    if assessment.economy is not None:
        parts.extend((_economy(assessment.economy, lang), Text()))
    parts.append(_summary(assessment, lang))
    return Group(*parts)


def _economy(economy: EconomyResult, lang: Language) -> Text:
    # The result row of the assessed year against its budget, and the forecast
    # while there is no outcome: the lines a nämnd reads beside its goals.
    with use_language(lang):
        heading = tr("Economy {year}", "Ekonomi {year}", year=economy.year)
        if economy.title:
            heading += f" · {one_line(economy.title)}"
        block = Text(heading + "\n", style="bold")
        result = economy.result
        if result is None:
            block.append("  " + tr("no sum row to show a result", "ingen summarad att visa ett resultat med"))
            return block
        year = economy.year
        unit = one_line(economy.unit)
        parts = []
        if economy.period is not None and result.actual_to_date is not None:
            so_far = tr("actual to {period}", "utfall t.o.m. {period}", period=economy.period)
            parts.append(f"{so_far} {format_number(result.actual_to_date, lang, unit)}")
        for word, figures in (
            (tr("actual", "utfall"), result.actual),
            (tr("forecast", "prognos"), result.forecast),
            (tr("budget", "budget"), result.budget),
        ):
            value = figures.get(year)
            if value is not None:
                parts.append(f"{word} {format_number(value, lang, unit)}")
        if result.actual.get(year) is None and result.forecast.get(year) is None:
            parts.append(
                tr(
                    "no outcome or forecast for {year} yet",
                    "inget utfall eller prognos för {year} ännu",
                    year=year,
                )
            )
        if result.budget.get(year) is None:
            parts.append(tr("no budget for {year}", "ingen budget för {year}", year=year))
        block.append(f"  {one_line(result.title)}: " + " · ".join(parts))
        if result.variance is not None:
            used = tr("actual", "utfall") if result.variance_basis == "actual" else tr("forecast", "prognos")
            variance = tr(
                "Variance (budget − {basis}): {value}",
                "Avvikelse (budget − {basis}): {value}",
                value=format_number(result.variance, lang, unit),
                basis=used,
            )
            block.append(f"\n  {variance}")
    return block


def _header(assessment: Assessment, lang: Language) -> Text:
    title = f"{one_line(assessment.organisation)} · {one_line(assessment.plan)}"
    if assessment.municipality:
        title += f" · {one_line(assessment.municipality)}"
    rules = assessment.rules
    line = (
        f"{one_line(period_heading(assessment, lang))} · {text('method', lang)} {label(rules.method, lang)}, "
        f"{text('near', lang)} {format_number(rules.near, lang)} · "
        f"{text('trend_against', lang)} {label(rules.trend, lang)}{arrow_rule_note(rules.arrow, lang)}\n"
    )
    return Text.assemble((title + "\n", "bold"), (line, "dim"))


def _add_goal(parent: Tree, goal: GoalResult, lang: Language) -> None:
    heading = Text()
    if goal.kind is not None:
        heading.append(label(goal.kind, lang) + ": ", style="bold")
    heading.append(one_line(goal.title), style="bold")
    heading.append("\n")
    heading.append(label(goal.status, lang), style=_GOAL_STYLE[goal.status])
    if goal.items is not None and goal.items.total:
        heading.append(" (" + items_words(goal.items, lang) + ")", style="dim")
    heading.append(f" · {text('trend', lang)}: {in_sentence(goal.improvement, lang)}")
    if goal.stated is not None:
        _add_stated(heading, goal.stated, goal.status, goal.disagrees, lang)
    if shows_forecast(goal):
        assert goal.forecast is not None
        heading.append(f"\n{text('forecast', lang)}: ")
        heading.append(goal_forecast_words(goal.forecast, lang), style=_GOAL_STYLE[goal.forecast.status])
    branch = parent.add(heading)
    for indicator in goal.indicators:
        _add_indicator(branch, indicator, lang)
    for child in goal.goals:
        _add_goal(branch, child, lang)
    for serving in goal.contributions:  # in a kommun: the other plans' goals that serve it
        _add_contribution(branch, serving, lang)


def _add_contribution(parent: Tree, serving: Contribution, lang: Language) -> None:
    goal = serving.goal
    line = Text("← ", style="dim")
    line.append(one_line(serving.organisation) + ": ", style="bold")
    if goal.kind is not None:
        line.append(label(goal.kind, lang) + ": ")
    line.append(one_line(goal.title))
    line.append("\n")
    line.append(label(goal.status, lang), style=_GOAL_STYLE[goal.status])
    if serving.weight != 1:
        with use_language(lang):
            line.append(
                " · " + tr("weight {weight}", "vikt {weight}", weight=format_number(serving.weight, lang))
            )
    parent.add(line)


def render_kommun(found: KommunAssessment, *, lang: Language = "sv") -> Group:
    """A kommun's assessment: a heading, each plan the others serve (the council's)
    with the serving goals under its goals, then one line per plan."""
    with use_language(lang):
        count = len(found.plans)
        heading = found.name or tr("The kommun", "Kommunen")
        head = Text(
            f"{one_line(heading)} · {found.period or found.year} · "
            + tr("{count} plans", "{count} planer", count=count)
            + "\n",
            style="bold",
        )
        parts: list[RenderableType] = [head]
        for ident in found.served:
            parts += [render_assessment(found.plan(ident), lang=lang), Text()]
        parts.append(Text(tr("The plans", "Planerna"), style="bold"))
        for ident, assessment in found.plans:
            parts.append(_plan_line(ident, assessment, lang))
    return Group(*parts)


def _plan_line(ident: str, assessment: Assessment, lang: Language) -> Text:
    """ "  Arbete och integration (aoi)" and below it "    mål: 1 helt uppfyllt, 2 i hög grad uppfyllt"."""
    # The name on a line of its own, the counts below it: each wraps on its own.
    line = Text(f"  {one_line(assessment.organisation)} ({ident})\n    ")
    goals = [(s, n) for s, n in assessment.summary.goals.items() if n]
    line.append(text("goals", lang).lower() + ": ")
    if not goals:
        line.append("0")
    for k, (status, n) in enumerate(goals):
        line.append(", " if k else "")
        line.append(f"{n} {label(status, lang).lower()}", style=_GOAL_STYLE[status])
    return line


def _add_indicator(parent: Tree, ind: IndicatorResult, lang: Language) -> None:
    line = Text(one_line(ind.title))
    facts: list[str] = []
    if ind.baseline is not None:
        facts.append(f"{text('baseline', lang)} {_value(ind.baseline, ind.baseline_year, ind.unit, lang)}")
    if ind.value is not None:
        when = ind.value_period or ind.value_year
        facts.append(f"{text('outcome', lang)} {_value(ind.value, when, ind.unit, lang)}")
    if ind.target is not None:
        facts.append(f"{text('target', lang)} {_value(ind.target, ind.target_year, ind.unit, lang)}")
    elif ind.direction is not None:
        facts.append(f"{text('target', lang)}: {label(ind.direction, lang)}")
    # The numbers are what a planner reads first: not dim.
    line.append("\n" + " · ".join(facts) if facts else "")
    line.append("\n")
    status = status_label(ind, lang)
    line.append(status, style=_INDICATOR_STYLE[ind.status])
    # How far along, for indicators on their way; past the target it says little.
    if ind.progress is not None and ind.method is not None and ind.status is not IndicatorStatus.REACHED:
        line.append(f" ({label(ind.method, lang)} {format_percent(ind.progress, lang)})", style="dim")
    arrow = ind.arrow_change  # as the plan reads arrows (trendpil)
    trend = label(arrow, lang)
    if arrow is Change.NONE:  # "- Inget värde angivet" would read as a missing outcome
        trend = f"{text('trend', lang)}: {label(Improvement.NONE, lang).lower()}"
    no_outcome = arrow is Change.NONE and ind.value is None  # nothing to add
    if not no_outcome and not _says(status, trend):  # "Oförändrad · → Oförändrad": twice
        line.append(f" · {trend}")
    if word := improvement_word(ind, lang):
        line.append(f", {word}")
    if ind.stated is not None:
        _add_stated(line, ind.stated, ind.status, ind.disagrees, lang)
    if ind.stated_trend is not None:
        trend_disagrees = ind.trend_disagrees
        _add_stated(line, ind.stated_trend, arrow, trend_disagrees, lang, name="stated_trend")
    if forecast := forecast_words(ind, lang):
        assert ind.forecast is not None
        line.append(f"\n{forecast}", style=_INDICATOR_STYLE[ind.forecast.status])
    if on_track := on_track_words(ind, lang):
        line.append(f"\n{on_track}")
    if ind.reason is not None:
        line.append(f"\n{label(ind.reason, lang)}", style="dim italic")
    for missing in ind.missing:
        line.append(
            f"\n{missing.period or missing.year}: {text('missing', lang)}: {one_line(missing.reason)}",
            style="dim italic",
        )
    for note in ind.notes:
        if note is not Note.OUTCOME_MISSING:  # shown above with its reason
            line.append(f"\n{label(note, lang)}", style="dim italic")
    parent.add(line)


def _add_stated(
    line: Text,
    stated: StrEnum,
    computed: StrEnum,
    disagrees: bool,
    lang: Language,
    *,
    name: str = "stated",
) -> None:
    """A person's judgement beside the computed one: "≠ angiven: ..." when they differ."""
    shown = f"{text(name, lang)}: {label(stated, lang)}"
    if disagrees:
        line.append(f"  ≠ {shown}", style="bold magenta")
    elif stated is computed:  # not "Helt uppfyllt · ... (angiven: Helt uppfyllt)"
        line.append(f"  ({text('as_stated' if name == 'stated' else 'trend_as_stated', lang)})", style="dim")
    else:  # nothing computed to compare with
        line.append(f"  ({shown})", style="dim")


def _says(words: str, label_: str) -> bool:
    """Whether ``words`` already say ``label_`` (its arrow or dash aside)."""
    return label_.lstrip("↗↘→- ").casefold() in words.casefold()


def _value(value: float, year: int | str | None, unit: str | None, lang: Language) -> str:
    shown = one_line(format_number(value, lang, unit))  # the unit is the plan's text
    return f"{shown} ({year})" if year is not None else shown


def _summary(assessment: Assessment, lang: Language) -> Text:
    # Plain aligned lines rather than a rich Table: no trailing padding, so the
    # output diffs cleanly and pastes into e-mail as it looks.
    rows: list[tuple[str, str, int]] = [
        (label(status, lang), _GOAL_STYLE[status], count)
        for status, count in assessment.summary.goals.items()
    ]
    rows += [
        (label(status, lang), _INDICATOR_STYLE[status], count)
        for status, count in assessment.summary.indicators.items()
    ]
    parts = [
        (text("goals", lang), rows[: len(GoalStatus)]),
        (text("indicators", lang), rows[len(GoalStatus) :]),
    ]
    forecasts = assessment.summary.forecasts
    if forecasts is not None:  # during the year: whether the goals are expected to be met
        parts.append(
            (
                text("goal_forecasts", lang),
                [(goal_forecast_label(s, lang), _GOAL_STYLE[s], n) for s, n in forecasts.items()],
            )
        )
    width = max(len(name) for _, part in parts for name, _, _ in part)
    summary = Text(text("summary", lang) + "\n", style="bold")
    for heading, part in parts:
        summary.append(f"  {heading}\n", style="bold")
        for name, style, count in part:
            summary.append("    ")
            summary.append(name.ljust(width), style=style)
            summary.append(f" {count:>4}\n")
    summary.rstrip()
    return summary
