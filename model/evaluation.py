"""Measure a layout with the model's own yardstick.

Costs are computed from the same per-pair coefficients as the formulation
(:func:`model.costs.pair_costs`), so the objective measured on a solved layout equals the
solver's objective.
"""

from __future__ import annotations

import pandas as pd

from model.costs import pair_costs
from model.instance import Instance
from model.layout import normalise_layout

COST_TERMS = ("open_cost", "fixed_cost", "capex", "opex", "transport")


def _priced(instance: Instance, layout: pd.DataFrame) -> pd.DataFrame:
    """Layout rows with the money each one costs, by term."""
    rows = normalise_layout(layout)
    priced = pair_costs(instance, rows[["site_id", "item_id"]])
    priced["capacity"] = rows["capacity"].to_numpy()
    priced["hosting"] = rows["hosting"].to_numpy()
    priced["fixed_cost"] = priced["fixed_invest"] * priced["hosting"]
    priced["capex"] = priced["unit_invest"] * priced["capacity"]
    priced["opex"] = priced["unit_opex"] * priced["capacity"]
    priced["transport"] = priced["unit_transport"] * priced["capacity"]
    return priced


def developed_sites(layout: pd.DataFrame) -> list[str]:
    """Sites that host at least one item (and so pay their opening cost)."""
    rows = normalise_layout(layout)
    return sorted(set(rows.loc[rows["hosting"] > 0, "site_id"]))


def cost_breakdown(instance: Instance, layout: pd.DataFrame) -> dict[str, float]:
    """Every cost term of ``layout``, the investment and the objective.

    ``investment = open_cost + fixed_cost + capex``; ``objective = investment + opex + transport``.
    """
    priced = _priced(instance, layout)
    open_cost = float(instance.sites["open_cost"].reindex(developed_sites(layout)).sum())
    terms = {
        "open_cost": open_cost,
        "fixed_cost": float(priced["fixed_cost"].sum()),
        "capex": float(priced["capex"].sum()),
        "opex": float(priced["opex"].sum()),
        "transport": float(priced["transport"].sum()),
    }
    terms["investment"] = terms["open_cost"] + terms["fixed_cost"] + terms["capex"]
    terms["objective"] = terms["investment"] + terms["opex"] + terms["transport"]
    return terms


def site_summary(instance: Instance, layout: pd.DataFrame) -> pd.DataFrame:
    """One row per site that hosts anything: items, investment, running costs, resource use."""
    priced = _priced(instance, layout)
    hosted = priced[priced["hosting"] > 0]
    sites = developed_sites(layout)
    frame = instance.sites.loc[sites, ["site_id", "name", "province", "region"]].copy()
    grouped = priced.groupby("site_id")
    frame["items"] = hosted.groupby("site_id")["item_id"].apply(";".join).reindex(sites)
    frame["open_cost"] = instance.sites["open_cost"].reindex(sites)
    investment = grouped[["fixed_cost", "capex"]].sum().sum(axis=1).reindex(sites, fill_value=0)
    frame["investment"] = frame["open_cost"] + investment
    frame["opex"] = grouped["opex"].sum().reindex(sites, fill_value=0)
    frame["transport"] = grouped["transport"].sum().reindex(sites, fill_value=0)
    for resource in instance.resources:
        use = instance.item_use(resource).reindex(priced["item_id"]).to_numpy()
        used = (priced.assign(_use=use * priced["capacity"]).groupby("site_id")["_use"].sum())
        frame[f"use_{resource}"] = used.reindex(sites, fill_value=0)
        frame[f"cap_{resource}"] = instance.site_capacity(resource).reindex(sites)
    return frame.reset_index(drop=True)
