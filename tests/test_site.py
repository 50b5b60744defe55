"""The public follow-up site (`malstyrning site`): its pages, links, headings,
statuses, charts' text alternatives, data files, determinism and incremental writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning._cli import app

TYRESO = PLANS / "tyreso"
DIGG = (
    "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/"
    "anmal-bristande-tillganglighet"
)


@cache
def site(source: str, lang: str = "sv") -> dict[str, bytes]:
    years = malstyrning.load_site_plans(source)
    return malstyrning.build_site(years, lang="en" if lang == "en" else "sv")


class Page(HTMLParser):
    """What the tests read of a page: links, headings, badges, tables, SVGs, ids."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.badges: list[tuple[str, str]] = []  # (class, text)
        self.svgs: list[dict[str, str | None]] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self.lang: str | None = None
        self.landmarks: set[str] = set()
        self._badge: str | None = None
        self._text: list[str] = []
        self._in_thead = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append(str(a[key]))
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in {"header", "nav", "main", "footer"}:
            self.landmarks.add(tag)
        classes = (a.get("class") or "").split()
        if "badge" in classes:
            self._badge = " ".join(classes)
            self._text = []
        if tag == "svg":
            self.svgs.append(a)
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "thead":
            self._in_thead = True
        if tag == "th" and not a.get("scope"):
            self.th_without_scope += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_thead = False
        if tag == "span" and self._badge is not None:
            self.badges.append((self._badge, "".join(self._text).strip()))
            self._badge = None

    def handle_data(self, data: str) -> None:
        if self._badge is not None:
            self._text.append(data)


def pages(files: dict[str, bytes]) -> dict[str, Page]:
    return {name: Page(data.decode("utf-8")) for name, data in files.items() if name.endswith(".html")}


@pytest.fixture(scope="module")
def kommun() -> dict[str, bytes]:
    return site(str(TYRESO / "2018"))


@pytest.fixture(scope="module")
def series() -> dict[str, bytes]:
    return site(str(TYRESO))


def test_the_page_set_follows_the_ids(kommun: dict[str, bytes]) -> None:
    loaded = malstyrning.load_kommun(TYRESO / "2018")
    for name in ("index.html", "oversikt.html", "tillganglighet.html", "site.css", "site.js"):
        assert name in kommun
    assert "data/malstyrning-data.zip" in kommun
    for pf in loaded.plans:
        assert f"plan/{pf.id}.html" in kommun
        assert f"aktiviteter/{pf.id}.html" in kommun
        assert f"oversikt/{pf.id}.html" in kommun
        assert f"data/{pf.id}.json" in kommun
        for area in pf.plan.areas:
            assert f"malomrade/{pf.id}/{area.id}.html" in kommun
        for goal in pf.plan.goals():
            assert f"mal/{pf.id}/{goal.id}.html" in kommun
        for ind in pf.plan.indicators():
            assert f"indikator/{pf.id}/{ind.id}.html" in kommun
            assert f"data/{pf.id}/{ind.id}.csv" in kommun
            assert f"data/{pf.id}/{ind.id}.json" in kommun
        if pf.plan.economy is not None:
            assert f"ekonomi/{pf.id}.html" in kommun


@pytest.mark.parametrize("source", ["kommun", "series", "single"])
def test_every_link_is_relative_and_resolves(source: str, request: pytest.FixtureRequest) -> None:
    files = site(str(PLANS / "2018.yaml")) if source == "single" else request.getfixturevalue(source)
    for name, page in pages(files).items():
        for link in page.links:
            if link == DIGG:
                assert name == "tillganglighet.html"
                continue
            assert "//" not in link, (name, link)
            assert not link.startswith("/"), (name, link)
            assert ":" not in link.split("/")[0], (name, link)  # no scheme: http:, data:, javascript:
            path, _, fragment = link.partition("#")
            if not path:
                assert fragment in page.ids, (name, link)
                continue
            target = str(PurePosixPath(name).parent.joinpath(path))
            parts: list[str] = []
            for part in target.split("/"):
                if part == "..":
                    assert parts, (name, link)  # never above the site's folder
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            assert "/".join(parts) in files, (name, link)


