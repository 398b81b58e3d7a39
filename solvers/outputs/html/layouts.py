"""Layouts as map layers: fills by investment, markers per item, tooltips with the numbers.

Investment per site is :func:`hinterland.model.pricing.site_investment`, the figure the static
maps colour by, so the page and ``report_map.png`` agree; every layer of a page shares one colour
scale so that the same colour means the same money in each.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from hinterland.model.instance import Instance
from hinterland.model.layout import developed_sites, normalise_layout
from hinterland.model.pricing import site_investment
from hinterland.solvers.outputs import maps
from hinterland.solvers.outputs.html.markup import number
from hinterland.solvers.outputs.html.svgmap import ColourScale, MapLayer, Marker, task_colour


def money_unit(instance: Instance) -> str:
    """The instance's money unit for labels ('' when its units name none)."""
    return maps.money_unit(instance.settings.units)


def site_heading(instance: Instance, site_id: str) -> list[str]:
    """The lines every tooltip of a site starts with: name, place, depth and hazard."""
    row = instance.sites.loc[site_id]
    name = str(row.get("name", site_id))
    lines = [f"{name} ({site_id})" if name != site_id else site_id,
             f"{row.get('province', '')}, {row.get('region', '')}".strip(", ")]
    inside = bool(row.get("hinterland", True))
    facts = [] if inside else ["outside the hinterland"]
    for column, label in (("coast_km", "coast"), ("border_km", "border")):
        if column in row.index and not pd.isna(row[column]):
            facts.append(f"{label} {number(row[column], 'km')} km")
    if "hazard" in row.index and not pd.isna(row["hazard"]):
        facts.append(f"hazard {number(row['hazard'])}")
    if facts:
        lines.append(", ".join(facts))
    return lines


def item_label(instance: Instance, item_id: str) -> str:
    name = str(instance.items.loc[item_id].get("name", item_id))
    return f"{name} ({item_id})" if name != item_id else item_id


def investment_scale(instance: Instance, layouts: Mapping[str, pd.DataFrame]) -> ColourScale:
    """One scale for every layout of a page, as
    :func:`hinterland.solvers.outputs.maps.draw_comparison` has."""
    values = [site_investment(instance, layout).to_numpy(dtype=float)
              for layout in layouts.values()]
    joined = np.concatenate(values) if values else np.zeros(0)
    return ColourScale.investment(joined, money_unit(instance))


def layout_layer(instance: Instance, name: str, layout: pd.DataFrame | None,
                 scale: ColourScale) -> MapLayer:
    """A layer of ``layout``: sites filled by investment, a marker per hosted item."""
    unit = money_unit(instance)
    money = f" ({unit})" if unit else ""
    if layout is None:
        tips = {str(s): "\n".join([*site_heading(instance, str(s)), f"{name}: no layout"])
                for s in instance.sites.index}
        return MapLayer(name, {}, frozenset(), tips, [])
    rows = normalise_layout(layout)
    invested = site_investment(instance, rows)
    developed = frozenset(developed_sites(rows)) | frozenset(invested.index[invested > 0])
    fills = {str(s): scale.colour(v) for s, v in invested.items() if v > 0}
    held = rows[(rows["capacity"] > 0) | (rows["hosting"] > 0)]
    units = instance.items["unit"]
    tips, markers = {}, []
    by_site = dict(iter(held.groupby("site_id", sort=False)))
    for site in instance.sites.index:
        mine = by_site.get(site, held.iloc[0:0])
        lines = site_heading(instance, str(site))
        if len(mine):
            lines.append(f"{name}: investment {number(invested.get(site, 0.0), 'money')}"
                         f"{money}")
            lines += [f"  {r.item_id}: {number(r.capacity)} {units[r.item_id]}"
                      + ("" if r.hosting > 0 else " (not hosting)") for r in mine.itertuples()]
        else:
            lines.append(f"{name}: nothing placed")
        tips[str(site)] = "\n".join(lines)
    for r in held[held["hosting"] > 0].itertuples():
        item = instance.items.loc[r.item_id]
        site_name = str(instance.sites.loc[r.site_id].get("name", r.site_id))
        markers.append(Marker(str(r.site_id), task_colour(str(item.get("task", ""))),
                              f"{item_label(instance, str(r.item_id))}\n{name}, at "
                              f"{site_name} ({r.site_id})\ncapacity {number(r.capacity)} "
                              f"{item['unit']} of a demand of {number(item['demand'])}"))
    return MapLayer(name, fills, frozenset(str(s) for s in developed), tips, markers)


def tasks(instance: Instance) -> list[str]:
    """The instance's tasks in the order of the project's three (others after)."""
    found = [str(t) for t in dict.fromkeys(instance.items["task"])] if "task" in \
        instance.items.columns else []
    order = {"reserve": 0, "backup": 1, "integration": 2}
    return sorted(found, key=lambda t: (order.get(t, 3), t))
