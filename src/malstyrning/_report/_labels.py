"""Words for people: the labels of every code, in Swedish and English.

Swedish labels follow the municipal follow-up reports ("Värde uppnått",
"Nära värde", "↗ Ökad", "Helt uppfyllt", ...). Codes never change; labels may.

A plan may give its own words for the bedömningar and the trend words
(``etiketter``). The renderers print them by rendering inside
:func:`plan_words` (``_render.py`` and ``_show.py`` do, for every format), so
every :func:`label` of a status or a trend uses the plan's word where it gives
one, in either language: the plan's words are the plan's, as its titles are.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from .._engine import (
    Assessment,
    Change,
    ForecastBasis,
    ForecastResult,
    GoalForecast,
    GoalResult,
    Improvement,
    IndicatorResult,
    IndicatorStatus,
    ItemProgress,
    Note,
    OnTrack,
    OnTrackReason,
    Reason,
)
from .._i18n import Language, tr, use_language
from .._model import (
    ActivityStatus,
    Direction,
    GoalKind,
    GoalStatus,
    ItemKind,
    Labels,
    Method,
    ReportKind,
    TrendArrow,
    TrendBasis,
)
from ._build import IndicatorRow, OutcomeCell, Report, TextBlock, TextSection
from ._period_words import period_words

__all__ = [
    "MARK",
    "arrow_label",
    "arrow_rule_note",
    "cell_period",
    "economy_forecast_words",
    "forecast_heading",
    "forecast_label",
    "forecast_status_words",
    "forecast_value_words",
    "forecast_words",
    "format_number",
    "goal_forecast_label",
    "goal_forecast_marked",
    "goal_forecast_words",
    "goal_trend_words",
    "improvement_beside_arrow",
    "improvement_word",
    "in_sentence",
    "indicator_facts",
    "items_words",
    "label",
    "marked",
    "no_values_notice",
    "on_track_words",
    "outcome_heading",
    "period_facts",
    "period_heading",
    "period_words",
    "plan_words",
    "report_period_words",
    "report_title",
    "section_blocks",
    "shows_forecast",
    "stated_note",
    "stated_trend_note",
    "status_label",
    "text",
    "trend_cell",
    "trend_words",
    "values_this_period",
    "verdict_words",
]


# A symbol beside each bedömning and activity status, so that no status is told
# by colour alone (HTML, Word and the charts; the Markdown report has the same).
MARK: dict[StrEnum, str] = {
    IndicatorStatus.REACHED: "✓",
    IndicatorStatus.CLOSE: "≈",
    IndicatorStatus.FAR: "✗",
    IndicatorStatus.NOT_ASSESSED: "–",
    OnTrack.ACHIEVED: "✓",
    OnTrack.ON_TRACK: "✓",
    OnTrack.NEEDS_ACCELERATION: "≈",
    OnTrack.LIMITED_PROGRESS: "≈",
    OnTrack.DETERIORATION: "✗",
    OnTrack.NOT_ASSESSED: "–",
    GoalStatus.FULLY: "✓",
    GoalStatus.LARGELY: "✓",
    GoalStatus.PARTLY: "≈",
    GoalStatus.NOT_MET: "✗",
    GoalStatus.NOT_ASSESSED: "–",
    ActivityStatus.DONE: "✓",
    ActivityStatus.ONGOING: "…",
    ActivityStatus.NOT_STARTED: "○",
    ActivityStatus.DELAYED: "!",
    ActivityStatus.CANCELLED: "✗",
    ActivityStatus.POSTPONED: "»",
}

# Keyed by (enum class, code): codes repeat across enums ("unchanged" is both a
# Change and an Improvement, "not_assessed" both an indicator and a goal status).
_LABEL_PAIRS: tuple[tuple[StrEnum, tuple[str, str]], ...] = (
    (IndicatorStatus.REACHED, ("Värde uppnått", "Target reached")),
    (IndicatorStatus.CLOSE, ("Nära värde", "Close to target")),
    (IndicatorStatus.FAR, ("Långt ifrån värde", "Far from target")),
    (IndicatorStatus.NOT_ASSESSED, ("Inget värde angivet", "Not assessed")),
    (GoalStatus.FULLY, ("Helt uppfyllt", "Fully met")),
    (GoalStatus.LARGELY, ("I hög grad uppfyllt", "Largely met")),
    (GoalStatus.PARTLY, ("Delvis uppfyllt", "Partly met")),
    (GoalStatus.NOT_MET, ("Ej uppfyllt", "Not met")),
    (GoalStatus.NOT_ASSESSED, ("Ej bedömd", "Not assessed")),
    (Change.INCREASED, ("↗ Ökad", "↗ Increased")),
    (Change.UNCHANGED, ("→ Oförändrad", "→ Unchanged")),
    (Change.DECREASED, ("↘ Minskad", "↘ Decreased")),
    (Change.NONE, ("- Inget värde angivet", "- No value")),
    (Improvement.IMPROVED, ("Förbättrad", "Improved")),
    (Improvement.UNCHANGED, ("Oförändrad", "Unchanged")),
    (Improvement.WORSENED, ("Försämrad", "Worsened")),
    (Improvement.NONE, ("Ingen jämförelse", "No comparison")),
    # A report's title, before its year: "Delårsrapport 2018".
    (ReportKind.ANNUAL, ("Verksamhetsberättelse", "Annual follow-up report")),
    (ReportKind.INTERIM, ("Delårsrapport", "Interim report")),
    (ReportKind.TERTIAL, ("Tertialrapport", "Four-month report")),
    (ReportKind.FOLLOW_UP, ("Återrapportering", "Progress report")),
    (ReportKind.PLAN, ("Verksamhetsplan", "Operational plan")),
    (GoalKind.STRATEGIC, ("Strategiskt mål", "Strategic goal")),
    (GoalKind.COMMITTEE, ("Nämndmål", "Committee goal")),
    (GoalKind.QUALITY, ("Kvalitetsmål", "Quality goal")),
    (GoalKind.OPERATIONAL, ("Verksamhetsmål", "Operational goal")),
    (Direction.INCREASE, ("öka", "increase")),
    (Direction.DECREASE, ("minska", "decrease")),
    (Direction.MAINTAIN, ("bibehåll", "maintain")),
    (Method.PROGRESS, ("framsteg", "progress")),
    (Method.FULFILMENT, ("måluppfyllelse", "fulfilment")),
    (TrendBasis.BASELINE, ("ingångsvärde", "starting value")),
    (TrendBasis.PREVIOUS, ("föregående utfall", "previous outcome")),
    (ActivityStatus.NOT_STARTED, ("Ej påbörjad", "Not started")),
    (ActivityStatus.ONGOING, ("Pågående", "Ongoing")),
    (ActivityStatus.DONE, ("Genomförd", "Done")),
    (ActivityStatus.DELAYED, ("Försenad", "Delayed")),
    (ActivityStatus.CANCELLED, ("Avbruten", "Cancelled")),
    (ActivityStatus.POSTPONED, ("Framflyttad", "Postponed")),
    (ItemKind.ACTIVITY, ("Aktivitet", "Activity")),
    (ItemKind.AGREEMENT, ("Överenskommelse", "Agreement")),
    (ItemKind.PROJECT, ("Projekt", "Project")),
    # On track for a target further ahead (the UNSD / Statistics Canada SDG progress method).
    (OnTrack.ACHIEVED, ("Uppnått", "Achieved")),
    (OnTrack.ON_TRACK, ("I fas", "On track")),
    (OnTrack.NEEDS_ACCELERATION, ("Behöver skynda på", "Needs acceleration")),
    (OnTrack.LIMITED_PROGRESS, ("Begränsade framsteg", "Limited progress")),
    (OnTrack.DETERIORATION, ("Försämring", "Deterioration")),
    (OnTrack.NOT_ASSESSED, ("Kan inte bedömas", "Cannot be assessed")),
    (
        OnTrackReason.NO_DIRECTION,
        ("ingen riktning att öka eller minska i", "no direction to increase or decrease in"),
    ),
    (
        OnTrackReason.TOO_FEW_POINTS,
        ("inget tidigare värde att räkna förändringen från", "no earlier value to compute the change from"),
    ),
    (
        OnTrackReason.NOT_POSITIVE,
        (
            "årlig procentuell förändring kräver värden över 0",
            "an annual percentage change needs values above 0",
        ),
    ),
    (
        OnTrackReason.ZERO_TARGET,
        (
            "målvärdet 0 nås inte med en årlig procentuell förändring",
            "a target of 0 is not reached by an annual percentage change",
        ),
    ),
    (
        OnTrackReason.TARGET_AT_START,
        ("målvärdet är lika med startvärdet", "the target equals the starting value"),
    ),
    (
        OnTrackReason.TARGET_YEAR,
        ("målåret är inte efter startåret", "the target year is not after the starting year"),
    ),
    (Reason.NO_OUTCOME, ("inget utfall t.o.m. bedömningsåret", "no outcome up to the assessed year")),
    (Reason.NO_TARGET, ("varken målvärde eller riktning", "neither a target nor a direction")),
    (
        Reason.NO_DIRECTION,
        (
            "målvärde utan riktning och utan ingångsvärde",
            "a target without a direction or a starting value",
        ),
    ),
    (
        Reason.NO_BASELINE,
        (
            "riktning utan ingångsvärde att jämföra med",
            "a direction without a starting value to compare with",
        ),
    ),
    (
        Reason.NO_VALUE_YET,
        ("inget utfall under året t.o.m. perioden", "no value this year up to the period's end"),
    ),
    (
        Reason.PARTIAL_YEAR,
        (
            "ett värde hittills i år (ackumulerat) bedöms genom sin prognos för helåret",
            "a count so far this year (accumulated) is judged by its full-year forecast",
        ),
    ),
    (
        Reason.NO_FORECAST,
        (
            "ingen prognos angiven och inget utfall i år att göra en av",
            "no forecast stated and no value this year to make one from",
        ),
    ),
    (ForecastBasis.OUTCOME, ("årets utfall", "the year's outcome")),
    (ForecastBasis.STATED, ("angiven prognos", "stated forecast")),
    (ForecastBasis.SCALED, ("uppräknad till helår", "scaled to the whole year")),
    (ForecastBasis.CARRIED, ("senaste läget", "latest level carried forward")),
    (
        Note.DIRECTION_INFERRED,
        (
            "riktningen härledd från ingångsvärde → målvärde",
            "direction inferred from starting value → target",
        ),
    ),
    (
        Note.MAINTAIN_INFERRED,
        (
            "målvärdet är lika med ingångsvärdet: bibehåll antaget",
            "target equals starting value: maintain assumed",
        ),
    ),
    (
        Note.FULFILMENT_FALLBACK,
        (
            "bedömd med måluppfyllelse: framsteg kräver ett ingångsvärde skilt från målvärdet",
            "judged by fulfilment: progress needs a starting value other than the target",
        ),
    ),
    (
        Note.FULFILMENT_UNDEFINED,
        (
            "måluppfyllelse kräver positiva värden",
            "fulfilment needs positive values",
        ),
    ),
    (
        Note.TREND_FROM_PREVIOUS,
        (
            "trenden mot föregående utfall",
            "trend against the previous outcome",
        ),
    ),
    (Note.OUTCOME_MISSING, ("senare utfall saknas", "a later outcome is missing")),
    (
        Note.BASELINE_AFTER_VALUE,
        (
            "ingångsvärdet är från efter utfallet och används inte",
            "the starting value is from after the outcome and is not used",
        ),
    ),
    (
        Note.BASELINE_FROM_OUTCOME,
        (
            "ingångsvärdet är föregående utfall (planens regel)",
            "the starting value is the previous outcome (the plan's rule)",
        ),
    ),
)

_LABELS: dict[tuple[type[StrEnum], str], tuple[str, str]] = {
    (type(code), code.value): words for code, words in _LABEL_PAIRS
}

_TEXT: dict[str, tuple[str, str]] = {
    "year": ("Bedömt år", "Assessed year"),
    "forecast": ("Prognos", "Forecast"),
    "goal_forecasts": ("Målens prognos för helåret", "The goals' forecast for the year"),
    "from_period": ("från {period}", "from {period}"),
    "period": ("Period", "Period"),
    "no_values_yet": ("inga utfall för {year} ännu", "no values for {year} yet"),
    "method": ("metod", "method"),
    "near": ("nära", "near"),
    "trend_against": ("trend mot", "trend against"),
    "baseline": ("ingångsvärde", "starting value"),
    "outcome": ("utfall", "outcome"),
    "target": ("mål", "target"),
    "progress": ("framsteg", "progress"),
    "fulfilment": ("måluppfyllelse", "fulfilment"),
    "stated": ("angiven", "stated"),
    "as_stated": ("som angiven", "as stated"),
    "stated_trend": ("angiven trend", "stated trend"),
    "trend_as_stated": ("trend som angiven", "trend as stated"),
    "summary": ("Sammanfattning", "Summary"),
    "goals": ("Mål", "Goals"),
    "indicators": ("Indikatorer", "Indicators"),
    "measures": ("Verksamhetsmått", "Measures"),
    "missing": ("saknas", "missing"),
    "goal": ("Mål", "Goal"),
    "trend": ("trend", "trend"),
    "arrow_improvement": ("trendpilen visar förbättring", "trend arrows show improvement"),
    "arrow_direction": ("trendpilen visar talets riktning", "trend arrows show the number's direction"),
    "column_report": ("Rapport", "Report"),
    "trend_arrow": ("Trendpil", "Trend arrow"),
    # Terminal charts (show).
    "chart_nothing": ("Inga värden att rita.", "No values to plot."),
    "chart_unreadable": (
        "Värdena går inte att rita: de ligger för långt isär eller för nära varandra.",
        "The values cannot be plotted: they are too far apart or too close together.",
    ),
    # Follow-up reports (verksamhetsberättelse). "{year}" is filled in by the renderer.
    "report": ("Verksamhetsberättelse", "Annual follow-up report"),
    "generated": ("Skapad", "Generated"),
    "assessed_year": ("Bedömningsår", "Year assessed"),
    "municipality": ("Kommun", "Municipality"),
    "organisation": ("Organisation", "Organisation"),
    "vision": ("Vision", "Vision"),
    "areas": ("Målområden", "Focus areas"),
    "indicator": ("Indikator", "Indicator"),
    "title": ("Titel", "Title"),
    "outcome_year": ("Utfall {year}", "Outcome {year}"),
    "target_year": ("Mål {year}", "Target {year}"),
    "assessment": ("Bedömning", "Assessment"),
    "trend_heading": ("Trend", "Trend"),
    "comment": ("Kommentar", "Comment"),
    "computed": ("Beräknad bedömning", "Computed assessment"),
    "stated_heading": ("Angiven bedömning", "Stated assessment"),
    "differs": ("avviker från den beräknade", "differs from the computed one"),
    "activities": ("Aktiviteter", "Activities"),
    "contributions": ("Nämndernas bidrag", "Contributions"),
    "contributor": ("Nämnd", "Committee"),
    "column_weight": ("Vikt", "Weight"),
    "column_served_goal": ("Mål som tjänas", "Goal served"),
    "column_plan": ("Plan", "Plan"),
    "activity": ("Aktivitet", "Activity"),
    "responsible": ("Ansvarig", "Responsible"),
    "status": ("Status", "Status"),
    "due": ("Klart", "Due"),
    "assignments": ("Uppdrag", "Assignments"),
    "assignment": ("Uppdrag", "Assignment"),
    "guarantees": ("Kvalitetsgarantier", "Service guarantees"),
    "guarantee": ("Garanti", "Guarantee"),
    "met": ("Uppfylld", "Met"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "risks": ("Risk- och kontrollplan", "Risk and control plan"),
    "risk": ("Risk", "Risk"),
    "actions": ("Åtgärder", "Actions"),
    "controls": ("Kontrollinsatser", "Controls"),
    "likelihood": ("Sannolikhet", "Likelihood"),
    "consequence": ("Konsekvens", "Consequence"),
    "risk_matrix": ("Riskmatris: sannolikhet × konsekvens", "Risk matrix: likelihood × consequence"),
    "source": ("Källa", "Source"),
    # On track (_labels.on_track_words). "{year}" is the target's year.
    "on_track_to": ("I fas mot målet {year}", "On track for the {year} target"),
    "on_track_direction": ("I fas i önskad riktning", "On track in the desired direction"),
    "per_year": ("per år", "a year"),
    "since": ("sedan {year}", "since {year}"),
    "needed": ("behövs", "needed"),
    "no_value": ("Inget värde", "No value"),
    "count": ("Antal", "Count"),
    # PDF report: the foot of every page. "{page}" and "{pages}" are page numbers.
    "page_n_of_m": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    # Word report.
    "plan": ("Plan", "Plan"),
    "number": ("Nr", "No."),
    "rules": ("Bedömningsregler", "Assessment rules"),
    "unscored": (
        "Utan sannolikhet och konsekvens",
        "Without likelihood and consequence",
    ),
    "matrix_empty": (
        "Ingen risk har både sannolikhet och konsekvens angivna, så det finns ingen riskmatris att visa.",
        "No risk has both a likelihood and a consequence, so there is no risk matrix to show.",
    ),
    "contents": ("Innehåll", "Contents"),
    "contents_update": (
        "Innehållsförteckningen fylls i när fälten uppdateras: högerklicka här och välj "
        "Uppdatera fält, eller tryck F9.",
        "The table of contents is filled in when the fields are updated: right-click here and "
        "choose Update Field, or press F9.",
    ),
    "page": ("Sida", "Page"),
    "page_of": ("av", "of"),
    # Excel report: column headings.
    "column_area": ("Område", "Focus area"),
    "column_goal_id": ("Mål-id", "Goal id"),
    "column_indicator_id": ("Indikator-id", "Indicator id"),
    "column_parent": ("Överordnat mål", "Parent goal"),
    "column_id": ("Id", "Id"),
    "column_kind": ("Typ", "Kind"),
    "column_unit": ("Enhet", "Unit"),
    "column_direction": ("Riktning", "Direction"),
    "column_baseline": ("Ingångsvärde", "Starting value"),
    "column_baseline_year": ("Ingångsår", "Starting year"),
    "column_target": ("Målvärde", "Target"),
    "column_target_year": ("Målår", "Target year"),
    "column_status_code": ("Statuskod", "Status code"),
    "column_improvement": ("Förbättring", "Improvement"),
    "column_score": ("Poäng", "Score"),
    "column_items": ("Punkter", "Items"),
    "column_stated": ("Angiven bedömning", "Stated assessment"),
    "column_differs": ("Avviker", "Differs"),
    "column_stated_trend": ("Angiven trend", "Stated trend"),
    "column_trend_differs": ("Trend avviker", "Trend differs"),
    "column_missing": ("Utfall saknas", "Outcome missing"),
    # Sections (avsnitt) and their tables (tabeller).
    "sections": ("Avsnitt", "Sections"),
    "column_text": ("Text", "Text"),
    "tables": ("Tabeller", "Tables"),
    "column_section": ("Avsnitt", "Section"),
    "column_table": ("Tabell", "Table"),
    "column_row_heading": ("Radrubrik", "Row heading"),
    "column_row": ("Rad", "Row"),
    "column_row_number": ("Radnr", "Row no."),
    "column_column": ("Kolumn", "Column"),
    "column_total": ("Summarad", "Total row"),
    "column_computed": ("Uträknad", "Computed"),
    "computed_cell": ("uträknad", "computed"),
    "column_year": ("År", "Year"),
    "column_reason": ("Skäl att inte bedöma", "Why not assessed"),
    "column_description": ("Beskrivning", "Description"),
    "column_baseline_comment": ("Kommentar till ingångsvärde", "Comment on starting value"),
    "column_target_comment": ("Kommentar till målvärde", "Comment on target"),
    "column_notes": ("Anmärkningar", "Notes"),
    "column_comparison": ("Jämförelse", "Comparison"),
    "column_item": ("Uppgift", "Item"),
    "column_value": ("Värde", "Value"),
    # Excel report: sheet names beyond the headings above (at most 31 characters).
    "overview": ("Översikt", "Overview"),
    "outcomes": ("Utfall", "Outcomes"),
    "comparisons": ("Jämförelser", "Comparisons"),
}


# The group of a plan's `etiketter` that holds the words for each kind of
# code; a group's field names are the codes.
_PLAN_GROUPS: dict[type[StrEnum], str] = {
    IndicatorStatus: "indicator",
    GoalStatus: "goal",
    Change: "trend",
    Improvement: "improvement",
}

_PLAN_WORDS: ContextVar[Labels | None] = ContextVar("plan_words", default=None)


@contextmanager
def plan_words(labels: Labels | None) -> Iterator[None]:
    """Within the block, :func:`label` uses ``labels`` (a plan's ``etiketter``,
    as :attr:`Assessment.labels` carries them) where they give a word."""
    token = _PLAN_WORDS.set(labels)
    try:
        yield
    finally:
        _PLAN_WORDS.reset(token)


def label(code: StrEnum, lang: Language = "sv", *, labels: Labels | None = None) -> str:
    """The label of a status, trend, kind or reason code, in ``lang``.

    ``labels`` are a plan's own words (``etiketter``, as
    :attr:`Assessment.labels` carries them): where they give a word for
    ``code``, that word is the label, in either language.
    """
    word = _plan_word(code, labels)
    if word is not None:
        return word
    sv, en = _LABELS[type(code), code.value]
    return sv if lang == "sv" else en


def _plan_word(code: StrEnum, labels: Labels | None = None) -> str | None:
    words = labels if labels is not None else _PLAN_WORDS.get()
    group = _PLAN_GROUPS.get(type(code))
    if words is None or group is None:
        return None
    word: str | None = getattr(getattr(words, group), code.value)
    return word


def marked(code: StrEnum, lang: Language = "sv") -> str:
    """A status as every report shows it, so that no status is told by colour alone:
    its symbol (:data:`MARK`), then its word ("✓ Värde uppnått")."""
    mark = MARK.get(code)
    return f"{mark} {label(code, lang)}" if mark else label(code, lang)


def in_sentence(code: StrEnum, lang: Language = "sv") -> str:
    """A label inside a line, after a comma: the default words in lower case
    ("förbättrad"), a plan's own word (``etiketter``) as the plan writes it."""
    word = label(code, lang)
    return word if _plan_word(code) is not None else word.lower()


