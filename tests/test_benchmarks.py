"""The benchmark's floor is the project's MIP: the same matrix, the same optimum.

The benchmarks (``python -m benchmarks``) report every figure against a hand-built highspy
model of the MIP (``benchmarks/floor.py``); these checks keep that reference honest as the
formulation changes. Nothing here is timed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyomo.common.errors import InfeasibleConstraintException

from benchmarks.cases import all_cases, published_optima, select
from benchmarks.floor import FloorInfeasible, build_floor, compare_with, pyomo_key, solve_floor
from benchmarks.synthetic import write_synthetic
from hinterland.model import load_instance
from hinterland.model.formulation import FormulationData, build_model
from hinterland.solvers.adapter.highs import HeldModel, SolverOptions
from hinterland.solvers.adapter.pipeline import run_instance

ROOT = Path(__file__).resolve().parents[1]
MICRO = sorted(p for p in (ROOT / "tests" / "micro").iterdir() if (p / "instance.yaml").exists())


def _same_optimum(instance, gap: float) -> None:
    run = run_instance(instance, SolverOptions(log=False, mip_gap=gap))
    floor, _, _ = solve_floor(instance, mip_gap=gap)
    assert run.result.status == "optimal"
    assert floor.status == "Optimal"
    assert floor.objective == pytest.approx(run.result.objective, rel=1e-6)


def test_floor_gives_the_projects_optimum_on_a_synthetic_instance(tmp_path: Path) -> None:
    # 20 sites x 8 items, seed 0: every family of the synthetic series (requirement, linking
    # with opening costs, minimum scale, redundancy, survival, resources, a regional share).
    _same_optimum(load_instance(write_synthetic(tmp_path / "small", 20, 8, seed=0)), 0.0)


def test_floor_gives_the_published_optimum_of_cap41() -> None:
    instance = load_instance(ROOT / "instances" / "orlib-cap41")
    _same_optimum(instance, 1e-9)
    floor, _, _ = solve_floor(instance, mip_gap=1e-9)
    assert floor.objective == pytest.approx(published_optima()["cap41"], rel=1e-6)


def test_floor_gives_the_projects_optimum_on_china_provinces() -> None:
    _same_optimum(load_instance(ROOT / "instances" / "china-provinces"), 0.0)


@pytest.mark.parametrize("folder", [ROOT / "instances" / "china-provinces",
                                    ROOT / "instances" / "china-prefectures",
                                    ROOT / "instances" / "orlib-cap41", *MICRO],
                         ids=lambda p: p.name)
def test_floor_hands_highs_the_projects_matrix(folder: Path) -> None:
    """Column for column, row for row: coefficients, bounds, costs and integrality (the
    micro-instances cover every constraint family, one each)."""
    instance = load_instance(folder)
    data = FormulationData.from_instance(instance)
    try:
        floor = build_floor(data)
    except NotImplementedError as err:  # plan periods, brownfield: not in the floor yet
        pytest.skip(str(err))
    except FloorInfeasible:
        floor = None
    try:
        held = HeldModel(build_model(instance, data), SolverOptions(log=False))
    except InfeasibleConstraintException:
        assert floor is None, "the project finds a trivially infeasible row, the floor not"
        return
    assert floor is not None, "the floor finds a trivially infeasible row, the project not"
    comparison = compare_with(floor, held.highs.getLp(), [pyomo_key(v) for v in held.columns])
    assert comparison.same_model, comparison.detail


def test_real_instances_get_the_projects_column_order() -> None:
    """Where the objective prices capacity, the compiler puts ``x`` first, as the floor does;
    the same order is what makes the two solve times comparable."""
    for name in ("china-provinces", "orlib-cap41"):
        instance = load_instance(ROOT / "instances" / name)
        held = HeldModel(build_model(instance), SolverOptions(log=False))
        floor = build_floor(FormulationData.from_instance(instance))
        comparison = compare_with(floor, held.highs.getLp(),
                                  [pyomo_key(v) for v in held.columns])
        assert comparison.same_order, name


def test_cases_cover_every_size_and_read_the_published_optima() -> None:
    names = [case.name for case in all_cases()]
    assert len(names) == len(set(names))
    series = [c.sites for c in select(["synthetic-*"]) if not c.instance]
    assert series == [50, 100, 200, 400, 800, 1600, 3200]
    assert {"china-provinces", "china-prefectures", "orlib-capa-14000"} <= set(names)
    optima = published_optima()
    assert optima["capa-14000"] == 17160439.012
    assert optima["cap133"] == 893076.712
    capa = select(["orlib-capa-14000"])[0]
    assert (capa.sites, capa.items, capa.optimum) == (100, 1000, 17160439.012)


def test_generated_orlib_case_matches_the_bundled_instance(tmp_path: Path) -> None:
    folder = select(["orlib-cap41"])[0].folder(tmp_path)
    for name in ("sites.csv", "items.csv", "distances.csv"):
        assert (folder / name).read_text() == (ROOT / "instances" / "orlib-cap41" / name
                                               ).read_text()
