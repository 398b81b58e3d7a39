"""The balance term: total absolute deviation of regional investment from target shares.

``Imbalance = sum_r |I[r] - t[r]*I|`` over the regions with a ``target_share`` t[r] in
instance.yaml, linearised with two non-negative deviations per region:

``I[r] - t[r]*I = d+[r] - d-[r]``,   ``Imbalance = sum_r (d+[r] + d-[r])``.

With a positive weight, the minimisation drives one of each pair to 0, so the sum is the
absolute deviation. (With weight 0 the term plays no part and is measured on the layout.)
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData
from hinterland.model.formulation.investment import capital_total
from hinterland.model.formulation.regional_balance import region_investment


def add_balance(m: pyo.ConcreteModel, data: FormulationData) -> None:
    targets = {r: b.target_share for r, b in data.instance.regions.items()
               if b.target_share is not None}
    m.REGIONS_TARGETED = pyo.Set(initialize=list(targets), ordered=True)
    m.balance_over = pyo.Var(m.REGIONS_TARGETED, domain=pyo.NonNegativeReals)
    m.balance_under = pyo.Var(m.REGIONS_TARGETED, domain=pyo.NonNegativeReals)
    m.balance_def = pyo.Constraint(
        m.REGIONS_TARGETED,
        rule=lambda m, r: region_investment(m, data, r) - targets[r] * capital_total(m)
        == m.balance_over[r] - m.balance_under[r],
    )
    m.imbalance_term = pyo.Expression(
        expr=pyo.quicksum(m.balance_over[r] + m.balance_under[r] for r in targets)
    )
