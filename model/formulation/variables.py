"""Decision variables, created only for eligible pairs.

* ``x[s,k] >= 0``: capacity of item k at site s;
* ``y[s,k]``: k is hosted at s (binary where it matters, else in [0, 1]);
* ``open[s]`` binary: site s is developed (only for sites with ``open_cost > 0``);
* ``investment >= 0``: total investment, tied to its terms in :mod:`.investment`.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_variables(m: pyo.ConcreteModel, data: FormulationData) -> None:
    m.PAIRS = pyo.Set(initialize=data.pair_index, dimen=2, ordered=True)
    m.OPEN_SITES = pyo.Set(initialize=data.open_sites, ordered=True)
    binary = data.column("binary")
    m.x = pyo.Var(m.PAIRS, domain=pyo.NonNegativeReals)
    m.y = pyo.Var(
        m.PAIRS,
        domain=lambda _m, s, k: pyo.Binary if binary[s, k] else pyo.UnitInterval,
    )
    m.open = pyo.Var(m.OPEN_SITES, domain=pyo.Binary)
    m.investment = pyo.Var(domain=pyo.NonNegativeReals)
