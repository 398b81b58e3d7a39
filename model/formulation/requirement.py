"""Requirement: every item gets its demanded hinterland capacity.

``sum_{s in S_k} x[s,k] >= D[k]``  for every item k with ``D[k] > 0``,

where ``S_k`` is the set of sites eligible for k.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_requirement(m: pyo.ConcreteModel, data: FormulationData) -> None:
    demand = data.instance.items["demand"].astype(float).to_dict()
    m.ITEMS_DEMANDED = pyo.Set(initialize=[k for k, d in demand.items() if d > 0], ordered=True)

    def rule(m: pyo.ConcreteModel, k: str) -> object:
        sites = data.sites_of_item[k]
        if not sites:
            return pyo.Constraint.Infeasible
        return pyo.quicksum(m.x[s, k] for s in sites) >= demand[k]

    m.requirement = pyo.Constraint(m.ITEMS_DEMANDED, rule=rule)
