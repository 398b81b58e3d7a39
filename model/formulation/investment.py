"""Investment and the budget.

Investment at site s is ``I[s] = F_site[s]*open[s] + sum_k (F[k]*ci[s]*y[s,k] + c[k]*ci[s]*x[s,k])``
(opening cost, fixed cost of hosting, capex of capacity), less the capex that today's capacity
saves where the instance counts it (:mod:`.existing`). The total is a variable tied to its
terms by one equation, so that the budget and every regional share refer to it without
repeating the sum:

* ``investment = sum_s I[s]``
* ``investment <= B``  when the instance sets a budget.

With today's capacity counted, ``capital`` is the sum of :func:`site_capital`, the base of
regional shares and the balance term.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData
from hinterland.model.formulation.existing import existing_savings


def site_capital(m: pyo.ConcreteModel, data: FormulationData, site: str) -> object:
    """``I[s]`` before what today's capacity saves: the layout's value at s as if built now
    (fixed and opening costs waived where established today). Regional shares use it, so that
    whether today's capacity is counted as kept never changes a region's share."""
    fixed = data.fixed_invest
    unit = data.unit_invest
    terms = [
        fixed[site, k] * m.y[site, k] + unit[site, k] * m.x[site, k]
        for k in data.items_of_site[site]
    ]
    if site in data.open_site_set and data.open_cost[site]:
        terms.append(data.open_cost[site] * m.open[site])
    return pyo.quicksum(terms)


def site_investment(m: pyo.ConcreteModel, data: FormulationData, site: str) -> object:
    """The expression ``I[s]`` for one site: its capital less today's capacity's savings."""
    return pyo.quicksum([site_capital(m, data, site), *existing_savings(m, data, site)])


def capital_total(m: pyo.ConcreteModel) -> object:
    """The whole capital (``investment`` itself when today's capacity is not counted)."""
    return m.capital if hasattr(m, "capital") else m.investment


def add_investment(m: pyo.ConcreteModel, data: FormulationData) -> None:
    m.investment_def = pyo.Constraint(
        expr=m.investment == pyo.quicksum(
            site_investment(m, data, s) for s in data.items_of_site if data.items_of_site[s]
        )
    )
    if hasattr(m, "kept") and (len(m.KEPT_PAIRS) or len(m.MOVED_PAIRS)):
        m.capital = pyo.Expression(expr=pyo.quicksum(
            site_capital(m, data, s) for s in data.items_of_site if data.items_of_site[s]))
    budget = data.instance.budget
    if budget is not None:
        m.budget = pyo.Constraint(expr=m.investment <= budget)
