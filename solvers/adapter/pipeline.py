"""The solve pipeline: checked instance -> prechecks -> model -> HiGHS -> layout and costs."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from hinterland.model import (
    Finding,
    FormulationData,
    Instance,
    InstanceError,
    Problem,
    build_model,
    cost_breakdown,
    infeasibility_findings,
    layout_from_model,
)
from hinterland.model.formulation import period_data
from hinterland.model.prechecks import instance_findings
from hinterland.solvers.adapter.highs import SolveResult, SolverOptions, SolveStatus, solve
from hinterland.solvers.adapter.options import option_problems, typed_options


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
                   mip_gap: float | None = None, log: bool = False,
                   highs_options: Mapping[str, Any] | None = None,
                   given_as: str = "highs_options") -> SolverOptions:
    """Options for ``instance``: values given here override the instance's own.

    HiGHS options come from ``solver.highs`` of instance.yaml (and the scenarios applied),
    then ``highs_options`` (the command line's ``--highs-option``, named ``given_as`` in
    messages), a later value replacing an earlier one of the same name. Raises
    :class:`InstanceError` naming the file, line and key of every option HiGHS does not know
    or refuses.
    """
    settings = instance.settings.solver
    located = {o.name: (o.value, Problem(o.file, "", line=o.line, column=o.key))
               for o in settings.highs}
    for name, value in (highs_options or {}).items():
        located[str(name)] = (value, Problem(given_as, ""))
    problems = option_problems((name, value, where) for name, (value, where) in located.items())
    if problems:
        raise InstanceError(problems)
    return SolverOptions(
        time_limit=time_limit if time_limit is not None else settings.time_limit,
        mip_gap=mip_gap if mip_gap is not None else settings.mip_gap,
        log=log,
        highs_options=typed_options({name: value for name, (value, _) in located.items()}),
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
