"""The report of a solve or a comparison: the layout found beside today's.

Everything shown is measured by :func:`hinterland.model.evaluation.evaluate`, the yardstick of
``hinterland evaluate`` and ``compare``, on the layouts read back from the folder; the
headline objective, bound, gap and cost terms are those ``summary.json`` recorded. The page
has two layers when the instance has today's layout (the layout found, and today), and the
switch in the bar changes the map and every table bound to a layout. The sections bound to
the layouts are :mod:`hinterland.solvers.outputs.html.sections`; the headline cards, footer and
prices here are shared with the page of a plan.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from hinterland.model.evaluation import evaluate
from hinterland.model.layout import normalise_layout
from hinterland.solvers.outputs.html import markup
from hinterland.solvers.outputs.html.layouts import money_unit
from hinterland.solvers.outputs.html.markup import Card, Column, Page, number
from hinterland.solvers.outputs.html.results import SolveResults
from hinterland.solvers.outputs.html.sections import (
    Layer,
    changes_table,
    items_section,
    map_section,
    objective_section,
    regions_section,
    rules_section,
    sites_section,
)
from hinterland.solvers.outputs.html.shapes import SiteShapes


def layers(results: SolveResults) -> list[Layer]:
    """The layout found first (the page opens on it), then today's."""
    instance = results.instance
    found = []
    if results.optimal is not None:
        status = (results.summary or {}).get("status")
        name = {"optimal": "Optimum", "feasible": "Best found"}.get(
            str(status), "Compared layout")
        found.append(Layer(name, results.optimal, evaluate(instance, results.optimal),
                           instance))
    if results.current is not None:
        found.append(Layer("Today", results.current, evaluate(instance, results.current),
                           instance))
    return found


def solve_page(results: SolveResults, shapes: SiteShapes, shown: list[Layer]) -> Page:
    """The whole page of a solve or comparison, showing the layers of :func:`layers`."""
    instance = results.instance
    unit = money_unit(instance)
    sections = [("headline", "Headline", _headline(results, shown, unit))]
    if shown:
        running = f"opex over {instance.horizon_years:g} years"
        sections.append(("map", "Map", map_section(instance, shown, shapes)))
        sections.append(("objective", "Objective",
                         objective_section(shown, instance.weights, unit, running)))
        sections.append(("items", "Security per item", items_section(shown)))
        sections.append(("regions", "Regional balance", regions_section(instance, shown)))
        sections.append(("rules", "Rules broken", rules_section(shown)))
        sections.append(("sites", "Sites", sites_section(instance, shown)))
        if results.optimal is not None and results.current is not None:
            sections.append(("changes", "Changes", _changes(results, shown)))
    if results.prices is not None:
        sections.append(("prices", "Price of security", prices_section(results.prices)))
    what = {"compare": "today's layout against", "price": "the price of security around",
            "solve": "the solve of"}[results.kind]
    return Page(f"hinterland report: {instance.name}", subtitle(results, what),
                sections,
                [layer.name for layer in shown], footer(results))


def subtitle(results: SolveResults, what: str) -> str:
    """``<what> <instance>: <status> (<termination>); scenarios ...`` under the title."""
    instance, summary = results.instance, results.summary or {}
    status = summary.get("status", "compared")
    return (f"{what} {instance.name}: {status}"
            + (f" ({summary['termination']})" if str(summary.get("termination", "")).lower()
               not in ("", str(status)) else "")
            + (f"; scenarios {', '.join(instance.scenarios)}" if instance.scenarios
               else ""))


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
    lines.append(f"{markup.units_line(instance)} Today's layout: {results.current_source}.")
    return lines


def solver_cards(summary: dict[str, Any], unit: str) -> list[Card]:
    """The solve's status and objective (with its bound and gap), as ``summary.json`` says."""
    if not summary:
        return []
    money = f" ({unit})" if unit else ""
    status = str(summary.get("status"))
    seconds = summary.get("seconds") or {}
    spent = sum(float(v or 0) for v in seconds.values())
    detail = f"{summary.get('termination', '')}; {spent:.2f} s to build and solve"
    items = [Card("status", "Status", status, detail=detail,
                  tone="good" if status == "optimal" else "bad"
                  if status not in ("feasible",) else "")]
    if summary.get("objective") is not None:
        gap = summary.get("gap")
        bound = summary.get("bound")
        items.append(Card("objective", f"Objective{money}", number(summary["objective"],
                          "money"), summary["objective"],
                          f"bound {number(bound, 'money')}, gap {number(gap, 'share')}"
                          if gap is not None else ""))
    return items


