"""The Word report as a printed document: A4, Swedish, tables within the text width with
widths from their content, header rows repeated, page numbers and a table of contents as
fields, and every indicator's chart.

The fast tests read the document's XML; the slow one converts the 2017 report to PDF with
LibreOffice (when it is installed) and reads the PDF with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

import malstyrning
from conftest import PLANS
from malstyrning import Language
from malstyrning._report._axis import chart_levels
from malstyrning._report._build import IndicatorRow, Report, build_report
from malstyrning._report._docx import _measure, render_docx
from malstyrning._report._labels import chartable

docx = pytest.importorskip("docx")

pytest.importorskip("cairosvg")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GENERATED = dt.date(2018, 2, 15)


def report_2017(lang: Language = "sv") -> Report:
    plan = malstyrning.load_plan(PLANS / "2017.yaml")
    return build_report(plan, malstyrning.assess(plan), lang=lang, generated=GENERATED)


_CACHE: dict[str, bytes] = {}


def word(lang: Language = "sv") -> bytes:
    if lang not in _CACHE:
        _CACHE[lang] = render_docx(report_2017(lang))
    return _CACHE[lang]


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def charted(report: Report) -> list[IndicatorRow]:
    """The indicators the report draws a chart for: some value, and values a chart can show."""
    rows = [row for area in report.areas for goal in area.goals for row in goal.indicators]
    rows += report.measures
    return [row for row in rows if chart_levels(row) and chartable(chart_levels(row))]


def text_width(document: Any) -> int:
    section = document.sections[0]
    return int(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)


def grid(table: Any) -> list[int]:
    return [int(column.get(f"{W}w")) for column in table._tbl.tblGrid.findall(f"{W}gridCol")]


def test_page_is_a4_portrait_with_margins() -> None:
    section = docx.Document(io.BytesIO(word())).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.5


@pytest.mark.parametrize(("lang", "tag"), [("sv", "sv-SE"), ("en", "en-GB")])
def test_document_language_is_set_in_the_style_defaults(lang: Language, tag: str) -> None:
    """Spelling is checked in the report's language: docDefaults, Normal and the theme's fonts."""
    styles = part(word(lang), "word/styles.xml")
    defaults = styles[styles.index("<w:docDefaults>") : styles.index("</w:docDefaults>")]
    assert f'<w:lang w:val="{tag}"' in defaults
    assert 'w:val="en-US"' not in defaults
    assert f'<w:themeFontLang w:val="{tag}"' in part(word(lang), "word/settings.xml")


def test_every_table_repeats_its_header_row_and_keeps_rows_whole() -> None:
    document = docx.Document(io.BytesIO(word()))
    assert document.tables
    for table in document.tables:
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)


def test_tables_fill_the_text_width_with_widths_on_grid_and_cells() -> None:
    document = docx.Document(io.BytesIO(word()))
    width = text_width(document)
    for table in document.tables:
        columns = grid(table)
        assert sum(columns) == width
        assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        for row in table._tbl.findall(f"{W}tr"):
            start = 0
            for cell in row.findall(f"{W}tc"):
                span_element = cell.find(f"{W}tcPr/{W}gridSpan")
                span = 1 if span_element is None else int(span_element.get(f"{W}val"))
                assert int(cell.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) == sum(columns[start : start + span])
                start += span


def test_column_widths_follow_the_content() -> None:
    """Titles get the widest column, numbers narrow ones, and no column is narrower than its
    longest word: "Arbetscentrum" is not broken, and the uppdrag table is not one narrow column."""
    document = docx.Document(io.BytesIO(word()))
    cm = 1440 / 2.54
    jobs = "Arbetscentrum - Antal som fick sommarjobb"
    indicators = next(t for t in document.tables if t.rows[-1].cells[0].text.startswith(jobs))
    columns = grid(indicators)
    assert columns[0] == max(columns)
    assert all(columns[0] > 2 * width for width in columns[1:5])  # Utfall 2015–2017, Mål 2017
    assert all(width < 2.5 * cm for width in columns[1:5])
    for table in document.tables:
        assert min(grid(table)) > 0.8 * cm  # "R1", a risk's number, is the narrowest
        if table.rows[0].cells[0].text == "Titel":  # "Arbetscentrum" (13 letters) whole
            assert grid(table)[0] > 2.5 * cm
    assignments = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Titel", "Status", "Kommentar"]
    )
    title, status, comment = grid(assignments)
    assert comment > title > status > 1.5 * cm
    assert title > 4 * cm


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_column_is_narrower_than_its_longest_word(lang: Language) -> None:
    """English labels are longer ("Outcome 2015", "Decreased, improved"): a table whose
    words do not fit at 9 pt is set smaller, down to 7 pt, rather than break a word."""
    document = docx.Document(io.BytesIO(word(lang)))
    for table in document.tables:
        numeric = {i for i, cell in enumerate(table.rows[-1].cells) if cell.paragraphs[0].alignment == 2}
        least, _ = _measure(table, numeric)
        assert all(
            width >= need - 1 for width, need in zip(grid(table), least, strict=True)
        ), [  # twips, rounded
            cell.text for cell in table.rows[0].cells
        ]
        sizes = {
            run.font.size.pt for row in table.rows for c in row.cells for p in c.paragraphs for run in p.runs
        }
        assert min(sizes) >= 7


def test_status_has_symbol_word_and_colour() -> None:
    """Bedömning as the HTML report shows it: symbol, word, and the status colour on both."""
    xml = part(word(), "word/document.xml")
    assert "✗ Långt ifrån värde" in xml
    assert '<w:color w:val="C62828"/>' in xml  # far from target: red, as in the HTML report


def test_footer_numbers_the_pages_with_fields() -> None:
    data = word()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer")]
    footer = "".join(footers)
    assert "Sida " in footer
    assert " av " in footer
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in footer
    assert '<w:instrText xml:space="preserve"> NUMPAGES </w:instrText>' in footer
    # The page number stands at the right margin however short the title: the Footer
    # style's US Letter stops (centre 4680, right 9360 twips) are cleared.
    from docx.enum.text import WD_TAB_ALIGNMENT as TAB  # after the extra's skip

    document = docx.Document(io.BytesIO(data))
    stops = document.sections[0].footer.paragraphs[0].paragraph_format.tab_stops
    kept = [(stop.position.twips, stop.alignment) for stop in stops if stop.alignment != TAB.CLEAR]
    assert kept == [(text_width(document), TAB.RIGHT)]
    assert {stop.position.twips for stop in stops if stop.alignment == TAB.CLEAR} == {4680, 9360}
    assert "Page " in "".join(
        zipfile.ZipFile(io.BytesIO(word("en"))).read(n).decode()
        for n in zipfile.ZipFile(io.BytesIO(word("en"))).namelist()
        if n.startswith("word/footer")
    )


def test_table_of_contents_field_after_the_title_block_and_word_updates_fields() -> None:
    document = docx.Document(io.BytesIO(word()))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.index("TOC Heading") < styles.index("Heading 1")
    xml = part(word(), "word/document.xml")
    assert 'TOC \\o "1-3" \\h' in xml
    assert "Uppdatera fält" in xml  # the placeholder says how to fill it in
    assert '<w:updateFields w:val="true"/>' in part(word(), "word/settings.xml")


def test_one_chart_per_charted_indicator() -> None:
    report = report_2017()
    document = docx.Document(io.BytesIO(word()))
    pictures = document.inline_shapes
    assert len(pictures) == len(charted(report)) > 0
    with zipfile.ZipFile(io.BytesIO(word())) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
    assert len(media) == len(charted(report))
    assert all(name.endswith(".png") for name in media)


def test_no_risk_scores_says_so_in_words() -> None:
    texts = [p.text for p in docx.Document(io.BytesIO(word())).paragraphs]
    assert any(t.startswith("Ingen risk har både sannolikhet och konsekvens") for t in texts)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice (libreoffice) is not installed")
def test_libreoffice_prints_the_2017_report_on_a4_with_every_chart(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    data = word()
    source = tmp_path / "rapport.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    reader = pypdf.PdfReader(tmp_path / "rapport.pdf")
    assert len(reader.pages) > 3
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595) <= 1
        assert abs(float(page.mediabox.height) - 842) <= 1
    document = docx.Document(io.BytesIO(data))
    width = text_width(document)
    assert all(sum(grid(table)) <= width for table in document.tables)
    # LibreOffice lists every image in each page's resources: count them by name.
    images = len({image.name for page in reader.pages for image in page.images})
    assert images == len(charted(report_2017())) == len(document.inline_shapes)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Sida 1 av" in text
