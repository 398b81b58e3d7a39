"""Errors a user can act on.

Every problem found in an instance is a :class:`Problem` that names the file, the line, the
column, the offending value and what was expected. Loading collects all of them and raises one
:class:`InstanceError`, so a planner fixes a file in one pass instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an instance, located as precisely as the input allows.

    ``line`` is the 1-based line of a CSV file (the header is line 1) or of a YAML file.
    """

    file: str
    expected: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    row_id: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}" + (f" ({self.row_id})" if self.row_id else ""))
        if self.column:
            label = "key" if self.file.endswith((".yaml", ".yml")) else "column"
            where.append(f"{label} '{self.column}'")
        got = f"got {self.value!r}; " if self.value is not None else ""
        return f"{', '.join(where)}: {got}expected {self.expected}"


class InstanceError(Exception):
    """An instance that cannot be used as written; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the instance:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])
