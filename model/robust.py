"""Robust choices across runs: which placements hold whatever happens, and least regret.

Given the layouts of several runs (a sweep of budgets or scenarios):

* :func:`hosting_frequency`: the share of runs in which each site hosts each item. A share of
  1 marks the robust core, placements every run makes.
* :func:`regret_table` and :func:`least_regret`: each candidate layout (the runs' optima) is
  measured in every run's instance with the model's yardstick. Its regret there is its
  objective less that run's optimum, and infinite where it breaks a rule of that run (a
  layout over a smaller budget is not available). The least-regret layout minimises the
  worst regret over the runs: ``argmin_L max_s (f_s(L) - f_s*)``. It is chosen among the
  candidates, not over all layouts: a heuristic that is exact when some run's optimum is
  robust, and always a layout a planner has seen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from hinterland.model.instance import Instance
from hinterland.model.layout import normalise_layout
from hinterland.model.periods import final_layout
from hinterland.model.plan_evaluation import measure


def hosting_frequency(layouts: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """``site_id, item_id, runs, share``: in how many runs (and which share) each pair hosts
    (in a plan, at its end: nothing built is taken down)."""
    counts: dict[tuple[str, str], int] = {}
    for layout in layouts.values():
        rows = normalise_layout(final_layout(layout))
        for pair in zip(rows.loc[rows["hosting"] > 0, "site_id"],
                        rows.loc[rows["hosting"] > 0, "item_id"], strict=True):
            counts[pair] = counts.get(pair, 0) + 1
    table = pd.DataFrame([(s, k, n) for (s, k), n in counts.items()],
                         columns=["site_id", "item_id", "runs"])
    table["share"] = table["runs"] / max(len(layouts), 1)
    return table.sort_values(["share", "item_id", "site_id"], ascending=[False, True, True],
                             ignore_index=True)


def regret_table(instances: Mapping[str, Instance], optima: Mapping[str, float],
                 candidates: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """``candidate, run, objective, feasible, regret`` for every candidate in every run."""
    rows = []
    for name, layout in candidates.items():
        for run, instance in instances.items():
            evaluation = measure(instance, layout)
            regret = evaluation.objective - optima[run] if evaluation.feasible else math.inf
            rows.append((name, run, evaluation.objective, evaluation.feasible, regret))
    return pd.DataFrame(rows, columns=["candidate", "run", "objective", "feasible", "regret"])


def least_regret(table: pd.DataFrame) -> tuple[str, float]:
    """The candidate with the least worst-case regret, and that regret (ties: first listed)."""
    worst = table.groupby("candidate", sort=False)["regret"].max()
    best = worst.idxmin()
    return str(best), float(worst[best])
