"""Measure a layout with the model's own yardstick.

:func:`evaluate` measures any layout (today's, an optimum, a planner's draft): every cost term,
security metrics per item, investment per region and province, resource use, and every rule
it breaks. Every cost term comes from :mod:`hinterland.model.pricing`, the same per-pair
coefficients as the formulation, so the objective measured on a solved layout equals the
solver's objective.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hinterland.model.brownfield import open_costs
from hinterland.model.instance import Instance
from hinterland.model.layout import developed_sites, normalise_layout
from hinterland.model.pricing import (
    cost_breakdown,
    period_terms,
    priced_rows,
    site_capital,
    site_investment,
)
from hinterland.model.violations import Violation, find_violations, largest_sum


def site_summary(instance: Instance, layout: pd.DataFrame) -> pd.DataFrame:
    """One row per site the layout uses: items, investment, running costs, resource use.

    A site is used when it hosts an item or holds capacity; its investment is that of
    :func:`site_investment`, so the rows sum to :func:`cost_breakdown`'s investment.
    """
    rows = normalise_layout(layout)
    priced = priced_rows(instance, rows)
    invested = site_investment(instance, rows)
    order = {site: i for i, site in enumerate(instance.sites.index)}
    sites = sorted(invested.index, key=order.__getitem__)
    frame = instance.sites.loc[sites, ["site_id", "name", "province", "region"]].copy()
    grouped = priced.groupby("site_id")
    hosted = priced[priced["hosting"] > 0]
    frame["items"] = hosted.groupby("site_id")["item_id"].apply(";".join).reindex(sites)
    developed = set(developed_sites(rows))
    opening = open_costs(instance)
    frame["open_cost"] = [float(opening[s]) if s in developed else 0.0 for s in sites]
    frame["investment"] = invested.reindex(sites).to_numpy()
    frame["opex"] = grouped["opex"].sum().reindex(sites, fill_value=0)
    frame["transport"] = grouped["transport"].sum().reindex(sites, fill_value=0)
    for resource in instance.resources:
        use = instance.item_use(resource).reindex(priced["item_id"]).to_numpy()
        used = (priced.assign(_use=use * priced["capacity"]).groupby("site_id")["_use"].sum())
        frame[f"use_{resource}"] = used.reindex(sites, fill_value=0)
        frame[f"cap_{resource}"] = instance.site_capacity(resource).reindex(sites)
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class Evaluation:
    """A layout measured against an instance.

    ``terms`` holds every term of :func:`cost_breakdown`; ``objective`` is the solver's
    objective, the weighted sum of cost, risk, imbalance and synergy. ``items``, ``regions``,
    ``provinces`` and ``resources`` are tables; ``violations`` lists every broken rule.
    """

    terms: dict[str, float]
    objective: float
    items: pd.DataFrame
    regions: pd.DataFrame
    provinces: pd.DataFrame
    resources: pd.DataFrame
    violations: list[Violation]

    @property
    def feasible(self) -> bool:
        return not self.violations

    def as_dict(self) -> dict:
        """A JSON-ready dict (missing numbers as None)."""
        return {
            "objective": self.objective,
            "terms": self.terms,
            "feasible": self.feasible,
            "items": records(self.items),
            "regions": records(self.regions),
            "provinces": records(self.provinces),
            "resources": records(self.resources),
            "violations": [v.as_dict() for v in self.violations],
        }


def evaluate(instance: Instance, layout: pd.DataFrame) -> Evaluation:
    """Measure ``layout`` (``site_id, item_id, capacity`` and optional ``hosting``)."""
    rows = normalise_layout(layout)
    if instance.periods:  # the plan's terms (cost_breakdown), capital over all rows
        terms, capital = cost_breakdown(instance, rows), site_capital(instance, rows)
    else:
        terms, capital = period_terms(instance, rows)
    objective = terms.pop("objective")
    return Evaluation(
        terms=terms,
        objective=objective,
        items=item_metrics(instance, rows),
        regions=_shares(capital, instance.sites["region"], "region", instance),
        provinces=_shares(capital, instance.sites["province"], "province", None),
        resources=resource_use(instance, rows),
        violations=find_violations(instance, rows, capital, terms["investment"]),
    )


def item_metrics(instance: Instance, rows: pd.DataFrame) -> pd.DataFrame:
    """Per item: sites, capacity against demand, dispersion, loss survival, depth and hazard.

    ``left_after_site_loss`` is the capacity left when the largest site is lost,
    ``left_after_sites_loss`` when the ``survive_sites`` largest are, and
    ``left_after_province_loss`` when the province holding most is lost; ``mean_coast_km``,
    ``mean_border_km`` and ``mean_hazard`` are capacity-weighted means over the sites.
    """
    sites = instance.sites
    records = []
    for item_id, item in instance.items.iterrows():
        mine = rows[rows["item_id"] == item_id]
        capacity = mine.set_index("site_id")["capacity"].astype(float)
        total = float(capacity.sum())
        demand = float(item["demand"])
        by_province = capacity.groupby(sites["province"].reindex(capacity.index)).sum()
        weights = capacity / total if total > 0 else None

        def weighted(column: str, w: pd.Series | None = weights) -> float:
            return math.nan if w is None else float((w * sites[column].reindex(w.index)).sum())

        records.append({
            "item_id": item_id,
            "task": item["task"],
            "unit": item["unit"],
            "demand": demand,
            "capacity": total,
            "sites": int((mine["hosting"] > 0).sum()),
            "largest_site_share": float(capacity.max()) / demand if demand and total else 0.0,
            "worst_site": str(capacity.idxmax()) if total > 0 else "",
            "left_after_site_loss": total - (float(capacity.max()) if total > 0 else 0.0),
            "survive_sites": int(item["survive_sites"]),
            "left_after_sites_loss": total - largest_sum(capacity, int(item["survive_sites"])),
            "worst_province": str(by_province.idxmax()) if total > 0 else "",
            "left_after_province_loss": total - (float(by_province.max()) if total > 0
                                                 else 0.0),
            "mean_coast_km": weighted("coast_km"),
            "mean_border_km": weighted("border_km"),
            "mean_hazard": weighted("hazard"),
        })
    return pd.DataFrame(records)


def _shares(invested: pd.Series, group_of: pd.Series, name: str,
            instance: Instance | None) -> pd.DataFrame:
    """Investment and its share of the total per group (region or province)."""
    amounts = invested.groupby(group_of.reindex(invested.index)).sum()
    groups = sorted(set(group_of))
    table = pd.DataFrame({name: groups})
    table["investment"] = amounts.reindex(groups, fill_value=0.0).to_numpy()
    total = float(invested.sum())
    table["share"] = table["investment"] / total if total > 0 else 0.0
    if instance is not None:
        bounds = instance.regions
        table["min_share"] = [bounds[g].min_share if g in bounds else math.nan for g in groups]
        table["max_share"] = [bounds[g].max_share if g in bounds else math.nan for g in groups]
    return table


def resource_use(instance: Instance, rows: pd.DataFrame) -> pd.DataFrame:
    """Use of each resource at each site that uses any, against the site's capacity."""
    frames = []
    for resource in instance.resources:
        use = rows["item_id"].map(instance.item_use(resource)) * rows["capacity"]
        used = use.groupby(rows["site_id"]).sum()
        used = used[used > 0]
        capacity = instance.site_capacity(resource).reindex(used.index)
        frames.append(pd.DataFrame({
            "site_id": used.index, "resource": resource, "use": used.to_numpy(),
            "capacity": capacity.to_numpy(),
            "utilisation": (used / capacity).to_numpy(),
        }))
    columns = ["site_id", "resource", "use", "capacity", "utilisation"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def records(table: pd.DataFrame) -> list[dict]:
    """Rows of ``table`` as JSON-ready dicts (numpy scalars as Python ones, NaN as None)."""
    out = []
    for record in table.to_dict(orient="records"):
        out.append({k: _json_value(v) for k, v in record.items()})
    return out


def _json_value(value: object) -> object:
    if isinstance(value, (np.floating, float)):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value
