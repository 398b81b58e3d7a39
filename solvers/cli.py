"""The ``hinterland`` command line.

Exit status: 0 solved (optimal, or a layout at the time limit), 2 invalid input, 3 infeasible,
4 no layout found within the time limit, 1 solver failure or results that cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from hinterland.model import Instance, InstanceError, Problem, load_instance
from hinterland.model.bundled import bundled_instances, bundled_root, describe
from hinterland.model.eligibility import eligible_pairs
from hinterland.model.evaluation import evaluate as evaluate_layout
from hinterland.model.loading import load_layout
from hinterland.model.plan_evaluation import evaluate_plan
from hinterland.model.prechecks import instance_findings
from hinterland.model.scenarios import apply_scenarios
from hinterland.model.suitability import (
    DEFAULT_TOP,
    METHODS,
    check_criteria,
    rank_instance,
    sensitivity,
)
from hinterland.solvers.adapter.highs import SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance, solver_options
from hinterland.solvers.outputs.folders import (
    OutputExistsError,
    check_output_dir,
    default_output_dir,
    result_files,
    write_csv,
    write_folder,
    write_results,
)
from hinterland.solvers.outputs.html import ReportError, write_report
from hinterland.solvers.outputs.text import print_evaluation, print_plan_evaluation, print_run
from hinterland.solvers.studies import diagnose as diagnosing
from hinterland.solvers.studies import pareto as frontiers
from hinterland.solvers.studies import prices
from hinterland.solvers.studies import ranking as ranking_study
from hinterland.solvers.studies import sweep as sweeps
from hinterland.solvers.studies.comparing import (
    Comparison,
    PlanComparison,
    comparison_files,
    plan_comparison_files,
    print_comparison,
    print_plan_comparison,
)
from hinterland.solvers.studies.robust import write_robust

EXIT_OK, EXIT_SOLVER_ERROR, EXIT_INVALID, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 0, 1, 2, 3, 4

#: The bundled instance solved when none is named.
DEFAULT_INSTANCE = "china-provinces"
#: An instance argument is kept as typed: a name (a bundled instance) or a path.
INSTANCE_HELP = "instance folder, or the name of a bundled instance (hinterland instances)"

EXIT_BY_STATUS = {
    SolveStatus.OPTIMAL: EXIT_OK,
    SolveStatus.FEASIBLE: EXIT_OK,
    SolveStatus.INFEASIBLE: EXIT_INFEASIBLE,
    SolveStatus.NO_SOLUTION: EXIT_NO_SOLUTION,
    SolveStatus.ERROR: EXIT_SOLVER_ERROR,
}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="hinterland",
        description="Optimise the layout of strategic reserves, industry backups and "
                    "new-quality industries across hinterland sites.",
    )
    root.add_argument("--version", action="version", version=f"hinterland {_version()}")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("instances", help="list the instances that ship with hinterland "
                        "(solve them by name: hinterland solve china-prefectures)")

    validate = commands.add_parser("validate", help="check an instance folder and report "
                                   "every problem")
    validate.add_argument("instance", help=INSTANCE_HELP)

    solve = commands.add_parser("solve", help="solve an instance and write its results")
    solve.add_argument("instance", nargs="?", default=None,
                       help=f"instance folder or bundled instance name (default: "
                            f"{DEFAULT_INSTANCE})")
    solve.add_argument("--scenario", type=_names, default=[], metavar="NAME[,NAME...]",
                       help="apply scenarios of the instance's scenarios.yaml, in this order")
    _solve_options(solve)
    _report_option(solve)

    evaluate = commands.add_parser("evaluate", help="measure a layout against an instance")
    evaluate.add_argument("instance", help=INSTANCE_HELP)
    evaluate.add_argument("layout", type=Path,
                          help="layout CSV (site_id, item_id, capacity) or a results folder")
    evaluate.add_argument("--json", action="store_true",
                          help="print one JSON object instead of tables")

    compare = commands.add_parser("compare", help="set today's layout beside the optimum: "
                                  "tables and maps")
    compare.add_argument("instance", help=INSTANCE_HELP)
    compare.add_argument("--current", type=Path, default=None, metavar="FILE",
                         help="today's layout (default: the instance's current_layout.csv)")
    compare.add_argument("--layout", type=Path, default=None, metavar="RESULTS_DIR_OR_FILE",
                         help="the layout to compare with (default: solve the instance)")
    _solve_options(compare)
    _report_option(compare)

    pareto = commands.add_parser("pareto", help="trace the frontier between cost and risk or "
                                 "regional balance (epsilon-constraint)")
    pareto.add_argument("instance", help=INSTANCE_HELP)
    pareto.add_argument("--objectives", type=frontiers.objectives_argument, required=True,
                        metavar="cost,risk|cost,balance", help="the two terms traded off")
    pareto.add_argument("--points", type=_points, default=frontiers.DEFAULT_POINTS, metavar="N",
                        help=f"points on the frontier, both ends included (default "
                             f"{frontiers.DEFAULT_POINTS}); each is a full solve, the limits "
                             "below apply to each solve")
    _solve_options(pareto)
    _report_option(pareto)

    price = commands.add_parser("price", help="the price of security: what one step tighter "
                                "survivability or depth costs, item by item")
    price.add_argument("instance", help=INSTANCE_HELP)
    price.add_argument("--survival-step", type=_fraction, default=0.05, metavar="S",
                       help="raise each item's survive_share by S (default 0.05)")
    price.add_argument("--depth-step", type=_positive, default=100.0, metavar="KM",
                       help="raise each item's min_coast_km by KM (default 100)")
    _solve_options(price)

    sweep = commands.add_parser("sweep", help="solve a grid of parameter values (and "
                                "scenarios) into one table; resumable (docs/sweeps.md)")
    sweep.add_argument("instance", help=INSTANCE_HELP)
    sweep.add_argument("--param", type=_param, action="append", required=True,
                       metavar="PATH=VALUES", dest="params",
                       help="an override path and its values: budget=x0.6:1.4:9 (9 multiples "
                            "of the instance's value), budget=500:700:3, budget=500,600,700; "
                            "repeat for a full grid")
    sweep.add_argument("--scenarios", type=_names, default=None, metavar="NAME[,NAME...]",
                       help="a scenario dimension: each run applies one of these first "
                            "('base': none)")
    sweep.add_argument("--out", type=Path, default=None,
                       help="sweep folder; an earlier start of the same sweep there is resumed, "
                            "anything else refused (default: a new folder under results/)")
    sweep.add_argument("--workers", type=_workers, default=1, metavar="N",
                       help="solve in N local processes (default 1)")
    sweep.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="solve on a Dask cluster (tcp://host:8786); needs dask[distributed]")
    sweep.add_argument("--time-limit", type=_positive, default=None, metavar="S",
                       help="time limit of each solve, in seconds")
    sweep.add_argument("--gap", type=_fraction, default=None, metavar="G",
                       help="relative MIP gap of each solve")
    _report_option(sweep)

    report = commands.add_parser("report", help="write report.html, the results of a solve, "
                                 "compare, sweep or pareto for a browser (docs/report.md)")
    report.add_argument("results", type=Path, help="results folder")
    report.add_argument("--instance", type=Path, default=None, metavar="FOLDER",
                        help="the instance the results were made from (default: the folder "
                             "they record)")
    report.add_argument("--out", type=Path, default=None, metavar="FOLDER",
                        help="write the report into this new folder instead of the results "
                             "folder")

    diagnose = commands.add_parser("diagnose", help="the fewest policy relaxations that make "
                                   "an infeasible instance solvable (docs/diagnose.md)")
    diagnose.add_argument("instance", help=INSTANCE_HELP)
    diagnose.add_argument("--json", action="store_true",
                          help="print one JSON object instead of text")
    diagnose.add_argument("--time-limit", type=_positive, default=None, metavar="S",
                          help="time limit of each solve, in seconds")

    rank = commands.add_parser("rank", help="rank sites by the published hinterland criteria: "
                               "TOPSIS, entropy or weights (docs/suitability.md)")
    _rank_options(rank)
    return root


def _solve_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--out", type=Path, default=None,
                         help="results folder; must not exist or be empty "
                              "(default: a new folder under results/)")
    command.add_argument("--time-limit", type=_positive, default=None, metavar="S",
                         help="stop after S seconds and keep the best layout found")
    command.add_argument("--gap", type=_fraction, default=None, metavar="G",
                         help="relative MIP gap at which to stop (e.g. 0.01 for 1%%)")
    command.add_argument("--quiet", action="store_true", help="hide the solver's progress log")


def _report_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--report", action="store_true",
                         help="also write report.html (and report_map.png) into the results "
                              "folder: a page for a browser (docs/report.md)")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        command = {"instances": list_instances, "validate": validate, "solve": solve,
                   "evaluate": evaluate, "report": report, "compare": compare, "pareto": pareto,
                   "price": price, "sweep": sweep, "diagnose": diagnose,
                   "rank": rank}[args.command]
        return command(args)
    except InstanceError as err:
        print(f"hinterland: invalid instance\n{err.report()}", file=sys.stderr)
        return EXIT_INVALID
    except (OutputExistsError, sweeps.SweepError, ReportError) as err:
        print(f"hinterland: {err}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as err:
        # A folder that cannot be written (permissions, a full disk): nothing was left behind.
        print(f"hinterland: cannot write {err.filename or 'the results'}: {err.strerror or err}",
              file=sys.stderr)
        return EXIT_SOLVER_ERROR


def list_instances(args: argparse.Namespace) -> int:
    """The bundled instances: name, what each is, and where it is installed."""
    found = bundled_instances()
    width = max(map(len, found), default=0)
    print(f"hinterland {_version()}: {len(found)} bundled instances "
          f"(solve one by name, or copy its folder to edit it)")
    for name, folder in found.items():
        print(f"  {name:{width}}  {describe(folder)}")
    print(f"  folder      {bundled_root()}")
    return EXIT_OK


def _version() -> str:
    try:
        return metadata.version("hinterland")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def validate(args: argparse.Namespace) -> int:
    instance = load_instance(args.instance)
    check_criteria(instance)  # the suitability criteria's columns, once sites.csv is known
    _print_notes(instance)
    print(f"{instance.name}: valid. {len(instance.sites)} sites "
          f"({int(instance.sites['hinterland'].sum())} hinterland), {len(instance.items)} items, "
          f"{len(instance.centres)} centres, {len(eligible_pairs(instance))} eligible "
          f"site-item pairs{_plan_words(instance)}.")
    findings = instance_findings(instance)
    if findings:
        print("It cannot be solved as it stands:")
        for finding in findings:
            print(f"  - {finding}")
        return EXIT_INFEASIBLE
    return EXIT_OK


def solve(args: argparse.Namespace) -> int:
    folder = args.instance if args.instance is not None else DEFAULT_INSTANCE
    instance = apply_scenarios(load_instance(folder), args.scenario)
    target = args.out if args.out is not None else default_output_dir(instance.name)
    check_output_dir(target)  # refuse before spending time on the solve
    _print_notes(instance)
    options = solver_options(instance, time_limit=args.time_limit, mip_gap=args.gap,
                             log=not args.quiet)
    run = run_instance(instance, options)
    written = write_results(run, target)
    print_run(run, written)
    _report_if_asked(args, written, instance)
    if run.status == SolveStatus.INFEASIBLE and not run.findings and instance.periods:
        print("  diagnose    plans are not diagnosed yet; solve each period's figures as a "
              "single-period instance to find the rule that binds")
    elif run.status == SolveStatus.INFEASIBLE and not run.findings:
        # The checks found nothing, so the solver proved it: say what would fix it.
        diagnosing.print_suggestions(diagnosing.diagnose(
            instance, diagnosing.SolverOptions(log=False, time_limit=args.time_limit)))
    return EXIT_BY_STATUS[run.status]


def diagnose(args: argparse.Namespace) -> int:
    """The fewest relaxations that restore feasibility; 0 once diagnosed (docs/diagnose.md)."""
    instance = load_instance(args.instance)
    if instance.periods:
        print("hinterland: diagnose works on single-period instances; this one has plan "
              "periods (solve each period's figures alone to find the rule that binds)",
              file=sys.stderr)
        return EXIT_INVALID
    _print_notes(instance)
    result = diagnosing.diagnose(instance,
                                 diagnosing.SolverOptions(log=False, time_limit=args.time_limit))
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        diagnosing.print_diagnosis(instance, result)
    return {"feasible": EXIT_OK, "infeasible": EXIT_OK,
            "undiagnosed": EXIT_INFEASIBLE}.get(result.status, EXIT_NO_SOLUTION)


def evaluate(args: argparse.Namespace) -> int:
    """Measure a layout; a layout that breaks rules is still measured (exit 0)."""
    instance = load_instance(args.instance)
    layout = load_layout(args.layout, instance)
    _print_notes(instance)
    evaluation = (evaluate_plan(instance, layout) if instance.periods
                  else evaluate_layout(instance, layout))
    if args.json:
        print(json.dumps(evaluation.as_dict(), indent=2))
    elif instance.periods:
        print_plan_evaluation(evaluation, instance, str(args.layout))
    else:
        print_evaluation(evaluation, instance, str(args.layout))
    return EXIT_OK


def compare(args: argparse.Namespace) -> int:
    """Solve (unless a layout is given) and compare the result with today's layout."""
    instance = load_instance(args.instance)
    if args.current is not None:
        current = load_layout(args.current, instance)
    elif instance.current_layout is not None:
        current = instance.current_layout
    else:
        raise InstanceError([Problem(str(args.instance), "today's layout: a current_layout.csv "
                                     "in the instance, or --current FILE", value="none given")])
    optimal = load_layout(args.layout, instance) if args.layout is not None else None
    target = args.out if args.out is not None else default_output_dir(f"{instance.name}-compare")
    check_output_dir(target)
    _print_notes(instance)
    files: dict = {}
    run = None
    if optimal is None:
        options = solver_options(instance, time_limit=args.time_limit, mip_gap=args.gap,
                                 log=not args.quiet)
        run = run_instance(instance, options)
        files.update(result_files(run))
        if run.layout is None:
            written = write_folder(target, files)
            print_run(run, written)
            return EXIT_BY_STATUS[run.status]
        optimal = run.layout
    if instance.periods:
        plan = PlanComparison.of(instance, current, optimal)
        written = write_folder(target, {**files, **plan_comparison_files(plan)})
    else:
        comparison = Comparison.of(instance, current, optimal)
        written = write_folder(target, {**files, **comparison_files(comparison)})
    if run is not None:
        print_run(run, written)
    if instance.periods:
        print_plan_comparison(plan, written)
    else:
        print_comparison(comparison, written)
    _report_if_asked(args, written, instance)
    return EXIT_OK


