"""What the command line shows: results on stdout, the ``hinterland`` logger on stderr.

Library code never prints; it logs through loggers under ``hinterland`` (progress lines of long
solves, sweeps and frontiers, notes on the instance, warnings) and returns its reports as text.
The command line prints the reports and gives the logger one handler on stderr, at the level
its options ask for: ``--quiet`` shows only warnings (notes included), the default adds
progress, ``-v`` adds the steps of each solve.
"""

from __future__ import annotations

import logging
import sys

LOGGER = logging.getLogger("hinterland")


class _Stderr(logging.Handler):
    """Writes each record's message to the ``sys.stderr`` of the moment (tests replace it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(self.format(record), file=sys.stderr, flush=True)
        except Exception:  # a closed stream must not end the command
            self.handleError(record)


def configure_logging(quiet: bool = False, verbose: int = 0) -> None:
    """Show the ``hinterland`` logger on stderr: warnings with ``quiet``, progress by
    default, every step with ``verbose``; replaces what an earlier call set."""
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    for handler in [h for h in LOGGER.handlers if isinstance(h, _Stderr)]:
        LOGGER.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
    LOGGER.propagate = False


def show(text: str) -> None:
    """A report's text on stdout, if it has any."""
    if text:
        print(text, flush=True)


def notes(instance_notes: tuple[str, ...] | list[str]) -> None:
    """Notes on the instance (what loading changed or suspects), as warnings."""
    for note in instance_notes:
        LOGGER.warning(f"note: {note}")
