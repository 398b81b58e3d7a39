r"""The trade-off between cost and a second term: an epsilon-constraint frontier.

``hinterland pareto INSTANCE --objectives cost,risk`` (or ``cost,balance``) traces the layouts
that no other layout beats on both counts: the cheapest layout for each level of risk (or of
regional imbalance). With :math:`C(x)` the cost term (``m.cost_term``: investment + opex over
the horizon + transport) and :math:`G(x)` the second term (``m.risk_term``,
:math:`\sum_{s,k} hazard_s\,value_k\,x_{s,k}`, or ``m.imbalance_term``,
:math:`\sum_r |I_r - t_r I|`), over the feasible layouts :math:`X` of the model:

1. **Least cost** (point A): :math:`c_A = \min_X C`, then, to break ties,
   :math:`\min G \text{ s.t. } C \le c_A + \tau_C`. Its value of the second term is the
   largest worth considering: :math:`e_{max} = G(A)`.
2. **Least of the second term** (point B): :math:`g^* = \min_X G`, then
   :math:`\min C \text{ s.t. } G \le g^* + \tau_G` (lexicographic, so B is not dominated);
   :math:`e_{min} = G(B)`.
3. **Between**: for :math:`N` points in all (default 9, the two ends included),
   :math:`\varepsilon_i = e_{max} - i\,(e_{max} - e_{min})/(N-1)`, :math:`i = 1..N-2`, and
   :math:`\min C \text{ s.t. } G \le \varepsilon_i`, then
   :math:`\min G \text{ s.t. } C \le c_i + \tau_C,\ G \le \varepsilon_i` (ties broken the same
   way as at A, so no point is only weakly efficient).

The tolerances :math:`\tau_C = 10^{-9}\max(1, |c|)` and :math:`\tau_G = 10^{-9}\max(1, |g|)`
only keep the second stage feasible against rounding: a second stage may not buy any of the
other term with more than that. Bounding :math:`G` is sound for the balance term too:
``imbalance_term`` is the sum of the deviations :math:`d^+_r + d^-_r \ge |I_r - t_r I|`, so a
bound on it bounds the true imbalance; when it is minimised the deviations are exact.

The model is built once; the two objectives and the two bound rows are added to it, the
instance's weighted objective ``total_cost`` is deactivated, and each solve switches objectives,
activates bounds and sets their right-hand sides (mutable parameters). Each point is a full
solve of the MIP, and its layout is kept.

The values of each point are measured on its layout with the model's yardstick
(:func:`hinterland.model.pricing.cost_breakdown`). Points that are dominated (no better on either
term and worse on one, beyond a tolerance of :data:`DOMINANCE_TOLERANCE` times each term's size) or
without a layout are dropped; the frontier is sorted by the second term, largest
first (point A first), so the cost rises down the table. The solves are checked for
monotonicity: a tighter bound never gives a cheaper layout (it can, within the gap, only when
the solves stop at a gap > 0; this is reported).

The **knee** is the frontier point farthest from the straight line joining the two ends, with
both terms normalised to [0, 1] over the frontier: the point where the trade-off turns from
cheap to dear. There is none when every point lies on that line (a constant price).

The **marginal cost** of a point is the price of its security over the previous (riskier)
point: :math:`(c_i - c_{i-1}) / (g_{i-1} - g_i)`, money per unit of the second term.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo

from hinterland.model import Instance, InstanceError, Problem, build_model, layout_from_model
from hinterland.model.formulation import FormulationData
from hinterland.model.prechecks import Finding, infeasibility_findings
from hinterland.model.pricing import cost_breakdown
from hinterland.solvers.adapter.highs import SolveResult, SolverOptions, SolveStatus, solve
from hinterland.solvers.outputs.folders import Writer, versions, write_csv, write_json
from hinterland.solvers.outputs.text import Text

#: The second terms a frontier can be traced against, by ``--objectives`` name:
#: (column in frontier.csv and in the cost breakdown, model expression, readable name).
TERMS = {
    "risk": ("risk", "risk_term", "risk"),
    "balance": ("imbalance", "imbalance_term", "imbalance"),
}
DEFAULT_POINTS = 9
#: Relative slack of the lexicographic second stages: room for rounding, not for a trade.
STAGE_TOLERANCE = 1e-9
#: Two points differ on a term only by more than this share of the term's largest value.
DOMINANCE_TOLERANCE = 1e-6
#: A knee must stand at least this far (normalised units) from the line joining the ends.
KNEE_TOLERANCE = 1e-6

FRONTIER_COLUMNS = ["point", "epsilon", "cost", "risk", "imbalance", "investment", "status",
                    "gap", "knee", "marginal_cost", "layout"]


def objectives_argument(text: str) -> str:
    """``--objectives``: ``cost,risk`` or ``cost,balance`` (either order); the second term."""
    names = [part.strip().lower() for part in text.split(",")]
    if len(names) == 2 and "cost" in names:
        other = names[1] if names[0] == "cost" else names[0]
        if other in TERMS:
            return other
    raise argparse.ArgumentTypeError(
        f"expected cost,risk or cost,balance, got {text!r}")


def check_term(instance: Instance, term: str) -> None:
    """Refuse a second term the instance cannot measure (balance without a target share)."""
    if term == "balance" and not any(r.target_share is not None
                                     for r in instance.regions.values()):
        raise InstanceError([Problem(
            "instance.yaml",
            "regions.<region>.target_share for at least one region: the balance term is the "
            "deviation of regional investment from the target shares, so cost,balance needs "
            "one (e.g. regions: {West: {target_share: 0.4}})",
            column="regions", value="no target_share")])


@dataclass
class Stage:
    """One solve of a point: what was minimised, under which bounds, and the outcome."""

    minimised: str
    bounds: dict[str, float]
    result: SolveResult

    def as_dict(self) -> dict:
        return {"minimised": self.minimised, "bounds": self.bounds,
                "status": str(self.result.status), "termination": self.result.termination,
                "objective": self.result.objective, "bound": self.result.bound,
                "gap": self.result.gap, "seconds": self.result.compile_seconds
                + self.result.solve_seconds}


@dataclass
class Point:
    """One traced point: its bound, its solves, its layout and the values measured on it."""

    index: int
    epsilon: float | None
    stages: list[Stage] = field(default_factory=list)
    layout: pd.DataFrame | None = None
    terms: dict[str, float] | None = None
    kept: bool = False
    note: str = ""
    knee: bool = False
    marginal_cost: float | None = None

    @property
    def name(self) -> str:
        return f"point-{self.index:02d}"

    @property
    def status(self) -> SolveStatus:
        """Optimal only when every stage that found a layout was proven optimal."""
        statuses = [s.result.status for s in self.stages]
        if self.layout is None:
            return statuses[0] if statuses else SolveStatus.NO_SOLUTION
        solved = [s for s in statuses if s in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)]
        return (SolveStatus.OPTIMAL if all(s == SolveStatus.OPTIMAL for s in solved)
                else SolveStatus.FEASIBLE)

    @property
    def gap(self) -> float | None:
        """The gap of the cost stage (the first one minimising cost)."""
        for stage in self.stages:
            if stage.minimised == "cost":
                return stage.result.gap
        return None

    @property
    def seconds(self) -> float:
        return sum(s.result.compile_seconds + s.result.solve_seconds for s in self.stages)


@dataclass
class Frontier:
    """Every traced point, the frontier kept from them, and how it was made."""

    instance: Instance
    term: str
    requested: int
    options: SolverOptions
    points: list[Point] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: The outcome when not even the least-cost layout was found (None: traced).
    failure: SolveResult | None = None
    e_max: float | None = None
    e_min: float | None = None
    monotone: bool = True
    warnings: list[str] = field(default_factory=list)
    build_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def traced(self) -> bool:
        return self.failure is None

    @property
    def status(self) -> SolveStatus:
        """The status of the least-cost solve when it failed; optimal or feasible otherwise."""
        if self.failure is not None:
            return self.failure.status
        return (SolveStatus.OPTIMAL if all(p.status == SolveStatus.OPTIMAL for p in self.kept)
                else SolveStatus.FEASIBLE)

    @property
    def column(self) -> str:
        """The second term's column: ``risk`` or ``imbalance``."""
        return TERMS[self.term][0]

    @property
    def kept(self) -> list[Point]:
        """The frontier: kept points, the second term largest first (point A first)."""
        return sorted((p for p in self.points if p.kept),
                      key=lambda p: (-p.terms[self.column], p.terms["cost"]))

    @property
    def dropped(self) -> list[Point]:
        return [p for p in self.points if not p.kept]

    @property
    def knee(self) -> Point | None:
        return next((p for p in self.kept if p.knee), None)

    def table(self) -> pd.DataFrame:
        """``frontier.csv``: one row per frontier point."""
        rows = []
        for p in self.kept:
            rows.append({
                "point": p.index,
                "epsilon": p.epsilon,
                "cost": p.terms["cost"],
                "risk": p.terms["risk"],
                "imbalance": p.terms["imbalance"],
                "investment": p.terms["investment"],
                "status": str(p.status),
                "gap": p.gap,
                "knee": int(p.knee),
                "marginal_cost": p.marginal_cost,
                "layout": f"points/{p.name}/layout.csv",
            })
        return pd.DataFrame(rows, columns=FRONTIER_COLUMNS)


