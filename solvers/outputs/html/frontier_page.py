"""The report of a cost frontier (``hinterland pareto``): the trade-off and its knee.

Charts cost against the second term with the straight line between the ends and the knee
circled, the marginal cost of each step, and maps the least-cost layout, the knee and the
other end. Every number comes from ``frontier.csv``, ``summary.json`` and ``points/``.
"""

from __future__ import annotations

import math

import numpy as np

from hinterland.solvers.outputs.html import charts, markup
from hinterland.solvers.outputs.html.layouts import (
    investment_scale,
    layout_layer,
    money_unit,
    tasks,
)
from hinterland.solvers.outputs.html.markup import Card, Page, esc, number
from hinterland.solvers.outputs.html.results import REPORT_MAP, FrontierResults
from hinterland.solvers.outputs.html.shapes import SiteShapes
from hinterland.solvers.outputs.html.svgmap import (
    base_legend,
    render,
)


def frontier_layers(results: FrontierResults) -> dict[str, int]:
    """Names and points of the layouts mapped: least cost, the knee, and the other end."""
    table = results.table
    word = results.column
    first, last = int(table["point"].iloc[0]), int(table["point"].iloc[-1])
    chosen = {f"Least cost (point {first:02d})": first}
    knees = table.loc[table["knee"] == 1, "point"]
    if len(knees) and int(knees.iloc[0]) not in (first, last):
        chosen[f"Knee (point {int(knees.iloc[0]):02d})"] = int(knees.iloc[0])
    if last != first:
        chosen[f"Least {word} (point {last:02d})"] = last
    return chosen


def frontier_page(results: FrontierResults, shapes: SiteShapes) -> Page:
    """The whole page of a frontier."""
    instance, summary = results.instance, results.summary
    chosen = frontier_layers(results)
    sections = [("headline", "Headline", _frontier_headline(results)),
                ("frontier", "Frontier", _frontier_chart(results))]
    sections.append(("map", "Map", _frontier_map(results, shapes, chosen)))
    table = results.table.drop(columns=["layout"], errors="ignore")
    sections.append(("points", "Points", markup.table(table, markup.frame_columns(table),
                                                      table_id="points",
                                                      bad_row=lambda row: row["knee"] == 1)))
    notes = [*summary.get("warnings", []),
             *(f"point {d['point']} dropped: {d['why']}" for d in summary.get("dropped", []))]
    if notes:
        sections.append(("notes", "Notes", markup.bullet_list(notes)))
    subtitle = (f"cost against {results.column} for {instance.name}: {len(table)} frontier "
                f"points, {summary.get('status')}")
    footer = [f"Made by hinterland report from {results.folder.name}/ (summary.json, "
              f"frontier.csv, points/) and the instance {instance.name} at {instance.folder} "
              f"(sha256 {instance.digest[:16]}...). Method: {summary.get('method', '')}.",
              markup.units_line(instance)]
    return Page(f"hinterland report: {instance.name} frontier", subtitle,
                sections,
                list(chosen), footer)


def _frontier_headline(results: FrontierResults) -> str:
    table, column = results.table, results.column
    unit = money_unit(results.instance)
    money = f" ({unit})" if unit else ""
    first, last = table.iloc[0], table.iloc[-1]
    items = [
        Card("points", "Frontier points", str(len(table)), len(table),
             f"of {results.summary.get('points_requested')} requested"),
        Card("least_cost", f"Least cost{money}", number(first["cost"], "money"), first["cost"],
             f"{column} {number(first[column])}"),
        Card("least_other", f"Cost at least {column}{money}", number(last["cost"], "money"),
             last["cost"], f"{column} {number(last[column])}"),
    ]
    knee = table[table["knee"] == 1]
    if len(knee):
        row = knee.iloc[0]
        items.append(Card("knee", "Knee", f"point {int(row['point']):02d}", int(row["point"]),
                          f"cost {number(row['cost'], 'money')}, {column} "
                          f"{number(row[column])}"))
    if first["cost"]:
        extra = (last["cost"] - first["cost"]) / first["cost"]
        items.append(Card("extra", f"Cost of the least {column}", number(extra, "share"),
                          extra, "over the least cost"))
    return markup.cards(items)


