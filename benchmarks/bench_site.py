"""`malstyrning site` on a generated kommun: `python benchmarks/bench_site.py`.

Writes a kommun of ``--nämnder`` × ``--indikatorer`` (benchmarks/make_kommun.py,
default 15 × 200: 3 000 indicators) into a year folder ``<tmp>/plans/2018`` and
times the command ``malstyrning site plans -o site`` (a new process each time,
start-up included, as a CI job runs it):

- a full build into an empty folder;
- a rebuild with nothing changed (nothing is written);
- a rebuild after one outcome changed (``record_outcome`` on one indicator of
  one nämnd): the time, and which files were written;

then, in this process, the parts of a full build (``load_site_plans``,
``build_site``, ``write_site`` into a new folder), and the largest page (HTML)
before compression. The issue's targets: a full
build under 20 s, a rebuild after one outcome under 3 s, no page over 150 kB.
Prints JSON. Nothing here is a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import malstyrning

HERE = Path(__file__).resolve().parent
_T = TypeVar("_T")


def command(plans: Path, out: Path) -> tuple[float, str]:
    """``malstyrning site PLANS -o OUT`` in a new process: the time and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "malstyrning", "site", str(plans), "-o", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start, done.stdout.strip()


def timed(part: Callable[[], _T]) -> tuple[float, _T]:
    start = time.perf_counter()
    found = part()
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nämnder", "--namnder", dest="namnder", type=int, default=15)
    parser.add_argument("--indikatorer", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plans = Path(tmp, "plans")
        folder = plans / "2018"
        make = [sys.executable, str(HERE / "make_kommun.py"), str(folder)]
        subprocess.run(
            [*make, "--nämnder", str(args.namnder), "--indikatorer", str(args.indikatorer)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        out = Path(tmp, "site")
        full, full_said = command(plans, out)
        same, same_said = command(plans, out)
        plan = folder / "namnd-01.yaml"
        ident = malstyrning.load_plan(plan).indicators()[0].id
        manifest = json.loads((out / malstyrning.SITE_MANIFEST).read_text(encoding="utf-8"))["files"]
        malstyrning.record_outcome(plan, ident, 2018, 12345.5, replace=True)
        changed, changed_said = command(plans, out)
        after = json.loads((out / malstyrning.SITE_MANIFEST).read_text(encoding="utf-8"))["files"]
        rewritten = sorted(name for name in after if after[name] != manifest.get(name))
        load, years = timed(lambda: malstyrning.load_site_plans(plans))
        make, files = timed(lambda: malstyrning.build_site(years))
        write, _ = timed(lambda: malstyrning.write_site(files, Path(tmp, "again")))
        pages = {name: len(data) for name, data in files.items() if name.endswith(".html")}
        largest = max(pages, key=lambda name: pages[name])
        print(
            json.dumps(
                {
                    "files": len(files),
                    "pages": len(pages),
                    "full_build_s": round(full, 2),
                    "full_build": full_said,
                    "rebuild_unchanged_s": round(same, 2),
                    "rebuild_unchanged": same_said,
                    "rebuild_one_outcome_s": round(changed, 2),
                    "rebuild_one_outcome": changed_said,
                    "rebuild_one_outcome_files": rewritten,
                    "in_process_load_s": round(load, 2),
                    "in_process_build_s": round(make, 2),
                    "in_process_write_new_s": round(write, 2),
                    "largest_page": largest,
                    "largest_page_kB": round(pages[largest] / 1000, 1),
                    "site_MB": round(sum(len(data) for data in files.values()) / 1e6, 1),
                },
                indent=2,
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
