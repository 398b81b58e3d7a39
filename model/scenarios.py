"""Scenarios: named lists of overrides applied to a loaded instance.

``scenarios.yaml`` in an instance folder maps scenario names to overrides::

    budget_cut:
      budget: x0.8                          # scale the instance's value
    strict_chips:
      items.ic_backup.survive_share: 0.9    # set a value
      sites.SC.hazard: 0.7
    lose_sichuan:
      exclude_provinces: [Sichuan]          # no new capacity anywhere in the province
    risk_averse:
      weights.risk: 5

An override path is ``budget``, ``horizon_years``, ``weights.<term>``,
``regions.<region>.<min_share|max_share|target_share>``, ``items.<item_id>.<column>`` or
``sites.<site_id>.<column>`` for any numeric column of the format, ``solver.time_limit``,
``solver.mip_gap`` or ``solver.highs.<option>`` (a HiGHS option by name); a value is a number
or ``x<factor>`` (the current value times the factor). ``exclude_sites`` and
``exclude_provinces`` list sites or provinces that lose their hinterland status: the loss of a
site or a province. ``periods``, ``existing``, ``max_core_sites`` and ``min_suitability``
replace the setting of instance.yaml, checked as there (``periods`` makes a plan whose horizon
is the years the periods cover). Scenarios compose in the order given (``base,budget_cut``).
Every problem is reported with the file, line and key, as for the instance itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from typing import Any

import pandas as pd
import yaml

from hinterland.model.errors import InstanceError, Problem
from hinterland.model.instance import Instance
from hinterland.model.schema import ITEMS, SITES, TableSchema
from hinterland.model.settings import (
    OPTION_TYPES,
    OPTION_VALUE,
    RegionShare,
    SolverOption,
    Weights,
    key_lines,
    read_setting,
)
from hinterland.model.textfile import read_text

SCENARIO_FILE = "scenarios.yaml"
#: Settings an override replaces whole, checked as instance.yaml checks them.
WHOLE_SETTINGS = ("periods", "existing", "max_core_sites", "min_suitability")
EXCLUSIONS = ("exclude_sites", "exclude_provinces")
SCALE = re.compile(r"^x\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)$")


def scenario_names(instance: Instance) -> list[str]:
    """The scenarios an instance defines (empty without scenarios.yaml)."""
    return list(_read(instance)[0])


def apply_scenarios(instance: Instance, names: list[str]) -> Instance:
    """``instance`` with the named scenarios applied in order; raises :class:`InstanceError`."""
    scenarios, lines = _read(instance)
    problems = [Problem(SCENARIO_FILE, f"a scenario defined in {SCENARIO_FILE} "
                        f"({', '.join(scenarios) or 'none defined'})", value=name)
                for name in names if name not in scenarios]
    if problems:
        raise InstanceError(problems)
    for name in names:
        instance = apply_overrides(instance, scenarios[name], (name,), lines)
    digest = hashlib.sha256((instance.digest + "|" + ",".join(names)).encode()).hexdigest()
    return dataclasses.replace(instance, digest=digest,
                               scenarios=(*instance.scenarios, *names))


def apply_overrides(instance: Instance, overrides: dict[str, Any], where: tuple[str, ...] = (),
                    lines: dict[tuple[str, ...], int] | None = None) -> Instance:
    """``instance`` with ``overrides`` (path -> value) applied; every problem reported at once.

    ``where`` and ``lines`` locate the overrides in scenarios.yaml for messages.
    """
    applier = _Applier(instance, where, lines or {})
    for path, value in overrides.items():
        applier.apply(str(path), value)
    if applier.problems:
        raise InstanceError(applier.problems)
    return applier.result()


def _read(instance: Instance) -> tuple[dict[str, dict], dict[tuple[str, ...], int]]:
    path = instance.folder / SCENARIO_FILE
    if not path.is_file():
        return {}, {}
    text, problems = read_text(path, SCENARIO_FILE)
    if text is None:
        raise InstanceError(problems)
    try:
        document = yaml.safe_load(text) or {}
        lines, _ = key_lines(yaml.compose(text))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InstanceError([Problem(SCENARIO_FILE, "valid YAML",
                                     line=mark.line + 1 if mark else None)]) from None
    if not isinstance(document, dict) or not all(isinstance(v, dict)
                                                  for v in document.values()):
        raise InstanceError([Problem(SCENARIO_FILE, "a mapping of scenario names to mappings "
                                     "of overrides (path: value)", line=1)])
    return {str(k): v for k, v in document.items()}, lines


class _Applier:
    """Applies overrides to copies of an instance's tables and settings."""

    def __init__(self, instance: Instance, where: tuple[str, ...],
                 lines: dict[tuple[str, ...], int]):
        self.instance = instance
        self.where = where
        self.lines = lines
        self.sites = instance.sites.copy()
        self.items = instance.items.copy()
        self.settings = instance.settings
        self.problems: list[Problem] = []

    def problem(self, key: str, expected: str, value: Any = None) -> None:
        self.problems.append(Problem(
            SCENARIO_FILE, expected, line=self.lines.get((*self.where, key)),
            column=".".join((*self.where, key)), value=None if value is None else str(value)))

    def result(self) -> Instance:
        return dataclasses.replace(self.instance, sites=self.sites, items=self.items,
                                   settings=self.settings)

    def whole_setting(self, path: str, value: Any) -> None:
        """``periods`` (a list, as in instance.yaml; the horizon becomes the years they
        cover), ``existing``, ``max_core_sites`` or ``min_suitability``."""
        found, problems = read_setting(path, value, SCENARIO_FILE, self.lines, self.where)
        if problems:
            self.problems += problems
            return
        if path == "existing" and found == "count" and self.instance.current_layout is None:
            self.problem(path, "an instance with today's layout (current_layout.csv) to count",
                         value)
            return
        changes: dict[str, Any] = {path: found}
        if path == "periods":
            changes["horizon_years"] = float(sum(p.years for p in found))
        self.settings = dataclasses.replace(self.settings, **changes)

    def apply(self, path: str, value: Any) -> None:
        if path in EXCLUSIONS:
            self.exclude(path, value)
            return
        parts = path.split(".")
        head = parts[0]
        if head in ("budget", "horizon_years") and len(parts) == 1:
            self.setting(path, value)
        elif head in WHOLE_SETTINGS and len(parts) == 1:
            self.whole_setting(path, value)
        elif head == "weights" and len(parts) == 2:
            self.weight(path, parts[1], value)
        elif head == "regions" and len(parts) == 3:
            self.region(path, parts[1], parts[2], value)
        elif head in ("items", "sites") and len(parts) == 3:
            self.cell(path, head, parts[1], parts[2], value)
        elif head == "solver" and len(parts) == 2 and parts[1] in ("time_limit", "mip_gap"):
            self.solver_limit(path, parts[1], value)
        elif head == "solver" and len(parts) == 3 and parts[1] == "highs":
            self.solver_option(path, parts[2], value)
        else:
            self.problem(path, "an override path: budget, horizon_years, weights.<term>, "
                         "regions.<region>.<share>, items.<id>.<column>, sites.<id>.<column>, "
                         "solver.time_limit, solver.mip_gap, solver.highs.<option>, "
                         "exclude_sites, exclude_provinces, periods, existing, "
                         "max_core_sites or min_suitability", "unknown path")

    def solver_limit(self, path: str, key: str, value: Any) -> None:
        """``solver.time_limit`` (seconds > 0) or ``solver.mip_gap`` (in [0, 1])."""
        solver = self.settings.solver
        number = self.number(path, value, getattr(solver, key))
        if number is None:
            return
        if (key == "time_limit" and not number > 0) or (key == "mip_gap"
                                                          and not 0 <= number <= 1):
            self.problem(path, "a number of seconds > 0" if key == "time_limit"
                         else "a gap in [0, 1]", value)
            return
        solver = dataclasses.replace(solver, **{key: number})
        self.settings = dataclasses.replace(self.settings, solver=solver)

    def solver_option(self, path: str, name: str, value: Any) -> None:
        """``solver.highs.<option>``: kept as written; the solver adapter checks it."""
        if not isinstance(value, OPTION_TYPES):
            self.problem(path, OPTION_VALUE, value)
            return
        option = SolverOption(name, value, SCENARIO_FILE, self.lines.get((*self.where, path)),
                              ".".join((*self.where, path)))
        self.settings = dataclasses.replace(self.settings,
                                            solver=self.settings.solver.with_option(option))

    def number(self, path: str, value: Any, current: float | None) -> float | None:
        """``value`` as a number: plain, or ``x<factor>`` times ``current``."""
        if isinstance(value, bool):
            value = None
        if isinstance(value, (int, float)) and math.isfinite(float(value)):
            return float(value)
        match = SCALE.match(str(value).strip()) if isinstance(value, str) else None
        if match and current is not None and math.isfinite(current):
            return current * float(match.group(1))
        if match:
            self.problem(path, "a value to scale (the instance sets none)", value)
            return None
        self.problem(path, "a number, or x<factor> to scale the current value (x0.8)", value)
        return None

    def setting(self, path: str, value: Any) -> None:
        current = getattr(self.settings, path)
        number = self.number(path, value, current)
        if number is None:
            return
        if number < 0 or (path == "horizon_years" and number <= 0):
            self.problem(path, "a positive number" if path == "horizon_years"
                         else "a number >= 0", value)
            return
        self.settings = dataclasses.replace(self.settings, **{path: number})

    def weight(self, path: str, term: str, value: Any) -> None:
        if term not in {f.name for f in dataclasses.fields(Weights)}:
            self.problem(path, "a weight of cost, risk, balance or synergy", term)
            return
        number = self.number(path, value, getattr(self.settings.weights, term))
        if number is None or number < 0:
            if number is not None:
                self.problem(path, "a weight >= 0", value)
            return
        weights = dataclasses.replace(self.settings.weights, **{term: number})
        self.settings = dataclasses.replace(self.settings, weights=weights)

    def region(self, path: str, region: str, key: str, value: Any) -> None:
        if region not in set(self.sites["region"]):
            self.problem(path, "a region of sites.csv", region)
            return
        if key not in {f.name for f in dataclasses.fields(RegionShare)}:
            self.problem(path, "min_share, max_share or target_share", key)
            return
        shares = self.settings.regions.get(region, RegionShare())
        number = self.number(path, value, getattr(shares, key))
        if number is None:
            return
        if not 0 <= number <= 1:
            self.problem(path, "a share in [0, 1]", value)
            return
        regions = {**self.settings.regions, region: dataclasses.replace(shares, **{key: number})}
        self.settings = dataclasses.replace(self.settings, regions=regions)

    def cell(self, path: str, table_name: str, row: str, column: str, value: Any) -> None:
        table = self.items if table_name == "items" else self.sites
        schema: TableSchema = ITEMS if table_name == "items" else SITES
        if row not in table.index:
            self.problem(path, f"an id of {table_name}.csv", row)
            return
        spec = schema.column(column)
        if spec is None or spec.kind not in ("number", "integer"):
            self.problem(path, f"a numeric column of {table_name}.csv", column)
            return
        current = float(table.loc[row, column]) if column in table.columns else None
        number = self.number(path, value, current)
        if number is None:
            return
        low, high = spec.minimum, spec.maximum
        too_low = low is not None and (number <= low if spec.exclusive_minimum else number < low)
        if too_low or (high is not None and number > high) or (
                spec.kind == "integer" and number != int(number)):
            self.problem(path, spec.expectation(), value)
            return
        if column not in table.columns:
            table[column] = pd.Series(spec.default, index=table.index, dtype=float)
        table.loc[row, column] = number

    def exclude(self, path: str, value: Any) -> None:
        names = value if isinstance(value, list) else [value]
        column = "site_id" if path == "exclude_sites" else "province"
        known = set(self.sites[column])
        unknown = [str(n) for n in names if str(n) not in known]
        if unknown:
            self.problem(path, f"{'site ids' if column == 'site_id' else 'provinces'} of "
                         "sites.csv", ", ".join(unknown))
            return
        lost = self.sites[column].isin([str(n) for n in names])
        self.sites.loc[lost, "hinterland"] = False

