"""`malstyrning diff` of two generated kommuner: `python benchmarks/bench_diff.py`.

Writes a kommun of ``--nämnder`` × ``--indikatorer`` (benchmarks/make_kommun.py,
default 15 × 200: 3 000 indicators in 15 files plus the council's) and its
``--changed`` copy, then times, in this process, loading both folders
(``load_plan_folder`` twice) against the whole diff (loading both, comparing,
and writing the terminal text), each the median of ``--repeat`` runs; and the
same as the command in a fresh interpreter (start-up included). Prints JSON
with the ratio. The issue's target: the diff within 1.5× the time of loading
both. Nothing here is a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import malstyrning

HERE = Path(__file__).resolve().parent


def median_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nämnder", "--namnder", dest="namnder", type=int, default=15)
    parser.add_argument("--indikatorer", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp, "old"), Path(tmp, "new")
        for out, extra in ((old, []), (new, ["--changed"])):
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "make_kommun.py"),
                    str(out),
                    "--nämnder",
                    str(args.namnder),
                    "--indikatorer",
                    str(args.indikatorer),
                    *extra,
                ],
                check=True,
            )

        def load_both() -> object:
            return malstyrning.load_plan_folder(old), malstyrning.load_plan_folder(new)

        def whole_diff() -> str:
            diffs = malstyrning.diff_plan_sets(
                malstyrning.load_plan_folder(old), malstyrning.load_plan_folder(new)
            )
            return malstyrning.format_diff(diffs)

        whole_diff()  # warm: imports, caches
        load = median_time(load_both, args.repeat)
        diff = median_time(whole_diff, args.repeat)
        plans_old, plans_new = load_both()
        compare = median_time(lambda: malstyrning.diff_plan_sets(plans_old, plans_new), args.repeat)
        lines = whole_diff().count("\n")

        def command(*arguments: str) -> float:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "malstyrning", *arguments], check=True, capture_output=True)
            return time.perf_counter() - start

        validate = statistics.median(
            command("validate", *map(str, sorted(old.glob("*.yaml")) + sorted(new.glob("*.yaml"))))
            for _ in range(3)
        )
        cli = statistics.median(command("diff", str(old), str(new)) for _ in range(3))
    print(
        json.dumps(
            {
                "indicators_per_side": args.namnder * args.indikatorer,
                "files_per_side": args.namnder + 1,
                "load_both_s": round(load, 4),
                "diff_s": round(diff, 4),
                "compare_only_s": round(compare, 4),
                "ratio_diff_to_load": round(diff / load, 3),
                "diff_lines": lines,
                "cli_validate_both_s": round(validate, 4),
                "cli_diff_s": round(cli, 4),
                "cli_ratio": round(cli / validate, 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
