"""Objective: least total cost over the horizon.

``min investment + sum_{(s,k)} (o[k]*H + g[k]*dbar[s,k]) * x[s,k]``

with H the horizon in years and ``dbar[s,k]`` the mean distance from s to the centres k serves.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.data import FormulationData


def add_objective(m: pyo.ConcreteModel, data: FormulationData) -> None:
    running = data.unit_running
    m.total_cost = pyo.Objective(
        expr=m.investment
        + pyo.quicksum(running[pair] * m.x[pair] for pair in data.pair_index if running[pair]),
        sense=pyo.minimize,
    )