class _Tracer:
    """The model with both objectives and both bounds, solved point after point."""

    def __init__(self, instance: Instance, data: FormulationData, term: str,
                 options: SolverOptions):
        self.instance = instance
        self.options = options
        self.term = term
        m = build_model(instance, data)
        other = getattr(m, TERMS[term][1])
        m.total_cost.deactivate()
        m.pareto_min_cost = pyo.Objective(expr=m.cost_term, sense=pyo.minimize)
        m.pareto_min_other = pyo.Objective(expr=other, sense=pyo.minimize)
        m.pareto_epsilon = pyo.Param(mutable=True, initialize=0.0)
        m.pareto_cost_cap = pyo.Param(mutable=True, initialize=0.0)
        m.pareto_other_bound = pyo.Constraint(expr=other <= m.pareto_epsilon)
        m.pareto_cost_bound = pyo.Constraint(expr=m.cost_term <= m.pareto_cost_cap)
        self.m = m

    def solve(self, minimise: str, *, other_at_most: float | None = None,
              cost_at_most: float | None = None) -> Stage:
        """Minimise ``cost`` or ``other`` under the bounds given (none: unbounded)."""
        m = self.m
        chosen, idle = ((m.pareto_min_cost, m.pareto_min_other) if minimise == "cost"
                        else (m.pareto_min_other, m.pareto_min_cost))
        idle.deactivate()
        chosen.activate()
        bounds = {}
        for row, param, value, label in (
                (m.pareto_other_bound, m.pareto_epsilon, other_at_most, self.term),
                (m.pareto_cost_bound, m.pareto_cost_cap, cost_at_most, "cost")):
            if value is None:
                row.deactivate()
            else:
                param.set_value(float(value))
                row.activate()
                bounds[label] = float(value)
        return Stage(minimise if minimise == "cost" else self.term, bounds,
                     solve(m, self.options))

    def measure(self, point: Point) -> None:
        """Keep the layout now in the model and measure it."""
        point.layout = layout_from_model(self.m)
        point.terms = cost_breakdown(self.instance, point.layout)


