"""Set two layouts side by side, each measured by :func:`hinterland.model.evaluation.evaluate`."""

from __future__ import annotations

import pandas as pd

from hinterland.model.evaluation import Evaluation
from hinterland.model.instance import Instance
from hinterland.model.layout import normalise_layout

ITEM_METRICS = ("capacity", "sites", "largest_site_share", "left_after_site_loss",
                "left_after_sites_loss",
                "left_after_province_loss", "mean_coast_km", "mean_border_km", "mean_hazard")


def comparison_table(current: Evaluation, optimal: Evaluation) -> pd.DataFrame:
    """Rows ``metric, current, optimal, difference`` (difference = optimal - current).

    The objective and its terms, the number of rules broken, each region's share of
    investment, and each item's security metrics (``<item>: <metric>``).
    """
    rows: list[tuple[str, float, float]] = [
        ("objective", current.objective, optimal.objective),
        *((name, current.terms[name], optimal.terms[name]) for name in current.terms),
        ("violations", float(len(current.violations)), float(len(optimal.violations))),
    ]
    regions = current.regions.set_index("region")["share"]
    other = optimal.regions.set_index("region")["share"]
    rows += [(f"region {r}: share of investment", regions[r], other[r]) for r in regions.index]
    mine = current.items.set_index("item_id")
    theirs = optimal.items.set_index("item_id")
    for item in mine.index:
        rows += [(f"{item}: {m}", mine.loc[item, m], theirs.loc[item, m]) for m in ITEM_METRICS]
    table = pd.DataFrame(rows, columns=["metric", "current", "optimal"])
    table["current"] = table["current"].astype(float)
    table["optimal"] = table["optimal"].astype(float)
    table["difference"] = table["optimal"] - table["current"]
    return table


def site_changes(instance: Instance, current: pd.DataFrame,
                 optimal: pd.DataFrame) -> pd.DataFrame:
    """Capacity per site and item in both layouts; ``change`` > 0 is moved in, < 0 moved out."""
    before = normalise_layout(current).set_index(["site_id", "item_id"])["capacity"]
    after = normalise_layout(optimal).set_index(["site_id", "item_id"])["capacity"]
    pairs = before.index.union(after.index)
    table = pd.DataFrame({
        "current": before.reindex(pairs, fill_value=0.0),
        "optimal": after.reindex(pairs, fill_value=0.0),
    }).reset_index()
    table["change"] = table["optimal"] - table["current"]
    table = table[(table["current"] > 0) | (table["optimal"] > 0)]
    names = instance.sites["name"]
    table.insert(1, "name", table["site_id"].map(names))
    table.insert(2, "province", table["site_id"].map(instance.sites["province"]))
    order = {site: i for i, site in enumerate(instance.sites.index)}
    table = table.sort_values(["site_id", "item_id"], key=lambda c: c.map(order)
                              if c.name == "site_id" else c)
    return table.reset_index(drop=True)
