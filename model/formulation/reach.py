"""Reach: every centre an item serves has at least ``reach_sites`` hosting sites within
``reach_km``.

``sum_{s in S_k : dist(s, c) <= reach_km[k]} y[s,k] >= reach_sites[k]``  for every centre c
that k serves, for items with ``reach_sites > 0``. Hosting of such items is binary (it is
counted). A centre with too few eligible sites in reach gives a trivially infeasible row,
which the checks before solving explain.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def sites_in_reach(data: FormulationData, item: str, centre: str) -> list[str]:
    """Eligible sites of ``item`` within its ``reach_km`` of ``centre``."""
    radius = float(data.instance.items.loc[item, "reach_km"])
    distance = data.instance.distance_km[centre]
    return [s for s in data.sites_of_item[item] if distance[s] <= radius]


def add_reach(m: pyo.ConcreteModel, data: FormulationData) -> None:
    items = data.instance.items
    needed = items["reach_sites"].astype(int).to_dict()
    rows = [(k, c) for k in items.index if needed[k] > 0 for c in items.loc[k, "serves"]]
    m.REACH = pyo.Set(initialize=rows, dimen=2, ordered=True)

    def rule(m: pyo.ConcreteModel, k: str, c: str) -> object:
        near = sites_in_reach(data, k, c)
        if len(near) < needed[k]:
            return pyo.Constraint.Infeasible
        return pyo.quicksum(m.y[s, k] for s in near) >= needed[k]

    m.reach = pyo.Constraint(m.REACH, rule=rule)
