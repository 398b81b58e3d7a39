"""The strategic hinterland core: at most ``max_core_sites`` developed, among suitable sites.

The optimum of ``core_sites`` (25) is derived in its instance.yaml and asserted in
test_micro.py; here, the figures the derivation compares it with, the rules as evaluate reports
them, and bad settings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from hinterland.model import load_instance
from hinterland.model.eligibility import site_suitability
from hinterland.model.evaluation import evaluate
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main
from tests import checker
from tests.test_micro import MICRO

QUIET = SolverOptions(log=False, mip_gap=0.0)


def _variant(tmp_path: Path, drop: tuple[str, ...] = (), **changes: object) -> Path:
    folder = tmp_path / "core"
    shutil.copytree(MICRO / "core_sites", folder)
    config = yaml.safe_load((folder / "instance.yaml").read_text())
    for key in drop:
        config.pop(key)
    config.update(changes)
    (folder / "instance.yaml").write_text(yaml.safe_dump(config))
    return folder


def test_scores_are_the_hand_worked_ones() -> None:
    scores = site_suitability(load_instance(MICRO / "core_sites"))
    assert scores.to_dict() == pytest.approx({"A": 1.0, "B": 0.5, "C": 0.0, "D": 0.75})


@pytest.mark.parametrize(("drop", "optimum", "sites"), [
    (("max_core_sites",), 23.5, {"A", "B", "D"}),  # the limit off: three sites
    (("max_core_sites", "min_suitability"), 18.0, {"A", "C"}),  # C, the cheapest, allowed
    ((), 25.0, {"A", "D"}),
])
def test_the_limit_binds_and_the_threshold_shuts_out_the_cheapest(
        tmp_path: Path, drop: tuple[str, ...], optimum: float, sites: set[str]) -> None:
    run = run_instance(load_instance(_variant(tmp_path, drop)), QUIET)
    assert run.status == SolveStatus.OPTIMAL
    assert run.result.objective == pytest.approx(optimum)
    assert set(run.layout.loc[run.layout["hosting"] > 0, "site_id"]) == sites


def test_evaluate_reports_a_core_too_large_and_an_unsuitable_site() -> None:
    instance = load_instance(MICRO / "core_sites")
    layout = pd.DataFrame({"site_id": ["A", "B", "C", "D"], "item_id": ["k1", "k1", "k2", "k2"],
                           "capacity": [5.0, 5.0, 5.0, 5.0]})
    found = {(v.family, v.subject): v.message for v in evaluate(instance, layout).violations}
    assert found[("core_sites", "core sites")].startswith("4 sites developed (A, B, C, D)")
    assert "suitability 0.000 < min_suitability 0.4" in found[("eligibility", "k2 at C")]
    assert set(found) == {(f, s) for f, s, _ in checker.broken_rules(instance, layout)}


def test_a_core_smaller_than_an_item_needs_is_explained(tmp_path: Path, capsys) -> None:
    folder = _variant(tmp_path)
    items = pd.read_csv(folder / "items.csv")
    items["min_sites"] = [3, 1]
    items.to_csv(folder / "items.csv", index=False)
    assert main(["solve", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 3
    assert "needs 3 hosting sites (min_sites) but max_core_sites is 2" in capsys.readouterr().out


@pytest.mark.parametrize(("changes", "words"), [
    ({"max_core_sites": 0}, "key 'max_core_sites': got '0'; expected a whole number >= 1"),
    ({"min_suitability": 2}, "key 'min_suitability': got '2'; expected a number in [0, 1]"),
])
def test_bad_core_settings_exit_2(tmp_path: Path, capsys, changes: dict, words: str) -> None:
    assert main(["validate", str(_variant(tmp_path, **changes))]) == 2
    assert words in capsys.readouterr().err
