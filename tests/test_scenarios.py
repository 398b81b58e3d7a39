"""Scenarios: overrides set or scale values, exclude sites or provinces, and compose."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from hinterland.model import load_instance
from hinterland.model.plan_evaluation import evaluate_plan
from hinterland.model.scenarios import apply_overrides, apply_scenarios, scenario_names
from hinterland.solvers.adapter.highs import SolverOptions
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main
from tests.test_micro import MICRO

QUIET = SolverOptions(log=False, mip_gap=0.0)
ROOT = Path(__file__).resolve().parents[1]

SCENARIOS = """\
tight:
  budget: x0.8
lose_a:
  exclude_sites: [A]
cheap_b:
  sites.B.cost_index: 1.5
"""


@pytest.fixture
def budget_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "budget"
    shutil.copytree(MICRO / "budget", folder)
    (folder / "scenarios.yaml").write_text(SCENARIOS, encoding="utf-8")
    return folder


def objective(instance) -> float:
    return run_instance(instance, QUIET).result.objective


def test_scaling_the_budget_moves_the_optimum_as_derived(budget_folder: Path) -> None:
    # budget micro: cost 11 per unit at A, 3 at B; investment x_A + 2 x_B <= budget.
    # x0.8 gives 12: x_B <= 2, cost 11 x 8 + 3 x 2 = 94 (the base, budget 15, is 70).
    instance = load_instance(budget_folder)
    assert objective(instance) == pytest.approx(70.0)
    tight = apply_scenarios(instance, ["tight"])
    assert tight.budget == pytest.approx(12.0)
    assert objective(tight) == pytest.approx(94.0)
    assert instance.budget == pytest.approx(15.0)  # the loaded instance is untouched


def test_losing_a_site_and_changing_a_cell(budget_folder: Path) -> None:
    instance = load_instance(budget_folder)
    # Without A all 10 go to B: investment 20 > budget 15, so infeasible; with B's cost index
    # at 1.5 they fit: 10 x (1.5 + 1) = 25.
    lost = apply_scenarios(instance, ["lose_a"])
    assert not lost.sites.loc["A", "hinterland"]
    assert run_instance(lost, QUIET).status == "infeasible"
    both = apply_scenarios(instance, ["lose_a", "cheap_b"])
    assert objective(both) == pytest.approx(25.0)
    assert both.scenarios == ("lose_a", "cheap_b")
    assert both.digest != instance.digest


def test_overrides_of_every_kind() -> None:
    instance = load_instance(ROOT / "instances" / "china-provinces")
    changed = apply_overrides(instance, {
        "items.ic_backup.survive_share": 0.9, "sites.SC.hazard": 0.7, "weights.risk": 2,
        "regions.West.min_share": "x1.2", "horizon_years": 15,
        "exclude_provinces": ["Guizhou"],
    })
    assert changed.items.loc["ic_backup", "survive_share"] == 0.9
    assert changed.sites.loc["SC", "hazard"] == 0.7
    assert changed.weights.risk == 2
    assert changed.regions["West"].min_share == pytest.approx(0.6)
    assert changed.horizon_years == 15
    assert not changed.sites.loc["GZ", "hinterland"]
    assert instance.items.loc["ic_backup", "survive_share"] == 0.6


def test_bad_overrides_are_all_reported_with_their_lines(budget_folder: Path, capsys) -> None:
    (budget_folder / "scenarios.yaml").write_text(
        "broken:\n  budjet: 3\n  items.nope.demand: 1\n  sites.A.hazard: 2\n"
        "  items.k.demand: lots\n  exclude_provinces: [Atlantis]\n", encoding="utf-8")
    out = budget_folder.parent / "out"
    code = main(["solve", str(budget_folder), "--scenario", "broken", "--out", str(out),
                 "--quiet"])
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "5 problems" in err
    assert "scenarios.yaml, line 2, key 'broken.budjet': got 'unknown path'" in err
    assert "line 3, key 'broken.items.nope.demand': got 'nope'; expected an id of items.csv" in err
    assert "line 4, key 'broken.sites.A.hazard': got '2'; expected a finite number in [0, 1]" in err
    assert "line 5, key 'broken.items.k.demand': got 'lots'" in err
    assert "line 6, key 'broken.exclude_provinces': got 'Atlantis'" in err


def test_an_unknown_scenario_exits_2(budget_folder: Path, capsys) -> None:
    out = budget_folder.parent / "out"
    assert main(["solve", str(budget_folder), "--scenario", "nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "a scenario defined in scenarios.yaml (tight, lose_a, cheap_b)" in err


def test_solve_records_the_scenarios(budget_folder: Path) -> None:
    out = budget_folder.parent / "out"
    assert main(["solve", str(budget_folder), "--scenario", "tight", "--out", str(out),
                 "--quiet"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["instance"]["scenarios"] == ["tight"]
    assert summary["objective"] == pytest.approx(94.0)


def test_the_real_instances_scenarios_apply() -> None:
    instance = load_instance(ROOT / "instances" / "china-provinces")
    assert scenario_names(instance) == ["budget_cut", "lose_sichuan", "strict_backups",
                                        "risk_averse", "two_plans", "build_on_today",
                                        "strategic_core"]
    cut = apply_scenarios(instance, ["budget_cut"])
    run = run_instance(cut, QUIET)
    assert run.status == "optimal"
    assert run.breakdown["investment"] <= cut.budget + 1e-6


def test_the_real_instance_as_two_plans_the_core_and_today(tmp_path: Path) -> None:
    instance = load_instance(ROOT / "instances" / "china-provinces")
    plan = apply_scenarios(instance, ["two_plans"])
    assert [p.name for p in plan.periods] == ["15th-FYP", "16th-FYP"]
    assert plan.horizon_years == 10
    run = run_instance(plan, QUIET)
    assert run.status == "optimal"
    schedule = evaluate_plan(plan, run.layout).schedule.set_index("period")
    assert schedule.loc["15th-FYP", "added_investment"] <= 6000 + 1e-6
    assert schedule.loc["16th-FYP", "added_investment"] <= 4000 + 1e-6
    base = run_instance(instance, QUIET)
    # Deferring 40% of every requirement to 2031 saves its opex over five years at least.
    assert run.result.objective < base.result.objective
    core = run_instance(apply_scenarios(instance, ["strategic_core"]), QUIET)
    assert core.layout.loc[core.layout["hosting"] > 0, "site_id"].nunique() <= 10
    assert core.result.objective >= base.result.objective - 1e-6
    today = run_instance(apply_scenarios(instance, ["build_on_today"]), QUIET)
    assert today.result.objective <= base.result.objective + 1e-6


@pytest.mark.parametrize(("override", "words"), [
    ({"periods": [{"name": "A", "start": 2030, "end": 2026}]},
     "key 'try.periods.1.end': got '2026'; expected a year >= start (2030)"),
    ({"max_core_sites": 0}, "key 'try.max_core_sites': got '0'; expected a whole number >= 1"),
    ({"existing": "count"}, "an instance with today's layout (current_layout.csv) to count"),
    ({"existing": "always"}, "key 'try.existing': got 'always'; expected one of ignore, count"),
])
def test_whole_settings_are_checked_in_scenarios(budget_folder: Path, capsys, override: dict,
                                                 words: str) -> None:
    (budget_folder / "scenarios.yaml").write_text(yaml.safe_dump({"try": override}))
    out = budget_folder.parent / "out"
    assert main(["solve", str(budget_folder), "--scenario", "try", "--out", str(out)]) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()

