"""Activities and uppdrag in every report format (issue 14): the status as of the
report's day (the latest dated report made by the end of the assessed period, else
the plan's status), the history of dated reports under each table (framflyttad with
till and skäl), samverkan and beslutad; an indicator's activities beside its goal's.

plans/2020-handlingsplan.yaml (Täby's action plan, år 2021) has reports dated
2021-09-15 (framflyttad) and 2022-03-16 (the March 2022 report back): a report for
2021 shows the first, one for 2022 both.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import malstyrning
from conftest import PLANS, plan_text
from malstyrning import Language
from malstyrning._model import ActivityStatus
from malstyrning._report._build import Report, build_report
from malstyrning._report._docx import render_docx
from malstyrning._report._html import render_html
from malstyrning._report._markdown import render_markdown
from malstyrning._report._xlsx import render_xlsx
from test_html import CHROMIUM, _page_widths

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

GENERATED = dt.date(2022, 3, 20)
POSTPONED = (
    "2021-09-15: » Framflyttad till 2022-03 – skäl: Verksamheten var inne i en fas av "
    "diskussion om metod och roller som ska ingå."
)
DONE_LATER = "2022-03-16: ✓ Genomförd – Redovisas tillsammans med aktivitetskraven"
PARTNERS = "Samverkan: Arbetsförmedlingen; Beslutad: Gymnasie- och näringslivsnämnden 2020-02-20"


@functools.cache
def action_plan() -> malstyrning.Plan:
    return malstyrning.load_plan(PLANS / "2020-handlingsplan.yaml")


def report_for(year: int, lang: Language = "sv") -> Report:
    plan = action_plan()
    return build_report(plan, malstyrning.assess(plan, year=year), lang=lang, generated=GENERATED)


def statuses(report: Report) -> dict[str | None, ActivityStatus | None]:
    return {item.id: item.status for area in report.areas for goal in area.goals for item in goal.items}


def test_the_status_is_as_of_the_end_of_the_assessed_year() -> None:
    """2021: only the September 2021 move is made by 31 December; 2022: the March reports too."""
    early = report_for(2021)
    assert early.as_of == dt.date(2021, 12, 31)
    assert statuses(early) == {
        "aktivitetskrav": None,
        "uppfoljningsforum": ActivityStatus.POSTPONED,
        "kombinationsutbildningar": None,
        "crm-verktyg": None,
        "utvardering-foretag": None,
    }
    late = report_for(2022)
    assert statuses(late) == {
        "aktivitetskrav": ActivityStatus.DONE,
        "uppfoljningsforum": ActivityStatus.DONE,
        "kombinationsutbildningar": ActivityStatus.ONGOING,
        "crm-verktyg": ActivityStatus.ONGOING,
        "utvardering-foretag": ActivityStatus.DONE,
    }
    (forum,) = (i for a in late.areas for g in a.goals for i in g.items if i.id == "uppfoljningsforum")
    assert [(r.date.isoformat(), r.status) for r in forum.history] == [
        ("2021-09-15", ActivityStatus.POSTPONED),
        ("2022-03-16", ActivityStatus.DONE),
    ]


def test_a_report_during_the_year_counts_the_reports_made_by_its_period_end() -> None:
    plan = action_plan()
    report = build_report(plan, malstyrning.assess(plan, period="2022-T1"), generated=GENERATED)
    assert report.as_of == dt.date(2022, 4, 30)
    assert statuses(report)["aktivitetskrav"] is ActivityStatus.DONE


def test_markdown_shows_status_now_history_and_partners() -> None:
    text = render_markdown(report_for(2022))
    row = (
        "| Inrättandet av mångkompetent uppföljningsforum (uppfoljningsforum) | Täby kompetenscenter"
        " | ✓ Genomförd | 2021-09-30 |  |"
    )
    assert row in text
    assert f"- **uppfoljningsforum** – {PARTNERS}" in text
    assert f"  - {POSTPONED}" in text
    assert f"  - {DONE_LATER}" in text
    assert "… Pågående" in text
    assert "Samverkan: Näringslivsenheten, Nyföretagarcentrum" in text
    # The history is oldest first: the move before what came of it.
    assert text.index(POSTPONED) < text.index(DONE_LATER)


def test_markdown_in_2021_shows_only_what_was_reported_by_its_end() -> None:
    text = render_markdown(report_for(2021))
    assert "| » Framflyttad |" in text
    assert f"  - {POSTPONED}" in text
    assert "2022-03-16" not in text


def test_html_shows_status_now_history_and_partners() -> None:
    page = html.unescape(render_html(report_for(2022)))
    assert '<th scope="row">Inrättandet av mångkompetent uppföljningsforum (uppfoljningsforum)</th>' in page
    assert '<td class="status-text" data-label="Status">✓ Genomförd</td>' in page
    assert f"<li><strong>uppfoljningsforum</strong> – {PARTNERS}" in page
    assert f'<li class="status-postponed">{POSTPONED}</li>' in page
    assert f'<li class="status-done">{DONE_LATER}' in page


def test_html_page_with_items_never_scrolls_sideways(tmp_path: Path) -> None:
    """The action plan's report at phone (390 px) and desktop (1280 px) width: never
    wider than the window, the activities' cards fit the screen."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("headless Chromium test needs /usr/bin/chromium (CI installs it)")
    widths = (390, 1280)
    sizes = _page_widths(tmp_path, render_html(report_for(2022)), widths)
    assert [size["innerWidth"] for size in sizes] == list(widths)
    for width, size in zip(widths, sizes, strict=True):
        assert size["scrollWidth"] <= size["clientWidth"] <= size["innerWidth"], (width, size)
        if width < 640:
            assert size["boxScroll"] == 0, (width, size)


