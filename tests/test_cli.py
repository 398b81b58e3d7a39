"""The command line's contract: default instance, exit statuses, and the package boundary."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import pytest

from hinterland.model import load_instance
from hinterland.solvers.cli import DEFAULT_INSTANCE, main
from tests import checker

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "instances" / "example"


def test_solve_without_an_instance_solves_the_bundled_default(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    assert main(["solve", "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "status      optimal" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["instance"]["name"] == load_instance(DEFAULT_INSTANCE).name
    assert summary["status"] == "optimal"
    assert summary["gap"] == pytest.approx(0.0, abs=1e-9)
    assert summary["bound"] == pytest.approx(summary["objective"], rel=1e-9)
    for package in ("pyomo", "highspy", "python"):
        assert summary["versions"][package]
    instance = load_instance(DEFAULT_INSTANCE)
    layout = pd.read_csv(out / "layout.csv")
    assert checker.violations(instance, layout) == []
    assert checker.objective(instance, layout) == pytest.approx(summary["objective"], rel=1e-9)


def test_solve_defaults_to_a_new_folder_under_results(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["solve", str(EXAMPLE), "--quiet"]) == 0
    assert main(["solve", str(EXAMPLE), "--quiet"]) == 0
    runs = sorted((tmp_path / "results").iterdir())
    assert len(runs) == 2  # a second run never reuses the first one's folder
    for run in runs:
        assert run.name.startswith("example-")
        assert (run / "summary.json").is_file()


def test_no_solution_within_the_time_limit_exits_4(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    assert main(["solve", "--out", str(out), "--time-limit", "1e-9", "--quiet"]) == 4
    assert "no layout found" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "no_solution"
    assert summary["solver"]["time_limit"] == 1e-9
    assert not (out / "layout.csv").exists()


def test_validate_reports_a_valid_instance(capsys) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    printed = capsys.readouterr().out
    assert "valid" in printed and "8 sites" in printed and "4 items" in printed


def test_validate_reports_certain_infeasibility_with_exit_3(capsys) -> None:
    folder = ROOT / "tests" / "micro" / "infeasible_budget"
    assert main(["validate", str(folder)]) == 3
    assert "raise the budget by at least 1" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["solve", "--gap", "2"], ["solve", "--time-limit", "-1"],
                                  ["solve", "--time-limit", "soon"], ["frobnicate"]])
def test_bad_arguments_exit_2(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert "expected" in capsys.readouterr().err or argv == ["frobnicate"]


def test_model_never_imports_solvers() -> None:
    offenders = []
    for path in (ROOT / "model").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            offenders += [f"{path.name}: {n}" for n in names
                          if n.split(".")[0] == "solvers" or n.startswith("hinterland.solvers")]
    assert offenders == []


def test_start_up_leaves_drawing_to_the_commands_that_draw() -> None:
    # matplotlib, geopandas and scipy cost about a second of every command's start-up; only
    # maps, rankings and reports need them, and those import them when they draw.
    import subprocess
    import sys

    code = ("import sys, hinterland.solvers.cli; "
            "print(sorted(m for m in ('matplotlib', 'geopandas', 'scipy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert loaded == "[]"
