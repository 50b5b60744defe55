"""Changes to a plan's outcomes, as data: what record, import and Kolada produce."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from .._errors import InvalidArgumentError
from .._i18n import tr
from .._model import checked_year, normal_id

__all__ = ["OutcomeUpdate", "UpdateKind"]


@dataclass(frozen=True, slots=True)
class OutcomeUpdate:
    """One outcome to write: a value, or a reason it is missing.

    ``series`` is ``None`` for the indicator's own outcomes (``utfall``) or the
    name of a ``jämförelse`` series (such as ``"riket"``). ``value_text`` is the
    number as it should be written in YAML (digits kept as given: ``"6.80"``);
    when ``None`` the value is written in its shortest form. ``line`` is where
    the update came from (a CSV line), for messages. ``only_if_absent``
    writes the update only where the plan has no outcome (or series value)
    for that year yet: the plan's own is kept, decided by
    :func:`apply_updates` under the plan's lock, on the text it then
    replaces (a Kolada null never overwrites a known outcome). Raises
    :class:`InvalidArgumentError` (a ``ValueError``) for an update with both a
    value and a reason, or neither, a ``series`` update without a value, and a
    value that is not a finite float (infinity, NaN, an int beyond a float's range);
    :class:`InvalidArgumentError` for a ``year`` outside
    :data:`FIRST_YEAR`–:data:`LAST_YEAR` and :class:`ArgumentTypeError` (a
    ``TypeError``) for one that is not an ``int``. ``indicator`` is kept in
    Unicode NFC, as the plan's ids are.
    """

    indicator: str
    year: int
    value: float | None = None
    missing: str | None = None
    comment: str | None = None
    series: str | None = None
    value_text: str | None = None
    line: int | None = None
    only_if_absent: bool = False

    def __post_init__(self) -> None:
        checked_year(self.year, "year")
        if isinstance(self.indicator, str):
            object.__setattr__(self, "indicator", normal_id(self.indicator))  # frozen: set once, here
        if (self.value is None) == (self.missing is None):
            raise InvalidArgumentError(
                tr(
                    "an outcome update has either a value or a missing reason",
                    "ett nytt utfall har antingen ett värde eller ett skäl till att det saknas",
                )
            )
        if self.series is not None and self.value is None:
            raise InvalidArgumentError(
                tr("a jämförelse value cannot be missing", "ett jämförelsevärde kan inte saknas")
            )
        if self.value is not None and not _finite(self.value):
            raise InvalidArgumentError(
                tr(
                    "the value of {indicator} {year} is not a number within a float's range",
                    "värdet för {indicator} {year} är inget ändligt tal som ryms i ett flyttal",
                    indicator=self.indicator,
                    year=self.year,
                )
            )


def _finite(value: float) -> bool:
    """Whether ``value`` is a number a float can hold (an int of 400 digits is not)."""
    try:
        return math.isfinite(value)
    except (OverflowError, TypeError):
        return False


class UpdateKind(StrEnum):
    """What applying an update did, or would do."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