def trace_frontier(instance: Instance, term: str, points: int = DEFAULT_POINTS,
                   options: SolverOptions | None = None,
                   progress: Callable[[Point], None] | None = None) -> Frontier:
    """Trace the cost-``term`` frontier of ``instance`` with ``points`` points (>= 2).

    ``progress`` is called with each point once solved. Not even the least-cost layout found
    (infeasible, or no layout within the time limit) leaves ``frontier.failure`` set.
    """
    check_term(instance, term)
    if points < 2:
        raise ValueError("a frontier needs at least its two ends (points >= 2)")
    options = options or SolverOptions(log=False)
    start = time.perf_counter()
    frontier = Frontier(instance, term, points, options)
    data = FormulationData.from_instance(instance)
    frontier.findings = infeasibility_findings(data)
    if frontier.findings:
        frontier.failure = SolveResult(SolveStatus.INFEASIBLE,
                                       "infeasible by checks before solving", options=options)
        frontier.seconds = time.perf_counter() - start
        return frontier
    tracer = _Tracer(instance, data, term, options)
    frontier.build_seconds = time.perf_counter() - start
    column = TERMS[term][0]
    report = progress or (lambda point: None)

    # 1. Least cost, ties broken by the least of the second term.
    a = Point(0, None)
    first = tracer.solve("cost")
    a.stages.append(first)
    if not first.result.has_solution:
        frontier.failure = first.result
        frontier.seconds = time.perf_counter() - start
        return frontier
    _lexicographic(tracer, a, first.result.objective, None)
    a.epsilon = frontier.e_max = a.terms[column]
    frontier.points.append(a)
    report(a)

    # 2. Least of the second term, then least cost at that level.
    b = Point(points - 1, None)
    lowest = tracer.solve("other")
    b.stages.append(lowest)
    if lowest.result.has_solution:
        tracer.measure(b)
        floor = lowest.result.objective
        stage = tracer.solve("cost", other_at_most=floor + _slack(floor))
        b.stages.append(stage)
        if stage.result.has_solution:
            tracer.measure(b)
        b.epsilon = frontier.e_min = b.terms[column]
    else:
        b.note = f"the least {TERMS[term][2]} was not found ({lowest.result.termination})"
        frontier.warnings.append(b.note + "; only the least-cost layout is reported")
    if b.layout is not None and frontier.e_max - frontier.e_min <= _slack(frontier.e_max):
        b.note = f"no trade-off: the least-cost layout has the least {TERMS[term][2]} too"
    if b.note:
        frontier.points.append(b)
        report(b)
        _finish(frontier)
        frontier.seconds = time.perf_counter() - start
        return frontier

    # 3. Evenly spaced bounds between the two ends.
    step = (frontier.e_max - frontier.e_min) / (points - 1)
    for i in range(1, points - 1):
        p = Point(i, frontier.e_max - i * step)
        stage = tracer.solve("cost", other_at_most=p.epsilon)
        p.stages.append(stage)
        if stage.result.has_solution:
            _lexicographic(tracer, p, stage.result.objective, p.epsilon)
        frontier.points.append(p)
        report(p)
    frontier.points.append(b)
    report(b)
    _finish(frontier)
    frontier.seconds = time.perf_counter() - start
    return frontier


