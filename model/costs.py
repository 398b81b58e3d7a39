"""Cost coefficients of placing one item at one site.

For a pair (s, k), with ``ci = cost_index[s]`` and ``H = horizon_years``:

* fixed investment when k is hosted at s: ``F[k] * ci`` (0 where s hosts k today and the
  instance counts today's layout, :mod:`hinterland.model.brownfield`);
* investment per unit of capacity: ``c[k] * ci``;
* operating cost per unit over the horizon: ``o[k] * H``;
* transport per unit: ``g[k] * mean_{c in serves(k)} dist(s, c)`` (0 when k serves no centre).

Both the formulation and the evaluation of a given layout use these, so that the objective
the solver reports and the one measured on its layout are the same number by construction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hinterland.model.brownfield import today
from hinterland.model.instance import Instance

PAIR_COST_COLUMNS = ("fixed_invest", "unit_invest", "unit_opex", "unit_transport")


def mean_distance_km(instance: Instance) -> pd.DataFrame:
    """Sites x items matrix: mean distance from each site to the centres each item serves."""
    centres = list(instance.distance_km.columns)
    weights = np.zeros((len(instance.items), len(centres)))
    for row, served in enumerate(instance.items["serves"]):
        for centre in served:
            weights[row, centres.index(centre)] = 1.0 / len(served)
    distances = instance.distance_km.to_numpy()
    # Sites whose distances are unknown are never eligible; treat them as 0 here.
    mean = np.nan_to_num(distances, nan=0.0) @ weights.T
    return pd.DataFrame(mean, index=instance.distance_km.index, columns=instance.items.index)


def pair_costs(instance: Instance, pairs: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` (site_id, item_id) with the four per-pair cost columns added."""
    sites, items = instance.sites, instance.items
    cost_index = sites["cost_index"].reindex(pairs["site_id"]).to_numpy()
    item = items.reindex(pairs["item_id"])
    mean_km = mean_distance_km(instance)
    site_pos = mean_km.index.get_indexer(pairs["site_id"])
    item_pos = mean_km.columns.get_indexer(pairs["item_id"])
    out = pairs.copy()
    out["fixed_invest"] = item["fixed_cost"].to_numpy() * cost_index
    hosted_today = today(instance)
    if len(hosted_today):
        # A site that hosts the item today is established: no fixed cost to host it.
        keys = pd.MultiIndex.from_frame(pairs[["site_id", "item_id"]])
        out.loc[keys.isin(hosted_today.index[hosted_today > 0]), "fixed_invest"] = 0.0
    out["unit_invest"] = item["unit_capex"].to_numpy() * cost_index
    out["unit_opex"] = item["unit_opex"].to_numpy() * instance.horizon_years
    out["unit_transport"] = (
        item["transport_cost"].to_numpy() * mean_km.to_numpy()[site_pos, item_pos]
    )
    return out
