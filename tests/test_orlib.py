"""OR-Library capacitated warehouse location benchmarks: parse, convert, solve, re-check.

The raw files and the published optima live in ``benchmarks/data/orlib/``. Each problem is converted
with :mod:`benchmarks.orlib`, solved through the command line entry point, and its objective is
compared with the published optimum and recomputed from the layout and the raw data alone.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.cases import ORLIB_FILES, published_optima
from benchmarks.orlib import OrlibFormatError, main, parse_orlib, read_orlib, write_instance
from hinterland.model import load_instance
from hinterland.solvers.cli import main as hinterland
from tests import checker

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "benchmarks" / "data" / "orlib"


def index_of(identifier: str) -> int:
    """0-based file position from a converted id (``f03`` -> 2, ``c010`` -> 9)."""
    return int(identifier[1:]) - 1


# --- parsing -------------------------------------------------------------------------------


def test_cap41_parsed_as_in_the_file() -> None:
    problem = read_orlib(RAW / "cap41.txt")
    assert (problem.n_facilities, problem.n_customers) == (16, 50)  # line 1: "16 50"
    # Line 2: " 5000 7500. " (facility 1); line 12: " 5000 0. " (facility 11 is free).
    assert (problem.capacities[0], problem.fixed_costs[0]) == (5000.0, 7500.0)
    assert problem.fixed_costs[10] == 0.0
    # Lines 18-21: customer 1 has demand 146; its 16 costs wrap over three lines, starting
    # 6739.72500 (facility 1) and ending 6051.70000 (facility 16).
    assert problem.demands[0] == 146.0
    assert problem.costs[0][0] == 6739.725
    assert problem.costs[0][15] == 6051.7
    # Last lines: customer 50 has demand 222, its last cost is 7448.10000.
    assert problem.demands[49] == 222.0
    assert problem.costs[49][15] == 7448.1
    assert sum(problem.demands) == 58268.0
    assert all(len(row) == 16 for row in problem.costs)


def test_capacity_placeholder_is_replaced() -> None:
    text = "2 1\n capacity 10.\n capacity 20.\n 4\n 8. 12.\n"
    problem = parse_orlib(text, capacity=6)
    assert problem.capacities == (6.0, 6.0)
    assert problem.capacity_given == 6.0
    with pytest.raises(OrlibFormatError, match="placeholder"):
        parse_orlib(text)
    with pytest.raises(OrlibFormatError, match="every facility's capacity is a number"):
        parse_orlib("1 1\n 5 1.\n 2\n 3.\n", capacity=6)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2 1\n 5 1.\n 5 1.\n 2\n 3.\n", "line 5: file ends where the cost of serving customer 1 "
                                         "from facility 2 was expected"),
        ("1 1\n 5 1.\n 2\n 3.\n 7\n", "line 5: unexpected text"),
        ("1 1\n 5 x\n 2\n 3.\n", "line 2: expected the fixed cost of facility 1"),
        ("1 1\n 5 1.\n -2\n 3.\n", "line 3: expected the demand of customer 1 as a finite"),
    ],
)
def test_malformed_files_are_refused_with_the_line(text: str, message: str) -> None:
    with pytest.raises(OrlibFormatError, match=re.escape(message)):
        parse_orlib(text, source="bad.txt")


# --- conversion ----------------------------------------------------------------------------


def test_committed_cap41_instance_is_the_converter_output(tmp_path: Path) -> None:
    fresh = write_instance(read_orlib(RAW / "cap41.txt"), tmp_path / "fresh", "orlib-cap41")
    committed = ROOT / "instances" / "orlib-cap41"
    for file in sorted(fresh.iterdir()):
        assert (committed / file.name).read_text() == file.read_text(), file.name


def test_zero_demand_customer(tmp_path: Path) -> None:
    """A customer with demand 0 is kept, needs no site, and its cost line has no effect."""
    # Facility 1: capacity 12, fixed 10; facility 2: capacity 12, fixed 20. Customers: demand 5
    # (costs 10, 20), demand 0 (costs 999, 1: irrelevant), demand 7 (costs 14, 7).
    # Only facility 1 open: 10 + 10 + 14 = 34; only 2: 20 + 20 + 7 = 47; both: 30 + 17 = 47.
    text = "2 3\n capacity 10.\n capacity 20.\n 5\n 10. 20.\n 0\n 999. 1.\n 7\n 14. 7.\n"
    folder = write_instance(parse_orlib(text, capacity=12), tmp_path / "inst", "zero")
    instance = load_instance(folder)
    assert instance.items.loc["c002", "min_sites"] == 0
    assert (instance.distance_km["c002"] == 0).all()
    out = tmp_path / "out"
    assert hinterland(["solve", str(folder), "--out", str(out), "--quiet"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal"
    assert summary["objective"] == pytest.approx(34.0, rel=1e-9)
    assert "c002" not in set(pd.read_csv(out / "layout.csv")["item_id"])


def test_command_line_refuses_to_overwrite(tmp_path: Path) -> None:
    source, out = str(RAW / "cap41.txt"), str(tmp_path / "cap41")
    assert main([source, out]) == 0
    assert main([source, out]) == 2
    assert main([source, out, "--force"]) == 0
    assert load_instance(out).name == "orlib-cap41"


# --- solving to the published optimum ------------------------------------------------------


@pytest.fixture(scope="module", params=ORLIB_FILES)
def solved(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """(name, raw problem, summary.json, layout.csv, instance folder) of one solved problem."""
    name = request.param
    work = tmp_path_factory.mktemp(name)
    problem = read_orlib(RAW / f"{name}.txt")
    folder = write_instance(problem, work / "instance", f"orlib-{name}")
    out = work / "out"
    assert hinterland(["solve", str(folder), "--out", str(out), "--quiet"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    layout = pd.read_csv(out / "layout.csv", dtype={"site_id": str, "item_id": str})
    return name, problem, summary, layout, folder


def test_reaches_published_optimum(solved) -> None:
    name, _, summary, _, _ = solved
    assert summary["status"] == "optimal"
    assert summary["objective"] == pytest.approx(published_optima()[name], rel=1e-6)


def test_objective_recomputed_from_raw_data(solved) -> None:
    """Fixed cost of every facility that serves anyone + share of each customer's cost line."""
    _, problem, summary, layout, _ = solved
    serving = {index_of(s) for s in layout.loc[layout["capacity"] > 0, "site_id"]}
    total = sum(problem.fixed_costs[i] for i in serving)
    for row in layout.itertuples():
        i, j = index_of(row.site_id), index_of(row.item_id)
        total += row.capacity / problem.demands[j] * problem.costs[j][i]
    assert total == pytest.approx(summary["objective"], rel=1e-9)


def test_layout_respects_capacities_and_meets_demand(solved) -> None:
    _, problem, _, layout, folder = solved
    used: dict[int, float] = defaultdict(float)
    served: dict[int, float] = defaultdict(float)
    for row in layout.itertuples():
        assert row.capacity >= 0
        used[index_of(row.site_id)] += row.capacity
        served[index_of(row.item_id)] += row.capacity
    for i, amount in used.items():
        assert amount <= problem.capacities[i] * (1 + 1e-9) + 1e-6, f"facility {i + 1}"
    for j, demand in enumerate(problem.demands):
        assert served[j] >= demand * (1 - 1e-9) - 1e-6, f"customer {j + 1}"
    # The project's own independent checker agrees (every constraint of the model).
    assert checker.violations(load_instance(folder), layout) == []
