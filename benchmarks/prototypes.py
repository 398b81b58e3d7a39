"""Measured prototypes of changes to ``model/`` and ``solvers/``, kept beside the benchmarks.

    python -m benchmarks.prototypes [NAME ...] [--repeats 5]

Each prototype rebuilds one piece the way a proposed change would and measures it against the
project's current code in the same process, with medians over the repeats, and checks that
the result is the same (the same matrix or objectives). None of them changes the project;
they show what a change would gain before it is made.

* ``templates``: the per-pair families written as Pyomo template constraints (coefficients
  in immutable Params, ``TEMPLATIZE_CONSTRAINTS`` on while they are built), so that the
  standard-form compiler expands one template instead of walking one expression per row;
* ``redundancy``: leaving out the ``redundancy`` rows that ``requirement`` and
  ``capacity_link`` already imply (``min_sites`` 1 with demand), measured on the floor;
* ``contrib``: Pyomo's ``contrib.solver`` HiGHS interface against the standard-form path;
* ``held``: what ``HeldModel`` spends on its row map for ``set_bounds`` when nothing is swept;
* ``thread``: HiGHS run in a separate thread (``Highs.solve`` with ``HandleKeyboardInterrupt``,
  what ``HeldModel.solve`` does) against ``Highs.run`` in the calling thread;
* ``sweep``: a budget sweep in descending order that keeps the previous layout, without a
  solve, whenever that layout fits the tighter budget;
* ``imports``: start-up of ``hinterland`` against the modules ``hinterland solve`` needs;
* ``lean``: ``templates`` and ``held`` together, end to end from the loaded
  instance to HiGHS holding the model, each variant in a fresh process (time and peak memory),
  checked to compile to the same matrix; ``lean-memory``: the same at 3200 sites through a
  10 s solve, for the peak memory of a whole run.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

from benchmarks.cases import ROOT, select
from benchmarks.worker import peak_mib


def median_seconds(call: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median wall seconds of ``call`` over ``repeats`` runs, and its last result."""
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def _data(case: str):
    from model import load_instance
    from model.formulation import FormulationData

    instance = load_instance(select([case])[0].folder())
    return instance, FormulationData.from_instance(instance)


# --- templates -------------------------------------------------------------------------------


def templated_pair_families(m, data) -> None:
    """``capacity_link``, ``min_scale``, ``open_link`` and ``survival`` as templates.

    The same rows as ``model/formulation/linking.py`` and ``survival.py`` write; the
    coefficients move into immutable Params so that each rule is one template over its set.
    """
    import pyomo.environ as pyo

    items = data.instance.items
    upper = data.column("upper")
    min_scale = data.column("min_scale")
    floor = (items["survive_share"] * items["demand"]).astype(float).to_dict()
    lost = items["survive_sites"].astype(int).to_dict()
    single = [k for k in m.ITEMS_TOTALLED if floor[k] > 0 and lost[k] == 1]
    opened = set(data.open_sites)
    m.upper = pyo.Param(m.PAIRS, initialize=upper)
    m.SCALED_PAIRS = pyo.Set(initialize=[p for p in data.pair_index if min_scale[p] > 0],
                             dimen=2, ordered=True)
    m.scale = pyo.Param(m.SCALED_PAIRS, initialize={p: min_scale[p] for p in m.SCALED_PAIRS})
    m.OPEN_PAIRS = pyo.Set(initialize=[p for p in data.pair_index if p[0] in opened], dimen=2,
                           ordered=True)
    m.SURVIVAL_PAIRS = pyo.Set(initialize=[(s, k) for k in single
                                           for s in data.sites_of_item[k]],
                               dimen=2, ordered=True)
    m.floor = pyo.Param(m.ITEMS_TOTALLED, initialize={k: floor[k] for k in m.ITEMS_TOTALLED})
    with _Templates():
        m.capacity_link = pyo.Constraint(
            m.PAIRS, rule=lambda m, s, k: m.x[s, k] <= m.upper[s, k] * m.y[s, k])
        m.min_scale = pyo.Constraint(
            m.SCALED_PAIRS, rule=lambda m, s, k: m.x[s, k] >= m.scale[s, k] * m.y[s, k])
        m.open_link = pyo.Constraint(m.OPEN_PAIRS,
                                     rule=lambda m, s, k: m.y[s, k] <= m.open[s])
        m.survival = pyo.Constraint(
            m.SURVIVAL_PAIRS, rule=lambda m, s, k: m.x[s, k] <= m.item_total[k] - m.floor[k])


