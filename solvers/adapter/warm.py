"""Warm re-solves: change a bound or the objective weights and solve again, without rebuilding.

A sweep over budgets or objective weights changes no coefficient of the constraint matrix: the
budget is the right-hand side of one row, and weights change only the objective. Such a sweep
builds the Pyomo model once, holds it in HiGHS
(:class:`hinterland.solvers.adapter.highs.HeldModel`), and for each value changes the row bound or
the objective costs and solves again, starting from the previous layout. Any other change (a demand,
a threshold, a site) alters coefficients or the eligible pairs and needs a fresh build.

Budgets are visited from the largest down (:func:`top_down`), because a lower budget only
removes layouts: a layout optimal (within the gap) at budget ``B1`` whose investment fits
``B2 < B1`` is optimal within the same gap at ``B2`` (the feasible set shrank and still holds
it, and the bound proved at ``B1`` bounds ``B2`` too), and a budget proven infeasible makes
every lower one infeasible. Such budgets are answered by the earlier solve (:class:`Answer`)
without solving: exact, not a heuristic.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd
import pyomo.environ as pyo

from hinterland.model import Instance, build_model, cost_breakdown, layout_from_model
from hinterland.model.formulation import FormulationData
from hinterland.model.formulation.objective import weighted_objective
from hinterland.solvers.adapter.highs import HeldModel, SolveResult, SolverOptions, SolveStatus


@dataclass(frozen=True)
class Answer:
    """A solve at ``budget``, which also answers the lower budgets described above."""

    budget: float
    result: SolveResult
    #: The layout's investment (the budget row's left-hand side); None without a layout.
    spent: float | None
    layout: pd.DataFrame | None
    #: What answered it, as the reused result's termination will say (a run, a budget).
    source: str = ""

    def answers(self, budget: float | None) -> bool:
        """Whether this solve is also the answer at ``budget``, without solving."""
        if budget is None or budget > self.budget:
            return False
        if self.result.status == SolveStatus.INFEASIBLE:
            return True
        return (self.result.status == SolveStatus.OPTIMAL and self.spent is not None
                and self.spent <= budget)

    def reused(self) -> SolveResult:
        """The result at a lower budget: the same layout, objective and bound, no solve time."""
        why = ("infeasible at a larger budget" if self.result.status == SolveStatus.INFEASIBLE
               else "its layout fits this budget")
        return dataclasses.replace(
            self.result, compile_seconds=0.0, solve_seconds=0.0,
            termination=f"{self.result.termination} (answered by {self.source}: {why})")

    @classmethod
    def of(cls, held: HeldModel, budget: float, result: SolveResult, source: str) -> Answer:
        """The answer just solved in ``held`` (its layout read from the model's variables)."""
        if not result.has_solution:
            return cls(budget, result, None, None, source)
        return cls(budget, result, float(pyo.value(held.model.budget.body)),
                   layout_from_model(held.model), source)


def top_down(budgets: Sequence[float | None],
             groups: Sequence[Hashable] | None = None) -> list[int]:
    """Positions of ``budgets`` in solving order: group by group (in order of first
    appearance; runs of one group differ only in the budget), each from the largest budget
    down. A run without a budget comes first in its group."""
    groups = groups if groups is not None else [None] * len(budgets)
    first = {group: i for i, group in reversed(list(enumerate(groups)))}
    return sorted(range(len(budgets)), key=lambda i: (
        first[groups[i]], -(budgets[i] if budgets[i] is not None else float("inf"))))


def warm_budget_sweep(instance: Instance, budgets: list[float],
                      options: SolverOptions) -> pd.DataFrame:
    """One row per budget, in the order given: ``value, status, objective, gap, seconds,
    solved`` and the cost terms; ``solved`` is false where an earlier solve answered.

    The instance must set a budget (so that the model has its row); each value replaces it.
    """
    if instance.budget is None:
        raise ValueError("a warm budget sweep needs an instance with a budget")
    model = build_model(instance)
    held = HeldModel(model, options)
    rows: dict[int, dict] = {}
    last: Answer | None = None
    for i in top_down(budgets):
        start = time.perf_counter()
        budget = float(budgets[i])
        if last is not None and last.answers(budget):
            result, layout, solved = last.reused(), last.layout, False
        else:
            held.set_bounds(model.budget, None, budget)
            last = Answer.of(held, budget, held.solve(warm=True), f"budget {budget:g}")
            result, layout, solved = last.result, last.layout, True
        rows[i] = _row(instance, layout, budget, result, time.perf_counter() - start)
        rows[i]["solved"] = solved
    return pd.DataFrame([rows[i] for i in range(len(budgets))])


def warm_weight_sweep(instance: Instance, term: str, weights: list[float],
                      options: SolverOptions) -> pd.DataFrame:
    """One row per weight of ``term`` (``risk``, ``balance`` or ``synergy``), others as set."""
    model = build_model(instance)
    held = HeldModel(model, options)
    data = FormulationData.from_instance(instance)
    rows = []
    for weight in weights:
        start = time.perf_counter()
        changed = dataclasses.replace(
            instance, settings=dataclasses.replace(
                instance.settings,
                weights=dataclasses.replace(instance.weights, **{term: float(weight)})))
        held.set_objective(weighted_objective(model, dataclasses.replace(data,
                                                                         instance=changed)))
        result = held.solve(warm=True)
        layout = layout_from_model(model) if result.has_solution else None
        rows.append(_row(changed, layout, weight, result, time.perf_counter() - start))
    return pd.DataFrame(rows)


def _row(instance: Instance, layout: pd.DataFrame | None, value: float, result: SolveResult,
         seconds: float) -> dict:
    row = {"value": value, "status": str(result.status), "objective": result.objective,
           "gap": result.gap, "seconds": seconds}
    if layout is not None:
        terms = cost_breakdown(instance, layout)
        row["objective"] = terms["objective"]
        row.update({k: v for k, v in terms.items() if k != "objective"})
    return row
