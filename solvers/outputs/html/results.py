"""Read a results folder of hinterland back, with the instance it was made from.

A report is made from the folder alone plus the instance it names: ``summary.json`` (or
``sweep.json``) records the instance folder, the scenarios applied and the SHA-256 of its
files, so the instance is loaded again, the scenarios applied, and the digest compared; a
folder whose instance has changed since is refused rather than measured against other rules.

Four kinds of folder are told apart by their files (see :func:`read_results`):

* a solve (``hinterland solve``, ``price``): ``summary.json``, and ``layout.csv`` when solved;
* a comparison (``hinterland compare``): ``comparison.csv`` and today's ``current_layout.csv``,
  with the files of a solve when compare solved (with ``--layout`` it did not, and the layout
  compared is read back from ``site_changes.csv``);
* a sweep (``hinterland sweep``): ``sweep.json``, ``sweep.csv``, ``runs/`` and the robust core;
* a frontier (``hinterland pareto``): ``summary.json`` naming its ``objectives``,
  ``frontier.csv`` and ``points/``.

A solve or comparison of a plan over periods has the same files, its layouts with a first
column ``period``, and the schedule ``plan.csv`` (see docs/periods.md); sweeps and frontiers
of plans are not reported yet.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hinterland.model import Instance, load_instance
from hinterland.model.loading import load_layout
from hinterland.model.periods import single_layout
from hinterland.model.robust import least_regret
from hinterland.model.scenarios import apply_scenarios

REPORT = "report.html"
REPORT_MAP = "report_map.png"


class ReportError(Exception):
    """A folder a report cannot be made from; the message says why and what to do."""


@dataclass(frozen=True)
class SolveResults:
    """A solve or a comparison: the instance, the solve's summary and the two layouts."""

    folder: Path
    instance: Instance
    #: ``summary.json`` of the solve (None for a comparison with a given layout).
    summary: dict[str, Any] | None
    #: The layout solved or compared (None when the solve found none).
    optimal: pd.DataFrame | None
    #: Today's layout (None when the instance has none).
    current: pd.DataFrame | None
    #: Where today's layout came from, for the reader.
    current_source: str
    kind: str
    #: ``prices.csv`` of ``hinterland price`` (None otherwise).
    prices: pd.DataFrame | None = None
    #: ``plan.csv`` of a plan's solve, one row per period (None otherwise).
    schedule: pd.DataFrame | None = None


@dataclass(frozen=True)
class SweepResults:
    """A sweep: its manifest, table, and the robust core when it has one."""

    folder: Path
    instance: Instance
    manifest: dict[str, Any]
    table: pd.DataFrame
    #: ``robust_core.csv``: site_id, item_id, runs, share (None with fewer than 2 layouts).
    core: pd.DataFrame | None
    regret: pd.DataFrame | None
    #: The run whose layout has the least worst-case regret, its regret and its layout.
    best: str | None
    best_regret: float | None
    robust_layout: pd.DataFrame | None

    @property
    def params(self) -> list[str]:
        return list(self.manifest.get("grid", {}).get("params", {}))


@dataclass(frozen=True)
class FrontierResults:
    """A frontier: its summary, table, and the layout of every point kept."""

    folder: Path
    instance: Instance
    summary: dict[str, Any]
    table: pd.DataFrame
    layouts: dict[int, pd.DataFrame]

    @property
    def term(self) -> str:
        """``risk`` or ``balance``, as passed to ``--objectives``."""
        return str(self.summary["objectives"][1])

    @property
    def column(self) -> str:
        """The frontier's column of the second term: ``risk`` or ``imbalance``."""
        return "imbalance" if self.term == "balance" else "risk"


Results = SolveResults | SweepResults | FrontierResults


