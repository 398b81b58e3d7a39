"""The solve pipeline: checked instance -> prechecks -> model -> HiGHS -> layout and costs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

from hinterland.model import (
    Finding,
    FormulationData,
    Instance,
    build_model,
    cost_breakdown,
    infeasibility_findings,
    layout_from_model,
)
from hinterland.model.formulation import period_data
from hinterland.model.prechecks import instance_findings
from hinterland.solvers.adapter.highs import SolveResult, SolverOptions, SolveStatus, solve


@dataclass(frozen=True)
class Run:
    """One solve of one instance, with everything needed to report it."""

    instance: Instance
    result: SolveResult
    build_seconds: float
    layout: pd.DataFrame | None = None
    breakdown: dict[str, float] | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> SolveStatus:
        return self.result.status


def solver_options(instance: Instance, *, time_limit: float | None = None,
                   mip_gap: float | None = None, log: bool = True) -> SolverOptions:
    """Options for ``instance``: command-line values override the instance's own."""
    settings = instance.settings.solver
    return SolverOptions(
        time_limit=time_limit if time_limit is not None else settings.time_limit,
        mip_gap=mip_gap if mip_gap is not None else settings.mip_gap,
        log=log,
    )


def run_instance(instance: Instance, options: SolverOptions | None = None) -> Run:
    """Check, build and solve ``instance``; certain infeasibility stops before the solver."""
    options = options or solver_options(instance)
    start = time.perf_counter()
    if instance.periods:
        data = period_data(instance)
        findings = instance_findings(instance, data)
    else:
        data = FormulationData.from_instance(instance)
        findings = infeasibility_findings(data)
    if findings:
        result = SolveResult(SolveStatus.INFEASIBLE, "infeasible by checks before solving",
                             options=options)
        return Run(instance, result, time.perf_counter() - start, findings=findings)
    model = build_model(instance, data)
    build_seconds = time.perf_counter() - start
    result = solve(model, options)
    if not result.has_solution:
        return Run(instance, result, build_seconds)
    layout = layout_from_model(model)
    return Run(instance, result, build_seconds, layout, cost_breakdown(instance, layout))
