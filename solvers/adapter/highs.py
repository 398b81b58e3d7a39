"""The HiGHS adapter: the only module that talks to the solver.

The Pyomo model is compiled to matrix form with Pyomo's standard-form compiler and handed to
HiGHS through ``highspy.passModel``. Measured on this kind of machine, this is about twice as
fast to build as Pyomo's HiGHS interfaces.
After the solve, the solution is written back into the Pyomo variables, so the rest of the
code reads values from the model as usual.

HiGHS's own log is shown only on request (``SolverOptions.log``). Otherwise a long solve logs a
progress line every :data:`PROGRESS_SECONDS` through the ``hinterland`` logger (best layout,
bound, gap, elapsed), read from HiGHS's MIP callback, and Ctrl-C stops HiGHS and keeps the best
layout found. Further HiGHS options pass through by name, checked by
:mod:`hinterland.solvers.adapter.options`.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.common.errors import InfeasibleConstraintException
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

INF = highspy.kHighsInf
logger = logging.getLogger(__name__)

#: Seconds between progress lines of a long solve (when HiGHS's own log is off).
PROGRESS_SECONDS = 5.0
#: How often the waiting thread looks up from the solve (for Ctrl-C and progress), seconds.
_TICK_SECONDS = 0.2


class SolveStatus(StrEnum):
    """What a solve established, independent of how the solver phrases it."""

    OPTIMAL = "optimal"  # proven optimal within the gap tolerance
    FEASIBLE = "feasible"  # a layout was found; stopped (time limit, interrupt) before proof
    INFEASIBLE = "infeasible"  # no layout satisfies every constraint
    NO_SOLUTION = "no_solution"  # stopped before any layout was found
    ERROR = "error"  # the solver failed


@dataclass(frozen=True)
class SolverOptions:
    """Options passed to HiGHS. ``None`` keeps the solver's default."""

    time_limit: float | None = None
    mip_gap: float | None = None
    #: Show HiGHS's own log (else a progress line every PROGRESS_SECONDS, logged at INFO).
    log: bool = False
    random_seed: int = 0
    #: Further HiGHS options by name (https://ergo-code.github.io/HiGHS/stable/options/),
    #: checked by :mod:`.options`; ``random_seed`` here replaces the field above.
    highs_options: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelSize:
    columns: int = 0
    integer_columns: int = 0
    rows: int = 0
    nonzeros: int = 0


