"""The loaded, checked instance: plain tables the formulation and the evaluation read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hinterland.model.settings import Period, RegionShare, Settings, Weights


@dataclass(frozen=True)
class Instance:
    """A validated instance.

    Tables are indexed by their ids and keep file order. ``items['serves']`` holds tuples of
    centre ids; ``distance_km`` is a sites x centres matrix (``distances.csv`` overrides the
    great-circle distance). ``resources`` are the names ``r`` of ``cap_r``/``use_r`` columns.
    ``synergies`` holds ``item_a, item_b, bonus`` rows (empty when the instance has none).
    ``demands`` holds per-period demands (``item_id, period, demand``) and ``commitments`` the
    committed capacity (``site_id, item_id, period, capacity``, a blank period read as the
    first); both are empty when the instance has none.
    """

    settings: Settings
    folder: Path
    sites: pd.DataFrame
    items: pd.DataFrame
    centres: pd.DataFrame
    distance_km: pd.DataFrame
    current_layout: pd.DataFrame | None
    synergies: pd.DataFrame
    resources: tuple[str, ...]
    digest: str
    demands: pd.DataFrame = field(default_factory=lambda: _empty("item_id", "period", "demand"))
    commitments: pd.DataFrame = field(
        default_factory=lambda: _empty("site_id", "item_id", "period", "capacity"))
    notes: tuple[str, ...] = ()
    #: Scenarios of scenarios.yaml applied to this instance, in order.
    scenarios: tuple[str, ...] = ()

    @property
    def periods(self) -> tuple[Period, ...]:
        """Plan periods in order (empty for a single-period instance)."""
        return self.settings.periods

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def budget(self) -> float | None:
        return self.settings.budget

    @property
    def horizon_years(self) -> float:
        return self.settings.horizon_years

    @property
    def weights(self) -> Weights:
        return self.settings.weights

    @property
    def regions(self) -> dict[str, RegionShare]:
        return self.settings.regions

    def site_capacity(self, resource: str) -> pd.Series:
        """Capacity of every site in ``resource`` (inf where unlimited or not given)."""
        column = f"cap_{resource}"
        if column in self.sites.columns:
            return self.sites[column].astype(float)
        return pd.Series(np.inf, index=self.sites.index)

    def item_use(self, resource: str) -> pd.Series:
        """Use of ``resource`` per unit of each item's capacity (0 where not given)."""
        column = f"use_{resource}"
        if column in self.items.columns:
            return self.items[column].astype(float)
        return pd.Series(0.0, index=self.items.index)

    def site_base(self, sector: str) -> pd.Series:
        """Capability of every site in ``sector`` (0 where the column is missing)."""
        column = f"base_{sector}"
        if sector and column in self.sites.columns:
            return self.sites[column].astype(float)
        return pd.Series(0.0, index=self.sites.index)


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
