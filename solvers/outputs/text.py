"""Plain-text report of a run for the terminal."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hinterland.model import Instance
from hinterland.model.evaluation import Evaluation
from hinterland.model.plan_evaluation import PlanEvaluation, evaluate_plan
from hinterland.solvers.adapter.highs import SolveStatus
from hinterland.solvers.adapter.pipeline import Run

STATUS_WORDS = {
    SolveStatus.OPTIMAL: "optimal",
    SolveStatus.FEASIBLE: "feasible (stopped before proving optimality)",
    SolveStatus.INFEASIBLE: "infeasible: no layout meets every constraint",
    SolveStatus.NO_SOLUTION: "no layout found before the solver stopped",
    SolveStatus.ERROR: "solver error",
}


def print_run(run: Run, folder: Path) -> None:
    """Print the headline figures of ``run`` and where its files are."""
    result = run.result
    units = run.instance.settings.units
    print()
    print(f"hinterland: {run.instance.name}")
    print(f"  status      {STATUS_WORDS[result.status]} ({result.termination})")
    if result.objective is not None:
        gap = f", gap {result.gap:.4%}" if result.gap is not None else ""
        bound = f"{result.bound:,.4f}" if result.bound is not None else "none"
        print(f"  objective   {result.objective:,.4f}  (bound {bound}{gap})"
              + (f"  [{units}]" if units else ""))
    if run.breakdown:
        print_terms(run.breakdown, run.instance)
    if run.layout is not None and run.instance.periods:
        print_schedule(evaluate_plan(run.instance, run.layout).schedule, run.layout)
    elif run.layout is not None:
        hosted = run.layout[run.layout["hosting"] > 0]
        print(f"  layout      {len(hosted)} placements of {hosted['item_id'].nunique()} items "
              f"at {hosted['site_id'].nunique()} sites")
    for finding in run.findings:
        print(f"  why         {finding}")
    if result.status == SolveStatus.INFEASIBLE and not run.findings:
        print("  why         the checks before solving found no single cause; the constraints "
              "conflict in combination (budget, regional shares, survival, dispersion). "
              "Relax one at a time to locate it.")
    build = run.build_seconds + result.compile_seconds
    print(f"  seconds     build {build:.2f} (model {run.build_seconds:.2f}, to HiGHS "
          f"{result.compile_seconds:.2f}), solve {result.solve_seconds:.2f}")
    print(f"  results     {folder}")


def print_schedule(schedule: pd.DataFrame, layout: pd.DataFrame) -> None:
    """One line per plan period: what stands, what is added and against which budget."""
    for row in schedule.itertuples(index=False):
        hosted = layout[(layout["period"] == row.period) & (layout["hosting"] > 0)]
        budget = "" if pd.isna(row.budget) else f" (budget {row.budget:,.4g})"
        print(f"  {row.period:11} {row.start}-{row.end}: {len(hosted)} placements at "
              f"{hosted['site_id'].nunique()} sites; investment added "
              f"{row.added_investment:,.4f}{budget}, standing {row.investment:,.4f}; "
              f"opex {row.opex:,.4f}, transport {row.transport:,.4f}")


def print_terms(terms: dict[str, float], instance: Instance) -> None:
    """The cost terms, and the other objective terms with their weights."""
    print(f"    cost       {terms['cost']:,.4f}")
    print(f"    investment {terms['investment']:,.4f} = open {terms['open_cost']:,.4f} + fixed "
          f"{terms['fixed_cost']:,.4f} + capex {terms['capex']:,.4f}")
    print(f"    opex       {terms['opex']:,.4f} over {instance.horizon_years:g} years")
    print(f"    transport  {terms['transport']:,.4f}")
    weights = instance.weights
    for name, weight in (("risk", weights.risk), ("imbalance", weights.balance),
                         ("synergy", weights.synergy)):
        print(f"    {name:10} {terms[name]:,.4f}  (weight {weight:g})")


def print_evaluation(evaluation: Evaluation, instance: Instance, title: str,
                     plan_period: str | None = None) -> None:
    """A readable account of a measured layout: costs, items, regions, broken rules.

    For a period of a plan (``plan_period``), the period's own terms are printed in one line.
    """
    units = instance.settings.units
    print(f"hinterland: {title} measured against {instance.name}")
    if plan_period is None:
        print(f"  objective   {evaluation.objective:,.4f}" + (f"  [{units}]" if units else ""))
        print_terms({**evaluation.terms, "objective": evaluation.objective}, instance)
    else:
        terms = evaluation.terms
        print(f"  investment standing {terms['investment']:,.4f}, opex {terms['opex']:,.4f}, "
              f"transport {terms['transport']:,.4f}, risk {terms['risk']:,.4f}")
    print()
    items = evaluation.items[["item_id", "demand", "capacity", "sites", "largest_site_share",
                              "left_after_site_loss", "left_after_province_loss",
                              "mean_coast_km", "mean_border_km", "mean_hazard"]]
    print(items.to_string(index=False, float_format=lambda v: f"{v:,.3g}", na_rep="-"))
    print()
    regions = evaluation.regions
    print(regions.to_string(index=False, float_format=lambda v: f"{v:,.4g}", na_rep="-"))
    print()
    if evaluation.violations:
        print(f"  {len(evaluation.violations)} rule(s) broken:")
        for violation in evaluation.violations:
            print(f"  - [{violation.family}] {violation.message}")
    else:
        print("  no rule broken: the layout is feasible")


def print_plan_evaluation(evaluation: PlanEvaluation, instance: Instance, title: str) -> None:
    """A plan's layout: the plan's terms and schedule, then each period measured alone."""
    units = instance.settings.units
    print(f"hinterland: {title} measured against the plan {instance.name}")
    print(f"  objective   {evaluation.objective:,.4f}" + (f"  [{units}]" if units else ""))
    print_terms({**evaluation.terms, "objective": evaluation.objective}, instance)
    print()
    print(evaluation.schedule.to_string(index=False, float_format=lambda v: f"{v:,.4g}",
                                        na_rep="-"))
    plan_rules = [v for v in evaluation.violations
                  if v.family in ("continuity", "period_budget", "budget")]
    for violation in plan_rules:
        print(f"  - [{violation.family}] {violation.message}")
    for name, period in evaluation.periods.items():
        print()
        print_evaluation(period, instance, f"{title}, period {name},", plan_period=name)