def _slack(value: float) -> float:
    return STAGE_TOLERANCE * max(1.0, abs(value))


def _lexicographic(tracer: _Tracer, point: Point, cost: float, epsilon: float | None) -> None:
    """After a cost stage: the least of the second term at that cost (and within the bound).

    If the second stage finds nothing (a time limit), the first stage's layout is kept.
    """
    tracer.measure(point)
    stage = tracer.solve("other", cost_at_most=cost + _slack(cost), other_at_most=epsilon)
    point.stages.append(stage)
    if stage.result.has_solution:
        tracer.measure(point)


def _finish(frontier: Frontier) -> None:
    """Drop dominated points, check monotonicity, find the knee and the marginal costs."""
    column = frontier.column
    for p in frontier.points:
        if p.layout is None and not p.note:
            p.note = f"no layout ({p.stages[-1].result.termination})"
    solved = [p for p in frontier.points if p.layout is not None and not p.note]
    if not solved:
        return
    tol_cost = DOMINANCE_TOLERANCE * max(1.0, *(abs(p.terms["cost"]) for p in solved))
    tol_other = DOMINANCE_TOLERANCE * max(1.0, *(abs(p.terms[column]) for p in solved))

    # Monotonicity: in bound order (loosest first), a tighter bound never costs less.
    ordered = sorted(solved, key=lambda p: p.index)
    for before, after in pairwise(ordered):
        cheaper = before.terms["cost"] - after.terms["cost"]
        if cheaper > tol_cost:
            frontier.monotone = False
            gap = _largest_gap(solved)
            why = (f"the solves stop within their gap (up to {gap:.2%}); --gap 0 traces the "
                   "exact frontier" if gap else "all solves were exact: a numerical problem")
            frontier.warnings.append(
                f"{after.name} (a tighter bound) costs {_fmt(cheaper, 4)} less than "
                f"{before.name}: {why}")
        if after.epsilon is not None and after.terms[column] > after.epsilon + tol_other:
            frontier.monotone = False
            frontier.warnings.append(f"{after.name}: {column} {_fmt(after.terms[column])} "
                                     f"above its bound {_fmt(after.epsilon)}")

    def dominates(q: Point, p: Point) -> bool:
        dc = q.terms["cost"] - p.terms["cost"]
        do = q.terms[column] - p.terms[column]
        return dc <= tol_cost and do <= tol_other and (dc < -tol_cost or do < -tol_other)

    # Dominated points go; of points with the same values, the ends (lexicographic) stay.
    kept: list[Point] = []
    ends = (0, frontier.requested - 1)
    for p in sorted(solved, key=lambda p: (p.index not in ends, p.index)):
        beaten = next((q for q in solved if q is not p and dominates(q, p)), None)
        twin = next((q for q in kept if abs(q.terms["cost"] - p.terms["cost"]) <= tol_cost
                     and abs(q.terms[column] - p.terms[column]) <= tol_other), None)
        if beaten is not None:
            p.note = f"dominated by {beaten.name}"
        elif twin is not None:
            p.note = f"same values as {twin.name}"
        else:
            p.kept = True
            kept.append(p)

    front = frontier.kept
    for before, after in pairwise(front):
        saved = before.terms[column] - after.terms[column]
        after.marginal_cost = (after.terms["cost"] - before.terms["cost"]) / saved
    distances = _knee_distances(front, column)
    if distances and max(distances) > KNEE_TOLERANCE:
        front[distances.index(max(distances))].knee = True


