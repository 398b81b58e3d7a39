"""Survival: the loss of any one hosting site leaves enough capacity.

The rule is ``sum_s x[s,k] - x[s',k] >= beta[k]*D[k]`` for every site s'. Written literally
it repeats the whole sum once per site (|S|^2 nonzeros). Through an auxiliary total
``X[k] = sum_s x[s,k]`` it becomes

* ``X[k] = sum_{s in S_k} x[s,k]``
* ``x[s,k] <= X[k] - beta[k]*D[k]``  for every eligible s,

which is the same set of solutions with O(|S|) nonzeros. Only items with ``beta[k] > 0``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.data import FormulationData


def add_survival(m: pyo.ConcreteModel, data: FormulationData) -> None:
    items = data.instance.items
    floor = (items["survive_share"] * items["demand"]).astype(float).to_dict()
    surviving = [k for k, f in floor.items() if f > 0]
    m.ITEMS_SURVIVING = pyo.Set(initialize=surviving, ordered=True)
    m.item_total = pyo.Var(m.ITEMS_SURVIVING, domain=pyo.NonNegativeReals)
    m.item_total_def = pyo.Constraint(
        m.ITEMS_SURVIVING,
        rule=lambda m, k: m.item_total[k] == pyo.quicksum(m.x[s, k] for s in data.sites_of_item[k]),
    )
    m.SURVIVAL_PAIRS = pyo.Set(
        initialize=[(s, k) for k in surviving for s in data.sites_of_item[k]],
        dimen=2, ordered=True,
    )
    m.survival = pyo.Constraint(
        m.SURVIVAL_PAIRS, rule=lambda m, s, k: m.x[s, k] <= m.item_total[k] - floor[k]
    )
