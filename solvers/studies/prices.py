"""The price of security, item by item: what a tighter rule costs.

``hinterland price INSTANCE`` re-solves the instance once per item and rule with the rule
tightened by one step, all else equal, and reports the change in the least cost:

* survivability: ``survive_share`` raised by ``survival_step`` (default 0.05, five points),
  priced per point (one percentage point of demand surviving the loss of sites);
* depth: ``min_coast_km`` raised by ``depth_step`` (default 100 km), priced per 100 km.

The base is the instance's own optimum (its weights, its solver settings). Each change is
``cost(tightened) - cost(base)`` measured on the two layouts with the model's yardstick; a
tightened rule that no layout can meet is reported as infeasible, which is itself an answer:
that step is not to be had at any price. With a positive gap a small difference can be noise
of the solver's tolerance; the table carries both gaps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pandas as pd

from hinterland.model import Instance
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import Run, run_instance
from hinterland.solvers.outputs.text import Text

#: rule -> (items.csv column, unit in which the price is given)
RULES = {
    "survivability": ("survive_share", "percentage point"),
    "depth": ("min_coast_km", "100 km"),
}


def tightened(instance: Instance, item: str, column: str, step: float) -> Instance:
    """A copy of ``instance`` with one item's rule tightened by ``step`` (shares capped at 1)."""
    items = instance.items.copy()
    value = float(items.loc[item, column]) + step
    items.loc[item, column] = min(value, 1.0) if column == "survive_share" else value
    return dataclasses.replace(instance, items=items)


def price_table(instance: Instance, options: SolverOptions, *, survival_step: float = 0.05,
                depth_step: float = 100.0,
                progress: Callable[[str], None] | None = None) -> tuple[Run, pd.DataFrame]:
    """The base run and one row per item and rule: values, cost change and price per unit."""
    base = run_instance(instance, options)
    if base.breakdown is None:
        return base, pd.DataFrame()
    base_cost = base.breakdown["cost"]
    steps = {"survivability": survival_step, "depth": depth_step}
    per_unit = {"survivability": survival_step * 100, "depth": depth_step / 100}
    rows = []
    for item in instance.items.index[instance.items["demand"] > 0]:
        for rule, (column, unit) in RULES.items():
            before = float(instance.items.loc[item, column])
            changed = tightened(instance, item, column, steps[rule])
            after = float(changed.items.loc[item, column])
            if after == before:
                continue
            run = run_instance(changed, options)
            feasible = run.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
            change = run.breakdown["cost"] - base_cost if feasible and run.breakdown else None
            units = per_unit[rule] * (after - before) / steps[rule]
            rows.append({
                "item_id": item, "rule": rule, "column": column, "current": before,
                "tightened": after, "status": str(run.status), "cost_change": change,
                "price_per_unit": None if change is None else change / units,
                "unit": unit, "gap": run.result.gap,
            })
            if progress is not None:
                progress(f"{item}: {column} {before:g} -> {after:g}: "
                         + ("infeasible" if change is None else f"{change:+,.4g}"))
    return base, pd.DataFrame(rows)


def prices_text(instance: Instance, base: Run, table: pd.DataFrame) -> str:
    """The dearest steps first, in words a planner uses."""
    say = Text()
    money = instance.settings.units.split(";")[0].replace("money in ", "") or "money"
    say()
    say(f"hinterland: the price of security in {instance.name} "
        f"(least cost {base.breakdown['cost']:,.2f}, {money})")
    for rule, (column, unit) in RULES.items():
        rows = table[table["rule"] == rule].sort_values("price_per_unit", ascending=False,
                                                        na_position="first")
        say(f"  {rule}: {column} one step tighter, per {unit}")
        for r in rows.itertuples():
            if r.price_per_unit is None or pd.isna(r.price_per_unit):
                say(f"    {r.item_id:28} {r.current:g} -> {r.tightened:g}: infeasible")
            else:
                say(f"    {r.item_id:28} {r.current:g} -> {r.tightened:g}: "
                    f"{r.price_per_unit:+,.4g} per {unit}")
    return str(say)
