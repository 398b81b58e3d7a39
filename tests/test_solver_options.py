"""HiGHS options pass through from instance.yaml, scenarios, the command line and the API;
an unknown or refused option is a located error (exit 2, nothing written).

That an option reaches HiGHS is shown by one whose effect is certain:
``mip_max_improving_sols = 1`` stops at the first improving layout, so a synthetic instance that
needs branching ends ``feasible`` with a gap instead of ``optimal``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import hinterland as hl
from benchmarks.synthetic import write_synthetic
from hinterland.model import InstanceError
from hinterland.solvers.adapter import options
from hinterland.solvers.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "instances" / "example"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 40 sites x 10 items: HiGHS needs branching here (tests/test_solver_status.py).
    return write_synthetic(tmp_path_factory.mktemp("syn") / "s", 40, 10, seed=0)


def with_solver_section(source: Path, target: Path, section: str) -> Path:
    """A copy of ``source`` whose instance.yaml ends with ``section`` (a ``solver:`` block)."""
    shutil.copytree(source, target)
    settings = target / "instance.yaml"
    text = settings.read_text(encoding="utf-8")
    if "\nsolver:" in text:  # replace the instance's own solver block
        head, _, rest = text.partition("\nsolver:")
        tail = rest.split("\n")
        kept = [line for line in tail[1:] if not line.startswith(" ")]
        text = head + "\n" + "\n".join(kept)
    settings.write_text(text.rstrip("\n") + "\n" + section, encoding="utf-8")
    return target


def test_an_option_of_instance_yaml_reaches_highs(synthetic: Path, tmp_path: Path) -> None:
    folder = with_solver_section(synthetic, tmp_path / "early",
                                 "solver:\n  mip_gap: 0\n  highs:\n"
                                 "    mip_max_improving_sols: 1\n")
    assert main(["solve", str(folder), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["status"] == "feasible" and summary["gap"] > 1e-4
    assert summary["solver"]["highs_options"] == {"mip_max_improving_sols": 1}
    proven = hl.solve(synthetic, mip_gap=0)
    assert proven.status == "optimal" and proven.objective <= summary["objective"] + 1e-6


def test_the_command_line_and_the_api_pass_options_too(synthetic: Path, tmp_path: Path) -> None:
    assert main(["solve", str(synthetic), "--out", str(tmp_path / "run"), "--quiet", "--gap",
                 "0", "--highs-option", "mip_max_improving_sols=1"]) == 0
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["status"] == "feasible"
    assert summary["solver"]["highs_options"] == {"mip_max_improving_sols": 1}  # an int
    early = hl.solve(synthetic, mip_gap=0, highs_options={"mip_max_improving_sols": 1})
    assert early.status == "feasible"
    assert early.run.result.options.highs_options == {"mip_max_improving_sols": 1}


def test_the_command_line_replaces_an_option_of_instance_yaml(synthetic: Path,
                                                              tmp_path: Path) -> None:
    folder = with_solver_section(synthetic, tmp_path / "early",
                                 "solver:\n  highs:\n    mip_max_improving_sols: 1\n")
    late = hl.solve(folder, mip_gap=0, highs_options={"mip_max_improving_sols": 1000})
    assert late.status == "optimal"
    assert late.run.result.options.highs_options == {"mip_max_improving_sols": 1000}


def test_a_scenario_sets_options_and_yaml_on_off_mean_words(tmp_path: Path) -> None:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    (folder / "scenarios.yaml").write_text(
        "no_presolve:\n  solver.highs.presolve: off\n  solver.time_limit: 30\n",
        encoding="utf-8")
    result = hl.solve(folder, scenarios=["no_presolve"])
    options = result.run.result.options
    # YAML reads `off` as false; for a string option it means the word HiGHS expects.
    assert options.highs_options == {"presolve": "off"} and options.time_limit == 30
    assert result.status == "optimal"
    assert result.objective == pytest.approx(hl.solve(folder).objective, rel=1e-9)


def test_unknown_and_refused_options_are_located(tmp_path: Path, capsys) -> None:
    folder = with_solver_section(EXAMPLE, tmp_path / "bad",
                                 "solver:\n  highs:\n    presolv: off\n    threads: 2.5\n"
                                 "    output_flag: true\n")
    out = tmp_path / "run"
    assert main(["solve", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    lines = {line.split(": got")[0].strip(" -") for line in err.splitlines() if ": got" in line}
    text = (folder / "instance.yaml").read_text().splitlines()
    line_of = {key: text.index(f"    {key}: {value}") + 1
               for key, value in (("presolv", "off"), ("threads", "2.5"),
                                  ("output_flag", "true"))}
    assert lines == {f"instance.yaml, line {line_of[k]}, key 'solver.highs.{k}'"
                     for k in line_of}
    assert "did you mean 'presolve'?" in err
    assert "a value HiGHS accepts for threads (a whole number)" in err
    assert "use --log (HiGHS's own log)" in err
    assert "Traceback" not in err and not out.exists()
    assert main(["validate", str(folder)]) == 2  # validate checks them too
    assert "did you mean 'presolve'?" in capsys.readouterr().err


def test_bad_options_from_the_command_line_scenarios_and_api(tmp_path: Path, capsys) -> None:
    assert main(["solve", str(EXAMPLE), "--out", str(tmp_path / "a"),
                 "--highs-option", "mip_rel_gap=0.1"]) == 2
    assert "--highs-option: got 'mip_rel_gap'; expected an option hinterland does not set " \
           "itself; use the gap (--gap, solver.mip_gap)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["solve", str(EXAMPLE), "--highs-option", "presolve"])
    assert stop.value.code == 2 and "expected KEY=VALUE" in capsys.readouterr().err
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    (folder / "scenarios.yaml").write_text("odd:\n  solver.highs.mip_feasibility_tolerance: "
                                           "loose\n", encoding="utf-8")
    with pytest.raises(InstanceError, match=r"scenarios.yaml, line 2, key "
                       r"'odd.solver.highs.mip_feasibility_tolerance': got 'loose'; expected "
                       r"a value HiGHS accepts"):
        hl.solve(folder, scenarios=["odd"])
    with pytest.raises(InstanceError, match="highs_options: got 'time_limt'; expected a HiGHS "
                       "option name"):
        hl.solve(EXAMPLE, highs_options={"time_limt": 5})
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize(("kind", "given", "expected"), [
    ("kBool", "on", True), ("kBool", False, False), ("kBool", 1, None),
    ("kInt", "4", 4), ("kInt", 4, 4), ("kInt", True, None), ("kInt", "4.5", None),
    ("kDouble", "1e-6", 1e-6), ("kDouble", 2, 2.0), ("kDouble", "nan", None),
    ("kString", True, "on"), ("kString", "choose", "choose"),
])
def test_option_values_take_highs_types(kind: str, given, expected) -> None:
    assert options.option_value(getattr(options.highspy.HighsOptionType, kind), given) == expected


def test_an_option_value_must_be_one_value(tmp_path: Path, capsys) -> None:
    folder = with_solver_section(EXAMPLE, tmp_path / "list",
                                 "solver:\n  highs:\n    mip_pool_age_limit: [1, 2]\n")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "key 'solver.highs.mip_pool_age_limit': got '[1, 2]'; expected a single value" in err
    plain = tmp_path / "example"
    shutil.copytree(EXAMPLE, plain)
    (plain / "scenarios.yaml").write_text("odd:\n  solver.highs.presolve: {a: 1}\n")
    with pytest.raises(InstanceError, match=r"line 2, key 'odd.solver.highs.presolve': got "
                       r"\"\{'a': 1\}\"; expected a single value"):
        hl.solve(plain, scenarios=["odd"])
