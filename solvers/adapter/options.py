"""HiGHS options by name: what is wrong with them, and their values in HiGHS's types.

Options reach HiGHS from instance.yaml (``solver.highs``), scenarios, the command line and the
API (:func:`hinterland.solvers.adapter.pipeline.solver_options` gathers them). Each is checked
here against HiGHS itself before anything is solved, so that a misspelt name or a refused
value is an error located where it was written, not a warning lost in the solver's log.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from typing import Any

import highspy

from hinterland.model.errors import Problem
from hinterland.solvers.adapter.highs import new_highs

#: HiGHS options hinterland sets itself, and what to use instead.
MANAGED_OPTIONS = {
    "time_limit": "the time limit (--time-limit, solver.time_limit)",
    "mip_rel_gap": "the gap (--gap, solver.mip_gap)",
    "output_flag": "--log (HiGHS's own log)",
    "log_to_console": "--log (HiGHS's own log)",
}


def option_problems(options: Iterable[tuple[str, Any, Problem]]) -> list[Problem]:
    """What is wrong with HiGHS options, each given as ``(name, value, where)``.

    ``where`` is a :class:`Problem` locating the option (file, line, key) whose ``expected``
    is replaced by what was wrong: an unknown name (with the nearest known one), an option
    hinterland sets itself (:data:`MANAGED_OPTIONS`), or a value HiGHS refuses.
    """
    options = list(options)
    if not options:  # the common case: no HiGHS instance to make
        return []
    problems = []
    scratch = new_highs(log=False)
    scratch.setOptionValue("output_flag", False)
    known = sorted(n for n in dir(scratch.getOptions()) if not n.startswith("_"))
    for name, value, where in options:
        def problem(expected: str, shown: Any = value, where: Problem = where) -> None:
            problems.append(Problem(where.file, expected, line=where.line,
                                    column=where.column, value=str(shown)))

        if name in MANAGED_OPTIONS:
            problem(f"an option hinterland does not set itself; use {MANAGED_OPTIONS[name]}",
                    name)
            continue
        status, kind = scratch.getOptionType(name)
        if status != highspy.HighsStatus.kOk:
            near = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            problem(f"a HiGHS option name{hint}; see "
                    "https://ergo-code.github.io/HiGHS/stable/options/definitions/", name)
            continue
        typed = option_value(kind, value)
        if typed is None or scratch.setOptionValue(name, typed) != highspy.HighsStatus.kOk:
            problem(f"a value HiGHS accepts for {name} ({_KIND_WORDS[kind]})")
    return problems


def typed_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` with each value converted to its HiGHS type (a string ``"4"`` to 4 for an
    integer option, ``True`` to ``"on"`` for a string option); call after
    :func:`option_problems` found nothing."""
    if not options:
        return {}
    scratch = new_highs(log=False)
    return {name: option_value(scratch.getOptionType(name)[1], value)
            for name, value in options.items()}


_KIND_WORDS = {
    highspy.HighsOptionType.kBool: "true or false",
    highspy.HighsOptionType.kInt: "a whole number",
    highspy.HighsOptionType.kDouble: "a number",
    highspy.HighsOptionType.kString: "a word such as on, off or choose",
}
_TRUE, _FALSE = ("true", "on", "yes", "1"), ("false", "off", "no", "0")


def option_value(kind: highspy.HighsOptionType, value: Any) -> bool | int | float | str | None:
    """``value`` (from YAML, Python or the command line's text) as HiGHS's type, or None.

    YAML reads ``on`` and ``off`` as booleans, so a boolean given to a string option (such as
    ``presolve: off``) becomes ``"on"`` or ``"off"``.
    """
    text = value.strip().lower() if isinstance(value, str) else None
    if kind == highspy.HighsOptionType.kBool:
        if isinstance(value, bool):
            return value
        return True if text in _TRUE else False if text in _FALSE else None
    if kind == highspy.HighsOptionType.kInt:
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        try:
            return int(text) if text is not None else None
        except ValueError:
            return None
    if kind == highspy.HighsOptionType.kDouble:
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            return float(value)
        try:
            number = float(text) if text is not None else None
        except ValueError:
            return None
        return None if number is None or math.isnan(number) else number
    if isinstance(value, bool):
        return "on" if value else "off"
    return value if isinstance(value, str) else str(value) if isinstance(
        value, (int, float)) else None
