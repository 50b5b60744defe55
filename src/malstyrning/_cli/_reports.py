"""Commands that present a plan: report (Markdown, HTML, Word, Excel, PDF) and show."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import (
    ChosenYearOption,
    ForceOption,
    LangOption,
    PeriodOption,
    PlanArgument,
    ReportIdOption,
    app,
    assess_chosen,
    assess_kommun_chosen,
    fail,
    force_hint,
    library_errors,
    load_configured,
    load_kommun_configured,
    output_file,
    own_escapes,
    parse_count,
    plan_or_year,
    speaks,
    tr,
)

_BY_SUFFIX: dict[str, malstyrning.ReportFormat] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
}


@app.command()
@speaks
def report(
    plan: PlanArgument,
    year: ChosenYearOption = None,
    period: PeriodOption = None,
    report: ReportIdOption = None,
    report_back: Annotated[
        str | None,
        typer.Option(
            "--återrapportering",
            "--aterrapportering",
            metavar="WHEN",
            help=(
                "Write the report back (återrapportering) named by its month, e.g. 2022-03, or id: "
                "the items due with status and text, what moved, what was started earlier."
            ),
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="md|html|docx|xlsx|pdf",
            help="md, html, docx, xlsx or pdf. Default: from -o's extension, else md.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write, or - for standard output. Default: Markdown on stdout.",
        ),
    ] = None,
    years: Annotated[
        int,
        typer.Option(
            "--years", metavar="N", parser=parse_count, help="How many years of outcomes the tables show."
        ),
    ] = 3,
    lang: LangOption = None,
    force: ForceOption = False,
) -> None:
    """Write the follow-up report of PLAN: the verksamhetsberättelse, or during the year its delårsrapport."""
    most = malstyrning.LAST_YEAR - malstyrning.FIRST_YEAR + 1
    if not 1 <= years <= most:
        raise fail(
            tr(
                "--years: expected a number of years from 1 to {most}, got {years}",
                "--years: ange ett antal år från 1 till {most}, inte {years}",
                most=most,
                years=years,
            )
        )
    output = output_file(output)
    chosen = _format(output_format, output)
    if chosen in ("docx", "xlsx", "pdf") and output is None:
        raise fail(
            tr(
                "a {format} report is a file: give -o FILE.{format}",
                "en {format}-rapport är en fil: ange -o FIL.{format}",
                format=chosen,
            )
        )
    with library_errors(hint=force_hint):
        plan = plan_or_year(plan)  # a year in a kommun repository: its folder
        if plan.is_dir():  # a kommun: the report of the plan the others serve, with their goals
            if report_back is not None:
                raise fail(
                    tr(
                        "--återrapportering is for one plan file, not a folder",
                        "--återrapportering gäller en planfil, inte en mapp",
                    )
                )
            kommun = load_kommun_configured(plan)
            found = assess_kommun_chosen(kommun, year, period, report)
            lead = (kommun.served() or kommun.plans)[0]
            built = malstyrning.build_report(
                lead.plan, found.plan(lead.id), years=years, lang=malstyrning.current_language()
            )
            _write(built, chosen, output, force, [plan])
            return
        loaded = load_configured(plan)
        back = None
        if report_back is not None:
            if year is not None or period is not None or report is not None:
                raise fail(
                    tr(
                        "--återrapportering says what is reported: leave out --year, --period, --rapport",
                        "--återrapportering anger vad som rapporteras: utelämna --year, --period, --rapport",
                    )
                )
            back = malstyrning.report_back(loaded, report_back)
            result = malstyrning.assess(loaded, period=back.period, as_of=back.date)
        else:
            result = assess_chosen(loaded, year, period, report)
        built = malstyrning.build_report(
            loaded, result, years=years, lang=malstyrning.current_language(), report_back=back
        )
        _write(built, chosen, output, force, [plan])


def _write(
    built: malstyrning.Report,
    chosen: malstyrning.ReportFormat,
    output: Path | None,
    force: bool,
    inputs: list[Path],
) -> None:
    """``built`` in the format ``chosen``, on standard output or to ``output``."""
    content = malstyrning.render_report(built, chosen)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    malstyrning.write_file(output, data, overwrite=force, inputs=inputs)
    typer.echo(tr("wrote {path}", "skrev {path}", path=output))


def _format(given: str | None, output: Path | None) -> malstyrning.ReportFormat:
    if given is not None:
        lowered = given.lower().lstrip(".")
        for suffix, known in _BY_SUFFIX.items():
            if lowered == suffix.lstrip("."):
                return known
        raise fail(
            tr(
                "--format: unknown format {given!r}; choose md, html, docx, xlsx or pdf",
                "--format: okänt format {given!r}; välj md, html, docx, xlsx eller pdf",
                given=given,
            )
        )
    if output is None:
        return "md"
    suffix = output.suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise fail(
            tr(
                "cannot tell the format from {name!r}; give --format md, html, docx, xlsx or pdf",
                "formatet går inte att se av {name!r}; ange --format md, html, docx, xlsx eller pdf",
                name=output.name,
            )
        )
    return _BY_SUFFIX[suffix]


@app.command()
@speaks
def show(
    plan: Annotated[
        Path,
        typer.Argument(
            help="The plan file (YAML), or a folder of plans: then the series across the plan years.",
            metavar="PLAN",
            show_default=False,
        ),
    ],
    indicator: Annotated[
        str, typer.Argument(help="The indicator's id.", metavar="INDICATOR", show_default=False)
    ],
    year: ChosenYearOption = None,
    period: PeriodOption = None,
    report: ReportIdOption = None,
    lang: LangOption = None,
) -> None:
    """Draw one indicator's outcomes per year in the terminal, with its starting value and target;
    given a folder of plans, its series across the plan years with each year's target."""
    size = shutil.get_terminal_size((80, 24))
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if plan.is_dir():
        if year is not None or period is not None or report is not None:
            raise fail(
                tr(
                    "--year, --period and --rapport choose within one plan; a folder shows every plan year",
                    "--year, --period och --rapport väljer inom en plan; en mapp visar alla planår",
                )
            )
        with library_errors():
            found = malstyrning.indicator_history(malstyrning.load_plans(plan), indicator)
            chart = malstyrning.render_history_chart(
                found, lang=malstyrning.current_language(), width=min(size.columns, 100), color=color
            )
        with own_escapes():
            typer.echo(chart, nl=False)
        return
    with library_errors():
        loaded = load_configured(plan)
        built = malstyrning.build_report(
            loaded, assess_chosen(loaded, year, period, report), lang=malstyrning.current_language()
        )
        chart = malstyrning.render_indicator_chart(
            built, indicator, width=min(size.columns, 100), color=color
        )
    with own_escapes():  # colours; the plan's text is made printable by the chart
        typer.echo(chart, nl=False)
