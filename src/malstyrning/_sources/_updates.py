"""Changes to a plan's outcomes, as data: what record, import and Kolada produce."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from enum import StrEnum

from .._errors import ArgumentTypeError, InvalidArgumentError
from .._i18n import tr
from .._model import checked_year, normal_id, unencodable_character

__all__ = ["OutcomeUpdate", "UpdateKind", "finite_number"]


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
    ``TypeError``) for one that is not an ``int``; :class:`ArgumentTypeError`
    for an ``indicator`` that is not a ``str``, a ``value`` that is not a real
    number (a ``bool`` included) and text fields that are not ``str``;
    :class:`InvalidArgumentError` for text that UTF-8 cannot hold (a lone
    surrogate, as undecodable command-line bytes give). ``indicator`` is kept in
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
        if not isinstance(self.indicator, str):
            raise ArgumentTypeError(
                tr(
                    "indicator must be an indicator id (a str), not {kind}",
                    "indicator ska vara ett indikator-id (en text, str), inte {kind}",
                    kind=_kind(self.indicator),
                )
            )
        checked_year(self.year, "year")
        _check_value(self.value)
        for name in ("indicator", "missing", "comment", "series", "value_text"):
            _check_text(getattr(self, name), name)
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
        if self.value is not None and not finite_number(self.value):
            raise InvalidArgumentError(
                tr(
                    "the value of {indicator} {year} is not a number within a float's range",
                    "värdet för {indicator} {year} är inget ändligt tal som ryms i ett flyttal",
                    indicator=self.indicator,
                    year=self.year,
                )
            )


def _kind(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def _check_value(value: object) -> None:
    """A value is a real number (int, float, numpy's), not a bool, text or None's look-alikes."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(
            tr(
                "value must be a number (an int or a float), not {kind}",
                "value ska vara ett tal (int eller float), inte {kind}",
                kind=_kind(value),
            )
        )


def _check_text(value: object, name: str) -> None:
    """Text to be written into a plan: a ``str`` that UTF-8 can hold."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ArgumentTypeError(
            tr(
                "{name} must be text (a str), not {kind}",
                "{name} ska vara en text (str), inte {kind}",
                name=name,
                kind=_kind(value),
            )
        )
    code = None if value.isascii() else unencodable_character(value)
    if code is not None:
        raise InvalidArgumentError(
            tr(
                "{name} must be text, but holds the character {code}, which is not text "
                "(a lone surrogate: bytes that are not UTF-8?)",
                "{name} ska vara en text, men här står tecknet {code}, som inte är något tecken "
                "(en ensam surrogathalva: byte som inte är UTF-8?)",
                name=name,
                code=code,
            )
        )


def finite_number(value: float) -> bool:
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