def read_results(folder: Path, instance: Instance | Path | None = None) -> Results:
    """The results in ``folder``, with their instance.

    ``instance``: the instance itself (when the caller just made the results), another folder
    holding it (``--instance``, for results moved or made elsewhere), or None for the folder
    recorded in the results. Raises :class:`ReportError` for a folder that holds no results of
    hinterland, misses a file, or whose instance cannot be found or has changed.
    """
    folder = Path(folder)
    if not folder.exists():
        raise ReportError(f"{folder} does not exist; expected a results folder of hinterland "
                          "(solve, compare, sweep or pareto)")
    if not folder.is_dir():
        raise ReportError(f"{folder} is a file; expected a results folder of hinterland "
                          "(solve, compare, sweep or pareto)")
    if (folder / "sweep.json").is_file():
        return _sweep(folder, instance)
    summary = _json(folder / "summary.json") if (folder / "summary.json").is_file() else None
    if summary is not None and "objectives" in summary:
        return _frontier(folder, summary, instance)
    if summary is not None or (folder / "comparison.csv").is_file():
        return _solve(folder, summary, instance)
    raise ReportError(f"{folder} holds no results of hinterland (none of summary.json, "
                      "comparison.csv or sweep.json); expected the folder that "
                      "hinterland solve, compare, sweep or pareto wrote")


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ReportError(f"{path} cannot be read as JSON ({err}); it is not as hinterland "
                          "wrote it") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path} holds no JSON object; it is not as hinterland wrote it")
    return data


def _csv(path: Path, **options: Any) -> pd.DataFrame:
    if not path.is_file():
        raise ReportError(f"{path} is missing; the results folder is incomplete")
    try:
        return pd.read_csv(path, **options)
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ReportError(f"{path} cannot be read as CSV ({err})") from None


def _recorded(data: dict[str, Any], path: Path) -> dict[str, Any]:
    record = data.get("instance")
    if not isinstance(record, dict) or not isinstance(record.get("folder"), str):
        raise ReportError(f"{path} does not name its instance folder; pass --instance FOLDER")
    return record


def _instance(record: dict[str, Any] | None, given: Instance | Path | None,
              source: Path) -> Instance:
    """The instance of ``record`` (folder, scenarios, sha256), or the one ``given``."""
    if isinstance(given, Instance):
        return given
    if given is None and record is None:
        raise ReportError(f"{source} does not name its instance (a comparison made with "
                          "--layout records none); pass --instance FOLDER")
    folder = Path(given) if given is not None else Path(record["folder"])  # type: ignore[index]
    if not folder.is_dir():
        hint = "" if given is not None else f" (named in {source})"
        raise ReportError(f"the instance folder {folder}{hint} is not there; pass --instance "
                          "FOLDER with the instance the results were made from")
    plain = load_instance(folder)
    scenarios = list((record or {}).get("scenarios") or [])
    # ``hinterland solve`` applies its (maybe empty) list of scenarios, which changes the
    # digest even when the list is empty; other commands apply none.
    loaded = apply_scenarios(plain, scenarios)
    digests = {loaded.digest} | ({plain.digest} if not scenarios else set())
    expected = (record or {}).get("sha256")
    if not scenarios and expected == plain.digest:
        loaded = plain
    if expected and expected not in digests:
        raise ReportError(
            f"the instance at {folder} is not the one the results in {source.parent} were made "
            f"from: its files have changed (sha256 {loaded.digest[:12]}..., the results "
            f"record {str(expected)[:12]}...); pass --instance FOLDER with the original")
    return loaded


def _single_period(instance: Instance, what: str) -> Instance:
    """Refuse a plan over periods for ``what`` (a sweep, a frontier): not reported yet."""
    if instance.periods:
        raise ReportError(f"{instance.name} is a plan over periods; the report covers a plan's "
                          f"solve and comparison, not yet {what} (see docs/report.md)")
    return instance


def _layout(path: Path, instance: Instance) -> pd.DataFrame:
    """A layout file of the folder, checked against the instance as ``evaluate`` checks it.

    Columns whose names start with ``_`` are the loader's own bookkeeping (``_line``), which
    ``compare`` writes into its copy of today's layout: they are dropped before the check.
    """
    if not path.is_file():
        raise ReportError(f"{path} is missing; the results folder is incomplete")
    try:
        header = pd.read_csv(path, nrows=0).columns
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ReportError(f"{path} cannot be read as CSV ({err})") from None
    private = [c for c in header if str(c).startswith("_")]
    if not private:
        return load_layout(path, instance)
    with tempfile.TemporaryDirectory(prefix="hinterland-report-") as scratch:
        clean = Path(scratch) / path.name
        pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=private).to_csv(
            clean, index=False)
        return load_layout(clean, instance)


