"""One measurement in a fresh process: the project's or the floor's solve of one instance.

The runner (:mod:`benchmarks.__main__`) starts this module once per case, path and repeat, so
that every figure, peak memory above all, belongs to that run alone. Imports are deferred into
each path, so that the floor's process never loads the project's solver modules.

    python -m benchmarks.worker {project,floor,compare} INSTANCE RESULT.json
        [--time-limit S] [--gap G] [--build-only]

Imports happen before the clock starts in both paths (the project's standard-form compiler
imports scipy on first use; it is imported first), so build, solve and total measure work; the
runner's ``process`` figure, the wall time of the whole process seen from outside, includes
interpreter start-up and every import.

``project`` runs ``hinterland solve`` itself (its ``main``, in this process) and reads the
build and solve seconds from the ``summary.json`` it writes: build is ``seconds.build``
(formulation data, checks before solving, Pyomo model) plus ``seconds.compile`` (standard form
to HiGHS), i.e. from the loaded instance to HiGHS holding the model. ``floor`` loads the
instance, builds and solves :mod:`benchmarks.floor` and writes its layout. ``compare``
(untimed) checks that the two hand HiGHS the same matrix.

``--build-only`` stops both paths once HiGHS holds the model: for the largest synthetic cases,
where HiGHS's presolve alone runs for minutes whatever the time limit. The project then goes
through ``hinterland.solvers.adapter.pipeline.run_instance`` with the solve replaced by a no-op, so
its build is measured by the same code as ``hinterland solve``'s.

Besides the peak memory of the whole run, each path records the peak when HiGHS has just
received the model (``built_mib``; the project's by wrapping ``HeldModel.__init__``).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def peak_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    Linux's ``VmHWM`` belongs to this process's own memory map. ``ru_maxrss`` would do
    elsewhere, but on Linux it carries over through fork and exec from the parent, so a child of
    a large process would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _record_build_peak(marks: dict[str, float], build_only: bool) -> None:
    """Note the peak memory when HiGHS holds the project's model; with ``build_only``,
    return from each solve without running HiGHS."""
    from hinterland.solvers.adapter import highs

    original = highs.HeldModel.__init__

    def recording(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        marks["built_mib"] = peak_mib()

    highs.HeldModel.__init__ = recording  # type: ignore[method-assign]
    if build_only:
        def no_solve(self, warm: bool = False, compile_seconds: float = 0.0):
            del warm
            return highs.SolveResult(highs.SolveStatus.NO_SOLUTION, "not solved (build only)",
                                     compile_seconds=compile_seconds, options=self.options,
                                     size=self.size)

        highs.HeldModel.solve = no_solve  # type: ignore[method-assign]


def run_project(instance: Path, time_limit: float | None, gap: float | None,
                build_only: bool) -> dict:
    import scipy.sparse  # noqa: F401  (Pyomo's compiler imports it on first use)

    from hinterland.solvers.cli import main as hinterland

    marks: dict[str, float] = {}
    _record_build_peak(marks, build_only)
    if build_only:
        return _project_build_only(instance, time_limit, gap) | marks
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        out = Path(scratch) / "run"
        argv = ["solve", str(instance), "--out", str(out), "--quiet"]
        if time_limit is not None:
            argv += ["--time-limit", str(time_limit)]
        if gap is not None:
            argv += ["--gap", str(gap)]
        start = time.perf_counter()
        exit_status = hinterland(argv)
        total = time.perf_counter() - start
        summary = json.loads((out / "summary.json").read_text())
    seconds = summary["seconds"]
    return {
        "exit_status": exit_status,
        "status": summary["status"],
        "termination": summary["termination"],
        "objective": summary["objective"],
        "bound": summary["bound"],
        "build": seconds["build"] + seconds["compile"],
        "build_model": seconds["build"],
        "build_compile": seconds["compile"],
        "solve": seconds["solve"],
        "total": total,
        "size": summary["model_size"],
        "mip_gap": summary["solver"]["mip_gap"],
    } | marks


def _project_build_only(instance: Path, time_limit: float | None, gap: float | None) -> dict:
    from hinterland.model import load_instance
    from hinterland.solvers.adapter.pipeline import run_instance, solver_options

    start = time.perf_counter()
    loaded = load_instance(instance)
    run = run_instance(loaded, solver_options(loaded, time_limit=time_limit, mip_gap=gap,
                                              log=False))
    total = time.perf_counter() - start
    size = run.result.size
    return {"status": "built", "objective": None, "bound": None,
            "build": run.build_seconds + run.result.compile_seconds,
            "build_model": run.build_seconds, "build_compile": run.result.compile_seconds,
            "solve": 0.0, "total": total, "mip_gap": gap,
            "size": {"columns": size.columns, "integer_columns": size.integer_columns,
                     "rows": size.rows, "nonzeros": size.nonzeros}}


def run_floor(instance: Path, time_limit: float | None, gap: float | None,
              build_only: bool) -> dict:
    from benchmarks.floor import floor_layout, held_floor, read_result
    from hinterland.model import load_instance

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        start = time.perf_counter()
        floor, highs, build_seconds = held_floor(load_instance(instance), time_limit, gap)
        built = time.perf_counter()
        built_mib = peak_mib()
        if not build_only:
            highs.run()
        result = read_result(highs, floor, build_seconds, time.perf_counter() - built)
        if not build_only:
            floor_layout(floor, highs).to_csv(Path(scratch) / "layout.csv", index=False)
        total = time.perf_counter() - start
    return {
        "status": "built" if build_only else result.status,
        "objective": None if build_only else result.objective,
        "bound": None if build_only else result.bound,
        "build": result.build_seconds,
        "solve": result.solve_seconds,
        "total": total,
        "built_mib": built_mib,
        "size": {"columns": result.columns, "integer_columns": result.integer_columns,
                 "rows": result.rows, "nonzeros": result.nonzeros},
    }


def run_compare(instance: Path) -> dict:
    from benchmarks.floor import build_floor, compare_with, pyomo_key
    from hinterland.model import load_instance
    from hinterland.model.formulation import FormulationData, build_model
    from hinterland.solvers.adapter.highs import HeldModel, SolverOptions

    loaded = load_instance(instance)
    data = FormulationData.from_instance(loaded)
    held = HeldModel(build_model(loaded, data), SolverOptions(log=False))
    comparison = compare_with(build_floor(data), held.highs.getLp(),
                              [pyomo_key(v) for v in held.columns])
    return {"same_model": comparison.same_model, "same_order": comparison.same_order,
            "detail": comparison.detail}


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    cli.add_argument("path", choices=("project", "floor", "compare"))
    cli.add_argument("instance", type=Path)
    cli.add_argument("result", type=Path)
    cli.add_argument("--time-limit", type=float, default=None)
    cli.add_argument("--gap", type=float, default=None)
    cli.add_argument("--build-only", action="store_true")
    args = cli.parse_args(argv)
    if args.path == "project":
        figures = run_project(args.instance, args.time_limit, args.gap, args.build_only)
    elif args.path == "floor":
        figures = run_floor(args.instance, args.time_limit, args.gap, args.build_only)
    else:
        figures = run_compare(args.instance)
    figures["peak_mib"] = peak_mib()
    args.result.write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
