"""`malstyrning due` on a plan of 2 000 items: `python benchmarks/bench_due.py`.

Writes a plan with ``--items`` uppdrag (each with a klart, a decision, two
partners and two dated status reports, a fifth of them moved to the next
report back) and four reports back listing a quarter of the items each, then
times the whole command `malstyrning due PLAN --on 2021-10-01` in a fresh
interpreter (start-up, reading the plan and listing included; median of
``--repeat``) and `malstyrning.due` alone on the loaded plan (best of
``--repeat``). Prints JSON. The issue's target: under 0.5 s wall for 2 000
items. Nothing here is a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import malstyrning


def plan_text(items: int) -> str:
    lines = ["plan: Handlingsplan", "organisation: Nämnden", "år: 2021", "uppdrag:"]
    for n in range(items):
        moved = n % 5 == 0
        lines += [
            f"  - id: punkt-{n}",
            f"    titel: Punkt {n} i handlingsplanen",
            "    ansvarig: Enheten",
            f"    klart: 2021-{1 + n % 12:02d}-28",
            "    beslutad: {av: Nämnden, datum: 2020-02-20}",
            "    samverkan: [Arbetsförmedlingen, Näringslivsenheten]",
            "    rapporter:",
            "      - {datum: 2020-09-15, status: pågående, text: Arbetet har börjat.}",
            "      - {datum: 2021-09-15, status: framflyttad, till: 2022-03, skäl: Metod diskuteras.}"
            if moved
            else "      - {datum: 2021-03-15, status: genomförd, text: Klart.}",
        ]
    lines.append("återrapportering:")
    for k, when in enumerate(("2020-09", "2021-03", "2021-09", "2022-03")):
        ids = ", ".join(f"punkt-{n}" for n in range(k, items, 4))
        lines.append(f"  - {{datum: {when}, punkter: [{ids}]}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(plan_text(args.items), encoding="utf-8")
        command = [sys.executable, "-m", "malstyrning", "due", str(path), "--on", "2021-10-01"]
        walls = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=True)
            walls.append(time.perf_counter() - start)
        plan = malstyrning.load_plan(path)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            malstyrning.due(plan, on=dt.date(2021, 10, 1))
            times.append(time.perf_counter() - start)
        best = min(times)
        found = malstyrning.due(plan, on=dt.date(2021, 10, 1))
        print(
            json.dumps(
                {
                    "items": args.items,
                    "bytes": path.stat().st_size,
                    "command_median_s": round(statistics.median(walls), 3),
                    "due_alone_ms": round(best * 1000, 1),
                    "listed": len(found.items),
                    "moved": len(found.moved),
                    "output_lines": done.stdout.decode("utf-8").count("\n"),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
