"""Commands that write outcomes into plans: record, import, rollover."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import app, fail, library_errors

_KIND_LABEL = {
    malstyrning.UpdateKind.NEW: "new",
    malstyrning.UpdateKind.CHANGED: "changed",
    malstyrning.UpdateKind.UNCHANGED: "unchanged",
}


@app.command()
def record(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", metavar="PLAN", show_default=False)],
    indicator: Annotated[
        str, typer.Argument(help="The indicator's id.", metavar="INDICATOR", show_default=False)
    ],
    year: Annotated[int, typer.Argument(help="The year of the outcome.", metavar="YEAR", show_default=False)],
    value: Annotated[
        str | None,
        typer.Argument(help='The value: 3.7, "3,7", "1 164", "85 %".', metavar="[VALUE]", show_default=False),
    ] = None,
    kommentar: Annotated[str | None, typer.Option("--kommentar", help="A comment on the outcome.")] = None,
    saknas: Annotated[
        str | None, typer.Option("--saknas", help="No value: the reason, e.g. 'Enkät sker vartannat år'.")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace a different existing outcome.")] = False,
) -> None:
    """Write one outcome (a VALUE, or --saknas REASON) for INDICATOR and YEAR into PLAN."""
    if (value is None) == (saknas is None):
        raise fail("give a VALUE or --saknas REASON (not both)")
    number: float | None = None
    digits: str | None = None
    if value is not None:
        try:  # the command's own argument: a usage error, named as such
            number, digits = malstyrning.value_from_text(value)
        except malstyrning.InvalidArgumentError as error:
            raise fail(f"VALUE: {error}") from None
    with library_errors(plan=plan, hint=_record_hint):
        result = malstyrning.record_outcome(
            plan,
            indicator,
            year,
            number,
            missing=saknas,
            comment=kommentar,
            value_text=digits,
            replace=replace,
        )
    shown = digits if digits is not None else f"saknas: {saknas}"
    if result.kind is malstyrning.UpdateKind.UNCHANGED:
        typer.echo(f"{plan}: {indicator} {year} is already {result.old}; nothing to change")
    elif result.kind is malstyrning.UpdateKind.CHANGED:
        typer.echo(f"{plan}: {indicator} {year}: {result.old} → {shown} (replaced)")
    else:
        typer.echo(f"{plan}: {indicator} {year}: {shown}")


def _record_hint(error: malstyrning.MalstyrningError) -> str | None:
    if isinstance(error, malstyrning.OutcomeExistsError):
        return "; use --replace to change it"
    return None


@app.command("import")
def import_(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", metavar="PLAN", show_default=False)],
    csv_file: Annotated[
        Path | None,
        typer.Argument(help="A CSV file: indikator, år, värde[, kommentar].", metavar="[FILE.csv]"),
    ] = None,
    kolada: Annotated[bool, typer.Option("--kolada", help="Fetch outcomes from Kolada.")] = False,
    kolada_file: Annotated[
        Path | None, typer.Option("--kolada-file", help="Import a saved Kolada API response (JSON).")
    ] = None,
    years: Annotated[
        str | None, typer.Option("--years", help="Years to fetch from Kolada: 2017, 2015-2017 or 2015,2017.")
    ] = None,
    comparison: Annotated[
        list[str] | None,
        typer.Option(
            "--jämförelse", help="Fill a jämförelse series from Kolada: NAME=MUNICIPALITY, e.g. riket=0000."
        ),
    ] = None,
    kolada_url: Annotated[
        str | None,
        typer.Option(
            "--kolada-url",
            help=f"Kolada API base URL (or ${malstyrning.KOLADA_URL_ENV}).",
            show_default=False,
        ),
    ] = None,
    kolada_deadline: Annotated[
        float,
        typer.Option(
            "--kolada-deadline",
            help="Seconds the whole fetch from Kolada may take, retries included.",
            metavar="SECONDS",
        ),
    ] = malstyrning.DEFAULT_KOLADA_DEADLINE,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
) -> None:
    """Import outcomes into PLAN from a CSV file or from Kolada, all or nothing."""
    sources = [csv_file is not None, kolada, kolada_file is not None]
    if sum(sources) != 1:
        raise fail("give one source: FILE.csv, --kolada or --kolada-file SAVED.json")
    with library_errors(plan=plan, hint=_import_hint):
        if csv_file is not None:
            results = malstyrning.import_csv(plan, csv_file, dry_run=dry_run)
        else:
            loaded = malstyrning.load_plan(plan)
            try:  # the command's own arguments: usage errors
                wanted_years = parse_years(years) if years else None
                comparisons = parse_comparisons(comparison or [])
            except ValueError as error:
                raise fail(str(error)) from None
            updates = malstyrning.kolada_updates(
                loaded,
                years=wanted_years,
                comparisons=comparisons,
                base_url=kolada_url,
                saved=kolada_file,
                deadline=kolada_deadline,
            )
            source = os.fspath(kolada_file) if kolada_file else "Kolada"
            results = malstyrning.apply_updates(plan, updates, dry_run=dry_run, source=source)
    _print_results(results)
    counts = {kind: sum(r.kind is kind for r in results) for kind in malstyrning.UpdateKind}
    summary = ", ".join(f"{counts[kind]} {_KIND_LABEL[kind]}" for kind in malstyrning.UpdateKind)
    verb = "would write" if dry_run else "wrote"
    changed = counts[malstyrning.UpdateKind.NEW] + counts[malstyrning.UpdateKind.CHANGED]
    typer.echo(f"{plan}: {summary}; {verb} {changed} outcome(s)" + (" (dry run)" if dry_run else ""))


def _import_hint(error: malstyrning.MalstyrningError) -> str | None:
    if isinstance(error, malstyrning.KoladaError):
        if error.transient:  # no connection, a timeout, a busy server
            return ", or import a saved answer with --kolada-file"
        if error.status == 404:
            return f" (check the Kolada URL: --kolada-url or {malstyrning.KOLADA_URL_ENV})"
    return None


def parse_years(text: str) -> list[int]:
    """The years in ``--years``: ``2017``, ``2015-2017`` or ``2015,2017`` (and mixes), sorted, each once.

    Raises :class:`ValueError` with a message naming the bad part.
    """
    years: set[int] = set()
    parts = [part.strip() for part in text.split(",")]
    if not any(parts):
        raise ValueError("expected years such as 2017, 2015-2017 or 2015,2017, got nothing")
    for part in parts:
        first, sep, last = part.replace("–", "-").partition("-")
        bounds = [first.strip(), last.strip()] if sep else [first.strip()]
        if not all(re.fullmatch(r"[0-9]{4}", bound) for bound in bounds):
            raise ValueError(f"expected years such as 2017, 2015-2017 or 2015,2017, got {text!r}")
        start, end = int(bounds[0]), int(bounds[-1])
        if start > end:
            raise ValueError(f"the range {part!r} ends before it starts; write {end}-{start}")
        if start < 1900 or end > 2200:
            raise ValueError(f"years must lie between 1900 and 2200, got {part!r}")
        years.update(range(start, end + 1))
    return sorted(years)


def parse_comparisons(items: Sequence[str]) -> dict[str, str]:
    """``--jämförelse`` items like ``riket=0000`` (or ``riket=0000,län=0100``) as ``{name: id}``.

    Raises :class:`ValueError` for an item without ``=`` or a name, and for a
    name given twice; kolada_updates checks the ids.
    """
    found: dict[str, str] = {}
    for item in items:
        for part in item.split(","):
            name, sep, code = part.partition("=")
            name, code = name.strip(), code.strip()
            if not sep or not name:
                raise ValueError(f"expected NAME=MUNICIPALITY such as riket=0000, got {part.strip()!r}")
            if name in found:
                raise ValueError(f"jämförelse {name!r} is given twice")
            found[name] = code
    return found


_HEADINGS = ("indikator", "serie", "år", "före", "efter", "ändring")
_RICH_ROWS = 1000  # more rows than this are printed as plain columns: rich takes about 0.5 ms a row


def _print_results(results: list[malstyrning.UpdateResult]) -> None:
    rows = []
    for result in results:
        update = result.update
        after = update.value_text or (
            malstyrning.number_text(update.value) if update.value is not None else f"saknas: {update.missing}"
        )
        rows.append(
            (
                update.indicator,
                update.series or "utfall",
                str(update.year),
                result.old or "",
                after,
                _KIND_LABEL[result.kind],
            )
        )
    if len(rows) > _RICH_ROWS:
        _print_columns(rows)
        return
    from rich.console import Console  # noqa: PLC0415 (rich only when printing)
    from rich.table import Table  # noqa: PLC0415

    table = Table(box=None, pad_edge=False)
    for heading in _HEADINGS:
        table.add_column(heading)
    for row in rows:
        table.add_row(*row)
    Console(highlight=False).print(table)


def _print_columns(rows: Sequence[tuple[str, ...]]) -> None:
    """The table as rich lays it out without box (two spaces between columns), but
    not wrapped to the terminal and in a fraction of the time."""
    from rich.cells import cell_len  # noqa: PLC0415 (the width of wide characters)

    widths = [cell_len(heading) for heading in _HEADINGS]
    for row in rows:
        widths = [max(width, cell_len(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = [
        "  ".join(
            cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in (_HEADINGS, *rows)
    ]
    typer.echo("\n".join(lines))


@app.command()
def rollover(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", metavar="PLAN", show_default=False)],
    to: Annotated[int, typer.Option("--to", help="The new plan's year.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write it. Default: <year>.yaml beside PLAN."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
) -> None:
    """Write next year's plan from PLAN: same goals and indicators, new starting values."""
    with library_errors(plan=plan, hint=lambda error: _rollover_hint(error, plan)):
        result = malstyrning.rollover(plan, to=to, output=output, force=force)
    typer.echo(
        f"{result.path}: plan for {result.year}; {result.baselines} starting values from the latest "
        f"outcomes, {result.activities} activity statuses reset, {result.judgements} stated "
        "bedömningar and kommentarer removed"
    )


def _rollover_hint(error: malstyrning.MalstyrningError, plan: Path) -> str | None:
    if isinstance(error, malstyrning.OutputExistsError):
        if Path(error.filename).resolve() == plan.resolve():
            return "; use --force to roll it over in place"
        return "; choose another -o or use --force"
    return None
