"""Commands that present a plan: report (Markdown, HTML, Word, Excel) and show."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import Lang, app, fail, force_hint, library_errors

_BY_SUFFIX: dict[str, malstyrning.ReportFormat] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
}


@app.command()
def report(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", metavar="PLAN", show_default=False)],
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Year to report on. Default: the latest year with an outcome."),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="md, html, docx or xlsx. Default: from -o's extension, else md."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The file to write. Default: Markdown on stdout.")
    ] = None,
    years: Annotated[int, typer.Option("--years", help="How many years of outcomes the tables show.")] = 3,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of labels and headings.")] = Lang.sv,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
) -> None:
    """Write the annual follow-up report (verksamhetsberättelse) of PLAN."""
    chosen = _format(output_format, output)
    if chosen in ("docx", "xlsx") and output is None:
        raise fail(f"a {chosen} report is a file: give -o FILE.{chosen}")
    with library_errors(hint=force_hint):
        loaded = malstyrning.load_plan(plan)
        result = malstyrning.assess(loaded, year=year)
        built = malstyrning.build_report(loaded, result, years=years, lang=lang.value)
        content = malstyrning.render_report(built, chosen)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if output is None:
            typer.echo(data.decode("utf-8"), nl=False)
            return
        malstyrning.write_file(output, data, overwrite=force, inputs=[plan])
    typer.echo(f"wrote {output}")


def _format(given: str | None, output: Path | None) -> malstyrning.ReportFormat:
    if given is not None:
        lowered = given.lower().lstrip(".")
        for suffix, known in _BY_SUFFIX.items():
            if lowered == suffix.lstrip("."):
                return known
        raise fail(f"--format: unknown format {given!r}; choose md, html, docx or xlsx")
    if output is None:
        return "md"
    suffix = output.suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise fail(f"cannot tell the format from {output.name!r}; give --format md, html, docx or xlsx")
    return _BY_SUFFIX[suffix]


@app.command()
def show(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", metavar="PLAN", show_default=False)],
    indicator: Annotated[
        str, typer.Argument(help="The indicator's id.", metavar="INDICATOR", show_default=False)
    ],
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Year to assess. Default: the latest year with an outcome."),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of labels.")] = Lang.sv,
) -> None:
    """Draw one indicator's outcomes per year in the terminal, with its starting value and target."""
    size = shutil.get_terminal_size((80, 24))
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    with library_errors():
        loaded = malstyrning.load_plan(plan)
        built = malstyrning.build_report(loaded, malstyrning.assess(loaded, year=year), lang=lang.value)
        chart = malstyrning.render_indicator_chart(
            built, indicator, width=min(size.columns, 100), color=color
        )
    typer.echo(chart)
