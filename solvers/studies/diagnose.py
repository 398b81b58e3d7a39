"""Diagnose an infeasible instance: the fewest policy relaxations that make it solvable.

The model of :func:`model.build_model` is made *elastic*: the rows of each named policy group
(the budget, each region's min and max share, each item's demand, survival, redundancy and
reach) get one non-negative slack, so the elastic model is always feasible. It is solved
twice (lexicographically, see docs/diagnose.md):

1. minimise the NUMBER of relaxed groups (a binary ``used[g]`` per group, ``slack[g] <=
   M[g]*used[g]``);
2. with that number fixed as an upper bound, minimise the slacks, each divided by its
   group's scale (the right-hand side it relaxes), so that groups are comparable.

Each slack of the second solution is translated into a planner's change with an override
path of :mod:`hinterland.model.scenarios` (``budget``, ``items.<k>.demand``, ...). All suggestions
come from one layout of the elastic model, so together they admit that layout; the suggested
values carry a tiny margin in the relaxing direction (:data:`MARGIN`) so that floating-point
round-off in the solver cannot make the repaired instance infeasible again. The repair is
then verified by solving the repaired instance (``verified``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import pyomo.environ as pyo

from hinterland.model import FormulationData, Instance, build_model
from hinterland.model.formulation.investment import capital_total
from hinterland.model.formulation.reach import sites_in_reach
from hinterland.model.formulation.regional_balance import region_investment
from hinterland.model.scenarios import apply_overrides
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus, solve
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.outputs.text import Text

#: Relative margin added in the relaxing direction to every suggested value.
MARGIN = 1e-6
#: Slacks below this (in the group's scaled units) count as zero.
TOLERANCE = 1e-7


@dataclass(frozen=True)
class Relaxation:
    """One change to the instance: an override path, its current and suggested value."""

    target: str
    current: float
    suggested: float
    message: str


@dataclass(frozen=True)
class Diagnosis:
    """``status``: ``feasible`` (nothing to relax), ``infeasible`` (relaxations found),
    ``undiagnosed`` (no relaxation of the named groups helps) or ``no_solution`` (the
    elastic model was not solved in time). ``verified``: the repaired instance solved."""

    status: str
    relaxations: list[Relaxation] = field(default_factory=list)
    verified: bool | None = None
    message: str = ""

    def as_dict(self) -> dict:
        return {"status": self.status, "relaxations": [asdict(r) for r in self.relaxations],
                "verified": self.verified, "message": self.message}


@dataclass(frozen=True)
class _Group:
    key: str  # "budget", "region_min:West", "demand:k", "survival:k", ...
    big_m: float  # largest slack needed
    scale: float  # slack / scale is what phase 2 minimises


def diagnose(instance: Instance, options: SolverOptions | None = None,
             verify: bool = True) -> Diagnosis:
    """The smallest set of relaxations that makes ``instance`` feasible (see module doc)."""
    options = options or SolverOptions(log=False)
    data = FormulationData.from_instance(instance)
    m = build_model(instance, data)
    groups = _make_elastic(m, data)
    if not groups:
        result = solve(m, options)
        if result.has_solution:
            return Diagnosis("feasible", message="the instance is feasible as it stands")
        return _unsolved(result.status)
    m.total_cost.deactivate()
    m.diag_count = pyo.Objective(expr=pyo.quicksum(m.diag_used[g] for g in m.DIAG_GROUPS))
    first = solve(m, SolverOptions(log=options.log, time_limit=options.time_limit,
                                   mip_gap=0.0, highs_options=options.highs_options))
    if not first.has_solution:
        return _unsolved(first.status)
    count = round(first.objective)
    if count == 0:
        return Diagnosis("feasible", message="the instance is feasible as it stands")
    m.diag_count.deactivate()
    m.diag_count_cap = pyo.Constraint(
        expr=pyo.quicksum(m.diag_used[g] for g in m.DIAG_GROUPS) <= count)
    m.diag_amount = pyo.Objective(expr=pyo.quicksum(
        m.diag_slack[g.key] / g.scale for g in groups))
    solve(m, options)  # on failure, the variables keep the first solution's values
    relaxations = _translate(m, data, groups)
    verified = None
    if verify and relaxations:
        repaired = apply_overrides(instance, {r.target: r.suggested for r in relaxations})
        run = run_instance(repaired, SolverOptions(time_limit=options.time_limit,
                                                   mip_gap=options.mip_gap,
                                                   highs_options=options.highs_options))
        verified = run.result.has_solution
    noun = "relaxation" if len(relaxations) == 1 else "relaxations"
    return Diagnosis("infeasible", relaxations, verified,
                     f"infeasible; {count} policy group(s) to relax, {len(relaxations)} {noun}")


def _unsolved(status: SolveStatus) -> Diagnosis:
    if status == SolveStatus.INFEASIBLE:
        return Diagnosis("undiagnosed", message="infeasible for reasons outside the policy "
                         "groups diagnosed (eligibility, resources, minimum scale); run "
                         "`hinterland validate`")
    return Diagnosis("no_solution", message=f"the elastic model was not solved ({status})")


def _make_elastic(m: pyo.ConcreteModel, data: FormulationData) -> list[_Group]:
    """Deactivate each group's rows and add elastic copies; returns the groups."""
    instance = data.instance
    items = instance.items
    money = _max_investment(data) + 1.0
    groups: list[_Group] = []
    if instance.budget is not None:
        budget = float(instance.budget)
        groups.append(_Group("budget", max(money - budget, 1.0), max(budget, 1.0)))
    groups += [_Group(f"region_min:{r}", money, money) for r in m.REGIONS_MIN]
    groups += [_Group(f"region_max:{r}", money, money) for r in m.REGIONS_MAX]
    demand = items["demand"].astype(float).to_dict()
    groups += [_Group(f"demand:{k}", demand[k], demand[k]) for k in m.ITEMS_DEMANDED]
    share = items["survive_share"].astype(float).to_dict()
    province_share = items["survive_share_province"].astype(float).to_dict()
    groups += [_Group(f"survival:{k}", max(share[k], province_share[k]), 1.0)
               for k in m.ITEMS_TOTALLED]
    min_sites = items["min_sites"].astype(int).to_dict()
    groups += [_Group(f"redundancy:{k}", min_sites[k], min_sites[k]) for k in m.ITEMS_REDUNDANT]
    reach = items["reach_sites"].astype(int).to_dict()
    reach_items = list(dict.fromkeys(k for k, _c in m.REACH))
    groups += [_Group(f"reach:{k}", reach[k], reach[k]) for k in reach_items]
    if not groups:
        return groups
    m.DIAG_GROUPS = pyo.Set(initialize=[g.key for g in groups], ordered=True)
    bound = {g.key: g.big_m for g in groups}
    m.diag_slack = pyo.Var(m.DIAG_GROUPS, domain=pyo.NonNegativeReals,
                           bounds=lambda _m, g: (0, bound[g]))
    m.diag_used = pyo.Var(m.DIAG_GROUPS, domain=pyo.Binary)
    m.diag_link = pyo.Constraint(
        m.DIAG_GROUPS, rule=lambda m, g: m.diag_slack[g] <= bound[g] * m.diag_used[g])
    s = m.diag_slack
    if instance.budget is not None:
        m.budget.deactivate()
        m.diag_budget = pyo.Constraint(expr=m.investment <= float(instance.budget) + s["budget"])
    regions = instance.regions
    m.region_min_share.deactivate()
    m.diag_region_min = pyo.Constraint(m.REGIONS_MIN, rule=lambda m, r: region_investment(
        m, data, r) + s[f"region_min:{r}"] >= regions[r].min_share * capital_total(m))
    m.region_max_share.deactivate()
    m.diag_region_max = pyo.Constraint(m.REGIONS_MAX, rule=lambda m, r: region_investment(
        m, data, r) - s[f"region_max:{r}"] <= regions[r].max_share * capital_total(m))
    m.requirement.deactivate()
    m.diag_requirement = pyo.Constraint(m.ITEMS_DEMANDED, rule=lambda m, k: pyo.quicksum(
        m.x[site, k] for site in data.sites_of_item[k]) + s[f"demand:{k}"] >= demand[k])
    # A lower demand D - s also lowers the dispersion limit max_share*D of every site.
    alpha = items["max_share"].astype(float).to_dict()
    m.DIAG_DISPERSED = pyo.Set(initialize=[(site, k) for site, k in data.pair_index
                                           if k in demand and demand[k] > 0], dimen=2)
    m.diag_dispersion = pyo.Constraint(m.DIAG_DISPERSED, rule=lambda m, site, k: m.x[site, k]
                                       <= alpha[k] * (demand[k] - s[f"demand:{k}"]))
    # Survival in share units: every floor beta*D becomes (beta - sigma)*D; a lower demand
    # D - s lowers the floors with it (beta*s), as lowering the demand in the instance would.
    floor = {k: share[k] * demand[k] for k in m.ITEMS_TOTALLED}

    def eased(k: str, beta: float) -> object:
        return demand[k] * s[f"survival:{k}"] + beta * s[f"demand:{k}"]

    lost = items["survive_sites"].astype(int).to_dict()
    m.survival.deactivate()
    m.diag_survival = pyo.Constraint(m.SURVIVAL_PAIRS, rule=lambda m, site, k: m.x[site, k]
                                     <= m.item_total[k] - floor[k] + eased(k, share[k]))
    m.survival_several.deactivate()
    m.diag_survival_several = pyo.Constraint(
        m.ITEMS_SURVIVING_SEVERAL,
        rule=lambda m, k: m.item_total[k] - lost[k] * m.loss_threshold[k]
        - pyo.quicksum(m.loss_excess[site, k] for site in data.sites_of_item[k])
        + eased(k, share[k]) >= floor[k])
    province_of = instance.sites["province"].to_dict()
    m.province_survival.deactivate()
    m.diag_province_survival = pyo.Constraint(m.PROVINCE_ITEMS, rule=lambda m, p, k: pyo.quicksum(
        m.x[site, k] for site in data.sites_of_item[k] if province_of[site] == p)
        <= m.item_total[k] - province_share[k] * demand[k] + eased(k, province_share[k]))
    m.redundancy.deactivate()
    m.diag_redundancy = pyo.Constraint(m.ITEMS_REDUNDANT, rule=lambda m, k: pyo.quicksum(
        m.y[site, k] for site in data.sites_of_item[k]) + s[f"redundancy:{k}"] >= min_sites[k])
    m.reach.deactivate()
    m.diag_reach = pyo.Constraint(m.REACH, rule=lambda m, k, c: pyo.quicksum(
        m.y[site, k] for site in sites_in_reach(data, k, c)) + s[f"reach:{k}"] >= reach[k])
    return groups


