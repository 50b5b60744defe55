"""The follow-up report as a PDF: the HTML report laid out on A4 pages.

WeasyPrint lays out the very HTML that :func:`~._html.render_html` writes,
with its print stylesheet (the ``@media print`` part of ``report.css``) and
the page furniture of ``templates/pdf.css``: A4 pages, the report's title in
a running header, "Sida 3 av 12" at the foot of each page, a contents list
with page numbers, and a PDF outline (bookmarks) of the focus areas and
their goals.

Why WeasyPrint rather than a browser's print: it is a library installed by
pip with the ``report`` extra, so there is no browser binary to find, start
and wait for; it makes the PDF outline from the headings (CSS
``bookmark-level``); and it implements CSS paged media (``@page`` size and
margin boxes, ``counter(page)``/``counter(pages)``, ``target-counter``,
``string-set``, ``break-inside: avoid``, table headers repeated on every
page). It needs Pango, a system library (see :func:`_weasyprint`).

The document fetches nothing: every stylesheet and chart is inline, and the
URL fetcher refuses every URL, so text in a plan cannot make the renderer
read a file or the network.
"""

from __future__ import annotations

import contextlib
import io
import string
import sys
from importlib import resources
from typing import Any

from .._errors import MissingExtraError
from .._i18n import tr
from ._build import Report
from ._html import render_html
from ._labels import text

__all__ = ["render_pdf"]

# What the fields of a page-number text ("Sida {page} av {pages}") stand for in CSS.
_COUNTERS = {"page": "counter(page)", "pages": "counter(pages)"}


def render_pdf(report: Report) -> bytes:
    """``report`` as a PDF document (A4), returned as bytes.

    The pages hold what the HTML report holds, charts included, laid out for
    print: each focus area starts a page, no table or chart is split across
    two pages where it fits on one, a long table repeats its header row.
    The outline (bookmarks) lists the focus areas, their goals under them.
    The PDF is tagged (structure for screen readers); its words follow
    ``report.lang``.

    Needs WeasyPrint (the ``report`` extra) and its system library Pango;
    without either it raises :class:`MissingExtraError` (a
    ``ModuleNotFoundError``) saying what to install.
    """
    weasyprint = _weasyprint()
    css = resources.files(__package__).joinpath("templates", "pdf.css").read_text(encoding="utf-8")
    css = css.replace("/* page-of */", _css_content(text("page_n_of_m", report.lang)))
    # In the page's own stylesheet, after report.css: WeasyPrint's `stylesheets=`
    # are user stylesheets, which the page's rules (display: none) would beat.
    html = render_html(report, extra_css="\n" + css)
    document = weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher(weasyprint), media_type="print")
    data = document.write_pdf(pdf_tags=True)
    assert isinstance(data, bytes)  # write_pdf without a target returns the bytes
    return data


def _weasyprint() -> Any:
    """The weasyprint module, or :class:`MissingExtraError` saying what is missing.

    WeasyPrint is a Python package (the ``report`` extra) that loads Pango,
    HarfBuzz and fontconfig, system libraries, when it is imported. Without
    them it raises ``OSError`` and prints a help text on standard output;
    that text is swallowed here (it would end up in a report written to
    stdout) and replaced by one error naming what to install.
    """
    loaded = sys.modules.get("weasyprint")
    if loaded is not None:  # imported before: no need to touch sys.stdout again
        return loaded
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415 (optional: the report extra)
    except ModuleNotFoundError as error:
        raise MissingExtraError(
            tr(
                "PDF reports need the 'report' extra: pip install 'malstyrning[report]'",
                "PDF-rapporten behöver tillägget 'report': pip install 'malstyrning[report]'",
            ),
            name=error.name,
            extra="report",
        ) from error
    except OSError as error:  # a system library WeasyPrint loads is missing
        raise MissingExtraError(
            tr(
                "PDF reports need the Pango library, which WeasyPrint could not load ({reason}): "
                "install Pango 1.44 or later (Debian, Ubuntu: apt install libpango-1.0-0 "
                "libpangoft2-1.0-0; Fedora: dnf install pango; macOS: brew install pango; "
                "Windows: see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)",
                "PDF-rapporten behöver biblioteket Pango, som WeasyPrint inte kunde läsa in ({reason}): "
                "installera Pango 1.44 eller senare (Debian, Ubuntu: apt install libpango-1.0-0 "
                "libpangoft2-1.0-0; Fedora: dnf install pango; macOS: brew install pango; "
                "Windows: se https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)",
                reason=error,
            ),
            name="pango",
            extra="report",
        ) from error
    return weasyprint


def _refusing_fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that fetches nothing: the report is self-contained."""
    return weasyprint.urls.URLFetcher(allowed_protocols=())


def _css_content(template: str) -> str:
    """``"Sida {page} av {pages}"`` → ``"Sida " counter(page) " av " counter(pages)``."""
    parts: list[str] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            parts.append(_css_string(literal))
        if field is not None:
            parts.append(_COUNTERS[field])
    return " ".join(parts)


def _css_string(value: str) -> str:
    """``value`` as a CSS string: every character but letters, digits and spaces escaped."""
    escaped = (char if char.isalnum() or char == " " else f"\\{ord(char):06x}" for char in value)
    return '"' + "".join(escaped) + '"'