def test_headings_in_order_landmarks_and_tables(series: dict[str, bytes]) -> None:
    for name, page in pages(series).items():
        assert page.lang == "sv", name
        assert page.headings.count(1) == 1, (name, page.headings)
        assert page.headings[0] == 1, (name, page.headings)
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (name, page.headings)
        assert {"header", "nav", "main", "footer"} <= page.landmarks, name
        assert page.tables == page.captions, name
        assert page.th_without_scope == 0, name


def test_status_is_written_beside_its_colour(series: dict[str, bytes]) -> None:
    words: dict[str, set[str]] = {}
    for kind in (malstyrning.GoalStatus, malstyrning.IndicatorStatus, malstyrning.ActivityStatus):
        for code in kind:
            words.setdefault(f"status-{code.value.replace('_', '-')}", set()).add(
                malstyrning.label(code, "sv")
            )
    seen = 0
    for name, page in pages(series).items():
        for classes, text in page.badges:
            status = next(c for c in classes.split() if c.startswith("status-"))
            assert any(word in text for word in words[status]), (name, classes, text)
            assert text[0] in "✓≈✗–»○▶" or text[0].isalpha(), (name, text)
            seen += 1
    assert seen > 100


def test_every_chart_has_a_text_alternative(series: dict[str, bytes]) -> None:
    charts = 0
    for name, page in pages(series).items():
        text = series[name].decode("utf-8")
        for svg in page.svgs:
            charts += 1
            assert svg.get("role") == "img", name
            labelled = str(svg.get("aria-labelledby")).split()
            assert labelled, name
            assert all(ident in page.ids for ident in labelled), name
            assert re.search(r'<table id="c-[0-9a-f]+-table">\s*<caption>', text), name
    assert charts > 15


def test_the_series_runs_over_every_year(series: dict[str, bytes]) -> None:
    text = series["data/arbete-och-integration/arbetslosa-andel.csv"].decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:6] == ["år", "utfall", "saknas", "målvärde", "ingångsvärde", "kommentar"]
    by_year = {row["år"]: row for row in rows}
    assert by_year["2015"]["utfall"] == "3.2"
    assert by_year["2017"]["utfall"] == "3.7"
    page = series["indikator/arbete-och-integration/arbetslosa-andel.html"].decode("utf-8")
    assert "3,7 %" in page
    assert "<svg" in page
    document = json.loads(series["data/arbete-och-integration/arbetslosa-andel.json"])
    assert document["indicator"]["id"] == "arbetslosa-andel"
    assert document["explanation"]["steps"][-1]["step"] == "result"
    plan = malstyrning.assess_kommun(malstyrning.load_site_plans(TYRESO)[-1]).plan("arbete-och-integration")
    assert series["data/arbete-och-integration.json"].decode("utf-8") == malstyrning.to_json(
        plan, indent=None
    )
    with zipfile.ZipFile(io.BytesIO(series["data/malstyrning-data.zip"])) as archive:
        assert "arbete-och-integration/arbetslosa-andel.csv" in archive.namelist()
        assert archive.read("arbete-och-integration/arbetslosa-andel.csv").decode("utf-8") == text
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_council_goal_shows_the_committees_and_its_explanation(kommun: dict[str, bytes]) -> None:
    page = kommun["mal/kf/lag-arbetsloshet.html"].decode("utf-8")
    assert "Nämndernas bidrag" in page
    assert "Arbete och integration" in page
    assert '<ol class="explanation">' in page
    assert "Resultat:" in page or "resultat" in page.lower()


