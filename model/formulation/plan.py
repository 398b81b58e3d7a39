"""A plan over periods: one block of single-period families per period, tied together.

Block ``period[t]`` holds the whole single-period formulation of :func:`period_view` (its own
``x``, ``y``, ``open`` and every family), with ``investment[t]`` the investment of the layout
of period t (all capacity standing then). The periods are tied by:

* continuity: ``x[s,k,t] >= x[s,k,t-1]``, ``y[s,k,t] >= y[s,k,t-1]``,
  ``open[s,t] >= open[s,t-1]``: nothing built is taken down;
* period budgets: ``investment[t] - investment[t-1] <= B[t]`` (what is added in t; costs are
  linear and the layout only grows, so the difference is exactly the added investment), and
  the top-level ``budget``, when set, caps the plan's total ``investment[T]``;
* the plan's terms: ``Cost = sum_t (investment[t] - investment[t-1] + running[t])``, which
  telescopes to ``investment[T] + sum_t running[t]``, with ``running[t]`` the opex of period
  t's layout over its years and its share of transport; ``Risk``, ``Imbalance`` and
  ``Synergy`` are year-weighted means over periods, ``sum_t (years[t]/H) * term[t]``, so that
  a plan of one period measures exactly as the single-period instance.

Deferring capacity therefore saves opex (and transport) for the years before it is needed;
a commitment forces capacity early and pays for those years.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData, period_data
from hinterland.model.formulation.objective import weighted_sum
from hinterland.model.instance import Instance
from hinterland.model.periods import period_names, year_shares


def build_plan_model(instance: Instance, families: tuple[Callable[..., None], ...],
                     data: dict[str, FormulationData] | None = None) -> pyo.ConcreteModel:
    """The model of a plan: ``families`` applied to each period's block, then the ties.
    ``data`` is :func:`.data.period_data` of ``instance``, when the caller has it."""
    names = period_names(instance)
    m = pyo.ConcreteModel(name=instance.name)
    m.PERIODS = pyo.Set(initialize=names, ordered=True)
    m.period = pyo.Block(m.PERIODS)
    data = data if data is not None else period_data(instance)
    for t in names:
        for add_family in families:
            add_family(m.period[t], data[t])
    add_continuity(m, data)
    add_period_budgets(m, instance)
    add_plan_terms(m, instance)
    m.total_cost = pyo.Objective(expr=weighted_sum(m, instance.weights), sense=pyo.minimize)
    return m


def _steps(m: pyo.ConcreteModel) -> list[tuple[str, str]]:
    """Consecutive period pairs ``(t-1, t)``."""
    names = list(m.PERIODS)
    return list(itertools.pairwise(names))


def add_continuity(m: pyo.ConcreteModel, data: dict[str, FormulationData]) -> None:
    pair_rows = [(before, t, s, k) for before, t in _steps(m)
                 for s, k in data[t].pair_index]
    open_rows = [(before, t, s) for before, t in _steps(m) for s in data[t].open_sites]
    m.CONTINUITY_PAIRS = pyo.Set(initialize=pair_rows, dimen=4, ordered=True)
    m.CONTINUITY_SITES = pyo.Set(initialize=open_rows, dimen=3, ordered=True)
    block = m.period
    m.continuity_capacity = pyo.Constraint(
        m.CONTINUITY_PAIRS,
        rule=lambda m, b, t, s, k: block[t].x[s, k] >= block[b].x[s, k])
    m.continuity_hosting = pyo.Constraint(
        m.CONTINUITY_PAIRS,
        rule=lambda m, b, t, s, k: block[t].y[s, k] >= block[b].y[s, k])
    m.continuity_open = pyo.Constraint(
        m.CONTINUITY_SITES,
        rule=lambda m, b, t, s: block[t].open[s] >= block[b].open[s])
    add_existing_continuity(m)


def add_existing_continuity(m: pyo.ConcreteModel) -> None:
    """Kept, moved and new capacity never shrink either (:mod:`.existing`).

    Without these rows a plan could leave today's capacity uncounted in an early period, pay
    capex for it there, and count it later: the investment would fall between periods and a
    tight later budget would be met on paper.
    """
    block = m.period
    rows = [(b, t, s, k) for b, t in _steps(m) for s, k in block[t].EXISTING_PAIRS]
    m.CONTINUITY_EXISTING = pyo.Set(initialize=rows, dimen=4, ordered=True)

    def part(t: str, name: str, s: str, k: str) -> object:
        variable = getattr(block[t], name)
        return variable[s, k] if (s, k) in variable.index_set() else 0.0

    def new(t: str, s: str, k: str) -> object:
        return block[t].x[s, k] - part(t, "kept", s, k) - part(t, "moved", s, k)

    m.continuity_kept = pyo.Constraint(
        m.CONTINUITY_EXISTING,
        rule=lambda m, b, t, s, k: part(t, "kept", s, k) >= part(b, "kept", s, k)
        if (s, k) in block[t].KEPT_PAIRS else pyo.Constraint.Skip)
    m.continuity_moved = pyo.Constraint(
        m.CONTINUITY_EXISTING,
        rule=lambda m, b, t, s, k: part(t, "moved", s, k) >= part(b, "moved", s, k)
        if (s, k) in block[t].MOVED_PAIRS else pyo.Constraint.Skip)
    m.continuity_new = pyo.Constraint(
        m.CONTINUITY_EXISTING, rule=lambda m, b, t, s, k: new(t, s, k) >= new(b, s, k))


def added_investment(m: pyo.ConcreteModel, t: str) -> object:
    """``investment[t] - investment[t-1]`` (the first period adds all it holds)."""
    names = list(m.PERIODS)
    position = names.index(t)
    earlier = m.period[names[position - 1]].investment if position else 0.0
    return m.period[t].investment - earlier


def add_period_budgets(m: pyo.ConcreteModel, instance: Instance) -> None:
    budget = {p.name: p.budget for p in instance.periods if p.budget is not None}
    m.PERIODS_BUDGETED = pyo.Set(initialize=list(budget), ordered=True)
    m.period_budget = pyo.Constraint(
        m.PERIODS_BUDGETED, rule=lambda m, t: added_investment(m, t) <= budget[t])
    if instance.budget is not None:
        m.budget = pyo.Constraint(expr=m.period[m.PERIODS.last()].investment
                                  <= instance.budget)


def add_plan_terms(m: pyo.ConcreteModel, instance: Instance) -> None:
    share = year_shares(instance)
    last = m.PERIODS.last()
    m.investment = pyo.Expression(expr=m.period[last].investment)
    m.cost_term = pyo.Expression(expr=pyo.quicksum(
        m.period[t].cost_term - (m.period[t].investment if t != last else 0.0)
        for t in m.PERIODS))
    for term in ("risk_term", "imbalance_term", "synergy_term"):
        m.add_component(term, pyo.Expression(expr=pyo.quicksum(
            share[t] * getattr(m.period[t], term) for t in m.PERIODS)))
