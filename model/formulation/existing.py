"""Existing capacity (brownfield): kept where it stands, or moved, instead of built anew.

With ``existing: count`` (:mod:`hinterland.model.brownfield`), for today's capacity ``e[s,k]`` and
the item's whole ``E[k] = sum_s e[s,k]`` (coastal sites included):

* ``kept[s,k] in [0, e[s,k]]`` at eligible pairs with ``e > 0``: capacity counted where it is;
* ``moved[s,k] >= 0`` at eligible pairs of items with a ``relocation_cost`` ``r[k]`` below the
  unit capex ``c[s,k]`` (moving dearer than building is never chosen, so it gets no variable);
* ``kept[s,k] + moved[s,k] <= x[s,k]`` (``new_capacity``: what is not kept or moved is new);
* ``sum_s (kept[s,k] + moved[s,k]) <= E[k]`` (``relocation_pool``: only capacity that exists
  is moved, and what is kept is not moved too), for items with moved variables.

Investment at s then counts ``-c[s,k]*kept - (c[s,k] - r[k])*moved`` besides its other terms
(:func:`hinterland.model.formulation.investment.site_investment`): kept capacity needs no capex,
moved capacity costs ``r`` instead of ``c``. Opex and transport still count on all of ``x``.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def moved_pairs(data: FormulationData) -> list[tuple[str, str]]:
    """Eligible pairs where moving today's capacity in beats building it."""
    relocation = data.relocation
    pool = data.existing_pool
    if not pool:
        return []
    unit = data.unit_invest
    return [(s, k) for s, k in data.pair_index
            if pool.get(k, 0.0) > 0 and math.isfinite(relocation[k])
            and unit[s, k] > relocation[k]]


def add_existing(m: pyo.ConcreteModel, data: FormulationData) -> None:
    today = data.existing
    moved = moved_pairs(data)
    m.KEPT_PAIRS = pyo.Set(initialize=list(today), dimen=2, ordered=True)
    m.MOVED_PAIRS = pyo.Set(initialize=moved, dimen=2, ordered=True)
    m.kept = pyo.Var(m.KEPT_PAIRS, bounds=lambda _m, s, k: (0.0, today[s, k]))
    m.moved = pyo.Var(m.MOVED_PAIRS, domain=pyo.NonNegativeReals)
    either = set(today) | set(moved)
    m.EXISTING_PAIRS = pyo.Set(initialize=[p for p in data.pair_index if p in either],
                               dimen=2, ordered=True)
    m.new_capacity = pyo.Constraint(
        m.EXISTING_PAIRS,
        rule=lambda m, s, k: (m.kept[s, k] if (s, k) in today else 0.0)
        + (m.moved[s, k] if (s, k) in m.MOVED_PAIRS else 0.0) <= m.x[s, k])
    position = {k: i for i, k in enumerate(data.instance.items.index)}
    movers = sorted({k for _, k in moved}, key=position.__getitem__)
    m.ITEMS_MOVED = pyo.Set(initialize=movers, ordered=True)
    pool = data.existing_pool
    kept_at, moved_to = defaultdict(list), defaultdict(list)  # item -> sites, in set order
    for s, k in today:
        kept_at[k].append(s)
    for s, k in moved:
        moved_to[k].append(s)
    m.relocation_pool = pyo.Constraint(
        m.ITEMS_MOVED,
        rule=lambda m, k: pyo.quicksum(m.kept[s, k] for s in kept_at[k])
        + pyo.quicksum(m.moved[s, k] for s in moved_to[k]) <= pool[k])


def existing_savings(m: pyo.ConcreteModel, data: FormulationData, site: str) -> list:
    """The terms ``-c*kept - (c - r)*moved`` of site ``site`` (empty without them)."""
    if not hasattr(m, "kept") or not (len(m.KEPT_PAIRS) or len(m.MOVED_PAIRS)):
        return []
    unit = data.unit_invest
    relocation = data.relocation
    terms = [-unit[site, k] * m.kept[site, k] for k in data.items_of_site[site]
             if (site, k) in m.KEPT_PAIRS]
    terms += [-(unit[site, k] - relocation[k]) * m.moved[site, k]
              for k in data.items_of_site[site] if (site, k) in m.MOVED_PAIRS]
    return terms