def improvement_word(result: IndicatorResult, lang: Language = "sv") -> str | None:
    """The word beside the trend arrow, when it says more than the arrow: whether
    the number's rise or fall is an improvement ("förbättrad"). None with
    ``trendpil: förbättring`` (the arrow is the improvement), with no change,
    and when the indicator has no desired direction to judge by."""
    if not improvement_beside_arrow(result) or result.trend.improvement is Improvement.NONE:
        return None
    return in_sentence(result.trend.improvement, lang)


def on_track_words(result: IndicatorResult, lang: Language = "sv") -> str | None:
    """Whether the indicator is on track for a target further ahead (or in its
    desired direction), as the terminal and the reports print it:
    "I fas mot målet 2030: ≈ Behöver skynda på (+3,1 % per år sedan 2019, behövs
    +4,0 %)".
    None where the method does not apply, and where it cannot judge an indicator that
    has only a direction (a value at or below 0, say): that line would only repeat that
    nothing can be said, beside the indicator's own bedömning. The JSON and `explain`
    keep it."""
    found = result.on_track
    if found is None or (found.target is None and found.reason is not None):
        return None
    if found.target is not None:
        head = text("on_track_to", lang).format(year=found.target_year)
    else:
        head = text("on_track_direction", lang)
    words = marked(found.status, lang)
    if found.reason is not None:
        words += f" ({label(found.reason, lang)})"
    elif found.growth is not None:
        detail = f"{_signed_percent(found.growth, lang)} {text('per_year', lang)}"
        detail += " " + text("since", lang).format(year=found.from_year)
        if found.required is not None:
            detail += f", {text('needed', lang)} {_signed_percent(found.required, lang)}"
        words += f" ({detail})"
    return f"{head}: {words}"


