"""The floor: the project's MIP written straight into arrays and handed to HiGHS.

The benchmarks measure the Pyomo model against the fastest way the same MIP can reach HiGHS:
every constraint family of ``model/formulation`` written as numpy index and coefficient arrays
from the same :class:`~hinterland.model.formulation.FormulationData` (the eligible pairs and their
coefficients are computed there, once, for both), assembled into one sparse matrix and passed
with ``highspy.Highs.passModel``. No modelling layer sits in between, so whatever the project
takes beyond this is the price of its algebra.

The floor is the *same* MIP, not merely an equivalent one: the same columns, rows, signs,
coefficients, bounds and integrality, and the columns and rows in the order the project's
standard-form compiler emits them (columns by first appearance: ``x``, ``investment``, ``y``,
``open``, ``item_total``, ``loss_threshold``, ``loss_excess``, ``balance_over``,
``balance_under``, ``together``; rows family by family in the order of
``hinterland.model.formulation.build_model``). HiGHS's branch and bound moves 2-3x with row and
column order, so only an identical matrix makes the solve times of the two comparable;
:func:`compare_with` checks it against a compiled Pyomo model.

One function per constraint family mirrors the module of the same name in
``model/formulation``; each adds its rows in one vectorised step (loops run over items,
regions or resources, never over pairs; progression and synergy, active in no benchmark case,
loop over their few rows). Plan periods, existing capacity and commitments are not covered
(:class:`NotImplementedError`); a new family in ``model/formulation`` shows up as a different
matrix in ``tests/test_benchmarks.py`` until it is added here.

Command line (from the repository root)::

    python -m benchmarks.floor instances/china-provinces [--time-limit S] [--gap G]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import scipy.sparse as sp

from hinterland.model.formulation import FormulationData
from hinterland.model.instance import Instance

INF = highspy.kHighsInf


class FloorInfeasible(ValueError):
    """A row that no layout can satisfy (the project's ``Constraint.Infeasible``)."""


@dataclass
class Columns:
    """Column blocks of the floor, in the order the project's compiler lays them out.

    Each block is a range of column positions; :meth:`keys` names each column the way Pyomo
    keys the variable, so that the two matrices can be matched column by column.
    """

    pairs: list[tuple[str, str]]
    open_sites: list[str]
    totalled: list[str]
    several: list[str]
    several_pairs: np.ndarray  # positions (into pairs) of the loss_excess columns
    targeted: list[str]
    synergy_keys: list[tuple[str, str, str]]
    start: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        sizes = {
            "x": len(self.pairs), "investment": 1, "y": len(self.pairs),
            "open": len(self.open_sites), "item_total": len(self.totalled),
            "loss_threshold": len(self.several), "loss_excess": len(self.several_pairs),
            "balance_over": len(self.targeted), "balance_under": len(self.targeted),
            "together": len(self.synergy_keys),
        }
        position = 0
        for name, size in sizes.items():
            self.start[name] = position
            position += size
        self.count = position

    def block(self, name: str, positions: np.ndarray | int) -> np.ndarray:
        """Column numbers of ``positions`` within block ``name``."""
        return self.start[name] + np.asarray(positions, dtype=np.int64)

    def keys(self) -> list[tuple[str, tuple]]:
        """``(variable, index)`` of every column (``("x", ("S01", "K01"))``), as Pyomo keys
        the variables, for matching the two matrices and for reports."""
        out: list[tuple[str, tuple]] = [("x", pair) for pair in self.pairs]
        out.append(("investment", ()))
        out += [("y", pair) for pair in self.pairs]
        out += [("open", (s,)) for s in self.open_sites]
        out += [("item_total", (k,)) for k in self.totalled]
        out += [("loss_threshold", (k,)) for k in self.several]
        out += [("loss_excess", self.pairs[p]) for p in self.several_pairs.tolist()]
        out += [("balance_over", (r,)) for r in self.targeted]
        out += [("balance_under", (r,)) for r in self.targeted]
        out += [("together", key) for key in self.synergy_keys]
        return out


@dataclass
class Rows:
    """Rows gathered family by family as coordinate triplets, then assembled once."""

    row: list[np.ndarray] = field(default_factory=list)
    col: list[np.ndarray] = field(default_factory=list)
    val: list[np.ndarray] = field(default_factory=list)
    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    families: list[tuple[str, int, int]] = field(default_factory=list)
    count: int = 0

    def add(self, family: str, n_rows: int, entries: list[tuple[np.ndarray, np.ndarray,
                                                                np.ndarray]],
            lower: np.ndarray | float, upper: np.ndarray | float) -> None:
        """Append ``n_rows`` rows; ``entries`` are (local row, column, value) arrays.

        Zero coefficients are dropped, as Pyomo drops a term multiplied by 0.
        """
        if n_rows == 0:
            return
        for rows, cols, vals in entries:
            rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
            vals = np.broadcast_to(np.asarray(vals, float), rows.shape)
            keep = vals != 0
            self.row.append(rows[keep] + self.count)
            self.col.append(cols[keep])
            self.val.append(vals[keep])
        self.lower.append(np.broadcast_to(np.asarray(lower, float), (n_rows,)))
        self.upper.append(np.broadcast_to(np.asarray(upper, float), (n_rows,)))
        self.families.append((family, self.count, n_rows))
        self.count += n_rows

    def matrix(self, n_cols: int) -> sp.csc_array:
        row = np.concatenate(self.row) if self.row else np.zeros(0, np.int64)
        col = np.concatenate(self.col) if self.col else np.zeros(0, np.int64)
        val = np.concatenate(self.val) if self.val else np.zeros(0)
        return sp.csc_array((val, (row, col)), shape=(self.count, n_cols))


@dataclass
class Floor:
    """The assembled model: HiGHS's input and what is needed to read a solution back."""

    lp: highspy.HighsLp
    columns: Columns
    families: list[tuple[str, int, int]]
    matrix: sp.csc_array
    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray


class _Context:
    """Integer codes of the eligible pairs, shared by every family."""

    def __init__(self, data: FormulationData):
        instance = data.instance
        if instance.settings.periods:
            raise NotImplementedError(
                "the floor covers single-period instances only (this one has plan periods)")
        if getattr(instance.settings, "existing", "ignore") == "count":
            raise NotImplementedError(
                "the floor does not write existing capacity (existing: count) yet")
        if len(instance.commitments):
            raise NotImplementedError("the floor does not write commitments yet")
        self.data = data
        self.instance = instance
        self.pairs = data.pairs
        self.items = instance.items
        self.sites = instance.sites
        self.site = self.sites.index.get_indexer(self.pairs["site_id"])
        self.item = self.items.index.get_indexer(self.pairs["item_id"])
        self.n_pairs = len(self.pairs)
        order = np.argsort(self.item, kind="stable")
        bounds = np.searchsorted(self.item[order], np.arange(len(self.items) + 1))
        #: Positions of each item's pairs, in pair order.
        self.pairs_of_item = [order[bounds[i]:bounds[i + 1]] for i in range(len(self.items))]
        open_cost = self.sites["open_cost"].to_numpy(float)
        self.open_code = np.full(len(self.sites), -1, np.int64)
        self.open_code[self.sites.index.get_indexer(data.open_sites)] = np.arange(
            len(data.open_sites))
        self.open_cost = open_cost
        self.demand = self.items["demand"].to_numpy(float)

    def item_pairs(self, items: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row number, pair position) of the pairs of ``items``, one row per item in order."""
        codes = self.items.index.get_indexer(items)
        chunks = [self.pairs_of_item[c] for c in codes]
        rows = np.repeat(np.arange(len(chunks)), [len(c) for c in chunks])
        positions = np.concatenate(chunks) if chunks else np.zeros(0, np.int64)
        return rows, positions.astype(np.int64)


def build_floor(data: FormulationData) -> Floor:
    """The MIP of ``data`` as arrays, ready for ``passModel``."""
    ctx = _Context(data)
    instance = data.instance
    items = instance.items
    totalled = _totalled_items(instance)
    floor_site = (items["survive_share"] * items["demand"]).astype(float)
    lost = items["survive_sites"].astype(int)
    several = [k for k in totalled if floor_site[k] > 0 and lost[k] > 1]
    _, several_pairs = ctx.item_pairs(several)
    targeted = [r for r, b in instance.regions.items() if b.target_share is not None]
    columns = Columns(pairs=data.pair_index, open_sites=list(data.open_sites),
                      totalled=totalled, several=several, several_pairs=several_pairs,
                      targeted=targeted, synergy_keys=list(_synergy_bonus(data)))
    rows = Rows()
    add_requirement(rows, ctx, columns)
    add_linking(rows, ctx, columns)
    add_core_sites(rows, ctx, columns)
    add_redundancy(rows, ctx, columns)
    add_item_totals(rows, ctx, columns)
    add_survival(rows, ctx, columns)
    add_province_survival(rows, ctx, columns)
    add_reach(rows, ctx, columns)
    add_progression(rows, ctx, columns)
    add_resources(rows, ctx, columns)
    add_investment(rows, ctx, columns)
    add_regional_balance(rows, ctx, columns)
    add_balance(rows, ctx, columns)
    add_synergy(rows, ctx, columns)
    cost = objective(ctx, columns)
    return _assemble(ctx, columns, rows, cost)


# --- constraint families, one per module of model/formulation --------------------------------


def add_requirement(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``sum_s x[s,k] >= D[k]`` for items with demand (``requirement.py``)."""
    demanded = [k for k, d in zip(ctx.items.index, ctx.demand, strict=True) if d > 0]
    for k in demanded:
        if not len(ctx.pairs_of_item[ctx.items.index.get_loc(k)]):
            raise FloorInfeasible(f"requirement[{k}]: no eligible site")
    row, pos = ctx.item_pairs(demanded)
    rows.add("requirement", len(demanded), [(row, cols.block("x", pos), 1.0)],
             ctx.items["demand"].reindex(demanded).to_numpy(float), INF)


def add_linking(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``capacity_link``, ``min_scale``, ``open_link``, ``open_use`` (``linking.py``)."""
    n = ctx.n_pairs
    every = np.arange(n)
    upper = ctx.pairs["upper"].to_numpy(float)
    rows.add("capacity_link", n, [(every, cols.block("x", every), 1.0),
                                  (every, cols.block("y", every), -upper)], -INF, 0.0)
    scale = ctx.pairs["min_scale"].to_numpy(float)
    scaled = np.flatnonzero(scale > 0)
    local = np.arange(len(scaled))
    rows.add("min_scale", len(scaled), [(local, cols.block("y", scaled), scale[scaled]),
                                        (local, cols.block("x", scaled), -1.0)], -INF, 0.0)
    open_of_pair = ctx.open_code[ctx.site]
    at_open = np.flatnonzero(open_of_pair >= 0)
    local = np.arange(len(at_open))
    rows.add("open_link", len(at_open), [(local, cols.block("y", at_open), 1.0),
                                         (local, cols.block("open", open_of_pair[at_open]),
                                          -1.0)], -INF, 0.0)
    n_open = len(cols.open_sites)
    rows.add("open_use", n_open, [(np.arange(n_open), cols.block("open", np.arange(n_open)), 1.0),
                                  (open_of_pair[at_open], cols.block("y", at_open), -1.0)],
             -INF, 0.0)


def add_core_sites(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``sum_s open[s] <= max_core_sites`` when the instance limits the core
    (``core_sites.py``)."""
    limit = getattr(ctx.instance.settings, "max_core_sites", None)
    if limit is None:
        return
    n_open = len(cols.open_sites)
    rows.add("core_limit", 1, [(np.zeros(n_open), cols.block("open", np.arange(n_open)), 1.0)],
             -INF, float(limit))


def add_redundancy(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``sum_s y[s,k] >= n[k]`` for items with ``min_sites >= 1`` (``redundancy.py``)."""
    min_sites = ctx.items["min_sites"].astype(int)
    redundant = [k for k in ctx.items.index if min_sites[k] >= 1]
    row, pos = ctx.item_pairs(redundant)
    counts = np.bincount(row, minlength=len(redundant))
    needed = min_sites.reindex(redundant).to_numpy(float)
    short = np.flatnonzero(counts < needed)
    if len(short):
        raise FloorInfeasible(f"redundancy[{redundant[short[0]]}]: too few eligible sites")
    rows.add("redundancy", len(redundant), [(row, cols.block("y", pos), 1.0)], needed, INF)


def add_item_totals(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``X[k] - sum_s x[s,k] = 0`` for items with a loss rule (``totals.py``)."""
    n = len(cols.totalled)
    row, pos = ctx.item_pairs(cols.totalled)
    rows.add("item_total_def", n, [(np.arange(n), cols.block("item_total", np.arange(n)), 1.0),
                                   (row, cols.block("x", pos), -1.0)], 0.0, 0.0)


def add_survival(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``survival`` (one lost site), ``loss_excess_def`` and ``survival_several``
    (``survival.py``)."""
    items = ctx.items
    floor = (items["survive_share"] * items["demand"]).astype(float)
    lost = items["survive_sites"].astype(int)
    total_of = {k: i for i, k in enumerate(cols.totalled)}
    single = [k for k in cols.totalled if floor[k] > 0 and lost[k] == 1]
    row, pos = ctx.item_pairs(single)
    local = np.arange(len(pos))
    totals = np.array([total_of[k] for k in single], np.int64)[row]
    rows.add("survival", len(pos), [(local, cols.block("x", pos), 1.0),
                                    (local, cols.block("item_total", totals), -1.0)],
             -INF, -floor.reindex(single).to_numpy(float)[row])

    several = cols.several
    row, pos = ctx.item_pairs(several)
    local = np.arange(len(pos))
    rows.add("loss_excess_def", len(pos), [(local, cols.block("x", pos), 1.0),
                                           (local, cols.block("loss_threshold", row), -1.0),
                                           (local, cols.block("loss_excess", local), -1.0)],
             -INF, 0.0)
    n = len(several)
    totals = np.array([total_of[k] for k in several], np.int64)
    rows.add("survival_several", n,
             [(np.arange(n), cols.block("item_total", totals), 1.0),
              (np.arange(n), cols.block("loss_threshold", np.arange(n)),
               -lost.reindex(several).to_numpy(float)),
              (row, cols.block("loss_excess", local), -1.0)],
             floor.reindex(several).to_numpy(float), INF)


def add_province_survival(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``sum_{s in p} x[s,k] - X[k] <= -beta_p[k]*D[k]`` per province and item
    (``province_survival.py``)."""
    items = ctx.items
    floor = (items["survive_share_province"] * items["demand"]).astype(float)
    province = ctx.sites["province"].to_numpy()[ctx.site]
    entries_x, entries_total, rhs = [], [], []
    count = 0
    for t, k in enumerate(cols.totalled):
        if floor[k] <= 0:
            continue
        pos = ctx.pairs_of_item[items.index.get_loc(k)]
        codes, uniques = pd.factorize(province[pos])
        entries_x.append((count + codes, cols.block("x", pos), 1.0))
        members = np.arange(len(uniques))
        entries_total.append((count + members, cols.block("item_total", np.full_like(members, t)),
                              -1.0))
        rhs.append(np.full(len(uniques), -floor[k]))
        count += len(uniques)
    rows.add("province_survival", count, entries_x + entries_total, -INF,
             np.concatenate(rhs) if rhs else 0.0)


def add_reach(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``sum_{s near c} y[s,k] >= reach_sites[k]`` per item and centre served (``reach.py``)."""
    items = ctx.items
    needed = items["reach_sites"].astype(int)
    distance = ctx.instance.distance_km
    site_ids = ctx.pairs["site_id"].to_numpy()
    entries, rhs = [], []
    count = 0
    for code, k in enumerate(items.index):
        if needed[k] <= 0:
            continue
        pos = ctx.pairs_of_item[code]
        radius = float(items.loc[k, "reach_km"])
        for c in items.loc[k, "serves"]:
            near = pos[distance[c].reindex(site_ids[pos]).to_numpy(float) <= radius]
            if len(near) < needed[k]:
                raise FloorInfeasible(f"reach[{k},{c}]: too few eligible sites in reach")
            entries.append((np.full(len(near), count), cols.block("y", near), 1.0))
            rhs.append(float(needed[k]))
            count += 1
    rows.add("reach", count, entries, np.array(rhs), INF)


def add_progression(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``y[s,k] - sum_{backups j at s} y[s,j] <= 0`` for integration items at sites below the
    base threshold (``progression.py``)."""
    threshold = ctx.instance.settings.progression_min_base
    if threshold is None:
        return
    items = ctx.items
    task = items["task"].to_numpy()[ctx.item]
    backup_pairs = pd.Series(np.flatnonzero(task == "backup"))
    backups_at = backup_pairs.groupby(ctx.site[backup_pairs.to_numpy()]).agg(list).to_dict()
    entries, count = [], 0
    for code, k in enumerate(items.index):
        if items.loc[k, "task"] != "integration":
            continue
        pos = ctx.pairs_of_item[code]
        base = ctx.instance.site_base(items.loc[k, "sector"]).to_numpy(float)[ctx.site[pos]]
        for p in pos[base < threshold].tolist():
            backups = np.array(backups_at.get(ctx.site[p], []), np.int64)
            entries.append((np.array([count]), cols.block("y", [p]), 1.0))
            entries.append((np.full(len(backups), count), cols.block("y", backups), -1.0))
            count += 1
    rows.add("progression", count, entries, -INF, 0.0)


def add_resources(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``sum_k a[k,r] x[s,k] <= Cap[s,r] * open[s]`` (``open[s]`` = 1 at sites without an
    opening cost) for finite capacities used at the site (``resources.py``)."""
    entries, upper = [], []
    count = 0
    n_sites = len(ctx.sites)
    for resource in ctx.instance.resources:
        capacity = ctx.instance.site_capacity(resource).to_numpy(float)
        use = ctx.instance.item_use(resource).to_numpy(float)[ctx.item]
        using = np.flatnonzero(use > 0)
        used_at = np.zeros(n_sites, bool)
        used_at[ctx.site[using]] = True
        site_rows = np.flatnonzero(used_at & np.isfinite(capacity))
        number = np.full(n_sites, -1, np.int64)
        number[site_rows] = count + np.arange(len(site_rows))
        using = using[number[ctx.site[using]] >= 0]
        entries.append((number[ctx.site[using]], cols.block("x", using), use[using]))
        opened = ctx.open_code[site_rows]
        is_open = opened >= 0
        entries.append((number[site_rows[is_open]], cols.block("open", opened[is_open]),
                        -capacity[site_rows[is_open]]))
        upper.append(np.where(is_open, 0.0, capacity[site_rows]))
        count += len(site_rows)
    # Local rows are numbered across all resources; Rows.add offsets them as one family.
    rows.add("resource_use", count, entries, -INF,
             np.concatenate(upper) if upper else 0.0)


def _investment_terms(ctx: _Context, cols: Columns, pair_mask: np.ndarray | None = None,
                      site_mask: np.ndarray | None = None
                      ) -> list[tuple[np.ndarray, np.ndarray]]:
    """(columns, coefficients) of ``sum_s I[s]`` over the chosen pairs and sites."""
    pos = np.arange(ctx.n_pairs) if pair_mask is None else np.flatnonzero(pair_mask)
    fixed = ctx.pairs["fixed_invest"].to_numpy(float)[pos]
    unit = ctx.pairs["unit_invest"].to_numpy(float)[pos]
    open_sites = ctx.sites.index.get_indexer(cols.open_sites)
    if site_mask is not None:
        open_sites = open_sites[site_mask[open_sites]]
    return [(cols.block("y", pos), fixed), (cols.block("x", pos), unit),
            (cols.block("open", ctx.open_code[open_sites]), ctx.open_cost[open_sites])]


def add_investment(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``investment - sum_s I[s] = 0`` and the budget ``investment <= B``
    (``investment.py``)."""
    terms = _investment_terms(ctx, cols)
    entries = [(np.zeros(1), cols.block("investment", 0)[None], 1.0)]
    entries += [(np.zeros(len(c)), c, -v) for c, v in terms]
    rows.add("investment_def", 1, entries, 0.0, 0.0)
    budget = ctx.instance.budget
    if budget is not None:
        rows.add("budget", 1, [(np.zeros(1), cols.block("investment", 0)[None], 1.0)],
                 -INF, float(budget))


def _region_rows(ctx: _Context, cols: Columns, regions: list[str], sign: float,
                 share: list[float]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``sign * I[r] - sign * share[r] * investment`` per region, as triplets."""
    region_of_site = ctx.sites["region"].to_numpy()
    entries = []
    for i, r in enumerate(regions):
        in_region = region_of_site == r
        for c, v in _investment_terms(ctx, cols, in_region[ctx.site], in_region):
            entries.append((np.full(len(c), i), c, sign * v))
        entries.append((np.array([i]), cols.block("investment", 0)[None], -sign * share[i]))
    return entries


def add_regional_balance(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``lo[r]*investment - I[r] <= 0`` and ``I[r] - hi[r]*investment <= 0``
    (``regional_balance.py``)."""
    shares = ctx.instance.regions
    low = [r for r, b in shares.items() if b.min_share > 0]
    rows.add("region_min_share", len(low),
             _region_rows(ctx, cols, low, -1.0, [shares[r].min_share for r in low]), -INF, 0.0)
    high = [r for r, b in shares.items() if b.max_share < 1]
    rows.add("region_max_share", len(high),
             _region_rows(ctx, cols, high, 1.0, [shares[r].max_share for r in high]), -INF, 0.0)


def add_balance(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``I[r] - t[r]*investment - d+[r] + d-[r] = 0`` per targeted region (``balance.py``)."""
    regions = ctx.instance.regions
    targeted = cols.targeted
    n = len(targeted)
    entries = _region_rows(ctx, cols, targeted, 1.0, [regions[r].target_share for r in targeted])
    entries.append((np.arange(n), cols.block("balance_over", np.arange(n)), -1.0))
    entries.append((np.arange(n), cols.block("balance_under", np.arange(n)), 1.0))
    rows.add("balance_def", n, entries, 0.0, 0.0)


def add_synergy(rows: Rows, ctx: _Context, cols: Columns) -> None:
    """``z[s,a,b] - y[s,a] <= 0`` and ``z[s,a,b] - y[s,b] <= 0`` (``synergy.py``)."""
    keys = cols.synergy_keys
    if not keys:
        return
    position = {pair: p for p, pair in enumerate(ctx.data.pair_index)}
    n = len(keys)
    local = np.arange(n)
    z = cols.block("together", local)
    for family, member in (("together_a", 1), ("together_b", 2)):
        ys = np.array([position[key[0], key[member]] for key in keys], np.int64)
        rows.add(family, n, [(local, z, 1.0), (local, cols.block("y", ys), -1.0)], -INF, 0.0)


def objective(ctx: _Context, cols: Columns) -> np.ndarray:
    """Column costs of ``w_cost*Cost + w_risk*Risk + w_bal*Imbalance - w_syn*Synergy``
    (``objective.py``)."""
    weights = ctx.instance.weights
    cost = np.zeros(cols.count)
    running = (ctx.pairs["unit_opex"] + ctx.pairs["unit_transport"]).to_numpy(float)
    exposure = ctx.pairs["exposure"].to_numpy(float)
    x = cols.block("x", np.arange(ctx.n_pairs))
    if weights.cost:
        cost[x] += weights.cost * running
        cost[cols.start["investment"]] += weights.cost
    if weights.risk:
        cost[x] += weights.risk * exposure
    if weights.balance and cols.targeted:
        n = len(cols.targeted)
        cost[cols.block("balance_over", np.arange(n))] += weights.balance
        cost[cols.block("balance_under", np.arange(n))] += weights.balance
    if weights.synergy and cols.synergy_keys:
        bonus = _synergy_bonus(ctx.data)
        cost[cols.block("together", np.arange(len(bonus)))] -= weights.synergy * np.array(
            list(bonus.values()))
    return cost


# --- index sets shared with the project's definitions ----------------------------------------


def _totalled_items(instance: Instance) -> list[str]:
    """Items with demand and a site or province loss rule (``totals.totalled_items``)."""
    items = instance.items
    needed = ((items["survive_share"] > 0) | (items["survive_share_province"] > 0)) & (
        items["demand"] > 0)
    return items.index[needed].tolist()


def _synergy_bonus(data: FormulationData) -> dict[tuple[str, str, str], float]:
    """Bonus per (site, a, b) at sites eligible for both, when the synergy weight is on."""
    instance = data.instance
    bonus: dict[tuple[str, str, str], float] = {}
    if instance.weights.synergy > 0:
        for row in instance.synergies.itertuples():
            both = set(data.sites_of_item[row.item_a]) & set(data.sites_of_item[row.item_b])
            for s in sorted(both):
                bonus[s, row.item_a, row.item_b] = float(row.bonus)
    return bonus


# --- assembly, solve and comparison ----------------------------------------------------------


def _assemble(ctx: _Context, cols: Columns, rows: Rows, cost: np.ndarray) -> Floor:
    n = cols.count
    matrix = rows.matrix(n)
    lower = np.zeros(n)
    upper = np.full(n, INF)
    y = cols.block("y", np.arange(ctx.n_pairs))
    upper[y] = 1.0
    n_open = len(cols.open_sites)
    upper[cols.block("open", np.arange(n_open))] = 1.0
    upper[cols.block("together", np.arange(len(cols.synergy_keys)))] = 1.0
    integer = np.zeros(n, bool)
    integer[y] = ctx.pairs["binary"].to_numpy(bool)
    integer[cols.block("open", np.arange(n_open))] = True
    row_lower = np.concatenate(rows.lower) if rows.lower else np.zeros(0)
    row_upper = np.concatenate(rows.upper) if rows.upper else np.zeros(0)

    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = rows.count
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = rows.count
    if integer.any():
        lp.integrality_ = np.where(integer, highspy.HighsVarType.kInteger,
                                   highspy.HighsVarType.kContinuous).tolist()
    lp.sense_ = highspy.ObjSense.kMinimize
    return Floor(lp, cols, rows.families, matrix, cost, lower, upper, integer, row_lower,
                 row_upper)


@dataclass(frozen=True)
class FloorResult:
    """What one floor solve established, with its timings in seconds."""

    status: str
    objective: float | None
    bound: float | None
    build_seconds: float
    solve_seconds: float
    columns: int
    integer_columns: int
    rows: int
    nonzeros: int


def new_highs(time_limit: float | None, mip_gap: float | None, log: bool = False,
              random_seed: int = 0) -> highspy.Highs:
    """A HiGHS instance with the options the project's adapter sets, in the same order."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", log)
    highs.setOptionValue("random_seed", random_seed)
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    if mip_gap is not None:
        highs.setOptionValue("mip_rel_gap", float(mip_gap))
    return highs


def held_floor(instance: Instance, time_limit: float | None = None,
               mip_gap: float | None = None, log: bool = False
               ) -> tuple[Floor, highspy.Highs, float]:
    """Build the floor of ``instance`` and hand it to HiGHS, unsolved; with the seconds from
    the loaded instance to ``passModel`` done, as the project's build is measured. The options
    default to the instance's own, as ``hinterland solve``'s do."""
    settings = instance.settings.solver
    time_limit = settings.time_limit if time_limit is None else time_limit
    mip_gap = settings.mip_gap if mip_gap is None else mip_gap
    start = time.perf_counter()
    floor = build_floor(FormulationData.from_instance(instance))
    highs = new_highs(time_limit, mip_gap, log)
    highs.passModel(floor.lp)
    return floor, highs, time.perf_counter() - start


def solve_floor(instance: Instance, time_limit: float | None = None,
                mip_gap: float | None = None, log: bool = False
                ) -> tuple[FloorResult, Floor, highspy.Highs]:
    """Build the floor of ``instance`` (:func:`held_floor`) and solve it."""
    floor, highs, build_seconds = held_floor(instance, time_limit, mip_gap, log)
    start = time.perf_counter()
    highs.run()
    result = read_result(highs, floor, build_seconds, time.perf_counter() - start)
    return result, floor, highs


def read_result(highs: highspy.Highs, floor: Floor, build_seconds: float,
                solve_seconds: float) -> FloorResult:
    """Status, objective and bound of the last run of ``highs`` on ``floor``."""
    status = highs.modelStatusToString(highs.getModelStatus())
    info = highs.getInfo()
    feasible = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    objective = float(info.objective_function_value) if feasible else None
    bound = float(info.mip_dual_bound) if floor.integer.any() else objective
    if bound is not None and not (math.isfinite(bound) and abs(bound) < INF):
        bound = None
    return FloorResult(status, objective, bound, build_seconds, solve_seconds,
                       floor.lp.num_col_, int(floor.integer.sum()), floor.lp.num_row_,
                       int(floor.matrix.nnz))


def floor_layout(floor: Floor, highs: highspy.Highs) -> pd.DataFrame:
    """``site_id, item_id, capacity, hosting`` of the pairs that hold capacity or are hosted."""
    values = np.asarray(highs.getSolution().col_value)
    cols = floor.columns
    n = len(cols.pairs)
    capacity = values[cols.block("x", np.arange(n))]
    hosting = values[cols.block("y", np.arange(n))]
    keep = (capacity > 1e-9) | (hosting > 0.5)
    pairs = np.array(cols.pairs, dtype=object).reshape(-1, 2)[keep]
    return pd.DataFrame({"site_id": pairs[:, 0], "item_id": pairs[:, 1],
                         "capacity": capacity[keep], "hosting": np.round(hosting[keep])})


@dataclass(frozen=True)
class Comparison:
    """How the floor's matrix relates to the one the project hands HiGHS."""

    same_order: bool  # the same variables, in the same order
    same_model: bool  # same matrix, costs, bounds and integrality after matching columns
    detail: str


def pyomo_key(var: object) -> tuple[str, tuple]:
    """``(variable, index)`` of a Pyomo variable, as :meth:`Columns.keys` spells it."""
    index = var.index()  # type: ignore[attr-defined]
    index = () if index is None else index if isinstance(index, tuple) else (index,)
    return var.parent_component().name, index  # type: ignore[attr-defined]


def compare_with(floor: Floor, lp: highspy.HighsLp, column_keys: list[tuple[str, tuple]],
                 tolerance: float = 1e-12) -> Comparison:
    """Match ``lp`` (the project's, its columns keyed by :func:`pyomo_key`) against the
    floor's.

    Columns are matched by name and rows by position; the project's compiler drops columns
    that appear nowhere, so the floor's extra empty columns are allowed.
    """
    keys = floor.columns.keys()
    where = {key: i for i, key in enumerate(keys)}
    missing = [key for key in column_keys if key not in where]
    if missing:
        return Comparison(False, False, f"project columns not in the floor: {missing[:5]}")
    index = np.array([where[key] for key in column_keys], np.int64)
    extra = np.setdiff1d(np.arange(len(keys)), index)
    if len(extra) and floor.matrix[:, extra].nnz:
        return Comparison(False, False, "floor columns with entries the project lacks")
    same_order = bool(np.array_equal(index, np.arange(len(index))))
    ours = floor.matrix[:, index].tocsc()
    theirs = sp.csc_array((np.asarray(lp.a_matrix_.value_), np.asarray(lp.a_matrix_.index_),
                           np.asarray(lp.a_matrix_.start_)), shape=(lp.num_row_, lp.num_col_))
    problems = []
    if ours.shape != theirs.shape:
        problems.append(f"shape {ours.shape} against {theirs.shape}")
    else:
        difference = abs(ours - theirs)
        if difference.nnz and difference.max() > tolerance * max(1.0, abs(theirs).max()):
            problems.append("matrix coefficients differ")
        if ours.nnz != theirs.nnz:
            problems.append(f"nonzeros {ours.nnz} against {theirs.nnz}")
        for label, mine, other in (
            ("row lower", floor.row_lower, lp.row_lower_),
            ("row upper", floor.row_upper, lp.row_upper_),
            ("column lower", floor.col_lower[index], lp.col_lower_),
            ("column upper", floor.col_upper[index], lp.col_upper_),
            ("cost", floor.cost[index], lp.col_cost_),
        ):
            if not np.allclose(np.asarray(mine), np.asarray(other), rtol=tolerance, atol=0):
                problems.append(f"{label} differs")
        integrality = np.asarray([int(v) for v in lp.integrality_], bool) if len(
            lp.integrality_) else np.zeros(len(index), bool)
        if not np.array_equal(floor.integer[index], integrality):
            problems.append("integrality differs")
    return Comparison(same_order, not problems, "; ".join(problems) or "identical")


def main(argv: list[str] | None = None) -> int:
    from hinterland.model import load_instance

    cli = argparse.ArgumentParser(prog="python -m benchmarks.floor",
                                  description="Solve an instance through the floor model.")
    cli.add_argument("instance", type=Path)
    cli.add_argument("--time-limit", type=float, default=None)
    cli.add_argument("--gap", type=float, default=None)
    cli.add_argument("--log", action="store_true")
    args = cli.parse_args(argv)
    result, _, _ = solve_floor(load_instance(args.instance), args.time_limit, args.gap, args.log)
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
