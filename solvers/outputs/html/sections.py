"""The sections of a report bound to its layouts: map, objective, items, regions, rules, sites.

A page shows one or more layouts (:class:`Layer`), each measured by
:func:`hinterland.model.evaluation.evaluate` against the instance it is a layout of (for a plan,
each period seen as its own instance). Every section here draws one table or chart per layer and
binds it to the layer, so that the switch in the bar changes them all; the pages of a solve
(:mod:`hinterland.solvers.outputs.html.solve_page`) and of a plan
(:mod:`hinterland.solvers.outputs.html.plan_page`) share them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hinterland.model.comparison import site_changes
from hinterland.model.evaluation import Evaluation, site_summary
from hinterland.model.instance import Instance
from hinterland.model.settings import Weights
from hinterland.solvers.outputs.html import charts, markup
from hinterland.solvers.outputs.html.layouts import investment_scale, layout_layer, tasks
from hinterland.solvers.outputs.html.markup import Column, esc, number
from hinterland.solvers.outputs.html.results import REPORT_MAP
from hinterland.solvers.outputs.html.shapes import SiteShapes
from hinterland.solvers.outputs.html.svgmap import base_legend, render

TERMS = (
    ("open_cost", "opening cost of the developed sites"),
    ("fixed_cost", "fixed cost of each hosted item"),
    ("capex", "capital cost of the capacity"),
    ("investment", "open + fixed + capex"),
    ("opex", "running cost over the horizon"),
    ("transport", "transport to the centres served"),
    ("cost", "investment + opex + transport"),
    ("risk", "hazard x value x capacity"),
    ("imbalance", "deviation of regional investment from the target shares"),
    ("synergy", "bonus of item pairs hosted together"),
)

ITEM_COLUMNS = [
    Column("item_id", "item"),
    Column("task", "task"),
    Column("unit", "unit"),
    Column("demand", "demand", "number"),
    Column("capacity", "capacity", "number"),
    Column("sites", "sites", "count", "hosting sites (min_sites is the rule)"),
    Column("largest_site_share", "largest site", "share",
           "the largest site's capacity over demand (max_share is the rule)"),
    Column("worst_site", "at"),
    Column("left_after_sites_loss", "left after losing sites", "number",
           "capacity left when the survive_sites largest sites are lost"),
    Column("left_after_province_loss", "left after losing a province", "number",
           "capacity left when the province holding most is lost"),
    Column("mean_coast_km", "coast km", "km", "capacity-weighted distance from the coast"),
    Column("mean_border_km", "border km", "km", "capacity-weighted distance from the border"),
    Column("mean_hazard", "hazard", "number", "capacity-weighted hazard"),
    Column("rules", "rules broken", "count"),
]

VIOLATION_COLUMNS = [
    Column("family", "rule"),
    Column("subject", "subject"),
    Column("amount", "amount", "number"),
    Column("limit", "limit", "number"),
    Column("message", "what is wrong"),
]

SEGMENTS = (("open_cost", "opening", "#7b4f9d"), ("fixed_cost", "fixed", "#b07cc6"),
            ("capex", "capex", "#e8a33d"), ("opex", "opex", "#4a7fb0"),
            ("transport", "transport", "#6bb38a"))


@dataclass(frozen=True)
class Layer:
    """A layout of the page, its name, its measurement and the instance it was measured on.

    ``instance`` is the results' instance for a single-period layout, and the period seen as
    its own instance (:func:`hinterland.model.periods.period_view`) for a layout of a plan's period.
    """

    name: str
    layout: pd.DataFrame
    evaluation: Evaluation
    instance: Instance


def map_section(instance: Instance, shown: list[Layer], shapes: SiteShapes) -> str:
    """The map, a layer per layout on one colour scale, with what each layer holds."""
    scale = investment_scale(instance, {layer.name: layer.layout for layer in shown})
    map_layers = [layout_layer(layer.instance, layer.name, layer.layout, scale)
                  for layer in shown]
    svg = render(shapes, map_layers, label=f"{instance.name}: investment by site")
    texts = []
    for k, layer in enumerate(shown):
        developed = len(map_layers[k].developed)
        texts.append(markup.paragraph(
            f"{layer.name}: investment {number(layer.evaluation.terms['investment'], 'money')}"
            f" at {developed} developed site{'s' if developed != 1 else ''}; "
            f"{len(layer.evaluation.violations)} rules broken.", [k]))
    side = (f'<div class="legend">{"".join(texts)}{scale.legend()}'
            f"{base_legend(shapes, tasks(instance))}"
            f'<p class="note">Point at a site or a dot for its numbers. A static map for '
            f'documents is <a href="{REPORT_MAP}">{REPORT_MAP}</a> beside this file.</p></div>')
    return f'<div class="maprow"><div class="mapbox">{svg}</div>{side}</div>'


def objective_section(shown: list[Layer], weights: Weights, unit: str, running: str, *,
                      difference: bool = True) -> str:
    """Every term of the objective per layout, and the cost composition as bars.

    ``running``: over which years opex runs, for the note. ``difference``: with two layouts,
    a column of the first less the second.
    """
    weight = {"risk": weights.risk, "imbalance": weights.balance, "synergy": weights.synergy,
              "cost": weights.cost}
    rows = []
    for key, meaning in TERMS:
        row = {"term": key, "meaning": meaning, "weight": weight.get(key)}
        for layer in shown:
            row[layer.name] = layer.evaluation.terms[key]
        rows.append(row)
    objective = {"term": "objective", "meaning": "weighted sum the solver minimises"}
    for layer in shown:
        objective[layer.name] = layer.evaluation.objective
    rows.append(objective)
    frame = pd.DataFrame(rows)
    columns = [Column("term", "term"), Column("meaning", "meaning"),
               Column("weight", "weight", "number")]
    columns += [Column(layer.name, layer.name, "money") for layer in shown]
    if difference and len(shown) == 2:
        frame["difference"] = frame[shown[0].name] - frame[shown[1].name]
        columns.append(Column("difference", f"{shown[0].name} - {shown[1].name}", "money"))
    bars = charts.stacked_bars(
        [(layer.name, [(label, layer.evaluation.terms[key], colour)
                       for key, label, colour in SEGMENTS]) for layer in shown], unit)
    note = (f"Money in {unit}; " if unit else "") + (
        f"{running}. Every term is measured on each "
        "layout with the model's own coefficients, whatever its weight.")
    return (markup.paragraph(note) + markup.table(frame, columns, table_id="objective-table")
            + "<h3>Cost composition</h3>" + bars)


def rules_per_item(evaluation: Evaluation) -> dict[str, int]:
    """How many broken rules concern each item (subjects ``item``, ``item at site`` ...)."""
    counts: dict[str, int] = {}
    for v in evaluation.violations:
        item = v.subject.split(" ")[0]
        counts[item] = counts.get(item, 0) + 1
    return counts


def items_section(shown: list[Layer]) -> str:
    """Security per item of each layout: capacity, dispersion, loss survival, depth."""
    body = []
    for k, layer in enumerate(shown):
        frame = layer.evaluation.items.copy()
        counts = rules_per_item(layer.evaluation)
        frame["rules"] = [counts.get(i, 0) for i in frame["item_id"]]
        body.append(markup.table(frame, ITEM_COLUMNS, caption=f"{layer.name}: per item",
                                 table_id=f"items-{k}", layers=[k],
                                 bad_cell=lambda row, key: key == "rules" and row["rules"] > 0))
    note = ("Switch the layout in the bar above. Capacity in each item's unit; shares of "
            "demand; distances capacity-weighted over the hosting sites. Rows are sortable.")
    return markup.paragraph(note) + "".join(body)


def regions_section(instance: Instance, shown: list[Layer]) -> str:
    """Each region's share of investment in each layout, against the instance's bounds."""
    bounds = instance.regions
    body = []
    for k, layer in enumerate(shown):
        broken = {v.subject for v in layer.evaluation.violations
                  if v.family in ("region_min_share", "region_max_share")}
        frame = layer.evaluation.regions.copy()
        # A share of at least 0% or at most 100% bounds nothing: shown as no bound.
        frame["min_share"] = frame["min_share"].where(frame["min_share"] > 0)
        frame["max_share"] = frame["max_share"].where(frame["max_share"] < 1)
        frame["target_share"] = [bounds[r].target_share if r in bounds else None
                                 for r in frame["region"]]
        frame["within"] = ["outside its bounds" if r in broken else "within bounds"
                           for r in frame["region"]]
        bars = [charts.ShareBar(str(r.region), float(r.share),
                                None if pd.isna(r.min_share) else float(r.min_share),
                                None if pd.isna(r.max_share) else float(r.max_share),
                                None if r.target_share is None or pd.isna(r.target_share)
                                else float(r.target_share), r.region in broken)
                for r in frame.itertuples()]
        body.append(f'<div{markup.attributes("", [k])}><h3>{esc(layer.name)}</h3>'
                    f"{charts.share_bars(bars)}</div>")
        body.append(markup.table(frame, [
            Column("region", "region"), Column("investment", "investment", "money"),
            Column("share", "share", "share"), Column("min_share", "min", "share"),
            Column("max_share", "max", "share"), Column("target_share", "target", "share"),
            Column("within", "bounds")], caption=f"{layer.name}: investment by region",
            table_id=f"regions-{k}", layers=[k],
            bad_row=lambda row: row["within"] != "within bounds"))
    return markup.paragraph("Each region's share of investment against the bounds of "
                            "instance.yaml ('-': no bound); target shares are not rules, "
                            "their misses are the imbalance term.") + "".join(body)


def violation_frame(violations: list) -> pd.DataFrame:
    """Rules broken as a table: family, subject, amount, limit, message."""
    return pd.DataFrame([v.as_dict() for v in violations],
                        columns=["family", "subject", "amount", "limit", "message"])


def rules_section(shown: list[Layer]) -> str:
    """Every rule each layout breaks, counted by family."""
    body = []
    for k, layer in enumerate(shown):
        frame = violation_frame(layer.evaluation.violations)
        if frame.empty:
            body.append(markup.paragraph(f"{layer.name}: no rule broken; the layout is "
                                         "feasible."))
            continue
        counts = frame["family"].value_counts()
        listed = ", ".join(f"{n} {family}" for family, n in counts.items())
        body.append(f"<h3>{esc(layer.name)}: {len(frame)} rules broken</h3>"
                    + markup.paragraph(listed)
                    + markup.table(frame, VIOLATION_COLUMNS, table_id=f"violations-{k}"))
    return markup.paragraph("Every rule of the instance that a layout breaks, with the amount "
                            "and the limit (docs/evaluation.md lists the families).") + \
        "".join(body)


def sites_section(instance: Instance, shown: list[Layer]) -> str:
    """The developed sites of each layout: items, investment, running costs, resources."""
    body = []
    for k, layer in enumerate(shown):
        frame = site_summary(layer.instance, layer.layout)
        columns = [Column("site_id", "site"), Column("name", "name"),
                   Column("province", "province"), Column("region", "region"),
                   Column("items", "items"), Column("investment", "investment", "money"),
                   Column("opex", "opex", "money"), Column("transport", "transport", "money")]
        for resource in instance.resources:
            columns += [Column(f"use_{resource}", f"{resource} used", "number"),
                        Column(f"cap_{resource}", f"{resource} capacity", "number")]
        frame["items"] = frame["items"].fillna("").str.replace(";", ", ")
        body.append(markup.table(frame, columns, caption=f"{layer.name}: developed sites",
                                 table_id=f"sites-{k}", layers=[k]))
    return "".join(body)


def changes_table(instance: Instance, today: pd.DataFrame, layout: pd.DataFrame, name: str,
                  *, table_id: str, caption: str = "", layers: list[int] | None = None) -> str:
    """Capacity per site and item, today and in ``layout`` (called ``name``), and the change."""
    frame = site_changes(instance, today, layout)
    frame = frame.rename(columns={"current": "today", "optimal": "found"})
    return markup.table(
        frame, [Column("site_id", "site"), Column("name", "name"),
                Column("province", "province"), Column("item_id", "item"),
                Column("today", "today", "number"), Column("found", name, "number"),
                Column("change", "change", "number")], caption=caption, table_id=table_id,
        layers=layers)
