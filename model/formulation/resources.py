"""Resources: what the items at a site use stays within the site's capacity.

``sum_{k} a[k,r] * x[s,k] <= Cap[s,r] * open[s]``  for every site s and resource r with a finite
capacity and some item at s using r. ``open[s]`` is 1 for sites without an opening cost. For
sites that have one, multiplying by ``open[s]`` changes no integer solution (nothing is placed
at a closed site) but tightens the relaxation, as in the strong capacitated-facility
formulation.
"""

from __future__ import annotations

import math

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_resources(m: pyo.ConcreteModel, data: FormulationData) -> None:
    instance = data.instance
    opened = set(data.open_sites)
    rows: list[tuple[str, str]] = []
    cap: dict[tuple[str, str], float] = {}
    use: dict[str, dict[str, float]] = {}
    for resource in instance.resources:
        capacity = instance.site_capacity(resource).astype(float).to_dict()
        use[resource] = instance.item_use(resource).astype(float).to_dict()
        for site, items in data.items_of_site.items():
            if math.isfinite(capacity[site]) and any(use[resource][k] > 0 for k in items):
                rows.append((site, resource))
                cap[site, resource] = capacity[site]
    m.SITE_RESOURCES = pyo.Set(initialize=rows, dimen=2, ordered=True)

    def rule(m: pyo.ConcreteModel, s: str, r: str) -> object:
        used = pyo.quicksum(
            use[r][k] * m.x[s, k] for k in data.items_of_site[s] if use[r][k] > 0
        )
        return used <= cap[s, r] * (m.open[s] if s in opened else 1)

    m.resource_use = pyo.Constraint(m.SITE_RESOURCES, rule=rule)