def _signed_percent(share: float, lang: Language) -> str:
    shown = format_percent(share, lang)
    return shown if shown.startswith(("-", "<", ">")) else f"+{shown}"


def trend_words(result: IndicatorResult, lang: Language = "sv") -> str:
    """An indicator's trend as every report prints it: the arrow as the plan reads
    arrows, and the improvement where it says more ("↘ Minskad, förbättrad")."""
    word = improvement_word(result, lang)
    return arrow_label(result, lang) + (f", {word}" if word else "")


def arrow_label(result: IndicatorResult, lang: Language = "sv") -> str:
    """The arrow and word shown for an indicator's trend, as the plan reads
    arrows (``trendpil``): with ``förbättring``, "↗ Ökad" when it improved."""
    return label(result.arrow_change, lang)


def arrow_rule_note(arrow: TrendArrow, lang: Language = "sv", sep: str = " · ") -> str:
    """What a report's line of rules adds about the arrows: nothing when they
    follow the numbers (the default), " · trendpilen visar förbättring ..."
    (after ``sep``) when the plan reads them as improvement."""
    if arrow is TrendArrow.DIRECTION:
        return ""
    return f"{sep}{text('arrow_improvement', lang)}"


def improvement_beside_arrow(result: IndicatorResult) -> bool:
    """Whether the improvement is worth a word beside the arrow: when the arrow
    shows the number's own rise or fall (``trendpil: riktning``). With
    ``förbättring`` the arrow already is the improvement."""
    return result.arrow is TrendArrow.DIRECTION and result.trend.direction in (
        Change.INCREASED,
        Change.DECREASED,
    )


