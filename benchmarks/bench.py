"""Speed and memory figures for benchmarks/README.md: `python benchmarks/bench.py`.

Each figure is measured in a fresh subprocess (so imports and caches count as
they do for a user), repeated, and reported as the median. Nothing here is a
test: the numbers depend on the machine.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_plan import plan_text  # noqa: E402

_TYPER_HELLO = """
from pathlib import Path
from typing import Annotated
import typer
app = typer.Typer()
@app.command()
def hello(plan: Path, year: Annotated[int | None, typer.Option()] = None) -> None:
    from rich.console import Console
    Console().print(f"[bold]{plan}[/bold] {year}")
@app.command()
def other() -> None:
    pass
app()
"""
_PYDANTIC_HELLO = """
from pydantic import BaseModel
class Plan(BaseModel):
    year: int
print(Plan(year=2018))
"""


def median_seconds(command: list[str], runs: int, *, check: bool = True) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=check, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mb(code: str) -> tuple[float, float]:
    """(seconds, peak resident MB) of running ``code`` in a fresh interpreter."""
    probe = (
        "import resource, time\nstart = time.perf_counter()\n" + code + "\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=ROOT)
    seconds, megabytes = out.stdout.split()[-2:]
    return float(seconds), float(megabytes)


def main() -> None:
    python = sys.executable
    figures: dict[str, float] = {}
    bare = median_seconds([python, "-c", "pass"], 15)
    figures["python -c pass (ms)"] = bare * 1000
    figures["import malstyrning over bare (ms)"] = (
        median_seconds([python, "-c", "import malstyrning"], 15) - bare
    ) * 1000
    figures["malstyrning assess plans/2018.yaml (ms)"] = (
        median_seconds([python, "-m", "malstyrning", "assess", "plans/2018.yaml"], 15) * 1000
    )
    version = median_seconds([python, "-m", "malstyrning", "--version"], 15)
    figures["malstyrning --version (ms)"] = version * 1000
    # What the libraries alone cost to import, for comparison with the figures above.
    for label, code in (
        ("pydantic BaseModel", "from pydantic import BaseModel"),
        ("pydantic BaseModel + the plan's models", "import malstyrning._model._plan"),
        ("typer", "import typer"),
        ("rich.console", "import rich.console"),
        ("typer + rich.console", "import typer, rich.console"),
        ("BaseModel + typer + rich.console", "from pydantic import BaseModel; import typer, rich.console"),
    ):
        figures[f"import {label} over bare (ms)"] = (median_seconds([python, "-c", code], 15) - bare) * 1000

    # The floor under any command built on the project's stack: the smallest
    # typer command that prints with rich (typer 0.29 builds a pydantic
    # TypeAdapter per parameter), and the smallest pydantic model.
    for label, code in (
        ("a one-command typer app printing with rich", _TYPER_HELLO),
        ("a one-field pydantic model", _PYDANTIC_HELLO),
    ):
        figures[f"floor: {label} (ms)"] = (
            median_seconds([python, "-c", code, "hello", "plan.yaml"], 15) * 1000
        )

    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "plan-10000.yaml"
        big.write_text(plan_text(10_000), encoding="utf-8")
        figures["10 000-indicator plan (MB)"] = big.stat().st_size / 1e6
        parse_s, parse_mb = peak_mb(
            f"import yaml\nyaml.load(open({str(big)!r}, encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
        )
        _, baseline_mb = peak_mb("import yaml")
        assess_cmd = [python, "-m", "malstyrning", "assess", str(big), "--format", "json"]
        assess_s = median_seconds(assess_cmd, 3)
        _, assess_mb = peak_mb(
            "import malstyrning\n"
            f"p = malstyrning.load_plan({str(big)!r})\n"
            "malstyrning.to_json(malstyrning.assess(p))"
        )
        broken = Path(folder) / "plan-10000-broken.yaml"
        text = big.read_text(encoding="utf-8")
        at = text.rfind("            titel:")
        broken.write_text(text[:at] + "            tittel: x\n" + text[at:], encoding="utf-8")
        validate_s = median_seconds([python, "-m", "malstyrning", "validate", str(broken)], 3, check=False)
        _, validate_mb = peak_mb(
            "import malstyrning\n"
            f"try: malstyrning.load_plan({str(broken)!r})\n"
            "except malstyrning.PlanError: pass"
        )
        figures["validate, one misspelt key near the end (s)"] = validate_s
        figures["peak MB: load_plan of that broken plan"] = validate_mb
        figures["PyYAML CSafeLoader parse only (s)"] = parse_s
        figures["assess --format json, whole command (s)"] = assess_s
        figures["ratio assess / PyYAML parse"] = assess_s / parse_s
        figures["peak MB: PyYAML parse"] = parse_mb
        figures["peak MB: load + assess + json"] = assess_mb
        figures["peak MB: bare python + yaml"] = baseline_mb

        # The engine on a loaded plan, one core: each indicator on its own, and
        # whole-plan assess (with goal roll-ups); Python's garbage collector as
        # is, and paused during each timing as timeit does by default.
        engine = (
            "import gc, statistics, sys, time, malstyrning\n"
            f"p = malstyrning.load_plan({str(big)!r})\n"
            "inds = p.indicators()\n"
            "if sys.argv[1] == 'paused': gc.disable()\n"
            "one, whole = [], []\n"
            "for _ in range(15):\n"
            "    start = time.perf_counter()\n"
            "    for i in inds: malstyrning.assess_indicator(i, year=2018)\n"
            "    one.append(len(inds) / (time.perf_counter() - start))\n"
            "    start = time.perf_counter()\n"
            "    malstyrning.assess(p, year=2018)\n"
            "    whole.append(len(inds) / (time.perf_counter() - start))\n"
            "print(statistics.median(one), statistics.median(whole))"
        )
        for collector in ("as is", "paused"):
            command = [python, "-c", engine, collector]
            out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
            one, whole = out.stdout.split()[-2:]
            figures[f"engine: assess_indicator, indicators per second, collector {collector}"] = float(one)
            figures[f"engine: assess(plan), indicators per second, collector {collector}"] = float(whole)

    print(json.dumps({k: round(v, 3) for k, v in figures.items()}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
