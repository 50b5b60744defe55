"""The HTML follow-up report: one self-contained page, readable without colour, printable.

The structure is checked with the standard library's ``html.parser``; one test
opens the page in headless Chromium (skipped when ``/usr/bin/chromium`` is
missing) to check that a browser renders every chart without errors.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import pytest

import malstyrning
from conftest import PLANS, plan_text
from malstyrning._report._build import build_report
from malstyrning._report._html import render_html

pytest.importorskip("jinja2")
pytest.importorskip("pygal")

GENERATED = dt.date(2018, 2, 15)
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_TIMEOUT = 120  # seconds, for each Chromium run

# Elements that never have an end tag in HTML.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

BLOCKS = {
    "p", "div", "dl", "dt", "dd", "ul", "ol", "li", "table", "caption", "tr", "th", "td",
    "h1", "h2", "h3", "h4", "header", "footer", "section", "article", "figure", "figcaption", "text",
}  # fmt: skip


@dataclass
class Node:
    """An element of the parsed page: enough of a DOM to query it."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """All the text inside, whitespace collapsed; block elements (and SVG text) apart."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in {"style", "svg"}:
                    spaced = child.tag in BLOCKS
                    parts.append(" " if spaced else "")
                    walk(child)
                    parts.append(" " if spaced else "")

        walk(self)
        return " ".join("".join(parts).split())

    def iter(self) -> list[Node]:
        """This element and every element inside it, in document order."""
        found = [self]
        for child in self.children:
            if isinstance(child, Node):
                found.extend(child.iter())
        return found

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Elements with ``tag`` (any when None) whose attributes include ``attrs``.

        ``class_`` matches one class among the element's classes.
        """
        wanted_class = attrs.pop("class_", None)
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and all(node.attrs.get(k) == v for k, v in attrs.items())
            and (wanted_class is None or wanted_class in node.attrs.get("class", "").split())
        ]

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        """The first element matching (see :meth:`find_all`); fails the test if there is none."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}> closes a void element"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """The page as a tree; fails on any element left open or closed out of order."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed <{builder.stack[-1].tag}>"
    assert builder.doctype == "DOCTYPE html"
    return builder.root


def render(
    plan: str | malstyrning.Plan, *, year: int | None = None, years: int = 3, lang: Literal["sv", "en"] = "sv"
) -> str:
    """The HTML report of a plan in plans/ (or a Plan), generated on a fixed date."""
    loaded = plan if isinstance(plan, malstyrning.Plan) else malstyrning.load_plan(PLANS / plan)
    assessment = malstyrning.assess(loaded, year=year)
    return render_html(build_report(loaded, assessment, generated=GENERATED, years=years, lang=lang))


@pytest.fixture(scope="module")
def page_2017() -> str:
    return render("2017.yaml", year=2017)


@pytest.fixture(scope="module")
def doc_2017(page_2017: str) -> Node:
    return parse(page_2017)


def test_title_block_names_organisation_municipality_plan_year_and_date(doc_2017: Node) -> None:
    """The page opens with the report's name and year, then who, where, which plan and when."""
    header = doc_2017.find("header", class_="title-block")
    assert header.find("h1").text() == "Verksamhetsberättelse 2017"
    facts = {div.find("dt").text(): div.find("dd").text() for div in header.find("dl").find_all("div")}
    assert facts == {
        "Organisation": "Arbete och integration",
        "Kommun": "Tyresö",
        "Plan": "Verksamhetsplan 2017",
        "Bedömningsår": "2017",
        "Skapad": "2018-02-15",
    }
    assert doc_2017.find("title").text() == "Verksamhetsberättelse 2017 – Arbete och integration"
    assert len(doc_2017.find_all("h1")) == 1


def test_page_language_is_swedish_by_default(doc_2017: Node) -> None:
    """``<html lang>`` follows the report's language."""
    assert doc_2017.find("html").attrs["lang"] == "sv"


def test_summary_counts_goals_and_indicators_per_bedomning_with_charts(doc_2017: Node) -> None:
    """The summary counts every goal and indicator status, and charts both counts."""
    summary = doc_2017.find("section", id="summary")
    counts = {}
    for table in summary.find_all("table", class_="counts"):
        for row in table.find("tbody").find_all("tr"):
            counts[row.find("th").text()] = int(row.find("td").text())
    assert counts == {
        "✓ Helt uppfyllt": 2,
        "✓ I hög grad uppfyllt": 2,
        "≈ Delvis uppfyllt": 1,
        "✗ Ej uppfyllt": 1,
        "– Ej bedömd": 0,
        "✓ Värde uppnått": 4,
        "≈ Nära värde": 2,
        "✗ Långt ifrån värde": 3,
        "– Inget värde angivet": 0,
    }
    for chart_id in ("summary-goals", "summary-indicators"):
        figure = summary.find("figure", id=chart_id)
        assert figure.find_all("svg")
        assert figure.find("figcaption").text()


