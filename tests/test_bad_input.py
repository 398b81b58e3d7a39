"""Bad input: every problem is reported at once, located, on stderr, with exit status 2.

Each test copies the example instance, breaks one thing (a few break several), runs the
command line as a user would, and checks the message names the file, the line (the CSV header
is line 1), the column or YAML key, the value and what was expected; that nothing is written
(the ``--out`` folder is not created); and that no traceback is shown.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hinterland.model import load_instance
from hinterland.solvers.cli import EXIT_INVALID, EXIT_OK, main
from tests.csv_rows import read_rows, write_rows

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "instances" / "example"

# Lines of the example files (header = line 1).
SITE_LINE = {"SC": 2, "CQ": 3, "SN": 4, "GZ": 5, "GS": 6, "HB": 7, "HN": 8, "HA": 9}
ITEM_LINE = {"grain": 2, "crude": 3, "ic_backup": 4, "ai_compute": 5}
CENTRE_LINE = {"JJJ": 2, "YRD": 3, "GBA": 4}
# Lines of instance.yaml.
YAML_LINE = {"horizon_years": 9, "budget": 10, "regions": 11, "West": 12, "min_share": 13}


# --- helpers -------------------------------------------------------------------------------


def replace_text(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) by ``new`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_cell(path: Path, row_id: str, column: str, value: str) -> None:
    """Set the cell of ``column`` in the row whose first cell is ``row_id``."""
    rows = read_rows(path)
    col = rows[0].index(column)
    matches = [row for row in rows[1:] if row[0] == row_id]
    assert len(matches) == 1, f"no single row {row_id} in {path.name}"
    matches[0][col] = value
    write_rows(path, rows)


def drop_column(path: Path, column: str) -> None:
    rows = read_rows(path)
    col = rows[0].index(column)
    write_rows(path, [row[:col] + row[col + 1:] for row in rows])


def run_bad(folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``solve`` on a bad instance; check the contract; return stderr."""
    out = folder.parent / "out"
    code = main(["solve", str(folder), "--out", str(out), "--quiet"])
    captured = capsys.readouterr()
    assert code == EXIT_INVALID == 2, captured.err
    assert not out.exists()
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert captured.err.startswith("hinterland: invalid instance\n")
    return captured.err


def problems(err: str) -> list[str]:
    """The problem lines of a report."""
    lines = [line[4:] for line in err.splitlines() if line.startswith("  - ")]
    count = len(lines)
    assert f"{count} problem{'s' if count != 1 else ''} in the instance:" in err
    return lines


def one_problem(err: str, *fragments: str) -> str:
    """The single problem line that contains every fragment."""
    found = [p for p in problems(err) if all(f in p for f in fragments)]
    assert len(found) == 1, f"expected one problem with {fragments}, report was:\n{err}"
    return found[0]


def only_problem(err: str) -> str:
    """The report's only problem."""
    lines = problems(err)
    assert len(lines) == 1, err
    return lines[0]


# --- instance.yaml -------------------------------------------------------------------------


def test_malformed_yaml_names_its_line(folder, capsys):
    replace_text(folder / "instance.yaml", "horizon_years: 10\n", "horizon_years: 10: 5\n")
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith(f"instance.yaml, line {YAML_LINE['horizon_years']}:")
    assert "expected valid YAML (mapping values are not allowed here)" in message


def test_yaml_control_character_names_its_line(folder, capsys):
    replace_text(folder / "instance.yaml", "budget: 2600", "budget: 26\x0700")
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith(f"instance.yaml, line {YAML_LINE['budget']}:")
    assert "valid YAML (unacceptable character #x0007" in message


def test_yaml_top_level_must_be_a_mapping(folder, capsys):
    (folder / "instance.yaml").write_text("- budget\n- 2600\n", encoding="utf-8")
    message = only_problem(run_bad(folder, capsys))
    assert message == ("instance.yaml, line 1: got 'list'; expected a mapping of keys "
                       "(name:, budget:, ...) at the top level")


def test_unknown_yaml_key_suggests_the_nearest(folder, capsys):
    replace_text(folder / "instance.yaml", "budget: 2600", "budjet: 2600")
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith(f"instance.yaml, line {YAML_LINE['budget']}, key 'budjet': "
                              "got 'unknown key'; expected one of the keys name,")
    assert message.endswith("(did you mean 'budget'?)")


