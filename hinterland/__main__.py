"""``python -m hinterland``: the command line, as the ``hinterland`` command runs it."""

import sys

from hinterland.solvers.cli import main

if __name__ == "__main__":
    sys.exit(main())
