"""How the hinterland problem is solved and studied, in four parts that import downwards only.

* :mod:`~hinterland.solvers.adapter`: the only code that talks to HiGHS: passing the model,
  statuses, the held model and warm re-solves, and the solve pipeline (checks, build, solve,
  layout, costs);
* :mod:`~hinterland.solvers.outputs`: what a result becomes: results folders written whole or
  not at all, the text report, PNG and GeoPackage maps, the HTML report;
* :mod:`~hinterland.solvers.studies`: many solves or measures answering one question: sweeps,
  frontiers, prices, diagnosis, robust choice, comparisons, rankings;
* the faces: :mod:`~hinterland.solvers.cli` (the ``hinterland`` command) and
  :mod:`~hinterland.solvers.api` (scripts and notebooks).

The adapter imports only :mod:`hinterland.model`; the outputs the model and the adapter (whose
results they write); the studies everything but the faces. ``tests/test_architecture.py``
holds the code to it.
"""
