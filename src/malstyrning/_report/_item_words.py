"""An activity's or an uppdrag's lines in a report, in words every format shares:
its title with its id, what is known about it (kind, funder, indicator, samverkan,
a project's period, beslutad),
and each dated report (datum, status, text; framflyttad with till and skäl)."""

from __future__ import annotations

from .._i18n import Language, tr, use_language
from .._model import ItemKind, StatusReport
from ._build import ItemLine
from ._labels import label, marked

__all__ = ["item_facts", "item_headings", "item_title", "report_words"]


def item_title(line: ItemLine) -> str:
    """The title, with the id after it in brackets when the plan gives one."""
    return f"{line.title} ({line.id})" if line.id else line.title


def item_facts(line: ItemLine, lang: Language = "sv") -> str | None:
    """ "Projekt; Finansiär: Länsstyrelsen; Indikator: …; Samverkan: A, B;
    2015-10-01–2016-12-31; Beslutad: nämnd 2020-02-20", or None: nothing known.
    The kind is named unless it is an aktivitet; the period (start–klart) is a
    project's."""
    item = line.item
    facts: list[str] = []
    with use_language(lang):
        if item.kind is not ItemKind.ACTIVITY:
            facts.append(label(item.kind, lang))
        if item.funder:
            facts.append(tr("Funder: {name}", "Finansiär: {name}", name=item.funder))
        if line.indicator:
            facts.append(tr("Indicator: {title}", "Indikator: {title}", title=line.indicator))
        if item.partners:
            facts.append(tr("Partners: {names}", "Samverkan: {names}", names=", ".join(item.partners)))
        if item.kind is ItemKind.PROJECT and (item.start is not None or item.due is not None):
            start = "" if item.start is None else item.start.isoformat()
            end = "" if item.due is None else item.due.isoformat()
            facts.append(f"{start}–{end}")
        if item.decided is not None:
            decided = item.decided.by
            if item.decided.date is not None:
                decided += " " + item.decided.date.isoformat()
            facts.append(tr("Decided: {by}", "Beslutad: {by}", by=decided))
    return "; ".join(facts) or None


def report_words(report: StatusReport, lang: Language = "sv") -> str:
    """ "2021-09-15: » Framflyttad till 2022-03 – skäl: …" or "2022-03-16: ✓ Genomförd – text"."""
    words = f"{report.date.isoformat()}: {marked(report.status, lang)}"
    with use_language(lang):
        if report.moved_to:
            words += " " + tr("to {when}", "till {when}", when=report.moved_to)
        if report.text:
            words += f" – {report.text}"
        if report.reason:
            words += " – " + tr("reason: {reason}", "skäl: {reason}", reason=report.reason)
    return words


def item_headings(lang: Language = "sv") -> dict[str, str]:
    """The column headings and the sheet name the Excel report gives items and their reports."""
    with use_language(lang):
        return {
            "id": tr("Id", "Id"),
            "start": tr("Start", "Start"),
            "partners": tr("Partners", "Samverkan"),
            "decided_by": tr("Decided by", "Beslutad av"),
            "decided_on": tr("Decided on", "Beslutsdatum"),
            "item_kind": tr("Item type", "Typ"),
            "funder": tr("Funder", "Finansiär"),
            "kind": tr("Kind", "Typ"),
            "date": tr("Date", "Datum"),
            "text": tr("Text", "Text"),
            "moved_to": tr("Moved to", "Till"),
            "reason": tr("Reason", "Skäl"),
            "reports": tr("Reports", "Rapporter"),
            "as_of": tr("Status as of", "Status per"),
        }
