"""Building on what exists: today's capacity counted without capex, and capacity moved.

The optima of ``existing``, ``relocation`` and ``plan_existing`` are derived in their
instance.yaml and asserted in test_micro.py; here, the differences the derivations name, the
waivers, the transition that compare reports, and agreement with the independent checker.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hinterland.model import load_instance
from hinterland.model.evaluation import evaluate
from hinterland.model.layout import normalise_layout
from hinterland.model.scenarios import apply_scenarios
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main
from tests import checker
from tests.test_evaluate import instance_and_layout
from tests.test_micro import MICRO
from tests.test_properties import write_instance

QUIET = SolverOptions(log=False, mip_gap=0.0)


def _copy(tmp_path: Path, name: str, **settings_changes: object) -> Path:
    folder = tmp_path / name
    shutil.copytree(MICRO / name, folder)
    config = yaml.safe_load((folder / "instance.yaml").read_text())
    config.update(settings_changes)
    (folder / "instance.yaml").write_text(yaml.safe_dump(config))
    return folder


def _optimum(folder: Path) -> float:
    run = run_instance(load_instance(folder), QUIET)
    assert run.status == SolveStatus.OPTIMAL
    return run.result.objective


def test_existing_capacity_saves_exactly_its_capex(tmp_path: Path) -> None:
    counted = _optimum(MICRO / "existing")
    ignored = _optimum(_copy(tmp_path, "existing", existing="ignore"))
    instance = load_instance(MICRO / "existing")
    avoided = 4 * float(instance.items.loc["k", "unit_capex"])  # A's 4 units, cost_index 1
    assert ignored - counted == pytest.approx(avoided)
    assert (ignored, counted) == pytest.approx((70.0, 62.0))


def _with_fixed_and_opening_costs(tmp_path: Path) -> Path:
    """tests/micro/existing with a fixed cost of 3 per hosting site and an opening cost of 5
    at A, where today's capacity stands."""
    folder = _copy(tmp_path, "existing")
    (folder / "items.csv").write_text("item_id,task,demand,unit_capex,unit_opex,fixed_cost\n"
                                      "k,reserve,10,2,1,3\n")
    sites = pd.read_csv(folder / "sites.csv")
    sites["open_cost"] = [5, 0]
    sites.to_csv(folder / "sites.csv", index=False)
    return folder


def test_hosting_today_waives_the_fixed_and_opening_costs(tmp_path: Path) -> None:
    folder = _with_fixed_and_opening_costs(tmp_path)
    # Counted: A is established and developed, so only the 6 new units' capex: 12 + opex 50.
    assert _optimum(folder) == pytest.approx(62.0)
    config = yaml.safe_load((folder / "instance.yaml").read_text())
    config["existing"] = "ignore"
    (folder / "instance.yaml").write_text(yaml.safe_dump(config))
    # Greenfield: A pays opening 5 + fixed 3 + capex 20 + opex 50 = 78 (B: 4.5 + 30 + 50).
    assert _optimum(folder) == pytest.approx(78.0)


def test_a_scenario_that_stops_counting_restores_the_opening_cost(tmp_path: Path) -> None:
    # The instance above, counting today's layout, with a scenario that ignores it: the
    # scenario must give the greenfield optimum, 78, with A's opening cost of 5 paid.
    folder = _with_fixed_and_opening_costs(tmp_path)
    (folder / "scenarios.yaml").write_text("greenfield:\n  existing: ignore\n")
    counted = load_instance(folder)
    greenfield = apply_scenarios(counted, ["greenfield"])
    assert run_instance(counted, QUIET).result.objective == pytest.approx(62.0)
    run = run_instance(greenfield, QUIET)
    assert run.result.objective == pytest.approx(78.0)
    assert run.breakdown["open_cost"] == pytest.approx(5.0)


def test_moving_is_chosen_only_where_it_beats_building(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "relocation")
    items = (folder / "items.csv").read_text()
    (folder / "items.csv").write_text(items.replace("0.6,2,1", "0.6,2,5"))
    assert _optimum(folder) == pytest.approx(24.0)  # dearer than capex: build anew
    (folder / "items.csv").write_text(items.replace("0.6,2,1", "0.6,2,"))
    assert _optimum(folder) == pytest.approx(24.0)  # blank: cannot be moved


