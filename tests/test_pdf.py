"""The follow-up report as a PDF (WeasyPrint), read back with pypdf.

Every page is A4; the foot of each page says "Sida 3 av 12"; each focus area
is a top-level bookmark with its goals under it; the text of every focus area
and goal is in the pages. A PDF of a real plan takes a second or more to lay
out, so the checks on both real plans are marked slow; a small plan keeps a
fast check of each in the default run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib.abc
import io
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, plan_text
from malstyrning import Language
from malstyrning._cli import app

pytest.importorskip("weasyprint", reason="PDF reports need WeasyPrint (the report extra)")
pypdf = pytest.importorskip("pypdf", reason="the PDF is read back with pypdf (the test extra)")

GENERATED = dt.date(2018, 2, 15)
A4 = (595.28, 841.89)  # points

SMALL = plan_text("""
    vision: En vision.
    målområden:
      - id: a
        titel: Trygg uppväxt
        mål:
          - id: g
            titel: Fler unga har sommarjobb
            typ: strategiskt mål
            kommentar: Det gick bra.
            indikatorer:
              - {id: i, titel: Antal sommarjobb, riktning: öka, målvärde: 200, utfall: {2017: 150, 2018: 210}}
            mål:
              - id: g2
                titel: Fler arbetsgivare erbjuder sommarjobb
                mål:
                  - id: g3
                    titel: Varje förvaltning tar emot feriearbetare
                    mål: [{id: g5, titel: Skolan tar emot två feriearbetare}]
              - {id: g4, titel: Fler unga söker sommarjobb}
      - id: b
        titel: Hållbar ekonomi
        mål:
          - {id: h, titel: Budgeten hålls}
    risker:
      - {risk: Färre arbetsgivare, sannolikhet: 2, konsekvens: 3}
    """)


def report_of(plan: malstyrning.Plan, *, lang: Language = "sv") -> malstyrning.Report:
    return malstyrning.build_report(plan, malstyrning.assess(plan), lang=lang, generated=GENERATED)


@functools.cache
def pdf_of(plan_file: str, lang: Language = "sv") -> bytes:
    """The PDF of plans/``plan_file`` (or of SMALL), made once per test run."""
    plan = malstyrning.loads_plan(SMALL) if plan_file == "small" else malstyrning.load_plan(PLANS / plan_file)
    data = malstyrning.render_report(report_of(plan, lang=lang), "pdf")
    assert isinstance(data, bytes)
    return data


def read(data: bytes) -> Any:
    return pypdf.PdfReader(io.BytesIO(data))


def squeezed(text: str) -> str:
    """``text`` without whitespace and soft hyphens: a title wrapped over lines still matches."""
    return re.sub(r"\s+|\u00ad", "", text)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in read(data).pages]


def outline(data: bytes) -> list[tuple[str, list[Any]]]:
    """The bookmarks as (title, children) pairs, children in the same form."""
    reader = read(data)

    def walk(items: Sequence[Any]) -> list[tuple[str, list[Any]]]:
        tree: list[tuple[str, list[Any]]] = []
        for item in items:
            if isinstance(item, list):
                tree[-1][1].extend(walk(item))
            else:
                tree.append((item.title, []))
        return tree

    return walk(reader.outline)


def check_pages(data: bytes, *, fewest: int, most: int) -> None:
    reader = read(data)
    assert fewest <= len(reader.pages) <= most
    for number, page in enumerate(reader.pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1), f"page {number} is {size}, not A4"


def check_page_numbers(data: bytes, words: str) -> None:
    texts = page_texts(data)
    for number, text in enumerate(texts, start=1):
        assert words.format(page=number, pages=len(texts)) in text, f"page {number}"


def check_titles(data: bytes, plan: malstyrning.Plan) -> None:
    """Every focus area's and goal's title is in the text of the pages."""
    text = "\n".join(page_texts(data))
    shown = squeezed(text), squeezed(text.replace("-\n", ""))
    titles = [area.title for area in plan.areas]
    titles += [goal.title for area in plan.areas for goal in _goals(area.goals)]
    assert titles
    missing = [title for title in titles if not any(squeezed(title) in version for version in shown)]
    assert missing == []


def check_outline(data: bytes, plan: malstyrning.Plan) -> None:
    """One top-level bookmark per focus area, its goals under it (nested goals under theirs)."""
    tree = outline(data)
    top = [title for title, _ in tree]

    def check(goals: Sequence[malstyrning.Goal], marks: list[Any]) -> None:
        assert [title for title, _ in marks] == [goal.title for goal in goals]
        for goal, (_, below) in zip(goals, marks, strict=True):
            check(goal.goals, below)

    for area in plan.areas:
        assert top.count(area.title) == 1, (area.title, top)
        check(area.goals, dict(tree)[area.title])
    areas = [title for title in top if title in {area.title for area in plan.areas}]
    assert areas == [area.title for area in plan.areas]  # in the plan's order


def _goals(goals: Sequence[malstyrning.Goal]) -> Iterator[malstyrning.Goal]:
    for goal in goals:
        yield goal
        yield from _goals(goal.goals)


# -- fast: a small plan ----------------------------------------------------------


def test_small_pdf_is_a4_with_page_numbers() -> None:
    data = pdf_of("small")
    assert data.startswith(b"%PDF-")
    check_pages(data, fewest=2, most=6)  # the title page, then a page per focus area
    check_page_numbers(data, "Sida {page} av {pages}")


def test_pdf_running_header_names_the_report_and_the_part_the_page_begins_in() -> None:
    """Every page but the title page is headed by the report's title, year and organisation."""
    first, *rest = page_texts(pdf_of("small"))
    header = "Verksamhetsberättelse 2018 · Testnämnden, Tyresö"
    assert header not in first
    assert rest
    for text in rest:
        assert header in text
    assert f"{header} Trygg uppväxt" in rest[0]