def _largest_gap(points: list[Point]) -> float:
    """The largest relative gap of any solve of ``points`` (0 when all were exact)."""
    return max((s.result.gap or 0.0 for p in points for s in p.stages), default=0.0)


def _knee_distances(front: list[Point], column: str) -> list[float]:
    """Distance of each point from the line joining the ends, both terms scaled to [0, 1]."""
    if len(front) < 3:
        return []
    costs = [p.terms["cost"] for p in front]
    others = [p.terms[column] for p in front]
    cost_range, other_range = max(costs) - min(costs), max(others) - min(others)
    if cost_range <= 0 or other_range <= 0:
        return []
    u = [(o - min(others)) / other_range for o in others]
    v = [(c - min(costs)) / cost_range for c in costs]
    # The ends are (u, v) = (1, v0) and (0, v1), about (1, 0) and (0, 1).
    (u0, v0), (u1, v1) = (u[0], v[0]), (u[-1], v[-1])
    length = math.hypot(u1 - u0, v1 - v0)
    return [abs((u1 - u0) * (v0 - vi) - (u0 - ui) * (v1 - v0)) / length
            for ui, vi in zip(u, v, strict=True)]


# ------------------------------------------------------------------------------------------
# Words, files and the picture
# ------------------------------------------------------------------------------------------

def _units(instance: Instance, term: str) -> tuple[str, str]:
    """The money unit and the unit of the second term, for labels."""
    from hinterland.solvers.outputs.maps import (
        money_unit,  # matplotlib and geopandas load only when needed
    )

    money = money_unit(instance.settings.units) or "money"
    return money, ("hazard x value x capacity" if term == "risk" else money)


