"""Benchmark: a budget sweep solved warm (one held model) against cold (a build per value).

    python -m benchmarks.warm_sweep [--repeats 3]

Both paths solve the same 9 budgets (x0.94 to x1.10 of the instance's budget) of the real
instances with the same options, and must agree on every objective (checked). Reported are
the medians over the repeats of each path's wall time and the ratio cold / warm, measured in
the same run (this machine is shared and noisy: compare ratios, not seconds).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from model import load_instance
from model.scenarios import apply_overrides
from solvers.highs import SolverOptions
from solvers.run import run_instance
from solvers.warm import warm_budget_sweep

ROOT = Path(__file__).resolve().parents[1]
CASES = (("china-provinces", 1e-9), ("china-prefectures", 0.01))
FACTORS = (0.94, 0.96, 0.98, 1.0, 1.02, 1.04, 1.06, 1.08, 1.1)


def measure(name: str, gap: float, repeats: int) -> dict[str, float]:
    instance = load_instance(ROOT / "instances" / name)
    options = SolverOptions(log=False, mip_gap=gap)
    budgets = [instance.budget * f for f in FACTORS]
    run_instance(instance, options)  # imports and caches out of the measurement
    warm_times, cold_times = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        warm = warm_budget_sweep(instance, budgets, options)
        warm_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        cold = [run_instance(apply_overrides(instance, {"budget": b}), options)
                for b in budgets]
        cold_times.append(time.perf_counter() - start)
        for row, run in zip(warm.itertuples(), cold, strict=True):
            if run.result.objective is not None:
                tolerance = max(gap, 1e-7) * abs(run.result.objective)
                assert abs(row.objective - run.result.objective) <= tolerance, (name, row)
    cold_median, warm_median = statistics.median(cold_times), statistics.median(warm_times)
    return {"cold": cold_median, "warm": warm_median, "ratio": cold_median / warm_median}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.warm_sweep")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("| instance | 9 budgets cold (s) | warm (s) | cold / warm |")
    print("| --- | --- | --- | --- |")
    for name, gap in CASES:
        figures = measure(name, gap, args.repeats)
        print(f"| {name} | {figures['cold']:.2f} | {figures['warm']:.2f} | "
              f"{figures['ratio']:.2f} |")


if __name__ == "__main__":
    main()