@pytest.mark.parametrize("plan", ["2017.yaml", "2018.yaml"])
def test_every_indicator_has_a_chart_figure(plan: str) -> None:
    """Each indicator and verksamhetsmått gets one figure ``chart-<id>`` with an SVG and a caption."""
    loaded = malstyrning.load_plan(PLANS / plan)
    doc = parse(render(loaded))
    figures = doc.find_all("figure", class_="chart")
    assert sorted(f.attrs["data-indicator"] for f in figures) == sorted(i.id for i in loaded.indicators())
    for indicator in loaded.indicators():
        figure = doc.find("figure", id=f"chart-{indicator.id}")
        assert figure.attrs["data-indicator"] == indicator.id
        assert len(figure.find_all("svg")) == 1
        assert figure.find("figcaption").find(class_="chart-title").text() == " ".join(
            indicator.title.split()
        )


def test_charts_tell_status_by_symbol_and_word_not_colour_alone(doc_2017: Node) -> None:
    """Each chart's caption and legend say the bedömning in words, with its symbol."""
    expected = {
        "sommarjobb": "≈ Nära värde",
        "arbetslosa-andel": "✗ Långt ifrån värde",
        "sjukfranvaro-total": "✓ Värde uppnått",
    }
    for indicator, words in expected.items():
        figure = doc_2017.find("figure", id=f"chart-{indicator}")
        assert words in figure.find("figcaption").text()
        legend = " ".join(t.text() for t in figure.find("svg").find_all("text"))
        assert words in legend


def test_chart_marks_target_and_starting_value(doc_2017: Node) -> None:
    """The chart's legend names the target and the starting value, with their years."""
    svg = doc_2017.find("figure", id="chart-sommarjobb").find("svg")
    legend = " ".join(t.text() for t in svg.find_all("text"))
    assert "Mål 2017: 200" in legend
    assert "Ingångsvärde 2016: 102" in legend
    assert svg.find("title").text() == "Arbetscentrum - Antal som fick sommarjobb"


def test_indicator_table_has_the_seed_columns(doc_2017: Node) -> None:
    """Titel | Utfall Y-2 | Utfall Y-1 | Utfall Y | Mål Y | Bedömning | Trend, as in the 2017 follow-up."""
    table = doc_2017.find("article", id="goal-fler-sommarjobb").find("table", class_="indicators")
    head = [th.text() for th in table.find("thead").find_all("th")]
    assert head == ["Titel", "Utfall 2015", "Utfall 2016", "Utfall 2017", "Mål 2017", "Bedömning", "Trend"]
    assert all(th.attrs["scope"] == "col" for th in table.find("thead").find_all("th"))
    row = table.find("tbody").find("tr")
    assert row.find("th").attrs["scope"] == "row"
    assert [td.text() for td in row.find_all("td")] == [
        "108",
        "102",
        "158",
        "200",
        "≈ Nära värde som angiven",  # the plan's angiven_bedömning agrees
        "↗ Ökad som angiven",  # trendpil: förbättring: the arrow is the improvement
    ]


def test_number_of_outcome_years_is_an_option() -> None:
    """``years=2`` gives two outcome columns, ending with the assessed year."""
    doc = parse(render("2017.yaml", year=2017, years=2))
    table = doc.find("article", id="goal-fler-sommarjobb").find("table", class_="indicators")
    head = [th.text() for th in table.find("thead").find_all("th")]
    assert head == ["Titel", "Utfall 2016", "Utfall 2017", "Mål 2017", "Bedömning", "Trend"]


def test_missing_outcomes_show_their_reason(doc_2017: Node) -> None:
    """An outcome marked ``saknas`` shows the reason in its cell, and in the chart's caption."""
    row = doc_2017.find("tr", id="indicator-rekommenderar-arbetsgivare")
    cells = [td.text() for td in row.find_all("td", class_="missing")]
    assert cells == ["Enkät sker enbart vartannat år", "Enkät sker enbart vartannat år"]
    neet = doc_2017.find("tr", id="indicator-unga-neet")
    assert neet.find("td", class_="missing").text() == "Finns ingen statistik framtaget för året."
    caption = doc_2017.find("figure", id="chart-unga-neet").find("figcaption").text()
    assert "2017: Finns ingen statistik framtaget för året." in caption