def test_repeated_yaml_key(folder, capsys):
    replace_text(folder / "instance.yaml", "budget: 2600\n", "budget: 2600\nbudget: 9000\n")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"instance.yaml, line {YAML_LINE['budget'] + 1}, key 'budget': "
                       f"got 'repeated key'; expected each key once (first on line "
                       f"{YAML_LINE['budget']})")


def test_negative_budget(folder, capsys):
    replace_text(folder / "instance.yaml", "budget: 2600", "budget: -5")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"instance.yaml, line {YAML_LINE['budget']}, key 'budget': got '-5'; "
                       "expected a number >= 0")


@pytest.mark.parametrize("value", [".nan", ".inf", "lots", "true"])
def test_budget_must_be_a_finite_number(folder, capsys, value):
    replace_text(folder / "instance.yaml", "budget: 2600", f"budget: {value}")
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith(f"instance.yaml, line {YAML_LINE['budget']}, key 'budget': got ")
    assert message.endswith("expected a number >= 0")


def test_region_not_in_sites(folder, capsys):
    replace_text(folder / "instance.yaml", "  West:\n", "  Westt:\n")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"instance.yaml, line {YAML_LINE['West']}, key 'regions.Westt': "
                       "got 'Westt'; expected a region of sites.csv (Central, West)")


def test_min_share_above_max_share(folder, capsys):
    replace_text(folder / "instance.yaml", "    min_share: 0.5\n",
                 "    min_share: 0.5\n    max_share: 0.3\n")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"instance.yaml, line {YAML_LINE['min_share']}, key "
                       "'regions.West.min_share': got '0.5'; expected min_share <= max_share "
                       "(0.3)")


def test_share_outside_unit_interval_in_yaml(folder, capsys):
    replace_text(folder / "instance.yaml", "min_share: 0.5", "min_share: 1.5")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"instance.yaml, line {YAML_LINE['min_share']}, key "
                       "'regions.West.min_share': got '1.5'; expected a number in [0, 1]")


@pytest.mark.parametrize("name", ["../x.csv", "sub/../../x.csv", "/etc/passwd"])
def test_files_must_stay_inside_the_folder(folder, capsys, name):
    shutil.copy(folder / "sites.csv", folder.parent / "x.csv")  # exists, yet refused
    with (folder / "instance.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"files:\n  sites: {name}\n")
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith(f"instance.yaml, line 18, key 'files.sites': got '{name}'; "
                              "expected a relative file name inside the instance folder")


def test_files_link_leading_outside_the_folder(folder, capsys):
    shutil.copy(folder / "sites.csv", folder.parent / "x.csv")
    (folder / "link.csv").symlink_to(folder.parent / "x.csv")
    with (folder / "instance.yaml").open("a", encoding="utf-8") as handle:
        handle.write("files:\n  sites: link.csv\n")
    message = only_problem(run_bad(folder, capsys))
    assert message == ("instance.yaml, line 18, key 'files.sites': got 'link.csv'; "
                       "expected a file inside the instance folder")


def test_files_naming_a_missing_file(folder, capsys):
    with (folder / "instance.yaml").open("a", encoding="utf-8") as handle:
        handle.write("files:\n  distances: roads.csv\n")
    message = only_problem(run_bad(folder, capsys))
    assert message == ("instance.yaml, line 18, key 'files.distances': got 'roads.csv'; "
                       "expected an existing file in the instance folder for the distances "
                       "table")


# --- files and headers ---------------------------------------------------------------------


def test_missing_sites_file(folder, capsys):
    (folder / "sites.csv").unlink()
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith("sites.csv: got 'no such file'; expected the sites table")


def test_missing_required_column(folder, capsys):
    drop_column(folder / "items.csv", "demand")
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith("items.csv, line 1, column 'demand': got 'missing column'; "
                              "expected a column 'demand' (Required hinterland capacity.")


def test_missing_column_suggests_a_misspelt_header(folder, capsys):
    rows = read_rows(folder / "items.csv")
    rows[0][rows[0].index("demand")] = "Demand"
    write_rows(folder / "items.csv", rows)
    message = one_problem(run_bad(folder, capsys), "column 'demand'")
    assert "did you mean 'Demand'?" in message


def test_duplicated_column_name(folder, capsys):
    rows = read_rows(folder / "sites.csv")
    rows[0][rows[0].index("base_ic")] = "cap_land"
    write_rows(folder / "sites.csv", rows)
    message = only_problem(run_bad(folder, capsys))
    assert message == ("sites.csv, line 1, column 'cap_land': got 'duplicated column'; "
                       "expected each column once")


def test_blank_column_name(folder, capsys):
    rows = read_rows(folder / "centres.csv")
    rows[0][1] = " "
    write_rows(folder / "centres.csv", rows)
    message = only_problem(run_bad(folder, capsys))
    assert message == "centres.csv, line 1: got ''; expected a name for every column"


def test_row_with_wrong_number_of_cells(folder, capsys):
    path = folder / "items.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[ITEM_LINE["crude"] - 1] = lines[ITEM_LINE["crude"] - 1].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['crude']}: got '21 cells'; "
                       "expected 20 cells as in the header")


