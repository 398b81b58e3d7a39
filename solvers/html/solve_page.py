"""The report of a solve or a comparison: the layout found beside today's.

Everything shown is measured by :func:`model.evaluation.evaluate`, the yardstick of
``hinterland evaluate`` and ``compare``, on the layouts read back from the folder; the
headline objective, bound, gap and cost terms are those ``summary.json`` recorded. The page
has two layers when the instance has today's layout (the layout found, and today), and the
switch in the bar changes the map and every table bound to a layout.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.comparison import site_changes
from model.evaluation import Evaluation, evaluate, site_summary
from model.layout import normalise_layout
from solvers.html import charts, markup
from solvers.html.layouts import (
    investment_scale,
    layout_layer,
    money_unit,
    tasks,
)
from solvers.html.markup import Card, Column, Page, esc, number
from solvers.html.results import REPORT_MAP, SolveResults
from solvers.html.shapes import SiteShapes
from solvers.html.svgmap import base_legend, render

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
    """A layout of the page, its name and its measurement."""

    name: str
    layout: pd.DataFrame
    evaluation: Evaluation


def layers(results: SolveResults) -> list[Layer]:
    """The layout found first (the page opens on it), then today's."""
    found = []
    if results.optimal is not None:
        status = (results.summary or {}).get("status")
        name = {"optimal": "Optimum", "feasible": "Best found"}.get(
            str(status), "Compared layout")
        found.append(Layer(name, results.optimal, evaluate(results.instance, results.optimal)))
    if results.current is not None:
        found.append(Layer("Today", results.current,
                           evaluate(results.instance, results.current)))
    return found


def solve_page(results: SolveResults, shapes: SiteShapes, shown: list[Layer]) -> Page:
    """The whole page of a solve or comparison, showing the layers of :func:`layers`."""
    instance, summary = results.instance, results.summary or {}
    unit = money_unit(instance)
    sections = [("headline", "Headline", _headline(results, shown, unit))]
    if shown:
        sections.append(("map", "Map", _map(results, shown, shapes)))
        sections.append(("objective", "Objective", _objective(results, shown, unit)))
        sections.append(("items", "Security per item", _items(shown)))
        sections.append(("regions", "Regional balance", _regions(results, shown)))
        sections.append(("rules", "Rules broken", _rules(shown)))
        sections.append(("sites", "Sites", _sites(results, shown)))
        if results.optimal is not None and results.current is not None:
            sections.append(("changes", "Changes", _changes(results, shown)))
    if results.prices is not None:
        sections.append(("prices", "Price of security", _prices(results.prices)))
    what = {"compare": "today's layout against", "price": "the price of security around",
            "solve": "the solve of"}[results.kind]
    status = summary.get("status", "compared")
    subtitle = (f"{what} {instance.name}: {status}"
                + (f" ({summary['termination']})" if str(summary.get("termination", "")).lower()
                   not in ("", str(status)) else "")
                + (f"; scenarios {', '.join(instance.scenarios)}" if instance.scenarios
                   else ""))
    return Page(f"hinterland report: {instance.name}", subtitle,
                [(a, label, markup.section(a, label, body)) for a, label, body in sections],
                [layer.name for layer in shown], footer(results))


def footer(results: SolveResults) -> list[str]:
    """Where the numbers come from, so that a reader can reproduce them."""
    instance, summary = results.instance, results.summary or {}
    lines = [f"Made by hinterland report from {results.folder.name}/ and the instance "
             f"{instance.name} at {instance.folder} (sha256 {instance.digest[:16]}...)."]
    if summary.get("written_at"):
        solver = summary.get("solver", {})
        lines.append(f"Solved {summary['written_at']} with {solver.get('name', 'HiGHS')} "
                     f"(time limit {solver.get('time_limit')}, gap {solver.get('mip_gap')}, "
                     f"seed {solver.get('random_seed')}); versions "
                     + ", ".join(f"{k} {v}" for k, v in summary.get("versions", {}).items()))
    lines.append(f"Units: {instance.settings.units or 'as the instance defines them'}. "
                 f"Today's layout: {results.current_source}.")
    return lines


