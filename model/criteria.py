"""The suitability criteria and the ``suitability`` section of instance.yaml.

**Criteria.** A criterion is a name, the site columns it is computed from and a direction
(``more`` is better, or ``less``); :func:`hinterland.model.suitability.matrix.criteria_matrix`
evaluates it at the sites. When instance.yaml declares no criteria, :data:`DEFAULT_CRITERIA`
apply: the six qualities of the CSSN definition and natural hazard.

**The section.** ``suitability`` of instance.yaml names the method (one of :data:`METHODS`), the
criteria and their weights; :func:`read_suitability` checks it while instance.yaml is read.
Whether the columns exist in sites.csv is checked once the sites are known. It is part of reading
an instance and imports nothing else of the model, so that :mod:`hinterland.model.settings`
reads the section without the ranking (:mod:`hinterland.model.suitability`), which works on a
loaded instance.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Protocol

METHODS = ("topsis", "entropy", "weights")
DEFAULT_METHOD = "topsis"
DIRECTIONS = ("more", "less")
SECTION_KEYS = ("method", "criteria", "weights")
CRITERION_KEYS = ("columns", "direction", "description")
CRITERION_WORDS = {
    "columns": "a list of sites.csv columns, or patterns such as base_*",
    "direction": "more or less: whether more of the criterion is better",
}

#: The settings file, as messages name it.
SETTINGS_FILE = "instance.yaml"
#: A criterion's name: it becomes a column prefix of rank.csv.
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

KeyPath = tuple[str, ...]


@dataclass(frozen=True)
class Criterion:
    """One criterion: a name, the columns it is computed from, and its direction.

    ``columns`` may hold patterns (``base_*``) until :func:`criteria_matrix` expands them.
    """

    name: str
    columns: tuple[str, ...]
    direction: str
    description: str = ""

    @property
    def more(self) -> bool:
        """Whether more is better."""
        return self.direction == "more"


#: The criteria used when instance.yaml declares none: the six qualities of the CSSN
#: definition and hazard. A default criterion whose columns the instance lacks is left out,
#: with a note.
DEFAULT_CRITERIA = (
    Criterion("depth", ("coast_km", "border_km"), "more",
              "strategic depth: distance from the sea coast and from the land border"),
    Criterion("resources", ("cap_land",), "more",
              "resource endowment: land available to projects"),
    Criterion("industry", ("base_*",), "more",
              "industrial base: the existing sector bases"),
    Criterion("transport", ("centre_km",), "less",
              "transport location: mean distance to the coastal centres"),
    Criterion("economy", ("stat_gdp",), "more", "economic scale: GDP"),
    Criterion("population", ("stat_population",), "more",
              "population concentration: resident population"),
    Criterion("hazard", ("hazard",), "less", "natural hazard exposure"),
)


@dataclass(frozen=True)
class SuitabilitySettings:
    """The ``suitability`` section of instance.yaml.

    ``criteria`` is None when the section declares none (the defaults apply); ``weights`` is
    None when it gives none (equal weights for ``weights``, entropy weights for ``topsis``).
    Weights are as written; :func:`criteria_matrix` scales them to add up to 1.
    """

    method: str = DEFAULT_METHOD
    criteria: tuple[Criterion, ...] | None = None
    weights: dict[str, float] | None = None


class KeyReader(Protocol):
    """What :func:`read_suitability` needs of the reader of instance.yaml."""

    def problem(self, path: KeyPath, expected: str, value: Any = None) -> None: ...

    def unknown_keys(self, mapping: dict, known: tuple[str, ...], path: KeyPath) -> None: ...

    def number(self, doc: dict, path: KeyPath, *, low: float, high: float = math.inf,
               low_open: bool = False, default: float | None = None) -> float | None: ...


def read_suitability(reader: KeyReader, value: Any) -> SuitabilitySettings:
    """Check the ``suitability`` section; report problems to ``reader``, keep what is valid.

    ``method`` is one of :data:`METHODS`; ``criteria`` maps names to ``{columns, direction,
    description}``; ``weights`` maps criterion names to numbers >= 0, at least one positive.
    Whether the columns exist in sites.csv is checked when the sites are known
    (:func:`criteria_matrix`).
    """
    root: KeyPath = ("suitability",)
    if not isinstance(value, dict):
        reader.problem(root, "a mapping with method, criteria and/or weights", value)
        return SuitabilitySettings()
    reader.unknown_keys(value, SECTION_KEYS, root)
    method = value.get("method")
    if method is None:
        method = DEFAULT_METHOD
    elif not isinstance(method, str) or method not in METHODS:
        reader.problem((*root, "method"), "one of " + ", ".join(METHODS), method)
        method = DEFAULT_METHOD
    criteria = _read_criteria(reader, value["criteria"]) if "criteria" in value else None
    names = [c.name for c in (DEFAULT_CRITERIA if criteria is None else criteria)]
    weights = _read_weights(reader, value["weights"], names) if "weights" in value else None
    return SuitabilitySettings(method=method, criteria=criteria, weights=weights)


def _read_criteria(reader: KeyReader, value: Any) -> tuple[Criterion, ...] | None:
    path: KeyPath = ("suitability", "criteria")
    if not isinstance(value, dict) or not value:
        reader.problem(path, "a mapping of criteria, name -> {columns: [...], direction: more "
                       "or less}", value)
        return None
    criteria = []
    for name, spec in value.items():
        key = (*path, str(name))
        if not isinstance(name, str) or not NAME.fullmatch(name):
            reader.problem(key, "a criterion name of letters, digits and '_', starting with a "
                           "letter", name)
            continue
        if not isinstance(spec, dict):
            reader.problem(key, "a mapping with columns and direction", spec)
            continue
        reader.unknown_keys(spec, CRITERION_KEYS, key)
        for needed in ("columns", "direction"):
            if spec.get(needed) is None:
                reader.problem(key, f"a key '{needed}' ({CRITERION_WORDS[needed]})",
                               f"no {needed}")
        columns = (_read_columns(reader, spec["columns"], (*key, "columns"))
                   if spec.get("columns") is not None else ())
        direction = spec.get("direction")
        if direction is not None and direction not in DIRECTIONS:
            reader.problem((*key, "direction"), CRITERION_WORDS["direction"], direction)
        if direction not in DIRECTIONS:
            direction = None
        description = spec.get("description", "")
        if not isinstance(description, (str, int, float)) or isinstance(description, bool):
            reader.problem((*key, "description"), "text", description)
            description = ""
        if columns and direction:
            criteria.append(Criterion(name, columns, direction, str(description or "")))
    return tuple(criteria) or None


def _read_columns(reader: KeyReader, value: Any, path: KeyPath) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names:
        reader.problem(path, CRITERION_WORDS["columns"], value)
        return ()
    columns: list[str] = []
    for name in names:
        if not isinstance(name, str) or not name.strip():
            reader.problem(path, "column names as text", name)
        elif name.strip() in columns:
            reader.problem(path, "each column once", name)
        else:
            columns.append(name.strip())
    return tuple(columns) if len(columns) == len(names) else ()


def _read_weights(reader: KeyReader, value: Any, names: list[str]) -> dict[str, float] | None:
    path: KeyPath = ("suitability", "weights")
    if not isinstance(value, dict) or not value:
        reader.problem(path, f"a mapping criterion -> weight ({', '.join(names)})", value)
        return None
    weights: dict[str, float] = {}
    for name in value:
        if str(name) not in names:
            near = difflib.get_close_matches(str(name), names, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            reader.problem((*path, str(name)), f"one of the criteria {', '.join(names)}{hint}",
                           "unknown criterion")
            continue
        number = reader.number(value, (*path, str(name)), low=0)
        if number is not None:
            weights[str(name)] = number
    if len(weights) == len(value) and not any(w > 0 for w in weights.values()):
        reader.problem(path, "at least one positive weight", "all 0")
        return None
    return weights if len(weights) == len(value) else None