def test_numbers_are_in_swedish_notation(doc_2017: Node) -> None:
    """Decimal comma, a space between thousands, and " %" after percentages."""
    economy = [td.text() for td in doc_2017.find("tr", id="indicator-ekonomiskt-resultat").find_all("td")]
    assert economy[:3] == ["1 164 tkr", "524 tkr", "-1 684 tkr"]
    sick = [td.text() for td in doc_2017.find("tr", id="indicator-sjukfranvaro-total").find_all("td")]
    assert sick[:4] == ["6,8 %", "4,32 %", "1,18 %", "4 %"]
    assert "Stockholms län: 6,1 % (2017)" in doc_2017.find("tr", id="indicator-arbetslosa-andel").text()


def test_goals_show_computed_and_stated_bedomning_and_mark_disagreement(doc_2017: Node) -> None:
    """Computed and stated bedömning side by side; a disagreement is said in words."""
    agree = doc_2017.find("article", id="goal-inflytande")
    assert "✓ Helt uppfyllt" in agree.find("dl", class_="verdict").text()
    assert not agree.find_all(class_="flag")
    differs = doc_2017.find("article", id="goal-ekonomisk-ram")
    verdict = differs.find("dl", class_="verdict").text()
    assert "Beräknad bedömning ✗ Ej uppfyllt" in verdict
    assert "Angiven bedömning ≈ Delvis uppfyllt ⚠ avviker från den beräknade" in verdict
    assert "underskottet endast 1 894 000 kronor" in differs.find(class_="comment").text()


def test_nested_goals_are_indented_under_their_parent(doc_2017: Node) -> None:
    """A nämndmål under a strategiskt mål sits one step in; the kind is named."""
    parent = doc_2017.find("article", id="goal-lag-arbetsloshet")
    child = doc_2017.find("article", id="goal-inflytande")
    assert parent.attrs["style"] == "--depth: 0"
    assert child.attrs["style"] == "--depth: 1"
    assert "nested" in child.attrs["class"].split()
    assert child.find("p", class_="kind").text() == "Nämndmål"


def test_focus_areas_are_sections_with_goals_as_h3(doc_2017: Node) -> None:
    """Each focus area is a section headed h2, its goals headed h3, in plan order."""
    areas = doc_2017.find_all("section", class_="area")
    assert [area.find("h2").text() for area in areas] == [
        "Blomstrande näringsliv",
        "God och långsiktig hushållning med effektiva verksamheter",
        "Attraktiv arbetsgivare",
    ]
    assert len(areas[0].find_all("h3")) == 3


def test_assignments_guarantees_and_risks_are_tables(doc_2017: Node) -> None:
    """Uppdrag with status and comment, kvalitetsgarantier, and the risk plan with its matrix."""
    assignments = doc_2017.find("section", id="assignments").find("table")
    rows = assignments.find("tbody").find_all("tr")
    assert len(rows) == 8
    done = rows[-1].find_all("td")
    assert done[0].text() == "✓ Genomförd"
    assert done[1].text().startswith("En kartläggning har gjorts")
    assert rows[0].find_all("td")[0].text() == "–"
    guarantees = doc_2017.find("section", id="guarantees").find("table")
    assert [r.find("td").text() for r in guarantees.find("tbody").find_all("tr")] == ["✓ Ja", "✓ Ja"]
    risks = doc_2017.find("section", id="risks")
    assert risks.find("tbody", id="risk-1").find("td").text().startswith("Svårigheter att finna bostäder")
    # No 2017 risk has sannolikhet and konsekvens: a sentence says so, not an empty grid.
    assert not risks.find_all("figure")
    assert risks.find("p", id="risk-matrix").text() == (
        "Ingen risk har både sannolikhet och konsekvens angivna, så det finns ingen riskmatris att visa."
    )


