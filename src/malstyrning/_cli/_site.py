"""The site command: a static follow-up site from one plan, a year's folder or a kommun's plans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import LangOption, app, kommun_config, library_errors, parse_date, speaks, tr


@app.command()
@speaks
def site(
    plans: Annotated[
        Path,
        typer.Argument(
            help=(
                "A plan file, a folder of one year's plans, or a folder of "
                "year folders (plans/2017, plans/2018)."
            ),
            metavar="PLANS",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The site's folder (made if missing).", metavar="DIR", show_default=False
        ),
    ],
    date: Annotated[
        dt.date | None,
        typer.Option(
            "--date",
            parser=parse_date,
            help="The date the pages give as their last update. Default: the latest year of their values.",
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Build a static follow-up site of the plans: goals, indicators, activities, economy and data."""
    language = malstyrning.current_language()
    with library_errors():
        config = kommun_config(plans)
        years = malstyrning.load_site_plans(plans, config=config)
        files = malstyrning.build_site(
            years, lang=language, updated=date, settings=config.site if config is not None else None
        )
        result = malstyrning.write_site(files, output)
    typer.echo(
        tr(
            "{folder}: {written} files written, {kept} unchanged, {removed} removed",
            "{folder}: {written} filer skrivna, {kept} oförändrade, {removed} borttagna",
            folder=result.folder,
            written=len(result.written),
            kept=len(result.kept),
            removed=len(result.removed),
        )
    )
