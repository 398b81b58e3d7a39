"""Parameter sweeps: one full solve per point of a grid of overrides, kept as a tidy table.

A sweep varies override paths (those of ``scenarios.yaml``: ``budget``,
``items.<id>.<column>``, ``weights.<term>`` ...) over lists of values, optionally across
scenarios, and solves every combination. Each point is solved by :func:`run_point`, a pure
function of a small dictionary (instance folder, expected instance digest, scenarios,
overrides, solver limits): it loads the instance itself, so it runs the same in this process,
in a local process pool or on a Dask cluster, and nothing unpicklable crosses processes.

With an output folder, each run's files are written whole or not at all
(``runs/<run-id>/summary.json`` and ``layout.csv``), ``sweep.csv`` is rewritten atomically
after each run, and ``sweep.json`` names the sweep (instance digest, grid, solver limits), so a
sweep started again in the same folder skips the runs already finished. See docs/sweeps.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import logging
import math
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hinterland.model import (
    Instance,
    InstanceError,
    Problem,
    build_model,
    cost_breakdown,
    layout_from_model,
    load_instance,
)
from hinterland.model.formulation import FormulationData
from hinterland.model.formulation.objective import weighted_objective
from hinterland.model.scenarios import EXCLUSIONS, apply_overrides, apply_scenarios, scenario_names
from hinterland.model.settings import RegionShare
from hinterland.solvers.adapter.highs import HeldModel
from hinterland.solvers.adapter.pipeline import Run, run_instance, solver_options
from hinterland.solvers.adapter.warm import Answer, top_down
from hinterland.solvers.outputs.folders import (
    OutputExistsError,
    summary,
    write_csv,
    write_file,
    write_folder,
    write_json,
)
from hinterland.solvers.outputs.text import Text

logger = logging.getLogger(__name__)

MANIFEST = "sweep.json"
TABLE = "sweep.csv"
RUNS = "runs"
#: The terms of the cost breakdown kept as columns of the table, in this order.
TERMS = ("cost", "investment", "opex", "transport", "risk", "imbalance", "synergy")
#: Name of the scenario dimension's value meaning "no scenario" (unless the instance has one).
BASE = "base"

_NUMBER = r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_RANGE = re.compile(rf"^(x?)\s*({_NUMBER})\s*:\s*({_NUMBER})\s*:\s*([0-9]+)$")
_SCALE = re.compile(rf"^x\s*({_NUMBER})$")


class SweepError(Exception):
    """A sweep that cannot go on (an instance changed under it, a worker failed)."""


# --- parameter specs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One swept override path and its values (numbers, or ``x<factor>`` strings)."""

    name: str
    values: tuple[Any, ...]

    @property
    def scaled(self) -> bool:
        return any(isinstance(v, str) and v.startswith("x") for v in self.values)


def parse_spec(spec: str) -> tuple[str, str]:
    """``'budget=x0.6:1.4:9'`` -> ``('budget', 'x0.6:1.4:9')``; raises ValueError."""
    name, sep, values = spec.partition("=")
    if not sep or not name.strip() or not values.strip():
        raise ValueError(f"expected PATH=VALUES (budget=x0.6:1.4:9 or budget=500,600), "
                         f"got {spec!r}")
    return name.strip(), values.strip()