def _fmt(value: float | None, digits: int = 6) -> str:
    """A number for people: ``digits`` significant digits; solver dust (< 1e-8) shown as 0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{0.0 if abs(value) < 1e-8 else value:,.{digits}g}"


def price_sentences(frontier: Frontier) -> list[str]:
    """One sentence per segment of the frontier: what a step of security costs."""
    front, column = frontier.kept, frontier.column
    money, _ = _units(frontier.instance, frontier.term)
    word = TERMS[frontier.term][2]
    lines = []
    for before, after in pairwise(front):
        extra = after.terms["cost"] - before.terms["cost"]
        lines.append(
            f"{before.name} -> {after.name}: cutting {word} from {_fmt(before.terms[column])} "
            f"to {_fmt(after.terms[column])} costs {_fmt(extra, 4)} more "
            f"({_share(extra, before.terms['cost'])}), {_fmt(after.marginal_cost, 4)} {money} "
            f"per unit of {word}")
    return lines


def knee_sentence(frontier: Frontier) -> str:
    """The knee in a planner's words: what it buys, what it costs, and the price beyond it."""
    front, column, knee = frontier.kept, frontier.column, frontier.knee
    money, _ = _units(frontier.instance, frontier.term)
    word = TERMS[frontier.term][2]
    if len(front) < 2:
        return f"no trade-off: the least-cost layout also has the least {word}"
    if knee is None:
        first, last = front[0], front[-1]
        price = ((last.terms["cost"] - first.terms["cost"])
                 / (first.terms[column] - last.terms[column]))
        return (f"no knee: every unit of {word} costs the same along the frontier, "
                f"{_fmt(price, 4)} {money} per unit of {word}")
    first, last = front[0], front[-1]
    cut = first.terms[column] - knee.terms[column]
    extra = knee.terms["cost"] - first.terms["cost"]
    before = extra / cut if cut > 0 else math.nan
    after_cut = knee.terms[column] - last.terms[column]
    after = ((last.terms["cost"] - knee.terms["cost"]) / after_cut if after_cut > 0
             else math.nan)
    return (f"{knee.name}: from the least-cost layout, cutting {word} from "
            f"{_fmt(first.terms[column])} to {_fmt(knee.terms[column])} "
            f"({_share(-cut, first.terms[column])}) costs {_fmt(extra, 4)} more "
            f"({_share(extra, first.terms['cost'])}), {_fmt(before, 4)} {money} per unit of "
            f"{word}; beyond the knee each further unit costs {_fmt(after, 4)} {money} on "
            "average")


def _share(change: float, base: float) -> str:
    return f"{100 * change / base:+.2g}%" if base else "-"