def cost_card(terms: dict[str, float], years: float, unit: str) -> Card:
    """The total cost over the horizon, with investment, opex and transport."""
    money = f" ({unit})" if unit else ""
    return Card("cost", f"Total cost over {years:g} years{money}",
                number(terms["cost"], "money"), terms["cost"],
                f"investment {number(terms['investment'], 'money')}, opex "
                f"{number(terms['opex'], 'money')}, transport "
                f"{number(terms['transport'], 'money')}")


def sites_card(layer: Layer) -> Card:
    """How many sites ``layer`` develops, and its placements."""
    rows = normalise_layout(layer.layout)
    hosted = rows[rows["hosting"] > 0]
    return Card("sites", "Developed sites", str(hosted["site_id"].nunique()),
                hosted["site_id"].nunique(),
                f"{len(hosted)} placements of {hosted['item_id'].nunique()} items")


def today_card(today: Layer) -> Card:
    """How many rules today's layout breaks, and its cost."""
    return Card("today_violations", "Rules broken today", str(len(today.evaluation.violations)),
                len(today.evaluation.violations),
                f"today's cost {number(today.evaluation.terms['cost'], 'money')}",
                tone="bad" if today.evaluation.violations else "good")


def unsolved_notes(results: SolveResults, shown: list[Layer]) -> str:
    """Why the instance cannot be solved, and that there is no layout to map, if so."""
    summary = results.summary or {}
    body = ""
    findings = summary.get("findings") or []
    if findings:
        body += "<h3>Why it cannot be solved</h3>" + markup.bullet_list(
            str(f.get("message", f)) for f in findings)
    if results.optimal is None and summary:
        body += markup.paragraph("The solve found no layout, so there is nothing to map for it"
                                 + ("; today's layout is shown." if shown else "."))
    return body


def _headline(results: SolveResults, shown: list[Layer], unit: str) -> str:
    instance, summary = results.instance, results.summary or {}
    found = shown[0] if results.optimal is not None else None
    money = f" ({unit})" if unit else ""
    items = solver_cards(summary, unit)
    terms = summary.get("breakdown") or (found.evaluation.terms if found else None)
    if terms:
        items.append(cost_card(terms, instance.horizon_years, unit))
        budget = instance.budget
        items.append(Card("investment", f"Investment{money}",
                          number(terms["investment"], "money"), terms["investment"],
                          f"{number(terms['investment'] / budget, 'share')} of the budget "
                          f"{number(budget, 'money')}" if budget else "no budget set"))
    if found is not None:
        items.append(sites_card(found))
        items.append(Card("violations", f"Rules broken ({found.name.lower()})",
                          str(len(found.evaluation.violations)),
                          len(found.evaluation.violations),
                          tone="good" if found.evaluation.feasible else "bad"))
    today = next((layer for layer in shown if layer.name == "Today"), None)
    if today is not None:
        items.append(today_card(today))
    return markup.cards(items) + unsolved_notes(results, shown)


def _changes(results: SolveResults, shown: list[Layer]) -> str:
    assert results.current is not None and results.optimal is not None
    found = shown[0].name
    return markup.paragraph(f"Capacity per site and item, today and in the {found.lower()}; "
                            "a positive change moves capacity in.") + changes_table(
        results.instance, results.current, results.optimal, found, table_id="changes")


def prices_section(prices: pd.DataFrame) -> str:
    """``prices.csv`` of ``hinterland price``: what one step tighter costs, per item."""
    columns = [Column(c, c.replace("_", " "), "number"
                      if pd.api.types.is_numeric_dtype(prices[c]) else "text")
               for c in prices.columns]
    return markup.paragraph("What one step tighter survivability or depth costs, item by item "
                            "(hinterland price).") + markup.table(prices, columns,
                                                                  table_id="prices")
