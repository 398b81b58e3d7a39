"""The Python API for scripts and notebooks: one solve, or a sweep of solves, as data.

    from hinterland.model import load_instance
    from hinterland.solvers.api import solve, sweep

    instance = load_instance("instances/china-provinces")
    result = solve(instance, overrides={"budget": "x0.95"})
    print(result.status, result.objective, result.terms["transport"])
    table = sweep(instance, {"budget": "x0.94:1.1:9"})

See docs/sweeps.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from hinterland.model import Instance, InstanceError, Problem, load_instance
from hinterland.model.scenarios import apply_overrides, apply_scenarios
from hinterland.solvers.adapter.highs import SolveStatus
from hinterland.solvers.adapter.pipeline import Run, run_instance, solver_options
from hinterland.solvers.studies import sweep as sweeps


@dataclass(frozen=True)
class Result:
    """One solve: status, objective, its terms, gap, seconds, the layout and the full run."""

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


def solve(instance: Instance | str | Path, *, scenarios: Iterable[str] = (),
          overrides: dict[str, Any] | None = None, time_limit: float | None = None,
          mip_gap: float | None = None, log: bool = False) -> Result:
    """Solve ``instance`` (or the instance folder) after ``scenarios`` then ``overrides``.

    ``overrides`` maps override paths to values as in scenarios.yaml (``{"budget": "x0.8",
    "items.ic_backup.survive_share": 0.9}``). Raises :class:`model.InstanceError` for bad
    input; an infeasible instance is a result (``status == "infeasible"``), not an error.
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
    options = solver_options(instance, time_limit=time_limit, mip_gap=mip_gap, log=log)
    run = run_instance(instance, options)
    terms = {k: v for k, v in (run.breakdown or {}).items() if k != "objective"}
    seconds = run.build_seconds + run.result.compile_seconds + run.result.solve_seconds
    return Result(run.status, run.result.objective, terms, run.result.gap, seconds,
                  run.layout, run)


def sweep(instance: Instance | str | Path, params: dict[str, list | str], *,
          scenarios: Iterable[str] | str | None = None, workers: int = 1,
          scheduler: Any = None, out: str | Path | None = None,
          time_limit: float | None = None, mip_gap: float | None = None, log: bool = False,
          progress: sweeps.Progress | None = None, warm: bool = True) -> pd.DataFrame:
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

    Columns: run, the parameters (plus ``<path>_value``, the value used, for ``x`` factors),
    scenario (if swept), status, objective, the terms, gap, seconds, input_sha256, solver,
    params (a hash of the run's scenario and values).
    """
    instance = _instance(instance)
    try:
        parsed = sweeps.make_params(params)
        names = _scenario_names(scenarios)
    except ValueError as err:
        raise InstanceError([Problem("sweep", str(err))]) from None
    return sweeps.run_sweep(instance, parsed, names, workers=workers, scheduler=scheduler,
                            out=Path(out) if out is not None else None, time_limit=time_limit,
                            mip_gap=mip_gap, log=log, progress=progress, warm=warm)


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


__all__ = ["Result", "solve", "sweep"]
