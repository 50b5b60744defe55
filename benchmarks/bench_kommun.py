"""`malstyrning assess FOLDER --format json` on a generated kommun: `python benchmarks/bench_kommun.py`.

Writes a kommun of ``--nämnder`` × ``--indikatorer`` (benchmarks/make_kommun.py,
default 15 × 200: 3 000 indicators in 15 nämnd files, each goal serving a
strategic goal of the council's file) and times, in this process, the median
of ``--repeat`` runs of:

- one by one: each file loaded with ``load_plan``, assessed with ``assess`` and
  written with ``to_json``, as a script would do them in turn;
- the kommun: ``load_kommun`` (with the links checked), ``assess_kommun`` (the
  roll-up) and ``kommun_to_json``, what ``assess FOLDER --format json`` does.

Prints JSON with the ratio; the issue's target is the kommun within 1.2× one
by one. Nothing here is a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_diff import median_time  # this folder is on the path of a script run in it

import malstyrning

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nämnder", "--namnder", dest="namnder", type=int, default=15)
    parser.add_argument("--indikatorer", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "2018")
        make = [sys.executable, str(HERE / "make_kommun.py"), str(folder)]
        subprocess.run(
            [*make, "--nämnder", str(args.namnder), "--indikatorer", str(args.indikatorer)], check=True
        )
        files = sorted(folder.glob("*.yaml"))

        def one_by_one() -> None:
            for path in files:
                malstyrning.to_json(malstyrning.assess(malstyrning.load_plan(path), year=2018))

        def kommun() -> None:
            found = malstyrning.assess_kommun(malstyrning.load_kommun(folder), year=2018)
            malstyrning.kommun_to_json(found)

        kommun()  # once first: the same imports and caches warm for both
        separate = median_time(one_by_one, args.repeat)
        together = median_time(kommun, args.repeat)
        indicators = sum(len(malstyrning.load_plan(p).indicators()) for p in files)
        print(
            json.dumps(
                {
                    "files": len(files),
                    "indicators": indicators,
                    "one_by_one_s": round(separate, 3),
                    "kommun_s": round(together, 3),
                    "ratio": round(together / separate, 3),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
