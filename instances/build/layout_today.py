"""Today's layout, where public facts give it (current_layout.csv).

* ``crude_oil_reserve``: the national oil reserve bases and their capacities at mid-2015 (NBS,
  via news; notes.md section 6), in million m3: Zhoushan 5.0 and Zhenhai 5.2 (Zhejiang), Dalian
  3.0 (Liaoning), Huangdao 3.2 and the Huangdao underground caverns 3.0 (Shandong), Dushanzi
  3.0 (Xinjiang), Lanzhou 3.0 (Gansu), Tianjin 3.2: 28.6 in all. SOURCED.
* ``ai_compute``: where the ten 'East Data West Computing' clusters stand is sourced (notes.md
  section 3); their compute is not. Each cluster is given 5 EFLOPS, split equally among the
  three provinces (or prefectures) of the Yangtze River Delta demonstration-zone cluster: an
  ASSUMPTION that marks presence, not size.
"""

from __future__ import annotations

import pandas as pd

#: (base, province, prefecture, million m3)
OIL_BASES = (
    ("Zhoushan", "Zhejiang", "舟山市", 5.0),
    ("Zhenhai", "Zhejiang", "宁波市", 5.2),
    ("Dalian", "Liaoning", "大连市", 3.0),
    ("Huangdao", "Shandong", "青岛市", 3.2),
    ("Huangdao underground caverns", "Shandong", "青岛市", 3.0),
    ("Dushanzi", "Xinjiang", "克拉玛依市", 3.0),
    ("Lanzhou", "Gansu", "兰州市", 3.0),
    ("Tianjin", "Tianjin", "天津市", 3.2),
)

CLUSTER_EFLOPS = 5.0

#: (cluster, provinces, prefectures); prefectures match ``name_zh``.
COMPUTE_CLUSTERS = (
    ("Zhangjiakou", ("Hebei",), ("张家口市",)),
    ("YRD Eco-Green Integration demonstration zone", ("Shanghai", "Jiangsu", "Zhejiang"),
     ("上海市", "苏州市", "嘉兴市")),
    ("Wuhu", ("Anhui",), ("芜湖市",)),
    ("Shaoguan", ("Guangdong",), ("韶关市",)),
    ("Tianfu", ("Sichuan",), ("成都市",)),
    ("Chongqing", ("Chongqing",), ("重庆市",)),
    ("Horinger", ("Inner Mongolia",), ("呼和浩特市",)),
    ("Gui'an", ("Guizhou",), ("贵阳市",)),
    ("Qingyang", ("Gansu",), ("庆阳市",)),
    ("Zhongwei", ("Ningxia",), ("中卫市",)),
)


def current_layout(sites: pd.DataFrame, level: str) -> pd.DataFrame:
    """Rows ``site_id, item_id, capacity`` for ``level`` 'provinces' or 'prefectures'.

    ``sites`` needs ``site_id``, ``province`` and (for prefectures) ``name_zh``.
    """
    key = "province" if level == "provinces" else "name_zh"
    site_of = dict(zip(sites[key], sites["site_id"], strict=True))
    rows: dict[tuple[str, str], float] = {}

    def add(place: str, item: str, capacity: float) -> None:
        if place not in site_of:
            raise KeyError(f"no site for {place!r} at the {level} level")
        pair = (site_of[place], item)
        rows[pair] = round(rows.get(pair, 0.0) + capacity, 6)

    for _, province, prefecture, capacity in OIL_BASES:
        add(province if level == "provinces" else prefecture, "crude_oil_reserve", capacity)
    for _, provinces, prefectures in COMPUTE_CLUSTERS:
        places = provinces if level == "provinces" else prefectures
        for place in places:
            add(place, "ai_compute", CLUSTER_EFLOPS / len(places))
    table = pd.DataFrame([(s, k, c) for (s, k), c in rows.items()],
                         columns=["site_id", "item_id", "capacity"])
    return table.sort_values(["item_id", "site_id"]).reset_index(drop=True)
