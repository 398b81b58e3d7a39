"""hinterland: spatial optimisation of China's national strategic hinterland layout.

The package is in two parts, installed under this one name:

* :mod:`hinterland.model` says what the problem is: the instance (loading, validation,
  settings, scenarios), the formulation (one module per constraint family) and the yardstick
  of any layout (evaluation, comparison, suitability);
* :mod:`hinterland.solvers` says how it is solved and studied: the HiGHS adapter, the
  outputs, the studies and the faces (the command line and this API).

For scripts and notebooks::

    import hinterland as hl

    instance = hl.load_instance("china-provinces")  # bundled (hl.bundled_instances()) or a folder
    result = hl.solve(instance, overrides={"budget": "x0.95"})
    result.site_summary, result.evaluation.violations, result.plot(), result.compare()
    runs = hl.sweep(instance, {"budget": "x0.94:1.1:9"})
    runs.table, runs.to_xarray()

See docs/tutorial.md and docs/api.md.
"""

from importlib import metadata

from hinterland.model import Instance, InstanceError, Problem, load_instance
from hinterland.model.bundled import bundled_instances
from hinterland.solvers.api import Result, SweepResult, evaluate, solve, sweep

try:
    #: The installed version, derived from git when the package was built (setuptools-scm).
    __version__ = metadata.version("hinterland")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["Instance", "InstanceError", "Problem", "Result", "SweepResult", "__version__",
           "bundled_instances", "evaluate", "load_instance", "solve", "sweep"]
