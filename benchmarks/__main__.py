"""The benchmark command: the project against the floor, case by case, plus the warm sweep.

    python -m benchmarks [--quick] [--cases NAME,...] [--repeats N] [--no-sweep]
                         [--out benchmarks/results] [--readme]

For every case (:mod:`benchmarks.cases`) and repeat, the floor and ``hinterland solve`` each
run in a fresh process (:mod:`benchmarks.worker`), the order alternating between repeats so
that neither always runs second on a machine another job has just warmed or loaded. The
figures are medians over the repeats and every one is reported beside the floor's, measured
in the same run: this machine is shared and noisy, so read the ratios. Before timing, one
untimed process checks that both paths hand HiGHS the same matrix; after, the objectives are
checked against each other (where both prove optimality at a gap of at most 1e-6) and against
the published optima of the OR-Library cases.

Writes ``results.md`` (the tables), ``results.json`` (every measurement) and ``scale.png``
(build time and peak memory against size) into ``--out``; ``--readme`` writes the plot to
``benchmarks/images/scale.png`` instead and replaces the results section of
``benchmarks/README.md``, for a full run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from benchmarks.cases import CACHE, ROOT, Case, select

BENCH = ROOT / "benchmarks"
README = BENCH / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
#: Relative tolerance of the objective checks.
TOLERANCE = 1e-6
#: Gap at or below which a run that reports "optimal" counts as proven for the checks.
PROVEN_GAP = 1e-6


def run_worker(path: str, folder: Path, case: Case) -> dict:
    """Run one measurement in a fresh process; add its wall time as seen from outside."""
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        result = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "benchmarks.worker", path, str(folder), str(result)]
        if case.time_limit is not None:
            command += ["--time-limit", str(case.time_limit)]
        if case.mip_gap is not None:
            command += ["--gap", str(case.mip_gap)]
        if case.build_only:
            command.append("--build-only")
        figures, figures["process"] = _run_json(command, result, f"{case.name}: the {path} worker")
    return figures


def _run_json(command: list[str], result: Path, what: str) -> tuple[dict, float]:
    """Run ``command`` in a fresh process from the repository root: the JSON it wrote to
    ``result`` and the process's wall seconds; a RuntimeError with its stderr if it failed."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0 or not result.exists():
        raise RuntimeError(f"{what} failed:\n{done.stderr[-3000:]}")
    return json.loads(result.read_text()), wall


def measure_case(case: Case, repeats: int, cache: Path) -> dict:
    """Every repeat of both paths on ``case``, with medians, ratios and checks."""
    folder = case.folder(cache)
    record: dict = {"case": case.name, "group": case.group, "sites": case.sites,
                    "items": case.items, "note": case.note, "build_only": case.build_only,
                    "runs": {"project": [], "floor": []}}
    record["compare"] = run_worker("compare", folder, case)
    repeats = min(repeats, case.max_repeats or repeats)
    record["repeats"] = repeats
    for repeat in range(repeats):
        order = ("floor", "project") if repeat % 2 == 0 else ("project", "floor")
        for path in order:
            figures = run_worker(path, folder, case)
            record["runs"][path].append(figures)
            print(f"  {case.name} {path} #{repeat + 1}: build {figures['build']:.2f} s, "
                  f"solve {figures['solve']:.2f} s, total {figures['total']:.2f} s, "
                  f"peak {figures['peak_mib']:.0f} MiB, {figures['status']}", flush=True)
    for path in ("project", "floor"):
        runs = record["runs"][path]
        record[path] = {key: statistics.median(r[key] for r in runs)
                        for key in ("build", "solve", "total", "process", "peak_mib",
                                    "built_mib")}
        record[path]["status"] = runs[0]["status"]
        record[path]["objective"] = runs[0]["objective"]
        record[path]["size"] = runs[0]["size"]
        record[path]["mip_gap"] = runs[0].get("mip_gap")
    record["checks"] = checks(case, record)
    return record