def parse_values(name: str, values: str | Iterable[Any]) -> Param:
    """The values of one parameter; raises ValueError with a readable message.

    ``values`` is a list (numbers, ``'x0.8'`` strings, or ids for exclude_sites /
    exclude_provinces) or a text: ``x0.6:1.4:9`` (nine evenly spaced multiples of the
    instance's value), ``500:700:3`` (three evenly spaced values) or ``500,600,700``.
    """
    exclusion = name in EXCLUSIONS
    if isinstance(values, str):
        text = values.strip()
        match = None if exclusion else _RANGE.match(text)
        if match:
            parsed: list[Any] = _range(name, *match.groups())
        elif ":" in text and not exclusion:
            raise ValueError(f"{name}: expected a range START:STOP:COUNT (x0.6:1.4:9 for "
                             f"multiples, 500:700:3 for values), got {text!r}")
        else:
            parsed = [part.strip() for part in text.split(",")]
            if any(not part for part in parsed):
                raise ValueError(f"{name}: empty value in {text!r}")
    else:
        parsed = list(values)
    if not parsed:
        raise ValueError(f"{name}: no values")
    clean = [str(v) if exclusion else _value(name, v) for v in parsed]
    duplicates = sorted({str(v) for v in clean if clean.count(v) > 1})
    if duplicates:
        raise ValueError(f"{name}: each value once (repeated: {', '.join(duplicates)})")
    return Param(name, tuple(clean))


def _range(name: str, scale: str, start: str, stop: str, count: str) -> list[Any]:
    n = int(count)
    if n < 1:
        raise ValueError(f"{name}: a range needs at least 1 point, got {count}")
    low, high = float(start), float(stop)
    if n == 1 and low != high:
        raise ValueError(f"{name}: one point between {start} and {stop}; use 2 or more")
    points = [low if n == 1 else low + i * (high - low) / (n - 1) for i in range(n)]
    points = [round(p, 10) + 0.0 for p in points]
    return [f"x{p:.10g}" for p in points] if scale else points


