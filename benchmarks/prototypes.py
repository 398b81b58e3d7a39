"""Measured prototypes of changes to ``model/`` and ``solvers/``, kept beside the benchmarks.

    python -m benchmarks.prototypes [NAME ...] [--repeats 5]

Each prototype rebuilds one piece the way a proposed change would and measures it against the
project's current code in the same process, with medians over the repeats, and checks that
the result is the same (the same matrix or objectives). None of them changes the project;
they show what a change would gain before it is made. (Prototypes that measured well and were
applied, the per-pair families as templates, the lazy row map, lazy imports and top-down
budget sweeps, are gone from here; ``benchmarks/README.md`` gives what they measured.)

* ``redundancy``: leaving out the ``redundancy`` rows that ``requirement`` and
  ``capacity_link`` already imply (``min_sites`` 1 with demand), measured on the floor;
* ``contrib``: Pyomo's ``contrib.solver`` HiGHS interface against the standard-form path;
* ``thread``: HiGHS run in a separate thread (``Highs.solve`` with ``HandleKeyboardInterrupt``,
  what ``HeldModel.solve`` does) against ``Highs.run`` in the calling thread.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from benchmarks.cases import select


def median_seconds(call: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median wall seconds of ``call`` over ``repeats`` runs, and its last result."""
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def _data(case: str):
    from hinterland.model import load_instance
    from hinterland.model.formulation import FormulationData

    instance = load_instance(select([case])[0].folder())
    return instance, FormulationData.from_instance(instance)


# --- redundancy ------------------------------------------------------------------------------


def implied_redundancy_rows(floor, data) -> np.ndarray:
    """Rows of ``redundancy`` for items with ``min_sites`` 1 and demand: with
    ``U[s,k] <= max_share*D[k] <= D[k]``, ``sum_s x >= D`` and ``x <= U*y`` give
    ``sum_s y >= 1`` in every relaxation already."""
    items = data.instance.items
    redundant = [k for k in items.index if int(items.loc[k, "min_sites"]) >= 1]
    start = next(s for name, s, _ in floor.families if name == "redundancy")
    implied = [start + i for i, k in enumerate(redundant)
               if int(items.loc[k, "min_sites"]) == 1 and items.loc[k, "demand"] > 0
               and items.loc[k, "max_share"] <= 1]
    return np.array(implied, dtype=np.int64)


def prototype_redundancy(cases: list[str], repeats: int) -> list[str]:
    from benchmarks.floor import build_floor, new_highs

    lines = ["| case | rows dropped | nonzeros dropped | solve with (s) | solve without (s) | "
             "same optimum |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for case in cases:
        instance, data = _data(case)
        floor = build_floor(data)
        drop = implied_redundancy_rows(floor, data)
        matrix = floor.matrix.tocsr()
        nnz = int(sum(matrix.indptr[r + 1] - matrix.indptr[r] for r in drop.tolist()))
        gap = instance.settings.solver.mip_gap

        def solve(without: bool, floor=floor, drop=drop, gap=gap) -> float:
            highs = new_highs(None, gap)
            highs.passModel(floor.lp)
            if without and len(drop):
                highs.deleteRows(len(drop), drop.astype(np.int32))
            highs.run()
            return float(highs.getInfo().objective_function_value)

        with_rows, a = median_seconds(lambda: solve(False), repeats)
        without_rows, b = median_seconds(lambda: solve(True), repeats)
        assert isinstance(a, float) and isinstance(b, float)
        same = abs(a - b) <= 1e-6 * max(1.0, abs(a))
        lines.append(f"| {case} | {len(drop):,} | {nnz:,} | {with_rows:.2f} | "
                     f"{without_rows:.2f} | {same} |")
    return lines


# --- contrib ---------------------------------------------------------------------------------


def prototype_contrib(cases: list[str], repeats: int) -> list[str]:
    from pyomo.contrib.solver.solvers.highs import Highs as ContribHighs

    from hinterland.model.formulation import build_model
    from hinterland.solvers.adapter.highs import HeldModel, SolverOptions

    lines = ["| case | Pyomo model (s) | standard form -> passModel (s) | "
             "contrib.solver highs set_instance (s) |", "| --- | ---: | ---: | ---: |"]
    for case in cases:
        instance, data = _data(case)
        model_s, model = median_seconds(lambda instance=instance, data=data: build_model(
            instance, data), repeats)
        held_s, _ = median_seconds(lambda model=model: HeldModel(model, SolverOptions(
            log=False)), repeats)

        def contrib(instance=instance, data=data) -> None:
            solver = ContribHighs()
            solver.set_instance(build_model(instance, data))

        contrib_s, _ = median_seconds(contrib, repeats)
        lines.append(f"| {case} | {model_s:.2f} | {held_s:.2f} | {contrib_s - model_s:.2f} |")
    return lines


# --- thread ----------------------------------------------------------------------------------


def prototype_thread(cases: list[str], repeats: int) -> list[str]:
    from benchmarks.floor import build_floor, new_highs

    lines = ["| case | Highs.run (s) | Highs.solve in a thread (s) | difference |",
             "| --- | ---: | ---: | ---: |"]
    for case in cases:
        instance, data = _data(case)
        lp = build_floor(data).lp
        gap = instance.settings.solver.mip_gap
        times: dict[str, list[float]] = {"run": [], "solve": []}
        for _ in range(repeats):
            for mode in times:
                highs = new_highs(None, gap)
                highs.passModel(lp)
                start = time.perf_counter()
                if mode == "run":
                    highs.run()
                else:
                    highs.HandleKeyboardInterrupt = True
                    highs.solve()
                times[mode].append(time.perf_counter() - start)
        run, solve = (statistics.median(times[m]) for m in ("run", "solve"))
        lines.append(f"| {case} | {run:.3f} | {solve:.3f} | {solve - run:+.3f} s |")
    return lines


PROTOTYPES: dict[str, tuple[Callable[[list[str], int], list[str]], tuple[str, ...]]] = {
    "redundancy": (prototype_redundancy, ("orlib-cap41", "orlib-cap124", "orlib-cap131",
                                          "orlib-cap133")),
    "contrib": (prototype_contrib, ("china-prefectures", "synthetic-800")),
    "thread": (prototype_thread, ("china-provinces", "china-prefectures", "orlib-cap131")),
}


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m benchmarks.prototypes",
                                  description=__doc__.split("\n")[0])
    cli.add_argument("names", nargs="*", metavar="NAME",
                     help=f"any of {', '.join(PROTOTYPES)} (default: all)")
    cli.add_argument("--repeats", type=int, default=5)
    cli.add_argument("--cases", default=None, help="comma-separated cases instead of each "
                     "prototype's own")
    args = cli.parse_args(argv)
    unknown = [n for n in args.names if n not in PROTOTYPES]
    if unknown:
        cli.error(f"unknown prototype(s): {', '.join(unknown)}")
    for name in args.names or list(PROTOTYPES):
        function, cases = PROTOTYPES[name]
        chosen = args.cases.split(",") if args.cases else list(cases)
        print(f"\n### {name}\n")
        print("\n".join(function(chosen, args.repeats)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
