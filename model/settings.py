"""Read and check ``instance.yaml``: the instance's scalar settings.

YAML is read with ``yaml.safe_load`` only (no object construction). Each key is checked for
type and range, unknown and repeated keys are refused (a misspelt ``budjet`` must not silently
drop the budget; the nearest known key is suggested), and every problem carries the key's line.
Numbers in exponent form without a sign (``1e9``), which YAML 1.1 reads as text, are accepted.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

import yaml

from hinterland.model.criteria import SuitabilitySettings, read_suitability
from hinterland.model.errors import Problem
from hinterland.model.schema import TABLES
from hinterland.model.textfile import read_text

TOP_KEYS = ("name", "description", "units", "horizon_years", "budget", "regions", "files",
            "solver", "weights", "progression", "periods", "existing", "suitability",
            "max_core_sites", "min_suitability")
REGION_KEYS = ("min_share", "max_share", "target_share")
WEIGHT_KEYS = ("cost", "risk", "balance", "synergy")
PROGRESSION_KEYS = ("min_base",)
PERIOD_KEYS = ("name", "start", "end", "budget", "demand_scale")
EXISTING_CHOICES = ("ignore", "count")
SOLVER_KEYS = ("time_limit", "mip_gap", "highs")

#: A number as YAML 1.2 writes it; YAML 1.1 (PyYAML) reads ``1e9`` or ``2.5E3`` as text.
NUMBER_TEXT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")

KeyPath = tuple[str, ...]


@dataclass(frozen=True)
class RegionShare:
    """Bounds on a region's share of total investment: ``lo*I <= I_r <= hi*I``."""

    min_share: float = 0.0
    max_share: float = 1.0
    #: Target share for the ``balance`` term (None: the region is not in the balance term).
    target_share: float | None = None


@dataclass(frozen=True)
class Weights:
    """Objective weights: ``cost*Cost + risk*Risk + balance*Imbalance - synergy*Synergy``."""

    cost: float = 1.0
    risk: float = 0.0
    balance: float = 0.0
    synergy: float = 0.0


@dataclass(frozen=True)
class Period:
    """A plan period (a Five-Year Plan): its years, budget and demand.

    ``start`` and ``end`` are calendar years, both included. ``budget`` caps the investment
    added in the period (None: no cap); demand in the period is ``demand_scale`` times the
    items.csv demand unless ``demands.csv`` gives the item's figure for the period.
    """

    name: str
    start: int
    end: int
    budget: float | None = None
    demand_scale: float = 1.0

    @property
    def years(self) -> int:
        return self.end - self.start + 1


#: What a HiGHS option's value may be, and how a problem with one says so.
OPTION_TYPES = (bool, int, float, str)
OPTION_VALUE = "a single value: a number, true/false or a word"


@dataclass(frozen=True)
class SolverOption:
    """A HiGHS option an instance (or a scenario) sets, and where it is set.

    The model does not talk to the solver, so the name and value are kept as written; the
    solver adapter checks them and reports a problem at ``file``, ``line`` and ``key``.
    """

    name: str
    value: bool | int | float | str
    file: str
    line: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class SolverSettings:
    """Solver options an instance may set; the command line overrides them.

    ``highs`` holds further HiGHS options by name (``solver: highs: {presolve: off}``), in the
    order written; a later one of the same name (a scenario's) replaces an earlier one.
    """

    time_limit: float | None = None
    mip_gap: float | None = None
    highs: tuple[SolverOption, ...] = ()

    def with_option(self, option: SolverOption) -> SolverSettings:
        """These settings with ``option`` set, replacing an option of the same name."""
        kept = tuple(o for o in self.highs if o.name != option.name)
        return dataclasses.replace(self, highs=(*kept, option))


