"""Plain-Python data the formulation reads, computed once from an instance with pandas.

Pyomo builds fastest from native floats and lists (numpy scalars inside expressions cost about
2x), so everything here is converted with ``tolist()`` before any component is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from hinterland.model.brownfield import open_costs, relocation_cost, today
from hinterland.model.costs import pair_costs
from hinterland.model.eligibility import eligible_pairs
from hinterland.model.instance import Instance
from hinterland.model.periods import period_names, period_view

Pair = tuple[str, str]


@dataclass(frozen=True)
class FormulationData:
    """Index sets and coefficients of the MIP.

    ``pairs`` is the table of eligible pairs with, per pair, ``upper`` (largest capacity the
    site can take: ``max_share*demand``, tightened by ``cap_r/use_r`` for every resource the
    item uses), ``min_scale``, the cost columns of :func:`hinterland.model.costs.pair_costs`, and
    ``binary`` (whether hosting must be integral, see :func:`needs_binary_hosting`).
    """

    instance: Instance
    pairs: pd.DataFrame
    pair_index: list[Pair]
    sites_of_item: dict[str, list[str]]
    items_of_site: dict[str, list[str]]
    open_sites: list[str]

    @classmethod
    def from_instance(cls, instance: Instance) -> FormulationData:
        pairs = pair_costs(instance, eligible_pairs(instance))
        items = instance.items.reindex(pairs["item_id"])
        demand = items["demand"].to_numpy()
        upper = items["max_share"].to_numpy() * demand
        for resource in instance.resources:
            use = instance.item_use(resource).reindex(pairs["item_id"]).to_numpy()
            cap = instance.site_capacity(resource).reindex(pairs["site_id"]).to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                limit = np.where(use > 0, cap / np.where(use > 0, use, 1.0), np.inf)
            upper = np.minimum(upper, limit)
        pairs["upper"] = upper
        pairs["min_scale"] = items["min_scale"].to_numpy()
        hazard = instance.sites["hazard"].reindex(pairs["site_id"]).to_numpy()
        pairs["exposure"] = hazard * items["value"].to_numpy()
        open_cost = open_costs(instance)
        pairs["binary"] = needs_binary_hosting(pairs, items)
        if instance.regions:
            # Region shares reward investment itself, so hosting at a site with an opening
            # cost must be integral for "open only to host" to bind (see linking.py).
            pairs["binary"] |= (open_cost.reindex(pairs["site_id"]).to_numpy() > 0)
        pairs["binary"] |= counted_hosting(instance, items)
        pair_index = list(zip(pairs["site_id"].tolist(), pairs["item_id"].tolist(), strict=True))
        sites_of_item = {k: [] for k in instance.items.index}
        items_of_site = {s: [] for s in instance.sites.index}
        for site, item in pair_index:
            sites_of_item[item].append(site)
            items_of_site[site].append(item)
        # Every site is a development decision when the core is limited (core_sites.py).
        counted = instance.settings.max_core_sites is not None
        open_sites = [s for s in instance.sites.index
                      if (open_cost[s] > 0 or counted) and items_of_site[s]]
        return cls(instance, pairs, pair_index, sites_of_item, items_of_site, open_sites)

    @cached_property
    def fixed_invest(self) -> dict[Pair, float]:
        return self.column("fixed_invest")

    @cached_property
    def unit_invest(self) -> dict[Pair, float]:
        return self.column("unit_invest")

    @cached_property
    def unit_running(self) -> dict[Pair, float]:
        """Opex over the horizon plus transport, per unit of capacity."""
        running = self.pairs["unit_opex"] + self.pairs["unit_transport"]
        return dict(zip(self.pair_index, running.astype(float).tolist(), strict=True))

    @cached_property
    def existing(self) -> dict[Pair, float]:
        """Today's capacity ``e[s,k]`` at eligible pairs (when the instance counts it)."""
        capacity = today(self.instance)
        if capacity.empty:
            return {}
        held = capacity[capacity > 0].to_dict()
        return {pair: float(held[pair]) for pair in self.pair_index if pair in held}

    @cached_property
    def relocation(self) -> dict[str, float]:
        """``r[k]``, the cost of moving a unit of today's capacity (NaN: not movable)."""
        return relocation_cost(self.instance).to_dict()

    @cached_property
    def existing_pool(self) -> dict[str, float]:
        """``E[k]``: today's capacity of each item at every site, eligible or not."""
        capacity = today(self.instance)
        return capacity.groupby(level="item_id").sum().astype(float).to_dict()

    @cached_property
    def open_site_set(self) -> frozenset[str]:
        return frozenset(self.open_sites)

    @cached_property
    def open_cost(self) -> dict[str, float]:
        return open_costs(self.instance).to_dict()

    def column(self, name: str) -> dict[Pair, float]:
        """A per-pair coefficient as a dict of native floats keyed by (site, item)."""
        return dict(zip(self.pair_index, self.pairs[name].astype(float).tolist(), strict=True))


def counted_hosting(instance: Instance, items: pd.DataFrame) -> np.ndarray:
    """Items whose hosting is counted or rewarded by a rule, so must be binary everywhere.

    Reach counts hosting sites near each centre; progression lets a hosted backup admit an
    integration item; synergy pays for two items hosted together (when its weight is on). A
    fractional ``y`` would satisfy or earn these without real hosting.
    """
    counted = items["reach_sites"].to_numpy() > 0
    if instance.settings.progression_min_base is not None:
        counted |= items["task"].isin(["backup", "integration"]).to_numpy()
    if instance.weights.synergy > 0 and len(instance.synergies):
        paired = set(instance.synergies["item_a"]) | set(instance.synergies["item_b"])
        counted |= items.index.isin(list(paired))
    return counted


def needs_binary_hosting(pairs: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
    """Whether the hosting variable ``y[s,k]`` must be binary.

    ``y`` matters as an integer only when something is paid or required per hosting site: a
    fixed cost ``F[k]*ci[s] > 0``, a minimum scale ``m[k] > 0``, or ``min_sites > 1``. Otherwise,
    for an item with demand ``D[k] > 0``, ``y in [0, 1]`` gives the same optimum: ``x <= U*y``
    with ``U <= D[k]`` makes ``sum_s y >= 1`` hold whenever demand is met, and
    ``y <= open[s]`` keeps the site's opening decision binary. Fewer binaries make a much
    smaller branch-and-bound tree. An item with no demand keeps binary hosting: there
    ``min_sites`` alone decides hosting, with no capacity to show it. (Instances with
    regional shares also keep it binary at sites with an opening cost; see
    :meth:`FormulationData.from_instance`.)
    """
    return (
        (pairs["fixed_invest"].to_numpy() > 0)
        | (pairs["min_scale"].to_numpy() > 0)
        | (items["min_sites"].to_numpy() > 1)
        | (items["demand"].to_numpy() <= 0)
    )


def period_data(instance: Instance) -> dict[str, FormulationData]:
    """The formulation data of each period of a plan, by period name: made once for the checks
    before solving and the model alike."""
    return {t: FormulationData.from_instance(period_view(instance, t))
            for t in period_names(instance)}
