"""Write a run's results to a folder, whole or not at all.

Files are written into a hidden temporary folder beside the target and moved into place with
one rename, so a crash or an interruption never leaves half a result. A folder that exists and
is not empty is never written into: results a user already has are never overwritten.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from hinterland.model import site_summary
from hinterland.model.plan_evaluation import evaluate_plan, plan_site_summary
from hinterland.solvers.adapter.pipeline import Run

SUMMARY = "summary.json"
LAYOUT = "layout.csv"
SITES = "site_summary.csv"
PLAN = "plan.csv"


class OutputExistsError(Exception):
    """The chosen output folder already holds files."""


def default_output_dir(instance_name: str, root: Path = Path("results")) -> Path:
    """A new folder ``results/<instance>-<UTC time>`` (suffixed if the name is taken)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    candidate = root / f"{instance_name}-{stamp}"
    suffix = 1
    while candidate.exists():
        suffix += 1
        candidate = root / f"{instance_name}-{stamp}-{suffix}"
    return candidate


def check_output_dir(path: Path) -> None:
    """Refuse a folder that exists and is not empty (or is a file)."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise OutputExistsError(
            f"{path} already exists and is not empty; choose a new --out folder "
            "(results are never overwritten)")


@cache
def versions() -> dict[str, str]:
    """Versions of everything that shapes a result.

    ``hinterland`` is the installed version, derived from git when it was built (setuptools-scm:
    the last tag and the commits since, ``0.1.devN+g<commit>`` before any tag). An editable
    install keeps that version while the checkout moves on, so when the code runs from a git
    checkout, ``hinterland_source`` names the commit it runs (``+dirty`` with uncommitted
    changes).
    """
    found = {"python": platform.python_version()}
    for package in ("hinterland", "pyomo", "highspy", "pandas", "numpy"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    source = _checkout_commit()
    if source:
        found["hinterland_source"] = source
    return found


def _checkout_commit() -> str | None:
    """The commit of the git checkout the package runs from, or None (a wheel, no git)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists() or not (root / "model").is_dir():
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty=+dirty",
                               "--abbrev=12"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return f"git {done.stdout.strip()}" if done.returncode == 0 and done.stdout.strip() else None


def summary(run: Run) -> dict:
    """The content of ``summary.json``."""
    instance, result = run.instance, run.result
    return {
        "instance": {
            "name": instance.name,
            "folder": str(instance.folder),
            "units": instance.settings.units,
            "sha256": instance.digest,
            "scenarios": list(instance.scenarios),
        },
        "status": str(result.status),
        "termination": result.termination,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "breakdown": run.breakdown,
        "periods": [{"name": p.name, "start": p.start, "end": p.end, "budget": p.budget}
                    for p in instance.periods],
        "findings": [{"check": f.check, "subject": f.subject, "message": f.message}
                     for f in run.findings],
        "seconds": {
            "build": run.build_seconds,
            "compile": result.compile_seconds,
            "solve": result.solve_seconds,
        },
        "model_size": {
            "columns": result.size.columns,
            "integer_columns": result.size.integer_columns,
            "rows": result.size.rows,
            "nonzeros": result.size.nonzeros,
        },
        "solver": {
            "name": result.solver,
            "time_limit": result.options.time_limit,
            "mip_gap": result.options.mip_gap,
            "random_seed": result.options.highs_options.get("random_seed",
                                                            result.options.random_seed),
            "highs_options": dict(result.options.highs_options),
        },
        "versions": versions(),
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


#: A file to write: it receives the path to write to.
Writer = Callable[[Path], object]


def write_csv(table: pd.DataFrame) -> Writer:
    return lambda path: table.to_csv(path, index=False, float_format="%.10g")


def write_json(data: dict) -> Writer:
    return lambda path: path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def result_files(run: Run) -> dict[str, Writer]:
    """``summary.json`` (always), ``layout.csv`` and ``site_summary.csv`` (with a layout).

    A plan's layout and site summary have a first column ``period``, and ``plan.csv`` gives
    each period's years, investment standing and added, budget and running costs.
    """
    files = {SUMMARY: write_json(summary(run))}
    if run.layout is not None:
        files[LAYOUT] = write_csv(run.layout)
        if run.instance.periods:
            files[SITES] = write_csv(plan_site_summary(run.instance, run.layout))
            files[PLAN] = write_csv(evaluate_plan(run.instance, run.layout).schedule)
        else:
            files[SITES] = write_csv(site_summary(run.instance, run.layout))
    return files


def write_file(target: Path, write: Writer, *, replace: bool = True) -> None:
    """Write ``target`` whole or not at all: into a temporary file beside it, then into place.

    With ``replace`` the temporary file is renamed over ``target``. Without it, it is
    hard-linked into place, which fails (``FileExistsError``) if a file of that name appeared
    meanwhile, where a rename would replace it; on a file system without hard links the name
    is checked just before the rename.
    """
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent,
                                    suffix=target.suffix)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(0o644)
        if replace:
            os.replace(temporary, target)
            return
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise
        except OSError:
            if target.exists():
                raise FileExistsError(target) from None
            os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_results(run: Run, target: Path) -> Path:
    """Write the files of :func:`result_files` into ``target``, whole or not at all."""
    return write_folder(target, result_files(run))


def write_folder(target: Path, files: dict[str, Writer]) -> Path:
    """Write ``files`` (name -> writer) into the new folder ``target``, whole or not at all.

    Returns the folder written. Raises :class:`OutputExistsError` if ``target`` holds files.
    """
    check_output_dir(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; results are ordinary files
        for name, write in files.items():
            write(staging / name)
        check_output_dir(target)
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