def test_risk_matrix_places_each_scored_risk_by_likelihood_and_consequence() -> None:
    """Risks land in the cell of their sannolikhet (column) and konsekvens (row); unscored risks nowhere."""
    plan = malstyrning.loads_plan(
        plan_text("""
        risker:
          - {risk: Brand, sannolikhet: 2, konsekvens: 4}
          - {risk: Översvämning, sannolikhet: 2, konsekvens: 4}
          - {risk: Strömavbrott, sannolikhet: 4, konsekvens: 1}
          - {risk: Okänd}
        """)
    )
    matrix = parse(render(plan)).find("figure", id="risk-matrix").find("tbody")
    grid = {}
    for row in matrix.find_all("tr"):
        consequence = int(row.find("th").text())
        for likelihood, cell in enumerate(row.find_all("td"), start=1):
            grid[likelihood, consequence] = cell.text()
    assert [th.text() for th in matrix.find_all("th")] == ["4", "3", "2", "1"]  # high consequence on top
    assert grid.pop((2, 4)) == "R1, R2"
    assert grid.pop((4, 1)) == "R3"
    assert set(grid.values()) == {""}


def test_activities_show_status_responsible_and_due_date() -> None:
    """A goal's activities are listed with their status in words."""
    plan = malstyrning.loads_plan(
        plan_text("""
        målområden:
          - titel: Område
            mål:
              - id: g
                titel: Mål
                aktiviteter:
                  - {titel: Ringa runt, ansvarig: Enhetschef, status: försenad, klart: 2018-06-30}
                  - Bara en titel
        """)
    )
    table = parse(render(plan)).find("article", id="goal-g").find("table", class_="activities")
    rows = [
        [cell.text() for cell in row.find_all(None) if cell.tag in {"th", "td"}]
        for row in table.find("tbody").find_all("tr")
    ]
    assert rows == [
        ["Ringa runt", "Enhetschef", "! Försenad", "2018-06-30", ""],
        ["Bara en titel", "–", "–", "–", ""],
    ]
    # At phone width each row is a card with every value under its column's name.
    assert "stack" in table.attrs["class"].split()
    heads = [th.text() for th in table.find("thead").find_all("th")]
    for row in table.find("tbody").find_all("tr"):
        assert [cell.attrs.get("data-label") for cell in row.find_all("td")] == heads[1:]


def test_english_labels_headings_and_number_notation() -> None:
    """With ``lang="en"``: ``<html lang="en">``, English headings and labels, English numbers."""
    html = render("2017.yaml", year=2017, lang="en")
    doc = parse(html)
    assert doc.find("html").attrs["lang"] == "en"
    assert doc.find("h1").text() == "Annual follow-up report 2017"
    table = doc.find("article", id="goal-fler-sommarjobb").find("table", class_="indicators")
    head = [th.text() for th in table.find("thead").find_all("th")]
    assert head == [
        "Title",
        "Outcome 2015",
        "Outcome 2016",
        "Outcome 2017",
        "Target 2017",
        "Assessment",
        "Trend",
    ]
    economy = [td.text() for td in doc.find("tr", id="indicator-ekonomiskt-resultat").find_all("td")]
    assert economy[:3] == ["1,164 tkr", "524 tkr", "-1,684 tkr"]
    assert "✗ Far from target" in doc.find("figure", id="chart-arbetslosa-andel").text()
    # The plan's own sections (avsnitt) are Swedish text, tables included; the rest is labels.
    body = doc.find("body")
    body.children = [child for child in body.children if not _holds_narrative(child)]
    for swedish in ("Utfall", "Bedömning", "Värde uppnått", "Sammanfattning"):
        assert swedish not in body.text()


def _holds_narrative(node: Node | str) -> bool:
    """Drops the plan's narrative sections from ``node`` (in place); True when ``node`` is one."""
    if isinstance(node, str):
        return False
    if "narrative" in node.attrs.get("class", "").split():
        return True
    node.children = [child for child in node.children if not _holds_narrative(child)]
    return False


def test_page_is_self_contained(page_2017: str, doc_2017: Node) -> None:
    """Nothing is fetched and nothing runs: no scripts, no external src/href, no imports in CSS.

    The only "http" in the page are the SVG namespace names, which are names, not addresses.
    """
    for tag in ("script", "link", "img", "iframe", "object", "embed", "image", "use", "base"):
        assert not doc_2017.find_all(tag), f"<{tag}> in the page"
    for node in doc_2017.iter():
        for name, value in node.attrs.items():
            if name in {"src", "href", "xlink:href", "srcset", "action", "data"}:
                assert value.startswith("#"), f"<{node.tag} {name}={value!r}>"
            assert not name.startswith("on"), f"event handler <{node.tag} {name}>"
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    for match in re.finditer(r"\w+://[^\s\"'<>)]*", page_2017):
        assert match.group() in namespaces, match.group()
    styles = " ".join(
        "".join(c for c in style.children if isinstance(c, str)) for style in doc_2017.find_all("style")
    )
    assert "@import" not in styles
    assert re.findall(r"url\((?!#)", styles) == []


