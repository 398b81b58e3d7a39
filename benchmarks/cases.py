"""The benchmark cases: what is solved, with which options, and where its files come from.

Every case is an instance folder. The real ones are in ``instances/``; the others are written
on first use into a cache folder (``benchmarks/.cache/`` by default, not tracked), so that the
benchmark command runs from a fresh clone with nothing but the repository:

* ``synthetic-N``: :mod:`benchmarks.synthetic` at N sites x 30 items, seed 0. These are hard
  MIPs (at 50 sites HiGHS does not prove a 1e-4 gap in two minutes), so they are solved to a 1%
  gap within a 10 s limit: the series is there for build time and memory against size. From
  1600 sites they are built only (HiGHS's presolve runs for minutes whatever the limit);
  ``synthetic-3200-solve`` runs the 3200-site case through a solve once, for its peak memory;
* ``china-provinces``, ``china-prefectures``: the bundled instances with their own options;
  ``china-prefectures-gap0`` solves the latter to a proven optimum (``--gap 0``);
* ``orlib-capNN``: the OR-Library capacitated warehouse files in ``benchmarks/data/orlib``,
  converted by :mod:`benchmarks.orlib` and solved to a 1e-9 gap (their published optima);
* ``orlib-capa-14000``: OR-Library's capa (100 facilities x 1000 customers) with every
  capacity set to 14000, the large instance (published optimum 17,160,439.012).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORLIB = ROOT / "benchmarks" / "data" / "orlib"
CACHE = ROOT / "benchmarks" / ".cache"

#: Synthetic sizes (sites); every one has 30 items.
SYNTHETIC_SITES = (50, 100, 200, 400, 800, 1600, 3200)
#: Larger synthetic cases are built, not solved: HiGHS's presolve alone takes minutes there
#: (95 s at 3200 sites on a quiet machine) and does not stop at the time limit.
SOLVED_UP_TO = 800
SYNTHETIC_ITEMS = 30
#: The OR-Library files with one capacity (tests/test_orlib.py solves these too).
ORLIB_FILES = ("cap41", "cap61", "cap62", "cap63", "cap64", "cap82", "cap124", "cap131",
               "cap133")
CAPA_CAPACITY = 14000.0


@dataclass(frozen=True)
class Case:
    """One benchmark instance and the options both paths solve it with.

    ``time_limit`` and ``mip_gap`` of None keep the instance's own (as ``hinterland solve``
    does); ``optimum`` is a published optimal value to check against, when there is one.
    ``instance`` names the instance folder when several cases solve the same one;
    ``build_only`` cases stop when HiGHS holds the model; ``max_repeats`` caps the repeats of a
    case too long to repeat.
    """

    name: str
    group: str  # synthetic, real or orlib
    sites: int
    items: int
    time_limit: float | None = None
    mip_gap: float | None = None
    optimum: float | None = None
    note: str = ""
    instance: str = ""
    build_only: bool = False
    max_repeats: int | None = None

    def folder(self, cache: Path = CACHE) -> Path:
        """The instance folder, written first if it is a generated one."""
        name = self.instance or self.name
        if self.group == "real":
            return ROOT / "instances" / name
        target = cache / name
        if not (target / "instance.yaml").exists():
            _write(dataclasses.replace(self, name=name), target)
        return target


def published_optima() -> dict[str, float]:
    """``optima.txt``: the cap files' optima and capa's at each capacity (``capa-14000``)."""
    optima: dict[str, float] = {}
    current = None
    for line in (ORLIB / "optima.txt").read_text().splitlines():
        single = re.fullmatch(r"\s*(cap\d+)\s+([0-9.]+)\s*", line)
        several = re.fullmatch(r"\s*(cap[abc])?\s+([0-9.]+)\s+\(capacity (\d+)\)\s*", line)
        if single:
            optima[single.group(1)] = float(single.group(2))
        elif several:
            current = several.group(1) or current
            optima[f"{current}-{several.group(3)}"] = float(several.group(2))
    return optima


def all_cases() -> list[Case]:
    """Every case, smallest first within each group."""
    optima = published_optima()
    cases = [
        Case(f"synthetic-{n}", "synthetic", n, SYNTHETIC_ITEMS, time_limit=10.0, mip_gap=0.01,
             note="1% gap, 10 s limit")
        if n <= SOLVED_UP_TO else
        Case(f"synthetic-{n}", "synthetic", n, SYNTHETIC_ITEMS, time_limit=10.0, mip_gap=0.01,
             note="build only", build_only=True)
        for n in SYNTHETIC_SITES
    ]
    cases.append(Case("synthetic-3200-solve", "synthetic", 3200, SYNTHETIC_ITEMS,
                      time_limit=10.0, mip_gap=0.01, instance="synthetic-3200", max_repeats=1,
                      note="10 s limit, once: presolve overruns it"))
    cases += [
        Case("china-provinces", "real", 31, 17, note="gap 0 (instance)"),
        Case("china-prefectures", "real", 337, 17, note="1% gap (instance)"),
        Case("china-prefectures-gap0", "real", 337, 17, mip_gap=0.0, note="gap 0",
             instance="china-prefectures"),
    ]
    sizes = {"cap4": (16, 50), "cap6": (16, 50), "cap8": (25, 50), "cap12": (50, 50),
             "cap13": (50, 50)}
    for name in ORLIB_FILES:
        sites, items = sizes[name[:-1]]
        cases.append(Case(f"orlib-{name}", "orlib", sites, items, optimum=optima[name],
                          note="gap 1e-9 (instance)"))
    cases.append(Case(f"orlib-capa-{CAPA_CAPACITY:.0f}", "orlib", 100, 1000,
                      optimum=optima[f"capa-{CAPA_CAPACITY:.0f}"], note="gap 1e-9 (instance)"))
    return cases


#: A small subset that runs in a few minutes: the real instances at their own gaps, two
#: OR-Library files and four synthetic sizes (3200 built only).
QUICK = ("synthetic-50", "synthetic-200", "synthetic-800", "synthetic-3200",
         "china-provinces", "china-prefectures", "orlib-cap41", "orlib-cap131")


def select(patterns: list[str] | None, quick: bool = False) -> list[Case]:
    """Cases whose name matches one of ``patterns`` (shell-style ``*`` allowed)."""
    cases = all_cases()
    if quick and not patterns:
        patterns = list(QUICK)
    if not patterns:
        return cases
    chosen = [c for c in cases
              if any(re.fullmatch(p.replace("*", ".*"), c.name) for p in patterns)]
    unknown = [p for p in patterns
               if not any(re.fullmatch(p.replace("*", ".*"), c.name) for c in cases)]
    if unknown:
        raise SystemExit(f"unknown case(s): {', '.join(unknown)}; "
                         f"known: {', '.join(c.name for c in cases)}")
    return chosen


def _write(case: Case, target: Path) -> None:
    """Write a generated case's instance folder."""
    if case.group == "synthetic":
        from benchmarks.synthetic import write_synthetic

        write_synthetic(target, case.sites, case.items, seed=0)
        return
    from benchmarks.orlib import CAPACITY_WORD, read_orlib, write_instance

    stem = case.name.removeprefix("orlib-")
    if stem.startswith("capa-"):
        source = ORLIB / "capa.txt"
        if CAPACITY_WORD in source.read_text():
            problem = read_orlib(source, capacity=CAPA_CAPACITY)
        else:
            # This copy of capa.txt has every capacity filled in as 10000 instead of the
            # word 'capacity'; the value is replaced facility by facility, as the word would be.
            problem = read_orlib(source)
            problem = dataclasses.replace(
                problem, capacities=(CAPA_CAPACITY,) * problem.n_facilities,
                capacity_given=CAPA_CAPACITY)
    else:
        problem = read_orlib(ORLIB / f"{stem}.txt")
    write_instance(problem, target, case.name, overwrite=True)
