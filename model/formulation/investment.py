"""Investment and the budget.

Investment at site s is ``I[s] = F_site[s]*open[s] + sum_k (F[k]*ci[s]*y[s,k] + c[k]*ci[s]*x[s,k])``
(opening cost, fixed cost of hosting, capex of capacity). The total is a variable tied to its
terms by one equation, so that the budget and every regional share refer to it without
repeating the sum:

* ``investment = sum_s I[s]``
* ``investment <= B``  when the instance sets a budget.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.data import FormulationData


def site_investment(m: pyo.ConcreteModel, data: FormulationData, site: str) -> object:
    """The expression ``I[s]`` for one site."""
    fixed = data.fixed_invest
    unit = data.unit_invest
    terms = [
        fixed[site, k] * m.y[site, k] + unit[site, k] * m.x[site, k]
        for k in data.items_of_site[site]
    ]
    if site in data.open_site_set:
        terms.append(data.open_cost[site] * m.open[site])
    return pyo.quicksum(terms)


def add_investment(m: pyo.ConcreteModel, data: FormulationData) -> None:
    m.investment_def = pyo.Constraint(
        expr=m.investment == pyo.quicksum(
            site_investment(m, data, s) for s in data.items_of_site if data.items_of_site[s]
        )
    )
    budget = data.instance.budget
    if budget is not None:
        m.budget = pyo.Constraint(expr=m.investment <= budget)