@dataclass(frozen=True)
class Settings:
    """The checked content of ``instance.yaml``.

    ``lines`` maps each key path (``("regions", "West")``) to its 1-based line in the file, so
    that checks made later (regions against sites.csv, ``files:`` on disk) can point at it.
    """

    name: str
    description: str = ""
    units: str = ""
    horizon_years: float = 10.0
    budget: float | None = None
    regions: dict[str, RegionShare] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    solver: SolverSettings = field(default_factory=SolverSettings)
    weights: Weights = field(default_factory=Weights)
    #: With ``progression``, an integration item may go only where a backup item is hosted or
    #: the site's base in the item's sector reaches this threshold (None: no such rule).
    progression_min_base: float | None = None
    #: Plan periods in order; empty for a single-period instance (the default).
    periods: tuple[Period, ...] = ()
    #: ``count``: today's layout counts toward requirements without new capex (brownfield);
    #: ``ignore`` (default): every unit of the layout is priced as new.
    existing: str = "ignore"
    #: At most this many sites may be developed: the strategic hinterland core (None: no limit).
    max_core_sites: int | None = None
    #: Only sites whose suitability score reaches this are eligible (None: no such rule).
    min_suitability: float | None = None
    #: Criteria, weights and method of the suitability ranking (``hinterland rank``).
    suitability: SuitabilitySettings = field(default_factory=SuitabilitySettings)
    lines: dict[KeyPath, int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, *path: str) -> int | None:
        """The line of the key at ``path`` in instance.yaml, if the file has that key."""
        return self.lines.get(path)


def read_settings(path: Path, default_name: str) -> tuple[Settings | None, list[Problem]]:
    """Parse ``path``; return the settings and every problem found.

    The settings are None only when the file cannot be read as a YAML mapping at all. Otherwise
    they are returned even with problems (a bad value is replaced by its default), so that the
    tables can still be checked and every problem of the instance reported at once.
    """
    label = path.name
    text, problems = read_text(path, label)
    if text is None:
        return None, problems
    try:
        document = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as err:
        return None, [Problem(label, f"valid YAML ({_yaml_reason(err)})",
                              line=_yaml_line(err, text))]
    if document is None:
        document = {}
    if not isinstance(document, dict):
        return None, [Problem(label, "a mapping of keys (name:, budget:, ...) at the top level",
                              line=1, value=type(document).__name__)]
    lines, repeated = key_lines(node)
    reader = _Reader(label, lines)
    reader.problems += [
        Problem(label, f"each key once (first on line {first})", line=line,
                column=".".join(key_path), value="repeated key")
        for key_path, first, line in repeated
    ]
    settings = reader.settings(document, default_name)
    return settings, reader.problems


def _yaml_reason(err: yaml.YAMLError) -> str:
    reason = getattr(err, "problem", None)
    if reason:
        return str(reason)
    lines = str(err).splitlines()
    return lines[0] if lines else type(err).__name__


