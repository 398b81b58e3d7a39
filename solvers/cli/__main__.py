"""``python -m hinterland.solvers.cli``: the command line."""

import sys

from hinterland.solvers.cli import main

sys.exit(main())