def pareto(args: argparse.Namespace) -> int:
    """Trace the cost frontier against risk or balance; 0 once traced (docs/pareto.md)."""
    instance = load_instance(args.instance)
    frontiers.check_term(instance, args.objectives)
    target = args.out if args.out is not None else default_output_dir(
        f"{instance.name}-pareto-cost-{args.objectives}")
    check_output_dir(target)
    _print_notes(instance)
    options = solver_options(instance, time_limit=args.time_limit, mip_gap=args.gap,
                             log=not args.quiet)
    frontier = frontiers.trace_frontier(
        instance, args.objectives, args.points, options,
        progress=lambda point: frontiers.print_progress(point, args.objectives))
    if not frontier.traced:
        frontiers.print_frontier(frontier, None)
        return EXIT_BY_STATUS[frontier.status]
    written = write_folder(target, frontiers.frontier_files(frontier))
    frontiers.print_frontier(frontier, written)
    _report_if_asked(args, written, instance)
    return EXIT_OK


def price(args: argparse.Namespace) -> int:
    """Re-solve with each item's survivability and depth one step tighter; 0 once priced."""
    instance = load_instance(args.instance)
    target = args.out if args.out is not None else default_output_dir(f"{instance.name}-price")
    check_output_dir(target)
    _print_notes(instance)
    options = solver_options(instance, time_limit=args.time_limit, mip_gap=args.gap,
                             log=not args.quiet)
    base, table = prices.price_table(instance, options, survival_step=args.survival_step,
                                     depth_step=args.depth_step,
                                     progress=lambda line: print(f"  priced  {line}"))
    files = result_files(base)
    if base.layout is None:
        write_folder(target, files)
        print_run(base, target)
        return EXIT_BY_STATUS[base.status]
    written = write_folder(target, {**files, "prices.csv": write_csv(table)})
    prices.print_prices(instance, base, table)
    print(f"  results     {written} (prices.csv, and the base solve)")
    return EXIT_OK


