"""A period within the year in the words of a Swedish report: "januari–augusti 2016".

Apart from the other labels (``_labels``) because the report's builder names its
economy's columns with it too, and ``_labels`` imports the builder.
"""

from __future__ import annotations

from .._i18n import Language, tr, use_language
from .._model import FollowUp, Period

__all__ = ["follow_up_name", "month_words", "period_words"]

_MONTHS: tuple[tuple[str, str], ...] = (
    ("januari", "January"),
    ("februari", "February"),
    ("mars", "March"),
    ("april", "April"),
    ("maj", "May"),
    ("juni", "June"),
    ("juli", "July"),
    ("augusti", "August"),
    ("september", "September"),
    ("oktober", "October"),
    ("november", "November"),
    ("december", "December"),
)
_SHORT_MONTHS: tuple[tuple[str, str], ...] = (
    ("jan", "Jan"),
    ("feb", "Feb"),
    ("mar", "Mar"),
    ("apr", "Apr"),
    ("maj", "May"),
    ("jun", "Jun"),
    ("jul", "Jul"),
    ("aug", "Aug"),
    ("sep", "Sep"),
    ("okt", "Oct"),
    ("nov", "Nov"),
    ("dec", "Dec"),
)


def period_words(period: str, lang: Language = "sv", *, short: bool = False, year: bool = True) -> str:
    """A period as a report during the year names it: the months from the year's
    start to the period's end, as Swedish delårsrapporter are headed: "januari–augusti
    2016" for 2016-T2 ("jan–aug 2016" ``short``; without the year when ``year`` is
    False). A whole year is the year; a text that is no period is itself."""
    try:
        found = Period.parse(period)
    except ValueError:
        return period
    if found.whole_year:
        return str(found.year)
    names = [pair[0 if lang == "sv" else 1] for pair in (_SHORT_MONTHS if short else _MONTHS)]
    end = found.end_month
    span = names[0] if end == 1 else f"{names[0]}–{names[end - 1]}"
    return f"{span} {found.year}" if year else span


def month_words(year: int, month: int, lang: Language = "sv") -> str:
    """A month and its year as a report back is named: "mars 2022" ("March 2022")."""
    return f"{_MONTHS[month - 1][0 if lang == 'sv' else 1]} {year}"


def follow_up_name(follow_up: FollowUp, lang: Language = "sv") -> str:
    """A report back's ``namn``, else "Återrapportering mars 2022" from its date."""
    if follow_up.name:
        return follow_up.name
    day = follow_up.date
    with use_language(lang):
        return tr(
            "Report back {month}", "Återrapportering {month}", month=month_words(day.year, day.month, lang)
        )
