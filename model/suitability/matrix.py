"""The criteria of an instance evaluated at the sites to be ranked.

A criterion's value at site ``i`` is

* the column itself when the criterion names one column (in the column's unit), and
* the mean of the columns' min-max normalised values when it names several,
  ``x_i = (1/K) sum_k (c_ik - min_i c_ik) / (max_i c_ik - min_i c_ik)``, so that columns in
  different units (km of coast and km of border, or bases in 0..1) count alike and the
  criterion keeps the same meaning whatever the units.

A column is a numeric column of ``sites.csv`` (including ``stat_<name>`` statistics and any
extra numeric column), a pattern such as ``base_*`` (every column it matches, in file order),
or one of the derived columns of :data:`DERIVED`: ``centre_km``, the mean distance from the
site to the instance's centres, and ``nearest_centre_km``. Every minimum, maximum and sum runs
over the sites being ranked (the hinterland sites unless all are asked for): the scores say how
sites compare with one another, not how they compare with an absolute standard.
"""

from __future__ import annotations

import difflib
import fnmatch
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from hinterland.model.criteria import (
    DEFAULT_CRITERIA,
    SETTINGS_FILE,
    Criterion,
    KeyPath,
)
from hinterland.model.errors import InstanceError, Problem
from hinterland.model.schema import SITES
from hinterland.model.suitability.methods import minmax_column
from hinterland.model.tables import LINE as LINE_COLUMN

if TYPE_CHECKING:
    from hinterland.model.instance import Instance

#: Columns computed from the instance rather than read from sites.csv.
DERIVED = {
    "centre_km": "mean distance from the site to the centres of centres.csv (km)",
    "nearest_centre_km": "distance from the site to its nearest centre (km)",
}


@dataclass(frozen=True)
class CriteriaMatrix:
    """The criteria of an instance evaluated at the sites to be ranked.

    ``sites`` holds ``site_id, name, province, region`` of the ranked sites in file order;
    ``columns`` the numeric columns each criterion reads (sites x columns); ``values`` the
    criterion values ``x_ij`` (sites x criteria). ``weights`` are the instance's weights scaled
    to add up to 1 (None when it gives none).
    """

    criteria: tuple[Criterion, ...]
    sites: pd.DataFrame
    columns: pd.DataFrame
    values: pd.DataFrame
    weights: pd.Series | None
    method: str
    hinterland_only: bool
    notes: tuple[str, ...] = ()

    @property
    def more(self) -> np.ndarray:
        """Whether more is better, per criterion."""
        return np.array([c.more for c in self.criteria])


def criteria_matrix(instance: Instance, include_all: bool = False) -> CriteriaMatrix:
    """Evaluate the instance's criteria at its hinterland sites (every site with ``include_all``).

    Raises :class:`InstanceError` naming instance.yaml's key (and line) for a criterion whose
    columns are not in sites.csv, and sites.csv's line and column for a value that is not a
    finite number at a ranked site. A default criterion (instance.yaml declares none) whose
    columns are missing or not finite is left out with a note instead.
    """
    settings = instance.settings.suitability
    declared = settings.criteria is not None
    sites = instance.sites
    ranked = sites if include_all else sites[sites["hinterland"].astype(bool)]
    problems: list[Problem] = []
    notes: list[str] = []
    if len(ranked) < 2:
        problems.append(Problem(
            "sites.csv", "at least two sites to rank" + ("" if include_all else
                                                          " (hinterland true; or rank all)"),
            value=f"{len(ranked)} site{'s' if len(ranked) != 1 else ''}"))
        raise InstanceError(problems)

    criteria: list[Criterion] = []
    #: Criteria that must carry a weight when weights are given: the usable ones and the
    #: declared ones that have problems (so that every problem is reported in one pass).
    weighed: list[str] = []
    used: dict[str, pd.Series] = {}
    values: dict[str, pd.Series] = {}
    for criterion in settings.criteria or DEFAULT_CRITERIA:
        key = ("suitability", "criteria", criterion.name, "columns")
        if not declared and settings.weights is not None and criterion.name in settings.weights:
            key = ("suitability", "weights", criterion.name)
        strict = declared or (settings.weights is not None
                              and criterion.name in settings.weights)
        if strict:
            weighed.append(criterion.name)
        columns, missing = _expand(criterion.columns, sites)
        if missing:
            if strict:
                problems += [_missing_column(instance, key, name, criterion) for name in missing]
            else:
                notes.append(f"criterion {criterion.name} left out: sites.csv has no "
                             f"{' or '.join(missing)} column")
            continue
        read, bad = _column_values(instance, ranked, columns, criterion.name)
        if bad:
            if strict:
                problems += bad
            else:
                notes.append(f"criterion {criterion.name} left out: {bad[0]}")
            continue
        criteria.append(Criterion(criterion.name, columns, criterion.direction,
                                  criterion.description))
        if not strict:
            weighed.append(criterion.name)
        used.update(read)
        values[criterion.name] = _combine([read[c] for c in columns])
    if settings.weights is not None:
        unweighted = [name for name in weighed if name not in settings.weights]
        if unweighted:
            problems.append(Problem(
                SETTINGS_FILE, f"a weight for every criterion (missing: "
                f"{', '.join(unweighted)})", line=instance.settings.line(
                    "suitability", "weights"), column="suitability.weights"))
    if problems:
        raise InstanceError(problems)
    if not criteria:
        raise InstanceError([Problem(SETTINGS_FILE, "at least one criterion whose columns "
                                     "sites.csv has (see docs/suitability.md)",
                                     column="suitability.criteria", value="none usable")])
    weights = None
    if settings.weights is not None:
        raw = pd.Series({c.name: settings.weights[c.name] for c in criteria}, dtype=float)
        if raw.sum() <= 0:
            raise InstanceError([Problem(
                SETTINGS_FILE, "at least one positive weight among the criteria used",
                line=instance.settings.line("suitability", "weights"),
                column="suitability.weights", value="all 0")])
        weights = raw / raw.sum()
    index = pd.Index(ranked.index, name="site_id")
    table = pd.DataFrame({"site_id": index.astype(str)}, index=index)
    for column in ("name", "province", "region"):
        table[column] = ranked[column].astype(str).to_numpy() if column in ranked else ""
    return CriteriaMatrix(
        criteria=tuple(criteria),
        sites=table,
        columns=pd.DataFrame(used, index=index),
        values=pd.DataFrame(values, index=index),
        weights=weights,
        method=settings.method,
        hinterland_only=not include_all,
        notes=tuple(notes),
    )