def sweep(args: argparse.Namespace) -> int:
    """Solve every point of the grid into sweep.csv; 0 once every run is done (any status)."""
    instance = load_instance(args.instance)
    names = [name for name, _ in args.params]
    if len(set(names)) < len(names):
        raise InstanceError([Problem("--param", "each path once", value=", ".join(names))])
    params = [sweeps.parse_values(name, values) for name, values in args.params]
    target = args.out if args.out is not None else default_output_dir(f"{instance.name}-sweep")
    _print_notes(instance)
    table = sweeps.run_sweep(instance, params, args.scenarios, workers=args.workers,
                             scheduler=args.scheduler, out=target, time_limit=args.time_limit,
                             mip_gap=args.gap, progress=sweeps.progress_printer(params))
    sweeps.print_table(table, params, target)
    robust = write_robust(instance, target, sweeps.grid(params, args.scenarios), table)
    if robust:
        print(f"  robust      {robust}")
    _report_if_asked(args, target, instance)
    return EXIT_OK


def report(args: argparse.Namespace) -> int:
    """Write the report of a results folder; 0 once written (docs/report.md)."""
    written = write_report(args.results, instance=args.instance, out=args.out)
    print(f"hinterland: report of {args.results}\n  report      {written}")
    return EXIT_OK


