"""An indicator's history across plan years in words: the terminal's text, Markdown and JSON.

:func:`~malstyrning.indicator_history` gathers the series; here it is laid
out: one table of years (the outcome, and for each plan year the plan's
target, bedömning and trend), then each plan's starting value and target,
the renames ("2018: id x (tidigare y), titel 'A' → 'B'"), the years without
a value and the years two plans record differently.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from .._engine import HistoryEntry, HistoryOutcome, IndicatorHistory
from .._i18n import Language, tr, use_language
from ._json import JSON_SCHEMA_VERSION
from ._labels import arrow_label, format_number, label, plan_words, status_label
from ._printable import one_line

__all__ = ["format_history", "history_to_dict", "history_to_json", "history_to_markdown"]

_WIDTH = 80


def format_history(history: IndicatorHistory, lang: Language = "sv", *, width: int = _WIDTH) -> str:
    """The history as text for a terminal ``width`` columns wide (at least 40)."""
    width = max(width, 40)
    with use_language(lang):
        latest = history.latest
        lines = textwrap.wrap(one_line(f"{latest.title} ({latest.id})"), width, break_on_hyphens=False) or [
            history.id
        ]
        lines.append("")
        rows = [_headings(), *_rows(history, lang)]
        sizes = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            lines.append("  ".join(cell.ljust(size) for cell, size in zip(row, sizes, strict=True)).rstrip())
        for heading, said in _notes(history, lang):
            lines += ["", heading]
            for line in said:
                lines += textwrap.wrap(
                    one_line(line),
                    width,
                    initial_indent="  ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                )
    return "\n".join(lines) + "\n"


def history_to_markdown(history: IndicatorHistory, lang: Language = "sv") -> str:
    """The history as a Markdown section: a heading, the table of years, the notes as lists."""
    with use_language(lang):
        latest = history.latest
        lines = [f"## {_md(latest.title)} ({_md(latest.id)})", ""]
        rows = [_headings(), *_rows(history, lang)]
        lines.append("| " + " | ".join(rows[0]) + " |")
        lines.append("| " + " | ".join("---" for _ in rows[0]) + " |")
        lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows[1:]]
        for heading, said in _notes(history, lang):
            lines += ["", f"**{heading}**", ""]
            lines += [f"- {_md(line)}" for line in said]
    return "\n".join(lines) + "\n"


def history_to_dict(history: IndicatorHistory, lang: Language = "sv") -> dict[str, Any]:
    """The history as JSON-ready data: codes and numbers, with the labels in ``lang``."""
    with use_language(lang):
        return {
            "schema_version": JSON_SCHEMA_VERSION,
            "id": history.id,
            "lang": lang,
            "plans": [_entry(entry, lang) for entry in history.entries],
            "outcomes": [_outcome(outcome) for outcome in history.outcomes],
            "conflicts": [
                {"year": c.year, "kept": _outcome(c.kept), "dropped": _outcome(c.dropped)}
                for c in history.conflicts
            ],
            "renames": [
                {
                    "plan_year": r.plan_year,
                    "file": r.file,
                    "id": r.id,
                    "previous_ids": list(r.previous_ids),
                    "title": r.title,
                    "previous_title": r.previous_title,
                }
                for r in history.renames
            ],
        }


def history_to_json(history: IndicatorHistory, lang: Language = "sv") -> str:
    """:func:`history_to_dict` as indented JSON."""
    return json.dumps(history_to_dict(history, lang), ensure_ascii=False, indent=2)


def _entry(entry: HistoryEntry, lang: Language) -> dict[str, Any]:
    result = entry.result
    with plan_words(entry.labels):
        status, trend = status_label(result, lang), arrow_label(result, lang)
    return {
        "plan_year": entry.plan_year,
        "file": entry.file,
        "name": entry.name,
        "plan": entry.plan,
        "id": entry.id,
        "title": entry.title,
        "previous_ids": list(entry.previous_ids),
        "unit": entry.unit,
        "direction": None if result.direction is None else result.direction.value,
        "baseline": None
        if result.baseline is None
        else {"value": result.baseline, "year": result.baseline_year},
        "target": None if result.target is None else {"value": result.target, "year": result.target_year},
        "outcomes": {
            str(year): {"value": o.value, "missing": o.missing, "comment": o.comment}
            for year, o in entry.outcomes.items()
        },
        "assessed_year": entry.plan_year,
        "value": result.value,
        "value_year": result.value_year,
        "status": result.status.value,
        "status_label": status,
        "reason": None if result.reason is None else result.reason.value,
        "stated": None if result.stated is None else result.stated.value,
        "trend": result.arrow_change.value,
        "trend_label": trend,
    }


def _outcome(outcome: HistoryOutcome) -> dict[str, Any]:
    return {
        "year": outcome.year,
        "value": outcome.value,
        "missing": outcome.missing,
        "comment": outcome.comment,
        "plan_year": outcome.plan_year,
        "file": outcome.file,
    }


def _headings() -> list[str]:
    return [
        tr("Year", "År"),
        tr("Outcome", "Utfall"),
        tr("Plan's target", "Planens mål"),
        tr("Assessment", "Bedömning"),
        tr("Trend", "Trend"),
    ]


def _rows(history: IndicatorHistory, lang: Language) -> list[list[str]]:
    """One row a year: the merged outcome; in a plan's year, its target, bedömning and trend."""
    outcomes = {outcome.year: outcome for outcome in history.outcomes}
    plans: dict[int, HistoryEntry] = {}
    for entry in history.entries:
        plans[entry.plan_year] = entry  # several of one year (a replacement): the last
    unit = history.latest.unit
    rows = []
    for year in sorted(outcomes.keys() | plans.keys()):
        outcome = outcomes.get(year)
        if outcome is None:
            value = ""
        elif outcome.value is None:
            value = tr("missing", "saknas")
        else:
            value = format_number(outcome.value, lang, unit)
        row = [str(year), value, "", "", ""]
        shown = plans.get(year)
        if shown is not None:
            entry = shown
            result = entry.result
            if result.target is not None:
                row[2] = format_number(result.target, lang, entry.unit)
            elif result.direction is not None:
                row[2] = label(result.direction, lang)
            with plan_words(entry.labels):
                row[3] = one_line(status_label(result, lang))
                row[4] = one_line(arrow_label(result, lang))
        rows.append(row)
    return rows