def current_pair_families(m, data) -> None:
    """The same four families as the project writes them today (rule per row)."""
    import pyomo.environ as pyo

    from model.formulation.linking import add_linking
    from model.formulation.survival import add_survival

    add_linking(m, data)
    m.del_component(m.open_use)
    add_survival(m, data)
    for name in ("loss_excess_def", "survival_several"):
        m.del_component(getattr(m, name))
    m.total_cost = pyo.Objective(expr=m.investment)


def _pair_model(data, families: Callable) -> tuple[float, float, object, object]:
    """Build variables, item totals and ``families``; compile; (build s, compile s, form,
    model: kept alive, as the form's rows refer to its constraints weakly)."""
    import pyomo.environ as pyo
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    from model.formulation.totals import add_item_totals
    from model.formulation.variables import add_variables

    m = pyo.ConcreteModel()
    add_variables(m, data)
    add_item_totals(m, data)
    m.del_component(m.item_total_def)
    start = time.perf_counter()
    families(m, data)
    if not hasattr(m, "total_cost"):
        m.total_cost = pyo.Objective(expr=m.investment)
    built = time.perf_counter()
    form = LinearStandardFormCompiler().write(m, mixed_form=True, set_sense=None)
    return built - start, time.perf_counter() - built, form, m


def _rows_of(form) -> dict[str, tuple]:
    """Per family: the sorted (row-within-family, column name, value) triplets and bounds."""
    matrix = form.A.tocsr()
    names = [v.name for v in form.columns]
    by_family: dict[str, list] = {}
    for i, row in enumerate(form.rows):
        family = row.constraint.parent_component().name
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        entries = tuple(sorted(zip((names[j] for j in matrix.indices[start:end]),
                                   matrix.data[start:end].tolist(), strict=True)))
        by_family.setdefault(family, []).append((entries, row.bound_type, float(form.rhs[i])))
    return {family: tuple(rows) for family, rows in by_family.items()}


