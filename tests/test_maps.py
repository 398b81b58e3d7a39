"""Maps of layouts: the comparison PNG and the layout GeoPackage
(:mod:`hinterland.solvers.outputs.maps`)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from hinterland.model import load_instance, site_summary
from hinterland.solvers.adapter.highs import SolverOptions
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.outputs.maps import (
    draw_comparison,
    layer_name,
    money_unit,
    site_geometries,
    write_layout_gpkg,
)

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ROOT / "instances" / "china-provinces"
PREFECTURES = ROOT / "instances" / "china-prefectures"
EXAMPLE = ROOT / "instances" / "example"
MICRO = Path(__file__).resolve().parent / "micro"


@pytest.fixture(scope="module")
def provinces():
    return load_instance(PROVINCES)


@pytest.fixture(scope="module")
def layouts(provinces) -> dict[str, pd.DataFrame]:
    """Today's layout of the province instance and its optimum."""
    today = pd.read_csv(PROVINCES / "current_layout.csv")
    run = run_instance(provinces, SolverOptions(log=False))
    assert run.layout is not None
    return {"Today": today, "Optimal": run.layout}


@pytest.fixture(scope="module")
def png(provinces, layouts, tmp_path_factory) -> Path:
    return draw_comparison(provinces, layouts, tmp_path_factory.mktemp("maps") / "compare.png")


@pytest.fixture(scope="module")
def gpkg(provinces, layouts, tmp_path_factory) -> Path:
    return write_layout_gpkg(provinces, layouts, tmp_path_factory.mktemp("maps") / "layouts.gpkg")


def test_province_geometries_are_the_polygons_in_site_order(provinces) -> None:
    geo = site_geometries(provinces)
    assert list(geo.index) == list(provinces.sites.index)
    assert geo.crs == "EPSG:4326"
    assert set(geo.geom_type) <= {"Polygon", "MultiPolygon"}
    assert geo.geometry.notna().all()
    # Each site's lon/lat (a point inside its boundary) lies in its own polygon.
    points = shapely.points(provinces.sites["lon"], provinces.sites["lat"])
    assert shapely.intersects(geo.geometry.to_numpy(), points).all()


def test_prefecture_codes_stay_strings() -> None:
    head = pyogrio.read_dataframe(PREFECTURES / "sites.gpkg", columns=["site_id"], max_features=3)
    assert head["site_id"].map(type).eq(str).all()
    assert head["site_id"].iloc[0] == "110000"
    geo = site_geometries(load_instance(PREFECTURES))
    assert len(geo) == 337
    assert geo["site_id"].map(type).eq(str).all()
    assert geo.loc["110000", "geometry"].geom_type in ("Polygon", "MultiPolygon")
    # Every site found its polygon (none fell back to a point because of a mangled code).
    assert set(geo.geom_type) <= {"Polygon", "MultiPolygon"}


def test_the_comparison_is_a_readable_png(png: Path, layouts) -> None:
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = mpimg.imread(png)
    height, width = image.shape[:2]
    assert 1500 <= width <= 3000 and 700 <= height <= 1500
    assert width > 1.5 * height  # two panels side by side
    # Distinct colours in coarse bins (16 levels a channel), so that anti-aliasing does not count.
    levels = (image[..., :3] * 15.99).astype(np.int64).reshape(-1, 3)
    colours = np.unique(levels @ np.array([256, 16, 1]))
    assert len(colours) >= 30


