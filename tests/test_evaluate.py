"""Measuring layouts: the same yardstick as the solver, the same verdicts as the checker."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hinterland.model import build_model, layout_from_model, load_instance
from hinterland.model.evaluation import evaluate
from hinterland.model.layout import normalise_layout
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus, solve
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main
from tests import checker
from tests.test_micro import MICRO, OPTIMA
from tests.test_properties import instance_tables, write_instance

QUIET = SolverOptions(log=False, mip_gap=0.0)
ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ROOT / "instances" / "china-provinces"


@pytest.mark.parametrize("name", sorted(OPTIMA))
def test_evaluate_gives_the_solvers_objective_on_every_micro_instance(name: str) -> None:
    instance = load_instance(MICRO / name)
    run = run_instance(instance, QUIET)
    evaluation = evaluate(instance, run.layout)
    assert evaluation.objective == pytest.approx(run.result.objective, rel=1e-9, abs=1e-9)
    assert evaluation.objective == pytest.approx(OPTIMA[name][0], rel=1e-9, abs=1e-9)
    assert evaluation.violations == []


def test_a_hand_made_layout_breaks_what_it_should() -> None:
    # dispersion: demand 10, max_share 0.4 at A (cost_index 1), B (2), C (3).
    instance = load_instance(MICRO / "dispersion")
    draft = pd.DataFrame({"site_id": ["A", "B"], "item_id": ["k", "k"], "capacity": [7.0, 2.0]})
    evaluation = evaluate(instance, draft)
    rules = {(v.family, v.subject): v for v in evaluation.violations}
    assert set(rules) == {("dispersion", "k at A"), ("requirement", "k")}
    assert rules[("dispersion", "k at A")].message == "k: A holds 70% of demand, limit 40%"
    assert rules[("requirement", "k")].amount == pytest.approx(9.0)
    assert rules[("requirement", "k")].limit == pytest.approx(10.0)
    assert evaluation.objective == pytest.approx(7 * 1 + 2 * 2)
    item = evaluation.items.set_index("item_id").loc["k"]
    assert item["largest_site_share"] == pytest.approx(0.7)
    assert item["left_after_site_loss"] == pytest.approx(2.0)
    assert item["sites"] == 2


def test_item_metrics_on_a_layout_worked_by_hand() -> None:
    # survival instance: A, B, C in provinces P1, P2, P3; coast_km 1000 and hazard 0 everywhere.
    instance = load_instance(MICRO / "survival")
    layout = pd.DataFrame({"site_id": ["A", "B", "C"], "item_id": ["k"] * 3,
                           "capacity": [5.0, 3.0, 2.0]})
    item = evaluate(instance, layout).items.set_index("item_id").loc["k"]
    assert item["capacity"] == 10 and item["largest_site_share"] == pytest.approx(0.5)
    assert item["worst_site"] == "A" and item["left_after_site_loss"] == pytest.approx(5.0)
    assert item["worst_province"] == "P1"
    assert item["left_after_province_loss"] == pytest.approx(5.0)
    assert item["mean_coast_km"] == pytest.approx(1000.0)
    assert item["mean_hazard"] == pytest.approx(0.0)


def test_regional_shares_are_measured() -> None:
    instance = load_instance(MICRO / "region_min_share")
    layout = pd.DataFrame({"site_id": ["A", "B"], "item_id": ["k", "k"],
                           "capacity": [8.0, 2.0]})
    evaluation = evaluate(instance, layout)
    regions = evaluation.regions.set_index("region")
    # Investment: A 8 x 1, B 2 x 2: West holds 4 of 12, a third.
    assert regions.loc["West", "share"] == pytest.approx(1 / 3)
    assert regions.loc["West", "min_share"] == pytest.approx(0.5)
    (violation,) = evaluation.violations
    assert violation.family == "region_min_share" and violation.subject == "West"


@st.composite
def instance_and_layout(draw: st.DrawFn) -> tuple[dict, pd.DataFrame]:
    tables = draw(instance_tables())
    sites, items = tables["sites"], tables["items"]
    rows = []
    for item_id in items["item_id"]:
        for site_id in sites["site_id"]:
            if draw(st.booleans()):
                capacity = float(draw(st.sampled_from([0, 1, 2, 4, 6, 10])))
                hosting = draw(st.sampled_from([None, 0, 1]))
                rows.append((site_id, item_id, capacity, hosting))
    layout = pd.DataFrame(rows, columns=["site_id", "item_id", "capacity", "hosting"])
    return tables, layout


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=instance_and_layout())
def test_evaluate_and_the_independent_checker_agree_on_every_violation(case) -> None:
    tables, layout = case
    with tempfile.TemporaryDirectory() as tmp:
        instance = load_instance(write_instance(Path(tmp) / "i", tables, budget=20.0))
    rows = normalise_layout(layout)
    found = {(v.family, v.subject) for v in evaluate(instance, rows).violations}
    expected = {(family, subject) for family, subject, _ in checker.broken_rules(instance, rows)}
    assert found == expected
    assert evaluate(instance, rows).objective == pytest.approx(
        checker.objective(instance, rows), rel=1e-9, abs=1e-9)


def other_feasible_layout(instance, seed: int) -> pd.DataFrame | None:
    """A feasible layout chosen by a random objective over the same constraints."""
    model = build_model(instance)
    rng = np.random.default_rng(seed)
    model.total_cost.deactivate()
    weights = rng.uniform(0.1, 10.0, 2 * len(model.PAIRS)).tolist()
    model.random_cost = pyo.Objective(expr=pyo.quicksum(
        w * v for w, v in zip(weights, [*model.x.values(), *model.y.values()], strict=True)))
    result = solve(model, QUIET)
    return layout_from_model(model) if result.has_solution else None


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(tables=instance_tables(), seed=st.integers(0, 2**16))
def test_no_feasible_layout_beats_the_optimum(tables: dict, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        instance = load_instance(write_instance(Path(tmp) / "i", tables, budget=None))
    run = run_instance(instance, QUIET)
    if run.status != SolveStatus.OPTIMAL:
        return
    other = other_feasible_layout(instance, seed)
    assert other is not None  # the optimum's constraints admit a layout
    evaluation = evaluate(instance, other)
    assert evaluation.violations == []  # evaluate agrees: the solver's layout is feasible
    optimum = run.result.objective
    assert evaluation.objective >= optimum - 1e-6 * max(1.0, abs(optimum))


def test_evaluate_command_prints_json_and_exits_0_despite_violations(capsys) -> None:
    layout = PROVINCES / "current_layout.csv"
    assert main(["evaluate", str(PROVINCES), str(layout), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"objective", "terms", "items", "regions", "violations"} <= set(data)
    assert data["feasible"] is False
    families = {v["family"] for v in data["violations"]}
    assert {"eligibility", "requirement"} <= families
    zhejiang = [v for v in data["violations"] if v["subject"] == "crude_oil_reserve at ZJ"]
    assert zhejiang and "not a hinterland site" in zhejiang[0]["message"]
    for violation in data["violations"]:
        assert set(violation) == {"family", "subject", "amount", "limit", "message"}


def test_evaluate_command_reads_a_results_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    assert main(["solve", str(MICRO / "dispersion"), "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(MICRO / "dispersion"), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "objective   18.0000" in printed
    assert "no rule broken" in printed


def test_evaluate_command_refuses_a_bad_layout_with_exit_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "draft.csv"
    bad.write_text("site_id,item_id,capacity\nA,k,-1\nZ,k,1\n", encoding="utf-8")
    assert main(["evaluate", str(MICRO / "dispersion"), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "draft.csv, line 2, column 'capacity': got '-1'" in err
    assert "draft.csv, line 3, column 'site_id': got 'Z'" in err
    assert "Traceback" not in err
