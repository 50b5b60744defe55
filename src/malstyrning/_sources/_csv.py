"""Outcomes from a CSV file, as exported from Swedish Excel or anything else.

Columns ``indikator``, ``år``, ``värde`` and optionally ``kommentar`` and
``saknas`` (a reason, for a row without a value). A file whose header uses
``;`` is read the Swedish way (decimal comma); one that uses ``,`` takes a
decimal point. UTF-8 with or without a byte order mark.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from .._errors import DataFileError, InvalidArgumentError, Problem
from .._i18n import os_reason, tr
from .._model import FIRST_YEAR, LAST_YEAR, NumberFormatError, parse_number, year_from_text
from ._updates import OutcomeUpdate

__all__ = ["parse_outcomes_csv", "read_outcomes_csv", "value_from_text"]

_COLUMNS = {
    "indikator": "indikator",
    "id": "indikator",
    "år": "år",
    "ar": "år",
    "värde": "värde",
    "varde": "värde",
    "utfall": "värde",
    "kommentar": "kommentar",
    "saknas": "saknas",
}
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def value_from_text(text: str, *, decimal_point: bool = True) -> tuple[float, str]:
    """A number typed by a person: the value and the digits to write in YAML.

    Swedish notation ("3,20 %", "1 164", "-1 684") is always accepted; a plain
    decimal point ("3.20") too when ``decimal_point`` (a command-line value, a
    comma-separated file). Raises :class:`InvalidArgumentError` (a
    ``ValueError``) with a readable message.
    """
    stripped = text.strip()
    if decimal_point and _PLAIN_NUMBER.fullmatch(stripped):
        return float(stripped), stripped.lstrip("+")
    try:
        value = parse_number(stripped)
    except NumberFormatError as error:
        raise InvalidArgumentError(str(error)) from None
    digits = re.sub(r"[\s\u00a0\u202f\u2009%+]", "", stripped).replace(",", ".")
    digits = digits.replace("\u2212", "-").replace("\u2013", "-")
    return value, digits


def read_outcomes_csv(path: str | os.PathLike[str]) -> list[OutcomeUpdate]:
    """Every outcome in the CSV file at ``path``; DataFileError lists every bad row."""
    updates, problems = parse_outcomes_csv(path)
    if problems:
        raise DataFileError(problems)
    return updates


def parse_outcomes_csv(path: str | os.PathLike[str]) -> tuple[list[OutcomeUpdate], list[Problem]]:
    """The good rows as updates, and a problem for each bad row.

    Raises DataFileError only when the file as a whole cannot be used.
    """
    name = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise DataFileError([Problem(name, None, None, "", os_reason(error))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataFileError(
            [
                Problem(
                    name,
                    line,
                    None,
                    "",
                    tr(
                        "the file is not UTF-8; export it as CSV UTF-8",
                        "filen är inte sparad som UTF-8; spara den som CSV UTF-8",
                    ),
                )
            ]
        ) from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") >= header.count(",") and ";" in header else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise DataFileError([Problem(name, 1, None, "", tr("the file is empty", "filen är tom"))])
    columns = _columns(rows[0], name)
    updates: list[OutcomeUpdate] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines, as spreadsheets leave at the end
        try:
            updates.append(_row(row, columns, number, decimal_point=delimiter == ","))
        except _RowError as error:
            problems.append(Problem(name, number, None, "", str(error)))
    return updates, problems


def _columns(header: list[str], name: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _COLUMNS.get(cell.strip().lower())
        if key is not None and key not in found:
            found[key] = index
    lacking = [column for column in ("indikator", "år") if column not in found]
    if "värde" not in found and "saknas" not in found:
        lacking.append("värde")
    if lacking:
        raise DataFileError(
            [
                Problem(
                    name,
                    1,
                    None,
                    "",
                    tr(
                        "missing column(s) {columns}; the header needs indikator, år, värde",
                        "kolumn saknas: {columns}; första raden behöver indikator, år, värde",
                        columns=", ".join(lacking),
                    ),
                )
            ]
        )
    return found


class _RowError(Exception):
    """A bad row. Internal: always caught in :func:`parse_outcomes_csv` and
    turned into a located :class:`Problem`, so it never reaches a caller."""


def _row(row: list[str], columns: dict[str, int], line: int, *, decimal_point: bool) -> OutcomeUpdate:
    def cell(column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    ident = cell("indikator")
    if not ident:
        raise _RowError(tr("no indikator", "indikator saknas"))
    year_text = cell("år")
    year = year_from_text(year_text)
    if year is None and re.fullmatch(r"[0-9]+", year_text):
        raise _RowError(
            tr(
                "år: expected a year between {first} and {last}, got {got!r}",
                "år: ska vara ett år mellan {first} och {last}, men här står {got!r}",
                first=FIRST_YEAR,
                last=LAST_YEAR,
                got=year_text,
            )
        )
    if year is None:
        raise _RowError(
            tr(
                "år: expected a year such as 2018, got {got!r}",
                "år: ska vara ett år, till exempel 2018, men här står {got!r}",
                got=year_text,
            )
        )
    comment = cell("kommentar") or None
    raw_value = cell("värde")
    if not raw_value:
        reason = cell("saknas")
        if not reason:
            raise _RowError(
                tr(
                    "no värde (give a value, or a reason in the saknas column)",
                    "värde saknas (skriv ett värde, eller ett skäl i kolumnen saknas)",
                )
            )
        return OutcomeUpdate(ident, year, missing=reason, comment=comment, line=line)
    try:
        value, digits = value_from_text(raw_value, decimal_point=decimal_point)
    except InvalidArgumentError as error:
        raise _RowError(f"värde: {error}") from None
    return OutcomeUpdate(ident, year, value=value, comment=comment, value_text=digits, line=line)