def _notes(history: IndicatorHistory, lang: Language) -> list[tuple[str, list[str]]]:
    notes: list[tuple[str, list[str]]] = []
    plans = []
    for entry in history.entries:
        result = entry.result
        parts = [f"{entry.plan_year}: {entry.file}", entry.id]
        if result.baseline is not None:
            when = f" ({result.baseline_year})" if result.baseline_year is not None else ""
            parts.append(
                tr("starting value", "ingångsvärde")
                + f" {format_number(result.baseline, lang, entry.unit)}{when}"
            )
        if result.target is not None:
            when = f" ({result.target_year})" if result.target_year is not None else ""
            parts.append(
                tr("target", "målvärde") + f" {format_number(result.target, lang, entry.unit)}{when}"
            )
        if result.direction is not None:
            parts.append(tr("direction", "riktning") + f" {label(result.direction, lang)}")
        if (
            result.value is not None
            and result.value_year is not None
            and result.value_year != entry.plan_year
        ):
            parts.append(
                tr(
                    "assessed on the outcome of {year}",
                    "bedömd på utfallet {year}",
                    year=result.value_year,
                )
            )
        plans.append(" · ".join(parts))
    notes.append((tr("Plans:", "Planer:"), plans))
    if history.renames:
        renamed = []
        for rename in history.renames:
            parts = []
            if rename.previous_ids:
                parts.append(
                    tr(
                        "id {id} (previously {ids})",
                        "id {id} (tidigare {ids})",
                        id=rename.id,
                        ids=", ".join(rename.previous_ids),
                    )
                )
            if rename.previous_title is not None:
                parts.append(tr("title", "titel") + f" {rename.previous_title!r} → {rename.title!r}")
            renamed.append(f"{rename.plan_year}: " + ", ".join(parts))
        notes.append((tr("Renamed:", "Namnbyten:"), renamed))
    missing = [f"{o.year}: {o.missing}" for o in history.outcomes if o.value is None and o.missing]
    if missing:
        notes.append((tr("Outcomes missing:", "Utfall som saknas:"), missing))
    if history.conflicts:
        unit = history.latest.unit
        differ = [
            tr(
                "{year}: {old} in {old_file}, {new} in {new_file}; the later plan's is used",
                "{year}: {old} i {old_file}, {new} i {new_file}; den senare planens gäller",
                year=c.year,
                old=_value(c.dropped, lang, unit),
                old_file=c.dropped.file,
                new=_value(c.kept, lang, unit),
                new_file=c.kept.file,
            )
            for c in history.conflicts
        ]
        notes.append(
            (tr("Outcomes that differ between plans:", "Utfall som skiljer sig mellan planerna:"), differ)
        )
    return notes


def _value(outcome: HistoryOutcome, lang: Language, unit: str | None) -> str:
    if outcome.value is None:
        return tr("missing", "saknas")
    return format_number(outcome.value, lang, unit)


def _md(cell: str) -> str:
    return cell.replace("|", "\\|")