# The bedömning of an indicator that is not assessed says why in a few words
# (the reason's own label says it in full). "Inget värde angivet" is what the
# municipal follow-ups write for an outcome not given: only for that reason.
_NOT_ASSESSED_BECAUSE: dict[Reason, tuple[str, str]] = {
    Reason.NO_OUTCOME: ("Inget värde angivet", "No value given"),
    Reason.NO_TARGET: ("Ej bedömd: inget målvärde", "Not assessed: no target"),
    Reason.NO_DIRECTION: ("Ej bedömd: ingen riktning", "Not assessed: no direction"),
    Reason.NO_BASELINE: (
        "Ej bedömd: inget målvärde eller ingångsvärde",
        "Not assessed: no target or starting value",
    ),
    Reason.NO_VALUE_YET: ("Inget utfall i år ännu", "No value this year yet"),
    Reason.PARTIAL_YEAR: ("Hittills i år: se prognosen", "So far this year: see the forecast"),
    Reason.NO_FORECAST: ("Kan inte bedömas", "Cannot be assessed"),
}


# The same reasons after a plan's own word for not assessed ("Ej mätbart: inget målvärde").
_WHY_NOT_ASSESSED: dict[Reason, tuple[str, str]] = {
    Reason.NO_TARGET: ("inget målvärde", "no target"),
    Reason.NO_DIRECTION: ("ingen riktning", "no direction"),
    Reason.NO_BASELINE: ("inget målvärde eller ingångsvärde", "no target or starting value"),
    Reason.NO_VALUE_YET: ("inget utfall i år ännu", "no value this year yet"),
    Reason.PARTIAL_YEAR: ("hittills i år, se prognosen", "so far this year, see the forecast"),
    Reason.NO_FORECAST: ("ingen prognos", "no forecast"),
}

