"""Redundancy: an item is hosted at no fewer than ``min_sites`` sites.

``sum_{s in S_k} y[s,k] >= n[k]``  for every item with ``n[k] >= 1``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_redundancy(m: pyo.ConcreteModel, data: FormulationData) -> None:
    min_sites = data.instance.items["min_sites"].astype(int).to_dict()
    m.ITEMS_REDUNDANT = pyo.Set(
        initialize=[k for k, n in min_sites.items() if n >= 1], ordered=True
    )

    def rule(m: pyo.ConcreteModel, k: str) -> object:
        sites = data.sites_of_item[k]
        if len(sites) < min_sites[k]:
            return pyo.Constraint.Infeasible
        return pyo.quicksum(m.y[s, k] for s in sites) >= min_sites[k]

    m.redundancy = pyo.Constraint(m.ITEMS_REDUNDANT, rule=rule)
