"""Checks before solving that prove an instance infeasible, with the numbers a planner needs.

Each check is a named function returning :class:`Finding` objects; an empty list means the
check found nothing. They are necessary conditions only: passing them all does not prove the
instance feasible, but each failure is certain and says what to change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hinterland.model.eligibility import CRITERIA, eligibility_table
from hinterland.model.formulation.data import FormulationData, period_data
from hinterland.model.formulation.reach import sites_in_reach
from hinterland.model.instance import Instance

CRITERION_WORDS = {
    "hinterland": "hinterland is false",
    "coast": "coast_km below min_coast_km",
    "border": "border_km below min_border_km",
    "hazard": "hazard above max_hazard",
    "base": "base_<sector> below min_base",
    "separation": "nearer a served centre than min_separation_km",
    "suitability": "suitability below min_suitability",
}


@dataclass(frozen=True)
class Finding:
    """One certain reason for infeasibility: the check, the subject and the explanation."""

    check: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


def instance_findings(instance: Instance,
                      data: dict[str, FormulationData] | None = None) -> list[Finding]:
    """Every finding for ``instance``, period by period for a plan (:func:`plan_findings`,
    which takes the plan's ``data`` when the caller has it)."""
    if instance.periods:
        return plan_findings(instance, data)
    return infeasibility_findings(FormulationData.from_instance(instance))


def plan_findings(instance: Instance,
                  data: dict[str, FormulationData] | None = None) -> list[Finding]:
    """The checks on each period of a plan, and its budgets against the least investment.

    A finding that holds in several periods (an item with no eligible site) is reported once,
    at the first. Budgets: the layout standing in period t needs at least the least investment
    of its requirement, and all of it was paid from the budgets of periods up to t (and from
    the plan's ``budget``, when set).
    """
    findings: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    allowed: float | None = 0.0
    data = data if data is not None else period_data(instance)
    for period in instance.periods:
        for finding in infeasibility_findings(data[period.name]):
            if (finding.check, finding.subject, finding.message) not in seen:
                seen.add((finding.check, finding.subject, finding.message))
                findings.append(replace(finding, subject=f"{period.name}: {finding.subject}"))
        allowed = None if allowed is None or period.budget is None else allowed + period.budget
        least = least_investment(data[period.name])
        if allowed is not None and least > allowed * (1 + 1e-9):
            findings.append(Finding(
                "period_budget", period.name,
                f"the budgets up to {period.name} add up to {allowed:g}, below the least "
                f"possible investment in the layout it needs, {least:g} (every item's demand "
                "at its cheapest eligible unit capex); raise a budget of these periods by at "
                f"least {least - allowed:g}"))
        if (period is instance.periods[-1] and instance.budget is not None
                and least > instance.budget * (1 + 1e-9)):
            findings.append(Finding(
                "budget", "budget",
                f"{instance.budget:g} is below the least possible investment over the plan, "
                f"{least:g}; raise the budget by at least {least - instance.budget:g}"))
    return findings


def infeasibility_findings(data: FormulationData) -> list[Finding]:
    """Run every check and return all findings."""
    return [
        *eligible_sites_check(data),
        *eligible_capacity_check(data),
        *survival_check(data),
        *reach_check(data),
        *budget_check(data),
        *region_shares_check(data),
        *commitments_check(data),
        *core_sites_check(data),
    ]


def core_sites_check(data: FormulationData) -> list[Finding]:
    """An item that needs more sites than the core may have (min_sites, survival, reach)."""
    limit = data.instance.settings.max_core_sites
    if limit is None:
        return []
    items = data.instance.items
    needed = items["min_sites"].astype(int).clip(lower=1)
    hungry = needed[needed > limit]
    return [Finding("core_sites", f"item {k}",
                    f"needs {n} hosting sites (min_sites) but max_core_sites is {limit}; raise "
                    "max_core_sites or lower min_sites") for k, n in hungry.items()]


def commitments_check(data: FormulationData) -> list[Finding]:
    """Commitments at a pair that is not eligible, or above what the site may hold there."""
    upper = data.pairs.set_index(["site_id", "item_id"])["upper"]
    table = eligibility_table(data.instance).set_index(["site_id", "item_id"])
    findings = []
    for row in data.instance.commitments.itertuples(index=False):
        pair, subject = (row.site_id, row.item_id), f"commitment {row.item_id} at {row.site_id}"
        if pair not in upper.index:
            failed = [CRITERION_WORDS[c] for c in CRITERIA if not table.loc[pair, c]]
            findings.append(Finding(
                "commitments", subject,
                f"{row.site_id} is not eligible for {row.item_id} "
                f"({'; '.join(failed) or 'excluded from the instance'}); drop "
                "the commitment or relax the item's thresholds"))
        elif row.capacity > upper[pair] * (1 + 1e-9):
            findings.append(Finding(
                "commitments", subject,
                f"{row.capacity:g} committed but a site may hold at most {upper[pair]:g} of "
                f"{row.item_id} (max_share x demand, and resource capacities); lower the "
                "commitment or raise max_share"))
    return findings


def eligible_sites_check(data: FormulationData) -> list[Finding]:
    """Items with fewer eligible sites than they need (demand > 0 needs one; min_sites)."""
    items = data.instance.items
    table = eligibility_table(data.instance)
    findings = []
    for item, row in items.iterrows():
        count = len(data.sites_of_item[item])
        needed = max(int(row["min_sites"]), 1 if row["demand"] > 0 else 0)
        if count >= needed:
            continue
        rows = table[table["item_id"] == item]
        reasons = ", ".join(
            f"{int((~rows[c]).sum())} {CRITERION_WORDS[c]}" for c in CRITERIA if (~rows[c]).any()
        )
        findings.append(Finding(
            "eligible_sites", f"item {item}",
            f"needs {needed} eligible site(s) but has {count} of {len(rows)} "
            f"(excluded: {reasons}); relax its thresholds or lower min_sites"))
    return findings


def eligible_capacity_check(data: FormulationData) -> list[Finding]:
    """Items whose demand exceeds what all eligible sites together can hold."""
    items = data.instance.items
    room = data.pairs.groupby("item_id")["upper"].sum()
    findings = []
    for item, row in items.iterrows():
        if not data.sites_of_item[item] or row["demand"] <= 0:
            continue
        total = float(room.get(item, 0.0))
        if total < row["demand"] * (1 - 1e-9):
            findings.append(Finding(
                "eligible_capacity", f"item {item}",
                f"demand {row['demand']:g} exceeds what its {len(data.sites_of_item[item])} "
                f"eligible sites can hold, {total:g} (max_share {row['max_share']:g} x demand "
                "per site, less where a site's resource capacity binds); raise max_share, "
                "admit more sites or add capacity"))
    return findings


def survival_check(data: FormulationData) -> list[Finding]:
    """Loss rules that no layout can meet, whatever the capacities.

    Losing ``survive_sites`` sites leaves nothing when the item has no more eligible sites
    than that; losing a province leaves nothing when all eligible sites lie in one province.
    """
    items = data.instance.items
    province_of = data.instance.sites["province"]
    findings = []
    for item, row in items.iterrows():
        sites = data.sites_of_item[item]
        if row["demand"] <= 0 or not sites:
            continue
        lost = int(row["survive_sites"])
        if row["survive_share"] > 0 and len(sites) <= lost:
            findings.append(Finding(
                "survival", f"item {item}",
                f"survive_share {row['survive_share']:g} after losing {lost} site(s) needs more "
                f"than {lost} eligible sites; it has {len(sites)} ({', '.join(sites)}); lower "
                "survive_sites or admit more sites"))
        provinces = sorted({province_of[s] for s in sites})
        if row["survive_share_province"] > 0 and len(provinces) == 1:
            findings.append(Finding(
                "province_survival", f"item {item}",
                f"survive_share_province {row['survive_share_province']:g} needs eligible sites "
                f"in two provinces; all lie in {provinces[0]}"))
    return findings


def reach_check(data: FormulationData) -> list[Finding]:
    """Centres with fewer eligible sites within ``reach_km`` than ``reach_sites``."""
    items = data.instance.items
    findings = []
    for item, row in items.iterrows():
        needed = int(row["reach_sites"])
        for centre in row["serves"] if needed > 0 else ():
            near = sites_in_reach(data, item, centre)
            if len(near) < needed:
                findings.append(Finding(
                    "reach", f"item {item}",
                    f"needs {needed} hosting site(s) within {row['reach_km']:g} km of {centre} "
                    f"but only {len(near)} eligible site(s) lie that close; raise reach_km or "
                    "lower reach_sites"))
    return findings


def budget_check(data: FormulationData) -> list[Finding]:
    """The budget below the least possible investment (capex at the cheapest eligible sites).

    A lower bound: each item's demand at its cheapest eligible unit capex, ignoring fixed and
    opening costs. If even that exceeds the budget, no layout fits it.
    """
    budget = data.instance.budget
    if budget is None:
        return []
    least = least_investment(data)
    if least > budget * (1 + 1e-9):
        return [Finding(
            "budget", "budget",
            f"{budget:g} is below the least possible investment, {least:g} (every item's demand "
            "at its cheapest eligible unit capex, before fixed costs); raise the budget by at "
            f"least {least - budget:g}")]
    return []


def least_investment(data: FormulationData) -> float:
    """A lower bound on investment: each item's demand at its cheapest eligible unit capex."""
    cheapest = data.pairs.groupby("item_id")["unit_invest"].min()
    demand = data.instance.items["demand"].reindex(cheapest.index)
    return float((cheapest * demand).sum())


def region_shares_check(data: FormulationData) -> list[Finding]:
    """Minimum regional shares that add up to more than the whole, or regions with no sites."""
    regions = data.instance.regions
    findings = []
    total_min = sum(b.min_share for b in regions.values())
    if total_min > 1 + 1e-9:
        findings.append(Finding(
            "region_shares", "regions",
            f"minimum shares add up to {total_min:g} > 1 "
            f"({', '.join(f'{r} {b.min_share:g}' for r, b in regions.items() if b.min_share)}); "
            "lower some min_share"))
    region_of = data.instance.sites["region"]
    hosting_regions = {region_of[s] for s, items in data.items_of_site.items() if items}
    # Shares bind only when investment is surely positive (0 >= share * 0 always holds).
    if least_investment(data) > 0:
        for region, bounds in regions.items():
            if bounds.min_share > 0 and region not in hosting_regions:
                findings.append(Finding(
                    "region_shares", f"region {region}",
                    f"min_share {bounds.min_share:g} but no site of {region} is eligible for "
                    "any item; lower its min_share or relax item thresholds"))
    return findings
