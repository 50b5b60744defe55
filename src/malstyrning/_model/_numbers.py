"""Numbers as planners write them: YAML numbers or Swedish notation.

Swedish notation uses a decimal comma and a space (or no-break space) between
thousands: ``"3,20 %"``, ``"1 164"``, ``"-1 684"``, ``"85,00%"``. A dot is
refused inside a string because it is ambiguous: ``"1.164"`` is one thousand
one hundred and sixty-four to some readers and 1.164 to others.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from .._i18n import tr

__all__ = ["GROUP_SEPARATORS", "MINUS_SIGNS", "NumberFormatError", "parse_number"]

# Space, no-break space, narrow no-break space and thin space all separate thousands.
# Public: the JSON Schema writes the same number pattern for editors.
GROUP_SEPARATORS = " \u00a0\u202f\u2009"
MINUS_SIGNS = "\u2212\u2013-"  # minus sign, en dash (word processors), hyphen-minus last: literal in [...]
_SWEDISH = re.compile(
    rf"""
    (?P<sign>[+{MINUS_SIGNS}])?
    (?P<int>\d{{1,3}}(?:[{GROUP_SEPARATORS}]\d{{3}})+|\d+)
    (?:,(?P<frac>\d+))?
    (?:[{GROUP_SEPARATORS}]?%)?
    """,
    re.VERBOSE,
)


class NumberFormatError(ValueError):
    """A value is not a number in a notation we accept.

    Internal: every caller turns it into the library's own error (a located
    problem of the plan, :class:`~malstyrning.InvalidArgumentError` from
    ``value_from_text``), so it never reaches a user of the library.
    """


def parse_number(value: object) -> float:
    """Return ``value`` as a float, accepting YAML numbers and Swedish notation.

    Raises :class:`NumberFormatError` with a planner-readable message for
    anything else, including booleans, NaN, infinities and ambiguous strings.
    """
    if isinstance(value, bool):
        raise NumberFormatError(
            tr("expected a number, got {got}", "ska vara ett tal, men här står {got}", got=_show(value))
        )
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            raise NumberFormatError(tr("number is too large", "talet är för stort")) from None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberFormatError(
                tr(
                    "expected a finite number, got {got}",
                    "ska vara ett ändligt tal, men här står {got}",
                    got=_show(value),
                )
            )
        return value
    if isinstance(value, str):
        return _parse_swedish(value)
    raise NumberFormatError(
        tr("expected a number, got {got}", "ska vara ett tal, men här står {got}", got=_show(value))
    )


def _parse_swedish(text: str) -> float:
    stripped = text.strip()
    if "." in stripped and any(c.isdigit() for c in stripped):
        raise NumberFormatError(
            tr(
                'ambiguous number {got}: write a decimal comma ("3,7") '
                "or a plain YAML number (3.7), and spaces between thousands",
                'talet {got} kan läsas på två sätt: skriv decimalkomma ("3,7") '
                "eller ett vanligt YAML-tal (3.7), och mellanslag mellan tusental",
                got=_show(text),
            )
        )
    match = _SWEDISH.fullmatch(stripped)
    if match is None:
        raise NumberFormatError(
            tr("expected a number, got {got}", "ska vara ett tal, men här står {got}", got=_show(text))
        )
    digits = re.sub(f"[{GROUP_SEPARATORS}]", "", match["int"])
    if match["frac"]:
        digits += "." + match["frac"]
    number = float(Decimal(digits))
    if not math.isfinite(number):
        raise NumberFormatError(tr("number is too large", "talet är för stort"))
    return -number if match["sign"] and match["sign"] in MINUS_SIGNS else number


def _show(value: object) -> str:
    if value is None:
        return tr("nothing", "ingenting")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
