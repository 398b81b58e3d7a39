"""The commands of ``hinterland``: each reads its instance, does its one job, prints its report
and returns the exit status (:mod:`hinterland.solvers.cli` says which status means what)."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from hinterland.model import Instance, InstanceError, Problem, load_instance
from hinterland.model.bundled import bundled_instances, bundled_root, describe
from hinterland.model.eligibility import eligible_pairs
from hinterland.model.evaluation import evaluate as evaluate_layout
from hinterland.model.loading import load_layout
from hinterland.model.plan_evaluation import evaluate_plan
from hinterland.model.prechecks import instance_findings
from hinterland.model.scenarios import apply_scenarios
from hinterland.model.suitability import check_criteria, rank_instance, sensitivity
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance, solver_options
from hinterland.solvers.cli.arguments import DEFAULT_INSTANCE, version
from hinterland.solvers.cli.console import notes, show
from hinterland.solvers.outputs.folders import (
    check_output_dir,
    default_output_dir,
    result_files,
    write_csv,
    write_folder,
    write_results,
)
from hinterland.solvers.outputs.html import ReportError, write_report
from hinterland.solvers.outputs.text import evaluation_text, plan_evaluation_text, run_text
from hinterland.solvers.studies import diagnose as diagnosing
from hinterland.solvers.studies import pareto as frontiers
from hinterland.solvers.studies import prices
from hinterland.solvers.studies import ranking as ranking_study
from hinterland.solvers.studies import sweep as sweeps
from hinterland.solvers.studies.comparing import (
    Comparison,
    PlanComparison,
    comparison_files,
    comparison_text,
    plan_comparison_files,
    plan_comparison_text,
)
from hinterland.solvers.studies.robust import write_robust

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_SOLVER_ERROR, EXIT_INVALID, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 0, 1, 2, 3, 4

EXIT_BY_STATUS = {
    SolveStatus.OPTIMAL: EXIT_OK,
    SolveStatus.FEASIBLE: EXIT_OK,
    SolveStatus.INFEASIBLE: EXIT_INFEASIBLE,
    SolveStatus.NO_SOLUTION: EXIT_NO_SOLUTION,
    SolveStatus.ERROR: EXIT_SOLVER_ERROR,
}


def options_of(args: argparse.Namespace, instance: Instance) -> SolverOptions:
    """The solver options a command's arguments ask for, over the instance's own."""
    return solver_options(instance, time_limit=args.time_limit, mip_gap=getattr(args, "gap", None),
                          log=args.log, highs_options=dict(args.highs_options),
                          given_as="--highs-option")


def list_instances(args: argparse.Namespace) -> int:
    """The bundled instances: name, what each is, and where it is installed."""
    found = bundled_instances()
    width = max(map(len, found), default=0)
    lines = [f"hinterland {version()}: {len(found)} bundled instances "
             "(solve one by name, or copy its folder to edit it)"]
    lines += [f"  {name:{width}}  {describe(folder)}" for name, folder in found.items()]
    lines.append(f"  folder      {bundled_root()}")
    show("\n".join(lines))
    return EXIT_OK


def validate(args: argparse.Namespace) -> int:
    instance = load_instance(args.instance)
    check_criteria(instance)  # the suitability criteria's columns, once sites.csv is known
    solver_options(instance)  # the HiGHS options of solver.highs, checked against HiGHS
    notes(instance.notes)
    lines = [f"{instance.name}: valid. {len(instance.sites)} sites "
             f"({int(instance.sites['hinterland'].sum())} hinterland), {len(instance.items)} "
             f"items, {len(instance.centres)} centres, {len(eligible_pairs(instance))} eligible "
             f"site-item pairs{_plan_words(instance)}."]
    findings = instance_findings(instance)
    if findings:
        lines.append("It cannot be solved as it stands:")
        lines += [f"  - {finding}" for finding in findings]
    show("\n".join(lines))
    return EXIT_INFEASIBLE if findings else EXIT_OK


def solve(args: argparse.Namespace) -> int:
    folder = args.instance if args.instance is not None else DEFAULT_INSTANCE
    instance = apply_scenarios(load_instance(folder), args.scenario)
    options = options_of(args, instance)
    target = args.out if args.out is not None else default_output_dir(instance.name)
    check_output_dir(target)  # refuse before spending time on the solve
    notes(instance.notes)
    run = run_instance(instance, options)
    written = write_results(run, target)
    show(run_text(run, written))
    _report_if_asked(args, written, instance)
    if run.status == SolveStatus.INFEASIBLE and not run.findings and instance.periods:
        show("  diagnose    plans are not diagnosed yet; solve each period's figures as a "
             "single-period instance to find the rule that binds")
    elif run.status == SolveStatus.INFEASIBLE and not run.findings:
        # The checks found nothing, so the solver proved it: say what would fix it.
        quiet = SolverOptions(time_limit=options.time_limit, highs_options=options.highs_options)
        show(diagnosing.suggestions_text(diagnosing.diagnose(instance, quiet)))
    return EXIT_BY_STATUS[run.status]


def diagnose(args: argparse.Namespace) -> int:
    """The fewest relaxations that restore feasibility; 0 once diagnosed (docs/diagnose.md)."""
    instance = load_instance(args.instance)
    if instance.periods:
        logger.error("hinterland: diagnose works on single-period instances; this one has plan "
                     "periods (solve each period's figures alone to find the rule that binds)")
        return EXIT_INVALID
    options = options_of(args, instance)
    notes(instance.notes)
    result = diagnosing.diagnose(instance, options)
    if args.json:
        show(json.dumps(result.as_dict(), indent=2))
    else:
        show(diagnosing.diagnosis_text(instance, result))
    return {"feasible": EXIT_OK, "infeasible": EXIT_OK,
            "undiagnosed": EXIT_INFEASIBLE}.get(result.status, EXIT_NO_SOLUTION)


def evaluate(args: argparse.Namespace) -> int:
    """Measure a layout; a layout that breaks rules is still measured (exit 0)."""
    instance = load_instance(args.instance)
    layout = load_layout(args.layout, instance)
    notes(instance.notes)
    evaluation = (evaluate_plan(instance, layout) if instance.periods
                  else evaluate_layout(instance, layout))
    if args.json:
        show(json.dumps(evaluation.as_dict(), indent=2))
    elif instance.periods:
        show(plan_evaluation_text(evaluation, instance, str(args.layout)))
    else:
        show(evaluation_text(evaluation, instance, str(args.layout)))
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
    options = options_of(args, instance) if optimal is None else None
    target = args.out if args.out is not None else default_output_dir(f"{instance.name}-compare")
    check_output_dir(target)
    notes(instance.notes)
    files: dict = {}
    run = None
    if optimal is None:
        run = run_instance(instance, options)
        files.update(result_files(run))
        if run.layout is None:
            written = write_folder(target, files)
            show(run_text(run, written))
            return EXIT_BY_STATUS[run.status]
        optimal = run.layout
    if instance.periods:
        plan = PlanComparison.of(instance, current, optimal)
        written = write_folder(target, {**files, **plan_comparison_files(plan)})
    else:
        comparison = Comparison.of(instance, current, optimal)
        written = write_folder(target, {**files, **comparison_files(comparison)})
    if run is not None:
        show(run_text(run, written))
    if instance.periods:
        show(plan_comparison_text(plan, written))
    else:
        show(comparison_text(comparison, written))
    _report_if_asked(args, written, instance)
    return EXIT_OK


def pareto(args: argparse.Namespace) -> int:
    """Trace the cost frontier against risk or balance; 0 once traced (docs/pareto.md)."""
    instance = load_instance(args.instance)
    frontiers.check_term(instance, args.objectives)
    options = options_of(args, instance)
    target = args.out if args.out is not None else default_output_dir(
        f"{instance.name}-pareto-cost-{args.objectives}")
    check_output_dir(target)
    notes(instance.notes)
    frontier = frontiers.trace_frontier(
        instance, args.objectives, args.points, options,
        progress=lambda point: logger.info(frontiers.progress_line(point, args.objectives)))
    if not frontier.traced:
        show(frontiers.frontier_text(frontier, None))
        return EXIT_BY_STATUS[frontier.status]
    written = write_folder(target, frontiers.frontier_files(frontier))
    show(frontiers.frontier_text(frontier, written))
    _report_if_asked(args, written, instance)
    return EXIT_OK


def price(args: argparse.Namespace) -> int:
    """Re-solve with each item's survivability and depth one step tighter; 0 once priced."""
    instance = load_instance(args.instance)
    options = options_of(args, instance)
    target = args.out if args.out is not None else default_output_dir(f"{instance.name}-price")
    check_output_dir(target)
    notes(instance.notes)
    base, table = prices.price_table(instance, options, survival_step=args.survival_step,
                                     depth_step=args.depth_step,
                                     progress=lambda line: logger.info(f"  priced  {line}"))
    files = result_files(base)
    if base.layout is None:
        write_folder(target, files)
        show(run_text(base, target))
        return EXIT_BY_STATUS[base.status]
    written = write_folder(target, {**files, "prices.csv": write_csv(table)})
    show(prices.prices_text(instance, base, table))
    show(f"  results     {written} (prices.csv, and the base solve)")
    return EXIT_OK