@dataclass(frozen=True)
class SolveResult:
    """The outcome of one solve: status, objective, bound, gap, timings and provenance."""

    status: SolveStatus
    termination: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    compile_seconds: float = 0.0
    solve_seconds: float = 0.0
    solver: str = field(default_factory=lambda: f"HiGHS {highs_version()}")
    options: SolverOptions = field(default_factory=SolverOptions)
    size: ModelSize = field(default_factory=ModelSize)

    @property
    def has_solution(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["status"] = str(self.status)
        return data


def highs_version() -> str:
    parts = (highspy.HIGHS_VERSION_MAJOR, highspy.HIGHS_VERSION_MINOR, highspy.HIGHS_VERSION_PATCH)
    return ".".join(str(p) for p in parts)


def solve(model: pyo.ConcreteModel, options: SolverOptions | None = None) -> SolveResult:
    """Solve ``model`` with HiGHS and load the solution (if any) into its variables."""
    options = options or SolverOptions()
    start = time.perf_counter()
    try:
        held = HeldModel(model, options)
    except InfeasibleConstraintException as err:
        return SolveResult(SolveStatus.INFEASIBLE, f"infeasible before solving: {err}",
                           options=options)
    return held.solve(compile_seconds=time.perf_counter() - start)


class HeldModel:
    """A Pyomo model compiled once and held in HiGHS for repeated solves.

    Between solves, the right-hand side of a constraint (:meth:`set_bounds`) or the objective
    (:meth:`set_objective`) may change without compiling the model again, and the previous
    solution is offered to HiGHS as a starting incumbent (:meth:`solve` with ``warm``). Only
    what keeps the matrix as it is can change this way; anything else needs a new model.
    """

    def __init__(self, model: pyo.ConcreteModel, options: SolverOptions):
        self.model = model
        self.options = options
        form = LinearStandardFormCompiler().write(model, mixed_form=True, set_sense=None)
        self.highs = new_highs(options.log)
        self.highs.setOptionValue("output_flag", options.log)
        self.highs.setOptionValue("random_seed", options.random_seed)
        if options.time_limit is not None:
            self.highs.setOptionValue("time_limit", float(options.time_limit))
        if options.mip_gap is not None:
            self.highs.setOptionValue("mip_rel_gap", float(options.mip_gap))
        for name, value in options.highs_options.items():
            if self.highs.setOptionValue(name, value) != highspy.HighsStatus.kOk:
                raise ValueError(f"HiGHS refuses the option {name}={value!r} "
                                 "(options.option_problems says why)")
        logger.debug(f"HiGHS options: time_limit {options.time_limit}, mip_rel_gap "
                     f"{options.mip_gap}, random_seed {options.random_seed}"
                     + "".join(f", {k} {v}" for k, v in options.highs_options.items()))
        lp, self.size = _to_highs(form)
        self.highs.passModel(lp)
        #: The model's variables in HiGHS's column order.
        self.columns: list = form.columns
        # HiGHS holds its own copy of the matrix: keep only the rows' owners, for set_bounds.
        self._row_entries = form.rows
        self._rows: dict[int, list[tuple[int, int]]] | None = None
        self._column_of: dict[int, int] | None = None
        self._values: np.ndarray | None = None

    @property
    def column_of(self) -> dict[int, int]:
        """HiGHS's column of each variable, by ``id``; made on first use (objective changes)."""
        if self._column_of is None:
            self._column_of = {id(var): i for i, var in enumerate(self.columns)}
        return self._column_of

    def _rows_of(self, constraint: pyo.Constraint) -> list[tuple[int, int]]:
        """HiGHS's rows of ``constraint`` and their bound types.

        The map is made on the first change of bounds: a single solve never needs it, and at
        300,000 rows it costs a tenth of a second and some 70 MiB.
        """
        if self._rows is None:
            self._rows = {}
            for i, row in enumerate(self._row_entries):
                self._rows.setdefault(id(row.constraint), []).append((i, row.bound_type))
        return self._rows[id(constraint)]

    def set_bounds(self, constraint: pyo.Constraint, lower: float | None,
                   upper: float | None) -> None:
        """New bounds ``lower <= body <= upper`` for a constraint whose body is unchanged."""
        from pyomo.repn import generate_standard_repn

        constant = float(generate_standard_repn(constraint.body, compute_values=True).constant)
        low = -INF if lower is None else lower - constant
        high = INF if upper is None else upper - constant
        for row, bound_type in self._rows_of(constraint):
            row_low = low if bound_type in (0, -1) else -INF
            row_high = high if bound_type in (0, 1) else INF
            self.highs.changeRowBounds(row, row_low, row_high)
        constraint.set_value((lower, constraint.body, upper))

    def set_objective(self, expression: object) -> None:
        """Minimise the linear ``expression`` (over the model's variables) from now on."""
        from pyomo.repn import generate_standard_repn

        repn = generate_standard_repn(expression, compute_values=True)
        costs = np.zeros(len(self.columns))
        for var, coefficient in zip(repn.linear_vars, repn.linear_coefs, strict=True):
            if id(var) in self.column_of:
                costs[self.column_of[id(var)]] = float(coefficient)
        self.highs.changeColsCost(len(costs), np.arange(len(costs), dtype=np.int32), costs)
        self.highs.changeObjectiveOffset(float(repn.constant))

    def solve(self, warm: bool = False, compile_seconds: float = 0.0) -> SolveResult:
        """Solve as held; with ``warm``, start from the previous solution."""
        if warm and self._values is not None:
            start_point = highspy.HighsSolution()
            start_point.col_value = self._values.tolist()
            start_point.value_valid = True
            self.highs.setSolution(start_point)
        start = time.perf_counter()
        self._run()
        solve_seconds = time.perf_counter() - start
        status, termination = _status(self.highs, self.size)
        info = self.highs.getInfo()
        objective = bound = gap = None
        if status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            self._values = np.asarray(self.highs.getSolution().col_value)
            for var, value in zip(self.columns, self._values.tolist(), strict=True):
                var.set_value(value, skip_validation=True)
            objective = float(info.objective_function_value)
            if self.size.integer_columns:
                bound = _finite(info.mip_dual_bound)
                gap = _finite(info.mip_gap)
            elif status == SolveStatus.OPTIMAL:
                bound, gap = objective, 0.0  # an LP optimum is its own bound
        return SolveResult(
            status=status,
            termination=termination,
            objective=objective,
            bound=bound,
            gap=gap,
            compile_seconds=compile_seconds,
            solve_seconds=solve_seconds,
            options=self.options,
            size=self.size,
        )


    def _run(self) -> None:
        """Run HiGHS in its own thread and wait for it: a progress line every
        :data:`PROGRESS_SECONDS` (unless HiGHS logs itself), and Ctrl-C asks HiGHS to stop,
        which keeps the best layout found (status ``feasible``), where Python would otherwise
        abandon the solve."""
        progress = _Progress()
        watch = not self.options.log and logger.isEnabledFor(logging.INFO)
        self.highs.HandleKeyboardInterrupt = True  # lets cancelSolve stop HiGHS
        if watch:
            self.highs.cbMipInterrupt.subscribe(progress.record)
        try:
            self.highs.startSolve()
            started = next_line = time.monotonic()
            next_line += PROGRESS_SECONDS
            while True:
                try:
                    finished, _ = self.highs.wait(_TICK_SECONDS)
                except KeyboardInterrupt:
                    logger.warning("interrupted: stopping HiGHS; the best layout found so far "
                                   "is kept")
                    self.highs.cancelSolve()
                    continue
                if finished:
                    return
                now = time.monotonic()
                if watch and now >= next_line:
                    logger.info(progress.line(now - started))
                    next_line = now + PROGRESS_SECONDS
        finally:
            if watch:
                self.highs.cbMipInterrupt.unsubscribe(progress.record)


class _Progress:
    """The latest bounds of a MIP solve, as HiGHS's callback reports them, and a line of them."""

    def __init__(self) -> None:
        self.best: float | None = None
        self.bound: float | None = None
        self.gap: float | None = None
        self.nodes = 0

    def record(self, event: Any) -> None:
        """HiGHS's MIP interrupt callback: called often, so it only copies four numbers."""
        data = event.data_out
        self.best = _finite(data.mip_primal_bound)
        self.bound = _finite(data.mip_dual_bound)
        self.gap = _finite(data.mip_gap)
        self.nodes = int(data.mip_node_count)

    def line(self, elapsed: float) -> str:
        if self.bound is None and self.best is None:
            return f"solving     {elapsed:6.0f} s  (presolve and the root relaxation)"
        best = "no layout yet" if self.best is None else f"best {self.best:,.4f}"
        bound = "" if self.bound is None else f"  bound {self.bound:,.4f}"
        gap = "" if self.gap is None or self.best is None else f"  gap {self.gap:.3%}"
        return f"solving     {elapsed:6.0f} s  {best}{bound}{gap}  nodes {self.nodes:,}"


def new_highs(log: bool) -> highspy.Highs:
    """A HiGHS instance; with ``log`` off, its start-up banner is silenced too."""
    if log:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _to_highs(form) -> tuple[highspy.HighsLp, ModelSize]:
    """Translate Pyomo's mixed standard form into a ``HighsLp``."""
    columns = form.columns
    n_cols = len(columns)
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = len(form.rows)
    cost = form.c.toarray()[0] if form.c.shape[0] else np.zeros(n_cols)
    lp.col_cost_ = cost.astype(float)
    lp.offset_ = float(form.c_offset[0]) if len(form.c_offset) else 0.0
    lp.col_lower_ = np.array([-INF if v.lb is None else v.lb for v in columns], dtype=float)
    lp.col_upper_ = np.array([INF if v.ub is None else v.ub for v in columns], dtype=float)
    integer = np.array([v.is_integer() for v in columns], dtype=bool)
    if integer.any():
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in integer.tolist()
        ]
    rhs = np.asarray(form.rhs, dtype=float)
    sense = np.array([row.bound_type for row in form.rows], dtype=int)
    # Pyomo's row bound types: 1 is "<= rhs", -1 is ">= rhs", 0 is "== rhs".
    lp.row_lower_ = np.where(sense == 1, -INF, rhs)
    lp.row_upper_ = np.where(sense == -1, INF, rhs)
    matrix = form.A.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.a_matrix_.num_col_ = n_cols
    lp.a_matrix_.num_row_ = len(form.rows)
    lp.sense_ = highspy.ObjSense.kMinimize
    size = ModelSize(n_cols, int(integer.sum()), len(form.rows), int(matrix.nnz))
    return lp, size


def _status(highs: highspy.Highs, size: ModelSize) -> tuple[SolveStatus, str]:
    model_status = highs.getModelStatus()
    text = highs.modelStatusToString(model_status)
    feasible_point = highspy.SolutionStatus.kSolutionStatusFeasible
    has_point = highs.getInfo().primal_solution_status == feasible_point
    status_enum = highspy.HighsModelStatus
    if model_status == status_enum.kOptimal:
        return SolveStatus.OPTIMAL, text
    if model_status in (status_enum.kInfeasible, status_enum.kUnboundedOrInfeasible):
        # Costs are non-negative and every variable is bounded below, so the model is never
        # unbounded: "unbounded or infeasible" means infeasible here.
        return SolveStatus.INFEASIBLE, text
    stopped = (status_enum.kTimeLimit, status_enum.kInterrupt, status_enum.kIterationLimit,
               status_enum.kSolutionLimit, status_enum.kHighsInterrupt)
    if model_status in stopped:
        return (SolveStatus.FEASIBLE if has_point else SolveStatus.NO_SOLUTION), text
    return SolveStatus.ERROR, text


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) and abs(value) < INF else None
