"""The items of the real instances: what the hinterland is to hold, and the assumptions behind it.

The item list follows the policy lists in the project's shared notes: reserve kinds (grain,
crude oil, natural gas, critical minerals, medical stock), critical industry chains named in
the 15th Five-Year Plan briefing (integrated circuits, industrial mother machines, high-end
instruments, basic software, advanced materials, biomanufacturing) and the 14th FYP and
Made in China 2025 lists (aero-engines, medical equipment), and new-quality industries from
the 2024 Government Work Report and 15th FYP Recommendations (AI compute, new energy, hydrogen,
commercial aerospace and the low-altitude economy).

Every number here is an ASSUMPTION, chosen at a plausible order of magnitude and written down
with its reasoning in ``why``; the datasheet prints them all. None is a statistic. Money is in
100 million CNY (亿元); each item has its own capacity unit.
"""

from __future__ import annotations

CENTRES_ALL = "JJJ;YRD;GBA"

#: Columns of items.csv in the order written.
COLUMNS = (
    "item_id", "name", "task", "sector", "unit", "demand", "min_scale", "max_share", "min_sites",
    "survive_share", "min_coast_km", "min_border_km", "max_hazard", "min_base", "fixed_cost",
    "unit_capex", "unit_opex", "transport_cost", "serves", "use_labour", "use_land",
    "survive_sites", "survive_share_province", "reach_km", "reach_sites", "min_separation_km",
    "value",
)


def _item(item_id: str, name: str, task: str, sector: str, unit: str, *, demand: float,
          min_scale: float, max_share: float, min_sites: int, survive_share: float,
          min_coast_km: float, min_border_km: float, max_hazard: float, min_base: float,
          fixed_cost: float, unit_capex: float, unit_opex: float, transport_cost: float,
          serves: str, use_labour: float, use_land: float, why: str, survive_sites: int = 1,
          survive_share_province: float = 0.0, reach_km: float = 0.0, reach_sites: int = 0,
          min_separation_km: float = 0.0, value: float | None = None) -> dict:
    # Risk adds hazard x value x capacity over items with different units; value = 100/demand
    # counts each item's capacity in percent of its demand, so all items weigh alike.
    if value is None:
        value = round(100.0 / demand, 10)
    return {k: v for k, v in locals().items()}