_NOT_JUDGED_ANY_YEAR = frozenset({Reason.NO_TARGET, Reason.NO_DIRECTION, Reason.NO_BASELINE})

# A judgement about the year's end, in the words Swedish interim reports use.
_GOAL_FORECAST: dict[GoalStatus, tuple[str, str]] = {
    GoalStatus.FULLY: ("Bedöms uppfyllas", "Expected to be met"),
    GoalStatus.LARGELY: ("Bedöms i hög grad uppfyllas", "Expected to be largely met"),
    GoalStatus.PARTLY: ("Bedöms delvis uppfyllas", "Expected to be partly met"),
    GoalStatus.NOT_MET: ("Bedöms inte uppfyllas", "Not expected to be met"),
    GoalStatus.NOT_ASSESSED: ("Kan inte bedömas", "Cannot be assessed"),
}


def values_this_period(assessment: Assessment) -> bool:
    """Whether an assessment found any value of its year (:meth:`Assessment.has_values`)."""
    return assessment.has_values()


def period_heading(assessment: Assessment, lang: Language = "sv") -> str:
    """What was assessed, for a header: "Bedömt år 2017", or during the year
    "Delårsrapport 2016 (2016-T2)", with "inga utfall för 2018 ännu" when the
    year has no value yet (the starting position is shown)."""
    period = assessment.period
    if period is None or period == str(assessment.year):
        head = f"{text('year', lang)} {assessment.year}"
        if assessment.report is not None:
            head = f"{assessment.report.name} {assessment.year}"
        return head
    head = f"{text('period', lang)} {period}"
    if assessment.report is not None:
        head = f"{assessment.report.name} {assessment.year} ({period})"
    if not values_this_period(assessment):
        head += " · " + text("no_values_yet", lang).format(year=assessment.year)
    return head


def items_words(progress: ItemProgress, lang: Language = "sv") -> str:
    """A goal's items, as its bedömning is read from them: "punkter: 1 av 3
    genomförda, 2 i tid, 0 sena"."""
    if lang == "sv":
        return (
            f"punkter: {progress.done} av {progress.total} genomförda, "
            f"{progress.on_time} i tid, {progress.late} sena"
        )
    return (
        f"items: {progress.done} of {progress.total} done, {progress.on_time} on time, {progress.late} late"
    )


def goal_forecast_label(status: GoalStatus, lang: Language = "sv") -> str:
    """A goal's year-end forecast in words: "Bedöms delvis uppfyllas"."""
    sv, en = _GOAL_FORECAST[status]
    return sv if lang == "sv" else en


def shows_forecast(goal: GoalResult) -> bool:
    """Whether a goal's forecast is worth a line: it judges something, or someone stated one."""
    found = goal.forecast
    return found is not None and (found.status is not GoalStatus.NOT_ASSESSED or found.stated is not None)


