"""Least cost of the province instance as its budget moves from 94% to 110% of today's.

Below about 94% of its budget the instance is infeasible; the table says so row by row.
Run: python scripts/budget_sweep.py  (same table as
`hinterland sweep instances/china-provinces --param budget=x0.94:1.1:9`).
"""

from pathlib import Path

from hinterland.model import load_instance
from hinterland.solvers.api import sweep

INSTANCE = Path(__file__).resolve().parents[1] / "instances" / "china-provinces"


def main():
    instance = load_instance(INSTANCE)
    table = sweep(instance, {"budget": "x0.94:1.1:9"}).table
    print(table[["budget", "budget_value", "status", "objective", "investment", "transport"]]
          .to_string(index=False))
    return table


if __name__ == "__main__":
    main()