def prototype_templates(cases: list[str], repeats: int) -> list[str]:
    lines = ["| case | rows | current build + compile (s) | templates build + compile (s) | "
             "gain | same rows |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for case in cases:
        _, data = _data(case)
        figures: dict[str, list[tuple[float, float]]] = {"current": [], "templates": []}
        forms, models = {}, {}
        for _ in range(repeats):
            for label, families in (("current", current_pair_families),
                                    ("templates", templated_pair_families)):
                build, compile_, forms[label], models[label] = _pair_model(data, families)
                figures[label].append((build, compile_))
        old = [statistics.median(x[i] for x in figures["current"]) for i in (0, 1)]
        new = [statistics.median(x[i] for x in figures["templates"]) for i in (0, 1)]
        same = _rows_of(forms["current"]) == _rows_of(forms["templates"])
        lines.append(f"| {case} | {len(forms['current'].rows):,} | {old[0]:.2f} + {old[1]:.2f} "
                     f"| {new[0]:.2f} + {new[1]:.2f} | {sum(old) - sum(new):.2f} s "
                     f"({1 - sum(new) / sum(old):.0%}) | {same} |")
    return lines


# --- lean: the changes above together, end to end --------------------------------------------


#: Rows from which a family is built as a template: expanding a template has a fixed cost of
#: about 10 ms, more than a few thousand rows cost to build one by one.
TEMPLATE_ROWS = 10_000


class _Templates:
    """While open, Pyomo builds indexed constraints as templates (``TEMPLATIZE_CONSTRAINTS``),
    when ``rows`` reaches :data:`TEMPLATE_ROWS` (or is not given)."""

    def __init__(self, rows: int | None = None):
        self.enabled = rows is None or rows >= TEMPLATE_ROWS

    def __enter__(self) -> None:
        import pyomo.core.base.constraint as constraint_module

        self.module = constraint_module
        self.saved = constraint_module.TEMPLATIZE_CONSTRAINTS
        constraint_module.TEMPLATIZE_CONSTRAINTS = self.enabled

    def __exit__(self, *_: object) -> None:
        self.module.TEMPLATIZE_CONSTRAINTS = self.saved


def lean_linking(m, data) -> None:
    """``model/formulation/linking.py`` with its three per-pair families as templates."""
    import pyomo.environ as pyo

    upper = data.column("upper")
    min_scale = data.column("min_scale")
    m.link_upper = pyo.Param(m.PAIRS, initialize=upper)
    with _Templates(len(m.PAIRS)):
        m.capacity_link = pyo.Constraint(
            m.PAIRS, rule=lambda m, s, k: m.x[s, k] <= m.link_upper[s, k] * m.y[s, k])
    scaled = [pair for pair in data.pair_index if min_scale[pair] > 0]
    m.SCALED_PAIRS = pyo.Set(initialize=scaled, dimen=2, ordered=True)
    m.link_scale = pyo.Param(m.SCALED_PAIRS, initialize={p: min_scale[p] for p in scaled})
    with _Templates(len(scaled)):
        m.min_scale = pyo.Constraint(
            m.SCALED_PAIRS, rule=lambda m, s, k: m.x[s, k] >= m.link_scale[s, k] * m.y[s, k])
    opened = set(data.open_sites)
    m.OPEN_PAIRS = pyo.Set(
        initialize=[pair for pair in data.pair_index if pair[0] in opened], dimen=2, ordered=True
    )
    with _Templates(len(m.OPEN_PAIRS)):
        m.open_link = pyo.Constraint(m.OPEN_PAIRS, rule=lambda m, s, k: m.y[s, k] <= m.open[s])
    m.open_use = pyo.Constraint(
        m.OPEN_SITES,
        rule=lambda m, s: m.open[s] <= pyo.quicksum(m.y[s, k] for k in data.items_of_site[s]),
    )


def lean_survival(m, data) -> None:
    """``model/formulation/survival.py`` with its per-pair families as templates."""
    import pyomo.environ as pyo

    items = data.instance.items
    floor = (items["survive_share"] * items["demand"]).astype(float).to_dict()
    lost = items["survive_sites"].astype(int).to_dict()
    single = [k for k in m.ITEMS_TOTALLED if floor[k] > 0 and lost[k] == 1]
    several = [k for k in m.ITEMS_TOTALLED if floor[k] > 0 and lost[k] > 1]
    m.SURVIVAL_PAIRS = pyo.Set(
        initialize=[(s, k) for k in single for s in data.sites_of_item[k]], dimen=2, ordered=True
    )
    m.survival_floor = pyo.Param(m.ITEMS_TOTALLED, initialize={k: floor[k]
                                                               for k in m.ITEMS_TOTALLED})
    with _Templates(len(m.SURVIVAL_PAIRS)):
        m.survival = pyo.Constraint(
            m.SURVIVAL_PAIRS,
            rule=lambda m, s, k: m.x[s, k] <= m.item_total[k] - m.survival_floor[k])
    m.ITEMS_SURVIVING_SEVERAL = pyo.Set(initialize=several, ordered=True)
    m.SURVIVAL_SEVERAL_PAIRS = pyo.Set(
        initialize=[(s, k) for k in several for s in data.sites_of_item[k]], dimen=2,
        ordered=True,
    )
    m.loss_threshold = pyo.Var(m.ITEMS_SURVIVING_SEVERAL, domain=pyo.NonNegativeReals)
    m.loss_excess = pyo.Var(m.SURVIVAL_SEVERAL_PAIRS, domain=pyo.NonNegativeReals)
    with _Templates(len(m.SURVIVAL_SEVERAL_PAIRS)):
        m.loss_excess_def = pyo.Constraint(
            m.SURVIVAL_SEVERAL_PAIRS,
            rule=lambda m, s, k: m.loss_excess[s, k] >= m.x[s, k] - m.loss_threshold[k])
    m.survival_several = pyo.Constraint(
        m.ITEMS_SURVIVING_SEVERAL,
        rule=lambda m, k: m.item_total[k] - lost[k] * m.loss_threshold[k]
        - pyo.quicksum(m.loss_excess[s, k] for s in data.sites_of_item[k]) >= floor[k],
    )


def lean_build_model(instance, data):
    """``build_model``'s single-period path with the lean families in place of the two."""
    import pyomo.environ as pyo

    from model.formulation import FAMILIES
    from model.formulation.linking import add_linking
    from model.formulation.objective import weighted_objective
    from model.formulation.survival import add_survival

    swap = {add_linking: lean_linking, add_survival: lean_survival}
    m = pyo.ConcreteModel(name=instance.name)
    for add_family in FAMILIES:
        swap.get(add_family, add_family)(m, data)
    m.total_cost = pyo.Objective(expr=weighted_objective(m, data), sense=pyo.minimize)
    return m


def lean_transfer(model, options):
    """``HeldModel.__init__`` without the row map, which only ``set_bounds`` needs and which
    could be built on its first call instead."""
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    from solvers.highs import _new_highs, _to_highs

    form = LinearStandardFormCompiler().write(model, mixed_form=True, set_sense=None)
    highs = _new_highs(options.log)
    highs.setOptionValue("output_flag", options.log)
    lp, size = _to_highs(form)
    highs.passModel(lp)
    column_of = {id(var): i for i, var in enumerate(form.columns)}
    return form, highs, size, column_of


def lean_worker(variant: str, case: str, solve_limit: float | None = None) -> dict:
    """Build ``case`` the current way or the lean way in this (fresh) process; with
    ``solve_limit``, then run HiGHS with that time limit (for the peak memory of a run)."""
    import scipy.sparse  # noqa: F401  (imported before the clock, as in the worker)

    from model import load_instance
    from model.formulation import FormulationData, build_model
    from model.prechecks import infeasibility_findings
    from solvers.highs import HeldModel, SolverOptions

    instance = load_instance(select([case])[0].folder())
    options = SolverOptions(log=False)
    start = time.perf_counter()
    data = FormulationData.from_instance(instance)
    infeasibility_findings(data)
    # What the transfer made is kept alive through the solve, as HeldModel keeps it.
    if variant == "lean":
        model = lean_build_model(instance, data)
        modelled = time.perf_counter()
        held = lean_transfer(model, options)
        highs = held[1]
    else:
        model = build_model(instance, data)
        modelled = time.perf_counter()
        held = HeldModel(model, options)
        highs = held.highs
    end = time.perf_counter()
    built_mib = peak_mib()
    if solve_limit is not None:
        highs.setOptionValue("time_limit", float(solve_limit))
        highs.setOptionValue("mip_rel_gap", 0.01)
        highs.run()
    return {"model": modelled - start, "transfer": end - modelled, "build": end - start,
            "built_mib": built_mib, "peak_mib": peak_mib()}


def prototype_lean_memory(cases: list[str], repeats: int) -> list[str]:
    """Peak memory of a whole run (build, then HiGHS with a 10 s limit and a 1% gap, as the
    ``synthetic-3200-solve`` case), current against lean, once each: HiGHS's presolve alone
    runs for over a minute at 3200 sites."""
    import json

    del repeats
    lines = ["| case | MiB with the model in HiGHS, current / lean | peak MiB of the run, "
             "current / lean |", "| --- | ---: | ---: |"]
    for case in cases:
        out = {}
        for variant in ("current", "lean"):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.prototypes", "--lean-worker", variant, case,
                 "--solve-limit", "10"], cwd=ROOT, capture_output=True, text=True, check=True)
            out[variant] = json.loads(done.stdout.strip().splitlines()[-1])
        lines.append(f"| {case} | {out['current']['built_mib']:.0f} / "
                     f"{out['lean']['built_mib']:.0f} | {out['current']['peak_mib']:.0f} / "
                     f"{out['lean']['peak_mib']:.0f} |")
    return lines


