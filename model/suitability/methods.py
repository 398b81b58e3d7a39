"""Normalisation, weights and scores of a criteria table, as arrays.

**Normalisation.** Min-max, with the direction applied, gives each criterion's position
``r_ij = (x_ij - min_i x_ij) / (max_i x_ij - min_i x_ij)`` for ``more`` and
``r_ij = (max_i x_ij - x_ij) / (max_i x_ij - min_i x_ij)`` for ``less``: 1 at the best ranked
site, 0 at the worst. A criterion that does not vary among the ranked sites cannot separate
them: its positions are all 0.

**Methods.** With weights ``w_j >= 0`` adding up to 1:

* ``weights``: ``S_i = sum_j w_j r_ij`` with the instance's weights (equal weights when it gives
  none). The term ``w_j r_ij`` is criterion ``j``'s contribution; they add up to the score.
* ``entropy``: the same weighted sum with weights from the data: ``p_ij = r_ij / sum_i r_ij``,
  ``e_j = -(1/ln n) sum_i p_ij ln p_ij`` (with ``0 ln 0 = 0``), ``d_j = 1 - e_j`` and
  ``w_j = d_j / sum_j d_j``. A criterion on which the sites differ much (low entropy) weighs
  more; one on which they are alike weighs little. A constant criterion has ``d_j = 0``.
* ``topsis``: vector normalisation ``z_ij = x_ij / sqrt(sum_i x_ij^2)``, weighted values
  ``v_ij = w_j z_ij`` (the instance's weights, or the entropy weights when it gives none), the
  ideal ``A+_j`` (the best ``v_ij`` over the sites: the largest for ``more``, the smallest for
  ``less``) and the anti-ideal ``A-_j`` (the worst), the distances
  ``D+_i = sqrt(sum_j (v_ij - A+_j)^2)`` and ``D-_i = sqrt(sum_j (v_ij - A-_j)^2)``, and the
  closeness ``C_i = D-_i / (D+_i + D-_i)``: 1 at the ideal, 0 at the anti-ideal. A site's
  position between the two on one criterion, ``(v_ij - A-_j) / (A+_j - A-_j)``, is its min-max
  position ``r_ij``.

Every score lies in [0, 1]. Min-max and vector normalisation are both unchanged when a column is
multiplied by a positive number, and so are the rankings; a site that is no worse than another
on every criterion (and better on one) never ranks below it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def minmax_column(x: np.ndarray, more: bool) -> np.ndarray:
    """Min-max positions of one column in [0, 1], 1 at the best site; all 0 if constant."""
    low, high = float(np.min(x)), float(np.max(x))
    if high - low <= 0:
        return np.zeros_like(x, dtype=float)
    return (x - low) / (high - low) if more else (high - x) / (high - low)


def minmax(values: np.ndarray, more: np.ndarray) -> np.ndarray:
    """Positions ``r_ij`` in [0, 1], 1 at the best site of each column (see the module doc)."""
    x = np.asarray(values, dtype=float)
    return np.column_stack([minmax_column(x[:, j], bool(more[j])) for j in range(x.shape[1])])


def entropy_weights(normalised: np.ndarray) -> np.ndarray:
    """The entropy weights of the columns of ``normalised`` (non-negative, n >= 2 rows).

    ``p_ij = r_ij / sum_i r_ij``, ``e_j = -(1/ln n) sum_i p_ij ln p_ij`` (``0 ln 0 = 0``),
    ``d_j = 1 - e_j``, ``w_j = d_j / sum_j d_j``. A column of zeros has ``e_j = 1``. When no
    column carries information (every ``d_j = 0``) the weights are equal.
    """
    r = np.asarray(normalised, dtype=float)
    n, m = r.shape
    totals = r.sum(axis=0)
    entropy = np.ones(m)
    for j in range(m):
        if totals[j] > 0:
            p = r[:, j] / totals[j]
            p = p[p > 0]
            entropy[j] = float(-(p * np.log(p)).sum() / math.log(n))
    spread = np.clip(1.0 - entropy, 0.0, None)
    if spread.sum() <= 0:
        return np.full(m, 1.0 / m)
    return spread / spread.sum()


def weighted_sum(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``S_i = sum_j w_j r_ij``."""
    return np.asarray(normalised, dtype=float) @ np.asarray(weights, dtype=float)


@dataclass(frozen=True)
class Topsis:
    """The parts of a TOPSIS evaluation (see the module doc), as arrays."""

    weighted: np.ndarray
    ideal: np.ndarray
    anti_ideal: np.ndarray
    d_plus: np.ndarray
    d_minus: np.ndarray
    closeness: np.ndarray


def topsis(values: np.ndarray, more: np.ndarray, weights: np.ndarray) -> Topsis:
    """TOPSIS with vector normalisation: closeness ``C_i = D-_i / (D+_i + D-_i)``.

    A column whose values are all 0 stays 0. Where ``D+ + D- = 0`` (every site alike on every
    weighted criterion) the closeness is 0.5, as near the ideal as the anti-ideal.
    """
    x = np.asarray(values, dtype=float)
    norms = np.sqrt((x ** 2).sum(axis=0))
    z = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    v = z * np.asarray(weights, dtype=float)
    more = np.asarray(more, dtype=bool)
    ideal = np.where(more, v.max(axis=0), v.min(axis=0))
    anti = np.where(more, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return Topsis(v, ideal, anti, d_plus, d_minus, closeness)


def method_scores(method: str, values: np.ndarray, normalised: np.ndarray, more: np.ndarray,
                  weights: np.ndarray) -> np.ndarray:
    """The scores of ``method`` with the given weights (the weights are not recomputed)."""
    if method == "topsis":
        return topsis(values, more, weights).closeness
    return weighted_sum(normalised, weights)


def order(scores: np.ndarray) -> np.ndarray:
    """Site positions from best to worst; ties keep file order."""
    return np.argsort(-np.asarray(scores, dtype=float), kind="stable")