def test_compare_reports_what_is_kept_moved_and_new(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["compare", str(MICRO / "relocation"), "--out", str(out), "--quiet"]) == 0
    table = pd.read_csv(out / "transition.csv").set_index("site_id")
    assert table["moved_out"].to_dict() == {"A": 0, "B": 0, "Z": 6}
    assert table["moved_in"].sum() == 6 and table["new"].sum() == 4
    assert table["capex"].sum() + table["relocation"].sum() == pytest.approx(14.0)
    assert "kept 0, moved 6, new 4" in capsys.readouterr().out


def test_existing_count_needs_todays_layout(tmp_path: Path, capsys) -> None:
    folder = _copy(tmp_path, "existing")
    (folder / "current_layout.csv").unlink()
    assert main(["validate", str(folder)]) == 2
    assert "key 'existing'" in capsys.readouterr().err
    folder = _copy(tmp_path / "b", "existing", existing="yes")
    assert main(["validate", str(folder)]) == 2
    assert "one of ignore, count" in capsys.readouterr().err


@st.composite
def brownfield_case(draw: st.DrawFn) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    tables, layout = draw(instance_and_layout())
    sites, items = tables["sites"], tables["items"]
    today = [(s, k, float(draw(st.sampled_from([1, 3, 6])))) for k in items["item_id"]
             for s in sites["site_id"] if draw(st.booleans())]
    current = pd.DataFrame(today, columns=["site_id", "item_id", "capacity"])
    items["relocation_cost"] = [draw(st.sampled_from([None, 0.5, 2.0, 9.0]))
                                for _ in range(len(items))]
    tables["config"] = {**tables["config"], "existing": "count"}
    return tables, layout, current


def _load(tmp: str, tables: dict, current: pd.DataFrame, budget: float | None):
    folder = write_instance(Path(tmp) / "i", tables, budget=budget)
    current.to_csv(folder / "current_layout.csv", index=False)
    return load_instance(folder)


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=brownfield_case())
def test_evaluate_and_the_checker_agree_on_brownfield_layouts(case) -> None:
    tables, layout, current = case
    with tempfile.TemporaryDirectory() as tmp:
        instance = _load(tmp, tables, current, budget=20.0)
    rows = normalise_layout(layout)
    evaluation = evaluate(instance, rows)
    assert {(v.family, v.subject) for v in evaluation.violations} == {
        (f, s) for f, s, _ in checker.broken_rules(instance, rows)}
    assert evaluation.objective == pytest.approx(checker.objective(instance, rows),
                                                 rel=1e-7, abs=1e-7)


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=brownfield_case())
def test_solved_brownfield_layouts_pass_the_checker(case) -> None:
    tables, _layout, current = case
    with tempfile.TemporaryDirectory() as tmp:
        counted = _load(tmp, tables, current, budget=None)
    run = run_instance(counted, QUIET)
    if run.status != SolveStatus.OPTIMAL:
        return
    assert checker.violations(counted, run.layout) == []
    assert checker.objective(counted, run.layout) == pytest.approx(run.result.objective,
                                                                   rel=1e-6, abs=1e-6)


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=brownfield_case())
def test_counting_what_exists_never_costs_more(case) -> None:
    tables, _layout, current = case
    # Without regional rules: with them, counting what exists may cost more, as waived fixed
    # and opening costs lower a region's capital and so its share.
    config = {k: v for k, v in tables["config"].items() if k != "regions"}
    with tempfile.TemporaryDirectory() as tmp:
        counted = _load(tmp, {**tables, "config": config}, current, budget=None)
        greenfield = _load(tmp + "/g", {**tables, "config": {**config, "existing": "ignore"}},
                           current, budget=None)
    run, other = run_instance(counted, QUIET), run_instance(greenfield, QUIET)
    if other.status != SolveStatus.OPTIMAL:
        return
    # The greenfield optimum is feasible here too, and no dearer.
    assert run.status == SolveStatus.OPTIMAL
    assert run.result.objective <= other.result.objective + 1e-6