def _report_if_asked(args: argparse.Namespace, folder: Path, instance: Instance) -> None:
    """``--report``: the report of the results just written, beside them.

    The results stand whatever happens to the report, so a report that cannot be made is
    said on stderr and does not change the exit status.
    """
    if not getattr(args, "report", False):
        return
    try:
        print(f"  report      {write_report(folder, instance=instance)}")
    except ReportError as err:
        print(f"hinterland: no report: {err}", file=sys.stderr)


def _rank_options(command: argparse.ArgumentParser) -> None:
    """The options of ``hinterland rank``."""
    command.add_argument("instance", help=INSTANCE_HELP)
    command.add_argument("--method", choices=METHODS, default=None,
                         help="topsis, entropy or weights (default: instance.yaml's "
                              "suitability.method, else topsis)")
    command.add_argument("--all", action="store_true", dest="include_all",
                         help="rank every site, not only the hinterland ones")
    command.add_argument("--top", type=_whole_at_least_one, default=DEFAULT_TOP, metavar="K",
                         help=f"the number of first sites whose change the sensitivity looks "
                              f"for (default {DEFAULT_TOP})")
    command.add_argument("--site", type=_ids, default=[], metavar="ID[,ID...]",
                         help="explain where these sites' scores come from")
    command.add_argument("--rows", type=_whole_at_least_one, default=None, metavar="N",
                         help="print only the first N rows of the table (the files hold all)")
    command.add_argument("--out", type=Path, default=None,
                         help="results folder; must not exist or be empty "
                              "(default: a new folder under results/)")