def _same_form(a, b) -> bool:
    """Same columns (by name), rows, matrix and right-hand sides, in the same order."""
    if [v.name for v in a.columns] != [v.name for v in b.columns] or len(a.rows) != len(b.rows):
        return False
    return (a.A != b.A).nnz == 0 and np.array_equal(np.asarray(a.rhs), np.asarray(b.rhs))


def lean_same_matrix(case: str) -> bool:
    """The lean model compiles to the current model's matrix, row for row."""
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    from model import load_instance
    from model.formulation import FormulationData, build_model

    instance = load_instance(select([case])[0].folder())
    data = FormulationData.from_instance(instance)
    compiler = LinearStandardFormCompiler()
    current = build_model(instance, data)
    lean = lean_build_model(instance, FormulationData.from_instance(instance))
    a = compiler.write(current, mixed_form=True, set_sense=None)
    b = compiler.write(lean, mixed_form=True, set_sense=None)
    bounds = [r.bound_type for r in a.rows] == [r.bound_type for r in b.rows]
    return _same_form(a, b) and bounds


def prototype_lean(cases: list[str], repeats: int) -> list[str]:
    import json

    lines = ["| case | current: model + transfer (s) | lean: model + transfer (s) | gain | "
             "peak MiB current / lean | same matrix |", "| --- | ---: | ---: | ---: | ---: | "
             "--- |"]
    for case in cases:
        runs: dict[str, list[dict]] = {"current": [], "lean": []}
        for _ in range(repeats):
            for variant in runs:
                done = subprocess.run(
                    [sys.executable, "-m", "benchmarks.prototypes", "--lean-worker", variant,
                     case], cwd=ROOT, capture_output=True, text=True, check=True)
                runs[variant].append(json.loads(done.stdout.strip().splitlines()[-1]))
        med = {v: {k: statistics.median(r[k] for r in rs) for k in rs[0]}
               for v, rs in runs.items()}
        old, new = med["current"], med["lean"]
        lines.append(f"| {case} | {old['model']:.2f} + {old['transfer']:.2f} | "
                     f"{new['model']:.2f} + {new['transfer']:.2f} | "
                     f"{1 - new['build'] / old['build']:.0%} | {old['peak_mib']:.0f} / "
                     f"{new['peak_mib']:.0f} | {lean_same_matrix(case)} |")
    return lines


