"""Every text of the plan is in every report format: nothing the plan holds is dropped.

Each text field of both real plans (titles, descriptions, comments,
activities, uppdrag, risks, comparison names, units, sources, saknas
reasons, the narrative sections' titles and text, their tables' titles,
units, column and row headings, ...) is looked for in the text a reader sees of each format: the
Markdown as rendered to HTML by a CommonMark renderer, the HTML page's text
(charts aside), the Word document's paragraphs and table cells, the Excel
workbook's cells and cell comments. Whitespace is normalised, since a long
YAML text may be folded differently.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from enum import StrEnum
from html.parser import HTMLParser
from typing import Any

import pytest
from pydantic import BaseModel

import malstyrning
from conftest import PLANS

PLAN_FILES = ("2017.yaml", "2018.yaml")
DAY = dt.date(2026, 11, 23)


def plan_texts(value: object, name: str = "") -> Iterator[str]:
    """Every text a plan holds: its fields of free text, not ids, codes or numbers."""
    if isinstance(value, StrEnum) or name.endswith(".id") or name == "BudgetRow.parts":  # ids
        return
    if isinstance(value, str):
        # A section's text (and a table's kommentar) is paragraphs and "- " lists: the
        # reports show the items, not the dashes.
        yield re.sub(r"(?m)^\s*- ", "", value) if name in {"Section.text", "Table.comment"} else value
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from plan_texts(getattr(value, field), f"{type(value).__name__}.{field}")
    elif isinstance(value, tuple):
        for item in value:
            yield from plan_texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from plan_texts(key)  # a comparison's name
            yield from plan_texts(item)


def normal(text: str) -> str:
    return " ".join(text.split())


class _Text(HTMLParser):
    """The text of an HTML page as a reader sees it: no style, no chart."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "svg", "script", "title"}:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "svg", "script", "title"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return normal(" ".join(parser.parts))


def report_of(plan_file: str) -> malstyrning.Report:
    plan = malstyrning.load_plan(PLANS / plan_file)
    return malstyrning.build_report(plan, malstyrning.assess(plan), generated=DAY)


def markdown_text(report: malstyrning.Report) -> str:
    from markdown_it import MarkdownIt

    markdown = malstyrning.render_report(report, "md")
    assert isinstance(markdown, str)
    return html_text(MarkdownIt("commonmark").enable("table").render(markdown))


def page_text(report: malstyrning.Report) -> str:
    html = malstyrning.render_report(report, "html")
    assert isinstance(html, str)
    return html_text(html)


def word_text(report: malstyrning.Report) -> str:
    docx = pytest.importorskip("docx")
    data = malstyrning.render_report(report, "docx")
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return normal(" ".join(parts))


def excel_text(report: malstyrning.Report) -> str:
    openpyxl = pytest.importorskip("openpyxl")
    data = malstyrning.render_report(report, "xlsx")
    assert isinstance(data, bytes)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    parts: list[str] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    parts.append(str(cell.value))
                if cell.comment is not None:
                    parts.append(cell.comment.text)
    return normal(" ".join(parts))


FORMATS: dict[str, Any] = {
    "md": markdown_text,
    "html": page_text,
    "docx": word_text,
    "xlsx": excel_text,
}


@pytest.mark.parametrize("plan_file", PLAN_FILES)
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_text_of_the_plan_is_in_the_report(fmt: str, plan_file: str) -> None:
    """Each text field of the plan appears, whitespace normalised, in the format's text."""
    report = report_of(plan_file)
    shown = FORMATS[fmt](report)
    plan = malstyrning.load_plan(PLANS / plan_file)
    missing = sorted({normal(text) for text in plan_texts(plan)} - {""})
    missing = [text for text in missing if text not in shown]
    assert missing == []


def test_markdown_and_html_show_the_same_details(tmp_path: Any) -> None:
    """A goal's beskrivning, an outcome's and a target's kommentar, an activity's ansvarig: in both."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "plan: P\norganisation: O\når: 2018\nmålområden:\n  - titel: A\n    mål:\n"
        "      - titel: G\n        beskrivning: Målets beskrivning\n"
        "        indikatorer:\n          - id: i\n            titel: I\n            riktning: öka\n"
        "            målvärde: {värde: 5, kommentar: Målets källa}\n"
        "            utfall: {2018: {värde: 4, kommentar: Preliminärt}}\n"
        "        aktiviteter:\n          - {titel: Gör, ansvarig: Chefen, status: pågående}\n",
        encoding="utf-8",
    )
    plan = malstyrning.load_plan(path)
    report = malstyrning.build_report(plan, malstyrning.assess(plan), generated=DAY)
    for shown in (markdown_text(report), page_text(report)):
        for words in (
            "Målets beskrivning",
            "Mål 2018: 5 – Målets källa",
            "Preliminärt",
            "Chefen",
            "… Pågående",
        ):
            assert words in shown


ACTIVITIES = """\
plan: Verksamhetsplan 2026
organisation: Nämnden
år: 2026
målområden:
  - titel: Arbete
    mål:
      - id: m1
        titel: Fler i arbete
        indikatorer:
          - id: i1
            titel: Andel i arbete
            enhet: "%"
            riktning: öka
            ingångsvärde: {värde: 40, år: 2025}
            målvärde: 50
            utfall: {2026: 45}
            aktiviteter:
              - titel: Jobbmässa i Tyresö centrum
                ansvarig: Arbetsmarknadsenheten
                status: pågående
                klart: 2026-10-31
                kommentar: Två mässor i stället för en
verksamhetsmått:
  - id: v1
    titel: Antal deltagare
    utfall: {2026: 120}
    aktiviteter:
      - titel: Uppsökande arbete i skolorna
        kommentar: Tillsammans med gymnasiet
"""


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_an_indicators_own_activities_are_in_every_format(fmt: str, tmp_path: Any) -> None:
    """Activities under an indicator (and a verksamhetsmått), not only under a goal."""
    path = tmp_path / "plan.yaml"
    path.write_text(ACTIVITIES, encoding="utf-8")
    plan = malstyrning.load_plan(path)
    shown = FORMATS[fmt](malstyrning.build_report(plan, malstyrning.assess(plan), generated=DAY))
    texts = [normal(text) for text in plan_texts(plan)]
    assert "Jobbmässa i Tyresö centrum" in texts
    assert "Tillsammans med gymnasiet" in texts
    assert [text for text in texts if text not in shown] == []
    if fmt != "xlsx":  # Excel: a date cell and a status column of their own
        assert "Pågående" in shown
        assert "2026-10-31" in shown
