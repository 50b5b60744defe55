"""CSV import figures for benchmarks/README.md: `python benchmarks/bench_import.py [ROWS]`.

Issue 11: an import is one parse and one write, so 100 000 rows against a plan
the size of plans/2018.yaml take under 5 s and 300 MB. A plan that size (17 kB)
has too few indicators for 100 000 distinct (indicator, year) rows (years run
1900–2200), so the generated plan has 400 short indicators in 21 kB; the
first half have four outcomes, the rest none (their `utfall` is made by the
import). The CSV gives each indicator 250 years: some replace an outcome,
some are unchanged, one in ten has a kommentar, one in twenty is `saknas`.

Each figure is measured in a fresh interpreter, three times, and the median
reported, with the peak resident memory of that run. Also measured: every
indicator of plans/2018.yaml for every year 1900–2200. Nothing here is a test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEARS = range(1951, 2201)  # 250 years
RUNS = 3


def plan_text(indicators: int) -> str:
    """A valid plan of ``indicators`` short indicators; the first half with four outcomes."""
    lines = ["plan: Importplan", "organisation: Benchmarknämnden", "år: 2018", "verksamhetsmått:"]
    for number in range(indicators):
        lines += [f"  - id: m{number}", f"    titel: Mått {number}"]
        if number < indicators // 2:
            lines.append("    utfall:")
            lines += [f"      {year}: {number % 90 + year % 7}" for year in range(2015, 2019)]
    return "\n".join(lines) + "\n"


def csv_text(ids: list[str], years: range) -> str:
    """``indikator;år;värde;kommentar;saknas`` rows, the Swedish way, for every id and year."""
    rows = ["indikator;år;värde;kommentar;saknas"]
    for position, ident in enumerate(ids):
        for year in years:
            row = position * len(years) + year
            if row % 20 == 0:
                rows.append(f"{ident};{year};;;Ingen mätning")
            else:
                comment = f"Kommentar {row}" if row % 10 == 3 else ""
                rows.append(f"{ident};{year};{row % 97},{row % 10};{comment};")
    return "\n".join(rows) + "\n"


_WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""
_API = [sys.executable, "-c", "import sys, malstyrning; malstyrning.import_csv(sys.argv[1], sys.argv[2])"]
_CLI = [sys.executable, "-m", "malstyrning", "import"]


def measure(command: list[str], plan: str, rows: Path, folder: Path) -> tuple[float, float]:
    """Median seconds and that run's peak MB of ``command PLAN ROWS``, whole process, each run
    on a fresh copy of ``plan``."""
    figures = []
    for _ in range(RUNS):
        target = folder / "plan.yaml"
        target.write_text(plan, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", _WRAPPER, *command, str(target), str(rows)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        seconds, peak = (float(part) for part in done.stdout.split())
        figures.append((round(seconds, 2), round(peak)))
    return sorted(figures)[len(figures) // 2]


def main() -> None:
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    indicators = -(-wanted // len(YEARS))
    plan = plan_text(indicators)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        rows = folder / "utfall.csv"
        rows.write_text(csv_text([f"m{n}" for n in range(indicators)], YEARS), encoding="utf-8")
        results["generated plan"] = f"{indicators} indicators, {len(plan.encode()) / 1000:.0f} kB"
        results["rows"] = indicators * len(YEARS)
        results["import_csv (API): s, peak MB"] = measure(_API, plan, rows, folder)
        results["malstyrning import (CLI, table printed): s, peak MB"] = measure(_CLI, plan, rows, folder)

        real = (ROOT / "plans" / "2018.yaml").read_text(encoding="utf-8")
        shutil.copyfile(ROOT / "plans" / "2018.yaml", folder / "2018.yaml")
        import malstyrning  # noqa: PLC0415

        ids = [indicator.id for indicator in malstyrning.load_plan(folder / "2018.yaml").indicators()]
        rows.write_text(csv_text(ids, range(1900, 2201)), encoding="utf-8")
        results["plans/2018.yaml, every indicator 1900-2200: rows"] = len(ids) * 301
        results["plans/2018.yaml: import_csv (API): s, peak MB"] = measure(_API, real, rows, folder)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
