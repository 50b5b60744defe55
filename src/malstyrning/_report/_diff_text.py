"""What changed between plan versions (:func:`malstyrning.diff_plans`) in words:
terminal text, Markdown for a merge request, and JSON.

A change names the plan's own key (``målvärde``, ``riktning``,
``regler.metod``) and its words as written in the YAML (``bibehåll``,
``minska``), in either language: a reviewer finds them in the file.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from typing import Any

from .._engine import (
    DiffState,
    DiffSubject,
    DiffValue,
    FieldChange,
    NodeDiff,
    OutcomeChange,
    OutcomeChangeKind,
    PlanDiff,
)
from .._i18n import Language, tr, use_language
from .._model import swedish_word
from ._labels import format_number
from ._printable import one_line

__all__ = ["diff_to_dict", "diff_to_json", "diff_to_markdown", "format_diff"]

Diffs = PlanDiff | Sequence[PlanDiff]


def _plans(diffs: Diffs) -> list[PlanDiff]:
    return [diffs] if isinstance(diffs, PlanDiff) else list(diffs)


def format_diff(diffs: Diffs, lang: Language = "sv", *, width: int = 80) -> str:
    """``diffs`` as a terminal prints them: each plan that changed, then each
    thing in it that changed and how; lines wrapped at ``width``."""
    with use_language(lang):
        lines: list[str] = []
        for plan in _plans(diffs):
            if not plan.changed:
                continue
            if lines:
                lines.append("")
            lines.append(_plan_heading(plan))
            lines += [f"  {_field(change, None, lang)}" for change in plan.fields]
            for node in plan.nodes:
                lines.append(f"  {_node_heading(node)}")
                lines += [f"    {words}" for words in _node_lines(node, lang)]
        if not lines:
            lines = [_no_differences()]
    wrapped: list[str] = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip(" ")) + 2)
        wrapped += textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False) or [line]
    return "\n".join(wrapped) + "\n"


def diff_to_markdown(diffs: Diffs, lang: Language = "sv") -> str:
    """``diffs`` as Markdown to paste into a merge request: a heading per plan
    that changed, a list item per thing, its changes nested under it."""
    with use_language(lang):
        parts: list[str] = []
        for plan in _plans(diffs):
            if not plan.changed:
                continue
            lines = [f"### {_md(_plan_heading(plan))}", ""]
            lines += [f"- {_md_field(change, None, lang)}" for change in plan.fields]
            for node in plan.nodes:
                what = _md(_subject(node.subject))
                ident = f" {_code(node.id)}" if node.id is not None else ""
                lines.append(f"- **{what}**{ident}: {_md(node.title)}")
                lines += [f"  - {words}" for words in _node_lines(node, lang, markdown=True)]
            parts.append("\n".join(lines) + "\n")
        if not parts:
            return _no_differences() + "\n"
    return "\n".join(parts)


def diff_to_dict(diffs: Diffs) -> dict[str, Any]:
    """``diffs`` as plain data (JSON's types): ``{"changed": bool, "plans": [...]}``,
    each plan with ``name``, ``state``, ``title``, ``changed``, ``fields`` and ``nodes``;
    codes in English (``added``, ``indicator``), values as in the plan."""
    plans = _plans(diffs)
    return {
        "changed": any(plan.changed for plan in plans),
        "plans": [
            {
                "name": plan.name,
                "state": plan.state.value,
                "title": plan.title,
                "changed": plan.changed,
                "fields": [_field_dict(change) for change in plan.fields],
                "nodes": [_node_dict(node) for node in plan.nodes],
            }
            for plan in plans
        ],
    }


def diff_to_json(diffs: Diffs) -> str:
    """:func:`diff_to_dict` as indented JSON."""
    return json.dumps(diff_to_dict(diffs), ensure_ascii=False, indent=2)


# --- words ------------------------------------------------------------------------------------------


def _no_differences() -> str:
    return tr(
        "No differences in goals, indicators or outcomes.", "Inga skillnader i mål, indikatorer eller utfall."
    )


def _plan_heading(plan: PlanDiff) -> str:
    name = one_line(plan.name)
    title = one_line(plan.title)
    if plan.state is DiffState.ADDED:
        return tr("{name}: plan added: {title}", "{name}: ny plan: {title}", name=name, title=title)
    if plan.state is DiffState.REMOVED:
        return tr(
            "{name}: plan removed: {title}", "{name}: planen borttagen: {title}", name=name, title=title
        )
    return f"{name}: {title}" if name else title


def _subject(subject: DiffSubject) -> str:
    words = {
        DiffSubject.PLAN: tr("Plan", "Plan"),
        DiffSubject.AREA: tr("Focus area", "Målområde"),
        DiffSubject.GOAL: tr("Goal", "Mål"),
        DiffSubject.INDICATOR: tr("Indicator", "Indikator"),
        DiffSubject.ASSIGNMENT: tr("Assignment", "Uppdrag"),
        DiffSubject.ACTIVITY: tr("Activity", "Aktivitet"),
    }
    return words[subject]


def _node_heading(node: NodeDiff) -> str:
    what = _subject(node.subject)
    if node.id is None:
        return f"{what}: {one_line(node.title)}"
    return f"{what} {one_line(node.id)}: {one_line(node.title)}"


def _node_lines(node: NodeDiff, lang: Language, *, markdown: bool = False) -> list[str]:
    """The lines under a thing that changed; ``markdown``: each as Markdown text, keys as code."""
    if node.state is DiffState.ADDED:
        return [tr("added", "har tillkommit")]
    if node.state is DiffState.REMOVED:
        return [tr("removed", "har tagits bort")]
    if markdown:
        words = [_md(line) for line in _node_lines(replace(node, fields=(), outcomes=()), lang)]
        words += [_md_field(change, node.unit, lang) for change in node.fields]
        return words + [_md(_outcome(change, node.unit, lang)) for change in node.outcomes]
    lines: list[str] = []
    if node.old_title is not None:
        lines.append(tr("renamed, was: {old}", "nytt namn, tidigare: {old}", old=one_line(node.old_title)))
    if node.moved_from is not None and node.moved_to is not None:
        lines.append(
            tr(
                "moved from {old} to {new}",
                "flyttad från {old} till {new}",
                old=_place(node.moved_from.kind, node.moved_from.id, node.subject),
                new=_place(node.moved_to.kind, node.moved_to.id, node.subject),
            )
        )
    lines += [_field(change, node.unit, lang) for change in node.fields]
    lines += [_outcome(change, node.unit, lang) for change in node.outcomes]
    return lines


def _place(kind: DiffSubject, ident: str | None, subject: DiffSubject) -> str:
    if kind is DiffSubject.PLAN:
        if subject is DiffSubject.INDICATOR:
            return tr("the key figures (verksamhetsmått)", "verksamhetsmåtten")
        return tr("the plan", "planen")
    where = {
        DiffSubject.AREA: tr("focus area", "målområde"),
        DiffSubject.GOAL: tr("goal", "mål"),
        DiffSubject.INDICATOR: tr("indicator", "indikator"),
    }.get(kind, "")
    return f"{where} {one_line(ident or '')}"


_NUMBER_KEYS = re.compile(r"(ingångsvärde|målvärde|gränsvärde)$")


def _field(change: FieldChange, unit: str | None, lang: Language) -> str:
    return f"{change.key}: {_change(change, unit, lang)}"


def _md_field(change: FieldChange, unit: str | None, lang: Language) -> str:
    return f"{_code(change.key)}: {_md(_change(change, unit, lang))}"


def _change(change: FieldChange, unit: str | None, lang: Language) -> str:
    own_unit = unit if _NUMBER_KEYS.search(change.key) else None
    return f"{_value(change.old, own_unit, lang)} → {_value(change.new, own_unit, lang)}"


def _value(value: DiffValue, unit: str | None, lang: Language) -> str:
    if value is None:
        return tr("(none)", "(inget)")
    if isinstance(value, bool):
        return tr("yes", "ja") if value else tr("no", "nej")
    if isinstance(value, float):
        return format_number(value, lang, unit)
    if isinstance(value, StrEnum):
        return swedish_word(value)
    return one_line(value)


def _outcome(change: OutcomeChange, unit: str | None, lang: Language) -> str:
    old = _value(change.old, unit, lang)
    new = _value(change.new, unit, lang)
    if change.kind is OutcomeChangeKind.ADDED:
        return tr("utfall {when}: {new} (added)", "utfall {when}: {new} (nytt)", when=change.when, new=new)
    if change.kind is OutcomeChangeKind.REMOVED:
        return tr(
            "utfall {when}: removed (was {old})",
            "utfall {when}: borttaget (var {old})",
            when=change.when,
            old=old,
        )
    return tr(
        "utfall {when}: {old} → {new} (corrected)",
        "utfall {when}: {old} → {new} (rättat)",
        when=change.when,
        old=old,
        new=new,
    )


_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|#~&]")


def _code(words: str) -> str:
    text = one_line(words).replace("`", "'")
    return f"`{text}`"


def _md(words: str) -> str:
    return _MD_SPECIAL.sub(r"\\\g<0>", one_line(words))


# --- data -------------------------------------------------------------------------------------------


def _json_value(value: DiffValue) -> object:
    if isinstance(value, StrEnum):
        return swedish_word(value)
    return value


def _field_dict(change: FieldChange) -> dict[str, object]:
    return {"key": change.key, "old": _json_value(change.old), "new": _json_value(change.new)}


def _node_dict(node: NodeDiff) -> dict[str, object]:
    found: dict[str, object] = {
        "subject": node.subject.value,
        "id": node.id,
        "title": node.title,
        "state": node.state.value,
    }
    if node.old_title is not None:
        found["old_title"] = node.old_title
    if node.moved_from is not None and node.moved_to is not None:
        found["moved_from"] = {"kind": node.moved_from.kind.value, "id": node.moved_from.id}
        found["moved_to"] = {"kind": node.moved_to.kind.value, "id": node.moved_to.id}
    if node.fields:
        found["fields"] = [_field_dict(change) for change in node.fields]
    if node.outcomes:
        found["outcomes"] = [_outcome_dict(change) for change in node.outcomes]
    return found


def _outcome_dict(change: OutcomeChange) -> dict[str, object]:
    return {"when": change.when, "kind": change.kind.value, "old": change.old, "new": change.new}
