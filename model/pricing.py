"""What a layout costs and weighs, term by term: the objective measured on any layout.

Costs come from the same per-pair coefficients as the formulation
(:func:`hinterland.model.costs.pair_costs`), so the objective measured on a solved layout
equals the solver's objective. One period's layout gets :func:`period_terms`; a plan's layout
(an instance with periods) gets :func:`plan_breakdown`, each period measured as its own
instance (:func:`hinterland.model.periods.period_view`) and added up as the plan's formulation
adds them (:mod:`hinterland.model.formulation.plan`):
``Cost = I[T] + sum_t (opex[t] + transport[t])``, and the year-weighted means
``sum_t (years[t]/H) * term[t]`` of risk, imbalance and synergy. :func:`cost_breakdown`
chooses between the two.
"""

from __future__ import annotations

import math

import pandas as pd

from hinterland.model.brownfield import counts_existing, open_costs, transition
from hinterland.model.costs import pair_costs
from hinterland.model.instance import Instance
from hinterland.model.layout import developed_sites, normalise_layout
from hinterland.model.periods import period_view, split_layout, year_shares
from hinterland.model.settings import Weights

COST_TERMS = ("open_cost", "fixed_cost", "capex", "opex", "transport")
AVERAGED_TERMS = ("risk", "imbalance", "synergy")


def priced_rows(instance: Instance, layout: pd.DataFrame, net: bool = True) -> pd.DataFrame:
    """Layout rows with the money each one costs, by term."""
    rows = normalise_layout(layout)
    priced = pair_costs(instance, rows[["site_id", "item_id"]])
    priced["capacity"] = rows["capacity"].to_numpy()
    priced["hosting"] = rows["hosting"].to_numpy()
    priced["fixed_cost"] = priced["fixed_invest"] * priced["hosting"]
    priced["capex"] = priced["unit_invest"] * priced["capacity"]
    priced["capex_as_new"] = priced["capex"]  # every unit built now (capital)
    if net and counts_existing(instance):
        # Today's capacity kept or moved needs no capex; moving costs relocation instead.
        unit = priced.set_index(["site_id", "item_id"])["unit_invest"]
        account = transition(instance, rows, unit).set_index(["site_id", "item_id"])
        keys = pd.MultiIndex.from_frame(priced[["site_id", "item_id"]])
        priced["capex"] = (account["capex"] + account["relocation"]).reindex(keys).to_numpy()
    priced["opex"] = priced["unit_opex"] * priced["capacity"]
    priced["transport"] = priced["unit_transport"] * priced["capacity"]
    return priced


def cost_breakdown(instance: Instance, layout: pd.DataFrame) -> dict[str, float]:
    """Every objective term of ``layout`` and the weighted objective the solver minimises.

    ``investment = open_cost + fixed_cost + capex``; ``cost = investment + opex + transport``;
    ``risk = sum hazard x value x capacity``; ``imbalance = sum_r |I_r - target_r x I|``;
    ``synergy = sum of bonuses of item pairs hosted together``; ``objective = w_cost x cost +
    w_risk x risk + w_balance x imbalance - w_synergy x synergy``. A plan's layout (with
    periods) gets the plan's terms (:func:`plan_breakdown`).
    """
    if instance.periods:
        return plan_breakdown(instance, layout)
    return period_terms(instance, layout)[0]


def period_terms(instance: Instance, layout: pd.DataFrame
                 ) -> tuple[dict[str, float], pd.Series]:
    """:func:`cost_breakdown`'s terms of a single-period layout, and its :func:`site_capital`,
    from one pricing of the layout."""
    priced = priced_rows(instance, layout)
    open_cost = float(open_costs(instance).reindex(developed_sites(layout)).sum())
    terms = {
        "open_cost": open_cost,
        "fixed_cost": float(priced["fixed_cost"].sum()),
        "capex": float(priced["capex"].sum()),
        "opex": float(priced["opex"].sum()),
        "transport": float(priced["transport"].sum()),
    }
    terms["investment"] = terms["open_cost"] + terms["fixed_cost"] + terms["capex"]
    terms["cost"] = terms["investment"] + terms["opex"] + terms["transport"]
    hazard = instance.sites["hazard"].reindex(priced["site_id"]).to_numpy()
    value = instance.items["value"].reindex(priced["item_id"]).to_numpy()
    terms["risk"] = float((hazard * value * priced["capacity"].to_numpy()).sum())
    capital = _by_site(instance, priced, layout, capex="capex_as_new")
    terms["imbalance"] = imbalance(instance, capital)
    terms["synergy"] = synergy(instance, layout)
    terms["objective"] = weighted_objective(terms, instance.weights)
    return terms, capital


