"""Site attributes of the real instances, each from a named source by a stated rule.

Sourced facts come from ``provinces.csv`` in the project's shared data (every column there has a
``src_*`` column). Where a figure is derived by a rule, the rule is here and in the datasheet;
where it is an assumption, it says so. Prefecture figures that no shipped source gives are
apportioned from their province by the rules below.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

#: Regions whose inland provinces are candidate hinterland (CSSN 2025, notes.md section 2).
HINTERLAND_REGIONS = ("Central", "West")

#: Assumed share of resident population available to hinterland projects (labour capacity).
LABOUR_SHARE = 0.005
#: Assumed share of land area available to hinterland projects (land capacity).
LAND_SHARE = 0.0005
#: Assumed elasticity of construction cost to income (GDP per head relative to the nation).
COST_ELASTICITY = 0.25

#: Hazard rule (an assumption, see :func:`hazard`).
HAZARD_BELT, HAZARD_PLATEAU, HAZARD_OTHER = 0.6, 0.5, 0.2

#: Prefectures that are islands and reefs at sea (their representative point falls on a reef
#: hundreds of km offshore): on the coast by definition, with no labour to speak of.
AT_SEA = {"460300": "Sansha (三沙市), islands and reefs of the South China Sea"}

THIRD_FRONT_BASE = {"core": 1.0, "partial": 0.5, "disputed": 0.25, "no": 0.0}

#: Prefectures holding each 'East Data West Computing' cluster (notes.md section 3), by name.
COMPUTE_CLUSTER_PREFECTURES = (
    "张家口市", "芜湖市", "韶关市", "成都市", "重庆市", "呼和浩特市", "贵阳市", "庆阳市", "中卫市",
    "上海市", "苏州市", "嘉兴市",
)


def read_provinces(path: Path) -> pd.DataFrame:
    """``provinces.csv`` indexed by ``province_en``."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return table.set_index("province_en", drop=False)


def is_hinterland(region: pd.Series, coastal: pd.Series) -> pd.Series:
    """Inland provinces of the Central and West regions (notes.md section 2, CSSN definition)."""
    return region.isin(HINTERLAND_REGIONS) & (coastal == "no")


def cost_index(provinces: pd.DataFrame) -> pd.Series:
    """``(GDP per head / national GDP per head) ** 0.25``, rounded to 0.01 (an assumption).

    Wages and land prices, the bulk of construction cost that varies by place, rise with income
    but far less than in proportion; the exponent 0.25 is an assumption, not an estimate.
    """
    gdp = provinces["gdp_2023_100m_yuan"].astype(float)
    pop = provinces["pop_2023_yearend_10k"].astype(float)
    ratio = (gdp / pop) / (gdp.sum() / pop.sum())
    return (ratio ** COST_ELASTICITY).round(2)


def hazard(lon: pd.Series, lat: pd.Series) -> pd.Series:
    """A coarse hazard placeholder by location (an ASSUMPTION, not measured).

    0.6 inside the band of the North-South Seismic Belt (97-107 deg E, 21-42 deg N), 0.5 west of
    it (Tibetan Plateau, Tianshan), 0.2 elsewhere. The authority is the seismic zoning standard
    GB 18306-2015, not shipped here; replace this column with PGA / 0.4 g (capped at 1), or a
    composite of seismic, flood and geological indices, when those data are at hand.
    """
    belt = lon.between(97, 107) & lat.between(21, 42)
    values = np.where(belt, HAZARD_BELT, np.where(lon < 97, HAZARD_PLATEAU, HAZARD_OTHER))
    return pd.Series(values, index=lon.index)


