"""OR-Library capacitated warehouse location problems as hinterland instances.

The OR-Library "cap" instances (J.E. Beasley, "OR-Library: distributing test problems by
electronic mail", J. Oper. Res. Soc. 41 (1990) 1069-1072;
http://people.brunel.ac.uk/~mastjjb/jeb/orlib/capinfo.html) are capacitated facility location
problems with splittable demand: open facilities (each with a fixed cost and a capacity) and
serve every customer's demand from them, possibly from several, at least total cost.

The "cap" file format is a stream of whitespace-separated numbers (line breaks carry no
meaning; the cost lines of a customer wrap over several lines):

* ``m n``: the number of facilities and of customers;
* ``m`` times ``capacity fixed_cost``. In capa, capb and capc the capacity is the literal word
  ``capacity``, to be replaced by a value chosen by the caller (each of those instances is
  published with optima for several capacities);
* ``n`` times: the customer's ``demand``, then ``m`` numbers, the cost of serving **all** of
  that customer's demand from facility 1..m.

The hinterland model charges ``transport_cost * km * capacity`` for the capacity an item holds at
a site, so a customer j becomes an item whose demand is the customer's demand, and the
"distance" from facility i to the customer's own centre is the per-unit cost
``cost[j][i] / demand[j]``. Serving a share ``z`` of the demand then costs
``km * z * demand = z * cost[j][i]``, exactly the OR-Library objective. See
:func:`write_instance` for the full column mapping.

Command line (from the repository root)::

    python -m benchmarks.orlib benchmarks/data/orlib/cap41.txt instances/orlib-cap41
    python -m benchmarks.orlib capa.txt out/capa-8000 --capacity 8000
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

#: The placeholder capa, capb and capc use instead of a capacity value.
CAPACITY_WORD = "capacity"

#: Neutral value for the province and region columns (the benchmark has no geography).
NEUTRAL_PLACE = "orlib"

#: The resource that carries the facilities' capacities (``cap_<r>`` / ``use_<r>`` columns).
RESOURCE = "capacity"

CITATION = (
    "J.E. Beasley, OR-Library: distributing test problems by electronic mail, "
    "J. Oper. Res. Soc. 41 (1990) 1069-1072; "
    "http://people.brunel.ac.uk/~mastjjb/jeb/orlib/capinfo.html"
)

#: The files :func:`write_instance` writes into an instance folder.
INSTANCE_FILES = ("instance.yaml", "sites.csv", "items.csv", "centres.csv", "distances.csv")


class OrlibFormatError(ValueError):
    """The text is not a well-formed OR-Library "cap" problem."""


@dataclass(frozen=True)
class OrlibProblem:
    """One OR-Library capacitated warehouse location problem, as read from its file.

    Facilities are indexed ``i = 0..m-1`` and customers ``j = 0..n-1`` in file order.
    ``costs[j][i]`` is the cost of serving all of customer j's demand from facility i.
    ``capacity_given`` is the value that replaced the word ``capacity`` (None if the file
    gave every capacity as a number).
    """

    source: str
    capacities: tuple[float, ...]
    fixed_costs: tuple[float, ...]
    demands: tuple[float, ...]
    costs: tuple[tuple[float, ...], ...]
    capacity_given: float | None = None

    @property
    def n_facilities(self) -> int:
        return len(self.capacities)

    @property
    def n_customers(self) -> int:
        return len(self.demands)

    def facility_ids(self) -> list[str]:
        """Site ids ``f01``, ``f02``, ... (zero-padded to at least two digits)."""
        width = max(2, len(str(self.n_facilities)))
        return [f"f{i + 1:0{width}d}" for i in range(self.n_facilities)]

    def customer_ids(self) -> list[str]:
        """Item (and centre) ids ``c001``, ``c002``, ... (at least three digits)."""
        width = max(3, len(str(self.n_customers)))
        return [f"c{j + 1:0{width}d}" for j in range(self.n_customers)]

    def unit_cost(self, customer: int, facility: int) -> float:
        """Cost per unit of demand of serving ``customer`` from ``facility``.

        A customer with zero demand never receives capacity, so its cost line is irrelevant;
        its unit cost is defined as 0.
        """
        demand = self.demands[customer]
        if demand == 0:
            return 0.0
        return self.costs[customer][facility] / demand


def _tokens(text: str) -> Iterator[tuple[int, str]]:
    """Every whitespace-separated token of ``text`` with its 1-based line number."""
    for number, line in enumerate(text.splitlines(), start=1):
        for token in line.split():
            yield number, token


class _Reader:
    """Takes numbers one at a time from a token stream, with errors naming the line."""

    def __init__(self, text: str, source: str):
        self.tokens = _tokens(text)
        self.source = source
        self.line = 0

    def error(self, message: str) -> OrlibFormatError:
        where = f"{self.source}, line {self.line}" if self.line else self.source
        return OrlibFormatError(f"{where}: {message}")

    def take(self, what: str) -> str:
        try:
            self.line, token = next(self.tokens)
        except StopIteration:
            raise self.error(f"file ends where {what} was expected") from None
        return token

    def number(self, what: str, token: str | None = None) -> float:
        token = self.take(what) if token is None else token
        try:
            value = float(token)
        except ValueError:
            raise self.error(f"expected {what} (a number), got {token!r}") from None
        if not math.isfinite(value) or value < 0:
            raise self.error(f"expected {what} as a finite number >= 0, got {token!r}")
        return value

    def count(self, what: str) -> int:
        token = self.take(what)
        if not token.isdigit() or int(token) == 0:
            raise self.error(f"expected {what} (a whole number > 0), got {token!r}")
        return int(token)

    def finish(self) -> None:
        for line, token in self.tokens:
            self.line = line
            raise self.error(f"unexpected text after the last customer: {token!r}")


def parse_orlib(text: str, capacity: float | None = None, source: str = "<text>") -> OrlibProblem:
    """Parse the text of an OR-Library "cap" file (see the module docstring for the format).

    ``capacity`` replaces the word ``capacity`` where the file has it (capa, capb, capc).
    Raises :class:`OrlibFormatError` when the text is malformed, when the file has the word
    but no ``capacity`` is given, or when ``capacity`` is given but the file has no
    placeholder (silently ignoring it would solve a different problem than the one asked for).
    """
    if capacity is not None and not (math.isfinite(capacity) and capacity >= 0):
        raise ValueError(f"capacity must be a finite number >= 0, got {capacity!r}")
    reader = _Reader(text, source)
    m = reader.count("the number of facilities")
    n = reader.count("the number of customers")
    capacities: list[float] = []
    fixed_costs: list[float] = []
    placeholder = False
    for i in range(1, m + 1):
        token = reader.take(f"the capacity of facility {i}")
        if token.lower() == CAPACITY_WORD:
            if capacity is None:
                raise reader.error(
                    f"facility {i} has the placeholder {CAPACITY_WORD!r}; pass the capacity "
                    "to use (e.g. --capacity 8000)")
            placeholder = True
            capacities.append(float(capacity))
        else:
            capacities.append(reader.number(f"the capacity of facility {i}", token))
        fixed_costs.append(reader.number(f"the fixed cost of facility {i}"))
    if capacity is not None and not placeholder:
        raise OrlibFormatError(
            f"{source}: a capacity ({capacity:g}) was given but every facility's capacity is "
            "a number in the file; leave the capacity out")
    demands: list[float] = []
    costs: list[tuple[float, ...]] = []
    for j in range(1, n + 1):
        demands.append(reader.number(f"the demand of customer {j}"))
        costs.append(tuple(
            reader.number(f"the cost of serving customer {j} from facility {i}")
            for i in range(1, m + 1)
        ))
    reader.finish()
    return OrlibProblem(
        source=source,
        capacities=tuple(capacities),
        fixed_costs=tuple(fixed_costs),
        demands=tuple(demands),
        costs=tuple(costs),
        capacity_given=float(capacity) if placeholder and capacity is not None else None,
    )


def read_orlib(path: str | Path, capacity: float | None = None) -> OrlibProblem:
    """Read the OR-Library "cap" file at ``path`` (see :func:`parse_orlib`)."""
    path = Path(path)
    return parse_orlib(path.read_text(encoding="utf-8"), capacity=capacity, source=path.name)


def _number(value: float) -> str:
    """A float as text that reads back to exactly the same float (shortest repr)."""
    return repr(float(value))


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _settings(problem: OrlibProblem, name: str) -> dict[str, object]:
    capacity = (
        f" Facility capacities are the placeholder 'capacity' set to {problem.capacity_given:g}."
        if problem.capacity_given is not None else ""
    )
    description = (
        f"OR-Library capacitated warehouse location problem {problem.source} "
        f"({problem.n_facilities} facilities, {problem.n_customers} customers, splittable "
        f"demand), from {CITATION}. Facilities are sites (open_cost = fixed cost, cap_capacity "
        "= capacity); customers are items with their own centre; distances.csv holds the cost "
        "per unit of demand (OR-Library cost / demand), not a distance. Geography columns are "
        f"neutral placeholders.{capacity}"
    )
    return {
        "name": name,
        "description": description,
        "units": "OR-Library cost units (money) and demand units (capacity)",
        "horizon_years": 1,
        "solver": {"mip_gap": 1e-9},
    }


def write_instance(
    problem: OrlibProblem, folder: str | Path, name: str, *, overwrite: bool = False
) -> Path:
    """Write ``problem`` as a hinterland instance folder and return the folder.

    Mapping (every other column keeps the format's default):

    * each facility i is a site ``f01``...: ``open_cost`` = fixed cost, ``cap_capacity`` =
      capacity, ``hinterland`` true, ``cost_index`` 1; ``province``/``region`` are
      ``orlib`` and ``hazard``, ``coast_km``, ``border_km`` are 0 (neutral placeholders: the
      benchmark has no geography, and no item sets a threshold on them); lon/lat are blank;
    * each customer j is an item ``c001``... (task ``reserve``) with ``demand`` = its demand,
      ``min_scale`` 0, ``max_share`` 1 and ``min_sites`` 1 (demand may be split freely),
      ``survive_share`` 0, no fixed/capex/opex cost, ``transport_cost`` 1, ``use_capacity``
      1 and ``serves`` = its own centre (same id as the item);
    * each customer has one centre with blank lon/lat;
    * ``distances.csv`` gives, for every facility and customer, ``km`` = cost / demand (the
      cost per unit of demand), written as the float's shortest repr so it reads back exactly;
    * ``instance.yaml``: name, description (with the citation), units, ``horizon_years`` 1 and
      ``solver: {mip_gap: 1e-9}`` so that the solver proves the optimum, not a 0.01% gap.

    A customer with demand 0 is kept (so ids match the file) but gets ``min_sites`` 0 and
    ``km`` 0 to every facility: it needs no capacity, its per-unit cost is undefined and its
    cost line cannot affect any solution; ``min_sites`` 1 would force it to be "hosted"
    somewhere for nothing.

    The folder is created if needed. Raises :class:`FileExistsError` if it already holds one of
    the instance files, unless ``overwrite``; other files in it (a README.md) are left alone.
    """
    folder = Path(folder)
    existing = [f for f in INSTANCE_FILES if (folder / f).exists()]
    if existing and not overwrite:
        raise FileExistsError(
            f"{folder} already holds {', '.join(existing)}; choose another folder or overwrite")
    folder.mkdir(parents=True, exist_ok=True)

    sites = problem.facility_ids()
    customers = problem.customer_ids()
    _write_csv(
        folder / "sites.csv",
        ["site_id", "name", "province", "region", "lon", "lat", "hinterland", "cost_index",
         "hazard", "coast_km", "border_km", "open_cost", f"cap_{RESOURCE}"],
        [
            [site, f"facility {i + 1}", NEUTRAL_PLACE, NEUTRAL_PLACE, "", "", "true", "1", "0",
             "0", "0", _number(problem.fixed_costs[i]), _number(problem.capacities[i])]
            for i, site in enumerate(sites)
        ],
    )
    _write_csv(
        folder / "items.csv",
        ["item_id", "name", "task", "demand", "min_scale", "max_share", "min_sites",
         "survive_share", "fixed_cost", "unit_capex", "unit_opex", "transport_cost", "serves",
         f"use_{RESOURCE}"],
        [
            [item, f"customer {j + 1}", "reserve", _number(problem.demands[j]), "0", "1",
             "1" if problem.demands[j] > 0 else "0", "0", "0", "0", "0", "1", item, "1"]
            for j, item in enumerate(customers)
        ],
    )
    _write_csv(
        folder / "centres.csv",
        ["centre_id", "name", "lon", "lat"],
        [[centre, f"customer {j + 1}", "", ""] for j, centre in enumerate(customers)],
    )
    _write_csv(
        folder / "distances.csv",
        ["site_id", "centre_id", "km"],
        [
            [site, centre, _number(problem.unit_cost(j, i))]
            for i, site in enumerate(sites)
            for j, centre in enumerate(customers)
        ],
    )
    header = (
        f"# Generated by benchmarks/orlib.py from OR-Library {problem.source} "
        "(J.E. Beasley, public benchmark data).\n"
        "# Regenerate rather than edit by hand.\n"
    )
    body = yaml.safe_dump(_settings(problem, name), sort_keys=False, width=96)
    (folder / "instance.yaml").write_text(header + body, encoding="utf-8")
    return folder


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m benchmarks.orlib",
        description="Convert an OR-Library capacitated warehouse location file (cap41.txt, "
                    "capa.txt, ...) into a hinterland instance folder.",
    )
    cli.add_argument("source", type=Path, help="OR-Library file, e.g. cap41.txt")
    cli.add_argument("out", type=Path, help="instance folder to write")
    cli.add_argument("--capacity", type=float, default=None, metavar="C",
                     help="capacity replacing the word 'capacity' (capa, capb, capc only)")
    cli.add_argument("--name", default=None,
                     help="instance name (default: orlib-<file stem>[-<capacity>])")
    cli.add_argument("--force", action="store_true",
                     help="overwrite the instance files if the folder already has them")
    return cli


def main(argv: list[str] | None = None) -> int:
    """Run the converter; returns the exit status (0 written, 2 bad input or folder taken)."""
    args = parser().parse_args(argv)
    try:
        problem = read_orlib(args.source, capacity=args.capacity)
        name = args.name
        if name is None:
            suffix = f"-{args.capacity:g}" if args.capacity is not None else ""
            name = f"orlib-{args.source.stem}{suffix}"
        folder = write_instance(problem, args.out, name, overwrite=args.force)
    except (OSError, ValueError) as err:
        print(f"orlib: {err}", file=sys.stderr)
        return 2
    print(f"{folder}: {name}, {problem.n_facilities} facilities, {problem.n_customers} "
          "customers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
