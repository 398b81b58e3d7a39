"""What the hinterland layout problem is: instance, formulation, and evaluation of a layout.

This package never imports :mod:`solvers`; solving is the solvers' business.
"""

from hinterland.model.errors import InstanceError, Problem
from hinterland.model.evaluation import site_summary
from hinterland.model.formulation import FormulationData, build_model
from hinterland.model.instance import Instance
from hinterland.model.layout import layout_from_model
from hinterland.model.loading import load_instance
from hinterland.model.prechecks import Finding, infeasibility_findings
from hinterland.model.pricing import cost_breakdown

__all__ = [
    "Finding",
    "FormulationData",
    "Instance",
    "InstanceError",
    "Problem",
    "build_model",
    "cost_breakdown",
    "infeasibility_findings",
    "layout_from_model",
    "load_instance",
    "site_summary",
]
