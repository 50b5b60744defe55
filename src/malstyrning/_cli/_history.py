"""The history command: one indicator's series across plan years."""

from __future__ import annotations

import shutil
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import LangOption, app, library_errors, speaks


class HistoryFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


PlansArgument = Annotated[
    Path,
    typer.Argument(
        help="A folder of plans (YAML files, in its subfolders too), or one plan file.",
        metavar="PLANS",
        show_default=False,
    ),
]


def load_series(path: Path) -> list[tuple[Path, malstyrning.Plan]]:
    """The plans under the folder ``path``, or the one plan file ``path`` (run inside library_errors)."""
    if path.is_dir():
        return malstyrning.load_plans(path)
    return [(path, malstyrning.load_plan(path))]


@app.command()
@speaks
def history(
    plans: PlansArgument,
    indicator: Annotated[
        str,
        typer.Argument(
            help="The indicator's id in any of the plans; FILE:ID when several plans of one year have it.",
            metavar="ID",
            show_default=False,
        ),
    ],
    output: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = HistoryFormat.text,
    lang: LangOption = None,
) -> None:
    """Show one indicator's outcomes, targets and labels across every plan year, with its renames."""
    language = malstyrning.current_language()
    with library_errors():
        found = malstyrning.indicator_history(load_series(plans), indicator)
    if output is HistoryFormat.json:
        typer.echo(malstyrning.history_to_json(found, language))
    elif output is HistoryFormat.md:
        typer.echo(malstyrning.history_to_markdown(found, language), nl=False)
    else:
        width = shutil.get_terminal_size((80, 24)).columns
        typer.echo(malstyrning.format_history(found, language, width=width), nl=False)
