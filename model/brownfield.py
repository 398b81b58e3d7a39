"""Building on what exists: today's capacity counted, and capacity moved.

With ``existing: count`` in instance.yaml, today's layout (``current_layout.csv``, capacity
``e[s,k]``) is part of the plan rather than ignored:

* capacity kept where it stands counts toward the requirement without new capex (opex and
  transport still count, as for any capacity); a site hosting an item today pays no fixed cost
  to host it, and a site hosting anything today no opening cost;
* capacity may be moved: an item with a ``relocation_cost`` may take capacity away from a site
  (a coastal plant, say) and stand it up at another for ``relocation_cost`` per unit instead of
  the capex of building anew. Capacity neither kept nor moved stays where it is, outside the
  hinterland layout.

For capacity ``x[s,k]`` the cheapest account of where it comes from is::

    max  sum_s c[s,k] * kept[s,k] + (c[s,k] - r[k]) * moved[s,k]
    s.t. kept[s,k] <= e[s,k],  kept[s,k] + moved[s,k] <= x[s,k],
         sum_s (kept[s,k] + moved[s,k]) <= E[k] = sum_s e[s,k],

with ``c`` the unit capex at s and ``r`` the relocation cost; new capacity is
``x - kept - moved``. The formulation writes exactly these rows
(:mod:`hinterland.model.formulation.existing`);
:func:`transition` solves them for a given layout. Their capacity constraints are nested
(each unit of keeping at s sits inside s's total, inside the item's pool), so taking the most
valuable units first is optimal.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from hinterland.model.instance import Instance
from hinterland.model.layout import normalise_layout

TRANSITION_COLUMNS = ["site_id", "item_id", "today", "capacity", "kept", "moved_in", "new",
                      "moved_out", "unit_capex", "capex", "relocation"]


def counts_existing(instance: Instance) -> bool:
    return instance.settings.existing == "count" and instance.current_layout is not None


def today(instance: Instance) -> pd.Series:
    """Today's capacity ``e[s,k]`` indexed by (site_id, item_id); empty when not counted."""
    if not counts_existing(instance):
        return pd.Series(dtype=float, index=pd.MultiIndex.from_tuples(
            [], names=["site_id", "item_id"]))
    rows = normalise_layout(instance.current_layout)
    return rows.groupby(["site_id", "item_id"])["capacity"].sum().astype(float)


def open_costs(instance: Instance) -> pd.Series:
    """Each site's opening cost, waived (0) at sites that host anything today when today's
    layout counts. Read through here, never from ``sites.csv`` directly, so that the waiver
    follows the setting wherever it changes (a scenario may turn counting on or off)."""
    cost = instance.sites["open_cost"].astype(float)
    if not counts_existing(instance):
        return cost
    rows = normalise_layout(instance.current_layout)
    developed = set(rows.loc[(rows["hosting"] > 0) | (rows["capacity"] > 0), "site_id"])
    return cost.mask(cost.index.isin(developed), 0.0)


def relocation_cost(instance: Instance) -> pd.Series:
    """``r[k]`` per item; NaN where capacity of the item cannot be moved."""
    if "relocation_cost" not in instance.items.columns:
        return pd.Series(math.nan, index=instance.items.index)
    return instance.items["relocation_cost"].astype(float)


def transition(instance: Instance, layout: pd.DataFrame, unit_capex: pd.Series,
               current: pd.DataFrame | None = None) -> pd.DataFrame:
    """From today to ``layout``, pair by pair: kept, moved in, new, moved out, and the money.

    ``unit_capex`` is ``c[s,k]`` indexed by (site_id, item_id) for the layout's pairs;
    ``current`` is today's layout (default: the instance's). Solves the problem of the module
    docstring item by item, taking the most valuable units first. When the instance does not
    count today's capacity, the table still shows what stays where it is (``kept``) and what
    is added, but nothing moves and ``capex`` prices every unit as new, as the model does.
    """
    rows = normalise_layout(layout)
    counted = counts_existing(instance)
    if current is None:
        existing = today(instance)
    else:
        existing = normalise_layout(current).groupby(["site_id", "item_id"])["capacity"].sum()
    capacity = rows.groupby(["site_id", "item_id"])["capacity"].sum()
    pairs = capacity.index.union(existing.index)
    table = pd.DataFrame({
        "today": existing.reindex(pairs, fill_value=0.0),
        "capacity": capacity.reindex(pairs, fill_value=0.0),
    })
    table["unit_capex"] = unit_capex.reindex(pairs).fillna(0.0).to_numpy()
    table["kept"] = 0.0
    table["moved_in"] = 0.0
    relocation = relocation_cost(instance)
    if not counted:
        relocation[:] = math.nan
    for item in table.index.get_level_values("item_id").unique():
        _account_item(table, item, float(relocation.get(item, math.nan)))
    table["new"] = (table["capacity"] - table["kept"] - table["moved_in"]).clip(lower=0.0)
    table["moved_out"] = 0.0
    for item in table.index.get_level_values("item_id").unique():
        _moved_out(table, item)
    priced_new = table["new"] if counted else table["capacity"]
    table["capex"] = table["unit_capex"] * priced_new
    table["relocation"] = relocation.reindex(
        table.index.get_level_values("item_id")).fillna(0.0).to_numpy() * table["moved_in"]
    return table.reset_index()[TRANSITION_COLUMNS]


def _account_item(table: pd.DataFrame, item: str, relocation: float) -> None:
    """Fill ``kept`` and ``moved_in`` for one item, most valuable units first."""
    mine = table.xs(item, level="item_id", drop_level=False)
    pool = float(mine["today"].sum())
    if pool <= 0:
        return
    slots = [(float(row.unit_capex), "kept", key, min(row.today, row.capacity))
             for key, row in mine.iterrows()]
    if math.isfinite(relocation):
        slots += [(float(row.unit_capex) - relocation, "moved_in", key, row.capacity)
                  for key, row in mine.iterrows() if row.unit_capex > relocation]
    for _value, column, key, cap in sorted(slots, key=lambda s: -s[0]):
        room = table.at[key, "capacity"] - table.at[key, "kept"] - table.at[key, "moved_in"]
        amount = min(cap if column == "kept" else room, room, pool)
        if amount > 0:
            table.at[key, column] += amount
            pool -= amount
        if pool <= 0:
            break


def _moved_out(table: pd.DataFrame, item: str) -> None:
    """Where moved capacity comes from: today's capacity not kept, largest first."""
    mine = table.xs(item, level="item_id", drop_level=False)
    left = float(mine["moved_in"].sum())
    free = (mine["today"] - mine["kept"]).sort_values(ascending=False)
    for key, amount in free.items():
        taken = float(np.minimum(amount, left))
        if taken > 0:
            table.at[key, "moved_out"] = taken
            left -= taken
