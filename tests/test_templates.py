"""Families built as Pyomo templates give the same rows as the ordinary construction.

Templates are used from :data:`hinterland.model.formulation.templates.TEMPLATE_ROWS` rows, which no
micro-instance reaches, so here the threshold is lowered to 0: every micro-instance is built
both ways and must hand HiGHS the identical matrix, bounds and costs, and solve to its
hand-derived optimum.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest

from hinterland.model import build_model, load_instance
from hinterland.model.formulation import templates
from hinterland.solvers.adapter.highs import HeldModel, SolverOptions
from tests.test_micro import MICRO, OPTIMA

EXACT = SolverOptions(log=False, mip_gap=0.0)
TEMPLATED = {"capacity_link", "min_scale", "open_link", "survival", "loss_excess_def"}


def _held(name: str, threshold: int, monkeypatch) -> HeldModel:
    monkeypatch.setattr(templates, "TEMPLATE_ROWS", threshold)
    return HeldModel(build_model(load_instance(MICRO / name)), EXACT)


def _templated_families(model: pyo.ConcreteModel) -> set[str]:
    found = set()
    for component in model.component_objects(pyo.Constraint, descend_into=True):
        rows = list(component.values())
        if rows and type(rows[0]).__name__ == "TemplateConstraintData":
            found.add(component.local_name)
    return found


@pytest.mark.parametrize("name", sorted(OPTIMA))
def test_templates_give_the_same_matrix_and_optimum(name: str, monkeypatch) -> None:
    ordinary = _held(name, 10**9, monkeypatch)
    templated = _held(name, 0, monkeypatch)
    assert _templated_families(ordinary.model) == set()
    built = _templated_families(templated.model)
    assert built <= TEMPLATED and "capacity_link" in built
    assert [v.name for v in templated.columns] == [v.name for v in ordinary.columns]
    a, b = ordinary.highs.getLp(), templated.highs.getLp()
    for field in ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)
    for field in ("start_", "index_", "value_"):
        np.testing.assert_array_equal(getattr(a.a_matrix_, field), getattr(b.a_matrix_, field),
                                      err_msg=field)
    result = templated.solve()
    assert result.objective == pytest.approx(OPTIMA[name][0], abs=1e-6)


def test_the_switch_is_restored_after_each_family(monkeypatch) -> None:
    import pyomo.core.base.constraint as pyomo_constraint

    _held("survival_k2", 0, monkeypatch)
    assert pyomo_constraint.TEMPLATIZE_CONSTRAINTS is False
