"""A report back (återrapportering) in the words of the document a nämnd gets,
as Täby's reports on its action plan are written: the background, the items due
with their status and what has happened, the items moved since the report back
before, a short status for the items reported as started earlier, and the
closing comments.

The builder gives each part as a titled section (:data:`REPORT_BACK_PARTS`);
its words are made here, where the labels are, when a format prints it:
:func:`section_text` is what every renderer asks a section's text of.
"""

from __future__ import annotations

from .._engine import DueReason, ReportBack, ReportBackItem
from .._i18n import Language, tr, use_language
from ._build import Report, TextBlock, TextSection, item_line, text_blocks
from ._item_words import item_facts
from ._labels import marked, section_blocks
from ._period_words import follow_up_name, month_words

__all__ = ["section_text"]

_ORDINALS = (
    ("första", "first"),
    ("andra", "second"),
    ("tredje", "third"),
    ("fjärde", "fourth"),
    ("femte", "fifth"),
    ("sjätte", "sixth"),
    ("sjunde", "seventh"),
    ("åttonde", "eighth"),
    ("nionde", "ninth"),
    ("tionde", "tenth"),
)


def section_text(report: Report, section: TextSection) -> tuple[TextBlock, ...]:
    """A section's text as every report prints it: a report back's part in its
    words, any other section as :func:`~._labels.section_blocks` gives it."""
    back = report.report_back
    if back is None or not any(section is part for part in report.report_back_sections):
        return section_blocks(report, section)
    lang = report.lang
    with use_language(lang):
        if section.id == "report-back-background":
            return _background(report, back, lang)
        if section.id == "report-back-items":
            return _due(back, lang)
        if section.id == "report-back-moved":
            return (TextBlock(tuple(_moved_words(line, back, lang) for line in back.moved), bullets=True),)
        if section.id == "report-back-started":
            return (TextBlock(tuple(_short_words(line, lang) for line in back.started), bullets=True),)
        return text_blocks(back.follow_up.text or "")


def _ordinal(number: int, lang: Language) -> str:
    """ "fjärde", "21:a", "22:a", "23:e" ("fourth", "21st", "22nd", "23rd", "11th")."""
    if number <= len(_ORDINALS):
        return _ORDINALS[number - 1][0 if lang == "sv" else 1]
    last, teen = number % 10, number % 100 in (11, 12, 13)
    if lang == "sv":
        return f"{number}:{'a' if last in (1, 2) and not teen else 'e'}"
    return f"{number}{'th' if teen else {1: 'st', 2: 'nd', 3: 'rd'}.get(last, 'th')}"


