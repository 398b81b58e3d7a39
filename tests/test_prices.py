"""``hinterland price``: what one step tighter survivability or depth costs, derived by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from hinterland.model import load_instance
from hinterland.solvers.adapter.highs import SolverOptions
from hinterland.solvers.cli import main
from hinterland.solvers.studies.prices import price_table
from tests.test_micro import MICRO

QUIET = SolverOptions(log=False, mip_gap=0.0)


def test_prices_on_the_eligibility_instance() -> None:
    # eligibility: demand 10 at unit capex 1; eligible are A (cost_index 2) and G (1.5, exactly
    # 500 km from the coast, the item's min_coast_km). Optimum: all at G, 15.
    # Depth +100 km excludes G: all at A, 20: +5 per 100 km.
    # Survivability 0 -> 0.05: half a unit must survive the loss of the larger site, so A
    # holds 0.5 and G 9.5: 1 + 14.25 = 15.25: +0.25 for 5 points, 0.05 per point.
    base, table = price_table(load_instance(MICRO / "eligibility"), QUIET)
    assert base.result.objective == pytest.approx(15.0)
    prices = table.set_index("rule")
    assert prices.loc["depth", "cost_change"] == pytest.approx(5.0)
    assert prices.loc["depth", "price_per_unit"] == pytest.approx(5.0)
    assert prices.loc["survivability", "cost_change"] == pytest.approx(0.25)
    assert prices.loc["survivability", "price_per_unit"] == pytest.approx(0.05)


def test_a_step_no_layout_can_take_is_reported_infeasible() -> None:
    # separation: its sites lie 1,000 km from the coast; min_coast_km 0 -> 1,500 leaves none.
    _, table = price_table(load_instance(MICRO / "separation"), QUIET, depth_step=1500)
    depth = table.set_index("rule").loc["depth"]
    assert depth["status"] == "infeasible"
    assert pd.isna(depth["price_per_unit"])


def test_price_command_writes_the_table(tmp_path: Path, capsys) -> None:
    # survival: A 6 and B 6 (cost 1 and 2 per unit) hold 0.6 x 10 against the loss of either;
    # the cost is 30 x survive_share, so 0.6 -> 0.65 costs 1.5 more, 0.3 per point.
    out = tmp_path / "run"
    assert main(["price", str(MICRO / "survival"), "--out", str(out), "--quiet"]) == 0
    table = pd.read_csv(out / "prices.csv").set_index("rule")
    assert table.loc["survivability", "price_per_unit"] == pytest.approx(0.3)
    assert (out / "summary.json").is_file()
    assert "per percentage point" in capsys.readouterr().out
