"""The ``hinterland`` command line: :func:`main` reads the arguments (:mod:`.arguments`), sets up
what the terminal shows (:mod:`.console`) and runs one command (:mod:`.commands`).

Exit status: 0 solved (optimal, or a layout at the time limit), 2 invalid input, 3 infeasible,
4 no layout found within the time limit, 1 solver failure or results that cannot be written.
"""

from __future__ import annotations

import logging

from hinterland.model import InstanceError
from hinterland.solvers.cli.arguments import DEFAULT_INSTANCE, parser
from hinterland.solvers.cli.commands import (
    COMMANDS,
    EXIT_BY_STATUS,
    EXIT_INFEASIBLE,
    EXIT_INVALID,
    EXIT_NO_SOLUTION,
    EXIT_OK,
    EXIT_SOLVER_ERROR,
)
from hinterland.solvers.cli.console import configure_logging
from hinterland.solvers.outputs.folders import OutputExistsError
from hinterland.solvers.outputs.html import ReportError
from hinterland.solvers.studies.sweep import SweepError

logger = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    configure_logging(quiet=args.quiet, verbose=args.verbose)
    try:
        return COMMANDS[args.command](args)
    except InstanceError as err:
        logger.error(f"hinterland: invalid instance\n{err.report()}")
        return EXIT_INVALID
    except (OutputExistsError, SweepError, ReportError) as err:
        logger.error(f"hinterland: {err}")
        return EXIT_INVALID
    except OSError as err:
        # A folder that cannot be written (permissions, a full disk): nothing was left behind.
        logger.error(f"hinterland: cannot write {err.filename or 'the results'}: "
                     f"{err.strerror or err}")
        return EXIT_SOLVER_ERROR


__all__ = ["DEFAULT_INSTANCE", "EXIT_BY_STATUS", "EXIT_INFEASIBLE", "EXIT_INVALID",
           "EXIT_NO_SOLUTION", "EXIT_OK", "EXIT_SOLVER_ERROR", "main", "parser"]
