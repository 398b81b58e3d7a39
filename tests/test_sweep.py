"""Sweeps: spec syntax, the grid, hand-derived optima, the table, resume, refusal, workers.

Most tests use the ``budget`` micro instance, whose optimum is derived by hand: with budget
b (instance value 15) and transport cost t per unit and km, site A costs 1 + 100 t per unit,
site B 2 + 10 t, and x_A + 2 x_B <= b with x_A + x_B = 10; so b < 10 is infeasible and for
10 <= b <= 20 the optimum puts x_B = b - 10 at B: (1 + 100 t)(20 - b) + (2 + 10 t)(b - 10).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from hinterland.model import InstanceError, load_instance
from hinterland.solvers.cli import main
from hinterland.solvers.studies import sweep as sweeps
from tests.test_micro import MICRO

SPEC = ["--param", "budget=x0.6:1.0:5", "--param", "items.k.transport_cost=0.1,0.2"]


def optimum(budget: float, transport: float) -> float | None:
    if budget < 10:
        return None
    return (1 + 100 * transport) * (20 - budget) + (2 + 10 * transport) * (budget - 10)


@pytest.fixture
def budget_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "budget"
    shutil.copytree(MICRO / "budget", folder)
    (folder / "scenarios.yaml").write_text("dear:\n  items.k.unit_capex: 2\n", encoding="utf-8")
    return folder


def sweep_cli(folder: Path, out: Path, *extra: str) -> int:
    return main(["sweep", str(folder), *SPEC, "--out", str(out), *extra])


def without_seconds(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns="seconds")


# --- specs -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("x0.6:1.4:5", ("x0.6", "x0.8", "x1", "x1.2", "x1.4")),
    ("x0.94:1.1:9", ("x0.94", "x0.96", "x0.98", "x1", "x1.02", "x1.04", "x1.06", "x1.08",
                     "x1.1")),
    ("500:700:3", (500.0, 600.0, 700.0)),
    ("500,600,700", (500.0, 600.0, 700.0)),
    ("x0.8, 650, 1e3", ("x0.8", 650.0, 1000.0)),
    ("x1:1:1", ("x1",)),
])
def test_spec_syntax(text: str, expected: tuple) -> None:
    assert sweeps.parse_values("budget", text).values == expected


@pytest.mark.parametrize(("text", "message"), [
    ("x0.6:1.4", "START:STOP:COUNT"),
    ("x0.6:1.4:0", "at least 1 point"),
    ("1,,2", "empty value"),
    ("abc", "a number or x<factor>"),
    ("1,1", "each value once"),
    ("nan", "finite"),
])
def test_bad_specs_are_explained(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sweeps.parse_values("budget", text)


def test_grid_is_the_cartesian_product_with_ordered_ids() -> None:
    params = sweeps.make_params({"budget": "1,2", "weights.risk": [0, 5, 9]})
    points = sweeps.grid(params, ["a", "b"])
    assert [p.run for p in points] == [f"run-{i:03d}" for i in range(1, 13)]
    assert points[0].scenario == "a" and points[6].scenario == "b"
    assert points[1].overrides == {"budget": 1.0, "weights.risk": 5.0}
    assert len({p.params_hash for p in points}) == 12
    assert sweeps.grid(params, ["a", "b"])[4].params_hash == points[4].params_hash


# --- the sweep ---------------------------------------------------------------------------


def test_cli_sweep_matches_the_hand_derived_optima(budget_folder: Path, tmp_path: Path,
                                                   capsys) -> None:
    out = tmp_path / "sweep"
    assert sweep_cli(budget_folder, out) == 0
    printed = capsys.readouterr().err  # progress lines are logged, on stderr
    assert "[ 1/10] budget=x0.6 items.k.transport_cost=0.1: infeasible" in printed
    assert "[ 5/10] budget=x0.8 items.k.transport_cost=0.1: optimal 94.0" in printed
    table = sweeps.read_table(out / "sweep.csv")
    assert list(table.columns[:4]) == ["run", "budget", "budget_value", "items.k.transport_cost"]
    assert list(table.columns[4:]) == ["status", "objective", *sweeps.TERMS, "gap", "seconds",
                                       "input_sha256", "solver", "params"]
    assert len(table) == 10
    for _, row in table.iterrows():
        expected = optimum(row["budget_value"], row["items.k.transport_cost"])
        if expected is None:
            assert row["status"] == "infeasible" and pd.isna(row["objective"])
        else:
            assert row["status"] == "optimal"
            assert row["objective"] == pytest.approx(expected)
    assert (table["input_sha256"] == load_instance(budget_folder).digest).all()
    run = out / "runs" / "run-005"
    layout = pd.read_csv(run / "layout.csv")
    assert layout.set_index("site_id")["capacity"].to_dict() == pytest.approx({"A": 8, "B": 2})
    summary = json.loads((run / "summary.json").read_text())
    assert summary["sweep"]["overrides"] == {"budget": "x0.8", "items.k.transport_cost": 0.1}
    assert not (out / "runs" / "run-001" / "layout.csv").exists()  # infeasible: summary only
    manifest = json.loads((out / "sweep.json").read_text())
    assert manifest["grid"]["params"]["items.k.transport_cost"] == [0.1, 0.2]


def test_scenario_dimension_applies_each_scenario_first(budget_folder: Path) -> None:
    table = sweeps.run_sweep(load_instance(budget_folder),
                             sweeps.make_params({"budget": [15]}), ["base", "dear"])
    assert list(table["scenario"]) == ["base", "dear"]
    # dear: unit_capex 2, so A invests 2 and B 4 per unit: x_A + 2 x_B <= 7.5 < 10: infeasible
    assert list(table["status"]) == ["optimal", "infeasible"]
    assert table["input_sha256"].nunique() == 2


def test_bad_paths_and_values_are_input_errors(budget_folder: Path, tmp_path: Path,
                                               capsys) -> None:
    out = tmp_path / "sweep"
    argv = ["sweep", str(budget_folder), "--param", "budjet=1,2", "--param",
            "items.k.max_share=0.5,2", "--scenarios", "base,nosuch", "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--param budjet: got 'unknown path'" in err
    assert "--param items.k.max_share: got '2.0'" in err
    assert "'nosuch'" in err
    assert not out.exists()
    with pytest.raises(SystemExit) as exit_:
        main(["sweep", str(budget_folder), "--param", "budget"])
    assert exit_.value.code == 2
    with pytest.raises(InstanceError, match="each value once"):
        from hinterland.solvers.api import sweep
        sweep(budget_folder, {"budget": [1, 1.0]})


# --- resume ------------------------------------------------------------------------------


def test_resume_solves_only_the_missing_runs(budget_folder: Path, tmp_path: Path,
                                             capsys) -> None:
    out = tmp_path / "sweep"
    assert sweep_cli(budget_folder, out) == 0
    first = sweeps.read_table(out / "sweep.csv")
    shutil.rmtree(out / "runs" / "run-004")
    capsys.readouterr()
    assert sweep_cli(budget_folder, out) == 0
    printed = capsys.readouterr().err  # progress lines are logged, on stderr
    assert printed.count("(done before)") == 9
    assert "budget=x0.7 items.k.transport_cost=0.2: optimal" in printed
    second = sweeps.read_table(out / "sweep.csv")
    pd.testing.assert_frame_equal(without_seconds(first), without_seconds(second))
    changed = first["seconds"] != second["seconds"]
    assert list(first.loc[changed, "run"]) == ["run-004"]


def test_an_interrupted_sweep_loses_at_most_the_run_in_progress(budget_folder: Path,
                                                                tmp_path: Path) -> None:
    instance = load_instance(budget_folder)
    params = sweeps.make_params({"budget": "x0.6:1.0:5", "items.k.transport_cost": "0.1,0.2"})
    whole = sweeps.run_sweep(instance, params)
    out = tmp_path / "sweep"

    def interrupt(done: int, total: int, row: dict, resumed: bool) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweeps.run_sweep(instance, params, out=out, progress=interrupt)
    assert len(sweeps.read_table(out / "sweep.csv")) == 3
    (out / "runs" / ".run-004.leftover").mkdir()  # a write cut short
    solved: list[str] = []
    table = sweeps.run_sweep(instance, params, out=out,
                             progress=lambda d, t, row, resumed: resumed or
                             solved.append(row["run"]))
    assert solved == [f"run-{i:03d}" for i in range(4, 11)]
    pd.testing.assert_frame_equal(without_seconds(table), without_seconds(whole))
    pd.testing.assert_frame_equal(without_seconds(sweeps.read_table(out / "sweep.csv")),
                                  without_seconds(whole))
    assert sorted(p.name for p in (out / "runs").iterdir()) == list(table["run"])


def test_another_sweep_or_other_files_are_refused(budget_folder: Path, tmp_path: Path,
                                                  capsys) -> None:
    out = tmp_path / "sweep"
    assert sweep_cli(budget_folder, out) == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    capsys.readouterr()
    assert main(["sweep", str(budget_folder), "--param", "budget=x0.6:1.0:4", "--out",
                 str(out)]) == 2
    assert "holds another sweep" in capsys.readouterr().err
    assert sweep_cli(budget_folder, out, "--gap", "0.5") == 2
    assert "solver limits" in capsys.readouterr().err
    (budget_folder / "items.csv").write_text(
        (budget_folder / "items.csv").read_text().replace(",10,", ",11,"))
    assert sweep_cli(budget_folder, out) == 2
    assert "the instance" in capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert sweep_cli(budget_folder, other) == 2
    assert "holds no sweep" in capsys.readouterr().err
    assert [p.name for p in other.iterdir()] == ["notes.txt"]


# --- workers -----------------------------------------------------------------------------


def test_local_workers_give_the_serial_table(budget_folder: Path, tmp_path: Path) -> None:
    assert sweep_cli(budget_folder, tmp_path / "serial") == 0
    assert sweep_cli(budget_folder, tmp_path / "parallel", "--workers", "2") == 0
    serial = sweeps.read_table(tmp_path / "serial" / "sweep.csv")
    parallel = sweeps.read_table(tmp_path / "parallel" / "sweep.csv")
    pd.testing.assert_frame_equal(without_seconds(serial), without_seconds(parallel))
    assert len(list((tmp_path / "parallel" / "runs").iterdir())) == 10


def test_a_budget_sweep_is_solved_warm_with_the_cold_answers(tmp_path: Path) -> None:
    from hinterland.solvers.api import sweep as api_sweep

    instance = Path(__file__).resolve().parents[1] / "instances" / "china-provinces"
    columns = ["run", "budget", "status", "objective", "investment", "risk"]
    warm = api_sweep(instance, {"budget": "x0.92:1.1:7"}, mip_gap=1e-9,
                     out=tmp_path / "warm").table
    cold = api_sweep(instance, {"budget": "x0.92:1.1:7"}, mip_gap=1e-9,
                     warm=False).table[columns]
    assert warm[columns]["status"].tolist() == cold["status"].tolist()
    assert "infeasible" in warm["status"].tolist() and "optimal" in warm["status"].tolist()
    pd.testing.assert_series_equal(warm["objective"], cold["objective"], rtol=1e-7)
    # From the top down, a budget that the solve above it answers is not solved again, and
    # its summary says so: run-007 (x1.1) is solved; its layout fits some budgets below it.
    terminations = {run: json.loads((tmp_path / "warm" / "runs" / run / "summary.json")
                                    .read_text())["termination"] for run in warm["run"]}
    assert "answered by" not in terminations["run-007"]
    answered = [run for run, text in terminations.items() if "answered by run-" in text]
    assert answered and all(warm.set_index("run").loc[answered, "investment"]
                            <= warm.set_index("run").loc[answered, "budget_value"] + 1e-6)


def test_a_weight_sweep_is_solved_warm_with_the_cold_answers() -> None:
    from hinterland.solvers.api import sweep as api_sweep

    instance = Path(__file__).resolve().parents[1] / "instances" / "china-provinces"
    spec = {"weights.risk": "0,0.5,2", "budget": "x1,x0.95"}
    warm = api_sweep(instance, spec, mip_gap=1e-9).table
    cold = api_sweep(instance, spec, mip_gap=1e-9, warm=False).table
    assert warm["status"].tolist() == cold["status"].tolist()
    pd.testing.assert_series_equal(warm["objective"], cold["objective"], rtol=1e-7)
    assert warm["risk"].iloc[0] >= warm["risk"].iloc[-2]  # more weight on risk, less risk
