"""What is due (:func:`malstyrning.due`) in words, and as JSON."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from .._engine import DueItem, DueList
from .._i18n import Language, tr, use_language
from ._labels import marked
from ._printable import one_line

__all__ = ["due_to_dict", "due_to_json", "format_due"]


def format_due(found: DueList, lang: Language = "sv", *, width: int = 80) -> str:
    """``found`` as a terminal prints it: the next report back and its items,
    the overdue items, the moved ones, and the indicators lacking a value;
    lines wrapped at ``width``."""
    with use_language(lang):
        lines = [tr("Due on {on}", "Att rapportera per {on}", on=found.on.isoformat()), ""]
        follow_up = found.follow_up
        if follow_up is None:
            lines.append(tr("No report back (återrapportering) ahead.", "Ingen återrapportering framåt."))
        else:
            if follow_up.name:
                lines.append(f"{one_line(follow_up.name)} ({follow_up.date.isoformat()}):")
            else:
                name = tr("Report back", "Återrapportering")
                lines.append(f"{name} {follow_up.when} ({follow_up.date.isoformat()}):")
            lines += [_item(item, lang) for item in found.items] or [
                "  " + tr("no items listed", "inga punkter angivna")
            ]
        lines.append("")
        lines.append(tr("Past their due date, not done:", "Efter klart-datum, inte genomförda:"))
        lines += [_item(item, lang) for item in found.overdue] or ["  " + tr("none", "inga")]
        lines.append("")
        lines.append(tr("Moved to a later report:", "Framflyttade:"))
        lines += [_item(item, lang) for item in found.moved] or ["  " + tr("none", "inga")]
        if found.report is not None:
            lines.append("")
            report = found.report
            lines.append(
                tr(
                    "{name} {period} ({date}): indicators without a value for it:",
                    "{name} {period} ({date}): indikatorer utan värde för den:",
                    name=one_line(report.name),
                    period=str(report.period),
                    date=report.date.isoformat() if report.date else "",
                )
            )
            lines += [f"  {m.id}: {one_line(m.title)}" for m in found.missing_values] or [
                "  " + tr("none", "inga")
            ]
    wrapped: list[str] = []
    for line in lines:
        indent = "    " if line.startswith("  ") else "  "
        wrapped += textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False) or [line]
    return "\n".join(wrapped) + "\n"


def _item(item: DueItem, lang: Language) -> str:
    status = marked(item.status, lang) if item.status is not None else tr("no status", "ingen status")
    parts = [f"  {item.id or '–'}: {one_line(item.title)}", status]
    if item.due is not None:
        parts.append(tr("due {date}", "klart {date}", date=item.due.isoformat()))
    if item.last_reported is not None:
        parts.append(tr("reported {date}", "rapporterad {date}", date=item.last_reported.isoformat()))
    if item.moved_to is not None:
        moved = tr("moved to {to}", "flyttad till {to}", to=one_line(item.moved_to))
        if item.why:
            moved += f" ({one_line(item.why)})"
        parts.append(moved)
    if item.reason.value == "moved_here":
        parts.append(tr("moved here from an earlier report", "flyttad hit från en tidigare rapport"))
    return " · ".join(parts)


def due_to_dict(found: DueList) -> dict[str, Any]:
    """``found`` as JSON-ready data; codes are the stable English codes."""
    follow_up = found.follow_up
    report = found.report
    return {
        "on": found.on.isoformat(),
        "follow_up": None
        if follow_up is None
        else {
            "key": follow_up.key,
            "when": follow_up.when,
            "date": follow_up.date.isoformat(),
            "name": follow_up.name,
        },
        "items": [_item_dict(item) for item in found.items],
        "overdue": [_item_dict(item) for item in found.overdue],
        "moved": [_item_dict(item) for item in found.moved],
        "report": None
        if report is None
        else {
            "id": report.id,
            "name": report.name,
            "period": str(report.period),
            "date": None if report.date is None else report.date.isoformat(),
        },
        "missing_values": [{"id": m.id, "title": m.title, "period": m.period} for m in found.missing_values],
    }


def _item_dict(item: DueItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "reason": item.reason.value,
        "status": None if item.status is None else item.status.value,
        "due": None if item.due is None else item.due.isoformat(),
        "last_reported": None if item.last_reported is None else item.last_reported.isoformat(),
        "moved_to": item.moved_to,
        "why": item.why,
        "type": item.item_kind.value,
        "funder": item.funder,
    }


def due_to_json(found: DueList) -> str:
    """``found`` as a JSON document."""
    return json.dumps(due_to_dict(found), ensure_ascii=False, indent=2)
