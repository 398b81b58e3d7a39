"""The hinterland layout MIP, one constraint family per module.

:func:`build_model` reads as the table of contents of the formulation; the math of each family
is in its module's docstring and in ``docs/formulation.md``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.balance import add_balance
from model.formulation.data import FormulationData
from model.formulation.investment import add_investment
from model.formulation.linking import add_linking
from model.formulation.objective import add_objective
from model.formulation.progression import add_progression
from model.formulation.province_survival import add_province_survival
from model.formulation.reach import add_reach
from model.formulation.redundancy import add_redundancy
from model.formulation.regional_balance import add_regional_balance
from model.formulation.requirement import add_requirement
from model.formulation.resources import add_resources
from model.formulation.survival import add_survival
from model.formulation.synergy import add_synergy
from model.formulation.totals import add_item_totals
from model.formulation.variables import add_variables
from model.instance import Instance

__all__ = ["FormulationData", "build_model"]


def build_model(instance: Instance, data: FormulationData | None = None) -> pyo.ConcreteModel:
    """Build the Pyomo model of ``instance`` (variables only for eligible pairs).

    ``data`` may be passed when the caller has already computed it from the same instance.
    """
    data = data if data is not None else FormulationData.from_instance(instance)
    m = pyo.ConcreteModel(name=instance.name)
    add_variables(m, data)
    add_requirement(m, data)
    add_linking(m, data)
    add_redundancy(m, data)
    add_item_totals(m, data)
    add_survival(m, data)
    add_province_survival(m, data)
    add_reach(m, data)
    add_progression(m, data)
    add_resources(m, data)
    add_investment(m, data)
    add_regional_balance(m, data)
    add_balance(m, data)
    add_synergy(m, data)
    add_objective(m, data)
    return m
