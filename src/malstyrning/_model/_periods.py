"""Periods within a year: tertial, halvår, kvartal and month, and the whole year.

A period value says where an indicator stood at the period's *end*, so
periods order by their end date. Periods that end on the same day order by
length, shortest first: a year's own value comes after its last tertial's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from .._errors import InvalidArgumentError
from .._i18n import tr

__all__ = ["PERIOD_KINDS", "Period", "PeriodError"]

PERIOD_KINDS: Final = {"Y": 12, "T": 4, "H": 6, "Q": 3, "M": 1}
"""Each kind of period and its length in months: year, tertial, halvår, kvartal, month."""

# The letters planners write: K is the Swedish kvartal; lower case is accepted.
_LETTERS = {"T": "T", "H": "H", "Q": "Q", "K": "Q"}
_PATTERN = re.compile(r"\s*([0-9]{4})\s*(?:-\s*(?:([TtHhQqKk])\s*([0-9]{1,2})|([0-9]{1,2})))?\s*")


class PeriodError(InvalidArgumentError):
    """Text that is not a period (a ``ValueError``); the message says what one looks like."""


@dataclass(frozen=True, slots=True, eq=True)
class Period:
    """A year (``kind`` ``"Y"``) or a period within it: ``"T"`` tertial 1–3,
    ``"H"`` halvår 1–2, ``"Q"`` kvartal 1–4, ``"M"`` month 1–12.

    Written ``2018``, ``2018-T2``, ``2018-H1``, ``2018-Q3`` (or ``2018-K3``) and
    ``2018-05``; :meth:`parse` reads them and ``str()`` writes them back.
    """

    year: int
    kind: str = "Y"
    index: int = 1

    def __post_init__(self) -> None:
        months = PERIOD_KINDS.get(self.kind)
        if months is None or not 1 <= self.index <= 12 // months:
            raise PeriodError(
                tr(
                    "no period {kind}{index} in a year",
                    "det finns ingen period {kind}{index} under ett år",
                    kind=self.kind,
                    index=self.index,
                )
            )

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2018``, ``2018-T1``, ``2018-H2``, ``2018-Q3``, ``2018-K3`` or ``2018-05``.

        Raises :class:`PeriodError` (a ``ValueError``) for anything else.
        """
        match = _PATTERN.fullmatch(text)
        if match is not None:
            year, letter, number, month = match.groups()
            kind, index = ("Y", 1)
            if letter is not None:
                kind, index = _LETTERS[letter.upper()], int(number)
            elif month is not None:
                kind, index = "M", int(month)
            try:
                return cls(int(year), kind, index)
            except PeriodError:
                pass
        raise PeriodError(
            tr(
                "not a period: {text!r}; write a year such as 2018, or 2018-T1, 2018-H1, 2018-Q1, 2018-05",
                "inte en period: {text!r}; skriv ett år som 2018, eller 2018-T1, 2018-H1, 2018-K1, 2018-05",
                text=text,
            )
        )

    @classmethod
    def whole(cls, year: int) -> Period:
        """The whole ``year``."""
        return cls(year)

    @property
    def months(self) -> int:
        """How many months the period spans."""
        return PERIOD_KINDS[self.kind]

    @property
    def end_month(self) -> int:
        """The month the period ends in (12 for the whole year)."""
        return self.index * PERIOD_KINDS[self.kind]

    @property
    def whole_year(self) -> bool:
        """True for a whole year."""
        return self.kind == "Y"

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        month = self.end_month
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def start(self) -> dt.date:
        """The period's first day."""
        return dt.date(self.year, self.end_month - self.months + 1, 1)

    def known_at(self, at: Period) -> bool:
        """Whether a value for this period is known at the end of ``at``: it ends no later."""
        return self.year < at.year or (self.year == at.year and self.end_month <= at.end_month)

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.end_month, self.months)

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        return self._key() >= other._key()

    def __str__(self) -> str:
        if self.kind == "Y":
            return str(self.year)
        if self.kind == "M":
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}-{self.kind}{self.index}"
