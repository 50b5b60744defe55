"""Write a generated kommun: the council's plan and one plan per nämnd, for benchmarks.

    python benchmarks/make_kommun.py OUT [--nämnder 15] [--indikatorer 200] [--seed 1] [--year 2018]
                                         [--changed]

OUT gets ``kommunfullmaktige.yaml`` (a few strategic goals, each with an
indicator) and one ``namnd-NN.yaml`` per nämnd: four målområden, goals of
about eight indicators each (ids unique within the file, ``nNN-i####``), each
goal serving a strategic goal of its målområde (``bidrar_till``),
numbers with baselines, targets, directions and outcomes for the five years
up to ``--year``, a stated bedömning now and then, a few activities.
``--indikatorer`` is the number of indicators per nämnd (a fifth of them
verksamhetsmått). The same ``--seed`` gives the same files.

``--changed`` writes the same kommun as review would see it a little later: a
few indicators per nämnd renamed, moved to another goal, removed and added,
targets changed, an outcome corrected and the next one added; for
``malstyrning diff`` (benchmarks/bench_diff.py). Not a YAML generator for
anything else: the plans are written by hand as text, quickly.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

AREAS = ["Trygghet och hälsa", "Utbildning och arbete", "Hållbar miljö", "Effektiv organisation"]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def council(year: int) -> str:
    lines = [
        f"plan: {_q(f'Mål och budget {year}')}",
        "organisation: Kommunfullmäktige",
        "kommun: Exempelkommun",
        f"år: {year}",
        "målområden:",
    ]
    for a, area in enumerate(AREAS, start=1):
        lines += [f"  - id: kf-{a}", f"    titel: {_q(area)}", "    mål:"]
        for g in range(1, 3):
            lines += [
                f"      - id: kf-{a}-{g}",
                "        typ: strategiskt mål",
                f"        titel: {_q(f'Strategiskt mål {a}.{g} för {area.lower()}')}",
                "        indikatorer:",
                f"          - id: kf-{a}-{g}-i",
                f"            titel: {_q(f'Kommunövergripande indikator {a}.{g}')}",
                "            enhet: '%'",
                "            riktning: öka",
                f"            ingångsvärde: {{värde: 50, år: {year - 2}}}",
                "            målvärde: 60",
                "            utfall:",
                *[f"              {y}: {50 + (y - year + 4) * 2}" for y in range(year - 3, year)],
            ]
    return "\n".join(lines) + "\n"


def namnd(number: int, indicators: int, year: int, seed: int, *, changed: bool) -> str:
    prefix = f"n{number:02d}"
    measures = indicators // 5
    in_goals = indicators - measures
    goals = max(1, in_goals // 8)
    per_area = max(1, goals // len(AREAS))
    # Which indicators change (the same picks with and without --changed, from a separate generator).
    picks = random.Random(number * 7919)
    ids = [f"{prefix}-i{k:04d}" for k in range(indicators)]
    renamed = set(picks.sample(ids, 3))
    moved = set(picks.sample(ids[:in_goals], 2))
    removed = set(picks.sample(ids, 2))
    retargeted = set(picks.sample(ids, 4))
    corrected = set(picks.sample(ids, 5))
    lines = [
        f"plan: {_q(f'Verksamhetsplan {year} nämnd {number}')}",
        f"organisation: {_q(f'Nämnd {number}')}",
        "kommun: Exempelkommun",
        f"år: {year}",
        "målområden:",
    ]

    def indicator(k: int, indent: str) -> list[str]:
        ident = ids[k]
        if changed and ident in removed:
            return []
        rng = random.Random(f"{seed}-{number}-{k}")  # each indicator its own numbers, whatever else changed
        direction = rng.choice(["öka", "minska"])
        base = rng.uniform(20, 80)
        step = rng.uniform(0.5, 3) * (1 if direction == "öka" else -1)
        target = base + step * 6 + (5 if changed and ident in retargeted else 0)
        stated = rng.choice(["värde uppnått", "nära värde"]) if rng.random() < 0.2 else None
        title = f"Indikator {k} för nämnd {number}" + (" (nytt namn)" if changed and ident in renamed else "")
        out = [
            f"{indent}- id: {ident}",
            f"{indent}  titel: {_q(title)}",
            f"{indent}  enhet: '%'",
            f"{indent}  riktning: {direction}",
            f"{indent}  ingångsvärde: {{värde: {base:.1f}, år: {year - 4}}}",
            f"{indent}  målvärde: {target:.1f}",
            f"{indent}  utfall:",
        ]
        last = year + (1 if changed else 0)
        for y in range(year - 4, last):
            value = base + step * (y - year + 5) + rng.uniform(-1, 1)
            if changed and ident in corrected and y == year - 1:
                value += 1.5
            out.append(f"{indent}    {y}: {value:.1f}")
        if stated:
            out.append(f"{indent}  angiven_bedömning: {stated}")
        return out

    k = 0
    goal_lines: list[list[str]] = []
    for g in range(goals):
        block: list[str] = []
        count = in_goals // goals + (1 if g < in_goals % goals else 0)
        chosen = list(range(k, k + count))
        k += count
        area = min(g // per_area, len(AREAS) - 1)  # as the goals are placed below
        block += [
            f"          - id: {prefix}-m{g:03d}",
            f"            titel: {_q(f'Nämndmål {g} för nämnd {number}')}",
            # Each nämnd goal serves a strategic goal of its målområde (the kommun's roll-up).
            f"            bidrar_till: [kommunfullmaktige:kf-{area + 1}-{1 + g % 2}]",
        ]
        block += ["            indikatorer:"]
        for j in chosen:
            if changed and ids[j] in moved:
                continue
            block += indicator(j, "              ")
        if changed and g == 0:  # the moved ones land under the first goal
            for j in sorted(ids.index(i) for i in moved):
                block += indicator(j, "              ")
        if g % 3 == 0:
            block += [
                "            aktiviteter:",
                f"              - id: {prefix}-a{g:03d}",
                f"                titel: {_q(f'Aktivitet för mål {g}')}",
                f"                status: {'genomförd' if changed and g == 3 else 'pågående'}",
            ]
        goal_lines.append(block)
    for a, area in enumerate(AREAS):
        lines += [f"  - id: {prefix}-o{a}", f"    titel: {_q(area)}", "    mål:"]
        start = a * per_area
        end = goals if a == len(AREAS) - 1 else min(goals, start + per_area)
        for block in goal_lines[start:end]:
            lines += [line[4:] for line in block]
    lines.append("verksamhetsmått:")
    for j in range(in_goals, indicators):
        lines += indicator(j, "  ")
    if changed:
        lines += indicator_new(prefix, year)
    return "\n".join(lines) + "\n"


def indicator_new(prefix: str, year: int) -> list[str]:
    return [
        f"  - id: {prefix}-ny",
        "    titel: Ny indikator",
        "    enhet: antal",
        f"    utfall: {{{year}: 12}}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write (made if missing)")
    parser.add_argument("--nämnder", "--namnder", dest="namnder", type=int, default=15)
    parser.add_argument("--indikatorer", type=int, default=200, help="indicators per nämnd")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2018)
    parser.add_argument("--changed", action="store_true", help="write the changed copy, for diff")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "kommunfullmaktige.yaml").write_text(council(args.year), encoding="utf-8")
    for number in range(1, args.namnder + 1):
        text = namnd(number, args.indikatorer, args.year, args.seed, changed=args.changed)
        (args.out / f"namnd-{number:02d}.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