def test_small_pdf_has_the_titles_and_an_outline_of_areas_and_goals() -> None:
    data = pdf_of("small")
    plan = malstyrning.loads_plan(SMALL)
    check_titles(data, plan)
    check_outline(data, plan)
    text = "\n".join(page_texts(data))
    assert "Verksamhetsberättelse 2018" in text
    assert "Risk- och kontrollplan" in text


def test_small_pdf_in_english() -> None:
    data = pdf_of("small", "en")
    check_page_numbers(data, "Page {page} of {pages}")
    assert "Annual follow-up report 2018" in page_texts(data)[0]


def test_pdf_contents_list_gives_each_part_its_page() -> None:
    """The first page lists the parts with the page each starts on (target-counter), as the bookmarks do."""
    data = pdf_of("small")
    reader = read(data)
    starts = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    first = page_texts(data)[0]
    listed = ["Sammanfattning", "Trygg uppväxt", "Hållbar ekonomi", "Risk- och kontrollplan"]
    assert starts["Hållbar ekonomi"] > starts["Trygg uppväxt"] > 1
    for part in listed:
        assert re.search(rf"{part}[ .]*{starts[part]}\n", first), first


def test_pdf_is_tagged_and_titled() -> None:
    reader = read(pdf_of("small"))
    assert reader.metadata.title == "Verksamhetsberättelse 2018 – Testnämnden"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


@pytest.mark.slow
def test_pdf_is_the_same_each_time() -> None:
    """The same report gives the same bytes (no dates or random ids inside): archived copies compare."""
    again = malstyrning.render_report(report_of(malstyrning.loads_plan(SMALL)), "pdf")
    assert again == pdf_of("small")