def goal_forecast_words(forecast: GoalForecast, lang: Language = "sv") -> str:
    """A goal's forecast with its mark, and a stated one beside it when it differs:
    "≈ Bedöms delvis uppfyllas (angiven: Bedöms uppfyllas)"."""
    words = f"{MARK[forecast.status]} {goal_forecast_label(forecast.status, lang)}"
    if forecast.stated is not None:
        stated = goal_forecast_label(forecast.stated, lang)
        if forecast.disagrees:
            words += f" ({text('stated', lang)}: {stated})"
        elif forecast.status is GoalStatus.NOT_ASSESSED:
            words = f"{MARK[forecast.stated]} {stated} ({text('stated', lang)})"
        else:
            words += f" ({text('as_stated', lang)})"
    return words


def forecast_label(forecast: ForecastResult, lang: Language = "sv") -> str:
    """An indicator's forecast label: "Prognos: Nära värde", or why there is none."""
    head = text("forecast", lang)
    if forecast.status is IndicatorStatus.NOT_ASSESSED and forecast.reason is not None:
        return f"{head}: {_NOT_ASSESSED_BECAUSE[forecast.reason][0 if lang == 'sv' else 1]}"
    return f"{head}: {label(forecast.status, lang)}"


def forecast_words(result: IndicatorResult, lang: Language = "sv") -> str | None:
    """The forecast line of an indicator assessed during the year: value, where it
    comes from, and its label: "Prognos 2016: 123 (uppräknad till helår från
    2016-T2) ≈ Nära värde". None without a forecast, or when it is the year's outcome."""
    found = result.forecast
    if found is None or found.value is None or found.basis is ForecastBasis.OUTCOME:
        return None  # nothing to forecast from: the bedömning already says why
    head = f"{text('forecast', lang)} {found.year or ''}".rstrip()
    unit = result.unit or ""
    shown = format_number(found.value, lang) + (f" {unit}" if unit and unit not in _UNWRITTEN_UNITS else "")
    basis = label(found.basis, lang) if found.basis is not None else ""
    if found.period is not None and found.basis is not ForecastBasis.STATED:
        basis += " " + text("from_period", lang).format(period=found.period)
    if found.reason in _NOT_JUDGED_ANY_YEAR:
        # No target or direction: the value is worth saying, a label "not assessed" is not.
        return f"{head}: {shown} ({basis})"
    status = marked(found.status, lang)
    if found.status is IndicatorStatus.NOT_ASSESSED and found.reason is not None:
        status = f"{MARK[found.status]} {_NOT_ASSESSED_BECAUSE[found.reason][0 if lang == 'sv' else 1]}"
    return f"{head}: {shown} ({basis}) {status}"


def status_label(result: IndicatorResult, lang: Language = "sv") -> str:
    """An indicator's bedömning in words: its status's label, or, when it is
    not assessed, why ("Ej bedömd: inget målvärde"). A plan's own word for
    not assessed (``etiketter``) stands in for "Inget värde angivet" and
    "Ej bedömd"."""
    if result.status is IndicatorStatus.NOT_ASSESSED and result.reason is not None:
        words = _PLAN_WORDS.get()
        own = None if words is None else words.indicator.not_assessed
        if own is not None:
            if result.reason is Reason.NO_OUTCOME:
                return own
            sv, en = _WHY_NOT_ASSESSED[result.reason]
            return f"{own}: {sv if lang == 'sv' else en}"
        sv, en = _NOT_ASSESSED_BECAUSE[result.reason]
        return sv if lang == "sv" else en
    return label(result.status, lang)


def stated_note(result: IndicatorResult, lang: Language = "sv") -> str:
    """A person's ``angiven_bedömning`` beside the computed one, for a report's
    cell: "⚠ angiven: Nära värde" when they differ, "som angiven" when they
    agree, "angiven: ..." when nothing was computed; "" without one."""
    return _stated(result.stated, result.status, result.disagrees, "stated", lang)


def stated_trend_note(result: IndicatorResult, lang: Language = "sv") -> str:
    """A person's ``angiven_trend`` beside the computed arrow (read as the plan
    reads arrows: ``trendpil``), as :func:`stated_note`."""
    return _stated(result.stated_trend, result.arrow_change, result.trend_disagrees, "stated", lang)


def _stated(stated: StrEnum | None, computed: StrEnum, disagrees: bool, name: str, lang: Language) -> str:
    if stated is None:
        return ""
    shown = f"{text(name, lang)}: {label(stated, lang)}"
    if disagrees:
        return f"⚠ {shown}"
    if stated is computed:
        return text("as_stated", lang)
    return shown


def report_title(report: Report) -> str:
    """The report's title: the plan's ``rapport.titel`` as written, or its kind and
    the assessed year ("Verksamhetsberättelse 2017", "Delårsrapport 2018"); a
    verksamhetsplan is titled by the plan's own year, whichever year is assessed."""
    if report.title:
        return report.title
    assessment = report.assessment
    year = assessment.plan_year if report.kind is ReportKind.PLAN else assessment.year
    return f"{label(report.kind, report.lang)} {year}"


def text(key: str, lang: Language = "sv") -> str:
    """A heading or a short phrase used by the renderers."""
    sv, en = _TEXT[key]
    return sv if lang == "sv" else en


# Enough decimals that a value just short of its target never prints as the target.
DECIMALS = 4


def format_number(
    value: float, lang: Language = "sv", unit: str | None = None, *, decimals: int = DECIMALS
) -> str:
    """``1164.5`` → ``"1 164,5"`` (sv) or ``"1,164.5"`` (en), with the unit.

    At most ``decimals`` decimals (four unless a chart's axis needs more),
    trailing zeros dropped; ``%`` follows the number (with a space in
    Swedish, as Swedish typography has it).
    """
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # never print "-0"
    # The shortest decimal of the float (as written in the plan), not its
    # binary expansion: 1e308 prints as 1 and 308 zeros, not 1000...0001097906...
    whole = f"{Decimal(repr(rounded)):,.{decimals}f}".rstrip("0").rstrip(".")
    if lang == "sv":
        whole = whole.replace(",", " ").replace(".", ",")
    if unit == "%":
        return f"{whole} %" if lang == "sv" else f"{whole}%"
    if unit and unit.lower() not in _UNWRITTEN_UNITS:
        return f"{whole} {unit}"
    return whole


