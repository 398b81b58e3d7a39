"""The Python API for scripts and notebooks: a solve or a sweep as an object to look into.

    import hinterland as hl

    instance = hl.load_instance("china-provinces")     # a bundled name, or any folder
    result = hl.solve(instance, overrides={"budget": "x0.95"})
    result.status, result.objective, result.terms["transport"]
    result.site_summary              # one row per developed site: items, investment, resources
    result.evaluation.violations     # the rules the layout breaks (none for an optimum)
    result.evaluation.items          # security per item: sites, largest share, loss survival
    result.to_geodataframe()         # every site with what it holds and its shape
    result.plot()                    # the map, a matplotlib Figure
    result.save("results/x095")      # the results folder, as hinterland solve writes it
    result.report("results/x095")    # and report.html beside it

    runs = hl.sweep(instance, {"budget": "x0.94:1.1:9"})
    runs.table                       # one row per run
    runs.capacity()                  # capacity by run, site and item (a tidy table)
    runs.to_xarray()                 # the same as a cube, the swept values as coordinates

Bad input raises :class:`hinterland.model.InstanceError` (every problem located); an infeasible
instance is a result (``status == "infeasible"``), not an error. Progress goes to the
``hinterland`` logger: ``logging.basicConfig(level=logging.INFO)`` shows it. See
docs/api.md and docs/tutorial.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from hinterland.model import Instance, InstanceError, Problem, load_instance
from hinterland.model.evaluation import Evaluation, site_summary
from hinterland.model.loading import load_layout
from hinterland.model.periods import PERIOD, split_layout
from hinterland.model.plan_evaluation import PlanEvaluation, measure, plan_site_summary
from hinterland.model.scenarios import apply_overrides, apply_scenarios
from hinterland.solvers.adapter.highs import SolveStatus
from hinterland.solvers.adapter.pipeline import Run, run_instance, solver_options
from hinterland.solvers.outputs.folders import SUMMARY, write_results
from hinterland.solvers.studies import sweep as sweeps
from hinterland.solvers.studies.comparing import Comparison, PlanComparison

if TYPE_CHECKING:
    import geopandas as gpd
    import xarray as xr
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Result:
    """One solve: status, objective, its terms, gap, seconds, the layout and the full run.

    The rest is measured on demand, by the same yardstick as ``hinterland evaluate``:
    :attr:`site_summary`, :attr:`evaluation`, :meth:`to_geodataframe`, :meth:`plot`.
    """

    status: SolveStatus
    objective: float | None
    terms: dict[str, float] = field(default_factory=dict)
    gap: float | None = None
    seconds: float = 0.0
    layout: pd.DataFrame | None = field(default=None, repr=False)
    run: Run | None = field(default=None, repr=False, compare=False)

    @property
    def solved(self) -> bool:
        """True when there is a layout (optimal, or found at the time limit)."""
        return self.layout is not None

    @property
    def instance(self) -> Instance:
        """The instance as solved: scenarios and overrides applied."""
        return self._run.instance

    @property
    def bound(self) -> float | None:
        """The best bound HiGHS proved (the objective itself when optimal)."""
        return self._run.result.bound

    @cached_property
    def site_summary(self) -> pd.DataFrame:
        """One row per developed site: items, investment, running costs, resource use against
        capacity (and ``period`` first, for a plan), as ``site_summary.csv`` has it."""
        layout = self._layout()
        if self.instance.periods:
            return plan_site_summary(self.instance, layout)
        return site_summary(self.instance, layout)

    @cached_property
    def evaluation(self) -> Evaluation | PlanEvaluation:
        """The layout measured: ``terms``, ``items`` (security per item), ``regions``,
        ``provinces``, ``resources`` and ``violations`` (the rules it breaks; none for a
        solver's layout), per period for a plan (``periods``)."""
        return measure(self.instance, self._layout())

    def to_geodataframe(self, period: str | None = None) -> gpd.GeoDataFrame:
        """Every site with what the layout places there and its shape (polygon or point).

        Columns ``site_id, name, province, region, hinterland, investment, items``, one
        ``cap_<item_id>`` per item, and ``geometry`` (EPSG:4326), as the ``layout.gpkg`` of
        ``hinterland compare`` has them. For a plan, the layout of ``period`` (default: the
        last period).
        """
        from hinterland.solvers.outputs.maps import layout_sites  # geopandas loads here

        return layout_sites(self.instance, self._period_layout(period))

    def plot(self, period: str | None = None, title: str = "optimum") -> Figure:
        """The map of the layout: sites coloured by investment, the centres starred; a
        matplotlib Figure (a notebook shows it; ``.savefig(path)`` writes it)."""
        from hinterland.solvers.outputs.maps import comparison_figure  # matplotlib loads here

        return comparison_figure(self.instance, {title: self._period_layout(period)})

    def compare(self, current: pd.DataFrame | str | Path | None = None
                ) -> Comparison | PlanComparison:
        """Today's layout beside this one, measured by one yardstick, as ``hinterland
        compare`` does: ``.table`` (metric, current, optimal, difference), ``.changes``
        (capacity per site and item), ``.transition`` (kept, moved, new), ``.plot()``.

        ``current``: a layout (DataFrame, CSV file or results folder); default the
        instance's ``current_layout.csv``.
        """
        instance = self.instance
        today = _layout_of(instance, current) if current is not None else instance.current_layout
        if today is None:
            raise ValueError("today's layout: the instance has no current_layout.csv; pass "
                             "current=<a layout>")
        kind = PlanComparison if instance.periods else Comparison
        return kind.of(instance, today, self._layout())

    def save(self, folder: str | Path) -> Path:
        """Write the results folder ``hinterland solve`` writes (summary.json, layout.csv,
        site_summary.csv) into the new or empty ``folder``, whole or not at all; never
        overwrites (:class:`hinterland.solvers.outputs.folders.OutputExistsError`)."""
        return write_results(self._run, Path(folder))

    def report(self, folder: str | Path) -> Path:
        """``report.html`` (and ``report_map.png``) of this result in ``folder``: saved there
        first when ``folder`` is new or empty, else the folder :meth:`save` wrote for it.
        Returns the page's path."""
        from hinterland.solvers.outputs.html import write_report

        folder = Path(folder)
        summary = folder / SUMMARY
        if not summary.is_file():
            self.save(folder)
        elif not self._wrote(summary):
            raise ValueError(f"{folder} holds the results of another solve; report into a new "
                             "folder, or into the folder save() wrote for this result")
        return write_report(folder, instance=self.instance)

    @property
    def _run(self) -> Run:
        if self.run is None:
            raise ValueError("this result carries no run (it was not made by solve())")
        return self.run

    def _layout(self) -> pd.DataFrame:
        if self.layout is None:
            raise ValueError(f"no layout to measure: the solve ended {self.status}")
        return self.layout

    def _period_layout(self, period: str | None) -> pd.DataFrame:
        layout = self._layout()
        if not self.instance.periods:
            if period is not None:
                raise ValueError("period: this instance has no plan periods")
            return layout
        by_period = split_layout(self.instance, layout)
        name = period if period is not None else list(by_period)[-1]
        if name not in by_period:
            raise ValueError(f"period: one of {', '.join(by_period)}, got {name!r}")
        return by_period[name]

    def _wrote(self, summary: Path) -> bool:
        """Whether the summary.json at ``summary`` is this result's."""
        try:
            written = json.loads(summary.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return (written.get("instance", {}).get("sha256") == self.instance.digest
                and written.get("objective") == self.objective
                and written.get("status") == str(self.status))


@dataclass(frozen=True)
class SweepResult:
    """A sweep: its table (one row per run) and every run's layout, by run id.

    ``params`` are the swept override paths, ``scenarios`` the scenario dimension (None
    without one), in the order the table's columns give them.
    """

    table: pd.DataFrame
    layouts: dict[str, pd.DataFrame | None] = field(repr=False)
    instance: Instance = field(repr=False)
    params: tuple[str, ...] = ()
    scenarios: tuple[str, ...] | None = None

    def capacity(self) -> pd.DataFrame:
        """Capacity placed, one row per run, site and item that holds any (``period`` too,
        for a plan), with the swept values and status of each run as columns: the cube of
        :meth:`to_xarray` as a tidy table, no xarray needed."""
        keys = ["run", *self.params, *(["scenario"] if self.scenarios else []), "status"]
        frames = [layout.assign(run=run) for run, layout in self.layouts.items()
                  if layout is not None and len(layout)]
        columns = [*([PERIOD] if self._periods() else []), "site_id", "item_id", "capacity"]
        if not frames:
            return pd.DataFrame(columns=[*keys, *columns])
        placed = pd.concat(frames, ignore_index=True)
        placed = placed[placed["capacity"] > 0][["run", *columns]]
        return self.table[keys].merge(placed, on="run", how="inner")

    def to_xarray(self) -> xr.DataArray:
        """Capacity as an xarray cube: ``run x site_id x item_id`` (``x period`` for a plan),
        every site and item of the instance (0 where nothing is placed, NaN for a run without
        a layout), the swept values, scenario and status as coordinates along ``run``.

        Needs xarray (``pip install 'hinterland[notebook]'``); :meth:`capacity` gives the same
        numbers as a table without it.
        """
        try:
            import xarray as xr
        except ImportError:
            raise ImportError("to_xarray needs xarray: pip install 'hinterland[notebook]' "
                              "(or use .capacity(), the same numbers as a table)") from None
        sites = [str(s) for s in self.instance.sites.index]
        items = [str(k) for k in self.instance.items.index]
        runs = list(self.table["run"])
        periods = self._periods()
        if periods and any(PERIOD not in layout.columns for layout in self.layouts.values()
                           if layout is not None):
            raise ValueError("the runs mix plans and single-period layouts (a scenario sets "
                             "periods): no one cube holds both; use capacity()")
        dims = ["run", *(["period"] if periods else []), "site_id", "item_id"]
        index = pd.MultiIndex.from_product(
            [runs, *([periods] if periods else []), sites, items], names=dims)
        cube = pd.Series(0.0, index=index)
        missing = [run for run in runs if self.layouts.get(run) is None]
        placed = self.capacity()
        if len(placed):
            keys = ["run", *([PERIOD] if periods else []), "site_id", "item_id"]
            sums = placed.astype({"site_id": str, "item_id": str}).groupby(keys)["capacity"]
            cube.loc[sums.sum().index] = sums.sum().to_numpy()
        array = xr.DataArray.from_series(cube).rename("capacity")
        if missing:
            array.loc[{"run": missing}] = float("nan")
        swept = [c for p in self.params for c in (p, f"{p}_value") if c in self.table.columns]
        coords = {name: ("run", _coordinate(self.table[name]))
                  for name in (*swept, *(["scenario"] if self.scenarios else []), "status")}
        return array.assign_coords(coords).transpose(*dims)

    def _periods(self) -> list[str]:
        """The plan periods the runs' layouts name, in order (none for single-period runs);
        a scenario may make a plan of a single-period instance."""
        names: list[str] = []
        for layout in self.layouts.values():
            if layout is not None and PERIOD in layout.columns:
                names += [p for p in dict.fromkeys(layout[PERIOD]) if p not in names]
        return names


def evaluate(instance: Instance | str | Path, layout: pd.DataFrame | str | Path
             ) -> Evaluation | PlanEvaluation:
    """Measure any layout by the model's yardstick, as ``hinterland evaluate`` does: today's,
    an optimum, a planner's draft (a DataFrame ``site_id, item_id, capacity``, a CSV file or a
    results folder). ``terms``, ``objective``, ``items``, ``regions``, ``violations``..."""
    instance = _instance(instance)
    return measure(instance, _layout_of(instance, layout))


def _layout_of(instance: Instance, layout: pd.DataFrame | str | Path) -> pd.DataFrame:
    """A layout given as a table, or read (and checked) from a CSV file or results folder."""
    return layout if isinstance(layout, pd.DataFrame) else load_layout(layout, instance)


def _coordinate(column: pd.Series) -> Any:
    """A table column as coordinate values: numbers as floats, anything else (``x0.9``,
    mixed values, statuses) as text."""
    numbers = pd.to_numeric(column, errors="coerce")
    if numbers.notna().sum() == column.notna().sum():
        return numbers.to_numpy(dtype=float)
    return column.map(lambda v: f"{v:g}" if isinstance(v, (int, float)) else str(v)).to_numpy()


def solve(instance: Instance | str | Path, *, scenarios: Iterable[str] = (),
          overrides: dict[str, Any] | None = None, time_limit: float | None = None,
          mip_gap: float | None = None, log: bool = False,
          highs_options: dict[str, Any] | None = None) -> Result:
    """Solve ``instance`` (or the instance folder, or a bundled name) after ``scenarios`` then
    ``overrides``.

    ``overrides`` maps override paths to values as in scenarios.yaml (``{"budget": "x0.8",
    "items.ic_backup.survive_share": 0.9}``). ``log`` shows HiGHS's own log;
    ``highs_options`` are further HiGHS options by name (``{"presolve": "off"}``), checked
    before the solve. Raises :class:`hinterland.model.InstanceError` for bad input; an
    infeasible instance is a result (``status == "infeasible"``), not an error.
    """
    instance = _instance(instance)
    names = [scenarios] if isinstance(scenarios, str) else list(scenarios)
    if names:
        instance = apply_scenarios(instance, names)
    if overrides:
        try:
            instance = apply_overrides(instance, dict(overrides))
        except InstanceError as err:
            raise InstanceError([Problem(f"overrides {p.column}", p.expected, value=p.value)
                                 for p in err.problems]) from None
    options = solver_options(instance, time_limit=time_limit, mip_gap=mip_gap, log=log,
                             highs_options=highs_options)
    run = run_instance(instance, options)
    terms = {k: v for k, v in (run.breakdown or {}).items() if k != "objective"}
    seconds = run.build_seconds + run.result.compile_seconds + run.result.solve_seconds
    return Result(run.status, run.result.objective, terms, run.result.gap, seconds,
                  run.layout, run)


def sweep(instance: Instance | str | Path, params: dict[str, list | str], *,
          scenarios: Iterable[str] | str | None = None, workers: int = 1,
          scheduler: Any = None, out: str | Path | None = None,
          time_limit: float | None = None, mip_gap: float | None = None, log: bool = False,
          highs_options: dict[str, Any] | None = None,
          progress: sweeps.Progress | None = None, warm: bool = True) -> SweepResult:
    """Solve every combination of ``params`` (and ``scenarios``); one tidy row per run.

    ``params`` maps override paths to values: a list (``[500, 600, "x1.2"]``) or a spec
    (``"x0.6:1.4:9"``, ``"500:700:3"``, ``"500,600,700"``). ``scenarios`` adds a scenario
    dimension (each run applies that scenario first; ``"base"`` means none). ``workers > 1``
    solves in local processes, ``scheduler`` (an address or ``distributed.Client``) on a Dask
    cluster; every worker loads the instance from its folder, so in-memory changes to
    ``instance`` are not seen: pass them as params or scenarios. ``out`` writes sweep.csv,
    sweep.json and runs/<run-id>/ there, resuming an earlier start of the same sweep.
    ``progress(done, total, row, resumed)`` is called after each run. A serial sweep of the
    budget alone re-solves one model held in HiGHS (``warm=False`` builds each run).

    The table's columns: run, the parameters (plus ``<path>_value``, the value used, for
    ``x`` factors), scenario (if swept), status, objective, the terms, gap, seconds,
    input_sha256, solver, params (a hash of the run's scenario and values).
    """
    instance = _instance(instance)
    try:
        parsed = sweeps.make_params(params)
        names = _scenario_names(scenarios)
    except ValueError as err:
        raise InstanceError([Problem("sweep", str(err))]) from None
    outcome = sweeps.solve_grid(
        instance, parsed, names, workers=workers, scheduler=scheduler,
        out=Path(out) if out is not None else None, time_limit=time_limit, mip_gap=mip_gap,
        log=log, highs_options=highs_options, progress=progress, warm=warm)
    return SweepResult(outcome.table, outcome.layouts, instance,
                       tuple(p.name for p in parsed), tuple(names) if names else None)


def _scenario_names(scenarios: Iterable[str] | str | None) -> list[str] | None:
    """Scenario names from a list or ``'a,b'``; raises ValueError on an empty or repeated one."""
    if scenarios is None:
        return None
    items = scenarios.split(",") if isinstance(scenarios, str) else list(scenarios)
    names = [str(s).strip() for s in items]
    if not names or any(not n for n in names):
        raise ValueError(f"scenarios: expected names joined by ',', got {scenarios!r}")
    if len(set(names)) < len(names):
        raise ValueError(f"scenarios: each name once, got {scenarios!r}")
    return names


def _instance(instance: Instance | str | Path) -> Instance:
    return instance if isinstance(instance, Instance) else load_instance(instance)


__all__ = ["Result", "SweepResult", "evaluate", "solve", "sweep"]
