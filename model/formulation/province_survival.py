"""Province survival: the loss of a whole province leaves ``beta_p[k]*D[k]``.

``sum_{s in p} x[s,k] <= X[k] - beta_p[k]*D[k]``  for every province p with an eligible site,

with ``X[k]`` the item total (:mod:`.totals`). One row per province and item; only items with
``survive_share_province > 0``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_province_survival(m: pyo.ConcreteModel, data: FormulationData) -> None:
    items = data.instance.items
    province_of = data.instance.sites["province"].to_dict()
    floor = (items["survive_share_province"] * items["demand"]).astype(float).to_dict()
    members: dict[tuple[str, str], list[str]] = {}
    for k in m.ITEMS_TOTALLED:
        if floor[k] <= 0:
            continue
        for s in data.sites_of_item[k]:
            members.setdefault((province_of[s], k), []).append(s)
    m.PROVINCE_ITEMS = pyo.Set(initialize=list(members), dimen=2, ordered=True)
    m.province_survival = pyo.Constraint(
        m.PROVINCE_ITEMS,
        rule=lambda m, p, k: pyo.quicksum(m.x[s, k] for s in members[p, k])
        <= m.item_total[k] - floor[k],
    )
