"""Benchmark: a budget sweep solved warm (one held model) against cold (a build per value).

    python -m benchmarks.warm_sweep [--repeats 3] [--json FILE]

Both paths solve the same 9 budgets (x0.94 to x1.10 of the instance's budget) of the real
instances with the same options, and must agree on every objective (checked). The floor
(:mod:`benchmarks.floor`) runs the same sweep both ways: cold, a fresh array build per budget;
warm, one model held in HiGHS whose budget row bound is changed, re-solved from the previous
solution. Reported are the medians over the repeats of each path's wall time and the ratios,
measured in the same run (this machine is shared and noisy: compare ratios, not seconds).
``python -m benchmarks`` runs this too, in its own process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import highspy

from benchmarks.floor import build_floor, new_highs, read_result
from hinterland.model import Instance, load_instance
from hinterland.model.formulation import FormulationData
from hinterland.model.scenarios import apply_overrides
from hinterland.solvers.adapter.highs import SolverOptions
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.adapter.warm import warm_budget_sweep

ROOT = Path(__file__).resolve().parents[1]
CASES = (("china-provinces", 1e-9), ("china-prefectures", 0.01))
FACTORS = (0.94, 0.96, 0.98, 1.0, 1.02, 1.04, 1.06, 1.08, 1.1)


def floor_cold(instance: Instance, budgets: list[float], gap: float) -> list[float | None]:
    """Objectives of a fresh floor build and solve per budget."""
    objectives = []
    for budget in budgets:
        data = FormulationData.from_instance(apply_overrides(instance, {"budget": budget}))
        floor = build_floor(data)
        highs = new_highs(None, gap)
        highs.passModel(floor.lp)
        highs.run()
        objectives.append(read_result(highs, floor, 0.0, 0.0).objective)
    return objectives


def floor_warm(instance: Instance, budgets: list[float], gap: float) -> list[float | None]:
    """Objectives of one held floor model, its budget row changed and re-solved warm."""
    floor = build_floor(FormulationData.from_instance(instance))
    row = next(start for name, start, _ in floor.families if name == "budget")
    highs = new_highs(None, gap)
    highs.passModel(floor.lp)
    objectives: list[float | None] = []
    previous: list[float] | None = None
    for budget in budgets:
        highs.changeRowBounds(row, -highspy.kHighsInf, float(budget))
        if previous is not None:
            start = highspy.HighsSolution()
            start.col_value = previous
            start.value_valid = True
            highs.setSolution(start)
        highs.run()
        objectives.append(read_result(highs, floor, 0.0, 0.0).objective)
        if objectives[-1] is not None:
            previous = list(highs.getSolution().col_value)
    return objectives


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = call()
    return time.perf_counter() - start, out


def measure(name: str, gap: float, repeats: int) -> dict[str, float]:
    """Medians of the four sweeps of ``name`` and the ratios; objectives checked equal."""
    instance = load_instance(ROOT / "instances" / name)
    options = SolverOptions(log=False, mip_gap=gap)
    budgets = [instance.budget * f for f in FACTORS]
    run_instance(instance, options)  # imports and caches out of the measurement
    times: dict[str, list[float]] = {"cold": [], "warm": [], "floor_cold": [], "floor_warm": []}
    for _ in range(repeats):
        seconds, warm = _timed(lambda: warm_budget_sweep(instance, budgets, options))
        times["warm"].append(seconds)
        seconds, cold = _timed(lambda: [run_instance(apply_overrides(instance, {"budget": b}),
                                                     options) for b in budgets])
        times["cold"].append(seconds)
        seconds, f_cold = _timed(lambda: floor_cold(instance, budgets, gap))
        times["floor_cold"].append(seconds)
        seconds, f_warm = _timed(lambda: floor_warm(instance, budgets, gap))
        times["floor_warm"].append(seconds)
        for i, run in enumerate(cold):
            reference = run.result.objective
            if reference is None:
                continue
            tolerance = max(gap, 1e-7) * abs(reference)
            others = (warm["objective"].iloc[i], f_cold[i], f_warm[i])
            if any(o is None or abs(o - reference) > tolerance for o in others):
                raise AssertionError(f"{name}: budget {budgets[i]:g}: objectives differ, "
                                     f"cold {reference} against {others}")
    out = {key: statistics.median(values) for key, values in times.items()}
    out["ratio"] = out["cold"] / out["warm"]
    out["floor_ratio"] = out["floor_cold"] / out["floor_warm"]
    out["warm_vs_floor"] = out["warm"] / out["floor_warm"]
    out["cold_vs_floor"] = out["cold"] / out["floor_cold"]
    return out


def table(results: dict[str, dict[str, float]]) -> list[str]:
    """Markdown rows of the sweep results."""
    lines = ["| instance | 9 budgets cold (s) | warm (s) | cold / warm | floor cold (s) | "
             "floor warm (s) | floor cold / warm | warm / floor warm |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, f in results.items():
        lines.append(f"| {name} | {f['cold']:.2f} | {f['warm']:.2f} | {f['ratio']:.2f} | "
                     f"{f['floor_cold']:.2f} | {f['floor_warm']:.2f} | "
                     f"{f['floor_ratio']:.2f} | {f['warm_vs_floor']:.2f} |")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.warm_sweep")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    results = {name: measure(name, gap, args.repeats) for name, gap in CASES}
    print("\n".join(table(results)))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