def paragraphs(document: Any) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_word_shows_status_now_history_and_partners() -> None:
    document = docx.Document(io.BytesIO(render_docx(report_for(2022))))
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert [
        "Inrättandet av mångkompetent uppföljningsforum (uppfoljningsforum)",
        "Täby kompetenscenter",
        "2021-09-30",
        "✓ Genomförd",
        "",
    ] in cells
    found = paragraphs(document)
    assert ("List Bullet", f"uppfoljningsforum – {PARTNERS}") in found
    assert ("List Bullet 2", POSTPONED) in found
    assert any(style == "List Bullet 2" and words.startswith(DONE_LATER) for style, words in found)


def sheet_rows(sheet: Any) -> list[dict[str, Any]]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_excel_has_a_row_per_dated_report() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report_for(2022))))
    assert workbook.sheetnames.index("Rapporter") == workbook.sheetnames.index("Uppdrag") + 1
    rows = sheet_rows(workbook["Rapporter"])
    assert [(r["Id"], r["Statuskod"]) for r in rows] == [
        ("aktivitetskrav", "done"),
        ("uppfoljningsforum", "postponed"),
        ("uppfoljningsforum", "done"),
        ("kombinationsutbildningar", "ongoing"),
        ("crm-verktyg", "ongoing"),
        ("utvardering-foretag", "done"),
    ]
    moved = rows[1]
    assert moved["Typ"] == "Aktivitet"
    assert moved["Datum"] == dt.datetime(2021, 9, 15)
    assert moved["Status"] == "Framflyttad"
    assert moved["Till"] == "2022-03"
    assert moved["Skäl"].startswith("Verksamheten var inne i en fas")
    assert rows[2]["Text"].startswith("Redovisas tillsammans")
    activities = {r["Id"]: r for r in sheet_rows(workbook["Aktiviteter"])}
    forum = activities["uppfoljningsforum"]
    assert (forum["Status"], forum["Samverkan"], forum["Beslutad av"]) == (
        "Genomförd",
        "Arbetsförmedlingen",
        "Gymnasie- och näringslivsnämnden",
    )
    assert forum["Beslutsdatum"] == dt.datetime(2020, 2, 20)
    assert activities["crm-verktyg"]["Samverkan"] == "Näringslivsenheten, Nyföretagarcentrum"


def test_english_words() -> None:
    text = render_markdown(report_for(2022, lang="en"))
    assert (
        "  - 2021-09-15: » Postponed to 2022-03 – reason: Verksamheten var inne i en fas av diskussion"
        in text
    )
    assert "Partners: Arbetsförmedlingen; Decided: Gymnasie- och näringslivsnämnden 2020-02-20" in text


ITEMS = """\
    målområden:
      - titel: Arbete
        mål:
          - id: jobb
            titel: Fler i arbete
            indikatorer:
              - id: andel
                titel: Andel i arbete
                enhet: "%"
                riktning: öka
                utfall: {2018: 70}
                aktiviteter:
                  - id: matchning
                    titel: Matchning mot arbetsgivare
                    status: pågående
    uppdrag:
      - id: u1
        titel: Utreda sommarjobben
        ansvarig: Arbetscentrum
        samverkan: [Näringslivet]
        rapporter:
          - {datum: 2018-06-01, status: framflyttad, till: 2018-10, skäl: Ingen tid}
          - {datum: 2019-02-01, status: genomförd}
"""


Render = Callable[[Report], str]


def _docx_text(report: Report) -> str:
    document = docx.Document(io.BytesIO(render_docx(report)))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_text(report: Report) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    values = [v for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row]
    return "\n".join(str(v) for v in values if v is not None)


@pytest.mark.parametrize(
    "render",
    [render_markdown, lambda r: html.unescape(render_html(r)), _docx_text, _xlsx_text],
    ids=["md", "html", "docx", "xlsx"],
)
def test_every_format_shows_an_indicators_activities_and_the_uppdrag(
    render: Render, write_plan: Callable[[str], Path]
) -> None:
    """An indicator's activity is shown with its goal's (and says its indicator); an
    uppdrag's status is as of the year's end (its 2019 report not yet made)."""
    plan = malstyrning.load_plan(write_plan(plan_text(ITEMS)))
    report = build_report(plan, malstyrning.assess(plan, year=2018), generated=GENERATED)
    text = render(report)
    assert "Matchning mot arbetsgivare" in text
    assert "Utreda sommarjobben" in text
    assert "2019-02-01" not in text
    if render is not _xlsx_text:
        assert "Indikator: Andel i arbete" in text
        assert "2018-06-01: » Framflyttad till 2018-10 – skäl: Ingen tid" in text
    else:
        assert "Ingen tid" in text
        assert "andel" in text  # the indicator's id beside its activity
