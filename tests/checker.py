"""An independent checker of layouts, in plain pandas and numpy.

It reads only the loaded instance tables (the data as the user wrote them) and re-derives
everything else by itself: eligibility, per-unit costs, and every constraint of the model.
It shares no code with ``hinterland.model.eligibility``, ``hinterland.model.costs``,
``hinterland.model.formulation`` or ``hinterland.model.evaluation``, so a bug there cannot hide
itself here.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pandas as pd

from hinterland.model import Instance

TOL = 1e-6


def _hosted(layout: pd.DataFrame) -> pd.DataFrame:
    rows = layout.copy()
    if "hosting" not in rows.columns:
        rows["hosting"] = (rows["capacity"] > TOL).astype(int)
    return rows


def _mean_km(instance: Instance, site: str, item: str) -> float:
    served = instance.items.loc[item, "serves"]
    if not served:
        return 0.0
    return float(np.mean([instance.distance_km.loc[site, c] for c in served]))


def _requirements(instance: Instance) -> dict[str, dict[str, float]]:
    """period -> item -> demand in force: the stated figure, never below an earlier one."""
    held: dict[str, float] = {}
    out: dict[str, dict[str, float]] = {}
    for period in instance.settings.periods:
        out[period.name] = {}
        for k, item in instance.items.iterrows():
            stated = float(item["demand"]) * period.demand_scale
            for row in instance.demands.itertuples():
                if row.item_id == k and row.period == period.name:
                    stated = float(row.demand)
            held[k] = max(held.get(k, 0.0), stated)
            out[period.name][k] = held[k]
    return out


def _period_instance(instance: Instance, name: str) -> Instance:
    """Period ``name`` alone: its demands, no budget, the commitments due by then."""
    names = [p.name for p in instance.settings.periods]
    items = instance.items.copy()
    items["demand"] = pd.Series(_requirements(instance)[name])
    due = instance.commitments[instance.commitments["period"].isin(names[:names.index(name) + 1])]
    settings = dataclasses.replace(instance.settings, budget=None, periods=())
    return dataclasses.replace(instance, settings=settings, items=items, commitments=due)


def _period_rows(layout: pd.DataFrame, name: str) -> pd.DataFrame:
    return _hosted(layout[layout["period"] == name]).drop(columns="period")


def objective(instance: Instance, layout: pd.DataFrame) -> float:
    """The weighted objective: cost, risk, imbalance and synergy with the instance's weights.

    For a plan: cost is the investment of the last period's layout plus, per period, opex over
    its years and transport's share years/H; risk, imbalance and synergy are year-weighted.
    """
    weights = instance.settings.weights
    if instance.settings.periods:
        periods = instance.settings.periods
        horizon = sum(p.end - p.start + 1 for p in periods)
        total = weights.cost * sum(
            investment_by_site(instance, _period_rows(layout, periods[-1].name)).values())
        for period in periods:
            years = period.end - period.start + 1
            rows = _period_rows(layout, period.name)
            for r in rows.itertuples():
                item = instance.items.loc[r.item_id]
                total += weights.cost * r.capacity * (
                    float(item["unit_opex"]) * years
                    + float(item["transport_cost"]) * _mean_km(instance, r.site_id, r.item_id)
                    * years / horizon)
            alone = _period_instance(instance, period.name)
            total += years / horizon * (weights.risk * risk(alone, rows)
                                        + weights.balance * imbalance(alone, rows)
                                        - weights.synergy * synergy(alone, rows))
        return total
    return (weights.cost * cost(instance, layout) + weights.risk * risk(instance, layout)
            + weights.balance * imbalance(instance, layout)
            - weights.synergy * synergy(instance, layout))


def cost(instance: Instance, layout: pd.DataFrame) -> float:
    """Opening + fixed + capex + opex over the horizon + transport."""
    rows = _hosted(layout)
    total = sum(investment_by_site(instance, rows).values())
    for _, row in rows.iterrows():
        s, k, x = row["site_id"], row["item_id"], float(row["capacity"])
        item = instance.items.loc[k]
        total += float(item["unit_opex"]) * instance.horizon_years * x
        total += float(item["transport_cost"]) * _mean_km(instance, s, k) * x
    return total


def risk(instance: Instance, layout: pd.DataFrame) -> float:
    rows = _hosted(layout)
    return float(sum(float(instance.sites.loc[r.site_id, "hazard"])
                     * float(instance.items.loc[r.item_id, "value"]) * float(r.capacity)
                     for r in rows.itertuples()))


def imbalance(instance: Instance, layout: pd.DataFrame) -> float:
    spent = investment_by_site(instance, layout, net=False)
    total = sum(spent.values())
    deviation = 0.0
    for region, bounds in instance.regions.items():
        if bounds.target_share is None:
            continue
        amount = sum(v for s, v in spent.items() if instance.sites.loc[s, "region"] == region)
        deviation += abs(amount - bounds.target_share * total)
    return deviation


def synergy(instance: Instance, layout: pd.DataFrame) -> float:
    rows = _hosted(layout)
    hosted = {(r.site_id, r.item_id) for r in rows.itertuples() if r.hosting}
    bonus = 0.0
    for pair in instance.synergies.itertuples():
        for site in {s for s, _ in hosted}:
            if (site, pair.item_a) in hosted and (site, pair.item_b) in hosted:
                bonus += float(pair.bonus)
    return bonus


def investment_by_site(instance: Instance, layout: pd.DataFrame,
                       net: bool = True) -> dict[str, float]:
    """Fixed cost, capex and opening cost per site; with ``existing: count``, hosting today
    saves the fixed cost and, when ``net``, today's capacity saves capex (see
    :func:`_brownfield_capex`). Regional shares are measured with ``net=False``."""
    rows = _hosted(layout)
    sites, items = instance.sites, instance.items
    existing = _today(instance)
    capex = _brownfield_capex(instance, rows, existing) if existing and net else {}
    spent: dict[str, float] = {}
    for _, row in rows.iterrows():
        s, k = row["site_id"], row["item_id"]
        ci = float(sites.loc[s, "cost_index"])
        fixed = 0.0 if existing.get((s, k), 0.0) > 0 else float(items.loc[k, "fixed_cost"])
        amount = (fixed * ci * int(row["hosting"])
                  + capex.get((s, k), float(items.loc[k, "unit_capex"]) * ci
                              * float(row["capacity"])))
        spent[s] = spent.get(s, 0.0) + amount
    # Counted, a site that hosts anything today is developed already: no opening cost.
    counted = instance.settings.existing == "count" and instance.current_layout is not None
    developed_today = ({r.site_id for r in instance.current_layout.itertuples()
                        if r.capacity > 0 or r.hosting > 0} if counted else set())
    for s in set(rows.loc[rows["hosting"] > 0, "site_id"]) - developed_today:
        spent[s] = spent.get(s, 0.0) + float(sites.loc[s, "open_cost"])
    return spent


def _today(instance: Instance) -> dict[tuple[str, str], float]:
    """Today's capacity per (site, item) when the instance counts it; else empty."""
    if instance.settings.existing != "count" or instance.current_layout is None:
        return {}
    out: dict[tuple[str, str], float] = {}
    for r in instance.current_layout.itertuples():
        out[r.site_id, r.item_id] = out.get((r.site_id, r.item_id), 0.0) + float(r.capacity)
    return out


