"""Plan periods: hand-derived plans, the one-period plan as the single-period model, checks.

The optima of ``plan_defer``, ``plan_commit`` and ``plan_budget`` are derived in their
instance.yaml and asserted in test_micro.py; here, the layouts those derivations name, and the
properties that tie a plan to the single-period model and to the independent checker.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hinterland.model import load_instance
from hinterland.model.layout import normalise_layout
from hinterland.model.periods import demand_by_period, period_view
from hinterland.model.plan_evaluation import evaluate_plan
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main
from tests import checker
from tests.test_micro import MICRO
from tests.test_properties import instance_tables, write_instance

QUIET = SolverOptions(log=False, mip_gap=0.0)


def _capacity(layout: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(r.period, r.site_id): r.capacity for r in layout.itertuples() if r.capacity > 0}


def test_deferring_builds_only_what_each_period_needs() -> None:
    run = run_instance(load_instance(MICRO / "plan_defer"), QUIET)
    # Derived in plan_defer/instance.yaml: 4, 10, 10 at A (P3's stated 7 is held at 10).
    assert _capacity(run.layout) == pytest.approx(
        {("P1", "A"): 4.0, ("P2", "A"): 10.0, ("P3", "A"): 10.0})


def test_a_commitment_forces_an_early_build(tmp_path: Path) -> None:
    committed = run_instance(load_instance(MICRO / "plan_commit"), QUIET)
    assert _capacity(committed.layout) == pytest.approx(
        {("P1", "A"): 1.0, ("P1", "B"): 3.0, ("P2", "A"): 7.0, ("P2", "B"): 3.0})
    free = tmp_path / "free"
    shutil.copytree(MICRO / "plan_commit", free)
    (free / "commitments.csv").unlink()
    run = run_instance(load_instance(free), QUIET)
    # The derivation's "without it": 4 then 10 at A, 100; the commitment costs 7.5.
    assert run.result.objective == pytest.approx(100.0)
    assert _capacity(run.layout) == pytest.approx({("P1", "A"): 4.0, ("P2", "A"): 10.0})


def test_a_tight_later_budget_forces_building_ahead() -> None:
    run = run_instance(load_instance(MICRO / "plan_budget"), QUIET)
    assert _capacity(run.layout) == pytest.approx(
        {("P1", "A"): 6.0, ("P1", "B"): 1.0, ("P2", "A"): 9.0, ("P2", "B"): 1.0})
    schedule = evaluate_plan(run.instance, run.layout).schedule.set_index("period")
    assert schedule["added_investment"].to_dict() == pytest.approx({"P1": 22.5, "P2": 6.0})


def test_the_requirement_in_force_never_falls() -> None:
    instance = load_instance(MICRO / "plan_defer")
    assert demand_by_period(instance).loc["k"].tolist() == [4.0, 10.0, 10.0]
    assert any("demand falls in k in P3" in note for note in instance.notes)
    view = period_view(instance, "P2")
    assert view.periods == () and view.budget is None and view.horizon_years == 5
    assert view.items.loc["k", "transport_cost"] == pytest.approx(0.01 / 3)


def test_a_shrinking_layout_breaks_continuity_and_the_period_budget() -> None:
    instance = load_instance(MICRO / "plan_defer")
    layout = pd.DataFrame({"period": ["P1", "P2", "P3"], "site_id": ["A"] * 3,
                           "item_id": ["k"] * 3, "capacity": [10.0, 10.0, 8.0]})
    evaluation = evaluate_plan(instance, layout)
    found = {(v.family, v.subject) for v in evaluation.violations}
    # P1 adds 3 + 20 = 23 > 20, and its 10 at A is above max_share x 4; P3 falls to 8,
    # below P2's 10 and the requirement of 10.
    assert found == {("period_budget", "P1"), ("dispersion", "P1: k at A"),
                     ("continuity", "k at A"), ("requirement", "P3: k")}
    assert found == {(f, s) for f, s, _ in checker.broken_rules(instance, layout)}


def _plan_config(tables: dict, scales: list[float], budgets: list[float | None]) -> dict:
    config = dict(tables["config"])
    config.pop("horizon_years", None)
    config["periods"] = [
        {"name": f"T{i + 1}", "start": 2026 + 5 * i, "end": 2030 + 5 * i,
         "demand_scale": scale, **({"budget": b} if b is not None else {})}
        for i, (scale, b) in enumerate(zip(scales, budgets, strict=True))]
    return config


def _write_plan(folder: Path, tables: dict, config: dict) -> Path:
    write_instance(folder, tables, budget=None)
    (folder / "instance.yaml").write_text(yaml.safe_dump(config))
    return folder


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(tables=instance_tables())
def test_a_plan_of_one_period_is_the_single_period_model(tables: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        flat = load_instance(write_instance(Path(tmp) / "flat", tables, budget=None))
        config = _plan_config(tables, [1.0], [None])
        config["periods"][0]["end"] = 2035  # ten years, the flat instance's horizon
        plan = load_instance(_write_plan(Path(tmp) / "plan", tables, config))
    one, other = run_instance(flat, QUIET), run_instance(plan, QUIET)
    assert one.status == other.status
    if one.status == SolveStatus.OPTIMAL:
        assert other.result.objective == pytest.approx(one.result.objective, rel=1e-6, abs=1e-6)
        assert other.breakdown["objective"] == pytest.approx(one.breakdown["objective"],
                                                             rel=1e-6, abs=1e-6)


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(tables=instance_tables(), first=st.sampled_from([0.3, 0.6, 1.0]),
       budget=st.sampled_from([None, 20.0, 60.0]))
def test_solved_plans_pass_the_independent_checker(tables: dict, first: float,
                                                   budget: float | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan = load_instance(_write_plan(Path(tmp) / "plan", tables,
                                         _plan_config(tables, [first, 1.0], [budget, None])))
    run = run_instance(plan, QUIET)
    if run.status != SolveStatus.OPTIMAL:
        return
    assert checker.violations(plan, run.layout) == []
    assert checker.objective(plan, run.layout) == pytest.approx(run.result.objective,
                                                                rel=1e-6, abs=1e-6)
    assert evaluate_plan(plan, run.layout).feasible


@st.composite
def plan_and_layout(draw: st.DrawFn) -> tuple[dict, pd.DataFrame]:
    tables = draw(instance_tables())
    rows = []
    for period in ("T1", "T2"):
        for item_id in tables["items"]["item_id"]:
            for site_id in tables["sites"]["site_id"]:
                if draw(st.booleans()):
                    capacity = float(draw(st.sampled_from([0, 1, 2, 4, 6, 10])))
                    rows.append((period, site_id, item_id, capacity,
                                 draw(st.sampled_from([None, 0, 1]))))
    layout = pd.DataFrame(rows, columns=["period", "site_id", "item_id", "capacity", "hosting"])
    return tables, layout


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=plan_and_layout())
def test_plan_evaluation_and_the_checker_agree_on_every_violation(case) -> None:
    tables, layout = case
    with tempfile.TemporaryDirectory() as tmp:
        plan = load_instance(_write_plan(Path(tmp) / "plan", tables,
                                         _plan_config(tables, [0.5, 1.0], [15.0, 10.0])))
    rows = normalise_layout(layout)
    evaluation = evaluate_plan(plan, rows)
    found = {(v.family, v.subject) for v in evaluation.violations}
    assert found == {(f, s) for f, s, _ in checker.broken_rules(plan, rows)}
    assert evaluation.objective == pytest.approx(checker.objective(plan, rows),
                                                 rel=1e-9, abs=1e-9)


def test_solve_writes_the_plan_period_by_period(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["solve", str(MICRO / "plan_budget"), "--out", str(out), "--quiet"]) == 0
    layout = pd.read_csv(out / "layout.csv")
    assert list(layout.columns) == ["period", "site_id", "item_id", "capacity", "hosting"]
    plan = pd.read_csv(out / "plan.csv").set_index("period")
    assert plan["added_investment"].sum() == pytest.approx(plan.loc["P2", "investment"])
    assert plan.loc["P2", "budget"] == 6
    summary = json.loads((out / "summary.json").read_text())
    assert [p["name"] for p in summary["periods"]] == ["P1", "P2"]
    assert summary["breakdown"]["cost"] == pytest.approx(122.0)
    sites = pd.read_csv(out / "site_summary.csv")
    assert sites.groupby("period")["investment"].sum().to_dict() == pytest.approx(
        {"P1": 22.5, "P2": 28.5})


def test_evaluate_and_compare_a_plan_period_by_period(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["solve", str(MICRO / "plan_commit"), "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(MICRO / "plan_commit"), str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["objective"] == pytest.approx(107.5) and data["feasible"]
    assert list(data["periods"]) == ["P1", "P2"]
    today = tmp_path / "today.csv"
    today.write_text("site_id,item_id,capacity\nA,k,10\n")
    compared = tmp_path / "compared"
    assert main(["compare", str(MICRO / "plan_commit"), "--current", str(today), "--layout",
                 str(out), "--out", str(compared)]) == 0
    table = pd.read_csv(compared / "comparison.csv")
    broken = table[table["metric"] == "violations"].set_index("period")["current"].to_dict()
    # Today's 10 at A: in P1 above max_share x 4 and short of B's commitment; in P2 short of it.
    assert broken == {"P1": 2.0, "P2": 1.0}
    assert (compared / "map.png").stat().st_size > 0


@pytest.mark.parametrize(("change", "words"), [
    ({"periods": [{"name": "P1", "start": 2030, "end": 2026}]}, "periods.1.end"),
    ({"periods": [{"name": "P1", "start": 2026, "end": 2030},
                  {"name": "P2", "start": 2029, "end": 2035}]}, "periods.2.start"),
    ({"periods": [{"name": "P1", "start": 2026, "end": 2030, "budjet": 5}]}, "did you mean"),
    ({"periods": "15th-FYP"}, "a list of periods"),
    ({"periods": [{"name": "P1", "start": 2026, "end": 2030}], "horizon_years": 12},
     "the years the periods cover"),
])
def test_bad_periods_are_reported_with_their_key(tmp_path: Path, capsys, change: dict,
                                                 words: str) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(MICRO / "plan_commit", folder)
    (folder / "demands.csv").unlink()
    (folder / "commitments.csv").unlink()
    config = yaml.safe_load((folder / "instance.yaml").read_text())
    config.update(change)
    (folder / "instance.yaml").write_text(yaml.safe_dump(config))
    assert main(["solve", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("file", "text", "words"), [
    ("demands.csv", "item_id,period,demand\nk,P3,4\n", "demands.csv, line 2, column 'period'"),
    ("demands.csv", "item_id,period,demand\nk,P1,4\nk,P1,5\n", "(also on line 2)"),
    ("demands.csv", "item_id,period,demand\nq,P1,4\n", "column 'item_id'"),
    ("demands.csv", "item_id,period,demand\nk,P1,-4\n", "column 'demand'"),
    ("commitments.csv", "site_id,item_id,period,capacity\nZ,k,P1,3\n", "column 'site_id'"),
    ("commitments.csv", "site_id,item_id,period,capacity\nB,k,P9,3\n", "column 'period'"),
    ("commitments.csv", "site_id,item_id,period,capacity\nB,k,P1,0\n", "column 'capacity'"),
])
def test_bad_plan_tables_name_file_line_and_column(tmp_path: Path, capsys, file: str,
                                                   text: str, words: str) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(MICRO / "plan_commit", folder)
    (folder / file).write_text(text)
    assert main(["validate", str(folder)]) == 2
    assert words in capsys.readouterr().err


def test_demands_without_periods_are_refused(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "flat"
    shutil.copytree(MICRO / "commitment", folder)
    (folder / "demands.csv").write_text("item_id,period,demand\nk,P1,4\n")
    assert main(["validate", str(folder)]) == 2
    assert "periods in instance.yaml" in capsys.readouterr().err


def test_checks_explain_an_impossible_commitment_and_budgets(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(MICRO / "plan_commit", folder)
    (folder / "commitments.csv").write_text("site_id,item_id,period,capacity\nB,k,P1,6\n")
    assert main(["solve", str(folder), "--out", str(tmp_path / "a"), "--quiet"]) == 3
    assert "6 committed but a site may hold at most 4" in capsys.readouterr().out
    (folder / "commitments.csv").unlink()
    config = yaml.safe_load((folder / "instance.yaml").read_text())
    config["periods"][0]["budget"] = 5
    config["periods"][1]["budget"] = 5
    (folder / "instance.yaml").write_text(yaml.safe_dump(config))
    assert main(["solve", str(folder), "--out", str(tmp_path / "b"), "--quiet"]) == 3
    # P1 needs 4 units at capex 2 at least: 8 > 5; by P2, 20 > 10.
    text = capsys.readouterr().out
    assert "budgets up to P1 add up to 5, below the least possible investment" in text
    assert "raise a budget of these periods by at least 10" in text
