"""Measure a plan's layout: each period with the single-period yardstick, and the plan whole.

Each period's layout is measured by :func:`hinterland.model.evaluation.evaluate` against the period
seen as its own instance (:func:`hinterland.model.periods.period_view`), so that every security,
balance and resource metric means in a plan what it means for one period. The plan adds what only
the sequence shows, mirroring :mod:`hinterland.model.formulation.plan`:

* investment added in period t, ``I[t] - I[t-1]``, against the period's budget;
* continuity: capacity or hosting that falls from one period to the next;
* the plan's terms: ``Cost = I[T] + sum_t (opex[t] + transport[t])``, and the year-weighted
  means ``sum_t (years[t]/H) * term[t]`` of risk, imbalance and synergy.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

import pandas as pd

from hinterland.model.evaluation import Evaluation, evaluate, records, site_summary
from hinterland.model.instance import Instance
from hinterland.model.layout import CAPACITY_TOLERANCE, normalise_layout
from hinterland.model.periods import period_view, split_layout
from hinterland.model.pricing import plan_schedule, plan_terms
from hinterland.model.violations import RELATIVE_TOLERANCE, Violation


@dataclass(frozen=True)
class PlanEvaluation:
    """A plan's layout measured period by period and as a whole.

    ``periods`` maps each period to its :class:`~hinterland.model.evaluation.Evaluation`;
    ``schedule`` has one row per period (years, investment standing and added, budget, opex,
    transport and the averaged terms); ``terms`` and ``objective`` are the plan's, as the solver
    minimises them; ``violations`` lists the plan's own (continuity, period budgets) and every
    period's, each subject prefixed by its period.
    """

    terms: dict[str, float]
    objective: float
    periods: dict[str, Evaluation]
    schedule: pd.DataFrame
    violations: list[Violation]

    @property
    def feasible(self) -> bool:
        return not self.violations

    def as_dict(self) -> dict:
        return {
            "objective": self.objective,
            "terms": self.terms,
            "feasible": self.feasible,
            "schedule": records(self.schedule),
            "violations": [v.as_dict() for v in self.violations],
            "periods": {name: e.as_dict() for name, e in self.periods.items()},
        }


def evaluate_plan(instance: Instance, layout: pd.DataFrame) -> PlanEvaluation:
    """Measure ``layout`` (a ``period`` column and the layout columns) against a plan."""
    by_period = split_layout(instance, normalise_layout(layout))
    periods = {t: evaluate(period_view(instance, t), rows) for t, rows in by_period.items()}
    period_terms = {t: e.terms for t, e in periods.items()}
    schedule = plan_schedule(instance, period_terms)
    terms = plan_terms(instance, period_terms, schedule)
    objective = terms.pop("objective")
    violations = [
        *continuity_violations(by_period),
        *budget_violations(instance, schedule),
        *(_in_period(t, v) for t, e in periods.items() for v in e.violations),
    ]
    return PlanEvaluation(terms, objective, periods, schedule, violations)


def measure(instance: Instance, layout: pd.DataFrame) -> Evaluation | PlanEvaluation:
    """:func:`evaluate_plan` for a plan, :func:`hinterland.model.evaluation.evaluate` otherwise;
    both give ``objective``, ``terms``, ``violations`` and ``feasible``."""
    return evaluate_plan(instance, layout) if instance.periods else evaluate(instance, layout)


def continuity_violations(by_period: dict[str, pd.DataFrame]) -> list[Violation]:
    """Capacity or hosting lower in a period than in the one before."""
    found = []
    names = list(by_period)
    for before, after in itertools.pairwise(names):
        old = by_period[before].set_index(["site_id", "item_id"])
        new = by_period[after].set_index(["site_id", "item_id"])
        for (site, item), row in old.iterrows():
            capacity = float(new["capacity"].get((site, item), 0.0))
            hosting = int(new["hosting"].get((site, item), 0))
            if capacity < row["capacity"] - max(CAPACITY_TOLERANCE,
                                                RELATIVE_TOLERANCE * row["capacity"]):
                found.append(Violation(
                    "continuity", f"{item} at {site}", capacity, float(row["capacity"]),
                    f"{item} at {site}: capacity falls from {row['capacity']:g} in {before} "
                    f"to {capacity:g} in {after} (nothing built is taken down)"))
            elif hosting < row["hosting"]:
                found.append(Violation(
                    "continuity", f"{item} at {site}", float(hosting), float(row["hosting"]),
                    f"{item} at {site}: hosted in {before} but not in {after}"))
    return found


def budget_violations(instance: Instance, schedule: pd.DataFrame) -> list[Violation]:
    """Investment added in a period above its budget; the plan's total above ``budget``."""
    found = []
    for row in schedule.itertuples(index=False):
        if not math.isnan(row.budget) and row.added_investment > row.budget + (
                RELATIVE_TOLERANCE * max(1.0, row.budget)):
            found.append(Violation(
                "period_budget", row.period, row.added_investment, row.budget,
                f"{row.period}: investment added {row.added_investment:g} above the period's "
                f"budget {row.budget:g}"))
    total = float(schedule["investment"].iloc[-1])
    budget = instance.budget
    if budget is not None and total > budget + RELATIVE_TOLERANCE * max(1.0, budget):
        found.append(Violation("budget", "budget", total, budget,
                               f"investment {total:g} over the plan above the budget "
                               f"{budget:g}"))
    return found


def _in_period(period: str, violation: Violation) -> Violation:
    return replace(violation, subject=f"{period}: {violation.subject}",
                   message=f"{period}: {violation.message}")


def plan_site_summary(instance: Instance, layout: pd.DataFrame) -> pd.DataFrame:
    """:func:`hinterland.model.evaluation.site_summary` of each period, with a first column
    ``period``."""
    parts = [site_summary(period_view(instance, t), rows).assign(period=t)
             for t, rows in split_layout(instance, normalise_layout(layout)).items()]
    table = pd.concat(parts, ignore_index=True)
    return table[["period", *[c for c in table.columns if c != "period"]]]