def test_the_two_panels_differ(png: Path) -> None:
    image = mpimg.imread(png)[..., :3]
    width = image.shape[1]
    left, right = image[:, : width * 45 // 100], image[:, width * 45 // 100: width * 90 // 100]
    assert np.abs(left - right).mean() > 0.01
    # The optimum invests more: more deep red (the top of the colour scale) on the right.
    def deep_red(panel: np.ndarray) -> int:
        r, g, b = panel[..., 0], panel[..., 1], panel[..., 2]
        return int(((r > 0.45) & (r < 0.75) & (g < 0.1) & (b < 0.2)).sum())

    assert deep_red(right) > deep_red(left)


def test_the_geopackage_has_a_layer_per_layout(gpkg: Path, provinces, layouts) -> None:
    assert [name for name, _ in pyogrio.list_layers(gpkg)] == ["today", "optimal"]
    for key, layout in layouts.items():
        table = pyogrio.read_dataframe(gpkg, layer=layer_name(key))
        assert len(table) == 31
        assert list(table["site_id"]) == list(provinces.sites.index)
        assert {"site_id", "name", "province", "region", "hinterland", "investment",
                "items"} <= set(table.columns)
        summary = site_summary(provinces, layout).set_index("site_id")
        assert table["investment"].sum() == pytest.approx(summary["investment"].sum())
        by_site = table.set_index("site_id")
        assert by_site.loc[summary.index, "investment"].to_numpy() == pytest.approx(
            summary["investment"].to_numpy())
        assert (by_site.drop(summary.index)["investment"] == 0).all()
        assert (by_site.drop(summary.index)["items"] == "").all()
        assert list(by_site.loc[summary.index, "items"]) == list(summary["items"])
        items = list(provinces.items.index)
        expected = (layout.pivot_table(index="site_id", columns="item_id", values="capacity",
                                       aggfunc="sum")
                    .reindex(index=by_site.index, columns=items).fillna(0.0))
        written = by_site[[f"cap_{item_id}" for item_id in items]]
        assert written.to_numpy() == pytest.approx(expected.to_numpy())
        assert written.to_numpy().sum() == pytest.approx(layout["capacity"].sum())


def test_the_geopackage_is_reproducible(gpkg: Path, provinces, layouts, tmp_path: Path) -> None:
    again = write_layout_gpkg(provinces, layouts, tmp_path / "again.gpkg")
    assert again.read_bytes() == gpkg.read_bytes()


def test_layer_names_must_be_distinct(provinces, layouts, tmp_path: Path) -> None:
    assert layer_name("Planner draft 2") == "planner_draft_2"
    with pytest.raises(ValueError, match="distinct"):
        write_layout_gpkg(provinces, {"A b": layouts["Today"], "a B": layouts["Today"]},
                          tmp_path / "clash.gpkg")


def test_an_instance_without_polygons_is_drawn_as_points(tmp_path: Path) -> None:
    example = load_instance(EXAMPLE)
    assert not (EXAMPLE / "sites.gpkg").exists()
    geo = site_geometries(example)
    assert set(geo.geom_type) == {"Point"}
    run = run_instance(example, SolverOptions(log=False))
    png = draw_comparison(example, {"Optimal": run.layout}, tmp_path / "example.png")
    image = mpimg.imread(png)
    assert image.shape[0] > 300 and image.shape[1] > 300
    out = write_layout_gpkg(example, {"Optimal": run.layout}, tmp_path / "example.gpkg")
    assert pyogrio.read_info(out, layer="optimal")["features"] == len(example.sites)


def test_sites_without_coordinates_are_skipped(tmp_path: Path) -> None:
    instance = load_instance(MICRO / "budget")  # blank lon/lat everywhere
    assert site_geometries(instance).geometry.isna().all()
    run = run_instance(instance, SolverOptions(log=False))
    png = draw_comparison(instance, {"Optimal": run.layout, "Nothing": run.layout.iloc[0:0]},
                          tmp_path / "budget.png")
    assert mpimg.imread(png).shape[0] > 300


@pytest.mark.parametrize(("units", "expected"), [
    ("money in 100 million CNY (yi yuan); distances in km; capacity in each item's unit",
     "100 million CNY"),
    ("money in 100 million CNY; distances in km", "100 million CNY"),
    ("OR-Library cost units (money) and demand units (capacity)", "OR-Library cost units"),
    ("", ""),
])
def test_money_unit(units: str, expected: str) -> None:
    assert money_unit(units) == expected
