"""A layout as a table: capacity and hosting per (site, item).

A layout is the common currency of the project: the solver produces one, today's layout and a
planner's draft are read as one, and :mod:`hinterland.model.evaluation` measures any of them the
same way.
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

LAYOUT_COLUMNS = ["site_id", "item_id", "capacity", "hosting"]

#: Capacities below this are solver noise and read as zero.
CAPACITY_TOLERANCE = 1e-6


def layout_from_model(m: pyo.ConcreteModel) -> pd.DataFrame:
    """The solved layout: one row per pair that is hosted or has capacity.

    Hosting is the value of ``y`` where it is binary; where ``y`` is continuous (see
    :func:`hinterland.model.formulation.data.needs_binary_hosting`) a site hosts the item when it
    holds capacity. A plan's layout has a first column ``period`` and the rows of each period.
    """
    if hasattr(m, "PERIODS"):
        parts = [_block_layout(m.period[t]).assign(period=t) for t in m.PERIODS]
        joined = pd.concat(parts, ignore_index=True)
        return joined[["period", *LAYOUT_COLUMNS]]
    return _block_layout(m)


def _block_layout(m: pyo.Block) -> pd.DataFrame:
    rows = []
    for s, k in m.PAIRS:
        capacity = m.x[s, k].value or 0.0
        capacity = capacity if capacity > CAPACITY_TOLERANCE else 0.0
        y = m.y[s, k]
        hosting = (y.value or 0.0) > 0.5 if y.is_binary() else capacity > 0
        if hosting or capacity > 0:
            rows.append((s, k, capacity, int(hosting)))
    return pd.DataFrame(rows, columns=LAYOUT_COLUMNS)


def normalise_layout(layout: pd.DataFrame) -> pd.DataFrame:
    """A layout with an integer ``hosting`` column (and its ``period`` column, if any).

    Where the table has no hosting value (no column, or a blank cell), a site hosts an item
    when it holds capacity.
    """
    out = layout[[c for c in ["period", *LAYOUT_COLUMNS] if c in layout.columns]].copy()
    derived = (out["capacity"] > CAPACITY_TOLERANCE).astype(int)
    if "hosting" in out.columns:
        out["hosting"] = out["hosting"].fillna(derived).astype(int)
    else:
        out["hosting"] = derived
    return out.reset_index(drop=True)


def developed_sites(layout: pd.DataFrame) -> list[str]:
    """Sites that host at least one item (and so pay their opening cost), sorted."""
    rows = normalise_layout(layout)
    return sorted(set(rows.loc[rows["hosting"] > 0, "site_id"]))
