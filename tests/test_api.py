"""The Python API (hinterland.solvers.api), the example scripts, and sweeps on a Dask cluster."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest

from hinterland.model import InstanceError, load_instance
from hinterland.solvers.api import Result, solve, sweep
from hinterland.solvers.cli import main
from hinterland.solvers.studies import sweep as sweeps
from tests.test_micro import MICRO

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ROOT / "instances" / "china-provinces"


@pytest.fixture
def budget_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "budget"
    shutil.copytree(MICRO / "budget", folder)
    (folder / "scenarios.yaml").write_text("tight:\n  budget: x0.8\n", encoding="utf-8")
    return folder


def test_solve_returns_the_result_as_data(budget_folder: Path) -> None:
    result = solve(budget_folder)  # budget micro: optimum 70 (see the instance's comment)
    assert isinstance(result, Result) and result.solved
    assert result.status == "optimal" and result.objective == pytest.approx(70)
    assert result.terms["investment"] == pytest.approx(15)
    assert result.gap == pytest.approx(0, abs=1e-9) and result.seconds > 0
    assert result.layout.set_index("site_id")["capacity"].to_dict() == pytest.approx(
        {"A": 5, "B": 5})
    assert result.run.instance.digest == load_instance(budget_folder).digest


def test_solve_applies_scenarios_then_overrides(budget_folder: Path) -> None:
    instance = load_instance(budget_folder)
    assert solve(instance, scenarios=["tight"]).objective == pytest.approx(94)  # budget 12
    assert solve(instance, scenarios=["tight"], overrides={"budget": "x1.125"}).objective \
        == pytest.approx(82)  # 12 x 1.125 = 13.5: x_B = 3.5
    infeasible = solve(instance, overrides={"budget": 9})
    assert infeasible.status == "infeasible" and infeasible.objective is None
    assert not infeasible.solved and infeasible.layout is None
    with pytest.raises(InstanceError, match="overrides budjet: got 'unknown path'"):
        solve(instance, overrides={"budjet": 1})


def test_sweep_api_returns_one_tidy_row_per_run(budget_folder: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int, bool]] = []
    table = sweep(budget_folder, {"budget": [9, 12, "x1"]}, scenarios="base,tight",
                  out=tmp_path / "out",
                  progress=lambda d, t, row, r: seen.append((d, t, r))).table
    assert list(table["budget"]) == [9.0, 12.0, "x1"] * 2
    assert list(table["scenario"]) == ["base"] * 3 + ["tight"] * 3
    assert list(table["budget_value"].fillna(-1)) == [-1, -1, 15, -1, -1, 12]
    assert list(table["status"]) == ["infeasible", "optimal", "optimal"] * 2
    assert list(table["objective"].round(6).fillna(-1)) == [-1, 94, 70, -1, 94, 94]
    assert seen == [(i, 6, False) for i in range(1, 7)]
    again = sweep(budget_folder, {"budget": [9, 12, "x1"]}, scenarios=["base", "tight"],
                  out=tmp_path / "out").table
    pd.testing.assert_frame_equal(table, again)  # resumed whole: even the seconds


def test_dask_cluster_gives_the_local_table(budget_folder: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    params = {"budget": "x0.6:1.0:5", "items.k.transport_cost": "0.1,0.2"}
    local = sweep(budget_folder, params).table
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = sweep(budget_folder, params, scheduler=cluster.scheduler_address,
                       out=tmp_path / "dask").table
        assert main(["sweep", str(budget_folder), "--param", "budget=x0.6:1.0:5", "--param",
                     "items.k.transport_cost=0.1,0.2", "--out", str(tmp_path / "cli"),
                     "--scheduler", cluster.scheduler_address]) == 0
    pd.testing.assert_frame_equal(local.drop(columns="seconds"),
                                  remote.drop(columns="seconds"))
    written = sweeps.read_table(tmp_path / "cli" / "sweep.csv")
    pd.testing.assert_frame_equal(written.drop(columns="seconds"),
                                  sweeps.read_table(tmp_path / "dask" / "sweep.csv")
                                  .drop(columns="seconds"))


def test_missing_dask_is_an_input_error(budget_folder: Path, tmp_path: Path, monkeypatch,
                                        capsys) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    assert main(["sweep", str(budget_folder), "--param", "budget=12", "--scheduler",
                 "tcp://127.0.0.1:8786", "--out", str(tmp_path / "out")]) == 2
    assert "pip install 'dask[distributed]'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_budget_script_gives_the_cli_table(tmp_path: Path, capsys) -> None:
    table = _script("budget_sweep").main()
    assert main(["sweep", str(PROVINCES), "--param", "budget=x0.94:1.1:9", "--out",
                 str(tmp_path / "cli")]) == 0
    cli = sweeps.read_table(tmp_path / "cli" / "sweep.csv")
    assert list(cli["budget"]) == list(table["budget"])
    assert list(cli["status"]) == list(table["status"])
    pd.testing.assert_series_equal(cli["objective"], table["objective"])
    assert (table["status"] == "optimal").all()  # x0.94 is just feasible on this instance


def test_solve_scenario_script(capsys) -> None:
    result = _script("solve_scenario").main(["strict_backups", "budget=x1.05"])
    assert result.status == "optimal"
    assert "strict_backups" in capsys.readouterr().out