def _headline(results: SolveResults, shown: list[Layer], unit: str) -> str:
    instance, summary = results.instance, results.summary or {}
    found = shown[0] if results.optimal is not None else None
    money = f" ({unit})" if unit else ""
    items: list[Card] = []
    if summary:
        status = str(summary.get("status"))
        seconds = summary.get("seconds") or {}
        spent = sum(float(v or 0) for v in seconds.values())
        detail = f"{summary.get('termination', '')}; {spent:.2f} s to build and solve"
        items.append(Card("status", "Status", status, detail=detail,
                          tone="good" if status == "optimal" else "bad"
                          if status not in ("feasible",) else ""))
        if summary.get("objective") is not None:
            gap = summary.get("gap")
            bound = summary.get("bound")
            items.append(Card("objective", f"Objective{money}", number(summary["objective"],
                              "money"), summary["objective"],
                              f"bound {number(bound, 'money')}, gap {number(gap, 'share')}"
                              if gap is not None else ""))
    terms = summary.get("breakdown") or (found.evaluation.terms if found else None)
    if terms:
        items.append(Card("cost", f"Total cost over {instance.horizon_years:g} years{money}",
                          number(terms["cost"], "money"), terms["cost"],
                          f"investment {number(terms['investment'], 'money')}, opex "
                          f"{number(terms['opex'], 'money')}, transport "
                          f"{number(terms['transport'], 'money')}"))
        budget = instance.budget
        items.append(Card("investment", f"Investment{money}",
                          number(terms["investment"], "money"), terms["investment"],
                          f"{number(terms['investment'] / budget, 'share')} of the budget "
                          f"{number(budget, 'money')}" if budget else "no budget set"))
    if found is not None:
        rows = normalise_layout(found.layout)
        hosted = rows[rows["hosting"] > 0]
        items.append(Card("sites", "Developed sites", str(hosted["site_id"].nunique()),
                          hosted["site_id"].nunique(),
                          f"{len(hosted)} placements of {hosted['item_id'].nunique()} items"))
        items.append(Card("violations", f"Rules broken ({found.name.lower()})",
                          str(len(found.evaluation.violations)),
                          len(found.evaluation.violations),
                          tone="good" if found.evaluation.feasible else "bad"))
    today = next((layer for layer in shown if layer.name == "Today"), None)
    if today is not None:
        items.append(Card("today_violations", "Rules broken today",
                          str(len(today.evaluation.violations)),
                          len(today.evaluation.violations),
                          f"today's cost {number(today.evaluation.terms['cost'], 'money')}",
                          tone="bad" if today.evaluation.violations else "good"))
    body = markup.cards(items)
    findings = summary.get("findings") or []
    if findings:
        body += "<h3>Why it cannot be solved</h3>" + markup.bullet_list(
            str(f.get("message", f)) for f in findings)
    if results.optimal is None and summary:
        body += markup.paragraph("The solve found no layout, so there is nothing to map for it"
                                 + ("; today's layout is shown." if shown else "."))
    return body


def _map(results: SolveResults, shown: list[Layer], shapes: SiteShapes) -> str:
    instance = results.instance
    scale = investment_scale(instance, {layer.name: layer.layout for layer in shown})
    map_layers = [layout_layer(instance, layer.name, layer.layout, scale) for layer in shown]
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


def _objective(results: SolveResults, shown: list[Layer], unit: str) -> str:
    weights = results.instance.weights
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
    if len(shown) == 2:
        frame["difference"] = frame[shown[0].name] - frame[shown[1].name]
        columns.append(Column("difference", f"{shown[0].name} - {shown[1].name}", "money"))
    bars = charts.stacked_bars(
        [(layer.name, [(label, layer.evaluation.terms[key], colour)
                       for key, label, colour in SEGMENTS]) for layer in shown], unit)
    note = (f"Money in {unit}; " if unit else "") + (
        f"opex over {results.instance.horizon_years:g} years. Every term is measured on each "
        "layout with the model's own coefficients, whatever its weight.")
    return (markup.paragraph(note) + markup.table(frame, columns, table_id="objective-table")
            + "<h3>Cost composition</h3>" + bars)


def _rules_per_item(evaluation: Evaluation) -> dict[str, int]:
    """How many broken rules concern each item (subjects ``item``, ``item at site`` ...)."""
    counts: dict[str, int] = {}
    for v in evaluation.violations:
        item = v.subject.split(" ")[0]
        counts[item] = counts.get(item, 0) + 1
    return counts


def _items(shown: list[Layer]) -> str:
    body = []
    for k, layer in enumerate(shown):
        frame = layer.evaluation.items.copy()
        counts = _rules_per_item(layer.evaluation)
        frame["rules"] = [counts.get(i, 0) for i in frame["item_id"]]
        body.append(markup.table(frame, ITEM_COLUMNS, caption=f"{layer.name}: per item",
                                 table_id=f"items-{k}", layers=[k],
                                 bad_cell=lambda row, key: key == "rules" and row["rules"] > 0))
    note = ("Switch the layout in the bar above. Capacity in each item's unit; shares of "
            "demand; distances capacity-weighted over the hosting sites. Rows are sortable.")
    return markup.paragraph(note) + "".join(body)


def _regions(results: SolveResults, shown: list[Layer]) -> str:
    bounds = results.instance.regions
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


def _violations(evaluation: Evaluation) -> pd.DataFrame:
    return pd.DataFrame([v.as_dict() for v in evaluation.violations],
                        columns=["family", "subject", "amount", "limit", "message"])


def _rules(shown: list[Layer]) -> str:
    body = []
    for k, layer in enumerate(shown):
        frame = _violations(layer.evaluation)
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


def _sites(results: SolveResults, shown: list[Layer]) -> str:
    instance = results.instance
    body = []
    for k, layer in enumerate(shown):
        frame = site_summary(instance, layer.layout)
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


def _changes(results: SolveResults, shown: list[Layer]) -> str:
    frame = site_changes(results.instance, results.current, results.optimal)
    found = shown[0].name
    frame = frame.rename(columns={"current": "today", "optimal": "found"})
    return markup.paragraph(f"Capacity per site and item, today and in the {found.lower()}; "
                            "a positive change moves capacity in.") + markup.table(
        frame, [Column("site_id", "site"), Column("name", "name"),
                Column("province", "province"), Column("item_id", "item"),
                Column("today", "today", "number"), Column("found", found, "number"),
                Column("change", "change", "number")], table_id="changes")


def _prices(prices: pd.DataFrame) -> str:
    columns = [Column(c, c.replace("_", " "), "text" if prices[c].dtype == object
                      else "number") for c in prices.columns]
    return markup.paragraph("What one step tighter survivability or depth costs, item by item "
                            "(hinterland price).") + markup.table(prices, columns,
                                                                  table_id="prices")
