"""Accessibility: axe-core finds nothing on the HTML report (WCAG 2.0/2.1 A and AA).

The reports are written by the CLI, as a user would, and checked in headless
Chromium at phone and desktop width (tests/a11y_check.py, tests/a11y/axe.mjs).
axe checks the contrast of every HTML text, the status badges among them; the
text inside the SVG charts it cannot (it reads no background there), so the
status colours are also checked here against white and their badges' tint.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from a11y_check import WIDTHS, axe_available, axe_run, describe, undecided_in, violations_in
from conftest import PLANS, ROOT

# The report pages the test renders: the plan, and the CLI's other arguments.
PAGES = {
    "report-2017.html": ["2017.yaml"],
    "report-2016-delar.html": ["2016-delar.yaml"],
    "report-2020-handlingsplan.html": ["2020-handlingsplan.yaml", "--återrapportering", "2022-03"],
    # A kommun's year: the nämnder's contributions to the council's goals, in tables of their own.
    "report-tyreso-2018.html": ["tyreso/2018"],
}

STATUS_CLASSES = {
    "status-reached", "status-close", "status-far", "status-not-assessed",
    "status-fully", "status-largely", "status-partly", "status-not-met",
}  # fmt: skip


def _write_report(tmp_path: Path, name: str, arguments: list[str]) -> Path:
    out = tmp_path / name
    plan, *rest = arguments
    _malstyrning("report", str(PLANS / plan), *rest, "-o", str(out))
    return out


def _malstyrning(*arguments: str) -> None:
    """The command line, as a user runs it (this checkout's code)."""
    done = subprocess.run(
        [sys.executable, "-m", "malstyrning", *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_report_pages_have_no_axe_violations(tmp_path: Path) -> None:
    """Zero violations on each report at 390 and 1280 px, and between them the
    pages show a badge in every status colour, so axe checked each one's contrast."""
    pages = [_write_report(tmp_path, name, arguments) for name, arguments in PAGES.items()]
    answer = axe_run(pages)
    found = violations_in(answer)
    assert sorted(found) == sorted(str(page.resolve()) for page in pages)
    assert all(tuple(widths) == WIDTHS for widths in found.values())
    assert not any(v for widths in found.values() for v in widths.values()), (
        f"axe-core {answer['axe']} in {answer['browser']}:\n{describe(found)}"
    )
    # What axe could not decide is only the contrast of text it cannot place (the SVG charts).
    assert undecided_in(answer) <= {"color-contrast"}, undecided_in(answer)
    shown = {
        status
        for page in pages
        for status in re.findall(r'class="badge (status-[a-z-]+)"', page.read_text(encoding="utf-8"))
    }
    assert shown == STATUS_CLASSES


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _tint(colour: str, share: float) -> str:
    """``color-mix(in srgb, colour share, white)``, as the badges' background."""
    mixed = [round(int(colour[i : i + 2], 16) * share + 255 * (1 - share)) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def test_status_colours_have_text_contrast() -> None:
    """Every status colour of the stylesheet reads as text (WCAG AA, 4.5:1) on white
    and on its badge's 9 % tint; the charts use the same colours."""
    css = (ROOT / "src" / "malstyrning" / "_report" / "templates" / "report.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--(reached|largely|close|far|none):\s*(#[0-9a-f]{6})", css))
    assert set(colours) == {"reached", "largely", "close", "far", "none"}
    charts = (ROOT / "src" / "malstyrning" / "_report" / "_charts.py").read_text(encoding="utf-8")
    assert set(re.findall(r'Status\.\w+: "(#[0-9a-f]{6})"', charts)) == set(colours.values())
    for name, colour in colours.items():
        assert _contrast(colour, "#ffffff") >= 4.5, name
        assert _contrast(colour, _tint(colour, 0.09)) >= 4.5, name


def _site_pages(folder: Path) -> list[Path]:
    """One page of each type of the site in ``folder``: the pages at its top, then the
    first page of each folder of pages (nämnd, målområde, goal, indicator, ...)."""
    chosen = sorted(folder.glob("*.html"))
    kinds = sorted({page.parent for page in folder.rglob("*.html")} - {folder})
    tops = sorted({kind.relative_to(folder).parts[0] for kind in kinds})
    for top in tops:
        chosen.append(sorted((folder / top).rglob("*.html"))[0])
    return chosen


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_site_pages_have_no_axe_violations(tmp_path: Path, lang: str) -> None:
    """Zero violations on every page type of the site of the example kommun (both years:
    series, council goals with the nämnder's, the summary with its filter script, the
    accessibility statement), at 390 and 1280 px."""
    out = tmp_path / "site"
    _malstyrning("site", str(PLANS / "tyreso"), "-o", str(out), "--lang", lang)
    pages = _site_pages(out)
    names = {str(page.relative_to(out)).split("/")[0] for page in pages}
    assert {"index.html", "oversikt.html", "tillganglighet.html", "mal", "indikator", "malomrade"} <= names
    answer = axe_run(pages)
    found = violations_in(answer)
    assert sorted(found) == sorted(str(page.resolve()) for page in pages)
    assert not any(v for widths in found.values() for v in widths.values()), (
        f"axe-core {answer['axe']} in {answer['browser']}:\n{describe(found)}"
    )
    shown = {
        status
        for page in pages
        for status in re.findall(r'class="[^"]*\b(status-[a-z-]+)\b', page.read_text(encoding="utf-8"))
    }
    assert shown >= STATUS_CLASSES  # every status colour stands on a page axe checked


@pytest.mark.slow
def test_the_summary_filter_works_and_is_announced(tmp_path: Path) -> None:
    """The summary page's script filters by status, nämnd and words, and says in a live
    region how many goals are shown; without the script the form stays hidden."""
    why = axe_available()
    if why:
        pytest.skip(why)
    out = tmp_path / "site"
    _malstyrning("site", str(PLANS / "tyreso" / "2018"), "-o", str(out))
    page = out / "oversikt.html"
    html = page.read_text(encoding="utf-8")
    assert '<form class="filters" id="filters" hidden>' in html  # no script: no form, every row
    done = subprocess.run(
        [
            "node",
            str(ROOT / "tests" / "a11y" / "filter.mjs"),
            str(page),
            "largely",
            "socialnamnden",
            "sjukfrånvaro",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    answer = json.loads(done.stdout)
    total, steps = answer["total"], answer["steps"]
    rows = re.findall(r'<tr data-status="([a-z_]+)" data-plan="([^"]+)"', html)
    assert len(rows) == total
    assert steps["loaded"]["formShown"]
    assert steps["loaded"]["rows"] == total
    largely = sum(1 for status, _ in rows if status == "largely")
    both = sum(1 for status, plan in rows if status == "largely" and plan == "socialnamnden")
    assert steps["status"]["rows"] == largely
    assert steps["status"]["said"] == f"Visar {largely} av {total} mål"
    assert steps["plan"]["rows"] == both
    assert steps["plan"]["live"] == "polite"
    assert 0 < steps["search"]["rows"] < largely
    assert steps["search"]["said"] == f"Visar {steps['search']['rows']} av {total} mål"
