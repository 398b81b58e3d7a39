"""The synergy term: a bonus for two items sharing a site.

For each row (a, b, bonus) of synergies.csv and each site s eligible for both,
``q[s,a,b] <= y[s,a]``, ``q[s,a,b] <= y[s,b]``, ``q in [0, 1]``, and
``Synergy = sum bonus * q``. Maximised (the term enters the objective with a minus sign),
``q`` is 1 exactly where both are hosted. Built only when the synergy weight is positive; the
term is otherwise measured on the layout.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_synergy(m: pyo.ConcreteModel, data: FormulationData) -> None:
    instance = data.instance
    bonus: dict[tuple[str, str, str], float] = {}
    if instance.weights.synergy > 0:
        for row in instance.synergies.itertuples():
            both = set(data.sites_of_item[row.item_a]) & set(data.sites_of_item[row.item_b])
            for s in sorted(both):
                bonus[s, row.item_a, row.item_b] = float(row.bonus)
    m.SYNERGY_SITES = pyo.Set(initialize=list(bonus), dimen=3, ordered=True)
    m.together = pyo.Var(m.SYNERGY_SITES, domain=pyo.UnitInterval)
    m.together_a = pyo.Constraint(m.SYNERGY_SITES,
                                  rule=lambda m, s, a, b: m.together[s, a, b] <= m.y[s, a])
    m.together_b = pyo.Constraint(m.SYNERGY_SITES,
                                  rule=lambda m, s, a, b: m.together[s, a, b] <= m.y[s, b])
    m.synergy_term = pyo.Expression(
        expr=pyo.quicksum(bonus[key] * m.together[key] for key in bonus)
    )
