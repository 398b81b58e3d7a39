"""The notebook API: a result that measures, maps, saves and reports itself, and a sweep that
gives its capacity as a table and as a run x site x item cube.

The figures are those of the budget micro-instance (tests/micro/budget/instance.yaml): one item
of demand 10 at two sites, A (invests 1 per unit, ships for 10) and B (invests 2, ships for 1).
With budget B the layout is x_B = min(10, B - 10), x_A = 10 - x_B: budget 15 gives A 5, B 5
(objective 70), budget 12 gives A 8, B 2 (objective 94), and budget 9 < 10 is infeasible.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import hinterland as hl
from hinterland.solvers.outputs.folders import OutputExistsError
from tests import checker
from tests.test_micro import MICRO


@pytest.fixture
def budget_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "budget"
    shutil.copytree(MICRO / "budget", folder)
    return folder


def test_a_result_measures_itself(budget_folder: Path) -> None:
    result = hl.solve(budget_folder)
    assert result.objective == pytest.approx(70) and result.bound == pytest.approx(70)
    summary = result.site_summary.set_index("site_id")
    assert set(summary.index) == {"A", "B"}
    # investment: A 5 x 1, B 5 x 2; it adds up to the objective's investment term.
    assert summary["investment"].to_dict() == pytest.approx({"A": 5, "B": 10})
    assert summary["investment"].sum() == pytest.approx(result.terms["investment"])
    evaluation = result.evaluation
    assert evaluation.feasible and evaluation.violations == []
    assert evaluation.objective == pytest.approx(result.objective)
    assert checker.objective(result.instance, result.layout) == pytest.approx(70)
    item = evaluation.items.set_index("item_id").loc["k"]
    assert item["capacity"] == pytest.approx(10) and item["sites"] == 2
    assert item["largest_site_share"] == pytest.approx(0.5)


def test_a_result_as_a_geodataframe_and_a_map(budget_folder: Path) -> None:
    result = hl.solve(budget_folder)
    frame = result.to_geodataframe()
    assert len(frame) == len(result.instance.sites) and str(frame.crs) == "EPSG:4326"
    assert frame.set_index("site_id")["cap_k"].to_dict() == pytest.approx({"A": 5, "B": 5})
    assert frame["investment"].sum() == pytest.approx(15)
    figure = result.plot()
    assert figure.axes and "investment 15" in figure.axes[0].get_title()
    # The bundled example has coordinates: every site is a point, and each item's capacity
    # over the sites is its demand.
    example = hl.solve("example")
    points = example.to_geodataframe()
    assert points.geometry.notna().all() and set(points.geom_type) == {"Point"}
    demand = example.instance.items["demand"]
    assert {k: points[f"cap_{k}"].sum() for k in demand.index} == pytest.approx(
        demand.to_dict())


def test_save_and_report_write_a_results_folder_and_never_overwrite(budget_folder: Path,
                                                                     tmp_path: Path) -> None:
    result = hl.solve(budget_folder)
    folder = result.save(tmp_path / "run")
    written = json.loads((folder / "summary.json").read_text())
    assert written["objective"] == pytest.approx(70)
    assert {p.name for p in folder.iterdir()} == {"summary.json", "layout.csv",
                                                   "site_summary.csv"}
    with pytest.raises(OutputExistsError):
        result.save(folder)
    page = result.report(folder)  # the folder save() wrote: the report goes beside it
    assert page == folder / "report.html" and page.is_file()
    fresh = result.report(tmp_path / "fresh")  # a new folder: saved, then reported
    assert (fresh.parent / "layout.csv").is_file()
    other = hl.solve(budget_folder, overrides={"budget": 12})
    with pytest.raises(ValueError, match="another solve"):
        other.report(tmp_path / "run")


def test_a_result_without_a_layout_says_so(budget_folder: Path) -> None:
    infeasible = hl.solve(budget_folder, overrides={"budget": 9})
    assert infeasible.status == "infeasible" and not infeasible.solved
    with pytest.raises(ValueError, match="no layout to measure: the solve ended infeasible"):
        infeasible.to_geodataframe()


def test_a_plan_maps_one_period_at_a_time() -> None:
    result = hl.solve(MICRO / "plan_defer")
    periods = [p.name for p in result.instance.periods]
    assert result.site_summary.columns[0] == "period"
    last = result.to_geodataframe()
    first = result.to_geodataframe(periods[0])
    capacity = [c for c in last.columns if c.startswith("cap_")]
    # Capacity never shrinks from one period to the next.
    assert (last[capacity].to_numpy() >= first[capacity].to_numpy() - 1e-9).all()
    with pytest.raises(ValueError, match="period: one of"):
        result.to_geodataframe("2099")


def test_a_sweep_gives_its_capacity_as_a_table_and_a_cube(budget_folder: Path) -> None:
    runs = hl.sweep(budget_folder, {"budget": [9, 12, "x1"]})
    assert list(runs.table["status"]) == ["infeasible", "optimal", "optimal"]
    placed = runs.capacity().set_index(["run", "site_id"])["capacity"]
    assert placed.to_dict() == pytest.approx({("run-002", "A"): 8, ("run-002", "B"): 2,
                                              ("run-003", "A"): 5, ("run-003", "B"): 5})
    cube = runs.to_xarray()
    assert cube.dims == ("run", "site_id", "item_id")
    assert cube.sel(run="run-002", item_id="k").to_series().to_dict() == pytest.approx(
        {"A": 8, "B": 2})
    assert cube.sel(run="run-001").isnull().all()  # no layout: unknown, not zero
    assert list(cube.coords["budget"].values) == ["9", "12", "x1"]
    assert list(cube.coords["budget_value"].values[2:]) == [15.0]  # x1 of the budget 15
    assert list(cube.coords["status"].values) == ["infeasible", "optimal", "optimal"]


def test_a_resumed_sweep_reads_its_layouts_back(budget_folder: Path, tmp_path: Path) -> None:
    first = hl.sweep(budget_folder, {"budget": [12, "x1"]}, out=tmp_path / "s")
    again = hl.sweep(budget_folder, {"budget": [12, "x1"]}, out=tmp_path / "s")
    assert again.capacity().equals(first.capacity())
    assert again.to_xarray().equals(first.to_xarray())


def test_to_xarray_without_xarray_says_what_to_install(budget_folder: Path,
                                                       monkeypatch) -> None:
    import sys

    runs = hl.sweep(budget_folder, {"budget": [12]})
    monkeypatch.setitem(sys.modules, "xarray", None)
    with pytest.raises(ImportError, match=r"pip install 'hinterland\[notebook\]'"):
        runs.to_xarray()
    assert len(runs.capacity()) == 2  # the same numbers without it


def test_evaluate_and_compare_any_layout(budget_folder: Path, tmp_path: Path) -> None:
    # Everything at A: 10 units x (1 invested + 10 shipped) = 110, inside the budget 15.
    today = pd.DataFrame({"site_id": ["A"], "item_id": ["k"], "capacity": [10.0]})
    measured = hl.evaluate(budget_folder, today)
    assert measured.objective == pytest.approx(110) and measured.feasible
    path = tmp_path / "today.csv"
    today.to_csv(path, index=False)
    assert hl.evaluate(budget_folder, path).objective == pytest.approx(110)
    comparison = hl.solve(budget_folder).compare(current=path)
    table = comparison.table.set_index("metric")
    assert table.loc["objective", ["current", "optimal"]].tolist() == pytest.approx([110, 70])
    changes = comparison.changes.set_index("site_id")["change"]
    assert changes.to_dict() == pytest.approx({"A": -5, "B": 5})
    assert comparison.plot().axes
    with pytest.raises(ValueError, match=r"no current_layout\.csv"):
        hl.solve(budget_folder).compare()


def test_a_sweep_whose_scenario_makes_a_plan(budget_folder: Path) -> None:
    (budget_folder / "scenarios.yaml").write_text(
        "plan:\n  periods:\n    - {name: P1, start: 2026, end: 2030}\n"
        "    - {name: P2, start: 2031, end: 2035}\n", encoding="utf-8")
    runs = hl.sweep(budget_folder, {"budget": [15]}, scenarios="base,plan")
    placed = runs.capacity()
    # The plan holds the one-period optimum in both periods (demand does not change).
    plan = placed[placed["scenario"] == "plan"].groupby("period")["capacity"].sum()
    assert plan.to_dict() == pytest.approx({"P1": 10, "P2": 10})
    assert placed.loc[placed["scenario"] == "base", "period"].isna().all()
    with pytest.raises(ValueError, match="mix plans and single-period layouts"):
        runs.to_xarray()
    planned = hl.sweep(budget_folder, {"budget": [15]}, scenarios="plan").to_xarray()
    assert planned.dims == ("run", "period", "site_id", "item_id")
    assert float(planned.sel(period="P2").sum()) == pytest.approx(10)