def checks(case: Case, record: dict) -> list[str]:
    """Objective agreement and published optima; each entry says what held or failed."""
    out = []
    project, floor = record["project"], record["floor"]
    gap = project.get("mip_gap")
    proven = gap is not None and gap <= PROVEN_GAP
    both_optimal = project["status"] == "optimal" and floor["status"] == "Optimal"
    a, b = project["objective"], floor["objective"]
    if a is not None and b is not None:
        difference = abs(a - b) / max(1.0, abs(b))
        if both_optimal and proven:
            out.append("same optimum" if difference <= TOLERANCE else
                       f"FAIL: optima differ by {difference:.1e}")
        else:
            out.append(f"objectives differ by {difference:.1e} (not proven optimal)")
    if case.optimum is not None and a is not None:
        difference = abs(a - case.optimum) / case.optimum
        out.append("published optimum" if difference <= TOLERANCE else
                   f"FAIL: {difference:.1e} from the published optimum")
    compare = record["compare"]
    out.append("same matrix" if compare["same_model"] and compare["same_order"] else
               f"matrix: {compare['detail']}")
    return out


def run_sweep(repeats: int) -> dict:
    """The warm sweep benchmark in its own process."""
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        out = Path(scratch) / "sweep.json"
        command = [sys.executable, "-m", "benchmarks.warm_sweep", "--repeats", str(repeats),
                   "--json", str(out)]
        return _run_json(command, out, "warm sweep")[0]


# --- reporting ------------------------------------------------------------------------------


def machine() -> str:
    """CPU, cores, memory and versions, for the heading of the results."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = ", ".join(f"{name} {_version(name)}" for name in ("pyomo", "highspy", "numpy",
                                                                 "scipy", "pandas"))
    return (f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, {versions}")


def code_version() -> str:
    """The commit measured, and whether ``model/`` or ``solvers/`` had changes on top of it."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--", "model", "solvers"],
                                 cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return f"commit {commit}" + (" with uncommitted changes to model/ or solvers/"
                                 if changed else "")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 else "-"


def common_solve_ratio(record: dict) -> float | None:
    """Total ratio with both paths given the same solve time: the median of every solve of
    the case, both paths pooled, plus each path's median time outside the solve.

    Both paths hand HiGHS the identical model (checked), so their solve times differ by the
    machine's noise alone, which on a long solve can outweigh the whole build.
    """
    runs = record["runs"]
    if record.get("build_only") or not (record["compare"]["same_model"]
                                        and record["compare"]["same_order"]):
        return None
    solve = statistics.median(r["solve"] for path in runs.values() for r in path)
    outside = {path: statistics.median(r["total"] - r["solve"] for r in rs)
               for path, rs in runs.items()}
    return (outside["project"] + solve) / (outside["floor"] + solve)


def _pair(a: float, b: float, digits: int) -> str:
    return f"{a:.{digits}f} / {b:.{digits}f}"


