"""The arguments of the ``hinterland`` command: every subcommand, its options and their types.

Every argument is checked here, so that a mistyped number or name ends with a usage line and
exit status 2 before anything is loaded or solved.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from hinterland.model.suitability import DEFAULT_TOP, METHODS
from hinterland.solvers.studies import pareto as frontiers
from hinterland.solvers.studies import sweep as sweeps

#: The bundled instance solved when none is named.
DEFAULT_INSTANCE = "china-provinces"
#: An instance argument is kept as typed: a name (a bundled instance) or a path.
INSTANCE_HELP = "instance folder, or the name of a bundled instance (hinterland instances)"


def version() -> str:
    """The installed version (derived from git when it was built)."""
    try:
        return metadata.version("hinterland")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="hinterland",
        description="Optimise the layout of strategic reserves, industry backups and "
                    "new-quality industries across hinterland sites.",
    )
    root.add_argument("--version", action="version", version=f"hinterland {version()}")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = _common()

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=text, parents=[common])

    command("instances", "list the instances that ship with hinterland (solve them by name: "
            "hinterland solve china-prefectures)")

    validate = command("validate", "check an instance folder and report every problem")
    validate.add_argument("instance", help=INSTANCE_HELP)

    solve = command("solve", "solve an instance and write its results")
    solve.add_argument("instance", nargs="?", default=None,
                       help=f"instance folder or bundled instance name (default: "
                            f"{DEFAULT_INSTANCE})")
    solve.add_argument("--scenario", type=_names, default=[], metavar="NAME[,NAME...]",
                       help="apply scenarios of the instance's scenarios.yaml, in this order")
    _out_option(solve)
    _solver_options(solve)
    _report_option(solve)

    evaluate = command("evaluate", "measure a layout against an instance")
    evaluate.add_argument("instance", help=INSTANCE_HELP)
    evaluate.add_argument("layout", type=Path,
                          help="layout CSV (site_id, item_id, capacity) or a results folder")
    evaluate.add_argument("--json", action="store_true",
                          help="print one JSON object instead of tables")

    compare = command("compare", "set today's layout beside the optimum: tables and maps")
    compare.add_argument("instance", help=INSTANCE_HELP)
    compare.add_argument("--current", type=Path, default=None, metavar="FILE",
                         help="today's layout (default: the instance's current_layout.csv)")
    compare.add_argument("--layout", type=Path, default=None, metavar="RESULTS_DIR_OR_FILE",
                         help="the layout to compare with (default: solve the instance)")
    _out_option(compare)
    _solver_options(compare)
    _report_option(compare)

    pareto = command("pareto", "trace the frontier between cost and risk or regional balance "
                     "(epsilon-constraint)")
    pareto.add_argument("instance", help=INSTANCE_HELP)
    pareto.add_argument("--objectives", type=frontiers.objectives_argument, required=True,
                        metavar="cost,risk|cost,balance", help="the two terms traded off")
    pareto.add_argument("--points", type=at_least(2), default=frontiers.DEFAULT_POINTS,
                        metavar="N",
                        help=f"points on the frontier, both ends included (default "
                             f"{frontiers.DEFAULT_POINTS}); each is a full solve, the limits "
                             "below apply to each solve")
    _out_option(pareto)
    _solver_options(pareto)
    _report_option(pareto)

    price = command("price", "the price of security: what one step tighter survivability or "
                    "depth costs, item by item")
    price.add_argument("instance", help=INSTANCE_HELP)
    price.add_argument("--survival-step", type=fraction, default=0.05, metavar="S",
                       help="raise each item's survive_share by S (default 0.05)")
    price.add_argument("--depth-step", type=positive, default=100.0, metavar="KM",
                       help="raise each item's min_coast_km by KM (default 100)")
    _out_option(price)
    _solver_options(price)

    sweep = command("sweep", "solve a grid of parameter values (and scenarios) into one table; "
                    "resumable (docs/sweeps.md)")
    sweep.add_argument("instance", help=INSTANCE_HELP)
    sweep.add_argument("--param", type=_param, action="append", required=True,
                       metavar="PATH=VALUES", dest="params",
                       help="an override path and its values: budget=x0.6:1.4:9 (9 multiples "
                            "of the instance's value), budget=500:700:3, budget=500,600,700; "
                            "repeat for a full grid")
    sweep.add_argument("--scenarios", type=_names, default=None, metavar="NAME[,NAME...]",
                       help="a scenario dimension: each run applies one of these first "
                            "('base': none)")
    sweep.add_argument("--out", type=Path, default=None,
                       help="sweep folder; an earlier start of the same sweep there is resumed, "
                            "anything else refused (default: a new folder under results/)")
    sweep.add_argument("--workers", type=at_least(1), default=1, metavar="N",
                       help="solve in N local processes (default 1)")
    sweep.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="solve on a Dask cluster (tcp://host:8786); needs dask[distributed]")
    _solver_options(sweep, each=True)
    _report_option(sweep)

    report = command("report", "write report.html, the results of a solve, compare, sweep or "
                     "pareto for a browser (docs/report.md)")
    report.add_argument("results", type=Path, help="results folder")
    report.add_argument("--instance", type=Path, default=None, metavar="FOLDER",
                        help="the instance the results were made from (default: the folder "
                             "they record)")
    report.add_argument("--out", type=Path, default=None, metavar="FOLDER",
                        help="write the report into this new folder instead of the results "
                             "folder")

    diagnose = command("diagnose", "the fewest policy relaxations that make an infeasible "
                       "instance solvable (docs/diagnose.md)")
    diagnose.add_argument("instance", help=INSTANCE_HELP)
    diagnose.add_argument("--json", action="store_true",
                          help="print one JSON object instead of text")
    _solver_options(diagnose, each=True, gap=False)

    rank = command("rank", "rank sites by the published hinterland criteria: TOPSIS, entropy "
                   "or weights (docs/suitability.md)")
    rank.add_argument("instance", help=INSTANCE_HELP)
    rank.add_argument("--method", choices=METHODS, default=None,
                      help="topsis, entropy or weights (default: instance.yaml's "
                           "suitability.method, else topsis)")
    rank.add_argument("--all", action="store_true", dest="include_all",
                      help="rank every site, not only the hinterland ones")
    rank.add_argument("--top", type=at_least(1), default=DEFAULT_TOP, metavar="K",
                      help=f"the number of first sites whose change the sensitivity looks "
                           f"for (default {DEFAULT_TOP})")
    rank.add_argument("--site", type=_ids, default=[], metavar="ID[,ID...]",
                      help="explain where these sites' scores come from")
    rank.add_argument("--rows", type=at_least(1), default=None, metavar="N",
                      help="print only the first N rows of the table (the files hold all)")
    _out_option(rank)
    return root


def _common() -> argparse.ArgumentParser:
    """What every subcommand takes: how much to say on stderr."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--quiet", "-q", action="store_true",
                        help="show only warnings and the result: no progress lines")
    common.add_argument("--verbose", "-v", action="count", default=0,
                        help="also show each step of every solve (checks, build, options)")
    return common