@pytest.mark.parametrize("content", ["", "\n\n", " , \n"])
def test_empty_file(folder, capsys, content):
    (folder / "centres.csv").write_text(content, encoding="utf-8")
    message = only_problem(run_bad(folder, capsys))
    assert message == "centres.csv: got 'empty file'; expected a header line naming the columns"


def test_non_utf8_bytes(folder, capsys):
    path = folder / "sites.csv"
    data = path.read_bytes().replace(b"Shaanxi (Xi'an)", b"Shaanxi (Xi\xe2n)")
    path.write_bytes(data)
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith(f"sites.csv, line {SITE_LINE['SN']}: got ")
    assert "expected a UTF-8 text file (invalid continuation byte" in message


def test_non_utf8_yaml(folder, capsys):
    path = folder / "instance.yaml"
    path.write_bytes(path.read_bytes().replace(b"units: money", b"units: \xff money"))
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith("instance.yaml, line 8: got \"'\\\\xff'\"; ")
    assert "expected a UTF-8 text file" in message


# --- cells ---------------------------------------------------------------------------------


def test_non_numeric_cell(folder, capsys):
    set_cell(folder / "items.csv", "crude", "demand", "twenty")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['crude']} (item_id crude), column "
                       "'demand': got 'twenty'; expected a finite number >= 0")


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e400"])
def test_non_finite_cell(folder, capsys, value):
    set_cell(folder / "sites.csv", "GZ", "coast_km", value)
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"sites.csv, line {SITE_LINE['GZ']} (site_id GZ), column 'coast_km': "
                       f"got '{value}'; expected a finite number >= 0")


def test_non_finite_capacity_is_refused_even_though_blank_means_unlimited(folder, capsys):
    set_cell(folder / "sites.csv", "GZ", "cap_land", "inf")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"sites.csv, line {SITE_LINE['GZ']} (site_id GZ), column 'cap_land': "
                       "got 'inf'; expected a finite number >= 0")


def test_negative_demand(folder, capsys):
    set_cell(folder / "items.csv", "grain", "demand", "-1")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['grain']} (item_id grain), column "
                       "'demand': got '-1'; expected a finite number >= 0")


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("max_share", "1.5", "a finite number in (0, 1]"),
    ("max_share", "0", "a finite number in (0, 1]"),
    ("survive_share", "-0.1", "a finite number in [0, 1]"),
])
def test_share_outside_unit_interval(folder, capsys, column, value, expected):
    set_cell(folder / "items.csv", "ic_backup", column, value)
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['ic_backup']} (item_id ic_backup), column "
                       f"'{column}': got '{value}'; expected {expected}")


@pytest.mark.parametrize("value", ["2.5", "two", "-1"])
def test_min_sites_must_be_a_whole_number(folder, capsys, value):
    set_cell(folder / "items.csv", "grain", "min_sites", value)
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['grain']} (item_id grain), column "
                       f"'min_sites': got '{value}'; expected a whole number >= 0")


def test_bad_task(folder, capsys):
    set_cell(folder / "items.csv", "ai_compute", "task", "Reserve")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['ai_compute']} (item_id ai_compute), "
                       "column 'task': got 'Reserve'; expected one of reserve, backup, "
                       "integration")


@pytest.mark.parametrize("value", ["maybe", "2", ""])
def test_bad_boolean(folder, capsys, value):
    set_cell(folder / "sites.csv", "HB", "hinterland", value)
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"sites.csv, line {SITE_LINE['HB']} (site_id HB), column 'hinterland': "
                       f"got '{value}'; expected true or false (also yes/no, 1/0)")


