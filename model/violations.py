"""Every constraint of the model that a given layout breaks, with the amount and the limit.

Each check mirrors a constraint family of :mod:`hinterland.model.formulation`, written on the
layout's numbers rather than on variables and named as a planner would (``dispersion`` is the
``max_share`` part of ``capacity_link``, ``hosting`` its other part), so that today's layout,
a draft and an optimum are all held to the rules the solver obeys. A layout that breaks rules
is still measured: violations are findings, not errors.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from hinterland.model.eligibility import eligibility_table, nearest_centre_km, site_suitability
from hinterland.model.instance import Instance
from hinterland.model.layout import developed_sites

#: Slack allowed before a bound counts as broken: solver tolerances, relative to its scale.
RELATIVE_TOLERANCE = 1e-6

CRITERION_TEXT = {
    "hinterland": "not a hinterland site",
    "coast": "coast_km {coast_km:g} < min_coast_km {min_coast_km:g}",
    "border": "border_km {border_km:g} < min_border_km {min_border_km:g}",
    "hazard": "hazard {hazard:g} > max_hazard {max_hazard:g}",
    "base": "base_{sector} {base:g} < min_base {min_base:g}",
    "separation": "{nearest_km:.0f} km from a centre it serves < min_separation_km "
                  "{min_separation_km:g}",
    "suitability": "suitability {suitability:.3f} < min_suitability {min_suitability:g}",
}


@dataclass(frozen=True)
class Violation:
    """One broken rule: its family, what it concerns, the amount and the limit it breaks."""

    family: str
    subject: str
    amount: float | None
    limit: float | None
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def _exceeds(amount: float, limit: float) -> bool:
    return amount > limit + RELATIVE_TOLERANCE * max(1.0, abs(limit))


def _falls_short(amount: float, limit: float) -> bool:
    return amount < limit - RELATIVE_TOLERANCE * max(1.0, abs(limit))


def _pct(share: float) -> str:
    return f"{share:.0%}" if abs(share * 100 - round(share * 100)) < 1e-9 else f"{share:.1%}"


def find_violations(instance: Instance, rows: pd.DataFrame, site_capital: pd.Series,
                    investment: float) -> list[Violation]:
    """All violations of ``rows`` (a normalised layout) given each site's capital (the base of
    regional shares) and the total investment (the budget's)."""
    return [
        *hosting_violations(rows),
        *eligibility_violations(instance, rows),
        *item_violations(instance, rows),
        *progression_violations(instance, rows),
        *resource_violations(instance, rows),
        *commitment_violations(instance, rows),
        *core_violations(instance, rows),
        *investment_violations(instance, site_capital, investment),
    ]


def core_violations(instance: Instance, rows: pd.DataFrame) -> list[Violation]:
    """More developed sites (hosting anything) than ``max_core_sites``."""
    limit = instance.settings.max_core_sites
    developed = developed_sites(rows)
    if limit is None or len(developed) <= limit:
        return []
    return [Violation("core_sites", "core sites", float(len(developed)), float(limit),
                      f"{len(developed)} sites developed ({', '.join(developed)}), at most "
                      f"{limit} allowed (max_core_sites)")]


def commitment_violations(instance: Instance, rows: pd.DataFrame) -> list[Violation]:
    """``x[s,k] >= c[s,k]``: committed capacity that the layout does not hold."""
    held = rows.groupby(["site_id", "item_id"])["capacity"].sum()
    found = []
    for row in instance.commitments.itertuples(index=False):
        capacity = float(held.get((row.site_id, row.item_id), 0.0))
        if _falls_short(capacity, float(row.capacity)):
            when = f" by {row.period}" if row.period else ""
            found.append(Violation(
                "commitment", f"{row.item_id} at {row.site_id}", capacity, float(row.capacity),
                f"{row.item_id} at {row.site_id}: capacity {capacity:g}, but "
                f"{float(row.capacity):g} is committed{when}"))
    return found


def hosting_violations(rows: pd.DataFrame) -> list[Violation]:
    """``x <= U*y``: capacity at a site that does not host the item."""
    bad = rows[(rows["capacity"] > 0) & (rows["hosting"] == 0)]
    return [
        Violation("hosting", f"{r.item_id} at {r.site_id}", float(r.capacity), 0.0,
                  f"{r.item_id} at {r.site_id}: capacity {r.capacity:g} at a site marked as "
                  "not hosting it")
        for r in bad.itertuples()
    ]


def eligibility_violations(instance: Instance, rows: pd.DataFrame) -> list[Violation]:
    """Items hosted or holding capacity at sites that fail one of their eligibility criteria."""
    hosted = rows[(rows["hosting"] > 0) | (rows["capacity"] > 0)]
    if hosted.empty:
        return []
    table = eligibility_table(instance).set_index(["site_id", "item_id"])
    nearest = nearest_centre_km(instance)
    suitability = (site_suitability(instance) if instance.settings.min_suitability is not None
                   else pd.Series(dtype=float))
    found = []
    for r in hosted.itertuples():
        verdict = table.loc[(r.site_id, r.item_id)]
        if verdict["eligible"]:
            continue
        site, item = instance.sites.loc[r.site_id], instance.items.loc[r.item_id]
        values = {**site.to_dict(), **item.to_dict(),
                  "base": float(instance.site_base(item["sector"])[r.site_id]),
                  "nearest_km": float(nearest.loc[r.site_id, r.item_id]),
                  "suitability": float(suitability.get(r.site_id, math.nan)),
                  "min_suitability": instance.settings.min_suitability}
        reasons = [CRITERION_TEXT[c].format(**values) for c in CRITERION_TEXT if not verdict[c]]
        found.append(Violation(
            "eligibility", f"{r.item_id} at {r.site_id}", None, None,
            f"{r.item_id} at {r.site_id}: site not eligible ({'; '.join(reasons)})"))
    return found


def item_violations(instance: Instance, rows: pd.DataFrame) -> list[Violation]:
    """Requirement, dispersion, minimum scale, redundancy and survival, item by item."""
    found = []
    for item_id, item in instance.items.iterrows():
        mine = rows[rows["item_id"] == item_id]
        hosted = mine[mine["hosting"] > 0]
        demand = float(item["demand"])
        total = float(mine["capacity"].sum())
        if _falls_short(total, demand):
            found.append(Violation(
                "requirement", item_id, total, demand,
                f"{item_id}: capacity {total:g} of demand {demand:g} {item['unit']}".rstrip()))
        cap = float(item["max_share"]) * demand
        for r in mine[mine["capacity"].apply(lambda x, c=cap: _exceeds(x, c))].itertuples():
            share = r.capacity / demand if demand else math.inf
            found.append(Violation(
                "dispersion", f"{item_id} at {r.site_id}", float(r.capacity), cap,
                f"{item_id}: {r.site_id} holds {_pct(share)} of demand, limit "
                f"{_pct(float(item['max_share']))}"))
        scale = float(item["min_scale"])
        for r in hosted[hosted["capacity"].apply(lambda x, m=scale: _falls_short(x, m))
                        ].itertuples():
            found.append(Violation(
                "min_scale", f"{item_id} at {r.site_id}", float(r.capacity), scale,
                f"{item_id} at {r.site_id}: capacity {r.capacity:g} below the minimum scale "
                f"{scale:g}"))
        needed = int(item["min_sites"])
        if len(hosted) < needed:
            found.append(Violation(
                "redundancy", item_id, float(len(hosted)), float(needed),
                f"{item_id}: hosted at {len(hosted)} site(s), at least {needed} required"))
        found += _loss_violations(instance, item_id, item, mine)
        found += _reach_violations(instance, item_id, item, hosted)
    return found


def largest_sum(capacity: pd.Series, count: int) -> float:
    """The sum of the ``count`` largest values (what the loss of that many sites takes)."""
    return float(capacity.astype(float).nlargest(count).sum())


def _loss_violations(instance: Instance, item_id: str, item: pd.Series,
                     mine: pd.DataFrame) -> list[Violation]:
    """Survival of the loss of ``survive_sites`` sites, and of the largest province."""
    found = []
    demand, total = float(item["demand"]), float(mine["capacity"].sum())
    lost = int(item["survive_sites"])
    floor = float(item["survive_share"]) * demand
    left = total - largest_sum(mine["capacity"], lost)
    if floor > 0 and _falls_short(left, floor):
        what = "its largest site" if lost == 1 else f"its {lost} largest sites"
        found.append(Violation(
            "survival", item_id, left, floor,
            f"{item_id}: {left:g} left after losing {what}, "
            f"{_pct(float(item['survive_share']))} of demand ({floor:g}) required"))
    floor = float(item["survive_share_province"]) * demand
    by_province = mine.groupby(mine["site_id"].map(instance.sites["province"]))["capacity"].sum()
    left = total - (float(by_province.max()) if len(by_province) else 0.0)
    if floor > 0 and _falls_short(left, floor):
        worst = f"province {by_province.idxmax()}" if len(by_province) else "a province"
        found.append(Violation(
            "province_survival", item_id, left, floor,
            f"{item_id}: {left:g} left after losing {worst}, "
            f"{_pct(float(item['survive_share_province']))} of demand ({floor:g}) required"))
    return found


def _reach_violations(instance: Instance, item_id: str, item: pd.Series,
                      hosted: pd.DataFrame) -> list[Violation]:
    """Fewer than ``reach_sites`` hosting sites within ``reach_km`` of a centre served."""
    needed = int(item["reach_sites"])
    if needed <= 0:
        return []
    found = []
    for centre in item["serves"]:
        distance = instance.distance_km[centre].reindex(hosted["site_id"])
        near = int((distance <= float(item["reach_km"])).sum())
        if near < needed:
            found.append(Violation(
                "reach", f"{item_id} for {centre}", float(near), float(needed),
                f"{item_id}: {near} hosting site(s) within {item['reach_km']:g} km of "
                f"{centre}, at least {needed} required"))
    return found


def progression_violations(instance: Instance, rows: pd.DataFrame) -> list[Violation]:
    """Integration items hosted where no backup is hosted and the sector base is too low."""
    threshold = instance.settings.progression_min_base
    if threshold is None:
        return []
    hosted = rows[rows["hosting"] > 0]
    task = hosted["item_id"].map(instance.items["task"])
    backed = set(hosted.loc[task == "backup", "site_id"])
    found = []
    for r in hosted[task == "integration"].itertuples():
        base = float(instance.site_base(instance.items.loc[r.item_id, "sector"])[r.site_id])
        if r.site_id not in backed and base < threshold:
            found.append(Violation(
                "progression", f"{r.item_id} at {r.site_id}", base, threshold,
                f"{r.item_id} at {r.site_id}: no backup hosted there and base {base:g} below "
                f"{threshold:g}"))
    return found


def resource_violations(instance: Instance, rows: pd.DataFrame) -> list[Violation]:
    """Resource use above a site's capacity."""
    found = []
    for resource in instance.resources:
        use = rows["item_id"].map(instance.item_use(resource)) * rows["capacity"]
        used = use.groupby(rows["site_id"]).sum()
        capacity = instance.site_capacity(resource)
        for site_id, amount in used.items():
            limit = float(capacity[site_id])
            if math.isfinite(limit) and _exceeds(float(amount), limit):
                found.append(Violation(
                    "resources", f"{site_id} {resource}", float(amount), limit,
                    f"{site_id}: uses {amount:g} {resource}, capacity {limit:g}"))
    return found


def investment_violations(instance: Instance, site_capital: pd.Series,
                          investment: float) -> list[Violation]:
    """Budget, and regional shares of capital (investment unless today's capacity counts)."""
    found = []
    budget = instance.budget
    if budget is not None and _exceeds(investment, budget):
        found.append(Violation("budget", "budget", investment, budget,
                               f"investment {investment:g} above the budget {budget:g}"))
    total = float(site_capital.sum())
    if total <= 0:
        return found
    by_region = site_capital.groupby(instance.sites["region"].reindex(site_capital.index))
    invested = by_region.sum()
    for region, bounds in instance.regions.items():
        share = float(invested.get(region, 0.0)) / total
        if _falls_short(share, bounds.min_share):
            found.append(Violation(
                "region_min_share", region, share, bounds.min_share,
                f"{region}: {_pct(share)} of investment, at least "
                f"{_pct(bounds.min_share)} required"))
        if _exceeds(share, bounds.max_share):
            found.append(Violation(
                "region_max_share", region, share, bounds.max_share,
                f"{region}: {_pct(share)} of investment, at most {_pct(bounds.max_share)} "
                "allowed"))
    return found