def _out_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--out", type=Path, default=None,
                         help="results folder; must not exist or be empty "
                              "(default: a new folder under results/)")


def _solver_options(command: argparse.ArgumentParser, *, each: bool = False,
                    gap: bool = True) -> None:
    """The solver's limits, its log and further HiGHS options (of each solve, for studies)."""
    of = " of each solve" if each else ""
    command.add_argument("--time-limit", type=positive, default=None, metavar="S",
                         help=f"time limit{of} in seconds; the best layout found is kept")
    if gap:
        command.add_argument("--gap", type=fraction, default=None, metavar="G",
                             help=f"relative MIP gap{of} at which to stop (0.01 for 1%%)")
    command.add_argument("--log", action="store_true",
                         help="show HiGHS's own log instead of hinterland's progress lines")
    command.add_argument("--highs-option", type=_highs_option, action="append", default=[],
                         metavar="KEY=VALUE", dest="highs_options",
                         help="a further HiGHS option (presolve=off, mip_heuristic_effort=0.2);"
                              " repeat for more; see docs/solver.md")


def _report_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--report", action="store_true",
                         help="also write report.html (and report_map.png) into the results "
                              "folder: a page for a browser (docs/report.md)")


def _highs_option(text: str) -> tuple[str, str]:
    """``KEY=VALUE``; the name and value are checked against HiGHS once the instance is read."""
    name, sign, value = text.partition("=")
    if not sign or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE (presolve=off), got {text!r}")
    return name.strip(), value.strip()


def _param(text: str) -> tuple[str, str]:
    try:
        name, values = sweeps.parse_spec(text)
        sweeps.parse_values(name, values)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return name, values


def at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"expected a whole number >= {minimum}, got {text!r}")
        return value

    return parse


def _ids(text: str) -> list[str]:
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise argparse.ArgumentTypeError("expected site ids joined by ','")
    return ids


def _names(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected scenario names joined by ','")
    return names


def positive(text: str) -> float:
    value = _number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def fraction(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}")
    return value


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
