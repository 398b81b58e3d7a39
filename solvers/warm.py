"""Warm re-solves: change a bound or the objective weights and solve again, without rebuilding.

A sweep over budgets or objective weights changes no coefficient of the constraint matrix: the
budget is the right-hand side of one row, and weights change only the objective. Such a sweep
builds the Pyomo model once, holds it in HiGHS (:class:`solvers.highs.HeldModel`), and for each
value changes the row bound or the objective costs and solves again, starting from the
previous layout. Any other change (a demand, a threshold, a site) alters coefficients or the
eligible pairs and needs a fresh build.
"""

from __future__ import annotations

import dataclasses
import time

import pandas as pd
import pyomo.environ as pyo

from model import Instance, build_model, cost_breakdown, layout_from_model
from model.formulation import FormulationData
from model.formulation.objective import weighted_objective
from solvers.highs import HeldModel, SolverOptions

COLUMNS = ["value", "status", "objective", "gap", "seconds"]


def warm_budget_sweep(instance: Instance, budgets: list[float],
                      options: SolverOptions) -> pd.DataFrame:
    """One row per budget: ``value, status, objective, gap, seconds`` and the cost terms.

    The instance must set a budget (so that the model has its row); each value replaces it.
    """
    if instance.budget is None:
        raise ValueError("a warm budget sweep needs an instance with a budget")
    model = build_model(instance)
    held = HeldModel(model, options)
    rows = []
    for budget in budgets:
        start = time.perf_counter()
        held.set_bounds(model.budget, None, float(budget))
        result = held.solve(warm=True)
        rows.append(_row(instance, model, budget, result, time.perf_counter() - start))
    return pd.DataFrame(rows)


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
        rows.append(_row(changed, model, weight, result, time.perf_counter() - start))
    return pd.DataFrame(rows)


def _row(instance: Instance, model: pyo.ConcreteModel, value: float, result,
         seconds: float) -> dict:
    row = {"value": value, "status": str(result.status), "objective": result.objective,
           "gap": result.gap, "seconds": seconds}
    if result.has_solution:
        terms = cost_breakdown(instance, layout_from_model(model))
        row["objective"] = terms["objective"]
        row.update({k: v for k, v in terms.items() if k != "objective"})
    return row
