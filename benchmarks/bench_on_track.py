"""The on-track label through assess_series: `python benchmarks/bench_on_track.py`.

290 municipalities × 1 000 KPIs = 290 000 series of 8 years (2014–2021), made
as ``bench_batch.py`` makes them (seeded, Kolada-like), each target for 2030
and the series assessed for 2021, so the on-track method applies to every
series with a riktning öka or minska (given or inferred). Times the whole
``assess_series`` call (every label, on-track included; best of ``--repeat``)
and the on-track step alone (``_batch._on_track`` on the rows the call
selects). Checks a sample against ``assess_indicator``. Prints JSON. Nothing
here is a test: the numbers depend on the machine. The issue's target: the
on-track label for 290 000 series in under 1 s.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from bench_batch import YEARS, indicator_data, kolada_like

import malstyrning
from malstyrning._engine import _batch
from malstyrning._engine._on_track import DEFAULT_ON_TRACK

TARGET_YEAR = 2030


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=5_000, help="series checked against the engine")
    parser.add_argument("--repeat", type=int, default=5, help="runs (the best counts)")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()

    batch = kolada_like(args.municipalities, args.kpis, args.seed)
    batch["target_year"] = np.where(np.isnan(batch["target"]), _batch.NO_YEAR, TARGET_YEAR)
    n = len(batch["values"])
    year = YEARS[-1]

    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        series = malstyrning.assess_series(**batch, year=year)
        runs.append(time.perf_counter() - start)

    inputs = _batch._Inputs.of(**batch, year=year)
    rows = _batch._select(inputs)
    alone = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        codes = _batch._on_track(inputs, rows, series.direction, DEFAULT_ON_TRACK)
        alone.append(time.perf_counter() - start)
    assert codes.tolist() == series.on_track.tolist()

    sample = np.random.default_rng(args.seed).choice(n, min(args.sample, n), replace=False).tolist()
    for i in sample:
        data = indicator_data(batch, i)
        if "målvärde" in data:
            data["målvärde"] = {"värde": data["målvärde"], "år": TARGET_YEAR}
        result = malstyrning.assess_indicator(malstyrning.Indicator.model_validate(data), year=year)
        expected = "" if result.on_track is None else result.on_track.status.value
        assert series.on_track[i] == expected, (i, series.on_track[i], result.on_track)

    print(
        json.dumps(
            {
                "series": n,
                "years": len(YEARS),
                "checked against assess_indicator": len(sample),
                "assess_series, whole call with on_track (ms)": round(min(runs) * 1e3, 1),
                "the on-track step alone (ms)": round(min(alone) * 1e3, 1),
                "on_track": {
                    s or "(does not apply)": int((series.on_track == s).sum())
                    for s in np.unique(series.on_track).tolist()
                },
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