def _frontier_chart(results: FrontierResults) -> str:
    table, column = results.table, results.column
    unit = money_unit(results.instance)
    xs = table[column].astype(float).tolist()
    ys = table["cost"].astype(float).tolist()
    plot = charts.Plot(charts.padded(xs), charts.padded(ys), f"{column}",
                       f"cost ({unit})" if unit else "cost")
    if len(xs) >= 2:
        plot.line([xs[0], xs[-1]], [ys[0], ys[-1]], "#b5b5b5", dash="5 4", width=1.2,
                  tip="straight line between the ends")
    plot.line(xs, ys, charts.PALETTE[0])
    for i, row in enumerate(table.itertuples()):
        tip = (f"point {int(row.point):02d}: cost {number(row.cost, 'money')}, {column} "
               f"{number(getattr(row, column))}\nmarginal cost "
               f"{number(row.marginal_cost, 'money')} per unit of {column}")
        plot.point(xs[i], ys[i], charts.PALETTE[0], tip, css="point frontier-point")
        label = f"{int(row.point):02d}"
        if i == 0:
            label += " least cost"
        elif i == len(xs) - 1:
            label += f" least {column}"
        plot.text(xs[i], ys[i], label)
    knee = table.index[table["knee"] == 1]
    if len(knee):
        k = table.index.get_loc(knee[0])
        plot.point(xs[k], ys[k], charts.BAD, f"knee: point {int(table['point'].iloc[k]):02d}",
                   shape="ring", size=10, css="knee")
        plot.text(xs[k], ys[k], "knee", dx=12, dy=16, colour=charts.BAD)
    body = [f"<figure>{plot.svg(f'cost against {column}', 'chart-frontier')}<figcaption>"
            f"The least cost at each level of {esc(column)} (epsilon-constraint); the knee, "
            "in red, is the point farthest from the straight line between the ends: there "
            "the trade-off turns from cheap to dear.</figcaption></figure>"]
    prices = table["marginal_cost"].astype(float).to_numpy()
    if len(xs) >= 2 and np.isfinite(prices[1:]).any():
        top = float(np.nanmax(prices[1:]))
        steps = charts.Plot(charts.padded(xs), (0.0, top * 1.1 if top > 0 else 1.0), column,
                            f"{unit} per unit" if unit else "per unit", height=240)
        for i in range(1, len(xs)):
            if math.isfinite(prices[i]):
                steps.line([xs[i - 1], xs[i]], [prices[i], prices[i]], charts.PALETTE[1],
                           width=3, tip=f"point {int(table['point'].iloc[i]):02d}: one unit "
                           f"less {column} costs {number(prices[i], 'money')}")
        body.append(f"<figure>{steps.svg('marginal cost', 'chart-marginal')}<figcaption>"
                    f"Marginal cost: what one unit less {esc(column)} costs on each step of "
                    "the frontier.</figcaption></figure>")
    return "".join(body)


def _frontier_map(results: FrontierResults, shapes: SiteShapes,
                  chosen: dict[str, int]) -> str:
    instance = results.instance
    layouts = {name: results.layouts[point] for name, point in chosen.items()}
    scale = investment_scale(instance, layouts)
    layers = [layout_layer(instance, name, layout, scale) for name, layout in layouts.items()]
    svg = render(shapes, layers, label=f"{instance.name}: layouts on the frontier")
    rows = results.table.set_index("point")
    texts = [markup.paragraph(
        f"{name}: cost {number(rows.loc[point, 'cost'], 'money')}, {results.column} "
        f"{number(rows.loc[point, results.column])}, investment "
        f"{number(rows.loc[point, 'investment'], 'money')}.", [k])
        for k, (name, point) in enumerate(chosen.items())]
    side = (f'<div class="legend">{"".join(texts)}{scale.legend()}'
            f"{base_legend(shapes, tasks(instance))}"
            f'<p class="note">Switch between the ends and the knee in the bar above. A static '
            f'map of the three is <a href="{REPORT_MAP}">{REPORT_MAP}</a>.</p></div>')
    return f'<div class="maprow"><div class="mapbox">{svg}</div>{side}</div>'