def _solve(folder: Path, summary: dict[str, Any] | None,
           given: Instance | Path | None) -> SolveResults:
    record = _recorded(summary, folder / "summary.json") if summary is not None else None
    instance = _instance(record, given, folder / "summary.json")
    compared = (folder / "comparison.csv").is_file()
    optimal = None
    if (folder / "layout.csv").is_file():
        optimal = _layout(folder / "layout.csv", instance)
    elif summary is not None and summary.get("status") in ("optimal", "feasible"):
        raise ReportError(f"{folder / 'layout.csv'} is missing; summary.json says the solve "
                          "found a layout")
    elif compared:
        optimal = _compared_layout(folder, instance)
    if compared:
        current = _layout(folder / "current_layout.csv", instance)
        source = "current_layout.csv of this comparison"
    else:
        current = instance.current_layout
        source = "current_layout.csv of the instance"
    prices = _csv(folder / "prices.csv") if (folder / "prices.csv").is_file() else None
    kind = "compare" if compared else ("price" if prices is not None else "solve")
    schedule = None
    if instance.periods:
        current = None if current is None else single_layout(current)
        if (folder / "plan.csv").is_file():
            schedule = _csv(folder / "plan.csv")
        elif optimal is not None and summary is not None:
            raise ReportError(f"{folder / 'plan.csv'} is missing; summary.json says the solve "
                              "found a plan")
    return SolveResults(folder, instance, summary, optimal, current, source, kind, prices,
                        schedule)


def _compared_layout(folder: Path, instance: Instance) -> pd.DataFrame:
    """The layout a ``compare --layout`` set beside today's, from ``site_changes.csv``
    (with its ``period`` column for a plan's)."""
    changes = _csv(folder / "site_changes.csv", dtype={"site_id": str, "item_id": str})
    if not {"site_id", "item_id", "optimal"} <= set(changes.columns):
        raise ReportError(f"{folder / 'site_changes.csv'} lacks the columns site_id, item_id "
                          "and optimal")
    rows = changes[changes["optimal"] > 0]
    unknown = sorted(set(rows["site_id"]) - set(instance.sites.index)
                     | set(rows["item_id"]) - set(instance.items.index))
    if unknown:
        raise ReportError(f"{folder / 'site_changes.csv'} names ids the instance does not "
                          f"have ({', '.join(unknown[:5])}); pass --instance FOLDER with the "
                          "instance it was made from")
    layout = pd.DataFrame({"site_id": rows["site_id"].to_numpy(),
                           "item_id": rows["item_id"].to_numpy(),
                           "capacity": rows["optimal"].astype(float).to_numpy()})
    if instance.periods:
        if "period" not in changes.columns:
            raise ReportError(f"{folder / 'site_changes.csv'} lacks the column period that a "
                              f"comparison of the plan {instance.name} has")
        layout.insert(0, "period", rows["period"].astype(str).to_numpy())
    return layout


def _sweep(folder: Path, given: Instance | Path | None) -> SweepResults:
    manifest = _json(folder / "sweep.json")
    instance = _single_period(_instance(_recorded(manifest, folder / "sweep.json"), given,
                                        folder / "sweep.json"), "its sweeps")
    if not (folder / "sweep.csv").is_file():
        raise ReportError(f"{folder / 'sweep.csv'} is missing: no run of the sweep has "
                          "finished yet")
    table = _csv(folder / "sweep.csv")
    if table.empty or not {"run", "status"} <= set(table.columns):
        raise ReportError(f"{folder / 'sweep.csv'} holds no runs")
    core = regret = robust = None
    best: str | None = None
    worst: float | None = None
    if (folder / "robust_core.csv").is_file():
        core = _csv(folder / "robust_core.csv", dtype={"site_id": str, "item_id": str})
    if (folder / "regret.csv").is_file():
        regret = _csv(folder / "regret.csv")
        if not regret.empty:
            best, worst = least_regret(regret)
    if (folder / "robust_layout.csv").is_file():
        robust = _layout(folder / "robust_layout.csv", instance)
    return SweepResults(folder, instance, manifest, table, core, regret, best,
                        None if worst is None or math.isnan(worst) else worst, robust)


def _frontier(folder: Path, summary: dict[str, Any],
              given: Instance | Path | None) -> FrontierResults:
    instance = _single_period(_instance(_recorded(summary, folder / "summary.json"), given,
                                        folder / "summary.json"), "its frontiers")
    table = _csv(folder / "frontier.csv")
    if table.empty:
        raise ReportError(f"{folder / 'frontier.csv'} holds no points")
    layouts = {int(row.point): _layout(folder / str(row.layout), instance)
               for row in table.itertuples()}
    return FrontierResults(folder, instance, summary, table, layouts)
