"""Item totals: ``X[k] = sum_{s in S_k} x[s,k]`` for items whose loss rules refer to it.

Survival rules compare what is lost with what remains of the whole. Naming the whole once, as
a variable, lets every loss row refer to it with one nonzero instead of repeating the sum.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def totalled_items(data: FormulationData) -> list[str]:
    """Items with a site or province survival rule."""
    items = data.instance.items
    needed = (items["survive_share"] > 0) | (items["survive_share_province"] > 0)
    return [k for k in items.index[needed] if items.loc[k, "demand"] > 0]


def add_item_totals(m: pyo.ConcreteModel, data: FormulationData) -> None:
    m.ITEMS_TOTALLED = pyo.Set(initialize=totalled_items(data), ordered=True)
    m.item_total = pyo.Var(m.ITEMS_TOTALLED, domain=pyo.NonNegativeReals)
    m.item_total_def = pyo.Constraint(
        m.ITEMS_TOTALLED,
        rule=lambda m, k: m.item_total[k] == pyo.quicksum(m.x[s, k] for s in data.sites_of_item[k]),
    )