def format_percent(share: float, lang: Language = "sv") -> str:
    """A share (0.5 is half) as a percentage rounded *down* to one decimal, so
    a share just under a threshold never shows as the threshold: 0.4999 →
    "49,9 %". Past ±10¹⁵ %, where a float has no tenths (a share may be as
    large as a float: utfall -1e10 against målvärde 1e-300), the bound is
    shown instead: "< -10¹⁵ %".
    """
    if abs(share) >= _HUGE_SHARE:
        bound = "> 10¹⁵" if share > 0 else "< -10¹⁵"
        return f"{bound} %" if lang == "sv" else f"{bound}%"
    return format_number(floor_percent(share), lang, "%")


_HUGE_SHARE = 1e13  # 10¹⁵ %


def floor_percent(share: float) -> float:
    """``share`` × 100 rounded down to a tenth, for shares within ±1e13.

    Exact: worked out on the share's decimal, not on binary floats (where
    1.001 * 1000 is 1000.9999999999999, which would show 100.0 %).
    """
    return math.floor(Fraction(repr(share)) * 1000) / 10


def chartable(values: list[float]) -> bool:
    """Whether ``values`` (not empty) make a chart with distinct ticks and
    readable tick labels: none beyond 1e150 (a plan may hold 1e308; pygal's
    scale overflows from about 1e153), and spread at least a 10¹²th of
    their size (so ticks are distinct floats: 2 000 000 000 beside
    2 000 000 001 is drawn, 1e12 beside 1e12 + 1e-4 is not) and at least
    1e-9 (tick labels of at most eleven decimals)."""
    low, high = min(values), max(values)
    size = max(abs(low), abs(high))
    return size <= 1e150 and (low == high or high - low >= max(size * 1e-12, 1e-9))


# Units that read worse after a number than without: "158", not "158 antal".
_UNWRITTEN_UNITS = {"antal", "st", "index"}


def indicator_facts(row: IndicatorRow, lang: Language) -> list[str]:
    """What every report prints under an indicator's title, in this order: its source, the
    comparison series, the comments on its starting value, its target and itself. (Its own
    activities are in its goal's activities table, marked with the indicator.)"""
    result = row.result

    def num(value: float) -> str:
        return format_number(value, lang, result.unit)

    def level(key: str, value: float | None, year: int | None, comment: str) -> str:
        shown = text(key, lang).capitalize() + (f" {year}" if year is not None else "")
        if value is not None:
            shown += f": {num(value)}"
        return f"{shown} – {comment}"

    facts: list[str] = []
    if row.source:
        facts.append(f"{text('source', lang)}: {row.source}")
    for name, values in row.comparisons.items():
        facts.append(f"{name}: " + ", ".join(f"{num(value)} ({year})" for year, value in values.items()))
    if row.baseline_comment:
        facts.append(level("baseline", result.baseline, result.baseline_year, row.baseline_comment))
    if row.target_comment:
        facts.append(level("target", result.target, result.target_year, row.target_comment))
    if on_track := on_track_words(result, lang):
        facts.append(on_track)
    if row.comment:
        facts.append(f"{text('comment', lang)}: {row.comment}")
    return facts


# -- reports during the year (delårsrapport, tertialrapport) ---------------------

_TEXT.update(
    {
        "forecast_year": ("Prognos {year}", "Forecast {year}"),
        "stated_forecast": ("Angiven prognos", "Stated forecast"),
        "outcome_period": ("Utfall {period}", "Outcome {period}"),
        "no_values_notice": (
            "Inga utfall för {year} ännu. Tabellerna visar utgångsläget från tidigare år; "
            "ingenting är bedömt för {year}.",
            "No values for {year} yet. The tables show the starting position from earlier years; "
            "nothing is assessed for {year}.",
        ),
        # Excel: the columns a report during the year adds.
        "column_period": ("Period", "Period"),
        "column_period_code": ("Periodkod", "Period code"),
        "column_value_period": ("Utfallets period", "Outcome's period"),
        "column_forecast": ("Prognos", "Forecast"),
        "column_forecast_basis": ("Prognosens grund", "Forecast basis"),
        "column_forecast_from": ("Prognos från period", "Forecast from period"),
        "column_forecast_status": ("Prognosbedömning", "Forecast assessment"),
        "column_forecast_code": ("Prognosens statuskod", "Forecast status code"),
        "column_forecast_comment": ("Prognoskommentar", "Forecast comment"),
        "column_stated_forecast": ("Angiven prognos", "Stated forecast"),
        "column_forecast_differs": ("Prognos avviker", "Forecast differs"),
    }
)


def report_period_words(report: Report) -> str | None:
    """The period of a report during the year as its title block shows it:
    "Januari–augusti 2016"; None for a year's report."""
    if report.period is None:
        return None
    words = period_words(report.period, report.lang)
    return words[:1].upper() + words[1:]


def outcome_heading(report: Report, year: int) -> str:
    """The heading of an outcome column: "Utfall 2015", and during the year the
    assessed year's "Utfall jan–aug 2016" (the value known at the period's end)."""
    if report.period is not None and year == report.assessment.year:
        return text("outcome_period", report.lang).format(
            period=period_words(report.period, report.lang, short=True)
        )
    return text("outcome_year", report.lang).format(year=year)


def cell_period(report: Report, cell: OutcomeCell) -> str | None:
    """Beside a value known during the year that is for an earlier period than the
    report's (a tertial-1 value in a delårsrapport): that period, "jan–apr"."""
    if cell.period is None or cell.period == report.period or cell.value is None:
        return None
    return period_words(cell.period, report.lang, short=True, year=False)


def forecast_heading(report: Report) -> str:
    """The forecast column's heading: "Prognos 2016"."""
    return text("forecast_year", report.lang).format(year=report.assessment.year)


def forecast_value_words(result: IndicatorResult, lang: Language = "sv") -> str | None:
    """An indicator's year-end forecast and where it comes from, for a table's
    cell: "110 (angiven prognos)", "123 (uppräknad till helår från jan–aug)",
    "61 % (senaste läget från jan–aug)". None when no forecast could be made."""
    found = result.forecast
    if found is None or found.value is None:
        return None
    shown = format_number(found.value, lang, result.unit)
    basis = label(found.basis, lang) if found.basis is not None else ""
    if found.period is not None and found.basis in (ForecastBasis.SCALED, ForecastBasis.CARRIED):
        basis += " " + text("from_period", lang).format(
            period=period_words(found.period, lang, short=True, year=False)
        )
    return f"{shown} ({basis})" if basis else shown


