"""Survival: the loss of any ``j[k]`` hosting sites leaves ``beta[k]*D[k]``.

What is lost in the worst case is the sum of the ``j`` largest capacities. That sum is
``min_t j*t + sum_s max(0, x[s] - t)`` (a linear program whose optimal ``t`` is the j-th
largest value), so the rule ``X[k] - (sum of the j largest) >= beta*D`` holds exactly when some
``t``, ``u`` satisfy

* ``u[s,k] >= x[s,k] - t[k]``, ``u >= 0``  for every eligible s,
* ``X[k] - j*t[k] - sum_s u[s,k] >= beta[k]*D[k]``,

with ``X[k]`` the item total (:mod:`.totals`): ``O(|S|)`` rows, no enumeration of site subsets.
For ``j = 1`` the same rule needs no ``t`` or ``u``: ``x[s,k] <= X[k] - beta*D`` for every s.
Only items with ``beta[k] > 0``. The two per-pair families are built as templates when large
(:mod:`.templates`); the floors ``beta*D`` are the Param ``survival_floor`` for that reason.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData
from hinterland.model.formulation.templates import templated


def add_survival(m: pyo.ConcreteModel, data: FormulationData) -> None:
    items = data.instance.items
    floor = (items["survive_share"] * items["demand"]).astype(float).to_dict()
    lost = items["survive_sites"].astype(int).to_dict()
    single = [k for k in m.ITEMS_TOTALLED if floor[k] > 0 and lost[k] == 1]
    several = [k for k in m.ITEMS_TOTALLED if floor[k] > 0 and lost[k] > 1]

    m.SURVIVAL_PAIRS = pyo.Set(
        initialize=[(s, k) for k in single for s in data.sites_of_item[k]], dimen=2, ordered=True
    )
    m.survival_floor = pyo.Param(m.ITEMS_TOTALLED, initialize={k: floor[k]
                                                               for k in m.ITEMS_TOTALLED})
    with templated(len(m.SURVIVAL_PAIRS)):
        m.survival = pyo.Constraint(
            m.SURVIVAL_PAIRS,
            rule=lambda m, s, k: m.x[s, k] <= m.item_total[k] - m.survival_floor[k],
        )

    m.ITEMS_SURVIVING_SEVERAL = pyo.Set(initialize=several, ordered=True)
    m.SURVIVAL_SEVERAL_PAIRS = pyo.Set(
        initialize=[(s, k) for k in several for s in data.sites_of_item[k]], dimen=2,
        ordered=True,
    )
    m.loss_threshold = pyo.Var(m.ITEMS_SURVIVING_SEVERAL, domain=pyo.NonNegativeReals)
    m.loss_excess = pyo.Var(m.SURVIVAL_SEVERAL_PAIRS, domain=pyo.NonNegativeReals)
    with templated(len(m.SURVIVAL_SEVERAL_PAIRS)):
        m.loss_excess_def = pyo.Constraint(
            m.SURVIVAL_SEVERAL_PAIRS,
            rule=lambda m, s, k: m.loss_excess[s, k] >= m.x[s, k] - m.loss_threshold[k],
        )
    m.survival_several = pyo.Constraint(
        m.ITEMS_SURVIVING_SEVERAL,
        rule=lambda m, k: m.item_total[k] - lost[k] * m.loss_threshold[k]
        - pyo.quicksum(m.loss_excess[s, k] for s in data.sites_of_item[k]) >= floor[k],
    )