def test_blank_required_id(folder, capsys):
    set_cell(folder / "sites.csv", "CQ", "site_id", "  ")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"sites.csv, line {SITE_LINE['CQ']}, column 'site_id': got ''; "
                       "expected a non-empty identifier")


def test_line_numbers_count_quoted_line_breaks(folder, capsys):
    set_cell(folder / "sites.csv", "SC", "name", "Sichuan\n(Chengdu)")
    set_cell(folder / "sites.csv", "CQ", "hazard", "high")
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith(f"sites.csv, line {SITE_LINE['CQ'] + 1} (site_id CQ), column "
                              "'hazard': got 'high'")


def test_unclosed_quote(folder, capsys):
    replace_text(folder / "sites.csv", "CQ,Chongqing,", 'CQ,"Chongqing,')
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"sites.csv, line {SITE_LINE['CQ']}: expected well-formed CSV (a quoted "
                       "cell starting on this line is never closed)")


def test_text_after_a_closing_quote(folder, capsys):
    replace_text(folder / "sites.csv", "CQ,Chongqing,", 'CQ,"Chong"qing,')
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"sites.csv, line {SITE_LINE['CQ']}: expected well-formed CSV "
                       "(',' expected after '\"')")


def test_problems_of_a_file_come_in_line_order(folder, capsys):
    set_cell(folder / "items.csv", "ai_compute", "demand", "x")
    set_cell(folder / "items.csv", "grain", "unit_capex", "y")
    set_cell(folder / "items.csv", "crude", "task", "z")
    lines = [p.split(",")[1] for p in problems(run_bad(folder, capsys))]
    assert lines == [" line 2 (item_id grain)", " line 3 (item_id crude)",
                     " line 5 (item_id ai_compute)"]


# --- ids across tables ---------------------------------------------------------------------


def test_duplicate_site_id(folder, capsys):
    set_cell(folder / "sites.csv", "HN", "site_id", "CQ")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"sites.csv, line {SITE_LINE['HN']}, column 'site_id': got 'CQ'; "
                       f"expected a unique site_id (also on line {SITE_LINE['CQ']})")


def test_duplicate_item_id(folder, capsys):
    set_cell(folder / "items.csv", "ai_compute", "item_id", "crude")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['ai_compute']}, column 'item_id': got "
                       f"'crude'; expected a unique item_id (also on line {ITEM_LINE['crude']})")


def test_unknown_centre_in_serves(folder, capsys):
    set_cell(folder / "items.csv", "grain", "serves", "JJJ; PRD ;GBA")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['grain']} (item_id grain), column 'serves': "
                       "got 'PRD'; expected centre ids of centres.csv (GBA, JJJ, YRD)")


def test_centre_served_twice(folder, capsys):
    set_cell(folder / "items.csv", "ic_backup", "serves", "YRD;YRD")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"items.csv, line {ITEM_LINE['ic_backup']} (item_id ic_backup), column "
                       "'serves': got 'YRD'; expected each centre once")


def test_unknown_ids_in_distances(folder, capsys):
    (folder / "distances.csv").write_text(
        "site_id,centre_id,km\nSC,JJJ,1500\nXX,JJJ,10\nSC,ZZZ,5\nSC,JJJ,1400\n", encoding="utf-8")
    err = run_bad(folder, capsys)
    assert len(problems(err)) == 3
    assert one_problem(err, "line 3") == ("distances.csv, line 3, column 'site_id': got 'XX'; "
                                          "expected a site_id defined in sites.csv")
    assert one_problem(err, "line 4") == ("distances.csv, line 4, column 'centre_id': got "
                                          "'ZZZ'; expected a centre_id defined in centres.csv")
    assert one_problem(err, "line 5") == ("distances.csv, line 5, column 'centre_id': got "
                                          "'SC, JJJ again'; expected one row per (site_id, "
                                          "centre_id) pair (also on line 2)")