def frontier_summary(frontier: Frontier) -> dict:
    """The content of the frontier's ``summary.json``."""
    instance = frontier.instance
    knee = frontier.knee
    return {
        "instance": {"name": instance.name, "folder": str(instance.folder),
                     "units": instance.settings.units, "sha256": instance.digest},
        "objectives": ["cost", frontier.term],
        "method": "epsilon-constraint, lexicographic ends and ties (see docs/pareto.md)",
        "points_requested": frontier.requested,
        "status": str(frontier.status),
        "e_max": frontier.e_max,
        "e_min": frontier.e_min,
        "monotone": frontier.monotone,
        "knee": knee.index if knee is not None else None,
        "warnings": frontier.warnings,
        "dropped": [{"point": p.index, "epsilon": p.epsilon, "why": p.note}
                    for p in frontier.dropped],
        "findings": [{"check": f.check, "subject": f.subject, "message": f.message}
                     for f in frontier.findings],
        "solves": sum(len(p.stages) for p in frontier.points),
        "seconds": {"total": frontier.seconds, "build": frontier.build_seconds,
                    "solves": sum(p.seconds for p in frontier.points)},
        "solver": {"time_limit": frontier.options.time_limit,
                   "mip_gap": frontier.options.mip_gap,
                   "random_seed": frontier.options.random_seed},
        "versions": versions(),
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def point_summary(frontier: Frontier, point: Point) -> dict:
    """The content of ``points/point-NN/summary.json``."""
    return {"point": point.index, "epsilon": point.epsilon, "status": str(point.status),
            "gap": point.gap, "knee": point.knee, "marginal_cost": point.marginal_cost,
            "terms": point.terms, "stages": [s.as_dict() for s in point.stages]}


def frontier_files(frontier: Frontier) -> dict[str, Writer]:
    """``frontier.csv``, ``frontier.png``, ``summary.json`` and each point's layout."""
    files: dict[str, Writer] = {
        "frontier.csv": write_csv(frontier.table()),
        "frontier.png": lambda path: draw_frontier(frontier, path),
        "summary.json": write_json(frontier_summary(frontier)),
    }
    for p in frontier.kept:
        files[f"points/{p.name}/layout.csv"] = _nested(write_csv(p.layout))
        files[f"points/{p.name}/summary.json"] = _nested(write_json(point_summary(frontier, p)))
    return files


def _nested(write: Writer) -> Writer:
    def writer(path: Path) -> object:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write(path)
    return writer


def draw_frontier(frontier: Frontier, path: Path) -> Path:
    """``frontier.png``: cost against the second term, the ends named and the knee marked.

    Below it, the marginal cost of each step: what one unit less of the second term costs.
    """
    from matplotlib.figure import Figure  # never pyplot: no backend switched in the caller

    money, unit = _units(frontier.instance, frontier.term)
    column, word = frontier.column, TERMS[frontier.term][2]
    front = frontier.kept
    xs = [p.terms[column] for p in front]
    ys = [p.terms["cost"] for p in front]
    fig = Figure(figsize=(8.0, 7.0), dpi=150, layout="constrained")
    ax, price = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1))
    if len(front) >= 2:
        ax.plot([xs[0], xs[-1]], [ys[0], ys[-1]], linestyle="--", color="0.7", linewidth=1,
                label="straight line between the ends", zorder=1)
    ax.plot(xs, ys, marker="o", color="tab:blue", linewidth=2, markersize=6,
            label=f"frontier: least cost at each {word}", zorder=2)
    dropped = [p for p in frontier.dropped if p.note.startswith("dominated")]
    if dropped:
        ax.scatter([p.terms[column] for p in dropped], [p.terms["cost"] for p in dropped],
                   marker="x", color="0.5", label="dominated (dropped)", zorder=2)
    for i, (p, x, y) in enumerate(zip(front, xs, ys, strict=True)):
        if i == 0:  # bottom right: below it is free
            text, offset, align, valign = f"{p.index:02d} least cost", (4, -8), "right", "top"
        elif i == len(front) - 1:  # top left: to its right is free
            text, offset, align, valign = f"{p.index:02d} least {word}", (8, 0), "left", "center"
        else:
            text, offset, align, valign = f"{p.index:02d}", (5, 5), "left", "baseline"
        ax.annotate(text, (x, y), textcoords="offset points", xytext=offset, ha=align,
                    va=valign, fontsize=8 if 0 < i < len(front) - 1 else 9, color="0.25")
    knee = frontier.knee
    if knee is not None:
        kx, ky = knee.terms[column], knee.terms["cost"]
        after = front[front.index(knee) + 1].marginal_cost
        ax.scatter([kx], [ky], s=200, facecolors="none", edgecolors="tab:red", linewidths=2.5,
                   label="knee", zorder=3)
        # Above the line joining the ends (top right) a convex frontier leaves room for text.
        ax.annotate(f"knee ({knee.name}): {word} {_fmt(kx, 5)}, cost {_fmt(ky, 7)}\n"
                    f"one unit less {word} costs {_fmt(knee.marginal_cost, 3)} before it,\n"
                    f"{_fmt(after, 3)} after it ({money})",
                    (kx, ky), textcoords="axes fraction", xytext=(0.97, 0.82), ha="right",
                    va="top", fontsize=9, color="tab:red",
                    arrowprops={"arrowstyle": "->", "color": "tab:red"})
    ax.set_ylabel(f"cost over {frontier.instance.horizon_years:g} years ({money})")
    ax.set_title(f"{frontier.instance.name}: cost against {word}, {len(front)} frontier points")
    ax.yaxis.set_major_formatter("{x:,g}")
    ax.legend(loc="lower left", fontsize=8, frameon=False)  # below a convex frontier: free
    ax.margins(0.08, 0.12)

    if len(front) >= 2:
        edges = [xs[-1], *reversed(xs[:-1])]  # ascending in the second term
        steps = [p.marginal_cost for p in reversed(front[1:])]
        price.stairs(steps, edges, fill=True, color="tab:blue", alpha=0.35)
        price.stairs(steps, edges, color="tab:blue", linewidth=1.5)
        if knee is not None:
            price.axvline(knee.terms[column], color="tab:red", linewidth=1, linestyle=":")
    price.set_ylabel(f"{money}\nper unit of {word}", fontsize=9)
    price.set_title(f"marginal cost: one unit less {word}", fontsize=9, loc="left")
    price.set_xlabel(f"{word} ({unit})")
    price.xaxis.set_major_formatter("{x:,g}")
    price.yaxis.set_major_formatter("{x:,g}")
    for axes in (ax, price):
        axes.grid(True, color="0.9")
    fig.savefig(path, facecolor="white")
    return path


