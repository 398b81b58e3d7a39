"""The ranking of an instance's sites by one method of :mod:`hinterland.model.suitability.methods`.

:func:`rank_sites` chooses the weights (the instance's, the entropy weights or equal ones),
scores the sites of a criteria matrix (:mod:`hinterland.model.suitability.matrix`) and orders them
best first; :func:`rank_instance` evaluates the instance's criteria and ranks them in one call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from hinterland.model.criteria import METHODS, SETTINGS_FILE, Criterion
from hinterland.model.suitability.matrix import CriteriaMatrix, criteria_matrix
from hinterland.model.suitability.methods import (
    Topsis,
    entropy_weights,
    method_scores,
    minmax,
    order,
    topsis,
    weighted_sum,
)

if TYPE_CHECKING:
    from hinterland.model.instance import Instance


#: Each ranking method (``Ranking.method``) in words, for tables and maps.
METHOD_WORDS = {
    "topsis": "TOPSIS (vector normalisation, closeness to the ideal)",
    "entropy": "entropy weight method (weighted sum of min-max positions)",
    "weights": "weighted sum of min-max positions",
}
#: Where a ranking's weights came from (``Ranking.weight_source``), in words.
WEIGHT_WORDS = {
    "entropy": "entropy weights, from the data",
    "equal": "equal weights (instance.yaml gives none)",
    "instance.yaml": "the weights of instance.yaml",
}


@dataclass(frozen=True)
class Ranking:
    """The ranking of an instance's sites by one method.

    ``table`` has one row per ranked site, best first: ``rank, site_id, name, province,
    region, score`` (and ``d_plus, d_minus`` for TOPSIS). ``positions`` holds ``r_ij`` and
    ``contributions`` holds ``w_j r_ij`` for the additive methods and ``v_ij`` for TOPSIS
    (both sites x criteria, file order). ``weight_source`` says where the weights came from:
    ``instance.yaml``, ``entropy`` or ``equal``.
    """

    matrix: CriteriaMatrix
    method: str
    weights: pd.Series
    weight_source: str
    positions: pd.DataFrame
    contributions: pd.DataFrame
    scores: pd.Series
    table: pd.DataFrame
    topsis: Topsis | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """The criteria the sites are ranked on."""
        return self.matrix.criteria

    def scores_with(self, weights: np.ndarray) -> np.ndarray:
        """The scores (file order) with other weights, everything else unchanged."""
        return method_scores(self.method, self.matrix.values.to_numpy(dtype=float),
                             self.positions.to_numpy(dtype=float), self.matrix.more, weights)


def rank_sites(matrix: CriteriaMatrix, method: str | None = None) -> Ranking:
    """Rank the sites of ``matrix`` by ``method`` (default: the instance's method).

    Weights: the instance's for ``weights`` (equal when it gives none) and ``topsis`` (entropy
    weights when it gives none); always the entropy weights for ``entropy``.
    """
    method = method or matrix.method
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    names = [c.name for c in matrix.criteria]
    x = matrix.values.to_numpy(dtype=float)
    r = minmax(x, matrix.more)
    notes = list(matrix.notes)
    if method == "entropy" or (method == "topsis" and matrix.weights is None):
        w = entropy_weights(r)
        source = "entropy"
        if method == "entropy" and matrix.weights is not None:
            notes.append("the entropy method derives its weights from the data; the weights "
                         "of instance.yaml are not used")
    elif matrix.weights is not None:
        w = matrix.weights.reindex(names).to_numpy(dtype=float)
        source = SETTINGS_FILE
    else:
        w = np.full(len(names), 1.0 / len(names))
        source = "equal"
    index = matrix.values.index
    positions = pd.DataFrame(r, index=index, columns=names)
    parts = None
    if method == "topsis":
        parts = topsis(x, matrix.more, w)
        scores = parts.closeness
        contributions = pd.DataFrame(parts.weighted, index=index, columns=names)
    else:
        scores = weighted_sum(r, w)
        contributions = pd.DataFrame(r * w, index=index, columns=names)
    score = pd.Series(scores, index=index, name="score")
    best_first = order(scores)
    table = matrix.sites.iloc[best_first].copy()
    ranks = score.rank(method="min", ascending=False).astype(int)
    table.insert(0, "rank", ranks.iloc[best_first].to_numpy())
    table["score"] = scores[best_first]
    if parts is not None:
        table["d_plus"] = parts.d_plus[best_first]
        table["d_minus"] = parts.d_minus[best_first]
    return Ranking(matrix=matrix, method=method, weights=pd.Series(w, index=names),
                   weight_source=source, positions=positions, contributions=contributions,
                   scores=score, table=table.reset_index(drop=True), topsis=parts,
                   notes=tuple(notes))


def rank_instance(instance: Instance, method: str | None = None,
                  include_all: bool = False) -> Ranking:
    """Evaluate the criteria of ``instance`` and rank its sites (see :func:`rank_sites`)."""
    return rank_sites(criteria_matrix(instance, include_all=include_all), method)