def test_unknown_ids_in_current_layout(folder, capsys):
    (folder / "current_layout.csv").write_text(
        "site_id,item_id,capacity\nSC,grain,5\nTB,grain,3\nCQ,oil,2\n", encoding="utf-8")
    err = run_bad(folder, capsys)
    assert len(problems(err)) == 2
    assert one_problem(err, "line 3") == ("current_layout.csv, line 3, column 'site_id': got "
                                          "'TB'; expected a site_id defined in sites.csv")
    assert one_problem(err, "line 4") == ("current_layout.csv, line 4, column 'item_id': got "
                                          "'oil'; expected an item_id defined in items.csv")


def test_unknown_ids_name_renamed_files(folder, capsys):
    (folder / "sites.csv").rename(folder / "provinces.csv")
    with (folder / "instance.yaml").open("a", encoding="utf-8") as handle:
        handle.write("files:\n  sites: provinces.csv\n")
    (folder / "distances.csv").write_text("site_id,centre_id,km\nXX,JJJ,10\n", encoding="utf-8")
    message = only_problem(run_bad(folder, capsys))
    assert message == ("distances.csv, line 2, column 'site_id': got 'XX'; expected a site_id "
                       "defined in provinces.csv")


# --- coordinates and distances -------------------------------------------------------------


def blank_coordinates(folder: Path, site: str) -> None:
    set_cell(folder / "sites.csv", site, "lon", "")
    set_cell(folder / "sites.csv", site, "lat", "")


def test_hinterland_site_without_coordinates_or_distances(folder, capsys):
    blank_coordinates(folder, "GS")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"sites.csv, line {SITE_LINE['GS']} (site_id GS), column 'lon': got '';"
                       " expected lon and lat, or rows in distances.csv for the centres its "
                       "items serve (GBA, JJJ, YRD)")


def test_hinterland_site_with_some_distances_missing(folder, capsys):
    blank_coordinates(folder, "GS")
    (folder / "distances.csv").write_text("site_id,centre_id,km\nGS,JJJ,1200\n",
                                          encoding="utf-8")
    message = only_problem(run_bad(folder, capsys))
    assert message.endswith("for the centres its items serve (GBA, YRD)")


def test_centre_without_coordinates_is_blamed_not_the_sites(folder, capsys):
    set_cell(folder / "centres.csv", "YRD", "lat", "")
    message = only_problem(run_bad(folder, capsys))
    assert message == (f"centres.csv, line {CENTRE_LINE['YRD']} (centre_id YRD), column 'lon': "
                       "got ''; expected lon and lat, or rows in distances.csv for the "
                       "hinterland sites (SC, CQ, SN, GZ, GS, HB, HN, HA)")


