"""Solve the province instance under a scenario, with an extra override, and print the result.

Run: python scripts/solve_scenario.py [SCENARIO] [PATH=VALUE ...]
e.g. python scripts/solve_scenario.py strict_backups budget=x1.05
"""

import sys
from pathlib import Path

from hinterland.model import load_instance
from hinterland.solvers.api import solve

INSTANCE = Path(__file__).resolve().parents[1] / "instances" / "china-provinces"


def main(argv: list[str]):
    scenario = argv[0] if argv else "strict_backups"
    overrides = dict(arg.split("=", 1) for arg in argv[1:])
    result = solve(load_instance(INSTANCE), scenarios=[scenario], overrides=overrides)
    print(f"{scenario} {overrides or ''}: {result.status}, objective {result.objective}")
    for term, value in result.terms.items():
        print(f"  {term:12} {value:12,.2f}")
    if result.layout is not None:
        print(result.layout[result.layout["capacity"] > 0].to_string(index=False))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
