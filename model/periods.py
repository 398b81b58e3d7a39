"""Plan periods: what each Five-Year Plan requires, and one period seen as its own instance.

An instance with ``periods`` in instance.yaml is a plan over ordered periods ``t``. Capacity
and hosting never shrink from one period to the next, so the layout of period ``t`` is the
layout of ``t-1`` plus what is added in ``t``. Everything a single period says (requirement,
dispersion, survival, reach, resources, regional shares) is the single-period rule applied to
that period's layout, with that period's figures:

* demand ``D[k,t]``: the ``demands.csv`` figure where given, else ``demand[k] * demand_scale[t]``;
  as capacity never shrinks, the requirement in force is the largest so far,
  ``D*[k,t] = max_{t' <= t} D[k,t']`` (a falling figure is noted when loading);
* opex over the period's ``years[t]``; transport, a cost over the whole horizon ``H`` per unit,
  counts the share ``years[t] / H`` of it;
* commitments of periods up to ``t`` (capacity decided earlier must still be there).

:func:`period_view` builds that single-period instance, so that the formulation's families and
the evaluation measure one period with the very code that measures a single-period instance.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from hinterland.model.instance import Instance
from hinterland.model.layout import LAYOUT_COLUMNS

PERIOD = "period"


def period_names(instance: Instance) -> list[str]:
    return [p.name for p in instance.periods]


def stated_demand(instance: Instance) -> pd.DataFrame:
    """Items x periods: the demand each period states (before the running maximum)."""
    items = instance.items
    stated = pd.DataFrame({p.name: items["demand"].astype(float) * p.demand_scale
                           for p in instance.periods}, index=items.index)
    for row in instance.demands.itertuples(index=False):
        stated.loc[row.item_id, row.period] = float(row.demand)
    return stated


def demand_by_period(instance: Instance) -> pd.DataFrame:
    """Items x periods: the requirement in force, ``D*[k,t] = max_{t' <= t} D[k,t']``."""
    return stated_demand(instance).cummax(axis=1)


def falling_demands(instance: Instance) -> list[str]:
    """Item-period pairs whose stated demand is below an earlier period's (for a note)."""
    stated = stated_demand(instance)
    held = stated.cummax(axis=1)
    return [f"{k} in {t}" for k in stated.index for t in stated.columns
            if stated.loc[k, t] < held.loc[k, t] - 1e-12]


def period_view(instance: Instance, name: str) -> Instance:
    """Period ``name`` of a plan as a single-period instance (see the module docstring).

    Its budget is None: a period's budget caps what is added in it, which only the plan can
    tell (:mod:`hinterland.model.formulation.plan`, :mod:`hinterland.model.plan_evaluation`).
    """
    names = period_names(instance)
    position = names.index(name)
    period = instance.periods[position]
    items = instance.items.copy()
    items["demand"] = demand_by_period(instance)[name]
    items["transport_cost"] = (instance.items["transport_cost"].astype(float)
                               * period.years / instance.horizon_years)
    committed = instance.commitments[instance.commitments["period"].isin(names[:position + 1])]
    committed = (committed.groupby(["site_id", "item_id"], as_index=False, sort=False)
                 ["capacity"].max())
    committed.insert(2, PERIOD, name)
    settings = replace(instance.settings, horizon_years=float(period.years), budget=None,
                       periods=())
    return replace(instance, settings=settings, items=items, commitments=committed,
                   demands=instance.demands.iloc[0:0])


def year_shares(instance: Instance) -> dict[str, float]:
    """``years[t] / H`` per period: the weight of a period in plan-wide averages."""
    return {p.name: p.years / instance.horizon_years for p in instance.periods}


def split_layout(instance: Instance, layout: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A plan's layout (with a ``period`` column) as one layout per period, in order."""
    columns = [c for c in LAYOUT_COLUMNS if c in layout.columns]
    return {name: layout.loc[layout[PERIOD] == name, columns].reset_index(drop=True)
            for name in period_names(instance)}


def join_layouts(layouts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per-period layouts as one table whose first column is ``period``."""
    parts = [layout.assign(**{PERIOD: name}) for name, layout in layouts.items()]
    joined = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=[*LAYOUT_COLUMNS, PERIOD])
    return joined[[PERIOD, *[c for c in joined.columns if c != PERIOD]]]


def final_layout(layout: pd.DataFrame) -> pd.DataFrame:
    """What stands at the end: a plan layout's last period (any other layout as it is)."""
    if PERIOD not in layout.columns or not len(layout):
        return layout
    last = layout[PERIOD].iloc[-1]
    return layout.loc[layout[PERIOD] == last].drop(columns=PERIOD).reset_index(drop=True)


def single_layout(layout: pd.DataFrame) -> pd.DataFrame:
    """A layout read for a plan (its rows repeated per period) as one layout: one row per
    (site_id, item_id), without the period column. Today's layout is one, whatever periods
    its reading gave it."""
    return (layout.drop(columns=[PERIOD], errors="ignore")
            .drop_duplicates(["site_id", "item_id"]).reset_index(drop=True))