def _brownfield_capex(instance: Instance, rows: pd.DataFrame,
                      existing: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """Capex (and relocation) per pair: for each item, the linear program

    max sum_s c_s kept_s + (c_s - r) moved_s  s.t. kept_s <= e_s, kept_s + moved_s <= x_s,
    sum_s (kept_s + moved_s) <= E,

    solved here with scipy's linprog; capex is c_s (x_s - kept_s - moved_s) + r moved_s.
    """
    from scipy.optimize import linprog

    out: dict[tuple[str, str], float] = {}
    for k in rows["item_id"].unique():
        mine = rows[rows["item_id"] == k]
        sites = list(mine["site_id"])
        x = mine["capacity"].astype(float).to_numpy()
        c = np.array([float(instance.items.loc[k, "unit_capex"])
                      * float(instance.sites.loc[s, "cost_index"]) for s in sites])
        e = np.array([existing.get((s, k), 0.0) for s in sites])
        pool = sum(v for (_, j), v in existing.items() if j == k)
        r = float(instance.items.loc[k, "relocation_cost"]) if (
            "relocation_cost" in instance.items.columns) else math.nan
        movable = math.isfinite(r)
        n = len(sites)
        gain = np.concatenate([c, (c - r) if movable else np.zeros(n)])
        a = [np.concatenate([np.eye(n), np.eye(n)], axis=1), np.ones((1, 2 * n))]
        bounds = [(0.0, e_i) for e_i in e] + [(0.0, None if movable else 0.0)] * n
        best = linprog(-gain, A_ub=np.vstack(a), b_ub=np.concatenate([x, [pool]]),
                       bounds=bounds, method="highs")
        kept, moved = best.x[:n], best.x[n:]
        for i, s in enumerate(sites):
            out[s, k] = c[i] * (x[i] - kept[i] - moved[i]) + (r * moved[i] if movable else 0.0)
    return out


def eligible(instance: Instance, site: str, item: str) -> bool:
    s = instance.sites.loc[site]
    k = instance.items.loc[item]
    base_column = f"base_{k['sector']}"
    base = float(s[base_column]) if base_column in instance.sites.columns else 0.0
    nearest = min((float(instance.distance_km.loc[site, c]) for c in k["serves"]),
                  default=math.inf)
    return bool(
        s["hinterland"]
        and s["coast_km"] >= k["min_coast_km"]
        and s["border_km"] >= k["min_border_km"]
        and s["hazard"] <= k["max_hazard"]
        and (k["min_base"] <= 0 or base >= k["min_base"])
        and nearest >= k["min_separation_km"]
        and suitable(instance, site)
    )


def suitable(instance: Instance, site: str) -> bool:
    """``min_suitability``: the score is the one input taken from the model's ranking."""
    threshold = instance.settings.min_suitability
    if threshold is None:
        return True
    from hinterland.model.eligibility import site_suitability

    score = site_suitability(instance).get(site)
    return score is not None and not math.isnan(score) and score >= threshold - 1e-12


def violations(instance: Instance, layout: pd.DataFrame, tol: float = TOL) -> list[str]:
    """Every constraint of the model that ``layout`` breaks, as readable lines."""
    return [message for _, _, message in broken_rules(instance, layout, tol)]


def broken_rules(instance: Instance, layout: pd.DataFrame,
                 tol: float = TOL) -> list[tuple[str, str, str]]:
    """Every broken rule as ``(family, subject, message)``.

    Families and subjects are named as in ``hinterland.model.violations`` so that the two can be
    compared; the checks themselves are written independently here.
    """
    if instance.settings.periods:
        return _plan_rules(instance, layout, tol)
    rows = _hosted(layout)
    found: list[tuple[str, str, str]] = []
    slack = tol * 10
    for _, row in rows.iterrows():
        s, k, x, y = row["site_id"], row["item_id"], float(row["capacity"]), int(row["hosting"])
        item = instance.items.loc[k]
        pair = f"{k} at {s}"
        if (y or x > tol) and not eligible(instance, s, k):
            found.append(("eligibility", pair, f"{pair}: site not eligible"))
        if x > tol and not y:
            found.append(("hosting", pair, f"{pair}: capacity {x} without hosting"))
        if y and x < float(item["min_scale"]) - slack:
            found.append(("min_scale", pair, f"{pair}: {x} below min_scale {item['min_scale']}"))
        if x > float(item["max_share"]) * float(item["demand"]) + slack:
            found.append(("dispersion", pair, f"{pair}: {x} above max_share x demand"))
    for k, item in instance.items.iterrows():
        mine = rows[rows["item_id"] == k]
        total = float(mine["capacity"].sum())
        demand = float(item["demand"])
        if total < demand - slack:
            found.append(("requirement", k, f"{k}: capacity {total} below demand {demand}"))
        hosts = int(mine["hosting"].sum())
        if hosts < int(item["min_sites"]):
            found.append(("redundancy", k, f"{k}: {hosts} sites, min_sites {item['min_sites']}"))
        # Survival by brute force: the worst set of survive_sites lost sites.
        lost = int(item["survive_sites"])
        capacities = mine["capacity"].astype(float).tolist()
        subsets = itertools.combinations(capacities, min(lost, len(capacities)))
        worst = max((sum(c) for c in subsets), default=0.0)
        need = float(item["survive_share"]) * demand
        if need > 0 and total - worst < need - slack:
            found.append(("survival", k, f"{k}: {total - worst} left after losing {lost} "
                                         f"site(s), need {need}"))
        provinces = mine.groupby(mine["site_id"].map(instance.sites["province"]))["capacity"]
        worst_province = float(provinces.sum().max()) if len(mine) else 0.0
        need = float(item["survive_share_province"]) * demand
        if need > 0 and total - worst_province < need - slack:
            found.append(("province_survival", k, f"{k}: {total - worst_province} left after "
                                                  f"losing a province, need {need}"))
        for centre in item["serves"] if int(item["reach_sites"]) > 0 else ():
            near = sum(1 for r in mine.itertuples() if r.hosting
                       and float(instance.distance_km.loc[r.site_id, centre])
                       <= float(item["reach_km"]))
            if near < int(item["reach_sites"]):
                found.append(("reach", f"{k} for {centre}", f"{k}: {near} sites near {centre}"))
    threshold = instance.settings.progression_min_base
    if threshold is not None:
        hosted_rows = rows[rows["hosting"] > 0]
        tasks = instance.items["task"]
        backed = {r.site_id for r in hosted_rows.itertuples() if tasks[r.item_id] == "backup"}
        for r in hosted_rows.itertuples():
            if tasks[r.item_id] != "integration" or r.site_id in backed:
                continue
            column = f"base_{instance.items.loc[r.item_id, 'sector']}"
            base = (float(instance.sites.loc[r.site_id, column])
                    if column in instance.sites.columns else 0.0)
            if base < threshold:
                pair = f"{r.item_id} at {r.site_id}"
                found.append(("progression", pair, f"{pair}: no backup and base {base}"))
    for resource in instance.resources:
        cap_col, use_col = f"cap_{resource}", f"use_{resource}"
        if cap_col not in instance.sites.columns or use_col not in instance.items.columns:
            continue
        use = rows["item_id"].map(instance.items[use_col]) * rows["capacity"]
        for s, used in use.groupby(rows["site_id"]).sum().items():
            cap = float(instance.sites.loc[s, cap_col])
            if math.isfinite(cap) and used > cap + slack:
                found.append(("resources", f"{s} {resource}",
                              f"{s}: uses {used} {resource}, capacity {cap}"))
    limit = instance.settings.max_core_sites
    developed = set(rows.loc[rows["hosting"] > 0, "site_id"])
    if limit is not None and len(developed) > limit:
        found.append(("core_sites", "core sites", f"{len(developed)} sites developed"))
    held = rows.groupby(["site_id", "item_id"])["capacity"].sum()
    for c in instance.commitments.itertuples():
        if float(held.get((c.site_id, c.item_id), 0.0)) < float(c.capacity) - slack:
            pair = f"{c.item_id} at {c.site_id}"
            found.append(("commitment", pair, f"{pair}: below the committed {c.capacity}"))
    invested = sum(investment_by_site(instance, rows).values())
    if instance.budget is not None and invested > instance.budget + slack:
        found.append(("budget", "budget", f"investment {invested} above budget "
                                          f"{instance.budget}"))
    spent = investment_by_site(instance, rows, net=False)
    invested = sum(spent.values())
    for region, bounds in instance.regions.items():
        members = set(instance.sites.index[instance.sites["region"] == region])
        amount = sum(v for s, v in spent.items() if s in members)
        if amount < bounds.min_share * invested - slack:
            found.append(("region_min_share", region,
                          f"{region}: {amount} below min_share of {invested}"))
        if amount > bounds.max_share * invested + slack:
            found.append(("region_max_share", region,
                          f"{region}: {amount} above max_share of {invested}"))
    return found


def _plan_rules(instance: Instance, layout: pd.DataFrame,
                tol: float) -> list[tuple[str, str, str]]:
    """Each period's rules, continuity, and budgets on the investment added per period."""
    found: list[tuple[str, str, str]] = []
    before: dict[tuple[str, str], tuple[float, int]] = {}
    spent_before = 0.0
    for period in instance.settings.periods:
        rows = _period_rows(layout, period.name)
        for family, subject, message in broken_rules(_period_instance(instance, period.name),
                                                     rows, tol):
            found.append((family, f"{period.name}: {subject}", f"{period.name}: {message}"))
        now = {(r.site_id, r.item_id): (float(r.capacity), int(r.hosting))
               for r in rows.itertuples()}
        for pair, (capacity, hosting) in before.items():
            later = now.get(pair, (0.0, 0))
            if later[0] < capacity - tol * 10 or later[1] < hosting:
                subject = f"{pair[1]} at {pair[0]}"
                found.append(("continuity", subject, f"{subject}: shrinks in {period.name}"))
        before = now
        spent = sum(investment_by_site(instance, rows).values())
        if period.budget is not None and spent - spent_before > period.budget + tol * 10:
            found.append(("period_budget", period.name,
                          f"{period.name}: adds {spent - spent_before} above {period.budget}"))
        spent_before = spent
    if instance.budget is not None and spent_before > instance.budget + tol * 10:
        found.append(("budget", "budget", f"investment {spent_before} above the budget"))
    return found
