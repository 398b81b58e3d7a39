"""`hinterland diagnose`: the fewest relaxations, checked against hand derivations and applied.

Each ``tests/micro/infeasible_*`` instance derives its minimal relaxation in its instance.yaml.
The key test applies the suggested relaxations as overrides and solves the repaired instance.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hinterland.model import load_instance
from hinterland.model.scenarios import apply_overrides
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main
from hinterland.solvers.studies.diagnose import MARGIN, diagnose

MICRO = Path(__file__).parent / "micro"
QUIET = SolverOptions(log=False)

# instance -> {target: (current, hand-derived suggestion)}; derivations in each instance.yaml.
EXPECTED = {
    "infeasible_combined": {"budget": (12.0, 15.0)},
    "infeasible_demand": {"items.k.demand": (30.0, 20.0)},
    "infeasible_region": {"regions.West.min_share": (0.5, 0.2)},
    "infeasible_survival": {"items.k.survive_share": (0.9, 0.5)},
    "infeasible_redundancy": {"items.k.min_sites": (3, 2)},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_suggestion_matches_the_hand_derivation(name: str) -> None:
    result = diagnose(load_instance(MICRO / name), QUIET)
    assert result.status == "infeasible"
    found = {r.target: (r.current, r.suggested) for r in result.relaxations}
    assert set(found) == set(EXPECTED[name])
    for target, (current, suggested) in EXPECTED[name].items():
        assert found[target][0] == current
        # The margin relaxes by at most ~1e-5 relative (MARGIN, then 6 significant digits).
        assert found[target][1] == pytest.approx(suggested, rel=20 * MARGIN, abs=1e-5)
    assert all(r.message for r in result.relaxations)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_applying_the_suggestions_makes_it_feasible(name: str) -> None:
    instance = load_instance(MICRO / name)
    assert run_instance(instance, QUIET).status == SolveStatus.INFEASIBLE
    result = diagnose(instance, QUIET, verify=False)
    repaired = apply_overrides(instance, {r.target: r.suggested for r in result.relaxations})
    assert run_instance(repaired, QUIET).status == SolveStatus.OPTIMAL


def test_a_feasible_instance_needs_nothing() -> None:
    result = diagnose(load_instance(MICRO / "survival"), QUIET)
    assert result.status == "feasible"
    assert result.relaxations == []


def test_two_causes_need_two_relaxations(tmp_path: Path) -> None:
    # infeasible_survival plus an item j needing min_sites 3 where only A and B are eligible
    # (C's hazard 0.8 > 0.5). One group cannot fix both: k needs its survive_share lowered to
    # 0.5 (or its demand to 0, which counts the same but relaxes more: 1.0 of demand against
    # 0.4 of share), and j its min_sites lowered to 2. (k keeps to A and B as before.)
    folder = tmp_path / "two"
    shutil.copytree(MICRO / "infeasible_survival", folder)
    (folder / "items.csv").write_text(
        "item_id,task,demand,unit_capex,max_share,survive_share,min_sites,max_hazard\n"
        "k,reserve,10,1,0.5,0.9,1,0.5\nj,reserve,4,1,1,0,3,0.5\n")
    with (folder / "sites.csv").open("a") as sites:
        sites.write("C,C,P3,R,1,1,true,1,0.8,1000,1000\n")
    instance = load_instance(folder)
    result = diagnose(instance, QUIET)
    found = {r.target: r.suggested for r in result.relaxations}
    assert found == {"items.k.survive_share": pytest.approx(0.5, abs=1e-5),
                     "items.j.min_sites": 2}
    assert result.verified is True


def test_cli_json(capsys) -> None:
    assert main(["diagnose", str(MICRO / "infeasible_survival"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "infeasible"
    [relaxation] = report["relaxations"]
    assert relaxation["target"] == "items.k.survive_share"
    assert relaxation["current"] == 0.9
    assert relaxation["suggested"] == pytest.approx(0.5, abs=1e-5)
    assert "survive_share" in relaxation["message"]


def test_cli_feasible_and_invalid(capsys, tmp_path: Path) -> None:
    assert main(["diagnose", str(MICRO / "survival"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "status": "feasible", "relaxations": [], "verified": None,
        "message": "the instance is feasible as it stands"}
    assert main(["diagnose", str(tmp_path / "missing"), "--json"]) == 2


def test_an_infeasible_solve_prints_the_suggestions(capsys, tmp_path: Path) -> None:
    code = main(["solve", str(MICRO / "infeasible_combined"), "--out", str(tmp_path / "o"),
                 "--quiet"])
    assert code == 3
    assert "raise the budget" in capsys.readouterr().out