@pytest.mark.parametrize("plan", ["2017.yaml", "2018.yaml"])
def test_every_id_on_the_page_is_unique_and_every_link_finds_its_target(plan: str) -> None:
    """Duplicate ids break in-page links and what screen readers announce; a chart
    library's ids repeat in every chart unless they are taken out."""
    doc = parse(render(plan, year=2017))
    ids = [node.attrs["id"] for node in doc.iter() if "id" in node.attrs]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    links = {node.attrs["href"][1:] for node in doc.iter() if node.attrs.get("href", "").startswith("#")}
    assert links <= set(ids)


def test_text_from_the_plan_is_escaped() -> None:
    """Titles and comments are text: markup in them is shown, never run."""
    plan = malstyrning.loads_plan(
        plan_text("""
        målområden:
          - titel: "Område <b>fet</b>"
            mål:
              - id: g
                titel: "Mål <script>alert(1)</script>"
                kommentar: "a & b"
                indikatorer:
                  - {id: i, titel: "<img src=x>", riktning: öka, utfall: {2018: 3}}
        """)
    )
    html = render(plan)
    doc = parse(html)
    assert not doc.find_all("script")
    assert not doc.find_all("img")
    assert not doc.find_all("b")
    assert doc.find("article", id="goal-g").find("h3").text() == "Mål <script>alert(1)</script>"
    assert "a & b" in doc.find("article", id="goal-g").find(class_="comment").text()
    assert doc.find("figure", id="chart-i").find("svg").find("title").text() == "<img src=x>"


def test_print_stylesheet_makes_a_report() -> None:
    """Printing: black text, no shadows, a page per focus area, tables and figures kept whole."""
    doc = parse(render("2017.yaml", year=2017))
    css = "".join(c for c in doc.find("head").find("style").children if isinstance(c, str))
    print_css = css[css.index("@media print") :]
    for rule in (
        "box-shadow: none",
        "color: #000",
        ".area { break-before: page; }",
        "break-inside: avoid",
        "display: none",
    ):
        assert rule in print_css, rule
    assert "@page" in css


def test_rendering_is_deterministic() -> None:
    """The same report renders to the same text: chart ids are numbered, not random."""
    assert render("2018.yaml") == render("2018.yaml")


def test_missing_report_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pygal the renderer raises ModuleNotFoundError naming the ``report`` extra."""
    monkeypatch.setitem(sys.modules, "pygal", None)
    plan = malstyrning.load_plan(PLANS / "2017.yaml")
    report = build_report(plan, malstyrning.assess(plan, year=2017))
    with pytest.raises(ModuleNotFoundError, match=re.escape("pip install 'malstyrning[report]'")):
        render_html(report)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # any fetch would fail, loudly
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT,
        check=False,
    )


def test_chromium_renders_every_chart_without_errors(tmp_path: Path) -> None:
    """Headless Chromium loads the 2017 report without console or network errors,
    keeps every chart's SVG in the rendered DOM, and takes a full-size screenshot."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("headless Chromium test needs /usr/bin/chromium (CI installs it)")
    page = tmp_path / "report-2017.html"
    page.write_text(render("2017.yaml", year=2017), encoding="utf-8")
    url = page.as_uri()

    dumped = _chromium(tmp_path, "--dump-dom", url)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    problems = [
        line
        for line in dumped.stderr.splitlines()
        # The page runs no script, so any console message at all is a problem.
        if ":CONSOLE" in line or "Uncaught" in line or "net::ERR" in line
    ]
    assert problems == []
    dom = parse(dumped.stdout)
    plan = malstyrning.load_plan(PLANS / "2017.yaml")
    for indicator in plan.indicators():
        figure = dom.find("figure", id=f"chart-{indicator.id}")
        svg = figure.find("svg")
        assert svg.find_all("path"), f"chart-{indicator.id} has no lines"
    assert len(dom.find_all("svg")) == len(plan.indicators()) + 2  # and the two summary charts

    shot = tmp_path / "shot.png"
    taken = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,3000", url)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert _png_size(shot) == (1200, 3000)
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one


