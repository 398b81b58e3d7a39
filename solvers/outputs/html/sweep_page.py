"""The report of a sweep: the objective against each swept parameter, and the robust core.

Charts the objective against each swept parameter (one line per value of the other
dimensions, failed runs as red crosses on the axis), maps the robust core (placements made in
every run) beside the least-regret layout, and lists ``sweep.csv``, ``robust_core.csv`` and
each layout's worst regret. Every number comes from the folder's own files.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib import colormaps, colors

from hinterland.solvers.outputs.html import charts, markup
from hinterland.solvers.outputs.html.layouts import (
    investment_scale,
    item_label,
    layout_layer,
    money_unit,
    site_heading,
    tasks,
)
from hinterland.solvers.outputs.html.markup import Card, Column, Page, esc, number
from hinterland.solvers.outputs.html.results import REPORT_MAP, SweepResults
from hinterland.solvers.outputs.html.shapes import SiteShapes
from hinterland.solvers.outputs.html.svgmap import (
    ColourScale,
    MapLayer,
    Marker,
    base_legend,
    render,
    task_colour,
)

SOLVED = ("optimal", "feasible")
#: At most this many lines in one chart of a sweep; the table holds every run.
MAX_SERIES = len(charts.PALETTE)


def sweep_page(results: SweepResults, shapes: SiteShapes) -> Page:
    """The whole page of a sweep."""
    instance, table = results.instance, results.table
    sections = [("headline", "Headline", _sweep_headline(results))]
    sections.append(("charts", "Objective", _sweep_charts(results)))
    layers: list[str] = []
    if results.core is not None and not results.core.empty:
        body, layers = _robust_map(results, shapes)
        sections.append(("map", "Robust core", body))
    sections.append(("runs", "Runs", markup.table(
        table, markup.frame_columns(table), table_id="runs",
        bad_row=lambda row: str(row.get("status")) not in SOLVED)))
    if results.regret is not None and not results.regret.empty:
        sections.append(("regret", "Regret", _regret(results)))
    grid = results.manifest.get("grid", {})
    described = "; ".join(f"{name} = {', '.join(map(str, values))}"
                          for name, values in grid.get("params", {}).items())
    if grid.get("scenarios"):
        described += f"; scenarios {', '.join(grid['scenarios'])}"
    subtitle = f"sweep of {instance.name}: {len(table)} runs ({described})"
    footer = [f"Made by hinterland report from {results.folder.name}/ (sweep.json, sweep.csv, "
              f"runs/, robust_core.csv, regret.csv) and the instance {instance.name} at "
              f"{instance.folder} (sha256 {instance.digest[:16]}...).",
              markup.units_line(instance)]
    return Page(f"hinterland report: {instance.name} sweep", subtitle,
                sections,
                layers, footer)


def _sweep_headline(results: SweepResults) -> str:
    table = results.table
    solved = table[table["status"].isin(SOLVED)]
    counts = table["status"].value_counts()
    unit = money_unit(results.instance)
    money = f" ({unit})" if unit else ""
    items = [Card("runs", "Runs", str(len(table)), len(table),
                  ", ".join(f"{n} {status}" for status, n in counts.items()))]
    if len(solved):
        low, high = float(solved["objective"].min()), float(solved["objective"].max())
        items.append(Card("objective_min", f"Least objective{money}", number(low, "money"),
                          low, f"run {solved.loc[solved['objective'].idxmin(), 'run']}"))
        items.append(Card("objective_max", f"Largest objective{money}", number(high, "money"),
                          high, f"run {solved.loc[solved['objective'].idxmax(), 'run']}"))
    if results.core is not None:
        always = int((results.core["share"] >= 1.0).sum())
        items.append(Card("core", "Placements in every run", str(always), always,
                          f"of {len(results.core)} placements made in any run"))
    if results.best is not None:
        regret = results.best_regret
        shown = "unbounded" if regret is None or math.isinf(regret) else number(regret,
                                                                                "money")
        items.append(Card("regret", "Least worst-case regret", shown, regret,
                          f"the layout of {results.best}"))
    return markup.cards(items)


def _x_values(table: pd.DataFrame, param: str) -> tuple[list[float], list[tuple[float, str]]
                                                        | None, str]:
    """Positions on the x axis of every run, the categories (None: numbers) and the label."""
    values = table[param]
    scaled = f"{param}_value"
    if scaled in table.columns and pd.to_numeric(table[scaled], errors="coerce").notna().all():
        return (pd.to_numeric(table[scaled]).astype(float).tolist(), None,
                f"{param} (value; the sweep gave multiples of the instance's)")
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all():
        return numeric.astype(float).tolist(), None, param
    order = list(dict.fromkeys(str(v) for v in values))
    return ([float(order.index(str(v))) for v in values],
            [(float(i), text) for i, text in enumerate(order)], param)


def _sweep_charts(results: SweepResults) -> str:
    table, params = results.table, [p for p in results.params if p in results.table.columns]
    unit = money_unit(results.instance)
    dims = (["scenario"] if "scenario" in table.columns else []) + params
    body = []
    for param in params:
        xs, categories, label = _x_values(table, param)
        others = [d for d in dims if d != param]
        keys = [" ".join(f"{d}={row[d]}" for d in others) or "all runs"
                for _, row in table.iterrows()]
        series = list(dict.fromkeys(keys))
        solved = table["status"].isin(SOLVED).to_numpy()
        ys = pd.to_numeric(table["objective"], errors="coerce").to_numpy(dtype=float)
        x_range = (min(xs), max(xs))
        y_range = charts.padded([y for y, ok in zip(ys, solved, strict=True) if ok])
        plot = charts.Plot(x_range if categories is not None else charts.padded(xs, 0.02),
                           y_range, label, f"objective ({unit})" if unit else "objective",
                           x_categories=categories)
        entries = []
        for s, name in enumerate(series[:MAX_SERIES]):
            colour = charts.PALETTE[s]
            mine = [i for i, key in enumerate(keys) if key == name]
            mine.sort(key=lambda i: xs[i])
            good = [i for i in mine if solved[i] and math.isfinite(ys[i])]
            plot.line([xs[i] for i in good], [ys[i] for i in good], colour)
            for i in mine:
                row = table.iloc[i]
                tip = (f"{row['run']}: {param}={row[param]}"
                       + (f" ({number(xs[i])})" if categories is None and
                          f"{param}_value" in table.columns else "")
                       + (f", {name}" if name != "all runs" else "") + f"\n{row['status']}")
                if i in good:
                    plot.point(xs[i], ys[i], colour, tip + f", objective "
                               f"{number(ys[i], 'money')}")
                else:
                    plot.point(xs[i], plot.y_lo, charts.BAD, tip, shape="cross")
            entries.append((name, colour))
        if len(series) > MAX_SERIES:
            entries.append((f"{len(series) - MAX_SERIES} more lines in the table below",
                            "#ffffff"))
        if not solved.all():
            entries.append(("no layout (infeasible or none found): cross on the axis",
                            charts.BAD))
        body.append(f"<figure>{plot.svg(f'objective against {param}', f'chart-{param}')}"
                    f"{charts.legend(entries)}<figcaption>The objective of each run against "
                    f"{esc(param)}; point at a dot for its run.</figcaption></figure>")
    return "".join(body)


def _robust_map(results: SweepResults, shapes: SiteShapes) -> tuple[str, list[str]]:
    """The robust core and the least-regret layout as two layers of one map."""
    instance, core = results.instance, results.core
    assert core is not None
    runs = int(results.table["status"].isin(SOLVED).sum())
    always = core[core["share"] >= 1.0]
    count = always.groupby("site_id").size()
    top = max(int(count.max()) if len(count) else 1, 1)
    scale = ColourScale("Placements made in every run", colors.Normalize(0.0, float(top)),
                        colormaps["Blues"].resampled(256), integer=True)
    tips, fills = {}, {}
    for site in instance.sites.index:
        mine = core[core["site_id"] == site]
        lines = site_heading(instance, str(site))
        if len(mine):
            lines += [f"  {r.item_id}: hosted in {int(r.runs)} of {runs} runs"
                      for r in mine.itertuples()]
        else:
            lines.append("hosts nothing in any run")
        tips[str(site)] = "\n".join(lines)
        if count.get(site, 0) > 0:
            fills[str(site)] = scale.colour(float(count[site]))
        elif len(mine):
            fills[str(site)] = "#e4ebf3"
    markers = [Marker(str(r.site_id), task_colour(str(instance.items.loc[r.item_id, "task"])),
                      f"{item_label(instance, str(r.item_id))}\nat "
                      f"{instance.sites.loc[r.site_id, 'name']} ({r.site_id}) in every run")
               for r in always.itertuples()]
    layers = [MapLayer("Robust core", fills, frozenset(str(s) for s in count.index), tips,
                       markers, scale.legend([0]))]
    if results.robust_layout is not None:
        name = f"Least regret ({results.best})"
        invest = investment_scale(instance, {name: results.robust_layout})
        layer = layout_layer(instance, name, results.robust_layout, invest)
        layers.append(MapLayer(layer.name, layer.fills, layer.developed, layer.tips,
                               layer.markers, invest.legend([1])))
    svg = render(shapes, layers, label=f"{instance.name}: robust core")
    note = (f"Robust core: the placements every one of the {runs} solved runs makes "
            f"({len(always)} of {len(core)}); a pale site hosts items in some runs only. "
            "Switch to the least-regret layout, the run's optimum whose worst regret across "
            "the runs is least, in the bar above.")
    static = (' The static map of the least-regret layout is <a href="robust_layout.png">'
              "robust_layout.png</a>; the report's own is "
              f'<a href="{REPORT_MAP}">{REPORT_MAP}</a>.')
    side = (f'<div class="legend">{"".join(layer.legend for layer in layers)}'
            f"{base_legend(shapes, tasks(instance))}"
            f'<p class="note">{esc(note)}{static}</p></div>')
    table = core.copy()
    table.insert(1, "name", table["site_id"].map(instance.sites["name"]))
    body = (f'<div class="maprow"><div class="mapbox">{svg}</div>{side}</div>'
            + markup.table(table, [Column("site_id", "site"), Column("name", "name"),
                                   Column("item_id", "item"), Column("runs", "runs", "count"),
                                   Column("share", "share of runs", "share")],
                           caption="Placements and how often they are made",
                           table_id="robust-core"))
    return body, [layer.name for layer in layers]


def _regret(results: SweepResults) -> str:
    regret = results.regret
    assert regret is not None
    worst = regret.groupby("candidate", sort=False).agg(
        worst_regret=("regret", "max"), infeasible_in=("feasible", lambda f: int((~f).sum())))
    worst = worst.reset_index().sort_values("worst_regret", kind="stable")
    return markup.paragraph(
        "Each run's layout measured in every run: its regret there is its objective less that "
        "run's optimum, unbounded where it breaks a rule of that run. The least-regret "
        "layout has the smallest worst regret.") + markup.table(
        worst, [Column("candidate", "layout of run"),
                Column("worst_regret", "worst regret", "money"),
                Column("infeasible_in", "runs where it breaks a rule", "count")],
        table_id="regret")