def weighted_objective(terms: dict[str, float], weights: Weights) -> float:
    """``w_cost x cost + w_risk x risk + w_balance x imbalance - w_synergy x synergy``."""
    return (weights.cost * terms["cost"] + weights.risk * terms["risk"]
            + weights.balance * terms["imbalance"] - weights.synergy * terms["synergy"])


def imbalance(instance: Instance, invested: pd.Series) -> float:
    """``sum_r |I_r - target_r x I|`` over regions with a target share."""
    total = float(invested.sum())
    by_region = invested.groupby(instance.sites["region"].reindex(invested.index)).sum()
    return float(sum(abs(float(by_region.get(r, 0.0)) - b.target_share * total)
                     for r, b in instance.regions.items() if b.target_share is not None))


def synergy(instance: Instance, layout: pd.DataFrame) -> float:
    """Bonuses of synergies.csv, once per site that hosts both items of a pair."""
    rows = normalise_layout(layout)
    hosted = set(zip(rows.loc[rows["hosting"] > 0, "site_id"],
                     rows.loc[rows["hosting"] > 0, "item_id"], strict=True))
    sites = {s for s, _ in hosted}
    return float(sum(row.bonus for row in instance.synergies.itertuples() for s in sites
                     if (s, row.item_a) in hosted and (s, row.item_b) in hosted))


def site_capital(instance: Instance, rows: pd.DataFrame) -> pd.Series:
    """Capital per site: :func:`site_investment` before what today's capacity saves (the same
    when it is not counted). Regional shares and the balance term are measured on it, as in
    :mod:`hinterland.model.formulation.regional_balance`."""
    return site_investment(instance, rows, net=False)


def site_investment(instance: Instance, rows: pd.DataFrame, net: bool = True) -> pd.Series:
    """Investment per site: fixed costs and capex of its rows, plus its opening cost if developed.

    Sums to ``cost_breakdown``'s investment, also for odd layouts (capacity without hosting).
    ``net=False`` prices every unit as new (see :func:`site_capital`).
    """
    return _by_site(instance, priced_rows(instance, rows, net), rows)


def _by_site(instance: Instance, priced: pd.DataFrame, rows: pd.DataFrame,
             capex: str = "capex") -> pd.Series:
    """Fixed costs and capex (the column ``capex`` of ``priced``, from :func:`_priced`) per
    site, plus the opening cost of every developed site."""
    priced = priced[(priced["capacity"] > 0) | (priced["hosting"] > 0)]
    spent = (priced["fixed_cost"] + priced[capex]).groupby(priced["site_id"]).sum()
    opened = open_costs(instance).reindex(developed_sites(rows))
    return spent.add(opened, fill_value=0.0)


def plan_breakdown(instance: Instance, layout: pd.DataFrame) -> dict[str, float]:
    """The plan's terms and objective (what :func:`cost_breakdown` gives for a
    single period), from each period's terms alone: no rules checked, no metrics."""
    by_period = split_layout(instance, normalise_layout(layout))
    terms = {t: period_terms(period_view(instance, t), rows)[0]
             for t, rows in by_period.items()}
    return plan_terms(instance, terms, plan_schedule(instance, terms))


def plan_schedule(instance: Instance, period_terms: dict[str, dict[str, float]]) -> pd.DataFrame:
    rows, before = [], 0.0
    for period in instance.periods:
        terms = period_terms[period.name]
        rows.append({
            "period": period.name, "start": period.start, "end": period.end,
            "years": period.years, "investment": terms["investment"],
            "added_investment": terms["investment"] - before,
            "budget": math.nan if period.budget is None else period.budget,
            "opex": terms["opex"], "transport": terms["transport"],
            **{term: terms[term] for term in AVERAGED_TERMS},
        })
        before = terms["investment"]
    table = pd.DataFrame(rows)
    table["cost"] = table["added_investment"] + table["opex"] + table["transport"]
    return table


def plan_terms(instance: Instance, period_terms: dict[str, dict[str, float]],
                schedule: pd.DataFrame) -> dict[str, float]:
    final = period_terms[instance.periods[-1].name]
    share = year_shares(instance)
    terms = {name: final[name] for name in ("open_cost", "fixed_cost", "capex")}
    terms["opex"] = float(schedule["opex"].sum())
    terms["transport"] = float(schedule["transport"].sum())
    terms["investment"] = final["investment"]
    terms["cost"] = terms["investment"] + terms["opex"] + terms["transport"]
    for name in AVERAGED_TERMS:
        terms[name] = float(sum(share[t] * period[name] for t, period in period_terms.items()))
    terms["objective"] = weighted_objective(terms, instance.weights)
    return terms
