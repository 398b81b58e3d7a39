"""Property tests on random small instances (Hypothesis, derandomised so CI is repeatable).

* A larger budget never raises the optimum, and never turns a feasible instance infeasible.
* Every layout the solver returns passes the independent checker, and the checker's
  objective equals the solver's.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hinterland.model import load_instance
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance
from tests import checker

QUIET = SolverOptions(log=False, mip_gap=0.0)


@st.composite
def instance_tables(draw: st.DrawFn) -> dict[str, pd.DataFrame | dict]:
    """Sites, items and settings of a small random instance in the user's format."""
    n_sites = draw(st.integers(2, 5))
    n_items = draw(st.integers(1, 3))
    money = st.sampled_from([0, 1, 2, 3, 5, 8])
    sites = pd.DataFrame({
        "site_id": [f"S{i}" for i in range(n_sites)],
        "name": [f"Site {i}" for i in range(n_sites)],
        "province": [f"P{i % 3}" for i in range(n_sites)],
        "region": [draw(st.sampled_from(["East", "West"])) for _ in range(n_sites)],
        "lon": [100.0 + draw(st.integers(0, 10)) for _ in range(n_sites)],
        "lat": [25.0 + draw(st.integers(0, 10)) for _ in range(n_sites)],
        "hinterland": [True] * n_sites,
        "cost_index": [draw(st.sampled_from([0.5, 1.0, 1.5, 2.0])) for _ in range(n_sites)],
        "hazard": [draw(st.sampled_from([0.0, 0.3, 0.6])) for _ in range(n_sites)],
        "coast_km": [draw(st.sampled_from([200, 600, 1200])) for _ in range(n_sites)],
        "border_km": [1000] * n_sites,
        "open_cost": [draw(money) for _ in range(n_sites)],
        "cap_land": [draw(st.sampled_from([5.0, 10.0, 40.0])) for _ in range(n_sites)],
    })
    items = pd.DataFrame({
        "item_id": [f"K{i}" for i in range(n_items)],
        "task": [draw(st.sampled_from(["reserve", "backup", "integration"]))
                 for _ in range(n_items)],
        "demand": [float(draw(st.integers(1, 12))) for _ in range(n_items)],
        "min_scale": [draw(st.sampled_from([0.0, 1.0])) for _ in range(n_items)],
        "max_share": [draw(st.sampled_from([0.5, 0.8, 1.0])) for _ in range(n_items)],
        "min_sites": [draw(st.integers(1, 2)) for _ in range(n_items)],
        "survive_share": [draw(st.sampled_from([0.0, 0.3])) for _ in range(n_items)],
        "min_coast_km": [draw(st.sampled_from([0, 500])) for _ in range(n_items)],
        "max_hazard": [draw(st.sampled_from([0.5, 1.0])) for _ in range(n_items)],
        "fixed_cost": [draw(money) for _ in range(n_items)],
        "unit_capex": [draw(money) for _ in range(n_items)],
        "unit_opex": [draw(st.sampled_from([0.0, 0.2])) for _ in range(n_items)],
        "transport_cost": [draw(st.sampled_from([0.0, 0.001])) for _ in range(n_items)],
        "serves": [draw(st.sampled_from(["", "C1", "C1;C2"])) for _ in range(n_items)],
        "use_land": [draw(st.sampled_from([0.0, 0.5, 1.0])) for _ in range(n_items)],
        "survive_sites": [draw(st.integers(1, 3)) for _ in range(n_items)],
        "survive_share_province": [draw(st.sampled_from([0.0, 0.0, 0.3]))
                                   for _ in range(n_items)],
        "reach_km": [draw(st.sampled_from([0, 1500, 2500])) for _ in range(n_items)],
        "reach_sites": [draw(st.sampled_from([0, 0, 1, 2])) for _ in range(n_items)],
        "min_separation_km": [draw(st.sampled_from([0, 0, 1000])) for _ in range(n_items)],
        "value": [draw(st.sampled_from([1.0, 2.0])) for _ in range(n_items)],
    })
    west_min = draw(st.sampled_from([None, 0.2, 0.5]))
    config: dict = {"name": "random", "horizon_years": 10}
    regions: dict = {}
    if west_min is not None and "West" in set(sites["region"]):
        regions["West"] = {"min_share": west_min}
    if draw(st.booleans()) and "East" in set(sites["region"]):
        regions.setdefault("East", {})["target_share"] = draw(st.sampled_from([0.3, 0.6]))
    if regions:
        config["regions"] = regions
    config["weights"] = {"cost": 1, "risk": draw(st.sampled_from([0, 0, 2])),
                         "balance": draw(st.sampled_from([0, 0.5])),
                         "synergy": draw(st.sampled_from([0, 1]))}
    if draw(st.booleans()):
        config["progression"] = {"min_base": 0.5}
        sites["base_industry"] = [draw(st.sampled_from([0.0, 1.0])) for _ in range(n_sites)]
        items["sector"] = "industry"
    synergies = None
    if n_items >= 2 and draw(st.booleans()):
        synergies = pd.DataFrame({"item_a": ["K0"], "item_b": ["K1"],
                                  "bonus": [draw(st.sampled_from([1.0, 50.0]))]})
    return {"sites": sites, "items": items, "config": config, "synergies": synergies}


def write_instance(folder: Path, tables: dict, budget: float | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = dict(tables["config"])
    if budget is not None:
        config["budget"] = budget
    (folder / "instance.yaml").write_text(yaml.safe_dump(config))
    tables["sites"].to_csv(folder / "sites.csv", index=False)
    tables["items"].to_csv(folder / "items.csv", index=False)
    if tables.get("synergies") is not None:
        tables["synergies"].to_csv(folder / "synergies.csv", index=False)
    pd.DataFrame({"centre_id": ["C1", "C2"], "name": ["One", "Two"], "lon": [116.4, 121.5],
                  "lat": [39.9, 31.2]}).to_csv(folder / "centres.csv", index=False)
    return folder


def solve_with_budget(root: Path, tables: dict, budget: float | None):
    name = "none" if budget is None else f"b{budget:g}"
    instance = load_instance(write_instance(root / name, tables, budget))
    run = run_instance(instance, QUIET)
    if run.status == SolveStatus.OPTIMAL:
        assert checker.violations(instance, run.layout) == []
        assert checker.objective(instance, run.layout) == pytest.approx(
            run.result.objective, rel=1e-7, abs=1e-7)
    else:
        assert run.status == SolveStatus.INFEASIBLE
    return run


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(tables=instance_tables(), fractions=st.lists(st.sampled_from([0.3, 0.6, 0.9, 1.2]),
                                                     min_size=2, max_size=2, unique=True))
def test_a_larger_budget_never_costs_more(tables: dict, fractions: list[float]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        free = solve_with_budget(root, tables, None)
        if free.status != SolveStatus.OPTIMAL:
            return  # infeasible without a budget: no budget can help (checked by status above)
        invested = free.breakdown["investment"]
        small, large = sorted(round(f * invested, 6) for f in fractions)
        tight = solve_with_budget(root, tables, small)
        loose = solve_with_budget(root, tables, large)
        if tight.status == SolveStatus.OPTIMAL:
            assert loose.status == SolveStatus.OPTIMAL
            assert loose.result.objective <= tight.result.objective + 1e-6
        if loose.status == SolveStatus.OPTIMAL:
            assert free.result.objective <= loose.result.objective + 1e-6
        if large >= invested:
            # The unconstrained optimum fits this budget, so the optimum cannot change.
            assert loose.result.objective == pytest.approx(free.result.objective, rel=1e-9)