def progress_line(point: Point, term: str) -> str:
    """One line per point as it is solved (logged by the command line as progress)."""
    column = TERMS[term][0]
    if point.terms is None:
        return f"  {point.name}  {point.note or 'no layout'}"
    word = TERMS[term][2]
    bound = (f"bound {_fmt(point.epsilon)}" if point.stages[0].minimised == "cost" and
             point.stages[0].bounds else "least cost" if point.index == 0 else f"least {word}")
    return (f"  {point.name}  {bound:>20}  cost {_fmt(point.terms['cost']):>12}  "
            f"{column} {_fmt(point.terms[column]):>10}  {point.seconds:.2f} s")


def frontier_text(frontier: Frontier, folder: Path | None) -> str:
    """The frontier in a few lines: table, ends, knee, price of each step, where the files are."""
    say = Text()
    instance, word, column = frontier.instance, TERMS[frontier.term][2], frontier.column
    say()
    say(f"hinterland: {instance.name}, cost against {word}")
    if not frontier.traced:
        say(f"  status      no frontier: the least-cost layout was not found "
            f"({frontier.failure.status}: {frontier.failure.termination})")
        for finding in frontier.findings:
            say(f"  why         {finding}")
        return str(say)
    money, unit = _units(instance, frontier.term)
    front = frontier.kept
    gap = _largest_gap(front)
    within = f" within a gap of {gap:.2%}" if gap else ""
    say(f"  status      {frontier.status}{within}; {len(front)} of {len(frontier.points)} "
        f"points on the frontier  [cost in {money}; {word} in {unit}]")
    say(f"  {'point':>7} {'bound':>12} {'cost':>14} {word:>12} {'marginal cost':>14}")
    for p in front:
        mark = "  <- knee" if p.knee else ""
        say(f"  {p.index:>7} {_fmt(p.epsilon):>12} {_fmt(p.terms['cost']):>14} "
            f"{_fmt(p.terms[column]):>12} {_fmt(p.marginal_cost, 4):>14}{mark}")
    for p in frontier.dropped:
        say(f"  dropped     {p.name}: {p.note}")
    for warning in frontier.warnings:
        say(f"  warning     {warning}")
    for line in price_sentences(frontier):
        say(f"  price       {line}")
    say(f"  knee        {knee_sentence(frontier)}")
    solves = sum(len(p.stages) for p in frontier.points)
    say(f"  seconds     {frontier.seconds:.2f} in all: build {frontier.build_seconds:.2f}, "
        f"{solves} solves {sum(p.seconds for p in frontier.points):.2f}")
    if folder is not None:
        say(f"  results     {folder} (frontier.csv, frontier.png, summary.json, points/)")
    return str(say)