def _yaml_line(err: yaml.YAMLError, text: str) -> int | None:
    """The 1-based line of a YAML error, from its mark or (reader errors) its position."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(err, "position", None)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return None


class _Reader:
    """Checks values one key at a time, collecting problems instead of stopping."""

    def __init__(self, label: str, lines: dict[KeyPath, int], prefix: KeyPath = ()):
        self.label = label
        self.lines = lines
        self.prefix = prefix
        self.problems: list[Problem] = []

    def problem(self, path: KeyPath, expected: str, value: Any = None) -> None:
        path = (*self.prefix, *path)
        self.problems.append(
            Problem(self.label, expected, line=self.lines.get(path), column=".".join(path),
                    value=None if value is None else str(value))
        )

    def unknown_keys(self, mapping: dict, known: tuple[str, ...], path: KeyPath) -> None:
        for key in mapping:
            if str(key) not in known:
                near = difflib.get_close_matches(str(key), known, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                self.problem((*path, str(key)), f"one of the keys {', '.join(known)}{hint}",
                             value="unknown key")

    def text(self, doc: dict, key: str, default: str) -> str:
        value = doc.get(key, default)
        if value is None:
            return default
        if not isinstance(value, (str, int, float)):
            self.problem((key,), "text", value)
            return default
        return str(value)

    def number(self, doc: dict, path: KeyPath, *, low: float, high: float = math.inf,
               low_open: bool = False, default: float | None = None) -> float | None:
        value = doc.get(path[-1], default)
        if value is None:
            return default
        if isinstance(value, str) and NUMBER_TEXT.fullmatch(value.strip()):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, _range_words(low, high, low_open), value)
            return default
        number = float(value)
        too_low = number <= low if low_open else number < low
        if not math.isfinite(number) or too_low or number > high:
            self.problem(path, _range_words(low, high, low_open), value)
            return default
        return number

    def settings(self, doc: dict, default_name: str) -> Settings:
        self.unknown_keys(doc, TOP_KEYS, ())
        horizon = self.number(doc, ("horizon_years",), low=0, low_open=True, default=10.0)
        periods = self.setting(doc, "periods")
        if periods:
            horizon = self.plan_horizon(doc, periods, horizon)
        return Settings(
            name=self.text(doc, "name", default_name) or default_name,
            description=self.text(doc, "description", ""),
            units=self.text(doc, "units", ""),
            horizon_years=horizon if horizon is not None else 10.0,
            budget=self.number(doc, ("budget",), low=0),
            regions=self.regions(doc.get("regions")),
            files=self.files(doc.get("files")),
            solver=self.solver(doc.get("solver")),
            weights=self.weights(doc.get("weights")),
            progression_min_base=self.progression(doc.get("progression"),
                                                  present="progression" in doc),
            periods=periods,
            existing=self.setting(doc, "existing"),
            max_core_sites=self.setting(doc, "max_core_sites"),
            min_suitability=self.setting(doc, "min_suitability"),
            suitability=self.suitability(doc.get("suitability"),
                                         present="suitability" in doc),
            lines=dict(self.lines),
        )

    def setting(self, doc: dict, key: str) -> Any:
        """One of the settings a scenario may also set whole (:func:`read_setting`):
        ``periods``, ``existing``, ``max_core_sites`` or ``min_suitability``."""
        if key == "periods":
            return self.periods(doc.get(key), present=key in doc)
        if key == "existing":
            return self.choice(doc, (key,), EXISTING_CHOICES, "ignore")
        if key == "max_core_sites":
            return self.whole(doc, (key,), low=1)
        return self.number(doc, (key,), low=0, high=1)

    def regions(self, value: Any) -> dict[str, RegionShare]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(("regions",), "a mapping region -> {min_share, max_share}", value)
            return {}
        regions = {}
        for region, bounds in value.items():
            path = ("regions", str(region))
            if not isinstance(bounds, dict):
                self.problem(path, "a mapping with min_share and/or max_share", bounds)
                continue
            self.unknown_keys(bounds, REGION_KEYS, path)
            low = self.number(bounds, (*path, "min_share"), low=0, high=1, default=0.0)
            high = self.number(bounds, (*path, "max_share"), low=0, high=1, default=1.0)
            if low is not None and high is not None and low > high:
                self.problem((*path, "min_share"), f"min_share <= max_share ({high:g})", low)
            target = self.number(bounds, (*path, "target_share"), low=0, high=1)
            regions[str(region)] = RegionShare(low or 0.0, 1.0 if high is None else high, target)
        targets = sum(r.target_share or 0.0 for r in regions.values())
        if targets > 1 + 1e-9:
            self.problem(("regions",), f"target shares adding up to at most 1 (they add up to "
                         f"{targets:g})")
        return regions

    def weights(self, value: Any) -> Weights:
        if value is None:
            return Weights()
        if not isinstance(value, dict):
            self.problem(("weights",), "a mapping term -> weight (cost, risk, balance, synergy)",
                         value)
            return Weights()
        self.unknown_keys(value, WEIGHT_KEYS, ("weights",))
        defaults = Weights()
        found = {key: self.number(value, ("weights", key), low=0, default=getattr(defaults, key))
                 for key in WEIGHT_KEYS}
        weights = Weights(**{k: (v if v is not None else getattr(defaults, k))
                             for k, v in found.items()})
        if not any(getattr(weights, k) > 0 for k in WEIGHT_KEYS):
            self.problem(("weights",), "at least one positive weight (with all at 0 every "
                         "layout would be optimal)", "all 0")
        return weights

    def suitability(self, value: Any, present: bool = False) -> SuitabilitySettings:
        """The ``suitability`` section (hinterland.model.suitability checks it; defaults when
        absent)."""
        if value is None and not present:
            return SuitabilitySettings()
        return read_suitability(self, value)

    def progression(self, value: Any, present: bool = False) -> float | None:
        if value is None and not present:
            return None
        if not isinstance(value, dict):
            self.problem(("progression",), "a mapping with min_base (the base in the item's "
                         "sector that admits an integration item without a backup)", value)
            return None
        self.unknown_keys(value, PROGRESSION_KEYS, ("progression",))
        return self.number(value, ("progression", "min_base"), low=0, high=1, default=1.0)

    def periods(self, value: Any, present: bool = False) -> tuple[Period, ...]:
        """Plan periods: a list of ``{name, start, end[, budget][, demand_scale]}`` in order."""
        if value is None and not present:
            return ()
        expected = ("a list of periods, each a mapping with name, start and end (years) and "
                    "optionally budget and demand_scale")
        if not isinstance(value, list) or not value:
            self.problem(("periods",), expected, value)
            return ()
        periods: list[Period] = []
        for position, entry in enumerate(value, start=1):
            path = ("periods", str(position))
            if not isinstance(entry, dict):
                self.problem(("periods",), f"{expected} (period {position} is not a mapping)",
                             entry)
                continue
            self.unknown_keys(entry, PERIOD_KEYS, path)
            name = entry.get("name")
            if not isinstance(name, (str, int)) or isinstance(name, bool) or not str(name):
                self.problem((*path, "name"), "a period name such as 15th-FYP", name)
                continue
            start = self.year(entry, (*path, "start"))
            end = self.year(entry, (*path, "end"))
            if start is None or end is None:
                continue
            if end < start:
                self.problem((*path, "end"), f"a year >= start ({start})", end)
                continue
            if periods and start <= periods[-1].end:
                self.problem((*path, "start"), f"a year after the previous period's end "
                             f"({periods[-1].end}); periods are listed in order", start)
                continue
            if str(name) in {p.name for p in periods}:
                self.problem((*path, "name"), "a name not used by another period", name)
                continue
            budget = self.number(entry, (*path, "budget"), low=0)
            scale = self.number(entry, (*path, "demand_scale"), low=0, default=1.0)
            periods.append(Period(str(name), start, end, budget,
                                  1.0 if scale is None else scale))
        return tuple(periods)

    def whole(self, doc: dict, path: KeyPath, low: int) -> int | None:
        value = doc.get(path[-1])
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.problem(path, f"a whole number >= {low}", value)
            return None
        return value

    def choice(self, doc: dict, path: KeyPath, choices: tuple[str, ...], default: str) -> str:
        value = doc.get(path[-1], default)
        if value is None:
            return default
        if not isinstance(value, str) or value not in choices:
            self.problem(path, f"one of {', '.join(choices)}", value)
            return default
        return value

    def year(self, entry: dict, path: KeyPath) -> int | None:
        value = entry.get(path[-1])
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
            self.problem(path, "a calendar year (a whole number such as 2026)", value)
            return None
        return value

    def plan_horizon(self, doc: dict, periods: tuple[Period, ...], horizon: float | None
                     ) -> float:
        """With periods, the horizon is the years they cover; a different horizon_years is
        refused rather than silently overridden."""
        covered = float(sum(p.years for p in periods))
        if "horizon_years" in doc and horizon is not None and horizon != covered:
            self.problem(("horizon_years",), f"{covered:g}, the years the periods cover (or "
                         "leave horizon_years out)", horizon)
        return covered

    def files(self, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        known = tuple(t.key for t in TABLES)
        if not isinstance(value, dict):
            self.problem(("files",), f"a mapping table -> file name ({', '.join(known)})", value)
            return {}
        self.unknown_keys(value, known, ("files",))
        files = {}
        for key, name in value.items():
            if str(key) not in known:
                continue
            if not isinstance(name, str) or not name.strip():
                self.problem(("files", str(key)), "a file name inside the instance folder", name)
                continue
            if not _inside_folder(name.strip()):
                self.problem(("files", str(key)), "a relative file name inside the instance "
                             "folder (no '..', not absolute)", name)
                continue
            files[str(key)] = name.strip()
        return files

    def solver(self, value: Any) -> SolverSettings:
        if value is None:
            return SolverSettings()
        if not isinstance(value, dict):
            self.problem(("solver",), "a mapping with time_limit, mip_gap and/or highs", value)
            return SolverSettings()
        self.unknown_keys(value, SOLVER_KEYS, ("solver",))
        return SolverSettings(
            time_limit=self.number(value, ("solver", "time_limit"), low=0, low_open=True),
            mip_gap=self.number(value, ("solver", "mip_gap"), low=0, high=1),
            highs=self.highs_options(value.get("highs")),
        )

    def highs_options(self, value: Any) -> tuple[SolverOption, ...]:
        """``solver.highs``: HiGHS option names to scalar values (checked by the adapter)."""
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.problem(("solver", "highs"), "a mapping of HiGHS option names to values "
                         "(presolve: off)", value)
            return ()
        options = []
        for name, setting in value.items():
            path = (*self.prefix, "solver", "highs", str(name))
            if not isinstance(setting, OPTION_TYPES):
                self.problem(("solver", "highs", str(name)), OPTION_VALUE, setting)
                continue
            options.append(SolverOption(str(name), setting, self.label, self.lines.get(path),
                                        ".".join(path)))
        return tuple(options)


def read_setting(key: str, value: Any, label: str, lines: dict[KeyPath, int],
                 where: KeyPath = ()) -> tuple[Any, list[Problem]]:
    """One top-level setting (``periods``, ``existing``, ``max_core_sites``,
    ``min_suitability``) read and checked as instance.yaml reads it, for overrides.

    Problems name ``label`` and the key path under ``where`` (a scenario's name), with the
    line ``lines`` gives for it.
    """
    reader = _Reader(label, lines, prefix=where)
    found = reader.setting({key: value}, key)
    return found, reader.problems


def _inside_folder(name: str) -> bool:
    """Whether ``name`` is a relative path that cannot leave the folder it is resolved in."""
    path = PurePath(name)
    windows = PureWindowsPath(name)
    return not (path.is_absolute() or windows.is_absolute() or windows.drive
                or ".." in path.parts or ".." in windows.parts)


def _range_words(low: float, high: float, low_open: bool) -> str:
    if math.isinf(high):
        return f"a number {'>' if low_open else '>='} {low:g}"
    return f"a number in {'(' if low_open else '['}{low:g}, {high:g}]"


def key_lines(node: yaml.Node | None, path: KeyPath = ()
               ) -> tuple[dict[KeyPath, int], list[tuple[KeyPath, int, int]]]:
    """Map each key path of a YAML document to the 1-based line where the key stands.

    Also returns the keys written more than once in one mapping (YAML keeps the last silently)
    as ``(path, first line, repeated line)``; the map holds the first line.
    """
    lines: dict[KeyPath, int] = {}
    repeated: list[tuple[KeyPath, int, int]] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, str(key_node.value))
            line = key_node.start_mark.line + 1
            if key_path in lines:
                repeated.append((key_path, lines[key_path], line))
                continue
            lines[key_path] = line
            inner, again = key_lines(value_node, key_path)
            lines.update(inner)
            repeated += again
    return lines, repeated
