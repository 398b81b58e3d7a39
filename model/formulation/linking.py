"""Linking capacity to hosting and hosting to open sites; dispersion.

For every eligible pair (s, k):

* ``x[s,k] <= U[s,k] * y[s,k]`` with ``U[s,k] = min(alpha[k]*D[k], min_r Cap[s,r]/a[k,r])``:
  no capacity without hosting, and no site holds more than the share ``alpha[k]`` (max_share)
  of demand (dispersion). Folding the resource limit into ``U`` gives a tighter relaxation
  than the plain ``alpha*D``;
* ``x[s,k] >= m[k] * y[s,k]`` when ``m[k] > 0``: a hosting site runs at least the minimum
  viable scale;
* ``y[s,k] <= open[s]`` for sites with an opening cost: nothing is hosted at an undeveloped site;
* ``open[s] <= sum_k y[s,k]``: a site is developed only to host something. Cost alone never
  opens an idle site, but regional shares of investment reward spending as such, and without
  this row an idle site could be opened to lift its region's share, a layout no table shows.
  For the row to bind, hosting at such sites is binary in instances with regional shares.

The per-pair coefficients are Params (``link_upper``, ``link_scale``) so that the large
families can be built as templates (:mod:`.templates`).
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData
from hinterland.model.formulation.templates import templated


def add_linking(m: pyo.ConcreteModel, data: FormulationData) -> None:
    upper = data.column("upper")
    min_scale = data.column("min_scale")
    m.link_upper = pyo.Param(m.PAIRS, initialize=upper)
    with templated(len(m.PAIRS)):
        m.capacity_link = pyo.Constraint(
            m.PAIRS, rule=lambda m, s, k: m.x[s, k] <= m.link_upper[s, k] * m.y[s, k]
        )
    scaled = [pair for pair in data.pair_index if min_scale[pair] > 0]
    m.SCALED_PAIRS = pyo.Set(initialize=scaled, dimen=2, ordered=True)
    m.link_scale = pyo.Param(m.SCALED_PAIRS, initialize={pair: min_scale[pair] for pair in scaled})
    with templated(len(scaled)):
        m.min_scale = pyo.Constraint(
            m.SCALED_PAIRS, rule=lambda m, s, k: m.x[s, k] >= m.link_scale[s, k] * m.y[s, k]
        )
    opened = set(data.open_sites)
    m.OPEN_PAIRS = pyo.Set(
        initialize=[pair for pair in data.pair_index if pair[0] in opened], dimen=2, ordered=True
    )
    with templated(len(m.OPEN_PAIRS)):
        m.open_link = pyo.Constraint(m.OPEN_PAIRS, rule=lambda m, s, k: m.y[s, k] <= m.open[s])
    m.open_use = pyo.Constraint(
        m.OPEN_SITES,
        rule=lambda m, s: m.open[s] <= pyo.quicksum(m.y[s, k] for k in data.items_of_site[s]),
    )
