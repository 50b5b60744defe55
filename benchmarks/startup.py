"""Start-up beside the stack's floor: `python benchmarks/startup.py [rounds]`.

Issue 10's targets: `malstyrning assess plans/2018.yaml` within 1.2 x a
four-line typer program that prints one line with rich (the least any
command built on typer and rich costs), and `import malstyrning` under
+5 ms over a bare interpreter. The programs are run in turn, round after
round, each in a fresh interpreter, so a change in the machine's speed
touches all of them alike; the figures are medians. Nothing here is a test.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The floor: a four-line typer command that takes a plan file, as every
# malstyrning command does, and prints one line with rich.
TYPER_RICH = """\
import pathlib, typer, rich
app = typer.Typer()
app.command()(lambda plan: rich.print(f"[bold]{pathlib.Path(plan).name}[/bold]"))
app(["plans/2018.yaml"])
"""

PROGRAMS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "import malstyrning": [sys.executable, "-c", "import malstyrning"],
    "typer + rich, one line (floor)": [sys.executable, "-c", TYPER_RICH],
    "malstyrning --version": [sys.executable, "-m", "malstyrning", "--version"],
    "malstyrning assess plans/2018.yaml": [sys.executable, "-m", "malstyrning", "assess", "plans/2018.yaml"],
}


def measure(rounds: int) -> dict[str, float]:
    """Median wall time in ms of each program, run in turn ``rounds`` times."""
    times: dict[str, list[float]] = {name: [] for name in PROGRAMS}
    for _ in range(rounds):
        for name, command in PROGRAMS.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    figures = measure(rounds)
    for name, ms in figures.items():
        print(f"{name:40} {ms:7.1f} ms")
    bare, floor = figures["python -c pass"], figures["typer + rich, one line (floor)"]
    over = figures["import malstyrning"] - bare
    print(f"{'import malstyrning over bare':40} {over:+7.1f} ms (target < +5)")
    ratio = figures["malstyrning assess plans/2018.yaml"] / floor
    print(f"{'assess / floor':40} {ratio:7.2f} x   (target <= 1.2)")


if __name__ == "__main__":
    main()
