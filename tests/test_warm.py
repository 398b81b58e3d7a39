"""Warm re-solves must give the cold answers: a held model re-solved after a bound or weight
change against a fresh build for every value (the pitfall: a persistent re-solve that keeps
returning the first objective)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hinterland.model import load_instance
from hinterland.model.scenarios import apply_overrides
from hinterland.solvers.adapter.highs import SolverOptions
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.adapter.warm import top_down, warm_budget_sweep, warm_weight_sweep
from tests.test_micro import MICRO

EXACT = SolverOptions(log=False, mip_gap=1e-9)
PROVINCES = Path(__file__).resolve().parents[1] / "instances" / "china-provinces"


@pytest.fixture(scope="module")
def provinces():
    return load_instance(PROVINCES)


def test_warm_budget_sweep_equals_cold_solves(provinces) -> None:
    # From infeasible (below the least possible investment) to slack, up and down again.
    factors = [0.93, 0.94, 0.95, 1.0, 0.945, 1.1]
    budgets = [provinces.budget * f for f in factors]
    warm = warm_budget_sweep(provinces, budgets, EXACT)
    for row, budget in zip(warm.itertuples(), budgets, strict=True):
        cold = run_instance(apply_overrides(provinces, {"budget": budget}), EXACT)
        assert row.status == str(cold.status)
        if cold.result.objective is not None:
            assert row.objective == pytest.approx(cold.result.objective, rel=1e-7)
            assert row.investment <= budget + 1e-6
    assert warm["status"].tolist()[0] == "infeasible"
    assert warm["objective"].nunique() >= 2  # the budget binds: the answers differ


def test_lower_budgets_are_answered_by_the_solve_above_them() -> None:
    # tests/micro/budget: the least cost is 30 from a budget of 20 up (all 10 units at B,
    # investing 20), 11 (20 - b) + 3 (b - 10) for b in [10, 20] (70 at 15), infeasible below
    # 10. From the top: 30 is solved and its layout (investing 20) answers 25 and 22; 15 needs
    # a solve; 9 is proven infeasible, which answers 8.
    instance = load_instance(MICRO / "budget")
    budgets = [22.0, 30.0, 15.0, 9.0, 25.0, 8.0]
    table = warm_budget_sweep(instance, budgets, EXACT)
    assert table["value"].tolist() == budgets
    assert table["solved"].tolist() == [False, True, True, True, False, False]
    assert table["status"].tolist() == ["optimal"] * 3 + ["infeasible", "optimal", "infeasible"]
    assert table["objective"].iloc[[0, 1, 2, 4]].tolist() == pytest.approx([30, 30, 70, 30])
    assert (table["investment"].iloc[[0, 1, 4]] <= 22 + 1e-9).all()


@given(st.lists(st.tuples(st.sampled_from("abc"), st.one_of(st.none(), st.integers(0, 9))),
                max_size=12))
def test_top_down_visits_each_group_from_the_largest_budget(runs) -> None:
    groups = [group for group, _ in runs]
    budgets = [budget for _, budget in runs]
    order = top_down(budgets, groups)
    assert sorted(order) == list(range(len(runs)))
    visited = [groups[i] for i in order]
    assert visited == sorted(visited, key=groups.index)  # groups in order of appearance
    for group in set(groups):
        seen = [budgets[i] for i in order if groups[i] == group]
        keys = [float("inf") if b is None else b for b in seen]
        assert keys == sorted(keys, reverse=True)


def test_warm_weight_sweep_equals_cold_solves(provinces) -> None:
    warm = warm_weight_sweep(provinces, "risk", [0.0, 2.0, 0.5], EXACT)
    for row in warm.itertuples():
        weights = dataclasses.replace(provinces.weights, risk=row.value)
        changed = dataclasses.replace(
            provinces, settings=dataclasses.replace(provinces.settings, weights=weights))
        cold = run_instance(changed, EXACT)
        assert row.objective == pytest.approx(cold.result.objective, rel=1e-7)
    risk = warm.set_index("value")["risk"]
    assert risk[2.0] <= risk[0.5] <= risk[0.0]  # weighting risk more never adds risk
