"""Assessing during the year: `python benchmarks/bench_periods.py`.

The 10 000-indicator plan of ``generate_plan.py`` (outcomes 2013–2017, plan
year 2018), assessed three ways: for the whole year 2018 (no period values:
what every plan without periods pays), at 2018-T2 as written (no value this
year: each indicator's starting position, and no forecast), and at 2018-T2
after giving every indicator values for 2018-T1 and 2018-T2, half of them
``ackumulerat`` and a third with a stated ``prognos`` (each judged, and each
with a forecast judged). Best of ``--repeat`` runs in one process, the
collector paused. Prints JSON. Nothing here is a test: the numbers depend on
the machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
from collections.abc import Callable
from typing import Any

from generate_plan import plan_text

import malstyrning


def _best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.disable()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times)


def _with_periods(plan: malstyrning.Plan, seed: int) -> malstyrning.Plan:
    rng = random.Random(seed)
    data: dict[str, Any] = plan.model_dump()
    for area in data["målområden"]:
        stack = list(area["mål"])
        while stack:
            goal = stack.pop()
            stack += goal["mål"]
            for n, indicator in enumerate(goal["indikatorer"]):
                first = rng.uniform(10, 90)
                indicator["utfall"] = {
                    **indicator["utfall"],
                    "2018-T1": round(first, 1),
                    "2018-T2": round(first * rng.uniform(1.1, 2.1), 1),
                }
                indicator["periodvärde"] = "ackumulerat" if n % 2 else "läge"
                if n % 3 == 0:
                    indicator["prognos"] = {2018: round(first * 3, 1)}
    return malstyrning.Plan.model_validate(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    plan = malstyrning.loads_plan(plan_text(args.indicators))
    periods = _with_periods(plan, 2018)
    count = len(plan.indicators())
    found: dict[str, Any] = {"indicators": count}
    for name, subject, how in (
        ("whole_year", plan, {"year": 2018}),
        ("at_T2_no_values", plan, {"period": "2018-T2"}),
        ("at_T2_with_values", periods, {"period": "2018-T2"}),
        ("whole_year_with_values", periods, {"year": 2018}),
    ):
        seconds = _best(lambda subject=subject, how=how: malstyrning.assess(subject, **how), args.repeat)
        found[name] = {"ms": round(seconds * 1000, 1), "per_second": round(count / seconds)}
    judged = malstyrning.assess(periods, period="2018-T2")
    found["forecasts_at_T2"] = sum(
        1 for i in judged.indicators() if i.forecast and i.forecast.value is not None
    )
    print(json.dumps(found, indent=2))


if __name__ == "__main__":
    main()
