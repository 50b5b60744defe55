"""Commands that write into plans: record, status, import, rollover."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import (
    EXIT_REFUSED,
    ForceOption,
    LangOption,
    PlanArgument,
    app,
    checked_year,
    fail,
    force_hint,
    library_errors,
    parse_date,
    parse_year,
    speaks,
    tr,
)


def _kind_label(kind: malstyrning.UpdateKind) -> str:
    if kind is malstyrning.UpdateKind.NEW:
        return tr("new", "nytt")
    if kind is malstyrning.UpdateKind.CHANGED:
        return tr("changed", "ändrat")
    return tr("unchanged", "oförändrat")


@app.command()
@speaks
def record(
    plan: PlanArgument,
    indicator: Annotated[
        str, typer.Argument(help="The indicator's id.", metavar="INDICATOR", show_default=False)
    ],
    year: Annotated[
        int,
        typer.Argument(
            help="The year of the outcome.", metavar="YEAR", parser=parse_year, show_default=False
        ),
    ],
    value: Annotated[
        str | None,
        typer.Argument(help='The value: 3.7, "3,7", "1 164", "85 %".', metavar="[VALUE]", show_default=False),
    ] = None,
    kommentar: Annotated[
        str | None, typer.Option("--kommentar", metavar="TEXT", help="A comment on the outcome.")
    ] = None,
    saknas: Annotated[
        str | None,
        typer.Option(
            "--saknas", metavar="REASON", help="No value: the reason, e.g. 'Enkät sker vartannat år'."
        ),
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace a different existing outcome.")] = False,
    lang: LangOption = None,
) -> None:
    """Write one outcome (a VALUE, or --saknas REASON) for INDICATOR and YEAR into PLAN."""
    if (value is None) == (saknas is None):
        raise fail(
            tr(
                "give a VALUE or --saknas REASON (not both)",
                "ange ett VÄRDE eller --saknas SKÄL (inte båda)",
            )
        )
    year = checked_year(year, tr("YEAR", "ÅR"))
    number: float | None = None
    digits: str | None = None
    if value is not None:
        try:  # the command's own argument: a usage error, named as such
            number, digits = malstyrning.value_from_text(value)
        except malstyrning.InvalidArgumentError as error:
            raise fail(tr("VALUE: {error}", "VÄRDE: {error}", error=error)) from None
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
        message = tr(
            "{plan}: {indicator} {year} is already {old}; nothing to change",
            "{plan}: {indicator} {year} är redan {old}; inget att ändra",
            plan=plan,
            indicator=indicator,
            year=year,
            old=result.old,
        )
        typer.echo(message)
    elif result.kind is malstyrning.UpdateKind.CHANGED:
        replaced = tr("(replaced)", "(ersatt)")
        typer.echo(f"{plan}: {indicator} {year}: {result.old} → {shown} {replaced}")
    else:
        typer.echo(f"{plan}: {indicator} {year}: {shown}")


def _record_hint(error: malstyrning.MalstyrningError) -> str | None:
    if isinstance(error, malstyrning.OutcomeExistsError):
        return tr("; use --replace to change it", "; använd --replace för att ändra det")
    return None


@app.command()
@speaks
def status(
    plan: PlanArgument,
    item: Annotated[
        str, typer.Argument(help="The id of an uppdrag or an activity.", metavar="ID", show_default=False)
    ],
    state: Annotated[
        str,
        typer.Argument(
            help="ej påbörjad, pågående, genomförd, försenad, avbruten or framflyttad.",
            metavar="STATUS",
            show_default=False,
        ),
    ],
    datum: Annotated[
        dt.date | None,
        typer.Option(
            "--datum",
            parser=parse_date,
            metavar="DATE",
            help="The report's date (YYYY-MM-DD). Default: today.",
            show_default=False,
        ),
    ] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="TEXT", help="What has happened.")] = None,
    till: Annotated[
        str | None,
        typer.Option(
            "--till", metavar="WHEN", help="framflyttad: the report back it moves to, e.g. 2022-03."
        ),
    ] = None,
    skal: Annotated[str | None, typer.Option("--skäl", metavar="TEXT", help="framflyttad: why.")] = None,
    lang: LangOption = None,
) -> None:
    """Add a dated status report on the uppdrag or activity ID to PLAN."""
    with library_errors(plan=plan):
        result = malstyrning.record_status(
            plan, item, state, date=datum or dt.date.today(), text=text, moved_to=till, reason=skal
        )
    shown = f"{plan}: {result.item}: {result.word} {result.report.date.isoformat()}"
    if result.report.moved_to is not None:
        shown += " → " + result.report.moved_to
    typer.echo(malstyrning.printable(shown))


@app.command("import")
@speaks
def import_(
    plan: PlanArgument,
    csv_file: Annotated[
        Path | None,
        typer.Argument(help="A CSV file: indikator, år, värde[, kommentar].", metavar="[FILE.csv]"),
    ] = None,
    kolada: Annotated[bool, typer.Option("--kolada", help="Fetch outcomes from Kolada.")] = False,
    kolada_file: Annotated[
        Path | None,
        typer.Option(
            "--kolada-file", metavar="SAVED.json", help="Import a saved Kolada API response (JSON)."
        ),
    ] = None,
    years: Annotated[
        str | None,
        typer.Option(
            "--years", metavar="YEARS", help="Years to fetch from Kolada: 2017, 2015-2017 or 2015,2017."
        ),
    ] = None,
    comparison: Annotated[
        list[str] | None,
        typer.Option(
            "--jämförelse",
            metavar="NAME=ID",
            help="Fill a jämförelse series from Kolada: NAME=MUNICIPALITY, e.g. riket=0000.",
        ),
    ] = None,
    kolada_url: Annotated[
        str | None,
        typer.Option(
            "--kolada-url",
            metavar="URL",
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
    lang: LangOption = None,
) -> None:
    """Import outcomes into PLAN from a CSV file or from Kolada, all or nothing."""
    sources = [csv_file is not None, kolada, kolada_file is not None]
    if sum(sources) != 1:
        raise fail(
            tr(
                "give one source: FILE.csv, --kolada or --kolada-file SAVED.json",
                "ange en källa: FIL.csv, --kolada eller --kolada-file SPARAD.json",
            )
        )
    if not (math.isfinite(kolada_deadline) and kolada_deadline > 0):
        raise fail(
            tr(
                "--kolada-deadline: expected a positive number of seconds, got {value:g}",
                "--kolada-deadline: ska vara ett positivt antal sekunder, men här står {value:g}",
                value=kolada_deadline,
            )
        )
    with library_errors(plan=plan, hint=_import_hint):
        if csv_file is not None:
            results = malstyrning.import_csv(plan, csv_file, dry_run=dry_run)
        else:
            try:  # the command's own arguments: usage errors
                wanted_years = parse_years(years) if years else None
                comparisons = parse_comparisons(comparison or [])
            except ValueError as error:
                raise fail(str(error)) from None
            loaded = malstyrning.load_plan(plan)
            if not any(indicator.kolada is not None for indicator in loaded.indicators()):
                raise fail(_no_kolada_tag(plan), EXIT_REFUSED)
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
    if not results:  # an empty file or answer: no table of nothing
        typer.echo(
            tr(
                "{plan}: nothing to import; nothing was written",
                "{plan}: inget att importera; inget sparades",
                plan=plan,
            )
        )
        return
    _print_results(results)
    counts = {kind: sum(r.kind is kind for r in results) for kind in malstyrning.UpdateKind}
    new, changed, unchanged = (counts[kind] for kind in malstyrning.UpdateKind)
    summary = tr(
        "{new} new, {changed} changed, {unchanged} unchanged",
        "nya: {new}, ändrade: {changed}, oförändrade: {unchanged}",
        new=new,
        changed=changed,
        unchanged=unchanged,
    )
    if dry_run:
        did = tr(
            "would write {n} outcome(s) (dry run)",
            "skulle skriva {n} utfall (provkörning)",
            n=new + changed,
        )
    else:
        did = tr("wrote {n} outcome(s)", "skrev {n} utfall", n=new + changed)
    typer.echo(f"{plan}: {summary}; {did}")


def _no_kolada_tag(plan: Path) -> str:
    return tr(
        "{plan}: no indicator has a kolada key, so there is nothing to fetch from Kolada; "
        "name the indicator's Kolada KPI under it, e.g. kolada: N00914 (see docs/kolada.md)",
        "{plan}: ingen indikator har nyckeln kolada, så det finns inget att hämta från Kolada; "
        "skriv nyckeltalets id i Kolada under indikatorn, t.ex. kolada: N00914 (se docs/kolada.md)",
        plan=plan,
    )


def _import_hint(error: malstyrning.MalstyrningError) -> str | None:
    if isinstance(error, malstyrning.KoladaError):
        if error.transient:  # no connection, a timeout, a busy server
            return tr(
                ", or import a saved answer with --kolada-file",
                ", eller importera ett sparat svar med --kolada-file",
            )
        if error.status == 404:
            return tr(
                " (check the Kolada URL: --kolada-url or {env})",
                " (kontrollera Koladas adress: --kolada-url eller {env})",
                env=malstyrning.KOLADA_URL_ENV,
            )
    return None


def parse_years(text: str) -> list[int]:
    """The years in ``--years``: ``2017``, ``2015-2017`` or ``2015,2017`` (and mixes), sorted, each once.

    Raises :class:`ValueError` with a message naming the bad part.
    """
    years: set[int] = set()
    parts = [part.strip() for part in text.split(",")]
    if not any(parts):
        raise ValueError(
            tr(
                "expected years such as 2017, 2015-2017 or 2015,2017, got nothing",
                "ska vara år, till exempel 2017, 2015-2017 eller 2015,2017, men är tomt",
            )
        )
    for part in parts:
        first, sep, last = part.replace("–", "-").partition("-")
        bounds = [first.strip(), last.strip()] if sep else [first.strip()]
        if not all(re.fullmatch(r"[0-9]{4}", bound) for bound in bounds):
            raise ValueError(
                tr(
                    "expected years such as 2017, 2015-2017 or 2015,2017, got {text!r}",
                    "ska vara år, till exempel 2017, 2015-2017 eller 2015,2017, men här står {text!r}",
                    text=text,
                )
            )
        start, end = int(bounds[0]), int(bounds[-1])
        if start > end:
            raise ValueError(
                tr(
                    "the range {part!r} ends before it starts; write {end}-{start}",
                    "intervallet {part!r} slutar innan det börjar; skriv {end}-{start}",
                    part=part,
                    end=end,
                    start=start,
                )
            )
        if start < malstyrning.FIRST_YEAR or end > malstyrning.LAST_YEAR:
            raise ValueError(
                tr(
                    "years must lie between {first} and {last}, got {part!r}",
                    "åren ska ligga mellan {first} och {last}, men här står {part!r}",
                    part=part,
                    first=malstyrning.FIRST_YEAR,
                    last=malstyrning.LAST_YEAR,
                )
            )
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
                raise ValueError(
                    tr(
                        "expected NAME=MUNICIPALITY such as riket=0000, got {part!r}",
                        "ska vara NAMN=KOMMUN, till exempel riket=0000, men här står {part!r}",
                        part=part.strip(),
                    )
                )
            if name in found:
                raise ValueError(
                    tr(
                        "jämförelse {name!r} is given twice",
                        "jämförelsen {name!r} står två gånger",
                        name=name,
                    )
                )
            found[name] = code
    return found


_RICH_ROWS = 1000  # more rows than this are printed as plain columns: rich takes about 0.5 ms a row


def _headings() -> tuple[str, ...]:
    return (
        tr("indicator", "indikator"),
        tr("series", "serie"),
        tr("year", "år"),
        tr("before", "före"),
        tr("after", "efter"),
        tr("change", "ändring"),
    )


def _print_results(results: list[malstyrning.UpdateResult]) -> None:
    rows = []
    for result in results:
        update = result.update
        after = update.value_text or (
            malstyrning.number_text(update.value) if update.value is not None else f"saknas: {update.missing}"
        )
        cells = (update.indicator, update.series or "utfall", str(update.year), result.old or "", after)
        # Cells are text, not rich markup ("[/]" in an id is an id), and
        # printable before they are measured, so the columns line up.
        rows.append((*(malstyrning.printable(cell) for cell in cells), _kind_label(result.kind)))
    if len(rows) > _RICH_ROWS:
        _print_columns(rows)
        return
    import shutil  # noqa: PLC0415
    from io import StringIO  # noqa: PLC0415

    from rich.console import Console  # noqa: PLC0415 (rich only when printing)
    from rich.table import Table  # noqa: PLC0415

    table = Table(box=None, pad_edge=False)
    for heading in _headings():
        table.add_column(heading)
    for row in rows:
        table.add_row(*row)
    # Laid out as plain text, each line without rich's padding at its end.
    out = StringIO()
    width = shutil.get_terminal_size((80, 24)).columns
    Console(file=out, width=width, markup=False, emoji=False, highlight=False, color_system=None).print(table)
    typer.echo("\n".join(line.rstrip() for line in out.getvalue().splitlines()))


def _print_columns(rows: Sequence[tuple[str, ...]]) -> None:
    """The table as rich lays it out without box (two spaces between columns), but
    not wrapped to the terminal and in a fraction of the time."""
    from rich.cells import cell_len  # noqa: PLC0415 (the width of wide characters)

    headings = _headings()
    widths = [cell_len(heading) for heading in headings]
    for row in rows:
        widths = [max(width, cell_len(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = [
        "  ".join(
            cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in (headings, *rows)
    ]
    typer.echo("\n".join(lines))


@app.command()
@speaks
def rollover(
    plan: PlanArgument,
    to: Annotated[
        int,
        typer.Option(
            "--to", metavar="YEAR", parser=parse_year, help="The new plan's year.", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Where to write it. Default: <year>.yaml beside PLAN."
        ),
    ] = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Write next year's plan from PLAN: same goals and indicators, new starting values."""
    to = checked_year(to, "--to")
    with library_errors(plan=plan, hint=force_hint):
        result = malstyrning.rollover(plan, to=to, output=output, force=force)
    n = result.baselines
    baselines = (
        tr("1 starting value from the latest outcome", "1 ingångsvärde från det senaste utfallet")
        if n == 1
        else tr(
            "{n} starting values from the latest outcomes",
            "{n} ingångsvärden från de senaste utfallen",
            n=n,
        )
    )
    n = result.activities
    activities = (
        tr("1 activity status reset", "status nollställd för 1 aktivitet")
        if n == 1
        else tr("{n} activity statuses reset", "status nollställd för {n} aktiviteter", n=n)
    )
    n = result.judgements
    judgements = (
        tr("1 stated assessment or comment removed", "1 angiven bedömning eller kommentar borttagen")
        if n == 1
        else tr(
            "{n} stated assessments and comments removed",
            "{n} angivna bedömningar och kommentarer borttagna",
            n=n,
        )
    )
    message = tr(
        "{path}: plan for {year}; {baselines}, {activities}, {judgements}",
        "{path}: plan för {year}; {baselines}, {activities}, {judgements}",
        path=result.path,
        year=result.year,
        baselines=baselines,
        activities=activities,
        judgements=judgements,
    )
    typer.echo(message)
