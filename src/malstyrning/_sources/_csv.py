"""Outcomes from a CSV file, as exported from Swedish Excel or anything else.

Columns ``indikator``, ``år``, ``värde`` and optionally ``kommentar`` and
``saknas`` (a reason, for a row without a value). A file whose header uses
``;`` is read the Swedish way (decimal comma); one that uses ``,`` takes a
decimal point. UTF-8 with or without a byte order mark.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._errors import DataFileError, InvalidArgumentError, Problem
from .._i18n import no_such_file, os_reason, tr
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
        number = float(stripped)  # inf for digits beyond a float's range, never an error
        if not math.isfinite(number):
            raise InvalidArgumentError(tr("the number is too large", "talet är för stort"))
        return number, stripped.lstrip("+")
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
    except FileNotFoundError:
        raise DataFileError([Problem(name, None, None, "", no_such_file())]) from None
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
    rows = _physical_rows(reader)
    first = next(_guarded(rows, name), None)
    if first is None:
        raise DataFileError([Problem(name, 1, None, "", tr("the file is empty", "filen är tom"))])
    columns = _columns(first[1], name)
    width = len(first[1])
    updates: list[OutcomeUpdate] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, int], int] = {}  # (indicator, year): the line that gave it first
    for number, row in _guarded(rows, name):
        if not any(cell.strip() for cell in row):
            continue  # blank lines, as spreadsheets leave at the end
        try:
            if any(cell.strip() for cell in row[width:]):
                raise _RowError(_too_many_cells(row, width, delimiter))
            update = _row(row, columns, number, decimal_point=delimiter == ",")
        except _RowError as error:
            problems.append(Problem(name, number, None, "", str(error)))
            continue
        key = (update.indicator, update.year)
        if key in seen:
            problems.append(Problem(name, number, None, "", _twice(update, seen[key])))
            continue
        seen[key] = number
        updates.append(update)
    return updates, problems


def _physical_rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each row with the physical line it starts on (a quoted cell may span lines)."""
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _guarded(rows: Iterator[tuple[int, list[str]]], name: str) -> Iterator[tuple[int, list[str]]]:
    """``rows``, with a row the csv module cannot split turned into a located DataFileError."""
    line = 1
    try:
        for line, row in rows:
            yield line, row
    except csv.Error as error:
        raise DataFileError(
            [
                Problem(
                    name,
                    line + 1,
                    None,
                    "",
                    tr("cannot read this row: {error}", "raden kan inte läsas: {error}", error=error),
                )
            ]
        ) from None


def _too_many_cells(row: list[str], width: int, delimiter: str) -> str:
    message = tr(
        "{cells} cells where the header has {width}",
        "{cells} celler, men rubrikraden har bara {width}",
        cells=len(row),
        width=width,
    )
    if delimiter == ",":
        message += tr(
            '; a decimal comma splits a value in a comma-separated file: write 3.5, or quote it ("3,5")',
            "; ett decimalkomma delar värdet i en kommaseparerad fil: skriv 3.5 eller sätt citattecken "
            'runt talet ("3,5")',
        )
    return message


def _twice(update: OutcomeUpdate, first: int) -> str:
    return tr(
        "{indicator} {year} is given twice (first on line {first}); keep one row",
        "{indicator} {year} står två gånger (första gången på rad {first}); behåll en av raderna",
        indicator=update.indicator,
        year=update.year,
        first=first,
    )


def _columns(header: list[str], name: str) -> dict[str, int]:
    found: dict[str, int] = {}
    repeated: list[Problem] = []
    for index, cell in enumerate(header):
        key = _COLUMNS.get(cell.strip().lower())
        if key is None:
            continue
        if key in found:
            repeated.append(
                Problem(
                    name,
                    1,
                    None,
                    "",
                    tr(
                        "columns {first} ({first_name!r}) and {index} ({name!r}) both give {column}; "
                        "keep one of them",
                        "kolumnerna {first} ({first_name!r}) och {index} ({name!r}) anger båda {column}; "
                        "behåll en av dem",
                        column=key,
                        first=found[key] + 1,
                        first_name=header[found[key]].strip(),
                        index=index + 1,
                        name=cell.strip(),
                    ),
                )
            )
            continue
        found[key] = index
    if repeated:
        raise DataFileError(repeated)
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
    reason = cell("saknas")
    if raw_value and reason:
        raise _RowError(
            tr(
                "both a värde and a saknas reason; give one of them",
                "både värde och saknas (skäl) är ifyllda; ange bara det ena",
            )
        )
    if not raw_value:
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