def test_the_accessibility_statement() -> None:
    settings = malstyrning.SiteSettings.model_validate(
        {"kontakt": "tillganglighet@example.se", "förenlighet": "helt", "bedömd": "2026-11-30"}
    )
    files = malstyrning.build_site(malstyrning.load_site_plans(TYRESO / "2018"), settings=settings)
    text = files["tillganglighet.html"].decode("utf-8")
    assert "helt förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service" in text
    assert "tillganglighet@example.se" in text
    assert "2026-11-30" in text
    assert DIGG in text
    default = site(str(TYRESO / "2018"))["tillganglighet.html"].decode("utf-8")
    assert "delvis förenlig" in default
    assert "[webbplats] kontakt i malstyrning.toml är inte angiven" in default
    # "Delvis" with the shortcomings the build knows of, never "no shortcomings are known".
    assert "<li>Breda tabeller rullas i sidled i sin egen ram på en mobil.</li>" in default
    assert "Inga brister är kända" not in default
    stated = malstyrning.SiteSettings.model_validate({"brister": ["Diagrammen saknar ljudbeskrivning."]})
    own = malstyrning.build_site(malstyrning.load_site_plans(TYRESO / "2018"), settings=stated)
    page = own["tillganglighet.html"].decode("utf-8")
    assert "<li>Diagrammen saknar ljudbeskrivning.</li>" in page
    assert "Breda tabeller" not in page


def test_english_chrome_and_the_given_date() -> None:
    years = malstyrning.load_site_plans(TYRESO / "2018")
    files = malstyrning.build_site(years, lang="en", updated=dt.date(2026, 12, 1))
    text = files["index.html"].decode("utf-8")
    assert '<html lang="en">' in text
    assert "Summary" in text
    assert "Last updated 2026-12-01" in text
    assert "Senast uppdaterad" not in text


def test_two_builds_give_the_same_bytes() -> None:
    years = malstyrning.load_site_plans(TYRESO)
    assert malstyrning.build_site(years) == malstyrning.build_site(malstyrning.load_site_plans(TYRESO))


def test_a_changed_outcome_rewrites_only_what_shows_it(tmp_path: Path) -> None:
    plans = tmp_path / "tyreso"
    shutil.copytree(TYRESO, plans)
    out = tmp_path / "site"
    first = malstyrning.write_site(malstyrning.build_site(malstyrning.load_site_plans(plans)), out)
    assert first.written
    assert not first.kept
    assert not first.removed
    again = malstyrning.write_site(malstyrning.build_site(malstyrning.load_site_plans(plans)), out)
    assert not again.written
    assert not again.removed
    assert not again.changed
    stamp = (out / "tillganglighet.html").stat().st_mtime_ns
    plan = plans / "2018" / "socialnamnden.yaml"
    ident = "digitala-ansokningar"
    malstyrning.record_outcome(plan, ident, 2018, 77.5, replace=True)
    changed = malstyrning.write_site(malstyrning.build_site(malstyrning.load_site_plans(plans)), out)
    written = set(changed.written)
    assert f"indikator/socialnamnden/{ident}.html" in written
    assert f"data/socialnamnden/{ident}.csv" in written
    assert f"data/socialnamnden/{ident}.json" in written
    assert "data/malstyrning-data.zip" in written
    assert "data/socialnamnden.json" in written
    assert "tillganglighet.html" not in written
    assert "site.css" not in written
    assert not any(name.startswith(("indikator/arbete-och-integration/", "data/kf/")) for name in written)
    assert len(written) < len(first.written) / 5, sorted(written)
    assert (out / "tillganglighet.html").stat().st_mtime_ns == stamp


def test_write_site_removes_only_what_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "site"
    malstyrning.write_site({"a.html": b"a", "sub/b.html": b"b"}, out)
    (out / "mine.txt").write_text("kept", encoding="utf-8")
    result = malstyrning.write_site({"a.html": b"a2"}, out)
    assert result.written == ("a.html",)
    assert result.removed == ("sub/b.html",)
    assert not (out / "sub").exists()
    assert (out / "mine.txt").read_text(encoding="utf-8") == "kept"
    (out / "a.html").write_bytes(b"zz")  # changed by hand, the same size: written again
    assert malstyrning.write_site({"a.html": b"a2"}, out).written == ("a.html",)
    assert (out / "a.html").read_bytes() == b"a2"
    with pytest.raises(malstyrning.InvalidArgumentError):
        malstyrning.write_site({"../x.html": b"x"}, out)
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("someone's", encoding="utf-8")
    with pytest.raises(malstyrning.OutputExistsError):
        malstyrning.write_site({"index.html": b"x"}, other)
    assert (other / "index.html").read_text(encoding="utf-8") == "someone's"


