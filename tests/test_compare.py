"""``hinterland compare``: today's layout beside the optimum, in tables and on a map."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.image
import numpy as np
import pandas as pd
import pyogrio
import pytest

from hinterland.model import load_instance
from hinterland.model.evaluation import evaluate
from hinterland.solvers.cli import main
from tests.test_micro import MICRO

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ROOT / "instances" / "china-provinces"


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compare") / "run"
    assert main(["compare", str(PROVINCES), "--out", str(out), "--quiet"]) == 0
    return out


def test_compare_writes_every_file(compared: Path) -> None:
    assert sorted(p.name for p in compared.iterdir()) == sorted([
        "comparison.csv", "current_layout.csv", "evaluation_current.json",
        "evaluation_optimal.json", "layout.csv", "layouts.gpkg", "map.png", "site_changes.csv",
        "site_summary.csv", "summary.json", "transition.csv"])


def test_the_comparison_table_measures_both_layouts_by_one_yardstick(compared: Path) -> None:
    table = pd.read_csv(compared / "comparison.csv").set_index("metric")
    summary = json.loads((compared / "summary.json").read_text())
    instance = load_instance(PROVINCES)
    today = evaluate(instance, instance.current_layout)
    assert table.loc["objective", "optimal"] == pytest.approx(summary["objective"], rel=1e-9)
    assert table.loc["objective", "current"] == pytest.approx(today.objective, rel=1e-9)
    assert table.loc["violations", "current"] == len(today.violations) > 0
    assert table.loc["violations", "optimal"] == 0
    difference = table["optimal"] - table["current"]
    assert np.isclose(table["difference"], difference, rtol=1e-8, atol=1e-6,
                      equal_nan=True).all()
    # The optimum holds crude oil inland, at most 40% in one province (max_share 0.4).
    assert table.loc["crude_oil_reserve: largest_site_share", "optimal"] <= 0.4 + 1e-9
    assert table.loc["crude_oil_reserve: largest_site_share", "current"] == pytest.approx(
        10.2 / 15)


def test_site_changes_move_capacity_between_layouts(compared: Path) -> None:
    changes = pd.read_csv(compared / "site_changes.csv")
    assert (changes["change"] == changes["optimal"] - changes["current"]).all()
    zhejiang = changes[(changes["site_id"] == "ZJ") & (changes["item_id"] == "crude_oil_reserve")]
    assert zhejiang["current"].item() == pytest.approx(10.2)
    assert zhejiang["optimal"].item() == 0  # coastal: not eligible for the optimum
    optimal = pd.read_csv(compared / "layout.csv")
    assert changes["optimal"].sum() == pytest.approx(optimal["capacity"].sum())


def test_the_map_is_a_real_picture(compared: Path) -> None:
    image = matplotlib.image.imread(compared / "map.png")
    height, width = image.shape[:2]
    assert width > 1000 and height > 500
    colours = {tuple(p) for p in image[::7, ::7, :3].reshape(-1, 3).round(2).tolist()}
    assert len(colours) > 50  # a map, not a blank canvas
    left, right = image[:, : width // 2], image[:, width // 2:]
    assert abs(float(left.mean()) - float(right.mean())) > 1e-3  # the two panels differ


def test_the_geopackage_holds_both_layouts(compared: Path) -> None:
    layers = {name for name, _ in pyogrio.list_layers(compared / "layouts.gpkg")}
    assert layers == {"today", "optimal"}


def test_compare_with_a_given_layout_does_not_solve(compared: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    assert main(["compare", str(PROVINCES), "--layout", str(compared), "--out", str(out)]) == 0
    assert not (out / "summary.json").exists()  # nothing was solved
    first = pd.read_csv(compared / "comparison.csv")
    second = pd.read_csv(out / "comparison.csv")
    pd.testing.assert_frame_equal(first, second)


def test_compare_without_todays_layout_exits_2(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    assert main(["compare", str(MICRO / "dispersion"), "--out", str(out), "--quiet"]) == 2
    assert "current_layout.csv" in capsys.readouterr().err
    assert not out.exists()
