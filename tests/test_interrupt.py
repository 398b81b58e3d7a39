"""Ctrl-C during a long solve writes what is known and exits cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synthetic import write_synthetic

ROOT = Path(__file__).resolve().parents[1]


def test_ctrl_c_keeps_the_best_layout_found(tmp_path: Path) -> None:
    # 400 sites x 30 items takes minutes to prove optimal on this machine; interrupt it after
    # the build, while HiGHS searches.
    folder = write_synthetic(tmp_path / "big", 400, 30, seed=1)
    out = tmp_path / "run"
    process = subprocess.Popen(
        [sys.executable, "-m", "hinterland.solvers.cli", "solve", str(folder), "--out", str(out),
         "--quiet"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A non-interactive shell starts children with SIGINT ignored; a terminal does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(8)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stdout + stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["termination"] == "Interrupted by user"
    if summary["status"] == "feasible":  # a layout was found before the interruption
        assert process.returncode == 0
        assert (out / "layout.csv").is_file()
        assert summary["gap"] > 0 and summary["bound"] < summary["objective"]
    else:
        assert summary["status"] == "no_solution" and process.returncode == 4
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