def test_the_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(TYRESO), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "filer skrivna" in result.output
    assert (out / "index.html").is_file()
    again = runner.invoke(app, ["site", str(TYRESO), "-o", str(out), "--lang", "en"])
    assert again.exit_code == 0
    assert "files written" in again.output
    missing = runner.invoke(app, ["site", str(tmp_path / "nowhere"), "-o", str(out)])
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output
    assert "finns inte" in missing.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan: [\n", encoding="utf-8")
    assert runner.invoke(app, ["site", str(broken), "-o", str(out)]).exit_code == 2


def test_a_council_goal_is_explained_with_the_goals_serving_it() -> None:
    """The explanation of a goal other plans serve counts them, so it ends in the goal's own label."""
    loaded = malstyrning.load_kommun(TYRESO / "2018")
    assessed = malstyrning.assess_kommun(loaded)
    council = loaded.find("kf")
    assert council is not None
    served = [g for g in assessed.plan("kf").goals() if g.contributions]
    assert served
    for goal in served:
        explanation = malstyrning.explain_assessed(council.plan, assessed.plan("kf"), goal.id)
        assert explanation.status == goal.status.value, goal.id
        named = {str(step.facts.get("id")) for step in explanation.steps}
        assert {f"{c.plan}:{c.goal.id}" for c in goal.contributions} <= named


CHROMIUM = Path("/usr/bin/chromium")
_PROBE = (  # after the deferred site.js has run
    "<script>addEventListener('load', function () { parent.postMessage("
    "document.documentElement.scrollWidth + ' ' + innerWidth + ' ' + "
    "(document.getElementById('filters') ? String(document.getElementById('filters').hidden) : '-'), "
    "'*'); });"
    "</script></body>"
)


def _chromium(tmp_path: Path, url: str) -> str:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)

    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            "--window-size=800,900",
            "--virtual-time-budget=3000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "oversikt.html",
        "mal/kf/lag-arbetsloshet.html",
        "indikator/arbete-och-integration/arbetslosa-andel.html",
        "oversikt/socialnamnden.html",
        "aktiviteter/arbete-och-integration.html",
        "ekonomi/arbete-och-integration.html",
        "tillganglighet.html",
    ],
)
def test_no_horizontal_scroll_at_360_px(page: str, tmp_path: Path) -> None:
    """Each page type in a 360 px wide frame (headless Chromium's window is at least
    500 px): the page is no wider than the frame; wide tables scroll in their own box.
    The summary page's filter form is shown by its script."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("needs /usr/bin/chromium")
    out = tmp_path / "site"
    malstyrning.write_site(site(str(TYRESO)), out)
    target = out / page
    probe = target.with_name("zz-probe.html")
    probe.write_text(target.read_text(encoding="utf-8").replace("</body>", _PROBE), encoding="utf-8")
    harness = target.with_name("zz-harness.html")
    harness.write_text(
        '<!DOCTYPE html><html lang="sv"><title>360</title><body style="margin:0">'
        '<iframe title="360" src="zz-probe.html" style="border:0;width:360px;height:800px"></iframe>'
        '<script>addEventListener("message", function (e) { document.body.dataset.probe = e.data; });'
        "</script>"
        "</body></html>",
        encoding="utf-8",
    )
    found = re.search(r'data-probe="(\d+) (\d+) (\w+|-)"', _chromium(tmp_path, harness.as_uri()))
    assert found, page
    scroll, inner, hidden = int(found[1]), int(found[2]), found[3]
    assert inner == 360, page
    assert scroll <= inner, (page, scroll)
    assert hidden == ("false" if page == "oversikt.html" else "-")
