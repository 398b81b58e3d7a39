"""Micro-instances with optima derived by hand, one or more per constraint family.

Each folder under ``tests/micro/`` is an instance in the user's format; its ``instance.yaml``
opens with a comment that derives the optimum. Every solution is also re-verified by the
independent checker (``tests/checker.py``), and the objective it recomputes must equal the
solver's.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from hinterland.model import load_instance
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main
from tests import checker

MICRO = Path(__file__).parent / "micro"

# name -> (optimum, the family it exercises); the derivation is in each instance.yaml.
OPTIMA = {
    "requirement": (30.0, "requirement, cost_index"),
    "eligibility": (15.0, "eligibility thresholds, inclusive bounds"),
    "dispersion": (18.0, "max_share"),
    "min_scale": (21.8, "min_scale, fixed cost"),
    "redundancy": (13.0, "min_sites"),
    "survival": (18.0, "survive_share"),
    "resources": (23.0, "cap_/use_ resources"),
    "budget": (70.0, "budget, transport via distances.csv"),
    "region_min_share": (40.0 / 3.0, "regional min_share"),
    "region_max_share": (16.0, "regional max_share"),
    "open_cost": (15.0, "site opening cost"),
    "running_costs": (120.0, "opex over horizon, mean distance to centres"),
    "great_circle": (6371.0 * math.pi / 180.0, "haversine distance"),
    "zero_demand": (3.0, "min_sites without demand, opening cost"),
    "region_idle_site": (25.0, "regional share met by a developed site, shown in the layout"),
    "pareto_risk": (10.0, "least-cost end of a cost-risk frontier (test_pareto.py)"),
    "pareto_balance": (10.0, "least-cost end of a cost-balance frontier (test_pareto.py)"),
    "survival_k2": (24.0, "survive the loss of two sites"),
    "province_survival": (15.0, "survive the loss of a province"),
    "reach": (12.0, "hosting sites within reach of each centre served"),
    "separation": (20.0, "backups apart from the centres they back up"),
    "progression": (14.4, "integration only where a backup is hosted or the base is strong"),
    "risk_weight": (20.0, "risk in the objective"),
    "balance_weight": (40.0 / 3.0, "regional imbalance in the objective"),
    "synergy_weight": (10.0, "synergy bonus in the objective"),
    "commitment": (31.5, "committed capacity as a lower bound"),
    "plan_defer": (151.0, "plan periods: deferring saves opex; capacity never shrinks"),
    "plan_commit": (107.5, "plan periods: a commitment forces an early build"),
    "plan_budget": (122.0, "plan periods: a tight later budget forces building ahead"),
    "existing": (62.0, "today's capacity counted: the optimum saves exactly its capex"),
    "relocation": (14.0, "moving a coastal plant instead of building anew"),
    "plan_existing": (80.0, "today's capacity kept and moved through a plan"),
    "core_sites": (25.0, "at most max_core_sites developed, among the suitable sites"),
}

QUIET = SolverOptions(log=False, mip_gap=0.0)


def test_every_micro_instance_has_an_expected_optimum() -> None:
    # Infeasible ones are tested below, frontier ones (pareto_*) in test_pareto.py.
    folders = {p.name for p in MICRO.iterdir() if p.is_dir() and not p.name.startswith("pareto_")}
    # infeasible_{demand,region,survival,redundancy} are diagnosed in test_diagnose.py.
    assert folders - set(OPTIMA) == {"infeasible_budget", "infeasible_combined",
                                     "infeasible_demand", "infeasible_region",
                                     "infeasible_survival", "infeasible_redundancy"}


@pytest.mark.parametrize("name", sorted(OPTIMA))
def test_micro_optimum(name: str) -> None:
    expected, _family = OPTIMA[name]
    instance = load_instance(MICRO / name)
    run = run_instance(instance, QUIET)
    assert run.status == SolveStatus.OPTIMAL
    assert run.result.objective == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert checker.violations(instance, run.layout) == []
    assert checker.objective(instance, run.layout) == pytest.approx(expected, rel=1e-9)
    assert run.breakdown["objective"] == pytest.approx(run.result.objective, rel=1e-9)


def test_survival_layout_is_the_derived_one() -> None:
    # Derived in survival/instance.yaml: A 6, B 6 is the unique optimum.
    run = run_instance(load_instance(MICRO / "survival"), QUIET)
    capacity = run.layout.set_index("site_id")["capacity"].to_dict()
    assert capacity == pytest.approx({"A": 6.0, "B": 6.0})


def test_resources_give_scarce_land_to_the_item_that_saves_most_per_unit_of_land() -> None:
    run = run_instance(load_instance(MICRO / "resources"), QUIET)
    layout = run.layout.set_index(["site_id", "item_id"])["capacity"]
    assert layout[("A", "k1")] == pytest.approx(8.0)
    assert ("A", "k2") not in layout.index


def test_open_cost_develops_exactly_one_site() -> None:
    run = run_instance(load_instance(MICRO / "open_cost"), QUIET)
    assert set(run.layout["site_id"]) == {"C"}
    assert run.breakdown["open_cost"] == pytest.approx(3.0)


def test_an_item_without_demand_is_hosted_where_min_sites_puts_it() -> None:
    run = run_instance(load_instance(MICRO / "zero_demand"), QUIET)
    assert run.layout[["site_id", "capacity", "hosting"]].values.tolist() == [["B", 0.0, 1]]


def test_precheck_explains_a_budget_below_the_least_capex(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["solve", str(MICRO / "infeasible_budget"), "--out", str(out), "--quiet"])
    assert code == 3
    text = capsys.readouterr().out
    assert "budget" in text and "raise the budget by at least 1" in text
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "infeasible"
    assert summary["findings"][0]["check"] == "budget"
    assert not (out / "layout.csv").exists()


def test_solver_proves_infeasibility_the_checks_cannot_see(tmp_path: Path) -> None:
    instance = load_instance(MICRO / "infeasible_combined")
    run = run_instance(instance, QUIET)
    assert run.findings == []  # capex alone fits the budget: only the solver can tell
    assert run.status == SolveStatus.INFEASIBLE
    out = tmp_path / "out"
    assert main(["solve", str(MICRO / "infeasible_combined"), "--out", str(out), "--quiet"]) == 3


def test_solve_writes_whole_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["solve", str(MICRO / "dispersion"), "--out", str(out), "--quiet"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "layout.csv", "site_summary.csv", "summary.json"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal"
    assert summary["objective"] == pytest.approx(18.0)
    assert summary["breakdown"]["capex"] == pytest.approx(18.0)
    assert len(summary["instance"]["sha256"]) == 64
    layout = pd.read_csv(out / "layout.csv")
    assert list(layout.columns) == ["site_id", "item_id", "capacity", "hosting"]
    assert layout["capacity"].sum() == pytest.approx(10.0)
    sites = pd.read_csv(out / "site_summary.csv")
    assert sites["investment"].sum() == pytest.approx(18.0)
    # Nothing is left behind in the parent folder but the results themselves.
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_existing_results_are_never_overwritten(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("a planner's notes")
    code = main(["solve", str(MICRO / "dispersion"), "--out", str(out), "--quiet"])
    assert code == 2
    assert "never overwritten" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert (out / "mine.txt").read_text() == "a planner's notes"


def test_an_empty_out_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert main(["solve", str(MICRO / "requirement"), "--out", str(out), "--quiet"]) == 0
    assert (out / "summary.json").is_file()


@pytest.mark.parametrize(("name", "old", "new", "check", "words"), [
    ("survival_k2", "k,reserve,10,0.4,2,1", "k,reserve,10,0.4,3,1", "survival",
     "after losing 3 site(s) needs more than 3 eligible sites"),
    ("province_survival", "C,C,P2,", "C,C,P1,", "province_survival",
     "needs eligible sites in two provinces; all lie in P1"),
    ("reach", "k,reserve,10,2,300,1,1,C", "k,reserve,10,2,100,1,1,C", "reach",
     "within 100 km of C but only 0 eligible site(s)"),
    ("separation", "k,backup,10,500,1,C", "k,backup,10,5000,1,C", "eligible_sites",
     "2 nearer a served centre than min_separation_km"),
])
def test_checks_before_solving_explain_the_new_rules(
        tmp_path: Path, capsys, name: str, old: str, new: str, check: str, words: str) -> None:
    folder = tmp_path / name
    shutil.copytree(MICRO / name, folder)
    for table in ("sites.csv", "items.csv"):
        path = folder / table
        path.write_text(path.read_text().replace(old, new))
    assert main(["solve", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 3
    assert words in capsys.readouterr().out
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [f["check"] for f in summary["findings"]] == [check]
