"""``python -m hinterland``: the command line, as the ``hinterland`` command runs it."""

import sys

from hinterland.solvers.cli import main

sys.exit(main())
