"""Warm re-solves must give the cold answers: a held model re-solved after a bound or weight
change against a fresh build for every value (the pitfall: a persistent re-solve that keeps
returning the first objective)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from model import load_instance
from model.scenarios import apply_overrides
from solvers.highs import SolverOptions
from solvers.run import run_instance
from solvers.warm import warm_budget_sweep, warm_weight_sweep

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
