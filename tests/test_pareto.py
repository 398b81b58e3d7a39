"""``hinterland pareto``: epsilon-constraint frontiers of cost against risk or balance.

The micro-instances ``tests/micro/pareto_risk`` and ``tests/micro/pareto_balance`` derive their
frontiers by hand in their instance.yaml; a three-site variant built below has a knee. On the
bundled province instance, the frontier must be monotone, its ends must be the single-objective
optima, and every layout must pass the independent checker.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import matplotlib.image
import pandas as pd
import pyomo.environ as pyo
import pytest

from hinterland.model import build_model, load_instance
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus, solve
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main
from hinterland.solvers.studies import pareto
from tests import checker

ROOT = Path(__file__).resolve().parents[1]
MICRO = ROOT / "tests" / "micro"
PROVINCES = ROOT / "instances" / "china-provinces"
QUIET = SolverOptions(log=False, mip_gap=0.0)


def _layouts_pass_the_checker(folder: Path, instance_folder: Path) -> pd.DataFrame:
    instance = load_instance(instance_folder)
    table = pd.read_csv(folder / "frontier.csv")
    for row in table.itertuples():
        layout = pd.read_csv(folder / row.layout)
        assert checker.violations(instance, layout) == [], row.layout
        assert checker.objective(instance, layout) == pytest.approx(row.cost, rel=1e-9)
        summary = json.loads((folder / row.layout).with_name("summary.json").read_text())
        assert summary["terms"]["cost"] == pytest.approx(row.cost, rel=1e-9)  # csv: 10 digits
    return table


def test_risk_micro_frontier_is_the_derived_straight_line(tmp_path: Path) -> None:
    # Derived in pareto_risk/instance.yaml: cost = 22.5 - 2.5 risk from (5, 10) to (1, 20).
    out = tmp_path / "out"
    assert main(["pareto", str(MICRO / "pareto_risk"), "--objectives", "cost,risk",
                 "--points", "5", "--out", str(out), "--quiet"]) == 0
    table = _layouts_pass_the_checker(out, MICRO / "pareto_risk")
    assert table["point"].tolist() == [0, 1, 2, 3, 4]
    assert table["risk"].tolist() == pytest.approx([5, 4, 3, 2, 1], abs=1e-6)
    assert table["cost"].tolist() == pytest.approx([10, 12.5, 15, 17.5, 20], abs=1e-6)
    assert table["epsilon"].tolist() == pytest.approx([5, 4, 3, 2, 1], abs=1e-6)
    for risk, cost in zip(table["risk"], table["cost"], strict=True):
        assert cost == pytest.approx(22.5 - 2.5 * risk, abs=1e-6)  # on the line
    assert pd.isna(table["marginal_cost"][0])
    assert table["marginal_cost"][1:].tolist() == pytest.approx([2.5] * 4, rel=1e-6)
    assert table["knee"].sum() == 0  # a straight line has no knee
    assert set(table["status"]) == {"optimal"}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["monotone"] is True
    assert summary["e_max"] == pytest.approx(5) and summary["e_min"] == pytest.approx(1)
    assert summary["dropped"] == []


def test_a_cheap_first_step_and_a_dear_last_one_make_a_knee(tmp_path: Path) -> None:
    # pareto_risk plus a site M: cost_index 1.5, hazard 0.2. Per unit of capacity moved,
    # A -> M costs 0.5 and saves 0.3 risk (5/3 per unit of risk), M -> B costs 0.5 and saves
    # 0.1 (5 per unit of risk), A -> B directly 2.5 per unit of risk. So the frontier runs
    # (risk 5, cost 10) -> (2, 15) [all at M] -> (1, 20) [all at B]. Normalised (risk - 1)/4 and
    # (cost - 10)/10, the points of bounds 5, 4, 3, 2, 1 lie 0, 1/12, 1/6, 1/4, 0 (over
    # sqrt 2) below the line joining the ends: the knee is the all-M layout at risk 2.
    folder = tmp_path / "knee"
    shutil.copytree(MICRO / "pareto_risk", folder)
    with (folder / "sites.csv").open("a", encoding="utf-8") as sites:
        sites.write("M,Middle,PM,R,3,3,true,1.5,0.2,1000,1000\n")
    instance = load_instance(folder)
    frontier = pareto.trace_frontier(instance, "risk", 5, QUIET)
    front = frontier.kept
    assert [p.terms["risk"] for p in front] == pytest.approx([5, 4, 3, 2, 1], abs=1e-6)
    assert [p.terms["cost"] for p in front] == pytest.approx([10, 35 / 3, 40 / 3, 15, 20],
                                                              abs=1e-6)
    assert [p.marginal_cost for p in front[1:]] == pytest.approx([5 / 3] * 3 + [5], rel=1e-6)
    assert frontier.knee is front[3]
    knee_layout = front[3].layout.set_index("site_id")["capacity"]
    assert knee_layout.to_dict() == pytest.approx({"M": 10.0})
    assert "point-03" in pareto.knee_sentence(frontier)
    for p in front:
        assert checker.violations(instance, p.layout) == []


def test_balance_micro_frontier_is_the_derived_straight_line(tmp_path: Path) -> None:
    # Derived in pareto_balance/instance.yaml: cost = 40/3 - imbalance/3 from (10, 10) to
    # (0, 40/3).
    out = tmp_path / "out"
    assert main(["pareto", str(MICRO / "pareto_balance"), "--objectives", "cost,balance",
                 "--points", "3", "--out", str(out), "--quiet"]) == 0
    table = _layouts_pass_the_checker(out, MICRO / "pareto_balance")
    assert table["imbalance"].tolist() == pytest.approx([10, 5, 0], abs=1e-6)
    assert table["cost"].tolist() == pytest.approx([10, 35 / 3, 40 / 3], abs=1e-6)
    assert table["marginal_cost"][1:].tolist() == pytest.approx([1 / 3, 1 / 3], rel=1e-6)
    least = pd.read_csv(out / table["layout"].iloc[-1]).set_index("site_id")["capacity"]
    assert least.to_dict() == pytest.approx({"A": 20 / 3, "B": 10 / 3})
    assert (out / "frontier.png").is_file()


@pytest.fixture(scope="module")
def provinces(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pareto") / "provinces"
    code = main(["pareto", str(PROVINCES), "--objectives", "cost,risk", "--points", "5",
                 "--out", str(out), "--quiet"])
    assert code == 0
    return out


def test_provinces_frontier_is_monotone_and_ends_at_the_single_objective_optima(
        provinces: Path) -> None:
    out = provinces
    table = pd.read_csv(out / "frontier.csv")
    assert len(table) >= 3
    risk, cost = table["risk"].to_numpy(), table["cost"].to_numpy()
    assert (risk[1:] < risk[:-1]).all()  # sorted by risk, largest first
    assert (cost[1:] >= cost[:-1] - 1e-9 * cost[0]).all()  # more security never costs less
    assert (table["marginal_cost"][1:] >= 0).all()
    assert (risk <= table["epsilon"].to_numpy() + 1e-6).all()  # every bound holds
    assert table["knee"].sum() == 1

    instance = load_instance(PROVINCES)
    plain = run_instance(instance, QUIET)
    assert cost[0] == pytest.approx(plain.result.objective, rel=1e-8)
    m = build_model(instance)
    m.total_cost.deactivate()
    m.least_risk = pyo.Objective(expr=m.risk_term)
    assert solve(m, QUIET).status == SolveStatus.OPTIMAL
    assert risk[-1] == pytest.approx(pyo.value(m.risk_term), rel=1e-8)
    assert risk[0] <= plain.breakdown["risk"] + 1e-6  # ties at least cost go to less risk


def test_provinces_frontier_writes_every_file(provinces: Path) -> None:
    out = provinces
    table = _layouts_pass_the_checker(out, PROVINCES)
    assert list(table.columns) == pareto.FRONTIER_COLUMNS
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {"frontier.csv", "frontier.png", "summary.json"}
    for point in table["point"]:
        expected |= {f"points/point-{point:02d}/layout.csv",
                     f"points/point-{point:02d}/summary.json"}
    assert names == expected
    png = out / "frontier.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    height, width, _ = matplotlib.image.imread(png).shape
    assert width >= 800 and height >= 600
    summary = json.loads((out / "summary.json").read_text())
    assert summary["objectives"] == ["cost", "risk"]
    assert summary["monotone"] is True
    assert summary["knee"] in table["point"].tolist()


@pytest.mark.parametrize("objectives", ["cost,frobnication", "risk,balance", "cost", "cost,cost"])
def test_an_unknown_pair_exits_2(objectives: str, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["pareto", str(MICRO / "pareto_risk"), "--objectives", objectives,
              "--out", str(tmp_path / "out")])
    assert stop.value.code == 2
    assert "expected cost,risk or cost,balance" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_either_order_names_the_same_pair() -> None:
    assert pareto.objectives_argument("risk, cost") == "risk"
    assert pareto.objectives_argument("COST,balance") == "balance"


@pytest.mark.parametrize("points", ["1", "0", "two", "2.5"])
def test_fewer_than_two_points_exit_2(points: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["pareto", str(MICRO / "pareto_risk"), "--objectives", "cost,risk",
              "--points", points])
    assert stop.value.code == 2
    assert "expected a whole number >= 2" in capsys.readouterr().err


def test_balance_without_a_target_share_exits_2(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["pareto", str(MICRO / "pareto_risk"), "--objectives", "cost,balance",
                 "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "target_share" in err and "instance.yaml" in err
    assert not out.exists()


def test_an_infeasible_instance_exits_3_and_writes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    for name in ("infeasible_budget", "infeasible_combined"):  # by the checks; by the solver
        code = main(["pareto", str(MICRO / name), "--objectives", "cost,risk",
                     "--out", str(out), "--quiet"])
        assert code == 3
        assert "no frontier" in capsys.readouterr().out
        assert not out.exists()


def test_no_least_cost_layout_within_the_time_limit_exits_4(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["pareto", str(PROVINCES), "--objectives", "cost,risk", "--out", str(out),
                 "--time-limit", "1e-9", "--quiet"])
    assert code == 4
    assert "no frontier" in capsys.readouterr().out
    assert not out.exists()


def test_existing_results_are_never_overwritten(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("notes")
    code = main(["pareto", str(MICRO / "pareto_risk"), "--objectives", "cost,risk",
                 "--out", str(out), "--quiet"])
    assert code == 2
    assert "never overwritten" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_the_default_folder_names_the_pair(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["pareto", str(MICRO / "pareto_balance"), "--objectives", "balance,cost",
                 "--points", "2", "--quiet"]) == 0
    [folder] = (tmp_path / "results").iterdir()
    assert folder.name.startswith("pareto_balance-pareto-cost-balance-")
    assert len(pd.read_csv(folder / "frontier.csv")) == 2


def test_dominated_and_repeated_points_are_dropped_and_reported() -> None:
    instance = load_instance(MICRO / "pareto_risk")
    frontier = pareto.Frontier(instance, "risk", 5, QUIET)
    values = [(10, 5), (13, 4), (12.5, 4), (12.5, 4), (20, 1)]  # 1 dominated, 3 a repeat of 2
    for i, (cost, risk) in enumerate(values):
        point = pareto.Point(i, None)
        point.layout = pd.DataFrame()
        point.terms = {"cost": cost, "risk": risk, "imbalance": 0.0, "investment": cost}
        frontier.points.append(point)
    pareto._finish(frontier)
    assert [p.index for p in frontier.kept] == [0, 2, 4]
    assert frontier.points[1].note == "dominated by point-02"
    assert frontier.points[3].note == "same values as point-02"
    assert frontier.monotone is False  # point 2 (tighter bound) is cheaper than point 1
    assert frontier.points[4].marginal_cost == pytest.approx(7.5 / 3)