def test_hinterland_site_with_distances_for_every_served_centre(folder, capsys):
    blank_coordinates(folder, "GS")
    (folder / "distances.csv").write_text(
        "site_id,centre_id,km\nGS,JJJ,1200\nGS,YRD,1700\nGS,GBA,1600\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == EXIT_OK
    assert "valid" in capsys.readouterr().out
    instance = load_instance(folder)
    assert instance.distance_km.loc["GS"].to_dict() == {"JJJ": 1200, "YRD": 1700, "GBA": 1600}
    assert math.isnan(instance.sites.loc["GS", "lon"])


def test_site_outside_the_hinterland_needs_no_coordinates(folder, capsys):
    set_cell(folder / "sites.csv", "HA", "hinterland", "false")
    blank_coordinates(folder, "HA")
    assert main(["validate", str(folder)]) == EXIT_OK
    assert "valid" in capsys.readouterr().out


# --- many at once --------------------------------------------------------------------------


def test_several_problems_are_all_reported(folder, capsys):
    replace_text(folder / "instance.yaml", "budget: 2600", "budget: -5")
    replace_text(folder / "instance.yaml", "  West:\n", "  Wild West:\n")
    set_cell(folder / "sites.csv", "SC", "hazard", "high")
    set_cell(folder / "sites.csv", "HN", "site_id", "CQ")
    set_cell(folder / "items.csv", "grain", "task", "store")
    set_cell(folder / "items.csv", "crude", "serves", "JJJ;XYZ")
    drop_column(folder / "centres.csv", "name")  # optional: not a problem
    (folder / "current_layout.csv").write_text("site_id,item_id,capacity\nSC,grain,-2\n",
                                               encoding="utf-8")
    err = run_bad(folder, capsys)
    assert len(problems(err)) == 7
    assert "7 problems in the instance:" in err
    one_problem(err, "instance.yaml, line 10, key 'budget'", "got '-5'")
    one_problem(err, "instance.yaml, line 12, key 'regions.Wild West'", "region of sites.csv")
    one_problem(err, "sites.csv, line 2 (site_id SC), column 'hazard'", "got 'high'",
                "in [0, 1]")
    one_problem(err, "sites.csv, line 8, column 'site_id'", "got 'CQ'", "also on line 3")
    one_problem(err, "items.csv, line 2 (item_id grain), column 'task'", "got 'store'")
    one_problem(err, "items.csv, line 3 (item_id crude), column 'serves'", "got 'XYZ'")
    one_problem(err, "current_layout.csv, line 2, column 'capacity'", "got '-2'", ">= 0")


def test_ragged_rows_do_not_hide_other_problems(folder, capsys):
    path = folder / "items.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",", ";", 1)  # grain loses a cell
    path.write_text("".join(lines), encoding="utf-8")
    set_cell(folder / "items.csv", "crude", "demand", "many")
    drop_column(folder / "centres.csv", "centre_id")
    err = run_bad(folder, capsys)
    assert len(problems(err)) == 3
    one_problem(err, "items.csv, line 2:", "got '19 cells'", "expected 20 cells")
    one_problem(err, "items.csv, line 3 (item_id crude), column 'demand'", "got 'many'")
    one_problem(err, "centres.csv, line 1, column 'centre_id'", "missing column")


# --- not errors ----------------------------------------------------------------------------


def test_bom_and_crlf_load_like_the_original(folder, capsys):
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert main(["validate", str(folder)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "valid" in captured.out and captured.err == ""
    original, converted = load_instance(EXAMPLE), load_instance(folder)
    for table in ("sites", "items", "centres", "distance_km"):
        assert getattr(converted, table).equals(getattr(original, table)), table
    assert converted.settings == original.settings


def test_validate_accepts_the_example(capsys):
    assert main(["validate", str(EXAMPLE)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "example: valid." in captured.out
    assert "Traceback" not in captured.err


# --- the real command ----------------------------------------------------------------------


def test_console_command_exits_2_without_traceback(folder, tmp_path):
    set_cell(folder / "items.csv", "crude", "demand", "twenty")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "hinterland.solvers.cli", "solve", str(folder), "--out", str(out),
         "--quiet"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "items.csv, line 3 (item_id crude), column 'demand': got 'twenty'" in done.stderr
    assert done.stdout == ""
    assert not out.exists()
    assert not (tmp_path / "results").exists()


def test_solve_without_out_leaves_results_untouched(folder, capsys, monkeypatch):
    set_cell(folder / "items.csv", "crude", "demand", "twenty")
    workdir = folder.parent / "work"
    (workdir / "results").mkdir(parents=True)
    monkeypatch.chdir(workdir)
    assert main(["solve", str(folder), "--quiet"]) == EXIT_INVALID
    assert "Traceback" not in capsys.readouterr().err
    assert list((workdir / "results").iterdir()) == []


def test_a_misspelt_optional_column_is_refused_not_silently_defaulted(folder, capsys):
    replace_text(folder / "items.csv", "max_share", "max_shar")
    message = only_problem(run_bad(folder, capsys))
    assert "items.csv, line 1, column 'max_shar': got 'unknown column'" in message
    assert "'max_share'" in message


def test_an_unrelated_extra_column_is_only_a_note(folder, capsys):
    rows = read_rows(folder / "sites.csv")
    write_rows(folder / "sites.csv", [[*rows[0], "population"]]
               + [[*row, "100"] for row in rows[1:]])
    assert main(["validate", str(folder)]) == 0
    assert "columns not used by the model: population" in capsys.readouterr().err


def test_a_synergy_pair_listed_in_both_orders(folder, capsys):
    (folder / "synergies.csv").write_text(
        "item_a,item_b,bonus\ngrain,crude,1\ncrude,grain,1\n", encoding="utf-8")
    message = only_problem(run_bad(folder, capsys))
    assert message.startswith("synergies.csv, line 3, column 'item_b': got 'crude, grain'")
    assert "each pair once, in either order (also on line 2)" in message


def test_weights_all_zero_are_refused(folder, capsys):
    path = folder / "instance.yaml"
    path.write_text(path.read_text() + "weights:\n  cost: 0\n", encoding="utf-8")
    message = only_problem(run_bad(folder, capsys))
    assert "key 'weights'" in message and "at least one positive weight" in message