def test_wide_tables_name_the_column_of_every_cell_for_phone_cards(doc_2017: Node) -> None:
    """At phone width the wide tables stack as cards, each value under its
    column's name: every data cell of a stacked table carries that name, and
    every table but the two-column counts sits in a box that scrolls on its own."""
    stacked = doc_2017.find_all("table", class_="stack")
    assert {table.attrs["class"].split()[0] for table in stacked} == {
        "indicators", "assignments", "guarantees", "risks",
    }  # fmt: skip
    for table in stacked:
        heads = [th.text() for th in table.find("thead").find_all("th")]
        for row in (row for body in table.find_all("tbody") for row in body.find_all("tr")):
            if "risk-comment" in row.attrs.get("class", ""):
                continue  # the risk's comment spans the row, its label in its text
            cells = [cell for cell in row.children if isinstance(cell, Node)]
            assert [cell.attrs.get("data-label") for cell in cells[1:]] == heads[1:]
    boxes = doc_2017.find_all("div", class_="table-wrap")
    boxed = {id(table) for box in boxes for table in box.find_all("table")}
    loose = [table.attrs for table in doc_2017.find_all("table") if id(table) not in boxed]
    assert loose == [{"class": "counts"}] * 2


def _page_widths(tmp_path: Path, page: str, widths: tuple[int, ...]) -> list[dict[str, int]]:
    """The page in an iframe of each width (Chromium will not make its own
    window narrower than 500 px), measured by a script in the frame around it:
    the document's scroll width beside the frame's inner and client width, and
    how far the widest box of stacked cards (an indicator table at phone width)
    would scroll sideways (``boxScroll``)."""
    source = escape(page)
    frames = "".join(
        f'<iframe style="width:{width}px;height:800px;border:0;display:block" srcdoc="{source}"></iframe>'
        for width in widths
    )
    script = """<script>
window.addEventListener("load", () => {
  const sizes = [...document.querySelectorAll("iframe")].map((frame) => {
    const doc = frame.contentDocument;
    const boxes = [...doc.querySelectorAll(".table-wrap")].filter((box) => box.querySelector("table.stack"));
    return {
      scrollWidth: doc.documentElement.scrollWidth,
      clientWidth: doc.documentElement.clientWidth,
      innerWidth: frame.contentWindow.innerWidth,
      boxScroll: Math.max(0, ...boxes.map((box) => box.scrollWidth - box.clientWidth)),
    };
  });
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify(sizes);
  document.body.appendChild(out);
});
</script>"""
    harness = tmp_path / "widths.html"
    harness.write_text(f"<!DOCTYPE html><html><body>{frames}{script}</body></html>", encoding="utf-8")
    dumped = _chromium(tmp_path, "--window-size=1400,900", "--dump-dom", harness.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    found = re.search(r'<pre id="measured">(.*?)</pre>', dumped.stdout, re.DOTALL)
    assert found, dumped.stderr[-2000:]
    sizes: list[dict[str, int]] = json.loads(unescape(found.group(1)))
    return sizes


def test_page_never_scrolls_sideways_at_phone_or_desktop_width(tmp_path: Path) -> None:
    """The 2017 report at 360 and 420 px (a phone) and 1280 px (a desktop):
    the page is never wider than the window; wide tables stack or scroll in
    their own box, and titles wrap."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("headless Chromium test needs /usr/bin/chromium (CI installs it)")
    widths = (360, 420, 1280)
    sizes = _page_widths(tmp_path, render("2017.yaml", year=2017), widths)
    assert [size["innerWidth"] for size in sizes] == list(widths)
    for width, size in zip(widths, sizes, strict=True):
        assert size["scrollWidth"] <= size["clientWidth"] <= size["innerWidth"], (width, size)


def test_values_a_chart_cannot_hold_are_said_in_words() -> None:
    """1e308 beside -1e308 has no axis pygal can draw: the report says so, and
    the rest of the page is there."""
    text = plan_text(
        "verksamhetsmått:\n"
        "  - {id: m, titel: Mått M, riktning: öka, ingångsvärde: -1e308, utfall: {2018: 1e308}}\n"
    )
    plan = malstyrning.loads_plan(text)
    report = malstyrning.build_report(plan, malstyrning.assess(plan), generated=dt.date(2026, 1, 1))
    page = str(malstyrning.render_report(report, "html"))
    assert '<p class="chart-none">Värdena går inte att rita' in page
    assert "Mått M" in page
