"""Regional balance: each listed region's share of total investment stays within bounds.

``lo[r] * investment <= sum_{s in r} I[s] <= hi[r] * investment``  for every region r named in
``instance.yaml``; a bound of 0 (lower) or 1 (upper) is omitted as it always holds. With
today's capacity counted (``existing: count``), both sides are capital, investment before what
kept and moved capacity saves: otherwise a plan could leave existing capacity uncounted to
lift a region's share.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData
from hinterland.model.formulation.investment import capital_total, site_capital


def region_investment(m: pyo.ConcreteModel, data: FormulationData, region: str) -> object:
    """The expression ``I[r] = sum_{s in r} I[s]`` (capital, see
    :func:`hinterland.model.formulation.investment.site_capital`)."""
    region_of = data.instance.sites["region"].to_dict()
    return pyo.quicksum(
        site_capital(m, data, s)
        for s, items in data.items_of_site.items()
        if items and region_of[s] == region
    )


def add_regional_balance(m: pyo.ConcreteModel, data: FormulationData) -> None:
    shares = data.instance.regions

    m.REGIONS_MIN = pyo.Set(
        initialize=[r for r, b in shares.items() if b.min_share > 0], ordered=True
    )
    m.REGIONS_MAX = pyo.Set(
        initialize=[r for r, b in shares.items() if b.max_share < 1], ordered=True
    )
    m.region_min_share = pyo.Constraint(
        m.REGIONS_MIN,
        rule=lambda m, r: region_investment(m, data, r) >= shares[r].min_share * capital_total(m),
    )
    m.region_max_share = pyo.Constraint(
        m.REGIONS_MAX,
        rule=lambda m, r: region_investment(m, data, r) <= shares[r].max_share * capital_total(m),
    )
