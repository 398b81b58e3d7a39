"""Where the project's build spends its time, family by family, under cProfile.

    python -m benchmarks.profile_build [CASE ...] [--top 15]

For each case (default: china-prefectures, synthetic-800, synthetic-3200, orlib-capa-14000)
this builds the model once the way ``hinterland solve`` does (formulation data, Pyomo model,
standard form, transfer to HiGHS) under cProfile and prints the cumulative seconds of every
``add_<family>`` function of ``model/formulation``, of the formulation data, and of the steps
of ``solvers/highs.py``, then the functions with the most time of their own. cProfile slows
Python code about 1.5-2x, so read the shares, not the seconds. The phases are found by
function name, so the report follows the model as its modules change.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from benchmarks.cases import select

#: (label, file fragment, function name) of the phases reported.
PHASES = (
    ("load instance", "model/loading.py", "load_instance"),
    ("formulation data", "model/formulation/data.py", "from_instance"),
    ("Pyomo model (build_model)", "model/formulation/__init__.py", "build_model"),
    ("standard form compiler", "pyomo/repn/plugins/standard_form.py", "write"),
    ("_to_highs (arrays for HiGHS)", "solvers/highs.py", "_to_highs"),
    ("passModel", "~", "<built-in method highspy._core.passModel>"),
    ("HeldModel.__init__ (all of the transfer)", "solvers/highs.py", "__init__"),
)


def profile_case(name: str, top: int) -> None:
    import scipy.sparse  # noqa: F401  (the compiler imports it on first use; not build time)

    from hinterland.model import load_instance
    from hinterland.model.formulation import FormulationData, build_model
    from hinterland.solvers.adapter.highs import HeldModel, SolverOptions

    case = select([name])[0]
    folder = case.folder()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    instance = load_instance(folder)
    loaded = time.perf_counter()
    data = FormulationData.from_instance(instance)
    model = build_model(instance, data)
    HeldModel(model, SolverOptions(log=False))
    profiler.disable()
    end = time.perf_counter()
    stats = pstats.Stats(profiler)
    print(f"\n## {name} ({case.sites} sites x {case.items} items): build {end - loaded:.2f} s "
          f"under the profiler, load {loaded - start:.2f} s\n")
    print("| phase | cumulative s | share of build |")
    print("| --- | ---: | ---: |")
    entries = stats.stats  # type: ignore[attr-defined]
    build_total = end - loaded
    families = []
    for (filename, _, function), (_, _, _, cumulative, _) in entries.items():
        if "model/formulation/" in filename and function.startswith("add_"):
            families.append((cumulative, function))
    for label, fragment, function in PHASES:
        # The largest match: the compiler's public write calls its implementation's write.
        cumulative = max((v[3] for (f, _, fn), v in entries.items()
                          if fragment in f and fn == function), default=0.0)
        print(f"| {label} | {cumulative:.3f} | {cumulative / build_total:.0%} |")
    for cumulative, function in sorted(families, reverse=True):
        print(f"| &nbsp;&nbsp;{function} | {cumulative:.3f} | {cumulative / build_total:.0%} |")
    print(f"\nTop {top} functions by own time:\n")
    print("| function | own s | calls |")
    print("| --- | ---: | ---: |")
    ranked = sorted(entries.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for (filename, line, function), (_, calls, own, _, _) in ranked:
        where = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        print(f"| {function} ({where}:{line}) | {own:.3f} | {calls:,} |")


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m benchmarks.profile_build")
    cli.add_argument("cases", nargs="*", default=["china-prefectures", "synthetic-800",
                                                  "synthetic-3200", "orlib-capa-14000"])
    cli.add_argument("--top", type=int, default=15)
    args = cli.parse_args(argv)
    for name in args.cases:
        profile_case(name, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
