"""What the hinterland layout problem is: instance, formulation, and evaluation of a layout.

This package never imports :mod:`solvers`; solving is the solvers' business.
"""

from model.errors import InstanceError, Problem
from model.evaluation import cost_breakdown, site_summary
from model.formulation import FormulationData, build_model
from model.instance import Instance
from model.layout import layout_from_model
from model.loading import load_instance
from model.prechecks import Finding, infeasibility_findings

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
