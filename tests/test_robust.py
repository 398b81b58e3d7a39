"""Robust core and least regret across runs, on layouts worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from hinterland.model import load_instance
from hinterland.model.robust import hosting_frequency, least_regret, regret_table
from hinterland.model.scenarios import apply_overrides
from hinterland.solvers.adapter.highs import SolverOptions
from hinterland.solvers.adapter.pipeline import run_instance
from tests.test_micro import MICRO

QUIET = SolverOptions(log=False, mip_gap=0.0)


def layout(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["site_id", "item_id", "capacity"])


def test_hosting_frequency_counts_runs() -> None:
    runs = {"a": layout(("A", "k", 5), ("B", "k", 5)), "b": layout(("A", "k", 10)),
            "c": layout(("A", "k", 8), ("C", "k", 2))}
    table = hosting_frequency(runs).set_index(["site_id", "item_id"])
    assert table.loc[("A", "k"), "share"] == 1.0  # the robust core
    assert table.loc[("B", "k"), "runs"] == 1
    assert table.loc[("C", "k"), "share"] == pytest.approx(1 / 3)


def test_least_regret_on_the_budget_instance() -> None:
    # budget micro: cost 11 per unit at A, 3 at B, investment x_A + 2 x_B <= budget.
    # Budget 15: optimum x_B = 5, cost 70. Budget 20: x_B = 10, cost 30.
    base = load_instance(MICRO / "budget")
    instances = {"b15": base, "b20": apply_overrides(base, {"budget": 20})}
    runs = {name: run_instance(inst, QUIET) for name, inst in instances.items()}
    optima = {name: run.result.objective for name, run in runs.items()}
    assert optima == pytest.approx({"b15": 70.0, "b20": 30.0})
    table = regret_table(instances, optima, {n: r.layout for n, r in runs.items()})
    regret = table.set_index(["candidate", "run"])["regret"]
    # The b20 optimum invests 20 > 15: not available under the smaller budget.
    assert math.isinf(regret[("b20", "b15")])
    # The b15 optimum is feasible in both; under budget 20 it costs 70 against 30.
    assert regret[("b15", "b20")] == pytest.approx(40.0)
    assert least_regret(table) == ("b15", pytest.approx(40.0))


def test_a_sweep_writes_the_robust_core(tmp_path, capsys) -> None:
    from hinterland.solvers.cli import main

    # The budget micro at budgets 15 and 20 (derived above): the b15 optimum is the only one
    # available under both, with regret 40 under budget 20.
    out = tmp_path / "sweep"
    assert main(["sweep", str(MICRO / "budget"), "--param", "budget=15,20", "--out",
                 str(out)]) == 0
    assert "the layout of run-001 has the least worst-case regret" in capsys.readouterr().out
    regret = pd.read_csv(out / "regret.csv").set_index(["candidate", "run"])["regret"]
    assert regret[("run-001", "run-002")] == pytest.approx(40.0)
    assert math.isinf(regret[("run-002", "run-001")])
    core = pd.read_csv(out / "robust_core.csv").set_index(["site_id", "item_id"])
    # b15 places 5 at A and 5 at B, b20 all 10 at B: B is the robust core.
    assert core.loc[("B", "k"), "share"] == 1.0 and core.loc[("A", "k"), "share"] == 0.5
    assert (out / "robust_layout.png").stat().st_size > 10_000
