"""Large per-pair constraint families as Pyomo templates.

A constraint family such as ``x[s,k] <= U[s,k] * y[s,k]`` over every eligible pair normally
costs one Pyomo expression per row, built by the rule and then walked back into coefficients
by the standard-form compiler: about 30 us a row, most of the build at thousands of sites.
Pyomo can instead keep one *template* of the rule per component and let the compiler expand
it over the index set, reading the coefficients from ``Param`` components (the rules of these
families use Params, not Python dicts, for that reason). The rows are the same, row for row;
measured in ``benchmarks/`` (prototype ``templates``), the families affected build 56-70%
faster and the model holds far fewer objects.

The switch is Pyomo's module flag ``TEMPLATIZE_CONSTRAINTS``, read when a constraint is
constructed; :func:`templated` sets it for one family and restores it. A rule that cannot be
templated falls back to the ordinary construction inside Pyomo. Templates have a fixed cost
(the first one in a process most): at prefecture scale, some 5,000 rows in these families, a
fresh ``hinterland solve`` measured 0.03 s slower with them, so families of fewer than
:data:`TEMPLATE_ROWS` rows are built the ordinary way. Reading ``.body`` of a templated row
rebuilds its expression, which is fine for the few rows any caller reads.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pyomo.core.base.constraint as pyomo_constraint

#: Families with at least this many rows are built as templates.
TEMPLATE_ROWS = 10_000

# Expanding a template reads the Params through ``Param.extract_values_sparse``, which Pyomo
# 6.10 reports as deprecated on every call; the message concerns Pyomo's own internals.
_PARAM_LOGGER = logging.getLogger("pyomo.core.base.param")


class _DropDeprecation(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "sparse_iteritems" not in record.getMessage()


_PARAM_LOGGER.addFilter(_DropDeprecation())


@contextmanager
def templated(rows: int) -> Iterator[None]:
    """Constraints constructed inside are templates when ``rows >= TEMPLATE_ROWS``."""
    saved = pyomo_constraint.TEMPLATIZE_CONSTRAINTS
    pyomo_constraint.TEMPLATIZE_CONSTRAINTS = rows >= TEMPLATE_ROWS
    try:
        yield
    finally:
        pyomo_constraint.TEMPLATIZE_CONSTRAINTS = saved
