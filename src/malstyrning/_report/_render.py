"""Entry points of the renderers that need optional-weight libraries.

They import those libraries when first called, so ``import malstyrning`` (and
``from malstyrning import *``) stays free of rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .._errors import InvalidArgumentError
from .._i18n import tr

if TYPE_CHECKING:  # types only: `assess` prints without importing the report model
    from rich.console import Console

    from .._engine import Assessment, KommunAssessment
    from .._i18n import Language
    from ._build import Report

__all__ = ["REPORT_FORMATS", "ReportFormat", "print_assessment", "print_kommun", "render_report"]


def print_assessment(
    assessment: Assessment, *, lang: Language = "sv", console: Console | None = None
) -> None:
    """Print ``assessment`` as a tree with coloured labels and a summary count.

    Colours are used only on a terminal, and never when ``NO_COLOR`` is set.
    ``console`` is a :class:`rich.console.Console` to print to (default: stdout).
    """
    from ._labels import plan_words  # noqa: PLC0415
    from ._terminal import print_tree  # noqa: PLC0415 (rich is loaded on first use)

    with plan_words(assessment.labels):  # the plan's own label words (etiketter)
        print_tree(assessment, lang=lang, console=console)


def print_kommun(found: KommunAssessment, *, lang: Language = "sv", console: Console | None = None) -> None:
    """Print a kommun's assessment (:func:`assess_kommun`): each plan the others
    serve (the council's) as :func:`print_assessment` prints a plan, with the
    goals serving each goal under it, then a line per plan with its goals' count
    per status. Colours as :func:`print_assessment`."""
    from ._terminal import print_kommun_tree  # noqa: PLC0415 (rich is loaded on first use)

    print_kommun_tree(found, lang=lang, console=console)


ReportFormat = Literal["md", "html", "docx", "xlsx", "pdf"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("md", "html", "docx", "xlsx", "pdf")


def render_report(report: Report, format: ReportFormat = "md") -> str | bytes:
    """``report`` as Markdown or HTML text, or a Word, Excel or PDF file's bytes.

    HTML, Word, Excel and PDF need the optional ``report`` extra (``pip install
    'malstyrning[report]'``), PDF also the system library Pango; without
    them, :class:`MissingExtraError` (a ``ModuleNotFoundError``) says so. An unknown ``format`` raises
    :class:`InvalidArgumentError` (a ``ValueError``).
    Each renderer is imported on first use, so ``import malstyrning`` stays light.
    The labels are the plan's own words where it gives them (``etiketter``).
    """
    from ._labels import plan_words  # noqa: PLC0415

    with plan_words(report.assessment.labels):
        return _render(report, format)


def _render(report: Report, format: ReportFormat) -> str | bytes:
    # Each format's libraries are imported only when that format is asked for.
    if format == "md":
        from ._markdown import render_markdown  # noqa: PLC0415

        return render_markdown(report)
    if format == "html":
        from ._html import render_html  # noqa: PLC0415

        return render_html(report)
    if format == "docx":
        from ._docx import render_docx  # noqa: PLC0415

        return render_docx(report)
    if format == "xlsx":
        from ._xlsx import render_xlsx  # noqa: PLC0415

        return render_xlsx(report)
    if format == "pdf":
        from ._pdf import render_pdf  # noqa: PLC0415

        return render_pdf(report)
    raise InvalidArgumentError(
        tr(
            "unknown report format {format!r}; choose one of {formats}",
            "okänt rapportformat {format!r}; välj ett av {formats}",
            format=format,
            formats=", ".join(REPORT_FORMATS),
        )
    )