# --- redundancy ------------------------------------------------------------------------------


def implied_redundancy_rows(floor, data) -> np.ndarray:
    """Rows of ``redundancy`` for items with ``min_sites`` 1 and demand: with
    ``U[s,k] <= max_share*D[k] <= D[k]``, ``sum_s x >= D`` and ``x <= U*y`` give
    ``sum_s y >= 1`` in every relaxation already."""
    items = data.instance.items
    redundant = [k for k in items.index if int(items.loc[k, "min_sites"]) >= 1]
    start = next(s for name, s, _ in floor.families if name == "redundancy")
    implied = [start + i for i, k in enumerate(redundant)
               if int(items.loc[k, "min_sites"]) == 1 and items.loc[k, "demand"] > 0
               and items.loc[k, "max_share"] <= 1]
    return np.array(implied, dtype=np.int64)


def prototype_redundancy(cases: list[str], repeats: int) -> list[str]:
    from benchmarks.floor import build_floor, new_highs

    lines = ["| case | rows dropped | nonzeros dropped | solve with (s) | solve without (s) | "
             "same optimum |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for case in cases:
        instance, data = _data(case)
        floor = build_floor(data)
        drop = implied_redundancy_rows(floor, data)
        matrix = floor.matrix.tocsr()
        nnz = int(sum(matrix.indptr[r + 1] - matrix.indptr[r] for r in drop.tolist()))
        gap = instance.settings.solver.mip_gap

        def solve(without: bool, floor=floor, drop=drop, gap=gap) -> float:
            highs = new_highs(None, gap)
            highs.passModel(floor.lp)
            if without and len(drop):
                highs.deleteRows(len(drop), drop.astype(np.int32))
            highs.run()
            return float(highs.getInfo().objective_function_value)

        with_rows, a = median_seconds(lambda: solve(False), repeats)
        without_rows, b = median_seconds(lambda: solve(True), repeats)
        assert isinstance(a, float) and isinstance(b, float)
        same = abs(a - b) <= 1e-6 * max(1.0, abs(a))
        lines.append(f"| {case} | {len(drop):,} | {nnz:,} | {with_rows:.2f} | "
                     f"{without_rows:.2f} | {same} |")
    return lines


# --- contrib ---------------------------------------------------------------------------------


def prototype_contrib(cases: list[str], repeats: int) -> list[str]:
    from pyomo.contrib.solver.solvers.highs import Highs as ContribHighs

    from model.formulation import build_model
    from solvers.highs import HeldModel, SolverOptions

    lines = ["| case | Pyomo model (s) | standard form -> passModel (s) | "
             "contrib.solver highs set_instance (s) |", "| --- | ---: | ---: | ---: |"]
    for case in cases:
        instance, data = _data(case)
        model_s, model = median_seconds(lambda instance=instance, data=data: build_model(
            instance, data), repeats)
        held_s, _ = median_seconds(lambda model=model: HeldModel(model, SolverOptions(
            log=False)), repeats)

        def contrib(instance=instance, data=data) -> None:
            solver = ContribHighs()
            solver.set_instance(build_model(instance, data))

        contrib_s, _ = median_seconds(contrib, repeats)
        lines.append(f"| {case} | {model_s:.2f} | {held_s:.2f} | {contrib_s - model_s:.2f} |")
    return lines


# --- held ------------------------------------------------------------------------------------


def prototype_held(cases: list[str], repeats: int) -> list[str]:
    import tracemalloc

    from model.formulation import build_model
    from solvers.highs import HeldModel, SolverOptions

    lines = ["| case | rows | HeldModel.__init__ (s) | of it the row map (s) | "
             "row map memory (MiB) |", "| --- | ---: | ---: | ---: | ---: |"]
    for case in cases:
        instance, data = _data(case)
        model = build_model(instance, data)
        held_s, held = median_seconds(lambda model=model: HeldModel(model, SolverOptions(
            log=False)), repeats)

        def row_map(held=held) -> dict:
            rows: dict[int, list[tuple[int, int]]] = {}
            for i, row in enumerate(held.form.rows):
                rows.setdefault(id(row.constraint), []).append((i, row.bound_type))
            return rows

        map_s, _ = median_seconds(row_map, repeats)
        tracemalloc.start()
        kept = row_map()
        size = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        del kept
        lines.append(f"| {case} | {len(held.form.rows):,} | {held_s:.2f} | {map_s:.3f} | "
                     f"{size:.0f} |")
    return lines


# --- thread ----------------------------------------------------------------------------------


def prototype_thread(cases: list[str], repeats: int) -> list[str]:
    from benchmarks.floor import build_floor, new_highs

    lines = ["| case | Highs.run (s) | Highs.solve in a thread (s) | difference |",
             "| --- | ---: | ---: | ---: |"]
    for case in cases:
        instance, data = _data(case)
        lp = build_floor(data).lp
        gap = instance.settings.solver.mip_gap
        times: dict[str, list[float]] = {"run": [], "solve": []}
        for _ in range(repeats):
            for mode in times:
                highs = new_highs(None, gap)
                highs.passModel(lp)
                start = time.perf_counter()
                if mode == "run":
                    highs.run()
                else:
                    highs.HandleKeyboardInterrupt = True
                    highs.solve()
                times[mode].append(time.perf_counter() - start)
        run, solve = (statistics.median(times[m]) for m in ("run", "solve"))
        lines.append(f"| {case} | {run:.3f} | {solve:.3f} | {solve - run:+.3f} s |")
    return lines


# --- sweep -----------------------------------------------------------------------------------


def descending_sweep(instance, budgets: list[float], options) -> list[float | None]:
    """Objectives of a budget sweep run from the largest budget down, one held model.

    A layout optimal (within the gap) for budget ``B1`` that fits ``B2 < B1`` stays so for
    ``B2``: the feasible set only shrank and still holds it, and the bound found for ``B1`` is
    a valid bound for ``B2``. Such points need no solve. Each solved point's layout is
    measured (``cost_breakdown``), as ``warm_budget_sweep`` does; a skipped point reuses it.
    """
    import pyomo.environ as pyo

    from model import cost_breakdown, layout_from_model
    from model.formulation import build_model
    from solvers.highs import HeldModel, SolveStatus

    model = build_model(instance)
    held = HeldModel(model, options)
    objectives: dict[float, float | None] = {}
    last, terms = None, None
    for budget in sorted(budgets, reverse=True):
        investment = pyo.value(model.investment) if last is not None else None
        if (last is not None and last.status == SolveStatus.OPTIMAL
                and investment is not None and investment <= budget * (1 + 1e-9)):
            objectives[budget] = terms["objective"] if terms else last.objective
            continue
        held.set_bounds(model.budget, None, float(budget))
        last = held.solve(warm=True)
        terms = (cost_breakdown(instance, layout_from_model(model)) if last.has_solution
                 else None)
        objectives[budget] = terms["objective"] if terms else None
    return [objectives[b] for b in budgets]


def prototype_sweep(cases: list[str], repeats: int) -> list[str]:
    from benchmarks.warm_sweep import CASES, FACTORS
    from model import load_instance
    from model.scenarios import apply_overrides
    from solvers.highs import SolverOptions
    from solvers.run import run_instance
    from solvers.warm import warm_budget_sweep

    gaps = dict(CASES)
    lines = ["| instance | 9 cold (s) | warm as today (s) | cold / warm | descending, "
             "skipping (s) | cold / descending | solves skipped | same objectives |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for case in cases:
        if case not in gaps:
            continue
        instance = load_instance(ROOT / "instances" / case)
        options = SolverOptions(log=False, mip_gap=gaps[case])
        budgets = [instance.budget * f for f in FACTORS]
        run_instance(instance, options)
        cold_s, cold = median_seconds(lambda instance=instance, budgets=budgets, options=options:
                                      [run_instance(apply_overrides(instance, {"budget": b}),
                                                    options).result.objective
                                       for b in budgets], repeats)
        warm_s, _ = median_seconds(lambda instance=instance, budgets=budgets, options=options:
                                   warm_budget_sweep(instance, budgets, options), repeats)
        down_s, down = median_seconds(lambda instance=instance, budgets=budgets,
                                      options=options: descending_sweep(instance, budgets,
                                                                        options), repeats)
        assert isinstance(cold, list) and isinstance(down, list)
        tolerance = max(gaps[case], 1e-7)
        same = all(a is not None and b is not None and abs(a - b) <= tolerance * abs(a)
                   for a, b in zip(cold, down, strict=True))
        skipped = len(budgets) - len({round(v, 9) for v in down if v is not None})
        lines.append(f"| {case} | {cold_s:.2f} | {warm_s:.2f} | {cold_s / warm_s:.2f} | "
                     f"{down_s:.2f} | {cold_s / down_s:.2f} | at least {skipped} | {same} |")
    return lines


# --- imports ---------------------------------------------------------------------------------


def prototype_imports(cases: list[str], repeats: int) -> list[str]:
    del cases
    commands = {
        "import solvers.cli (hinterland today)": "import solvers.cli",
        "what `hinterland solve` needs": "import solvers.run, solvers.output, solvers.report",
        "the floor's imports": "import benchmarks.floor, model",
    }
    lines = ["| start-up | seconds (median) |", "| --- | ---: |"]
    for label, code in commands.items():
        def run(code=code) -> None:
            subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)

        seconds, _ = median_seconds(run, repeats)
        lines.append(f"| {label} | {seconds:.2f} |")
    return lines


PROTOTYPES: dict[str, tuple[Callable[[list[str], int], list[str]], tuple[str, ...]]] = {
    "templates": (prototype_templates, ("china-prefectures", "synthetic-800",
                                        "synthetic-3200", "orlib-capa-14000")),
    "redundancy": (prototype_redundancy, ("orlib-cap41", "orlib-cap124", "orlib-cap131",
                                          "orlib-cap133")),
    "contrib": (prototype_contrib, ("china-prefectures", "synthetic-800")),
    "held": (prototype_held, ("china-prefectures", "synthetic-3200", "orlib-capa-14000")),
    "thread": (prototype_thread, ("china-provinces", "china-prefectures", "orlib-cap131")),
    "sweep": (prototype_sweep, ("china-provinces", "china-prefectures")),
    "imports": (prototype_imports, ("-",)),
    "lean": (prototype_lean, ("china-prefectures", "synthetic-800", "synthetic-3200",
                              "orlib-capa-14000")),
    "lean-memory": (prototype_lean_memory, ("synthetic-3200",)),
}


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m benchmarks.prototypes",
                                  description=__doc__.split("\n")[0])
    cli.add_argument("names", nargs="*", metavar="NAME",
                     help=f"any of {', '.join(PROTOTYPES)} (default: all)")
    cli.add_argument("--repeats", type=int, default=5)
    cli.add_argument("--cases", default=None, help="comma-separated cases instead of each "
                     "prototype's own")
    cli.add_argument("--lean-worker", nargs=2, metavar=("VARIANT", "CASE"),
                     help=argparse.SUPPRESS)
    cli.add_argument("--solve-limit", type=float, default=None, help=argparse.SUPPRESS)
    args = cli.parse_args(argv)
    # Pyomo's template expansion reads immutable Params through a deprecated call of its own
    # (Param.extract_values_sparse) and says so; the message is Pyomo's to fix, not the caller's.
    logging.getLogger("pyomo.core.base.param").setLevel(logging.ERROR)
    if args.lean_worker:
        import json

        print(json.dumps(lean_worker(*args.lean_worker, solve_limit=args.solve_limit)))
        return 0
    unknown = [n for n in args.names if n not in PROTOTYPES]
    if unknown:
        cli.error(f"unknown prototype(s): {', '.join(unknown)}")
    for name in args.names or list(PROTOTYPES):
        function, cases = PROTOTYPES[name]
        chosen = args.cases.split(",") if args.cases else list(cases)
        print(f"\n### {name}\n")
        print("\n".join(function(chosen, args.repeats)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
