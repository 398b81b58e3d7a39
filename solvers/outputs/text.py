"""Plain-text report of a run for the terminal."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hinterland.model import Instance
from hinterland.model.evaluation import Evaluation
from hinterland.model.plan_evaluation import PlanEvaluation, evaluate_plan
from hinterland.solvers.adapter.highs import SolveStatus
from hinterland.solvers.adapter.pipeline import Run


class Text:
    """The lines of a text report, collected as ``print`` would write them.

    Reports are made as text and printed by the command line, so that library code never
    writes to the terminal: a script or notebook gets the same words as a string.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, *parts: object, sep: str = " ") -> None:
        self.lines.append(sep.join(str(part) for part in parts))

    def add(self, text: str) -> None:
        """Another report's text, if it has any."""
        if text:
            self.lines.append(text)

    def __str__(self) -> str:
        return "\n".join(self.lines)


STATUS_WORDS = {
    SolveStatus.OPTIMAL: "optimal",
    SolveStatus.FEASIBLE: "feasible (stopped before proving optimality)",
    SolveStatus.INFEASIBLE: "infeasible: no layout meets every constraint",
    SolveStatus.NO_SOLUTION: "no layout found before the solver stopped",
    SolveStatus.ERROR: "solver error",
}


def run_text(run: Run, folder: Path) -> str:
    """Print the headline figures of ``run`` and where its files are."""
    say = Text()
    result = run.result
    units = run.instance.settings.units
    say()
    say(f"hinterland: {run.instance.name}")
    say(f"  status      {STATUS_WORDS[result.status]} ({result.termination})")
    if result.objective is not None:
        gap = f", gap {result.gap:.4%}" if result.gap is not None else ""
        bound = f"{result.bound:,.4f}" if result.bound is not None else "none"
        say(f"  objective   {result.objective:,.4f}  (bound {bound}{gap})"
            + (f"  [{units}]" if units else ""))
    if run.breakdown:
        say.add(terms_text(run.breakdown, run.instance))
    if run.layout is not None and run.instance.periods:
        say.add(schedule_text(evaluate_plan(run.instance, run.layout).schedule, run.layout))
    elif run.layout is not None:
        hosted = run.layout[run.layout["hosting"] > 0]
        say(f"  layout      {len(hosted)} placements of {hosted['item_id'].nunique()} items "
            f"at {hosted['site_id'].nunique()} sites")
    for finding in run.findings:
        say(f"  why         {finding}")
    if result.status == SolveStatus.INFEASIBLE and not run.findings:
        say("  why         the checks before solving found no single cause; the constraints "
            "conflict in combination (budget, regional shares, survival, dispersion). "
            "Relax one at a time to locate it.")
    build = run.build_seconds + result.compile_seconds
    say(f"  seconds     build {build:.2f} (model {run.build_seconds:.2f}, to HiGHS "
        f"{result.compile_seconds:.2f}), solve {result.solve_seconds:.2f}")
    say(f"  results     {folder}")
    return str(say)


def schedule_text(schedule: pd.DataFrame, layout: pd.DataFrame) -> str:
    """One line per plan period: what stands, what is added and against which budget."""
    say = Text()
    for row in schedule.itertuples(index=False):
        hosted = layout[(layout["period"] == row.period) & (layout["hosting"] > 0)]
        budget = "" if pd.isna(row.budget) else f" (budget {row.budget:,.4g})"
        say(f"  {row.period:11} {row.start}-{row.end}: {len(hosted)} placements at "
            f"{hosted['site_id'].nunique()} sites; investment added "
            f"{row.added_investment:,.4f}{budget}, standing {row.investment:,.4f}; "
            f"opex {row.opex:,.4f}, transport {row.transport:,.4f}")
    return str(say)


def terms_text(terms: dict[str, float], instance: Instance) -> str:
    """The cost terms, and the other objective terms with their weights."""
    say = Text()
    say(f"    cost       {terms['cost']:,.4f}")
    say(f"    investment {terms['investment']:,.4f} = open {terms['open_cost']:,.4f} + fixed "
        f"{terms['fixed_cost']:,.4f} + capex {terms['capex']:,.4f}")
    say(f"    opex       {terms['opex']:,.4f} over {instance.horizon_years:g} years")
    say(f"    transport  {terms['transport']:,.4f}")
    weights = instance.weights
    for name, weight in (("risk", weights.risk), ("imbalance", weights.balance),
                         ("synergy", weights.synergy)):
        say(f"    {name:10} {terms[name]:,.4f}  (weight {weight:g})")
    return str(say)


def evaluation_text(evaluation: Evaluation, instance: Instance, title: str,
                     plan_period: str | None = None) -> str:
    """A readable account of a measured layout: costs, items, regions, broken rules.

    For a period of a plan (``plan_period``), the period's own terms are printed in one line.
    """
    say = Text()
    units = instance.settings.units
    say(f"hinterland: {title} measured against {instance.name}")
    if plan_period is None:
        say(f"  objective   {evaluation.objective:,.4f}" + (f"  [{units}]" if units else ""))
        say.add(terms_text({**evaluation.terms, "objective": evaluation.objective}, instance))
    else:
        terms = evaluation.terms
        say(f"  investment standing {terms['investment']:,.4f}, opex {terms['opex']:,.4f}, "
            f"transport {terms['transport']:,.4f}, risk {terms['risk']:,.4f}")
    say()
    items = evaluation.items[["item_id", "demand", "capacity", "sites", "largest_site_share",
                              "left_after_site_loss", "left_after_province_loss",
                              "mean_coast_km", "mean_border_km", "mean_hazard"]]
    say(items.to_string(index=False, float_format=lambda v: f"{v:,.3g}", na_rep="-"))
    say()
    regions = evaluation.regions
    say(regions.to_string(index=False, float_format=lambda v: f"{v:,.4g}", na_rep="-"))
    say()
    if evaluation.violations:
        say(f"  {len(evaluation.violations)} rule(s) broken:")
        for violation in evaluation.violations:
            say(f"  - [{violation.family}] {violation.message}")
    else:
        say("  no rule broken: the layout is feasible")
    return str(say)


def plan_evaluation_text(evaluation: PlanEvaluation, instance: Instance, title: str) -> str:
    """A plan's layout: the plan's terms and schedule, then each period measured alone."""
    say = Text()
    units = instance.settings.units
    say(f"hinterland: {title} measured against the plan {instance.name}")
    say(f"  objective   {evaluation.objective:,.4f}" + (f"  [{units}]" if units else ""))
    say.add(terms_text({**evaluation.terms, "objective": evaluation.objective}, instance))
    say()
    say(evaluation.schedule.to_string(index=False, float_format=lambda v: f"{v:,.4g}",
                                        na_rep="-"))
    plan_rules = [v for v in evaluation.violations
                  if v.family in ("continuity", "period_budget", "budget")]
    for violation in plan_rules:
        say(f"  - [{violation.family}] {violation.message}")
    for name, period in evaluation.periods.items():
        say()
        say.add(evaluation_text(period, instance, f"{title}, period {name},", plan_period=name))
    return str(say)
