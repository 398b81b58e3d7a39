"""Sensitivity of a ranking to the weights.

**Sensitivity.** For each criterion :func:`sensitivity` finds the smallest change of its weight
that changes the set of the first ``k`` sites, the other weights rescaled in proportion so that
all still add up to 1: ``w_l(t) = w_l (1 - t) / (1 - w_j)`` for ``l != j`` when ``w_j`` becomes
``t``. It scans ``t`` from ``w_j`` to 1 and from ``w_j`` to 0 and bisects the first step at
which the set changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hinterland.model.suitability.methods import order
from hinterland.model.suitability.ranking import Ranking

#: The number of first sites whose change :func:`sensitivity` looks for, by default.
DEFAULT_TOP = 5
#: Steps of the scan of each weight from its value to 0 and to 1, before bisection.
SCAN_STEPS = 400
#: Bisection stops when the interval of the weight is this narrow.
WEIGHT_TOLERANCE = 1e-9


def reweight(weights: np.ndarray, j: int, value: float) -> np.ndarray:
    """Weights with ``w_j = value`` and the others rescaled in proportion to add up to 1.

    When the others are all 0 they share ``1 - value`` equally.
    """
    w = np.asarray(weights, dtype=float).copy()
    others = np.delete(np.arange(len(w)), j)
    rest = w[others].sum()
    if len(others):
        w[others] = (w[others] * (1.0 - value) / rest if rest > 0
                     else (1.0 - value) / len(others))
    w[j] = value
    return w


@dataclass(frozen=True)
class Shift:
    """The first change of the top set as one weight moves one way (None: no change)."""

    weight: float | None = None
    enters: tuple[str, ...] = ()
    leaves: tuple[str, ...] = ()


def _top(scores: np.ndarray, k: int) -> frozenset[int]:
    return frozenset(order(scores)[:k].tolist())


def first_shift(ranking: Ranking, j: int, target: float, k: int, steps: int = SCAN_STEPS,
                tolerance: float = WEIGHT_TOLERANCE) -> Shift:
    """Move weight ``j`` from its value towards ``target`` (0 or 1) until the top ``k`` change.

    The scan takes ``steps`` equal steps; the first step at which the set differs is bisected
    to ``tolerance``. The weight returned is the first at which the set differs (on the far
    side of the crossing). A change that appears and disappears within one step is missed.
    """
    base = ranking.weights.to_numpy(dtype=float)
    start = float(base[j])
    if abs(target - start) <= tolerance:
        return Shift()
    ids = ranking.matrix.sites["site_id"].to_numpy()
    before = _top(ranking.scores.to_numpy(dtype=float), k)

    def differs(value: float) -> bool:
        return _top(ranking.scores_with(reweight(base, j, value)), k) != before

    inside = start
    for step in range(1, steps + 1):
        value = start + (target - start) * step / steps
        if differs(value):
            outside = value
            break
        inside = value
    else:
        return Shift()
    while abs(outside - inside) > tolerance:
        middle = (inside + outside) / 2
        if differs(middle):
            outside = middle
        else:
            inside = middle
    after = _top(ranking.scores_with(reweight(base, j, outside)), k)
    return Shift(weight=outside,
                 enters=tuple(str(ids[i]) for i in sorted(after - before)),
                 leaves=tuple(str(ids[i]) for i in sorted(before - after)))


def sensitivity(ranking: Ranking, top: int = DEFAULT_TOP) -> pd.DataFrame:
    """For each criterion, how far its weight must move before the first ``top`` sites change.

    One row per criterion: ``criterion, direction, weight``; for a fall of the weight
    (``down_*``) and a rise (``up_*``): the weight at which the set of the first ``top`` sites
    changes, the relative change ``(new - w) / w``, and the sites that enter and leave the set
    (blank where no weight in [0, 1] changes it). ``smallest`` is the smaller of the two
    relative changes in size. ``top`` is at most the number of sites less one.
    """
    k = max(1, min(top, len(ranking.scores) - 1))
    rows = []
    for j, criterion in enumerate(ranking.criteria):
        weight = float(ranking.weights.iloc[j])
        row: dict[str, Any] = {"criterion": criterion.name, "direction": criterion.direction,
                               "weight": weight, "top": k}
        sizes = []
        for side, target in (("down", 0.0), ("up", 1.0)):
            shift = first_shift(ranking, j, target, k)
            relative = (None if shift.weight is None or weight <= 0
                        else (shift.weight - weight) / weight)
            row[f"{side}_weight"] = shift.weight
            row[f"{side}_change"] = relative
            row[f"{side}_enters"] = ";".join(shift.enters)
            row[f"{side}_leaves"] = ";".join(shift.leaves)
            if relative is not None:
                sizes.append(abs(relative))
        row["smallest"] = min(sizes) if sizes else None
        rows.append(row)
    return pd.DataFrame(rows)