def sweep(args: argparse.Namespace) -> int:
    """Solve every point of the grid into sweep.csv; 0 once every run is done (any status)."""
    instance = load_instance(args.instance)
    names = [name for name, _ in args.params]
    if len(set(names)) < len(names):
        raise InstanceError([Problem("--param", "each path once", value=", ".join(names))])
    params = [sweeps.parse_values(name, values) for name, values in args.params]
    options_of(args, instance)  # the HiGHS options, checked before the first run
    target = args.out if args.out is not None else default_output_dir(f"{instance.name}-sweep")
    notes(instance.notes)
    table = sweeps.run_sweep(instance, params, args.scenarios, workers=args.workers,
                             scheduler=args.scheduler, out=target, time_limit=args.time_limit,
                             mip_gap=args.gap, log=args.log,
                             highs_options=dict(args.highs_options),
                             progress=sweeps.progress_logger(params))
    show(sweeps.table_text(table, params, target))
    robust = write_robust(instance, target, sweeps.grid(params, args.scenarios), table)
    if robust:
        show(f"  robust      {robust}")
    _report_if_asked(args, target, instance)
    return EXIT_OK


def report(args: argparse.Namespace) -> int:
    """Write the report of a results folder; 0 once written (docs/report.md)."""
    written = write_report(args.results, instance=args.instance, out=args.out)
    show(f"hinterland: report of {args.results}\n  report      {written}")
    return EXIT_OK


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
    notes((*instance.notes, *ranking.notes))
    shifts = sensitivity(ranking, top=args.top)
    written = write_folder(target, ranking_study.rank_files(instance, ranking, shifts))
    show(ranking_study.ranking_text(instance, ranking, rows=args.rows))
    show(ranking_study.sensitivity_text(ranking, shifts))
    for site in args.site:
        show(ranking_study.site_text(ranking, site))
    show(f"\n  results     {written} ({', '.join(ranking_study.RANK_FILES)})")
    return EXIT_OK


#: Each subcommand's function.
COMMANDS = {"instances": list_instances, "validate": validate, "solve": solve,
            "evaluate": evaluate, "report": report, "compare": compare, "pareto": pareto,
            "price": price, "sweep": sweep, "diagnose": diagnose, "rank": rank}


def _report_if_asked(args: argparse.Namespace, folder: Path, instance: Instance) -> None:
    """``--report``: the report of the results just written, beside them.

    The results stand whatever happens to the report, so a report that cannot be made is
    said on stderr and does not change the exit status.
    """
    if not getattr(args, "report", False):
        return
    try:
        show(f"  report      {write_report(folder, instance=instance)}")
    except ReportError as err:
        logger.error(f"hinterland: no report: {err}")


def _plan_words(instance: Instance) -> str:
    """``, plan periods A (2026-2030), B (...)`` for a plan; empty otherwise."""
    if not instance.periods:
        return ""
    return ", plan periods " + ", ".join(f"{p.name} ({p.start}-{p.end})"
                                         for p in instance.periods)