def rank(args: argparse.Namespace) -> int:
    """Rank, print and write; 0 once written, InstanceError (exit 2) for invalid input."""
    instance = load_instance(args.instance)
    ranking = rank_instance(instance, method=args.method, include_all=args.include_all)
    ranked = set(ranking.matrix.sites["site_id"])
    unknown = [s for s in args.site if s not in ranked]
    if unknown:
        where = "" if args.include_all else " (hinterland true; --all ranks every site)"
        raise InstanceError([Problem("--site", f"ids of ranked sites{where}",
                                     value=", ".join(unknown))])
    target = args.out if args.out is not None else default_output_dir(
        f"{instance.name}-rank-{ranking.method}")
    check_output_dir(target)
    for note in (*instance.notes, *ranking.notes):
        print(f"note: {note}", file=sys.stderr)
    shifts = sensitivity(ranking, top=args.top)
    written = write_folder(target, ranking_study.rank_files(instance, ranking, shifts))
    ranking_study.print_ranking(instance, ranking, rows=args.rows)
    ranking_study.print_sensitivity(ranking, shifts)
    for site in args.site:
        ranking_study.print_site(ranking, site)
    print(f"\n  results     {written} ({', '.join(ranking_study.RANK_FILES)})")
    return 0


def _whole_at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _ids(text: str) -> list[str]:
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise argparse.ArgumentTypeError("expected site ids joined by ','")
    return ids


def _param(text: str) -> tuple[str, str]:
    try:
        name, values = sweeps.parse_spec(text)
        sweeps.parse_values(name, values)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return name, values


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"expected a whole number >= {minimum}, got {text!r}")
        return value

    return parse


_workers = _at_least(1)
_points = _at_least(2)


def _plan_words(instance: Instance) -> str:
    """``, plan periods A (2026-2030), B (...)`` for a plan; empty otherwise."""
    if not instance.periods:
        return ""
    return ", plan periods " + ", ".join(f"{p.name} ({p.start}-{p.end})"
                                         for p in instance.periods)


def _print_notes(instance: Instance) -> None:
    for note in instance.notes:
        print(f"note: {note}", file=sys.stderr)


def _names(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected scenario names joined by ','")
    return names


def _positive(text: str) -> float:
    value = _number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def _fraction(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}")
    return value


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())