ITEMS: tuple[dict, ...] = (
    # --- supporting: strategic resource reserves ---------------------------------------------
    _item("grain_reserve", "Grain reserve storage", "reserve", "grain", "Mt",
          demand=30, min_scale=1, max_share=0.25, min_sites=4, survive_share=0.75,
          min_coast_km=300, min_border_km=100, max_hazard=0.6, min_base=0,
          fixed_cost=3, unit_capex=10, unit_opex=0.6, transport_cost=0.004,
          serves=CENTRES_ALL, use_labour=0.05, use_land=0.5, reach_km=1000, reach_sites=1,
          why="30 Mt of new inland storage, spread over at least 4 sites so that 75% survives "
              "the loss of one; 1,000 CNY per tonne of modern warehouse capacity; transport "
              "400 CNY per tonne per 1,000 km of mean distance to the centres, for the stock "
              "moved to them over the horizon. Every centre keeps a hinterland store within "
              "1,000 km (reach)."),
    _item("crude_oil_reserve", "Crude oil reserve base", "reserve", "oil", "million m3",
          demand=15, min_scale=2, max_share=0.4, min_sites=3, survive_share=0.6,
          min_coast_km=500, min_border_km=200, max_hazard=0.6, min_base=0,
          fixed_cost=10, unit_capex=30, unit_opex=0.5, transport_cost=0.01,
          serves=CENTRES_ALL, use_labour=0.02, use_land=0.3, survive_share_province=0.6,
          why="The national bases of 2015 held 28.6 million m3, nearly all on the coast "
              "(notes.md); half as much again inland, at least 500 km from the coast. Tank "
              "farms at 3,000 CNY per m3; the oil itself is not counted. 60% must survive the "
              "loss of a whole province."),
    _item("gas_storage", "Natural gas storage (working gas)", "reserve", "gas",
          "billion m3", demand=10, min_scale=1, max_share=0.4, min_sites=3,
          survive_share=0.6, min_coast_km=400, min_border_km=150, max_hazard=0.6, min_base=0,
          fixed_cost=8, unit_capex=40, unit_opex=1, transport_cost=0.006,
          serves=CENTRES_ALL, use_labour=0.01, use_land=0.2,
          why="No official storage figure was found (notes.md marks it missing); 10 billion "
              "m3 of working gas inland at 4 CNY per m3."),
    _item("critical_minerals", "Critical minerals reserve", "reserve", "minerals", "kt",
          demand=300, min_scale=20, max_share=0.35, min_sites=3, survive_share=0.65,
          min_coast_km=500, min_border_km=200, max_hazard=0.6, min_base=0,
          fixed_cost=2, unit_capex=0.05, unit_opex=0.005, transport_cost=0.00002,
          serves=CENTRES_ALL, use_labour=0.0005, use_land=0.002,
          why="Stockpiles of the 24 strategic minerals' metals (rare earths, lithium, cobalt, "
              "...): 300 kt of secure warehousing at 5,000 CNY per tonne of space."),
    _item("medical_stock", "Emergency medical supplies reserve", "reserve", "medical",
          "modules (supplies for 1 million people for a month)", demand=700, min_scale=20,
          max_share=0.2, min_sites=5, survive_share=0.8, min_coast_km=300,
          min_border_km=100, max_hazard=0.6, min_base=0, fixed_cost=1, unit_capex=0.2,
          unit_opex=0.05, transport_cost=0.0001, serves=CENTRES_ALL, use_labour=0.001,
          use_land=0.001, survive_sites=2,
          why="Half a month of national supply held inland, widely dispersed (5 sites, "
              "at most 20% each) so that 80% survives the loss of any two."),
    # --- replicating: backups of critical industry chains ------------------------------------
    _item("ic_backup", "Integrated-circuit backup fabs", "backup", "research",
          "10k wafers/month (12-inch eq.)", demand=40, min_scale=5, max_share=0.4,
          min_sites=3, survive_share=0.6, min_coast_km=700, min_border_km=300, max_hazard=0.6,
          min_base=0.4, fixed_cost=50, unit_capex=100, unit_opex=10, transport_cost=0,
          serves=CENTRES_ALL, use_labour=0.3, use_land=0.5, min_separation_km=800,
          why="Backup of the chip chain named first in the 15th FYP briefing: 400k wafers a "
              "month at 10 bn CNY per 10k; 700 km from the coast, the Third Front's depth "
              "(notes.md), and 800 km from each centre it backs up; a research base "
              "(universities) of at least 0.4."),
    _item("machine_tool_backup", "Industrial mother machines", "backup", "industry",
          "thousand machines/year", demand=20, min_scale=2, max_share=0.35, min_sites=3,
          survive_share=0.6, min_coast_km=700, min_border_km=300, max_hazard=0.6,
          min_base=0.5, fixed_cost=10, unit_capex=15, unit_opex=2, transport_cost=0.001,
          serves="JJJ;YRD", use_labour=0.5, use_land=0.3,
          why="High-end CNC machine tools, a chain MIIT calls strategic; placed where the "
              "Third Front left an industrial base (core or partial)."),
    _item("aero_engine_backup", "Aero-engines and gas turbines", "backup", "industry",
          "hundred engines/year", demand=10, min_scale=2, max_share=0.5, min_sites=2,
          survive_share=0.5, min_coast_km=800, min_border_km=300, max_hazard=0.6,
          min_base=1.0, fixed_cost=30, unit_capex=40, unit_opex=5, transport_cost=0,
          serves="JJJ;YRD", use_labour=0.5, use_land=0.5,
          why="A 14th FYP priority; only in core Third Front provinces (base 1.0), 800 km "
              "from the coast, two sites at least."),
    _item("instruments_backup", "High-end instruments", "backup", "research",
          "bn CNY output/year", demand=50, min_scale=5, max_share=0.4, min_sites=3,
          survive_share=0.6, min_coast_km=600, min_border_km=200, max_hazard=0.6,
          min_base=0.4, fixed_cost=5, unit_capex=1.5, unit_opex=0.3, transport_cost=0,
          serves=CENTRES_ALL, use_labour=0.02, use_land=0.01,
          why="Named in the 15th FYP briefing; needs a research base; 1.5 CNY of "
              "investment per CNY of annual output."),
    _item("basic_software_backup", "Basic and industrial software", "backup", "research",
          "thousand engineers", demand=100, min_scale=10, max_share=0.3, min_sites=4,
          survive_share=0.7, min_coast_km=600, min_border_km=200, max_hazard=0.6,
          min_base=0.5, fixed_cost=2, unit_capex=0.5, unit_opex=2, transport_cost=0,
          serves=CENTRES_ALL, use_labour=0.1, use_land=0.001,
          why="Backup development and operations centres for basic software (15th FYP "
              "briefing): 100,000 engineers at 200,000 CNY a year each."),
    _item("advanced_materials_backup", "Advanced materials", "backup", "industry",
          "Mt/year", demand=5, min_scale=0.5, max_share=0.4, min_sites=3, survive_share=0.6,
          min_coast_km=500, min_border_km=200, max_hazard=0.6, min_base=0.5, fixed_cost=10,
          unit_capex=60, unit_opex=8, transport_cost=0.02, serves=CENTRES_ALL,
          use_labour=0.3, use_land=1.0,
          why="Named in the 15th FYP briefing and the 14th FYP list; heavy plants that ship "
              "their output to the centres."),
    _item("biomanufacturing_backup", "Biomanufacturing and biopharma", "backup", "research",
          "thousand m3 fermentation", demand=20, min_scale=2, max_share=0.4, min_sites=3,
          survive_share=0.6, min_coast_km=500, min_border_km=200, max_hazard=0.6,
          min_base=0.4, fixed_cost=8, unit_capex=12, unit_opex=2, transport_cost=0.0005,
          serves=CENTRES_ALL, use_labour=0.1, use_land=0.2,
          why="Named in the 15th FYP briefing; needs a research base."),
    _item("medical_equipment_backup", "High-end medical equipment", "backup", "research",
          "bn CNY output/year", demand=60, min_scale=5, max_share=0.4, min_sites=3,
          survive_share=0.6, min_coast_km=500, min_border_km=200, max_hazard=0.6,
          min_base=0.3, fixed_cost=4, unit_capex=1.2, unit_opex=0.2, transport_cost=0,
          serves=CENTRES_ALL, use_labour=0.02, use_land=0.01,
          why="14th FYP and Made in China 2025 lists; light plants near universities."),
    # --- driving: new-quality industries -----------------------------------------------------
    _item("ai_compute", "AI compute (intelligent computing centres)", "integration", "compute",
          "EFLOPS", demand=50, min_scale=5, max_share=0.3, min_sites=4, survive_share=0.5,
          min_coast_km=0, min_border_km=100, max_hazard=0.6, min_base=1.0, fixed_cost=5,
          unit_capex=20, unit_opex=2, transport_cost=0, serves=CENTRES_ALL,
          use_labour=0.005, use_land=0.05,
          why="Only where an 'East Data West Computing' cluster stands (base 1.0); 2 bn CNY "
              "per EFLOPS and 0.2 bn a year of power; data travel by fibre, so no transport."),
    _item("new_energy_equipment", "New-energy equipment (wind, solar, storage)", "integration",
          "energy", "GW/year", demand=100, min_scale=10, max_share=0.3, min_sites=4,
          survive_share=0.5, min_coast_km=300, min_border_km=100, max_hazard=0.6, min_base=0,
          fixed_cost=5, unit_capex=3, unit_opex=0.3, transport_cost=0.0002, serves="",
          use_labour=0.01, use_land=0.02,
          why="Factories for the wind and solar bases of the central and western regions "
              "(CSSN 2025); the equipment is installed nearby, so no transport to the centres."),
    _item("green_hydrogen", "Green hydrogen production", "integration", "energy", "Mt/year",
          demand=2, min_scale=0.2, max_share=0.4, min_sites=3, survive_share=0.5,
          min_coast_km=300, min_border_km=100, max_hazard=0.6, min_base=0, fixed_cost=5,
          unit_capex=150, unit_opex=20, transport_cost=0.05, serves=CENTRES_ALL,
          use_labour=0.05, use_land=2.0,
          why="Hydrogen named in the 2024 Government Work Report and 15th FYP future "
              "industries; land-hungry, shipped to the centres."),
    _item("aerospace_low_altitude", "Commercial aerospace and low-altitude aircraft",
          "integration", "industry", "thousand aircraft/year", demand=10, min_scale=1,
          max_share=0.4, min_sites=3, survive_share=0.5, min_coast_km=500, min_border_km=200,
          max_hazard=0.6, min_base=0.5, fixed_cost=10, unit_capex=20, unit_opex=3,
          transport_cost=0, serves="", use_labour=0.1, use_land=0.3,
          why="Emerging pillar industries of the 15th FYP Recommendations; built on the Third "
              "Front's aviation base."),
)
