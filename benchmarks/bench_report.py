"""Time the follow-up report in every format: `python benchmarks/bench_report.py`.

Two parts, for issue 12's targets:

1. `malstyrning report plans/2017.yaml` in each format the installed
   malstyrning offers (``malstyrning.REPORT_FORMATS``: md, html, docx, xlsx,
   and pdf where it is there), each as a whole command in a fresh interpreter
   (start-up included) and as the library call ``render_report`` alone (the
   plan loaded and assessed once, the format's libraries imported before the
   timing). Each figure is the median of ``--repeats`` runs (default 7); the
   ratio to HTML is printed beside it (the issue asks for docx and pdf within
   3 × of html).
2. The HTML report of a generated plan of ``--indicators`` indicators
   (default 1 000; ``generate_plan.py --rich``: outcomes over five years, two
   comparison series and comments, so every indicator gets a chart), as a
   whole command and as ``render_report`` alone (the issue asks for under
   10 s). ``--skip-big`` leaves it out.

Nothing here is a test: the numbers depend on the machine. Run it with the
malstyrning you mean to time importable (``PYTHONPATH=src`` in a worktree).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_plan import plan_text  # noqa: E402

PLAN_2017 = ROOT / "plans" / "2017.yaml"

# Times render_report alone: the plan is loaded, assessed and built once, the
# format rendered once to import its libraries, then timed.
_RENDER = """
import statistics, sys, time, malstyrning
plan = malstyrning.load_plan(sys.argv[1])
report = malstyrning.build_report(plan, malstyrning.assess(plan))
fmt, repeats = sys.argv[2], int(sys.argv[3])
malstyrning.render_report(report, fmt)
times = []
for _ in range(repeats):
    start = time.perf_counter()
    malstyrning.render_report(report, fmt)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def formats() -> tuple[str, ...]:
    """The report formats of the malstyrning this interpreter imports."""
    out = subprocess.run(
        [sys.executable, "-c", "import malstyrning; print(*malstyrning.REPORT_FORMATS)"],
        check=True,
        capture_output=True,
        text=True,
    )
    return tuple(out.stdout.split())


def command_seconds(plan: Path, fmt: str, repeats: int, folder: Path) -> float:
    """Median seconds of `malstyrning report PLAN --format FMT -o FILE --force`, start-up included."""
    target = folder / f"report.{fmt}"
    command = [
        sys.executable,
        "-m",
        "malstyrning",
        "report",
        str(plan),
        "--format",
        fmt,
        "-o",
        str(target),
        "--force",
    ]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def render_seconds(plan: Path, fmt: str, repeats: int) -> float:
    """Median seconds of ``render_report(report, fmt)`` alone, in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _RENDER, str(plan), fmt, str(repeats)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="runs per figure (the median is shown)")
    parser.add_argument("--indicators", type=int, default=1000, help="indicators in the generated plan")
    parser.add_argument("--skip-big", action="store_true", help="leave out the generated plan")
    options = parser.parse_args()

    available = formats()
    print(f"malstyrning report formats: {', '.join(available)}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(f"\nplans/2017.yaml, median of {options.repeats} runs")
        print(f"{'format':<8}{'command (s)':>13}{'× html':>9}{'render (ms)':>14}{'× html':>9}")
        command: dict[str, float] = {}
        render: dict[str, float] = {}
        for fmt in available:
            command[fmt] = command_seconds(PLAN_2017, fmt, options.repeats, folder)
            render[fmt] = render_seconds(PLAN_2017, fmt, options.repeats)
        for fmt in available:
            print(
                f"{fmt:<8}{command[fmt]:>13.3f}{command[fmt] / command['html']:>9.2f}"
                f"{render[fmt] * 1000:>14.1f}{render[fmt] / render['html']:>9.2f}"
            )
        for fmt in ("docx", "pdf"):
            if fmt in available:
                # The target is the command a user runs; render_report alone is
                # shown beside it, since start-up hides most of the HTML report's cost.
                ratio = command[fmt] / command["html"]
                verdict = "met" if ratio <= 3 else "NOT met"
                print(
                    f"{fmt} command within 3 × html: {verdict} ({ratio:.2f} ×; "
                    f"render_report alone {render[fmt] / render['html']:.2f} ×)"
                )
            else:
                print(f"{fmt}: not offered by this malstyrning")

        if options.skip_big:
            return
        big = folder / f"plan-{options.indicators}.yaml"
        big.write_text(plan_text(options.indicators, rich=True), encoding="utf-8")
        repeats = max(1, min(options.repeats, 3))
        whole = command_seconds(big, "html", repeats, folder)
        alone = render_seconds(big, "html", repeats)
        size = (folder / "report.html").stat().st_size / 1e6
        print(
            f"\ngenerated plan, {options.indicators} indicators with charts "
            f"({big.stat().st_size / 1e6:.1f} MB YAML, {size:.1f} MB HTML), median of {repeats} runs"
        )
        for what, seconds in (("report --format html, whole command", whole), ("render_report alone", alone)):
            print(f"{what}: {seconds:.2f} s ({'met' if seconds < 10 else 'NOT met'}: < 10 s)")


if __name__ == "__main__":
    main()
