"""Which site may host which item.

A pair (s, k) is eligible when every criterion holds:

* ``hinterland[s]`` is true;
* ``coast_km[s] >= min_coast_km[k]`` and ``border_km[s] >= min_border_km[k]`` (strategic depth);
* ``hazard[s] <= max_hazard[k]``;
* ``base_<sector k>[s] >= min_base[k]`` when ``min_base[k] > 0`` (a missing column counts as 0);
* ``dist(s, c) >= min_separation_km[k]`` for every centre c that k serves (a backup stands
  apart from what it backs up);
* ``suitability[s] >= min_suitability`` when instance.yaml sets ``min_suitability``: the
  site's score by the instance's ranking method (:mod:`hinterland.model.suitability`), computed over
  the hinterland sites.

Ineligible pairs get no variables at all, which keeps the model small. The table of criteria
is kept (not only the verdict) so that checks can say which criterion shut an item out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hinterland.model.instance import Instance

CRITERIA = ("hinterland", "coast", "border", "hazard", "base", "separation", "suitability")


def eligibility_table(instance: Instance) -> pd.DataFrame:
    """Every site x item with one boolean column per criterion and ``eligible``.

    Rows are ordered by item, then site in file order.
    """
    sites, items = instance.sites, instance.items
    n_sites, n_items = len(sites), len(items)
    site_pos = np.tile(np.arange(n_sites), n_items)
    item_pos = np.repeat(np.arange(n_items), n_sites)

    def site_values(column: str) -> np.ndarray:
        return sites[column].to_numpy()[site_pos]

    def item_values(column: str) -> np.ndarray:
        return items[column].to_numpy(dtype=float)[item_pos]

    base = np.column_stack(
        [instance.site_base(sector).to_numpy() for sector in items["sector"]]
    ) if n_items else np.zeros((n_sites, 0))
    base_value = base[site_pos, item_pos]
    min_base = item_values("min_base")
    table = pd.DataFrame({
        "site_id": sites.index.to_numpy()[site_pos],
        "item_id": items.index.to_numpy()[item_pos],
        "hinterland": site_values("hinterland").astype(bool),
        "coast": site_values("coast_km") >= item_values("min_coast_km"),
        "border": site_values("border_km") >= item_values("min_border_km"),
        "hazard": site_values("hazard") <= item_values("max_hazard"),
        "base": (min_base <= 0) | (base_value >= min_base),
        "separation": nearest_centre_km(instance).to_numpy()[site_pos, item_pos]
        >= item_values("min_separation_km"),
        "suitability": suitable_sites(instance).to_numpy()[site_pos],
    })
    table["eligible"] = table[list(CRITERIA)].all(axis=1)
    return table


def eligible_pairs(instance: Instance) -> pd.DataFrame:
    """The eligible (site_id, item_id) pairs, ordered by item then site."""
    table = eligibility_table(instance)
    return table.loc[table["eligible"], ["site_id", "item_id"]].reset_index(drop=True)


def site_suitability(instance: Instance) -> pd.Series:
    """Each site's suitability score (NaN for sites the ranking leaves out: not hinterland)."""
    from hinterland.model.suitability import rank_instance  # the ranking loads only when asked for

    return rank_instance(instance).scores.reindex(instance.sites.index)


def suitable_sites(instance: Instance) -> pd.Series:
    """Whether each site's score reaches ``min_suitability`` (all true without the rule)."""
    threshold = instance.settings.min_suitability
    if threshold is None:
        return pd.Series(True, index=instance.sites.index)
    return site_suitability(instance).fillna(-np.inf) >= threshold - 1e-12


def nearest_centre_km(instance: Instance) -> pd.DataFrame:
    """Sites x items: distance from each site to the nearest centre the item serves.

    ``inf`` for an item that serves no centre (so no separation can fail); unknown distances
    (sites without coordinates outside the hinterland) read as ``inf`` too.
    """
    distances = instance.distance_km
    nearest = {
        item: (distances[list(served)].min(axis=1, skipna=False).fillna(np.inf)
               if served else pd.Series(np.inf, index=distances.index))
        for item, served in instance.items["serves"].items()
    }
    return pd.DataFrame(nearest, index=distances.index, columns=instance.items.index)
