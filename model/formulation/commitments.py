"""Commitments: capacity already decided is a lower bound.

``x[s,k] >= c[s,k]``  for every row (s, k, c) of commitments.csv in force (in a plan, those of
the period and of the periods before it). A commitment at a pair that is not eligible gives a
trivially infeasible row, which the checks before solving explain.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_commitments(m: pyo.ConcreteModel, data: FormulationData) -> None:
    committed = data.instance.commitments
    capacity = {(s, k): float(c) for s, k, c in zip(
        committed["site_id"], committed["item_id"], committed["capacity"], strict=True)}
    m.COMMITTED = pyo.Set(initialize=list(capacity), dimen=2, ordered=True)
    eligible = set(data.pair_index)

    def rule(m: pyo.ConcreteModel, s: str, k: str) -> object:
        if (s, k) not in eligible:
            return pyo.Constraint.Infeasible
        return m.x[s, k] >= capacity[s, k]

    m.commitment = pyo.Constraint(m.COMMITTED, rule=rule)
