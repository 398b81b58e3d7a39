"""Core sites: at most ``max_core_sites`` sites are developed.

The strategic hinterland core is the set of sites developed at all. With ``max_core_sites`` in
instance.yaml every site with an eligible pair gets the binary ``open[s]`` (with or without an
opening cost; ``open_link`` ties hosting to it), and

``sum_s open[s] <= max_core_sites``.

With ``min_suitability`` too, only sites whose suitability score reaches it are eligible
(:mod:`hinterland.model.eligibility`), so the core is chosen among the most suitable sites.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_core_sites(m: pyo.ConcreteModel, data: FormulationData) -> None:
    limit = data.instance.settings.max_core_sites
    if limit is not None:
        m.core_limit = pyo.Constraint(
            expr=pyo.quicksum(m.open[s] for s in m.OPEN_SITES) <= limit)