def test_pdf_fetches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were an address ever in the page (plan text is escaped, so it is not), nothing is fetched."""
    import urllib.request

    from malstyrning._report import _pdf

    fetched: list[object] = []

    def fetch(self: object, request: object, *args: object, **kwargs: object) -> None:
        fetched.append(request)
        raise OSError("no network in tests")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", fetch)
    page = '<p>x</p><img src="file:///etc/passwd"><link rel="stylesheet" href="http://example.com/x.css">'

    def render_html(report: malstyrning.Report, *, extra_css: str = "") -> str:
        return f"<html><head><style>{extra_css}</style></head><body>{page}</body></html>"

    monkeypatch.setattr(_pdf, "render_html", render_html)
    data = _pdf.render_pdf(report_of(malstyrning.loads_plan(SMALL)))
    assert data.startswith(b"%PDF-")
    assert fetched == []


# -- slow: both real plans --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("plan_file", "fewest", "most"), [("2017.yaml", 6, 16), ("2018.yaml", 6, 20)])
def test_real_plan_pdf_pages(plan_file: str, fewest: int, most: int) -> None:
    data = pdf_of(plan_file)
    check_pages(data, fewest=fewest, most=most)
    check_page_numbers(data, "Sida {page} av {pages}")


@pytest.mark.slow
@pytest.mark.parametrize("plan_file", ["2017.yaml", "2018.yaml"])
def test_real_plan_pdf_has_every_area_and_goal(plan_file: str) -> None:
    data = pdf_of(plan_file)
    plan = malstyrning.load_plan(PLANS / plan_file)
    check_titles(data, plan)
    check_outline(data, plan)


# -- the command line ---------------------------------------------------------------

runner = CliRunner()


@pytest.mark.parametrize("how", [["-o", "{dir}/rapport.pdf"], ["-f", "pdf", "-o", "{dir}/rapport.bin"]])
def test_cli_writes_a_pdf(tmp_path: Path, how: list[str]) -> None:
    """`-o r.pdf` (the format from the suffix) or `--format pdf -o FILE` writes a PDF."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(SMALL, encoding="utf-8")
    args = [arg.format(dir=tmp_path) for arg in how]
    result = runner.invoke(app, ["report", str(plan), *args])
    assert result.exit_code == 0, result.output
    target = Path(args[-1])
    assert target.read_bytes().startswith(b"%PDF-")
    assert f"skrev {target}" in result.output


def test_cli_refuses_to_print_a_pdf(tmp_path: Path) -> None:
    """A PDF is a file: without -o, nothing is printed but the reason."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(app, ["report", str(plan), "--format", "pdf"])
    assert result.exit_code == 2
    assert "ange -o FIL.pdf" in result.stderr
    assert "%PDF" not in result.output
    assert result.stdout == ""


# -- WeasyPrint's system libraries missing --------------------------------------------


class _NoPango(importlib.abc.MetaPathFinder):
    """Imports weasyprint as it fails without Pango: a help text on stdout, then OSError."""

    def find_spec(self, name: str, path: object, target: ModuleType | None = None) -> None:
        if name == "weasyprint":
            print("\n-----\n\nWeasyPrint could not import some external libraries.\n\n-----\n")
            raise OSError("cannot load library 'pango-1.0-0': pango-1.0-0: cannot open shared object file")


@contextlib.contextmanager
def _without_pango(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    yield


def test_missing_pango_is_an_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with _without_pango(monkeypatch), pytest.raises(malstyrning.MissingExtraError) as caught:
        malstyrning.render_report(report_of(malstyrning.loads_plan(SMALL)), "pdf")
    assert caught.value.name == "pango"
    assert "Pango" in str(caught.value)
    assert "apt install libpango-1.0-0" in str(caught.value)
    assert capsys.readouterr().out == ""  # WeasyPrint's own help text is not printed


def test_cli_without_pango_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SMALL, encoding="utf-8")
    with _without_pango(monkeypatch):
        result = runner.invoke(app, ["report", str(plan), "-o", str(tmp_path / "r.pdf"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("PDF reports need the Pango library")
    assert "Traceback" not in result.output
    assert not (tmp_path / "r.pdf").exists()
