"""Library code never prints: it logs through the ``hinterland`` logger, and the command line
shows that logger on stderr at the level ``--quiet`` and ``-v`` ask for. A long solve logs a
progress line every few seconds; HiGHS's own log is shown only with ``--log``."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

import hinterland as hl
from benchmarks.synthetic import write_synthetic
from hinterland.solvers.adapter import highs
from hinterland.solvers.cli import main
from tests.test_micro import MICRO

PROGRESS = re.compile(r"^solving +\d+ s  (best [\d,.]+|no layout yet|\(presolve)", re.M)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 40 sites x 10 items: HiGHS branches for a while, so a short time limit stops it mid-way.
    return write_synthetic(tmp_path_factory.mktemp("syn") / "s", 40, 10, seed=0)


@pytest.fixture
def unconfigured():
    """The ``hinterland`` logger as a script finds it: no handler (the command line adds one
    when it runs in this process), records passed on to the root logger."""
    logger = logging.getLogger("hinterland")
    saved = logger.handlers[:], logger.level, logger.propagate
    logger.handlers, logger.level, logger.propagate = [], logging.NOTSET, True
    yield logger
    logger.handlers, logger.level, logger.propagate = saved


@pytest.fixture
def quick_progress(monkeypatch):
    monkeypatch.setattr(highs, "PROGRESS_SECONDS", 0.2)


def test_the_library_writes_nothing_to_the_terminal(unconfigured, capfd, quick_progress,
                                                    synthetic: Path) -> None:
    result = hl.solve(synthetic, time_limit=1.0, mip_gap=0)
    assert result.solved
    out, err = capfd.readouterr()  # what reached the process's stdout and stderr, HiGHS's too
    assert out == "" and err == ""


def test_a_script_sees_progress_by_configuring_logging(unconfigured, caplog, quick_progress,
                                                       synthetic: Path) -> None:
    with caplog.at_level(logging.INFO, logger="hinterland"):
        hl.solve(synthetic, time_limit=1.0, mip_gap=0)
    lines = [r.getMessage() for r in caplog.records
             if r.name == "hinterland.solvers.adapter.highs"]
    assert lines and all(PROGRESS.match(line) for line in lines)


def test_a_long_solve_shows_progress_lines(capfd, quick_progress, synthetic: Path,
                                           tmp_path: Path) -> None:
    assert main(["solve", str(synthetic), "--out", str(tmp_path / "run"), "--time-limit", "1",
                 "--gap", "0"]) == 0
    out, err = capfd.readouterr()
    assert len(PROGRESS.findall(err)) >= 2
    assert "Coefficient ranges" not in out + err  # the solver's own log stays off
    assert "hinterland: " in out and "status" in out  # the result, on stdout


def test_quiet_hides_progress_and_log_shows_highs_own_log(capfd, quick_progress,
                                                          synthetic: Path,
                                                          tmp_path: Path) -> None:
    assert main(["solve", str(synthetic), "--out", str(tmp_path / "q"), "--time-limit", "1",
                 "--gap", "0", "--quiet"]) == 0
    out, err = capfd.readouterr()
    assert not PROGRESS.search(err) and "status" in out
    assert main(["solve", str(synthetic), "--out", str(tmp_path / "log"), "--time-limit", "1",
                 "--gap", "0", "--log"]) == 0
    out, err = capfd.readouterr()
    assert "Coefficient ranges" in out and not PROGRESS.search(err)  # HiGHS's log, fd 1


def test_verbose_shows_the_options_of_each_solve(capsys, tmp_path: Path) -> None:
    assert main(["solve", str(MICRO / "requirement"), "--out", str(tmp_path / "run"), "-v",
                 "--highs-option", "presolve=off"]) == 0
    err = capsys.readouterr().err
    assert "HiGHS options: time_limit None, mip_rel_gap None, random_seed 0, presolve off" in err


def test_notes_on_the_instance_show_even_when_quiet(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "requirement"
    shutil.copytree(MICRO / "requirement", folder)
    sites = folder / "sites.csv"
    lines = sites.read_text().splitlines()
    sites.write_text("\n".join([lines[0] + ",remark", *(f"{row},x" for row in lines[1:])]) + "\n")
    assert main(["solve", str(folder), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "note: sites.csv: columns not used by the model: remark" in err