def bases(provinces: pd.DataFrame) -> pd.DataFrame:
    """Sector bases in 0..1 per province, from sourced facts by stated rules.

    * ``base_compute``: 1 where the province has an 'East Data West Computing' cluster, else 0;
    * ``base_industry``: Third Front status: core 1, partial 0.5, disputed 0.25, none 0;
    * ``base_research``: regular higher-education institutions relative to the most, 2 decimals.
    """
    third_front = provinces["third_front"].str.split(" ").str[0].map(THIRD_FRONT_BASE)
    universities = provinces["regular_hei_2023_count"].astype(float)
    return pd.DataFrame({
        "base_compute": (provinces["edwc_cluster"] != "").astype(float),
        "base_industry": third_front.astype(float),
        "base_research": (universities / universities.max()).round(2),
    }, index=provinces.index)


def _site_columns(geo: pd.DataFrame, provinces: pd.DataFrame
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The columns both levels share, and each site's province facts (indexed like ``geo``)."""
    facts = provinces.loc[geo["province"]]
    facts.index = geo.index
    table = geo[["site_id", "name", "province", "region", "lon", "lat"]].copy()
    table["hinterland"] = is_hinterland(facts["nbs_region"], facts["coastal"]).to_numpy()
    table["cost_index"] = cost_index(provinces).loc[geo["province"]].to_numpy()
    table["hazard"] = hazard(geo["lon"], geo["lat"])
    table["coast_km"] = geo["coast_km"]
    table["border_km"] = geo["border_km"]
    return table, facts


def province_sites(geo: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """sites.csv rows for the province instance."""
    table, facts = _site_columns(geo, provinces)
    pop = facts["pop_2023_yearend_10k"].astype(float)
    table["cap_labour"] = (pop * LABOUR_SHARE).round(2)
    table["cap_land"] = (facts["area_km2"].astype(float) * LAND_SHARE).round(2)
    site_bases = bases(provinces).loc[geo["province"]]
    site_bases.index = geo.index
    return pd.concat([table, site_bases, statistics(facts)], axis=1)


def statistics(facts: pd.DataFrame) -> pd.DataFrame:
    """The sourced statistics the suitability criteria read (``stat_<name>`` columns).

    * ``stat_population``: year-end 2023 resident population, 10k persons (NBS);
    * ``stat_gdp``: 2023 GDP, 100 million CNY (NBS, the vintage before the fifth economic
      census).

    Province figures only: no prefecture figures ship, and apportioning a province's
    population or GDP to its prefectures would present a rule as a statistic.
    """
    return pd.DataFrame({
        "stat_population": facts["pop_2023_yearend_10k"].astype(float),
        "stat_gdp": facts["gdp_2023_100m_yuan"].astype(float),
    }, index=facts.index)


def prefecture_sites(geo: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """sites.csv rows for the prefecture instance, apportioned from provinces by stated rules.

    A prefecture takes its province's hinterland status, cost index and industry and research
    bases; its hazard comes from its own location; its labour is the province's apportioned by
    the prefecture's share of the province's area (populations per prefecture are not shipped);
    its land is its own area times the same share; ``base_compute`` is 1 only in a prefecture
    that holds a computing cluster. A prefecture at sea (``AT_SEA``) has ``coast_km`` 0 and no
    share of its province's labour.
    """
    table, facts = _site_columns(geo, provinces)
    at_sea = geo["site_id"].isin(list(AT_SEA))
    table.loc[at_sea, "coast_km"] = 0.0
    land_area = geo["area_km2"].where(~at_sea, 0.0)
    area_share = land_area / land_area.groupby(geo["province"]).transform("sum")
    pop = facts["pop_2023_yearend_10k"].astype(float)
    table["cap_labour"] = (pop * area_share * LABOUR_SHARE).round(3)
    table["cap_land"] = (geo["area_km2"] * LAND_SHARE).round(3)
    site_bases = bases(provinces).loc[geo["province"]]
    site_bases.index = geo.index
    site_bases["base_compute"] = geo["name_zh"].isin(COMPUTE_CLUSTER_PREFECTURES).astype(float)
    return pd.concat([table, site_bases], axis=1)
