"""The follow-up report in Markdown: golden files, and the parts every report must have."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, assert_matches_golden
from malstyrning._cli import app

DAY = dt.date(2026, 11, 23)


def markdown(plan: str, *, years: int = 3, lang: Literal["sv", "en"] = "sv") -> str:
    loaded = malstyrning.load_plan(PLANS / plan)
    assessment = malstyrning.assess(loaded)
    report = malstyrning.build_report(loaded, assessment, generated=DAY, years=years, lang=lang)
    text = malstyrning.render_report(report, "md")
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize("plan", ["2017.yaml", "2018.yaml"])
def test_matches_golden_file(plan: str) -> None:
    """The whole report, byte for byte (MALSTYRNING_UPDATE_GOLDEN=1 rewrites it and fails)."""
    text = markdown(plan)
    assert_matches_golden(f"report_{plan.removesuffix('.yaml')}.md", text)


def test_content_of_the_2017_report() -> None:
    """Title block, summary, goals with stated and computed bedömning, the seed-style table."""
    text = markdown("2017.yaml")
    assert text.startswith("# Verksamhetsberättelse 2017: Arbete och integration\n")
    assert "| Skapad | 2026-11-23 |" in text
    assert "## Sammanfattning" in text
    assert "- **Angiven bedömning:** Delvis uppfyllt ⚠ *avviker från den beräknade*" in text
    assert "| Titel | Utfall 2015 | Utfall 2016 | Utfall 2017 | Mål 2017 | Bedömning | Trend |" in text
    assert (
        "| Arbetscentrum - Antal som fick sommarjobb | 108 | 102 | 158 | 200 | ≈ Nära värde (som angiven) |"
        in text
    )
    assert "*Enkät sker enbart vartannat år*" in text  # a missing outcome shows its reason
    assert "| 6,8 % | 4,32 % | 1,18 % | 4 % |" in text  # Swedish notation
    assert "## Risk- och kontrollplan" in text
    assert "## Kvalitetsgarantier" in text


def test_tables_are_well_formed() -> None:
    """Every table row has as many cells as its header: no stray pipes from the plan's text."""
    for plan in ("2017.yaml", "2018.yaml"):
        rows = [line for line in markdown(plan).splitlines() if line.startswith("|")]
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert widths <= {3, 4, 5, 6, 8}, widths


def test_years_option_and_english() -> None:
    """--years sets the number of outcome columns; English labels with lang en."""
    text = markdown("2018.yaml", years=2, lang="en")
    assert "| Title | Outcome 2016 | Outcome 2017 | Target 2017 | Assessment | Trend |" in text
    assert "# Operational plan 2018: Arbete och integration" in text  # rapport: {typ: verksamhetsplan}
    assert "Strategic goal:" in text


def test_risk_matrix_places_scored_risks(tmp_path: Path) -> None:
    """A risk scored sannolikhet × konsekvens appears in its matrix cell."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "plan: P\norganisation: O\når: 2018\nrisker:\n"
        "  - {risk: Bostäder saknas, sannolikhet: 3, konsekvens: 4}\n"
        "  - {risk: Personal slutar, sannolikhet: 3, konsekvens: 4}\n",
        encoding="utf-8",
    )
    loaded = malstyrning.load_plan(path)
    text = malstyrning.render_report(malstyrning.build_report(loaded, malstyrning.assess(loaded)), "md")
    assert "| 4 |  |  | R1, R2 |  |" in str(text)  # konsekvens 4 row, sannolikhet 3 column


def test_cli_report(tmp_path: Path) -> None:
    """`report PLAN` prints Markdown; `-o FILE.md` writes it; docx without -o is refused."""
    runner = CliRunner()
    printed = runner.invoke(app, ["report", str(PLANS / "2017.yaml")])
    assert printed.exit_code == 0, printed.output
    assert printed.output.startswith("# Verksamhetsberättelse 2017")
    target = tmp_path / "rapport.md"
    written = runner.invoke(app, ["report", str(PLANS / "2017.yaml"), "-o", str(target), "--year", "2016"])
    assert written.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Verksamhetsberättelse 2016")
    refused = runner.invoke(app, ["report", str(PLANS / "2017.yaml"), "--format", "docx"])
    assert refused.exit_code == 2
    assert "ange -o FIL.docx" in refused.stderr
    unknown = runner.invoke(app, ["report", str(PLANS / "2017.yaml"), "-o", str(tmp_path / "r.odt")])
    assert unknown.exit_code == 2
