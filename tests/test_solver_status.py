"""Solver outcomes short of proven optimality are reported for what they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synthetic import write_synthetic
from hinterland.model import load_instance
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import EXIT_BY_STATUS
from hinterland.solvers.outputs.text import run_text
from tests import checker


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    # 40 sites x 10 items: HiGHS needs branching here, so stopping early leaves a real gap.
    return load_instance(write_synthetic(tmp_path_factory.mktemp("syn") / "s", 40, 10, seed=0))


def test_a_layout_found_before_the_proof_is_feasible_with_its_gap(synthetic) -> None:
    # Stop at the first improving solution: deterministic, unlike a wall-clock limit.
    options = SolverOptions(log=False, highs_options={"mip_max_improving_sols": 1})
    run = run_instance(synthetic, options)
    assert run.status == SolveStatus.FEASIBLE
    assert EXIT_BY_STATUS[run.status] == 0
    result = run.result
    assert result.gap is not None and result.gap > 1e-4
    assert result.bound < result.objective
    assert checker.violations(synthetic, run.layout) == []
    assert checker.objective(synthetic, run.layout) == pytest.approx(result.objective, rel=1e-7)
    assert "feasible (stopped before proving optimality)" in run_text(run, Path("out"))


def test_the_proven_optimum_is_no_worse_than_the_early_layout(synthetic) -> None:
    early = run_instance(synthetic, SolverOptions(log=False,
                                                  highs_options={"mip_max_improving_sols": 1}))
    best = run_instance(synthetic, SolverOptions(log=False, mip_gap=1e-6))
    assert best.status == SolveStatus.OPTIMAL
    assert best.result.objective <= early.result.objective + 1e-6
    assert best.result.objective >= early.result.bound - 1e-6
