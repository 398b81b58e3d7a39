"""Suitability of sites by the published criteria for hinterland locations, and their ranking.

The Chinese Social Sciences Today definition of the national strategic hinterland (CSSN,
2025-12-09; ``notes.md`` section 2) names six qualities of a hinterland location: strategic
depth, resource endowment, industrial base, transport location, economic scale and population
concentration. This package scores sites on those criteria, plus natural hazard, and ranks them
by the three methods of Chinese regional-science studies: a weighted sum with the planner's
weights, the entropy weight method, and TOPSIS. It is pure pandas and numpy; the layout model
uses it only where an instance sets ``min_suitability`` (:mod:`hinterland.model.eligibility`).

One module per job, each with its math in its docstring:

* :mod:`~hinterland.model.criteria` (beside this package, since reading instance.yaml needs
  it): what a criterion is, the default criteria, and the ``suitability`` section;
* :mod:`~hinterland.model.suitability.matrix`: the criteria evaluated at an instance's sites
  (columns, patterns, derived columns, and the checks of the cells);
* :mod:`~hinterland.model.suitability.methods`: min-max and vector normalisation, entropy weights,
  the weighted sum and TOPSIS, on arrays;
* :mod:`~hinterland.model.suitability.ranking`: the ranking of an instance's sites by one method;
* :mod:`~hinterland.model.suitability.sensitivity`: how far each weight must move before the first
  sites change.
"""

from __future__ import annotations

from hinterland.model.criteria import (
    CRITERION_KEYS,
    CRITERION_WORDS,
    DEFAULT_CRITERIA,
    DEFAULT_METHOD,
    DIRECTIONS,
    METHODS,
    NAME,
    SECTION_KEYS,
    SETTINGS_FILE,
    Criterion,
    KeyPath,
    KeyReader,
    SuitabilitySettings,
    read_suitability,
)
from hinterland.model.suitability.matrix import (
    DERIVED,
    LINE_COLUMN,
    CriteriaMatrix,
    check_criteria,
    criteria_matrix,
)
from hinterland.model.suitability.methods import (
    Topsis,
    entropy_weights,
    method_scores,
    minmax,
    minmax_column,
    order,
    topsis,
    weighted_sum,
)
from hinterland.model.suitability.ranking import (
    METHOD_WORDS,
    WEIGHT_WORDS,
    Ranking,
    rank_instance,
    rank_sites,
)
from hinterland.model.suitability.sensitivity import (
    DEFAULT_TOP,
    SCAN_STEPS,
    WEIGHT_TOLERANCE,
    Shift,
    first_shift,
    reweight,
    sensitivity,
)

__all__ = [
    "CRITERION_KEYS",
    "CRITERION_WORDS",
    "DEFAULT_CRITERIA",
    "DEFAULT_METHOD",
    "DEFAULT_TOP",
    "DERIVED",
    "DIRECTIONS",
    "LINE_COLUMN",
    "METHODS",
    "METHOD_WORDS",
    "NAME",
    "SCAN_STEPS",
    "SECTION_KEYS",
    "SETTINGS_FILE",
    "WEIGHT_TOLERANCE",
    "WEIGHT_WORDS",
    "CriteriaMatrix",
    "Criterion",
    "KeyPath",
    "KeyReader",
    "Ranking",
    "Shift",
    "SuitabilitySettings",
    "Topsis",
    "check_criteria",
    "criteria_matrix",
    "entropy_weights",
    "first_shift",
    "method_scores",
    "minmax",
    "minmax_column",
    "order",
    "rank_instance",
    "rank_sites",
    "read_suitability",
    "reweight",
    "sensitivity",
    "topsis",
    "weighted_sum",
]