def _max_investment(data: FormulationData) -> float:
    """An upper bound on total investment: every pair hosted at its largest capacity."""
    pairs = data.pairs
    total = float((pairs["fixed_invest"] + pairs["unit_invest"] * pairs["upper"]).sum())
    return total + sum(data.open_cost[site] for site in data.open_sites)


def _translate(m: pyo.ConcreteModel, data: FormulationData,
               groups: list[_Group]) -> list[Relaxation]:
    instance = data.instance
    items = instance.items
    relaxations: list[Relaxation] = []
    for group in groups:
        used = pyo.value(m.diag_used[group.key]) > 0.5
        slack = float(pyo.value(m.diag_slack[group.key]))
        if not used or slack / group.scale <= TOLERANCE:
            continue
        kind, _, subject = group.key.partition(":")
        if kind == "budget":
            current = float(instance.budget)
            new = _relax(current + slack, up=True)
            relaxations.append(Relaxation("budget", current, new, (
                f"raise the budget by {_num(new - current)}, from {_num(current)} to "
                f"{_num(new)}")))
        elif kind in ("region_min", "region_max"):
            total = float(pyo.value(capital_total(m)))
            ratio = float(pyo.value(region_investment(m, data, subject))) / total if total else 0
            key = "min_share" if kind == "region_min" else "max_share"
            current = float(getattr(instance.regions[subject], key))
            up = kind == "region_max"
            new = min(max(_relax(ratio, up=up), 0.0), 1.0)
            verb = "raise" if up else "lower"
            relaxations.append(Relaxation(f"regions.{subject}.{key}", current, new, (
                f"{verb} {subject}'s {key} of investment from {_num(current)} to {_num(new)}")))
        elif kind == "demand":
            current = float(items.loc[subject, "demand"])
            new = max(_relax(current - slack, up=False), 0.0)
            relaxations.append(Relaxation(f"items.{subject}.demand", current, new, (
                f"lower {subject} demand from {_num(current)} to {_num(new)}")))
        elif kind == "survival":
            for column in ("survive_share", "survive_share_province"):
                current = float(items.loc[subject, column])
                if current <= 0:
                    continue
                new = max(_relax(current - slack, up=False), 0.0)
                relaxations.append(Relaxation(f"items.{subject}.{column}", current, new, (
                    f"lower {subject} {column} from {_num(current)} to {_num(new)}")))
        elif kind in ("redundancy", "reach"):
            column = "min_sites" if kind == "redundancy" else "reach_sites"
            current = int(items.loc[subject, column])
            new = max(math.floor(current - slack + 1e-6), 0)
            relaxations.append(Relaxation(f"items.{subject}.{column}", current, new, (
                f"lower {subject} {column} from {current} to {new}")))
    return relaxations