def _series(names: list[str], lang: Language) -> str:
    """ "a, b och c" ("a, b and c")."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {'och' if lang == 'sv' else 'and'} {names[-1]}"


def _background(report: Report, found: ReportBack, lang: Language) -> tuple[TextBlock, ...]:
    """The plan, its years, who decided it, its report backs and which this is, what it covers."""
    a = report.assessment
    first_year, last_year = found.years
    years = str(first_year) if last_year == first_year else f"{first_year}–{last_year}"
    where = f"{a.organisation}, {a.municipality}" if a.municipality else a.organisation
    first = tr(
        "{plan} ({where}) covers {years}.",
        "{plan} ({where}) avser {years}.",
        plan=a.plan,
        where=where,
        years=years,
    )
    if found.decided is not None:
        by, day = found.decided.by, found.decided.date
        if day is None:
            first += " " + tr("It was decided by {by}.", "Den beslutades av {by}.", by=by)
        else:
            first += " " + tr(
                "It was decided by {by} on {day}.",
                "Den beslutades av {by} den {day}.",
                by=by,
                day=day.isoformat(),
            )
    months = _series([month_words(f.date.year, f.date.month, lang) for f in found.schedule], lang)
    if found.count == 1:
        second = tr(
            "It is reported back once, in {months}.",
            "Den återrapporteras en gång, i {months}.",
            months=months,
        )
    else:
        second = tr(
            "It is reported back {count} times: {months}.",
            "Den återrapporteras {count} gånger: {months}.",
            count=found.count,
            months=months,
        )
        nth = _ordinal(found.number, lang)
        if found.number == found.count:
            second += " " + tr(
                "This is the {nth} and last report back.",
                "Detta är den {nth} och sista återrapporteringen.",
                nth=nth,
            )
        else:
            second += " " + tr(
                "This is the {nth} report back.", "Detta är den {nth} återrapporteringen.", nth=nth
            )
    blocks = [TextBlock((first,)), TextBlock((second,))]
    if found.due:
        covers = tr(
            "As the plan for reporting back says, it gives the status of:",
            "Enligt planen för återrapportering ger den status för:",
        )
        blocks.append(TextBlock((covers,)))
        blocks.append(TextBlock(tuple(line.item.title for line in found.due), bullets=True))
    if found.started and found.previous is not None:
        at_the_end = tr(
            "At the end follows a short status of the items reported as started at the last "
            "report back ({previous}).",
            "I slutet ges en kort status för punkter som var påbörjade vid förra "
            "återrapporteringen ({previous}).",
            previous=follow_up_name(found.previous, lang),
        )
        blocks.append(TextBlock((at_the_end,)))
    return tuple(blocks)


def _due(found: ReportBack, lang: Language) -> tuple[TextBlock, ...]:
    """Each item due under its own heading: its status, its latest text, why it
    moved (here or on), and who is responsible and with whom."""
    if not found.due:
        none = tr("No item is to be reported back this time.", "Inga punkter ska återrapporteras denna gång.")
        return (TextBlock((none,)),)
    blocks: list[TextBlock] = []
    for line in found.due:
        blocks.append(TextBlock((_status_words(line, lang),), heading=_title(line)))
        report = line.report
        if report is not None and report.text:
            blocks += text_blocks(report.text)
        if report is not None and report.reason:
            blocks.append(TextBlock((tr("Reason: {why}", "Skäl: {why}", why=report.reason),)))
        if line.reason is DueReason.MOVED_HERE and line.move is not None:
            blocks.append(TextBlock((_moved_here_words(line, lang),)))
        facts = item_facts(item_line(line.item, found.date), lang)
        who = line.item.responsible
        responsible = tr("Responsible: {who}", "Ansvarig: {who}", who=who) if who else None
        more = "; ".join(part for part in (responsible, facts) if part)
        if more:
            blocks.append(TextBlock((more,)))
    return tuple(blocks)


def _title(line: ReportBackItem) -> str:
    return f"{line.item.title} ({line.item.id})" if line.item.id else line.item.title


def _status_words(line: ReportBackItem, lang: Language) -> str:
    """ "Status: ✓ Genomförd (rapporterad 2022-03-16)"; without a report, the stated status."""
    status = marked(line.status, lang) if line.status is not None else tr("not reported", "inte rapporterad")
    words = tr("Status: {status}", "Status: {status}", status=status)
    report = line.report
    if report is not None and report.moved_to:
        words += " " + tr("to {when}", "till {when}", when=report.moved_to)
    if report is not None:
        words += " " + tr("(reported {day})", "(rapporterad {day})", day=report.date.isoformat())
    return words


def _moved_here_words(line: ReportBackItem, lang: Language) -> str:
    """ "Flyttad hit från september 2021 (2021-09-15): skäl": from the report back it
    was due at, named by its month; "Flyttad hit 2021-05-02: skäl" when it was due at none."""
    move = line.move
    assert move is not None  # a moved_here line has its move
    day = move.date.isoformat()
    source = line.moved_from
    if source is None:
        words = tr("Moved here on {day}", "Flyttad hit {day}", day=day)
    else:
        month = month_words(source.date.year, source.date.month, lang)
        words = tr(
            "Moved here from {month} ({day})", "Flyttad hit från {month} ({day})", month=month, day=day
        )
    return f"{words}: {move.reason}" if move.reason else f"{words}."


def _moved_words(line: ReportBackItem, found: ReportBack, lang: Language) -> str:
    """ "Titel (id): flyttad till 2022-09 den 2021-11-01 – skäl: …"; a report back
    named by its id gets its month after it: "till h3 (juni 2022)"."""
    move = line.move
    assert move is not None  # every moved line has the report that moved it
    when = move.moved_to or "–"
    named = [f for f in found.schedule if when in (f.key, f.when)]
    if len(named) == 1 and named[0].id == when:
        when += f" ({month_words(named[0].date.year, named[0].date.month, lang)})"
    words = f"{_title(line)}: " + tr(
        "moved to {when} on {day}",
        "flyttad till {when} den {day}",
        when=when,
        day=move.date.isoformat(),
    )
    if move.reason:
        words += " – " + tr("reason: {why}", "skäl: {why}", why=move.reason)
    return words


def _short_words(line: ReportBackItem, lang: Language) -> str:
    """ "Titel (id): … Pågående (2022-02-01) – the latest text"."""
    status = marked(line.status, lang) if line.status is not None else tr("not reported", "inte rapporterad")
    words = f"{_title(line)}: {status}"
    report = line.report
    if report is not None:
        words += f" ({report.date.isoformat()})"
        if report.text:
            words += f" – {report.text}"
    return words
