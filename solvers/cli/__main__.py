"""``python -m hinterland.solvers.cli``: the command line."""

import sys

from hinterland.solvers.cli import main

if __name__ == "__main__":
    sys.exit(main())