def _relax(value: float, up: bool) -> float:
    """``value`` moved by :data:`MARGIN` (relative) in the relaxing direction, then rounded
    to 6 significant digits in that direction too."""
    moved = value * (1 + MARGIN) + 1e-9 if up else value * (1 - MARGIN) - 1e-9
    if moved == 0 or not math.isfinite(moved):
        return moved
    digits = 5 - math.floor(math.log10(abs(moved)))
    step = 10.0 ** -digits
    steps = math.ceil(moved / step) if up else math.floor(moved / step)
    return round(steps * step, max(digits, 0))


def _num(value: float) -> str:
    return f"{value:.6g}"


def diagnosis_text(instance: Instance, diagnosis: Diagnosis) -> str:
    say = Text()
    say(f"hinterland diagnose: {instance.name}")
    say(f"  status      {diagnosis.status}: {diagnosis.message}")
    say.add(suggestions_text(diagnosis))
    return str(say)


def suggestions_text(diagnosis: Diagnosis) -> str:
    say = Text()
    if diagnosis.relaxations:
        say("  the fewest relaxations that make it feasible (together):")
        for relaxation in diagnosis.relaxations:
            say(f"    - {relaxation.message}   [{relaxation.target}: {relaxation.suggested}]")
        if diagnosis.verified is not None:
            word = "solves" if diagnosis.verified else "still does NOT solve"
            say(f"  with them applied, the instance {word}")
    return str(say)