def check_criteria(instance: Instance) -> None:
    """Raise :class:`InstanceError` when the instance's declared criteria cannot be evaluated.

    An instance without a ``suitability`` section, or with too few hinterland sites to rank,
    passes: nothing there is wrong until a ranking is asked for.
    """
    if int(instance.sites["hinterland"].astype(bool).sum()) < 2:
        return
    criteria_matrix(instance)


def _expand(columns: Sequence[str], sites: pd.DataFrame) -> tuple[tuple[str, ...], list[str]]:
    """Columns with patterns expanded (in file order), and the names that match nothing."""
    available = [str(c) for c in sites.columns if not str(c).startswith("_")]
    found: list[str] = []
    missing: list[str] = []
    for name in columns:
        if any(ch in name for ch in "*?["):
            matches = [c for c in available if fnmatch.fnmatchcase(c, name)]
        else:
            matches = [name] if name in available or name in DERIVED else []
        if not matches:
            missing.append(name)
        found += [m for m in matches if m not in found]
    return tuple(found), missing


def _missing_column(instance: Instance, key: KeyPath, name: str,
                    criterion: Criterion) -> Problem:
    numeric = [str(c) for c in instance.sites.columns
               if not str(c).startswith("_") and _numeric_kind(str(c))]
    near = difflib.get_close_matches(name, [*numeric, *DERIVED], n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return Problem(SETTINGS_FILE, f"a column of sites.csv ({', '.join(numeric)}) or a derived "
                   f"column ({', '.join(DERIVED)}) for criterion {criterion.name}{hint}",
                   line=instance.settings.line(*key), column=".".join(key),
                   value=f"{name}: no such column")


def _numeric_kind(name: str) -> bool:
    """Whether the format reads ``name`` as a number (extra columns are checked cell by cell)."""
    column = SITES.column(name)
    return column is None or column.kind in ("number", "integer")


def _column_values(instance: Instance, ranked: pd.DataFrame, columns: Sequence[str],
                   criterion: str) -> tuple[dict[str, pd.Series], list[Problem]]:
    """The numeric values of ``columns`` at the ranked sites, or the cells that are not."""
    read: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    for name in columns:
        if name in DERIVED and name not in ranked.columns:
            read[name] = _derived(instance, name).reindex(ranked.index)
            bad = read[name][~np.isfinite(read[name].to_numpy(dtype=float))]
            problems += [Problem("sites.csv", f"coordinates (lon, lat) or distances.csv rows to "
                                 f"every centre, for {name} in criterion {criterion}",
                                 line=_line(ranked, site), column="lon",
                                 row_id=f"site_id {site}", value="")
                         for site in bad.index]
            continue
        if not _numeric_kind(name):
            problems.append(Problem(
                SETTINGS_FILE, f"a numeric column for criterion {criterion}",
                line=instance.settings.line("suitability", "criteria", criterion, "columns"),
                column=f"suitability.criteria.{criterion}.columns",
                value=f"{name} ({SITES.column(name).kind})"))  # type: ignore[union-attr]
            continue
        raw = ranked[name]
        text = raw.astype(str).str.strip() if raw.dtype == object else None
        numbers = pd.to_numeric(raw, errors="coerce").astype(float)
        for site, number in numbers.items():
            if not math.isfinite(number):
                shown = text[site] if text is not None else ("" if math.isnan(number)
                                                              else f"{number:g}")
                blank = "; a blank cap_ cell means unlimited" if name.startswith("cap_") else ""
                problems.append(Problem(
                    "sites.csv", f"a finite number at every ranked site, for criterion "
                    f"{criterion}{blank}", line=_line(ranked, site), column=name,
                    row_id=f"site_id {site}", value=shown))
        read[name] = numbers
    return read, problems


def _line(table: pd.DataFrame, site: object) -> int | None:
    if LINE_COLUMN not in table.columns:
        return None
    return int(table.loc[site, LINE_COLUMN])  # type: ignore[arg-type]


def _derived(instance: Instance, name: str) -> pd.Series:
    """A derived column: distances from every site to the instance's centres."""
    km = instance.distance_km
    if km.empty:
        return pd.Series(np.nan, index=instance.sites.index)
    km = km.reindex(instance.sites.index)
    if name == "centre_km":
        return km.mean(axis=1, skipna=False)
    return km.min(axis=1, skipna=False)


def _combine(columns: list[pd.Series]) -> pd.Series:
    """One column as is; several as the mean of their min-max normalised values."""
    if len(columns) == 1:
        return columns[0].astype(float)
    scaled = [pd.Series(minmax_column(c.to_numpy(dtype=float), True), index=c.index)
              for c in columns]
    return sum(scaled[1:], scaled[0]) / len(scaled)
