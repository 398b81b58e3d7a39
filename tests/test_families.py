"""Every constraint family: its rows on a micro-instance, and a meta-test that none is untested.

``FAMILIES`` maps each constraint component of the model to the micro-instance whose optimum
exercises it (derived by hand in its instance.yaml and asserted in test_micro.py) and to the
number of rows it has there, checked below. The meta-test fails when a model built from any
micro-instance has a constraint component that ``FAMILIES`` does not list: a new family cannot
land without both tests.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pyomo.environ as pyo
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hinterland.model import build_model, load_instance
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus, solve
from tests.test_micro import MICRO, OPTIMA
from tests.test_properties import instance_tables, write_instance

QUIET = SolverOptions(log=False, mip_gap=0.0)

#: component -> (micro-instance, rows there)
FAMILIES: dict[str, tuple[str, int]] = {
    "requirement": ("requirement", 1),
    "capacity_link": ("dispersion", 3),
    "min_scale": ("min_scale", 3),
    "open_link": ("open_cost", 4),  # sites A and C have an opening cost, B none
    "open_use": ("open_cost", 2),
    "redundancy": ("redundancy", 1),
    "item_total_def": ("survival", 1),
    "survival": ("survival", 3),
    "loss_excess_def": ("survival_k2", 3),
    "survival_several": ("survival_k2", 1),
    "province_survival": ("province_survival", 2),
    "reach": ("reach", 1),
    "progression": ("progression", 2),
    "resource_use": ("resources", 1),
    "investment_def": ("requirement", 1),
    "budget": ("budget", 1),
    "region_min_share": ("region_min_share", 1),
    "region_max_share": ("region_max_share", 1),
    "balance_def": ("balance_weight", 1),
    "together_a": ("synergy_weight", 1),
    "together_b": ("synergy_weight", 1),
    "commitment": ("commitment", 1),
    "continuity_capacity": ("plan_defer", 4),  # 2 steps x 2 pairs
    "continuity_hosting": ("plan_defer", 4),
    "continuity_open": ("plan_defer", 2),  # 2 steps x site B
    "period_budget": ("plan_budget", 2),
    "new_capacity": ("existing", 1),
    "relocation_pool": ("relocation", 1),
    "continuity_kept": ("plan_existing", 1),  # A's kept units
    "continuity_moved": ("plan_existing", 2),  # moved into A or B
    "continuity_new": ("plan_existing", 2),
    "core_limit": ("core_sites", 1),
}


def _model(name: str) -> pyo.ConcreteModel:
    return build_model(load_instance(MICRO / name))


def test_every_constraint_family_has_a_micro_instance_and_a_row_count() -> None:
    seen: set[str] = set()
    for name in OPTIMA:
        model = _model(name)
        seen |= {c.local_name for c in model.component_objects(pyo.Constraint)}
    assert sorted(seen - set(FAMILIES)) == []
    for component, (micro, _) in FAMILIES.items():
        assert micro in OPTIMA, f"{component}: {micro} has no hand-derived optimum"


@pytest.mark.parametrize("component", sorted(FAMILIES))
def test_rows_of_each_family(component: str) -> None:
    micro, rows = FAMILIES[component]
    assert len(getattr(_model(micro), component)) == rows


def _coefficients(constraint) -> dict[str, float]:
    from pyomo.repn import generate_standard_repn

    repn = generate_standard_repn(constraint.body)
    return {v.name: float(c) for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True)}


def test_two_site_loss_row_reads_as_derived() -> None:
    # X - 2 t - sum u >= 0.4 x 10.
    m = _model("survival_k2")
    row = m.survival_several["k"]
    assert _coefficients(row) == {"item_total[k]": 1.0, "loss_threshold[k]": -2.0,
                                  "loss_excess[A,k]": -1.0, "loss_excess[B,k]": -1.0,
                                  "loss_excess[C,k]": -1.0}
    assert pyo.value(row.lower) == pytest.approx(4.0)


def test_province_rows_group_the_provinces_sites() -> None:
    m = _model("province_survival")
    from pyomo.repn import generate_standard_repn

    row = m.province_survival["P1", "k"]
    assert _coefficients(row) == {"x[A,k]": 1.0, "x[B,k]": 1.0, "item_total[k]": -1.0}
    # x_A + x_B - X + 5 <= 0: what P1 holds leaves at least 5 elsewhere.
    constant = generate_standard_repn(row.body).constant
    assert pyo.value(row.upper) - constant == pytest.approx(-5.0)


def test_reach_counts_only_sites_within_the_radius() -> None:
    m = _model("reach")
    assert _coefficients(m.reach["k", "C"]) == {"y[B,k]": 1.0, "y[E,k]": 1.0}
    assert all(m.y[s, "k"].is_binary() for s in "ABE")


def test_separation_removes_pairs_near_the_centre() -> None:
    assert list(_model("separation").PAIRS) == [("B", "k")]


def test_progression_rows_only_where_the_base_is_weak() -> None:
    m = _model("progression")
    assert set(m.PROGRESSION_PAIRS) == {("A", "int"), ("C", "int")}
    assert _coefficients(m.progression["C", "int"]) == {"y[C,int]": 1.0, "y[C,bk]": -1.0}


def test_risk_term_weighs_capacity_by_hazard_and_value() -> None:
    m = _model("risk_weight")
    from pyomo.repn import generate_standard_repn

    repn = generate_standard_repn(m.risk_term.expr)
    assert {v.name: c for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True)} == {
        "x[A,k]": 0.5}


def _worst_loss_layouts_by_enumeration(instance) -> pyo.ConcreteModel:
    """The model with N-k survival written naively: one row per set of lost sites."""
    m = build_model(instance)
    m.survival_several.deactivate()
    items = instance.items
    rows = []
    for k in m.ITEMS_SURVIVING_SEVERAL:
        sites = [s for s, item in m.PAIRS if item == k]
        lost = int(items.loc[k, "survive_sites"])
        floor = float(items.loc[k, "survive_share"] * items.loc[k, "demand"])
        for subset in itertools.combinations(sites, min(lost, len(sites))):
            rows.append((k, subset, floor))
    m.ENUMERATED = pyo.RangeSet(0, len(rows) - 1) if rows else pyo.Set(initialize=[])
    def rule(m: pyo.ConcreteModel, i: int) -> object:
        item, lost_sites, floor = rows[i]
        left = [m.x[s, k] for s, k in m.PAIRS if k == item and s not in lost_sites]
        return sum(left) >= floor if left else pyo.Constraint.Infeasible

    m.enumerated_survival = pyo.Constraint(m.ENUMERATED, rule=rule)
    return m


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(tables=instance_tables(), lost=st.integers(2, 3), share=st.sampled_from([0.2, 0.5]))
def test_n_minus_k_survival_equals_brute_force_enumeration(tables, lost, share) -> None:
    items = tables["items"].copy()
    items["survive_sites"] = lost
    items["survive_share"] = share
    # Keep other rules loose so that most draws are feasible and compare optima.
    items[["reach_sites", "survive_share_province", "min_separation_km", "min_coast_km",
           "use_land"]] = 0
    items["max_hazard"] = 1.0
    tables = {**tables, "items": items}
    with tempfile.TemporaryDirectory() as tmp:
        instance = load_instance(write_instance(Path(tmp) / "i", tables, budget=None))
    exact = build_model(instance)
    naive = _worst_loss_layouts_by_enumeration(instance)
    first, second = solve(exact, QUIET), solve(naive, QUIET)
    assert first.status == second.status
    if first.status == SolveStatus.OPTIMAL:
        assert first.objective == pytest.approx(second.objective, rel=1e-7, abs=1e-7)