def tables(records: list[dict], sweep: dict | None, repeats: int, code: str) -> str:
    """The results as markdown: timings against the floor, then sizes, memory and checks."""
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} at {code} on {machine()}. Medians of "
        f"{repeats} repeats "
        "(fewer where the table says), each path in a fresh process, the floor measured in the "
        "same run; every pair of figures reads project / floor, ratios are project / floor. "
        "'At a common solve' gives both paths the median of all their solve times (they solve "
        "the identical model, so the difference is noise) plus each one's own time outside "
        "the solve.",
        "",
        "| case | sites x items | runs | build (s) | build ratio | solve (s) | total (s) | "
        "total ratio | at a common solve | process (s) | process ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in records:
        p, f = r["project"], r["floor"]
        solve = "not solved" if r["build_only"] else _pair(p["solve"], f["solve"], 2)
        common = common_solve_ratio(r)
        lines.append(
            f"| {r['case']} | {r['sites']} x {r['items']} | {r['repeats']} | "
            f"{_pair(p['build'], f['build'], 3)} | {_ratio(p['build'], f['build'])} | "
            f"{solve} | {_pair(p['total'], f['total'], 2)} | {_ratio(p['total'], f['total'])} "
            f"| {'-' if common is None else f'{common:.2f}'} | "
            f"{_pair(p['process'], f['process'], 2)} | {_ratio(p['process'], f['process'])} |")
    lines += [
        "",
        "| case | columns | integer | rows | nonzeros | MiB with the model in HiGHS | "
        "peak MiB of the run | memory ratio | status | solved as | checks |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for r in records:
        p, f = r["project"], r["floor"]
        size = p["size"]
        lines.append(
            f"| {r['case']} | {size['columns']:,} | {size['integer_columns']:,} | "
            f"{size['rows']:,} | {size['nonzeros']:,} | "
            f"{_pair(p['built_mib'], f['built_mib'], 0)} | "
            f"{_pair(p['peak_mib'], f['peak_mib'], 0)} | "
            f"{_ratio(p['peak_mib'], f['peak_mib'])} | {p['status']} | {r['note']} | "
            f"{'; '.join(r['checks'])} |")
    if sweep:
        from benchmarks.warm_sweep import table

        lines += ["", "Budget sweep, 9 budgets (x0.94 to x1.10), all four in one process:", ""]
        lines += table(sweep)
    return "\n".join(lines) + "\n"


def _series(records: list[dict]) -> list[dict]:
    """The synthetic scale series, one record per size."""
    return [r for r in records if r["group"] == "synthetic" and r["case"] == f"synthetic-"
            f"{r['sites']}"]


def growth(records: list[dict], path: str, key: str) -> float | None:
    """Least-squares slope of log(figure) against log(sites) over the synthetic series from
    200 sites (1: linear growth, 2: quadratic)."""
    points = [(math.log(r["sites"]), math.log(r[path][key])) for r in _series(records)
              if r["sites"] >= 200 and r[path][key] > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


#: Instances named on the plot.
LABELLED = {"china-provinces": "provinces", "china-prefectures": "prefectures",
            "orlib-capa-14000": "capa-14000"}


def plot(records: list[dict], target: Path) -> Path | None:
    """Build seconds and memory with the model in HiGHS against the matrix's nonzeros."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not records:
        return None
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4))
    styles = {"project": ("tab:blue", "o", "hinterland (Pyomo, standard form)"),
              "floor": ("tab:orange", "s", "floor (highspy, arrays)")}
    series = _series(records)
    others = [r for r in records if r["group"] != "synthetic"]
    for path, (colour, marker, label) in styles.items():
        for chosen, fill, line, name in ((series, colour, "-", label),
                                         (others, "white", "none", None)):
            chosen = sorted(chosen, key=lambda r: r[path]["size"]["nonzeros"])
            if not chosen:
                continue
            xs = [r[path]["size"]["nonzeros"] for r in chosen]
            kwargs = {"color": colour, "marker": marker, "markerfacecolor": fill,
                      "linestyle": line, "label": name}
            left.plot(xs, [r[path]["build"] for r in chosen], **kwargs)
            right.plot(xs, [r[path]["built_mib"] for r in chosen], **kwargs)
    for r in series:
        left.annotate(str(r["sites"]), (r["project"]["size"]["nonzeros"], r["project"]["build"]),
                      fontsize=7, xytext=(3, 4), textcoords="offset points")
    for r in others:
        if r["case"] in LABELLED:
            point = (r["project"]["size"]["nonzeros"], r["project"]["build"])
            left.annotate(LABELLED[r["case"]], point, fontsize=7, xytext=(3, -9),
                          textcoords="offset points")
    solved = [r for r in records if r["case"].endswith("-solve")]
    for path, (colour, _, _) in styles.items():
        for r in solved:
            right.plot([r[path]["size"]["nonzeros"]], [r[path]["peak_mib"]], marker="*",
                       markersize=11, color=colour, linestyle="none",
                       label=f"{path}: whole run, 3200 sites with a solve")
    for axis, title, unit in (
        (left, "Build: loaded instance to HiGHS holding the model", "seconds"),
        (right, "Peak memory when HiGHS holds the model", "MiB (peak RSS)"),
    ):
        axis.set_xscale("log")
        axis.set_xlabel("nonzeros of the constraint matrix")
        axis.set_ylabel(unit)
        axis.set_title(title, fontsize=10)
        axis.grid(True, which="both", alpha=0.3)
    left.set_yscale("log")
    right.set_ylim(bottom=0)
    right.axhline(1024, color="grey", linestyle=":", linewidth=1)
    right.annotate("1 GiB", (min(r["project"]["size"]["nonzeros"] for r in records), 1024),
                   color="grey", fontsize=8, xytext=(2, 3), textcoords="offset points")
    left.legend(fontsize=8, title="lines: synthetic, sites x 30 items (labelled);\n"
                "open markers: real and OR-Library instances", title_fontsize=7)
    if solved:
        right.legend(fontsize=7, loc="center left")
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=110)
    plt.close(figure)
    return target


def update_readme(text: str) -> None:
    """Replace the text between the results markers of ``benchmarks/README.md``."""
    readme = README.read_text(encoding="utf-8")
    if BEGIN not in readme or END not in readme:
        raise SystemExit(f"{README} has no {BEGIN} ... {END} section to replace")
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{BEGIN}\n{text}{END}{tail}", encoding="utf-8")


def report(records: list[dict], sweep: dict | None, repeats: int, minutes: float,
           code: str) -> str:
    """The tables, the growth of build time and the duration, as markdown."""
    text = tables(records, sweep, repeats, code)
    slopes = {path: growth(records, path, "build") for path in ("project", "floor")}
    if slopes["project"] is not None and slopes["floor"] is not None:
        text += ("\nGrowth of build time with sites over the synthetic series from 200 sites "
                 "(slope of a log-log fit; 1 is linear, 2 quadratic): project "
                 f"{slopes['project']:.2f}, floor {slopes['floor']:.2f}.\n")
    text += f"\nThe whole run took {minutes:.1f} minutes.\n"
    return text


def replot(results: Path, readme: bool) -> int:
    """Redraw from a saved ``results.json`` (and with ``readme`` rewrite the tables)."""
    saved = json.loads(results.read_text(encoding="utf-8"))
    image = plot(saved["cases"], BENCH / "images" / "scale.png" if readme
                 else results.parent / "scale.png")
    if readme:
        update_readme(report(saved["cases"], saved["sweep"], saved["repeats"],
                             saved.get("minutes", 0.0), saved.get("code", "an unknown commit")))
    print(f"plot: {image}")
    return 0


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    cli.add_argument("--quick", action="store_true",
                     help="a small subset of the cases (a few minutes)")
    cli.add_argument("--cases", default=None,
                     help="comma-separated case names, '*' allowed "
                          "(e.g. 'synthetic-*,orlib-cap41')")
    cli.add_argument("--repeats", type=int, default=None,
                     help="repeats per case and path (default 3; 1 with --quick)")
    cli.add_argument("--no-sweep", action="store_true", help="leave out the warm sweep")
    cli.add_argument("--out", type=Path, default=BENCH / "results",
                     help="folder for results.md and results.json")
    cli.add_argument("--cache", type=Path, default=CACHE,
                     help="folder for the generated instances")
    cli.add_argument("--readme", action="store_true",
                     help="write the tables into benchmarks/README.md too")
    cli.add_argument("--replot", type=Path, default=None, metavar="RESULTS_JSON",
                     help="only redraw the plot (and with --readme the tables) from a "
                          "results.json of an earlier run")
    args = cli.parse_args(argv)
    if args.replot is not None:
        return replot(args.replot, args.readme)
    repeats = args.repeats if args.repeats is not None else (1 if args.quick else 3)
    cases = select(args.cases.split(",") if args.cases else None, quick=args.quick)
    started = time.perf_counter()
    code = code_version()
    records = []
    for case in cases:
        print(f"{case.name}: {case.sites} sites x {case.items} items", flush=True)
        records.append(measure_case(case, repeats, args.cache))
    sweep = None
    if not args.no_sweep:
        print("warm sweep", flush=True)
        sweep = run_sweep(repeats)
    minutes = (time.perf_counter() - started) / 60
    text = report(records, sweep, repeats, minutes, code)
    slopes = {path: growth(records, path, "build") for path in ("project", "floor")}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    (args.out / "results.json").write_text(
        json.dumps({"machine": machine(), "repeats": repeats, "cases": records,
                    "sweep": sweep, "growth": slopes, "minutes": minutes, "code": code},
                   indent=1),
        encoding="utf-8")
    image = plot(records, BENCH / "images" / "scale.png" if args.readme
                 else args.out / "scale.png")
    if args.readme:
        update_readme(text)
    print()
    print(text)
    if image is not None:
        print(f"plot: {image}")
    failed = [c for r in records for c in r["checks"] if c.startswith("FAIL")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
