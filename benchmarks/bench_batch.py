"""The batch entry point against the engine, per series: `python benchmarks/bench_batch.py`.

Generates Kolada-like data with a seeded RNG (by default 290 municipalities ×
300 KPIs = 87 000 series over 8 years, values rounded to each KPI's decimals,
about 8 % of outcomes missing), then times

* one by one: building each ``Indicator`` and calling ``assess_indicator``;
* one by one: ``assess_indicator`` on Indicators built beforehand;
* ``assess_series`` on the whole batch (best of ``--repeat`` runs).

The one-by-one figures are timed on a sample (``--sample``, default 20 000
series) and given per series. Prints the figures as JSON. Nothing here is a
test: the numbers depend on the machine. The issue's target is a batch at
least 10 × faster per series than ``assess_indicator`` on prebuilt Indicators.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from typing import Any

import numpy as np

import malstyrning
from malstyrning._engine._batch import NO_YEAR, assess_series

YEARS = list(range(2014, 2022))
WORDS = ("öka", "minska", "bibehåll")


def rounded(values: Any, decimals: Any) -> Any:
    """``values`` rounded to ``decimals`` places: the floats that decimal text reads as."""
    scale = 10.0**decimals
    return np.rint(values * scale) / scale


def kolada_like(municipalities: int, kpis: int, seed: int) -> dict[str, Any]:
    """Keyword arguments for ``assess_series``: one series per (KPI, municipality)."""
    rng = np.random.default_rng(seed)
    n, m = municipalities * kpis, len(YEARS)
    # Per KPI: a level, a trend, decimals (0, 1 or 2), a desired direction and a tolerance.
    level = np.repeat(10 ** rng.uniform(0, 4, kpis), municipalities)
    drift = np.repeat(rng.normal(0, 0.03, kpis), municipalities)
    decimals = np.repeat(rng.choice([0, 1, 2], kpis, p=[0.3, 0.5, 0.2]), municipalities)
    word = np.repeat(rng.choice(len(WORDS) + 1, kpis, p=[0.4, 0.4, 0.1, 0.1]), municipalities)
    unit = 10.0**-decimals
    tolerance = np.where(np.repeat(rng.random(kpis) < 0.2, municipalities), unit, 0.0)

    own = level * rng.lognormal(0, 0.3, n)  # each municipality's own level
    steps = np.arange(m) * (drift + rng.normal(0, 0.02, n))[:, None]
    noise = rng.normal(0, 0.03, (n, m))
    values = rounded(own[:, None] * (1 + steps + noise), decimals[:, None])
    values[rng.random((n, m)) < 0.08] = np.nan

    baseline = values[:, 0].copy()
    change = np.where(word == 2, -1, 1) * rng.uniform(0.02, 0.2, n)
    target = rounded(baseline * (1 + np.where(word == 3, 0, change)), decimals)
    target[rng.random(n) < 0.05] = np.nan
    threshold = np.where(rng.random(n) < 0.2, rounded((baseline + target) / 2, decimals), np.nan)
    direction = np.array(["", *WORDS])[word]  # "": inferred from ingångsvärde → målvärde
    return {
        "values": values,
        "years": YEARS,
        "baseline": baseline,
        "baseline_year": np.where(np.isnan(baseline), NO_YEAR, YEARS[0]),
        "target": target,
        "direction": direction,
        "threshold": threshold,
        "tolerance": tolerance,
    }


def indicator_data(batch: dict[str, Any], i: int) -> dict[str, Any]:
    """Series ``i`` as a plan indicator, with the Swedish keys."""
    data: dict[str, Any] = {
        "id": f"kpi-{i}",
        "titel": f"Nyckeltal {i}",
        "tolerans": float(batch["tolerance"][i]),
        "utfall": {y: float(v) for y, v in zip(YEARS, batch["values"][i], strict=True) if not math.isnan(v)},
    }
    if not math.isnan(batch["baseline"][i]):
        data["ingångsvärde"] = {"värde": float(batch["baseline"][i]), "år": YEARS[0]}
    if not math.isnan(batch["target"][i]):
        data["målvärde"] = float(batch["target"][i])
    if not math.isnan(batch["threshold"][i]):
        data["gränsvärde"] = float(batch["threshold"][i])
    if batch["direction"][i]:
        data["riktning"] = str(batch["direction"][i])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--kpis", type=int, default=300)
    parser.add_argument("--sample", type=int, default=20_000, help="series timed one by one")
    parser.add_argument("--repeat", type=int, default=5, help="runs of assess_series (best counts)")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()

    batch = kolada_like(args.municipalities, args.kpis, args.seed)
    n = len(batch["values"])
    year = YEARS[-1]
    sample = np.random.default_rng(args.seed).choice(n, min(args.sample, n), replace=False).tolist()
    datas = [indicator_data(batch, i) for i in sample]

    start = time.perf_counter()
    built = [malstyrning.Indicator.model_validate(d) for d in datas]
    results = [malstyrning.assess_indicator(ind, year=year) for ind in built]
    build_and_assess = (time.perf_counter() - start) / len(sample)

    start = time.perf_counter()
    results = [malstyrning.assess_indicator(ind, year=year) for ind in built]
    prebuilt = (time.perf_counter() - start) / len(sample)

    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        series = assess_series(**batch, year=year)
        runs.append(time.perf_counter() - start)
    batched = min(runs) / n

    # The same answers: a check that the timed batch did the real work.
    for name, codes in (
        ("status", [r.status.value for r in results]),
        ("direction", [r.direction.value if r.direction else "" for r in results]),
        ("improvement", [r.trend.improvement.value for r in results]),
    ):
        assert codes == getattr(series, name)[sample].tolist(), name

    print(
        json.dumps(
            {
                "series": n,
                "years": len(YEARS),
                "one-by-one sample": len(sample),
                "build Indicator + assess_indicator (µs/series)": round(build_and_assess * 1e6, 2),
                "assess_indicator on prebuilt Indicators (µs/series)": round(prebuilt * 1e6, 2),
                "assess_series, whole batch (µs/series)": round(batched * 1e6, 3),
                "assess_series, whole batch (ms)": round(min(runs) * 1e3, 1),
                "series float64 could not decide (decided exactly)": int(series.recomputed.sum()),
                "speed-up vs prebuilt": round(prebuilt / batched, 1),
                "speed-up vs build + assess": round(build_and_assess / batched, 1),
                "statuses": {s: int((series.status == s).sum()) for s in np.unique(series.status).tolist()},
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
