"""The loader on valid input: types, defaults, names, serves, distances, renames and digest."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hinterland.model import Instance, load_instance
from hinterland.model.schema import CENTRES, ITEMS, SITES, TableSchema
from hinterland.model.settings import RegionShare, SolverSettings
from hinterland.model.tables import LINE
from tests.csv_rows import read_rows, write_rows

EXAMPLE = Path(__file__).resolve().parents[1] / "instances" / "example"


@pytest.fixture(scope="module")
def example() -> Instance:
    return load_instance(EXAMPLE)


def keep_columns(path: Path, keep: list[str]) -> None:
    rows = read_rows(path)
    positions = [rows[0].index(name) for name in keep]
    write_rows(path, [[row[i] for i in positions] for row in rows])


def set_cell(path: Path, row_id: str, column: str, value: str) -> None:
    rows = read_rows(path)
    col = rows[0].index(column)
    next(row for row in rows[1:] if row[0] == row_id)[col] = value
    write_rows(path, rows)


def append_yaml(folder: Path, text: str) -> None:
    with (folder / "instance.yaml").open("a", encoding="utf-8") as handle:
        handle.write(text)


# --- the example as loaded -----------------------------------------------------------------


def test_settings(example):
    settings = example.settings
    assert settings.name == example.name == "example"
    assert settings.budget == 2600.0
    assert settings.horizon_years == 10.0
    assert settings.regions == {"West": RegionShare(min_share=0.5, max_share=1.0)}
    assert settings.solver == SolverSettings(time_limit=60.0, mip_gap=0.0)
    assert settings.files == {}
    assert settings.units.startswith("money in 100 million CNY")
    assert settings.line("regions", "West", "min_share") == 13


def test_tables_are_indexed_by_id_in_file_order(example):
    assert list(example.sites.index) == ["SC", "CQ", "SN", "GZ", "GS", "HB", "HN", "HA"]
    assert list(example.items.index) == ["grain", "crude", "ic_backup", "ai_compute"]
    assert list(example.centres.index) == ["JJJ", "YRD", "GBA"]
    assert example.sites.index.name == "site_id"
    assert list(example.sites[LINE]) == list(range(2, 10))
    assert example.current_layout is None
    assert example.resources == ("land",)
    assert example.notes == ()


def test_column_types(example):
    sites, items, centres = example.sites, example.items, example.centres
    for column in ("lon", "lat", "cost_index", "hazard", "coast_km", "border_km", "open_cost",
                   "cap_land", "base_ic", "base_compute"):
        assert sites[column].dtype == np.float64, column
    assert sites["hinterland"].dtype == bool
    assert sites["hinterland"].all()
    for column in ("demand", "min_scale", "max_share", "survive_share", "max_hazard",
                   "unit_capex", "transport_cost", "use_land"):
        assert items[column].dtype == np.float64, column
    assert items["min_sites"].dtype == np.int64
    assert items["min_sites"].tolist() == [3, 2, 3, 2]
    assert items["task"].tolist() == ["reserve", "reserve", "backup", "integration"]
    assert sites.loc["SN", "name"] == "Shaanxi (Xi'an)"
    assert sites.loc["CQ", "cost_index"] == 1.0
    assert items.loc["grain", "transport_cost"] == 0.004
    assert centres.loc["YRD", "lat"] == 31.23
    assert all(isinstance(v, str) for v in sites["region"])


def test_serves_is_parsed_to_tuples(example):
    serves = example.items["serves"]
    assert serves["grain"] == ("JJJ", "YRD", "GBA")
    assert serves["ic_backup"] == ("YRD",)
    assert serves["ai_compute"] == ()


def test_distance_matrix_is_the_great_circle_distance(example):
    matrix = example.distance_km
    assert matrix.shape == (8, 3)
    assert list(matrix.index) == list(example.sites.index)
    assert list(matrix.columns) == list(example.centres.index)
    # Chengdu (SC: 104.066 E, 30.572 N) to Shanghai (YRD: 121.474 E, 31.23 N), by hand:
    #   phi1 = 0.533582, phi2 = 0.545066, dphi = 0.011484, dlambda = radians(17.408) = 0.303827
    #   sin^2(dphi/2) = 3.2972e-05
    #   cos(phi1) cos(phi2) sin^2(dlambda/2) = 0.860991 * 0.855093 * 0.0229007 = 0.0168601
    #   h = 0.0168931, asin(sqrt(h)) = asin(0.129973) = 0.130342
    #   d = 2 * 6371 * 0.130342 = 1660.8 km
    assert matrix.loc["SC", "YRD"] == pytest.approx(1660.8, abs=0.1)
    assert (matrix.to_numpy() > 0).all()


# --- defaults ------------------------------------------------------------------------------


def assert_defaults(table: pd.DataFrame, schema: TableSchema, columns: list[str]) -> None:
    """Every listed optional column holds its default (names hold the ids)."""
    for name in columns:
        column = schema.column(name)
        assert column is not None and not column.required, name
        if name == "name":
            assert table["name"].tolist() == table.index.tolist()
        elif column.kind == "ids":
            assert all(value == () for value in table[name]), name
        elif isinstance(column.default, float) and math.isnan(column.default):
            assert table[name].isna().all(), name
        else:
            assert (table[name] == column.default).all(), name


def test_omitted_optional_columns_take_their_defaults(folder):
    optional_items = [c.name for c in ITEMS.columns if not c.required]
    keep_columns(folder / "items.csv", [c.name for c in ITEMS.columns if c.required])
    keep_columns(folder / "sites.csv", [c.name for c in SITES.columns
                                        if c.required or c.name in ("lon", "lat")])
    keep_columns(folder / "centres.csv", ["centre_id", "lon", "lat"])
    instance = load_instance(folder)
    assert_defaults(instance.items, ITEMS, optional_items)
    assert_defaults(instance.sites, SITES, ["name", "open_cost"])
    assert_defaults(instance.centres, CENTRES, ["name"])
    assert instance.items["min_sites"].dtype == np.int64
    assert instance.items["max_share"].tolist() == [1.0] * 4
    assert instance.items["max_hazard"].tolist() == [1.0] * 4
    # Family columns left out: unlimited capacity, no base, no use.
    assert instance.resources == ()
    assert np.isinf(instance.site_capacity("land")).all()
    assert (instance.site_base("ic") == 0).all()
    assert (instance.item_use("land") == 0).all()


def test_blank_cells_take_their_defaults(folder):
    for column in ("name", "min_scale", "max_share", "min_sites", "survive_share",
                   "max_hazard", "unit_opex", "serves", "use_land"):
        set_cell(folder / "items.csv", "crude", column, "")
    for column in ("name", "open_cost", "cap_land", "base_ic"):
        set_cell(folder / "sites.csv", "GS", column, " ")
    instance = load_instance(folder)
    crude = instance.items.loc["crude"]
    assert crude["name"] == "crude"
    assert (crude["min_scale"], crude["max_share"], crude["survive_share"]) == (0.0, 1.0, 0.0)
    assert crude["min_sites"] == 1 and instance.items["min_sites"].dtype == np.int64
    assert (crude["max_hazard"], crude["unit_opex"], crude["use_land"]) == (1.0, 0.0, 0.0)
    assert crude["serves"] == ()
    gansu = instance.sites.loc["GS"]
    assert gansu["name"] == "GS"
    assert gansu["open_cost"] == 0.0
    assert math.isinf(gansu["cap_land"])
    assert gansu["base_ic"] == 0.0
    assert instance.sites.loc["SC", "cap_land"] == 40.0  # other rows untouched


def test_names_default_to_ids_only_where_blank(folder):
    set_cell(folder / "centres.csv", "GBA", "name", "")
    instance = load_instance(folder)
    assert instance.centres["name"].tolist() == [
        "Jing-Jin-Ji (Beijing)", "Yangtze River Delta (Shanghai)", "GBA"]


# --- cell formats --------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "value"), [
    ("TRUE", True), ("yes", True), ("Y", True), ("1", True), ("t", True),
    ("False", False), ("no", False), ("N", False), ("0", False), ("f", False),
])
def test_boolean_words(folder, word, value):
    set_cell(folder / "sites.csv", "HA", "hinterland", word)
    sites = load_instance(folder).sites
    assert sites["hinterland"].dtype == bool
    assert bool(sites.loc["HA", "hinterland"]) is value


def test_cells_are_trimmed_and_quoted_cells_kept_whole(folder):
    set_cell(folder / "sites.csv", "SC", "name", "Sichuan, Chengdu")
    set_cell(folder / "sites.csv", "SC", "hazard", " 0.6 ")
    set_cell(folder / "items.csv", "grain", "serves", " JJJ ; YRD;GBA ")
    set_cell(folder / "items.csv", "grain", "demand", "3e1")
    instance = load_instance(folder)
    assert instance.sites.loc["SC", "name"] == "Sichuan, Chengdu"
    assert instance.sites.loc["SC", "hazard"] == 0.6
    assert instance.items.loc["grain", "serves"] == ("JJJ", "YRD", "GBA")
    assert instance.items.loc["grain", "demand"] == 30.0


def test_blank_lines_are_skipped_and_line_numbers_kept(folder):
    path = folder / "centres.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([lines[0], "\n", *lines[1:], "\n\n"]), encoding="utf-8")
    centres = load_instance(folder).centres
    assert list(centres.index) == ["JJJ", "YRD", "GBA"]
    assert centres[LINE].tolist() == [3, 4, 5]


def test_budget_in_exponent_form(folder):
    path = folder / "instance.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("budget: 2600", "budget: 2.6e3"),
                    encoding="utf-8")
    assert load_instance(folder).budget == 2600.0


def test_unknown_columns_are_kept_and_noted(folder):
    rows = read_rows(folder / "sites.csv")
    write_rows(folder / "sites.csv", [[*row, "8.3" if i else "population"]
                                      for i, row in enumerate(rows)])
    instance = load_instance(folder)
    assert instance.sites["population"].tolist() == ["8.3"] * 8
    assert instance.notes == ("sites.csv: columns not used by the model: population",)


def test_current_layout_is_loaded(folder):
    (folder / "current_layout.csv").write_text(
        "site_id,item_id,capacity\nSC,grain,5\nCQ,crude,2.5\n", encoding="utf-8")
    layout = load_instance(folder).current_layout
    assert layout is not None
    assert layout[["site_id", "item_id", "capacity"]].values.tolist() == [
        ["SC", "grain", 5.0], ["CQ", "crude", 2.5]]


# --- distances and renames -----------------------------------------------------------------


def test_distances_csv_overrides_the_great_circle(folder, example):
    (folder / "distances.csv").write_text("site_id,centre_id,km\nSC,YRD,1900\nGS,JJJ,0\n",
                                          encoding="utf-8")
    matrix = load_instance(folder).distance_km
    assert matrix.loc["SC", "YRD"] == 1900.0
    assert matrix.loc["GS", "JJJ"] == 0.0
    expected = example.distance_km.copy()
    expected.loc["SC", "YRD"] = 1900.0
    expected.loc["GS", "JJJ"] = 0.0
    pd.testing.assert_frame_equal(matrix, expected)


def test_files_renames(folder, example):
    (folder / "data").mkdir()
    (folder / "sites.csv").rename(folder / "data" / "provinces.csv")
    (folder / "items.csv").rename(folder / "goods.csv")
    (folder / "roads.csv").write_text("site_id,centre_id,km\nSC,YRD,1900\n", encoding="utf-8")
    append_yaml(folder, "files:\n  sites: data/provinces.csv\n  items: goods.csv\n"
                        "  distances: roads.csv\n")
    instance = load_instance(folder)
    assert instance.settings.files == {"sites": "data/provinces.csv", "items": "goods.csv",
                                       "distances": "roads.csv"}
    pd.testing.assert_frame_equal(instance.sites, example.sites)
    pd.testing.assert_frame_equal(instance.items, example.items)
    assert instance.distance_km.loc["SC", "YRD"] == 1900.0


def test_default_named_file_is_not_read_when_renamed_away(folder, example):
    (folder / "items.csv").rename(folder / "goods.csv")
    (folder / "items.csv").write_text("not,a,table\n", encoding="utf-8")
    append_yaml(folder, "files:\n  items: goods.csv\n")
    pd.testing.assert_frame_equal(load_instance(folder).items, example.items)


# --- digest --------------------------------------------------------------------------------


def test_digest_depends_on_content_only(folder, tmp_path, example):
    assert len(example.digest) == 64
    assert load_instance(folder).digest == example.digest  # another folder, same bytes
    items = folder / "items.csv"
    os.utime(items, (1_000_000_000, 1_000_000_000))
    (folder / "README.md").write_text("not part of the instance\n", encoding="utf-8")
    assert load_instance(folder).digest == example.digest  # times and other files ignored

    items.write_text(items.read_text(encoding="utf-8").replace(",30,", ",31,"),
                     encoding="utf-8")
    changed = load_instance(folder).digest
    assert changed != example.digest
    assert load_instance(folder).digest == changed

    (folder / "distances.csv").write_text("site_id,centre_id,km\nSC,YRD,1900\n",
                                          encoding="utf-8")
    assert load_instance(folder).digest not in (example.digest, changed)


def test_digest_changes_with_the_settings(folder, example):
    append_yaml(folder, "# a comment\n")
    assert load_instance(folder).digest != example.digest
