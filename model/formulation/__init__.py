"""The hinterland layout MIP, one constraint family per module.

:func:`build_model` reads as the table of contents of the formulation; the math of each family
is in its module's docstring and in ``docs/formulation.md``.
"""

from __future__ import annotations

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from hinterland.model.formulation.balance import add_balance
from hinterland.model.formulation.commitments import add_commitments
from hinterland.model.formulation.core_sites import add_core_sites
from hinterland.model.formulation.data import FormulationData, period_data
from hinterland.model.formulation.existing import add_existing
from hinterland.model.formulation.investment import add_investment
from hinterland.model.formulation.linking import add_linking
from hinterland.model.formulation.objective import add_terms, weighted_objective
from hinterland.model.formulation.plan import build_plan_model
from hinterland.model.formulation.progression import add_progression
from hinterland.model.formulation.province_survival import add_province_survival
from hinterland.model.formulation.reach import add_reach
from hinterland.model.formulation.redundancy import add_redundancy
from hinterland.model.formulation.regional_balance import add_regional_balance
from hinterland.model.formulation.requirement import add_requirement
from hinterland.model.formulation.resources import add_resources
from hinterland.model.formulation.survival import add_survival
from hinterland.model.formulation.synergy import add_synergy
from hinterland.model.formulation.totals import add_item_totals
from hinterland.model.formulation.variables import add_variables
from hinterland.model.instance import Instance

__all__ = ["FAMILIES", "FormulationData", "build_model", "period_data"]


#: The constraint families of one period, in build order.
FAMILIES = (
    add_variables,
    add_requirement,
    add_linking,
    add_core_sites,
    add_redundancy,
    add_item_totals,
    add_survival,
    add_province_survival,
    add_reach,
    add_progression,
    add_resources,
    add_commitments,
    add_existing,
    add_investment,
    add_regional_balance,
    add_balance,
    add_synergy,
    add_terms,
)


def build_model(instance: Instance,
                data: FormulationData | dict[str, FormulationData] | None = None
                ) -> pyo.ConcreteModel:
    """Build the Pyomo model of ``instance`` (variables only for eligible pairs).

    An instance with plan periods gets one block per period (:mod:`.plan`). ``data`` may be
    passed when the caller has already computed it from the same instance: its
    ``FormulationData``, or for a plan each period's (:func:`.data.period_data`).

    Python's cyclic garbage collector is paused while the model is built, as Pyomo's own
    writers do: the build makes several objects per row and frees almost none, so every
    collection walks an ever larger heap for nothing. At 800 sites that took half the build
    (0.70 s against 0.35 s paused); the objects are freed as usual afterwards.
    """
    with PauseGC():
        if instance.periods:
            return build_plan_model(instance, FAMILIES,
                                    data if isinstance(data, dict) else None)
        if not isinstance(data, FormulationData):
            data = FormulationData.from_instance(instance)
        m = pyo.ConcreteModel(name=instance.name)
        for add_family in FAMILIES:
            add_family(m, data)
        m.total_cost = pyo.Objective(expr=weighted_objective(m, data), sense=pyo.minimize)
        return m