def forecast_status_words(result: IndicatorResult, lang: Language = "sv") -> str | None:
    """An indicator's forecast judged, with its mark: "✓ Värde uppnått", or why it
    cannot be: "– Kan inte bedömas". None without a forecast, and when it is not
    judged for the reason the indicator's bedömning already gives ("inget målvärde")."""
    found = result.forecast
    if found is None or (found.reason is not None and found.reason is result.reason):
        return None  # not judged for the reason the bedömning beside it says (no target)
    if found.status is IndicatorStatus.NOT_ASSESSED and found.reason is not None:
        sv, en = _NOT_ASSESSED_BECAUSE[found.reason]
        return f"{MARK[found.status]} {sv if lang == 'sv' else en}"
    return marked(found.status, lang)


def verdict_words(result: IndicatorResult, lang: Language = "sv") -> str:
    """An indicator's bedömning with its mark, as the reports' badges show it
    (:func:`marked`); set aside during the year, why: "– Hittills i år: se
    prognosen", "– Inget utfall i år ännu", not "Inget värde angivet" beside a value."""
    if result.reason in (Reason.PARTIAL_YEAR, Reason.NO_VALUE_YET):
        return f"{MARK[result.status]} {status_label(result, lang)}"
    return marked(result.status, lang)


def trend_cell(result: IndicatorResult, lang: Language = "sv") -> str:
    """The trend as a report's table shows it (:func:`trend_words`); during the
    year, for a value that is not compared (a count so far this year) or not
    there yet (the starting position), "Ingen jämförelse": the arrow of the
    starting position would read as this year's."""
    if result.reason in (Reason.PARTIAL_YEAR, Reason.NO_VALUE_YET):
        return label(Improvement.NONE, lang)
    return trend_words(result, lang)


def goal_trend_words(goal: GoalResult, report: Report) -> str:
    """A goal's trend as a report shows it: its improvement's label; in a report
    during a year with no value yet, "Ingen jämförelse" (see :func:`trend_cell`)."""
    if not report.values_yet:
        return label(Improvement.NONE, report.lang)
    return label(goal.improvement, report.lang)


def goal_forecast_marked(status: GoalStatus, lang: Language = "sv") -> str:
    """A goal's forecast with its mark, for a badge: "≈ Bedöms delvis uppfyllas"."""
    return f"{MARK[status]} {goal_forecast_label(status, lang)}"


def period_facts(row: IndicatorRow, report: Report) -> list[str]:
    """What a report during the year adds under an indicator's title (after
    :func:`indicator_facts`): the year's other values for periods ("Utfall
    jan–apr 2016: 41"), the periods whose value is missing, and the stated
    forecast's kommentar."""
    lang, result = report.lang, row.result
    facts: list[str] = []
    shown = next((cell.period for cell in row.cells if cell.period is not None), None)
    for cell in row.periods:
        heading = text("outcome_period", lang).format(period=period_words(cell.period, lang, short=True))
        if cell.value is not None and cell.period != shown:
            value = format_number(cell.value, lang, result.unit)
            facts.append(f"{heading}: {value}" + (f" – {cell.comment}" if cell.comment else ""))
        elif cell.value is None and cell.missing and cell.period != shown:
            facts.append(f"{heading}: {text('missing', lang)}: {cell.missing}")
    found = result.forecast
    if found is not None and found.comment:
        facts.append(f"{forecast_heading(report)} – {found.comment}")
    return facts


def economy_forecast_words(report: Report) -> str | None:
    """The line a report during the year sets before its budget table: the result
    row's full-year forecast against its budget, and the avvikelse (budget −
    prognos), and its utfall so far when the plan has one: "Helårsprognos 2016,
    Resultat: 400 tkr mot budget 0 tkr; avvikelse (budget − prognos) -400 tkr.
    Utfall jan–aug 2016: -100 tkr." None in a year's report or without a sum row."""
    economy = report.assessment.economy
    result = None if economy is None else economy.result
    if report.period is None or economy is None or result is None:
        return None
    year, lang = economy.year, report.lang
    forecast, budget = result.forecast.get(year), result.budget.get(year)

    def shown(value: float) -> str:
        return format_number(value, lang, economy.unit)

    with use_language(lang):
        if forecast is None:
            return tr(
                "No full-year forecast for {year} in the plan.",
                "Ingen helårsprognos för {year} i planen.",
                year=year,
            )
        if budget is None:
            return tr(
                "Full-year forecast {year}, {row}: {forecast} (no budget for {year}).",
                "Helårsprognos {year}, {row}: {forecast} (ingen budget för {year}).",
                year=year,
                row=result.title,
                forecast=shown(forecast),
            )
        words = tr(
            "Full-year forecast {year}, {row}: {forecast} against a budget of {budget}; "
            "variance (budget − forecast) {variance}.",
            "Helårsprognos {year}, {row}: {forecast} mot budget {budget}; "
            "avvikelse (budget − prognos) {variance}.",
            year=year,
            row=result.title,
            forecast=shown(forecast),
            budget=shown(budget),
            variance=shown(budget - forecast),
        )
        if economy.period is not None and result.actual_to_date is not None:
            words += " " + tr(
                "Actual {period}: {value}.",
                "Utfall {period}: {value}.",
                period=period_words(economy.period, lang, short=True),
                value=shown(result.actual_to_date),
            )
        return words


def section_blocks(report: Report, section: TextSection) -> tuple[TextBlock, ...]:
    """A section's text as every report prints it: its blocks, and in the economy's
    section of a report during the year the full-year forecast's line
    (:func:`economy_forecast_words`) after them, before its table."""
    words = economy_forecast_words(report) if section is report.economy else None
    return section.blocks if words is None else (*section.blocks, TextBlock((words,)))


def no_values_notice(report: Report) -> str | None:
    """What a report during a year without a value yet says first: "Inga utfall
    för 2018 ännu. ..."; None when the year has values (or is a year's report)."""
    if report.values_yet:
        return None
    return text("no_values_notice", report.lang).format(year=report.assessment.year)