def _value(name: str, value: Any) -> Any:
    """A number (as float) or a canonical ``x<factor>`` string."""
    if isinstance(value, bool):
        raise ValueError(f"{name}: expected a number or x<factor>, got {value!r}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"{name}: expected a finite number, got {value!r}")
        return float(value)
    text = str(value).strip()
    scale = _SCALE.match(text)
    if scale:
        return f"x{float(scale.group(1)):.10g}"
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{name}: expected a number or x<factor> (x0.8), got {text!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name}: expected a finite number, got {text!r}")
    return number


def make_params(params: dict[str, Any]) -> list[Param]:
    """Parameters from ``{path: values}`` (see :func:`parse_values`); raises ValueError."""
    if not params:
        raise ValueError("a sweep needs at least one parameter")
    return [parse_values(str(name), values) for name, values in params.items()]


# --- the grid ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One run of a sweep: its id, swept values, scenario and the hash of all of them."""

    run: str
    values: tuple[tuple[str, Any], ...]
    scenario: str | None

    @property
    def overrides(self) -> dict[str, Any]:
        return dict(self.values)

    @property
    def params_hash(self) -> str:
        key = json.dumps({"scenario": self.scenario, "overrides": self.values},
                         sort_keys=True)
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def label(self) -> str:
        parts = [f"{name}={_text(value)}" for name, value in self.values]
        if self.scenario is not None:
            parts.insert(0, f"scenario={self.scenario}")
        return " ".join(parts)


def grid(params: list[Param], scenarios: list[str] | None) -> list[Point]:
    """The full grid, scenarios outermost, then the parameters in the order given."""
    combos = list(itertools.product(*(p.values for p in params)))
    total = len(combos) * (len(scenarios) if scenarios else 1)
    width = max(3, len(str(total)))
    points = []
    for scenario in scenarios if scenarios else [None]:
        for combo in combos:
            run = f"run-{len(points) + 1:0{width}d}"
            values = tuple((p.name, v) for p, v in zip(params, combo, strict=True))
            points.append(Point(run, values, scenario))
    return points


def check_grid(instance: Instance, params: list[Param], scenarios: list[str] | None,
               label: str = "--param") -> None:
    """Raise :class:`InstanceError` with every bad scenario, path or value of the sweep.

    Each value is applied alone to the instance under each scenario; problems are reported
    as ``--param <path>: got ...; expected ...``.
    """
    problems: list[Problem] = []
    bases: list[Instance] = []
    for scenario in scenarios if scenarios else [None]:
        try:
            bases.append(with_scenario(instance, scenario))
        except InstanceError as err:
            problems.extend(err.problems)
    seen: set[str] = set()
    for base in bases:
        for param in params:
            for value in param.values:
                try:
                    apply_overrides(base, {param.name: value})
                except InstanceError as err:
                    for p in err.problems:
                        text = f"{label} {p.column or param.name}"
                        problem = Problem(text, p.expected, value=p.value)
                        if str(problem) not in seen:
                            seen.add(str(problem))
                            problems.append(problem)
    if problems:
        raise InstanceError(problems)


def with_scenario(instance: Instance, scenario: str | None) -> Instance:
    if scenario is None or (scenario == BASE and BASE not in scenario_names(instance)):
        return instance
    return apply_scenarios(instance, [scenario])


# --- one run -----------------------------------------------------------------------------

#: Instances loaded in this process, by (folder, scenarios): loaded once per worker.
_LOADED: dict[tuple[str, tuple[str, ...]], Instance] = {}


def solver_request(time_limit: float | None = None, mip_gap: float | None = None,
                   log: bool = False, highs_options: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
    """What every run asks of the solver, as :func:`solver_options` takes it (picklable)."""
    return {"time_limit": time_limit, "mip_gap": mip_gap, "log": log,
            "highs_options": dict(highs_options or {})}


def task(instance: Instance, point: Point, solver: dict[str, Any]) -> dict[str, Any]:
    """The picklable description of one run, for :func:`run_point`; ``solver`` is a
    :func:`solver_request`."""
    return {
        "folder": str(Path(instance.folder).resolve()),
        "scenarios": list(instance.scenarios),
        "digest": instance.digest,
        "run": point.run,
        "values": [list(pair) for pair in point.values],
        "scenario": point.scenario,
        "solver": solver,
    }


def run_point(job: dict[str, Any]) -> dict[str, Any]:
    """Solve one point: load, apply scenario and overrides, solve. Pure apart from timings.

    Returns ``{"row": ..., "summary": ..., "layout": DataFrame or None}``.
    """
    base = _load(job["folder"], tuple(job["scenarios"]), job["digest"])
    values = tuple((name, value) for name, value in job["values"])
    point = Point(job["run"], values, job["scenario"])
    try:
        instance = apply_overrides(with_scenario(base, point.scenario), point.overrides)
    except InstanceError as err:  # checked before the sweep; a plain error pickles
        raise SweepError(f"{point.run} ({point.label()}): {err.report()}") from None
    options = solver_options(instance, **job["solver"])
    start = time.perf_counter()
    run = run_instance(instance, options)
    return _outcome(point, instance, run, time.perf_counter() - start)


def _outcome(point: Point, instance: Instance, run: Run, seconds: float) -> dict[str, Any]:
    """The row, summary and layout of one solved point."""
    row: dict[str, Any] = {"run": point.run}
    for name, value in point.values:
        row[name] = value
        if name not in EXCLUSIONS and isinstance(value, str) and value.startswith("x"):
            row[f"{name}_value"] = _current(instance, name)
    if point.scenario is not None:
        row["scenario"] = point.scenario
    breakdown = run.breakdown or {}
    row.update({
        "status": str(run.status),
        "objective": run.result.objective,
        **{term: breakdown.get(term) for term in TERMS},
        "gap": run.result.gap,
        "seconds": seconds,
        "input_sha256": instance.digest,
        "solver": run.result.solver,
        "params": point.params_hash,
    })
    info = summary(run)
    info["sweep"] = {"run": point.run, "scenario": point.scenario,
                     "overrides": point.overrides, "params": point.params_hash, "row": row}
    return {"row": _plain(row), "summary": _plain(info), "layout": run.layout}


def _load(folder: str, scenarios: tuple[str, ...], digest: str) -> Instance:
    key = (folder, scenarios)
    instance = _LOADED.get(key)
    if instance is None or instance.digest != digest:
        try:
            instance = load_instance(folder)
            if scenarios:  # (applying none would still change the digest)
                instance = apply_scenarios(instance, list(scenarios))
        except InstanceError as err:
            raise SweepError(f"{folder}: {err.report()}") from None
        _LOADED[key] = instance
    if instance.digest != digest:
        raise SweepError(f"{folder}: the instance files differ from those the sweep started "
                         "with (another version on this machine, or edited meanwhile)")
    return instance


def _current(instance: Instance, path: str) -> float | None:
    """The value of an override path in ``instance`` (None where unset)."""
    parts = path.split(".")
    settings = instance.settings
    if len(parts) == 1:
        value = getattr(settings, path, None)
    elif parts[0] == "weights":
        value = getattr(settings.weights, parts[1], None)
    elif parts[0] == "regions":
        value = getattr(settings.regions.get(parts[1], RegionShare()), parts[2], None)
    else:
        table = instance.items if parts[0] == "items" else instance.sites
        value = table.loc[parts[1], parts[2]] if parts[2] in table.columns else None
    return None if value is None or pd.isna(value) else float(value)


def _plain(data: Any) -> Any:
    """``data`` with NaN as None and numpy scalars as Python numbers (exact JSON)."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    if hasattr(data, "item") and not isinstance(data, str):
        data = data.item()
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data


# --- running a sweep ---------------------------------------------------------------------

#: Called after each run: (runs finished, runs in all, row, True if done by an earlier start).
Progress = Callable[[int, int, dict[str, Any], bool], None]


@dataclass(frozen=True)
class Outcome:
    """A finished sweep: its table (one row per run, in run order) and each run's layout
    (``None`` for a run without one), by run id."""

    table: pd.DataFrame
    layouts: dict[str, pd.DataFrame | None]


def run_sweep(instance: Instance, params: list[Param], scenarios: list[str] | None = None,
              **options: Any) -> pd.DataFrame:
    """:func:`solve_grid`'s table alone."""
    return solve_grid(instance, params, scenarios, **options).table


def solve_grid(instance: Instance, params: list[Param], scenarios: list[str] | None = None,
               *, workers: int = 1, scheduler: Any = None, out: Path | None = None,
               time_limit: float | None = None, mip_gap: float | None = None,
               log: bool = False, highs_options: dict[str, Any] | None = None,
               progress: Progress | None = None, warm: bool = True) -> Outcome:
    """Solve every point of the grid; return the table and the layouts (docs/sweeps.md).

    ``warm``: a sweep of the budget alone (serial, no scenarios) re-solves one model held in
    HiGHS instead of building each run; ``False`` builds every run afresh.

    ``out``: folder for sweep.json, sweep.csv and runs/; an earlier start of the same sweep
    there is resumed, anything else is refused (:class:`OutputExistsError`).
    ``scheduler``: a Dask scheduler address or ``distributed.Client`` (then ``workers`` is
    the cluster's business). ``highs_options`` are further HiGHS options for every run,
    checked (:class:`InstanceError`) before any run starts.
    """
    check_grid(instance, params, scenarios)
    solver = solver_request(time_limit, mip_gap, log, highs_options)
    solver_options(instance, **solver)  # every option checked before anything runs
    points = grid(params, scenarios)
    manifest = _manifest(instance, params, scenarios, points, solver)
    client, own = _client(scheduler) if scheduler is not None else (None, False)
    try:
        return _sweep(instance, points, manifest, workers, client, out, solver, progress, warm)
    finally:
        if own:
            client.close()


def _sweep(instance: Instance, points: list[Point], manifest: dict[str, Any], workers: int,
           client: Any, out: Path | None, solver: dict[str, Any], progress: Progress | None,
           warm: bool = True) -> Outcome:
    rows: dict[str, dict[str, Any]] = {}
    layouts: dict[str, pd.DataFrame | None] = {}
    if out is not None:
        rows = _prepare(Path(out), manifest, points)
        layouts = {run: _saved_layout(Path(out), run) for run in rows}
    total = len(points)
    for count, point in enumerate(p for p in points if p.run in rows):
        if progress:
            progress(count + 1, total, rows[point.run], True)
    jobs = [task(instance, p, solver) for p in points if p.run not in rows]
    for outcome in _execute(jobs, workers, client, warm):
        row = outcome["row"]
        if out is not None:
            _save(Path(out), outcome, rows | {row["run"]: row}, points)
        rows[row["run"]] = row
        layouts[row["run"]] = outcome["layout"]
        if progress:
            progress(len(rows), total, row, False)
    return Outcome(table([rows[p.run] for p in points]), {p.run: layouts[p.run] for p in points})


def _saved_layout(out: Path, run: str) -> pd.DataFrame | None:
    """The layout a finished run wrote, or None (a run without a layout writes none)."""
    path = out / RUNS / run / "layout.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype={"site_id": str, "item_id": str, "capacity": float})


def table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The sweep table from its rows (in run order), with numeric columns as floats."""
    frame = pd.DataFrame(rows)
    for column in ("objective", *TERMS, "gap", "seconds"):
        if column in frame.columns:
            frame[column] = frame[column].astype(float)
    return frame


#: Override paths that change only a row bound or the objective, never the matrix.
WARM_PATHS = frozenset({"budget", "weights.cost", "weights.risk", "weights.balance"})


def warm_eligible(jobs: list[dict[str, Any]], workers: int, client: Any) -> bool:
    """Whether the runs differ only in the budget or objective weights (serial, no scenarios),
    so that one held model can serve them all. The synergy weight is not among them: it
    decides which variables the model has."""
    return (bool(jobs) and client is None and workers == 1
            and all(job["scenario"] is None and {n for n, _ in job["values"]} <= WARM_PATHS
                    for job in jobs))


def _warm(jobs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Runs re-solved in one model held in HiGHS, each from the previous layout: the budget
    row's bound and the objective weights change between runs, nothing else.

    Runs that share their weights are solved from the largest budget down, and a budget that
    an earlier solve already answers (:class:`hinterland.solvers.adapter.warm.Answer`: its optimal
    layout fits, or a larger budget was infeasible) is not solved again; its summary says which run
    answered it. Gives the cold answers (tests/test_warm.py, tests/test_sweep.py) without a
    build per run.
    """
    first = jobs[0]
    base = _load(first["folder"], tuple(first["scenarios"]), first["digest"])
    points = [Point(job["run"], tuple((n, v) for n, v in job["values"]), job["scenario"])
              for job in jobs]
    instances = [apply_overrides(base, point.overrides) for point in points]
    weights = [tuple(pair for pair in point.values if pair[0] != "budget") for point in points]
    held: HeldModel | None = None
    data: FormulationData | None = None
    answered: dict[tuple, Answer] = {}  # by weights: the last solve with a budget
    for i in top_down([instance.budget for instance in instances], weights):
        job, point, instance = jobs[i], points[i], instances[i]
        start = time.perf_counter()
        last = answered.get(weights[i])
        if last is not None and last.answers(instance.budget):
            result, layout = last.reused(), last.layout
        else:
            options = solver_options(instance, **job["solver"])
            if held is None:
                data = FormulationData.from_instance(instance)
                held = HeldModel(build_model(instance, data), options)
            if instance.budget is not None:
                held.set_bounds(held.model.budget, None, float(instance.budget))
            held.set_objective(weighted_objective(held.model,
                                                  dataclasses.replace(data, instance=instance)))
            result = held.solve(warm=True)
            if instance.budget is None:
                layout = layout_from_model(held.model) if result.has_solution else None
            else:
                answer = Answer.of(held, float(instance.budget), result, point.run)
                answered[weights[i]], layout = answer, answer.layout
        breakdown = cost_breakdown(instance, layout) if layout is not None else None
        run = Run(instance, result, 0.0, layout, breakdown)
        yield _outcome(point, instance, run, time.perf_counter() - start)


def _has_budget(jobs: list[dict[str, Any]]) -> bool:
    """A swept budget needs the budget row in the model: the instance must set one."""
    first = jobs[0]
    swept = any(name == "budget" for name, _ in first["values"])
    return not swept or _load(first["folder"], tuple(first["scenarios"]),
                              first["digest"]).budget is not None


def _execute(jobs: list[dict[str, Any]], workers: int, client: Any,
             warm: bool = True) -> Iterator[dict[str, Any]]:
    if not jobs:
        return
    if warm and warm_eligible(jobs, workers, client) and _has_budget(jobs):
        yield from _warm(jobs)
    elif client is not None:
        yield from _dask(jobs, client)
    elif workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # spawn: fresh interpreters, safe however many threads the parent runs (HiGHS, Dask)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context) as pool:
            futures = [pool.submit(run_point, job) for job in jobs]
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                for future in futures:
                    future.cancel()
    else:
        for job in jobs:
            yield run_point(job)


def _client(scheduler: Any) -> tuple[Any, bool]:
    """A Dask client for ``scheduler`` (address or client) and whether it is ours to close."""
    try:
        from distributed import Client
    except ImportError:
        raise SweepError("--scheduler needs Dask: pip install 'dask[distributed]'") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(str(scheduler), timeout="10s"), True
    except (OSError, ValueError) as err:
        raise SweepError(f"cannot reach the Dask scheduler {scheduler}: {err}") from None


def _dask(jobs: list[dict[str, Any]], client: Any) -> Iterator[dict[str, Any]]:
    from distributed import as_completed

    futures = [client.submit(run_point, job, pure=False) for job in jobs]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)


# --- the output folder -------------------------------------------------------------------


def _manifest(instance: Instance, params: list[Param], scenarios: list[str] | None,
              points: list[Point], solver: dict[str, Any]) -> dict[str, Any]:
    # The solver's limits and options name the sweep (its log does not); HiGHS options only
    # when given, so that sweeps begun before they could be given still resume.
    limits = {"time_limit": solver["time_limit"], "mip_gap": solver["mip_gap"]}
    if solver["highs_options"]:
        limits["highs_options"] = solver["highs_options"]
    return {
        "format": 1,
        "instance": {"name": instance.name, "folder": str(instance.folder),
                     "scenarios": list(instance.scenarios), "sha256": instance.digest},
        "grid": {"params": {p.name: list(p.values) for p in params},
                 "scenarios": list(scenarios) if scenarios else None},
        "solver": limits,
        "runs": {p.run: p.params_hash for p in points},
    }


def _same_sweep(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two manifests (empty when they name the same sweep)."""
    differences = []
    if old.get("instance", {}).get("sha256") != new["instance"]["sha256"]:
        differences.append("the instance (its files or scenarios)")
    for key, what in (("grid", "the parameter grid"), ("solver", "the solver limits"),
                      ("runs", "the runs")):
        if old.get(key) != new[key]:
            differences.append(what)
    return differences


def _prepare(out: Path, manifest: dict[str, Any], points: list[Point]) -> dict[str, dict]:
    """Create ``out`` for the sweep, or find what an earlier start of it finished there."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        try:
            old = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise OutputExistsError(
                f"{out} already exists and holds no sweep ({MANIFEST}); choose a new --out "
                "folder (results are never overwritten)") from None
        differences = _same_sweep(old, manifest)
        if differences:
            raise OutputExistsError(
                f"{out} holds another sweep (it differs in {', '.join(differences)}); "
                "choose a new --out folder (results are never overwritten)")
        return _finished(out, points)
    out.mkdir(parents=True, exist_ok=True)
    write_file(out / MANIFEST, write_json(manifest))
    return {}


def _finished(out: Path, points: list[Point]) -> dict[str, dict]:
    """Rows of the runs whose folder is complete; leftovers of interrupted writes removed."""
    runs = out / RUNS
    rows: dict[str, dict] = {}
    if not runs.is_dir():
        return rows
    for leftover in runs.glob(".run-*"):  # staging folders of a write cut short
        shutil.rmtree(leftover, ignore_errors=True)
    for point in points:
        try:
            info = json.loads((runs / point.run / "summary.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = None
        sweep = (info or {}).get("sweep", {})
        if sweep.get("params") == point.params_hash and "row" in sweep:
            rows[point.run] = sweep["row"]
        elif (runs / point.run).exists():
            shutil.rmtree(runs / point.run)  # not a finished run of this sweep: redo it
    return rows


def _save(out: Path, outcome: dict[str, Any], rows: dict[str, dict],
          points: list[Point]) -> None:
    """Write one run's folder (whole or not at all), then the table (atomically)."""
    files = {"summary.json": write_json(outcome["summary"])}
    if outcome["layout"] is not None:
        files["layout.csv"] = write_csv(outcome["layout"])
    write_folder(out / RUNS / outcome["row"]["run"], files)
    done = table([rows[p.run] for p in points if p.run in rows])
    write_file(out / TABLE, lambda path: done.to_csv(path, index=False))


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


# --- reporting ---------------------------------------------------------------------------


def row_label(row: dict[str, Any], params: list[Param]) -> str:
    """``scenario=a budget=x0.8`` for a row of the table."""
    parts = [f"{p.name}={_text(row[p.name])}" for p in params]
    if row.get("scenario") is not None:
        parts.insert(0, f"scenario={row['scenario']}")
    return " ".join(parts)


def outcome_text(row: dict[str, Any]) -> str:
    """``optimal 19,910.9`` / ``feasible 20,001.2 (gap 1.20%)`` / ``infeasible``."""
    text = str(row["status"])
    if row.get("objective") is not None and not pd.isna(row["objective"]):
        text += f" {row['objective']:,.1f}"
        if row["status"] != "optimal" and row.get("gap") is not None:
            text += f" (gap {100 * row['gap']:.2f}%)"
    return text


def progress_logger(params: list[Param]) -> Progress:
    """A progress callback logging ``[3/9] budget=x0.8: optimal 19,910.9 (0.4 s)`` (INFO)."""
    width = 0

    def show(done: int, total: int, row: dict[str, Any], resumed: bool) -> None:
        nonlocal width
        width = width or len(str(total))
        when = "done before" if resumed else f"{row['seconds']:.1f} s"
        logger.info(f"[{done:>{width}}/{total}] {row_label(row, params)}: {outcome_text(row)} "
                    f"({when})")

    return show


def table_text(table: pd.DataFrame, params: list[Param], out: Path | None) -> str:
    """The table's main columns, the count of runs by status, and where it was written."""
    say = Text()
    columns = [c for c in table.columns if c in {p.name for p in params}
               or c.endswith("_value") or c in ("scenario", "status", "objective", "gap")]
    say()
    say(table[["run", *columns]].to_string(index=False, float_format=lambda v: f"{v:,.4g}"
                                             if abs(v) < 1 else f"{v:,.1f}"))
    counts = table["status"].value_counts()
    say(f"\n{len(table)} runs: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
    if out is not None:
        say(f"results     {Path(out) / TABLE} (and {Path(out) / RUNS}/<run>/)")
    return str(say)


def read_table(path: Path) -> pd.DataFrame:
    """A ``sweep.csv`` as written."""
    return pd.read_csv(path)


__all__ = ["Outcome", "Param", "Point", "SweepError", "check_grid", "grid", "make_params",
           "parse_spec", "parse_values", "read_table", "run_point", "run_sweep", "solve_grid",
           "table"]
