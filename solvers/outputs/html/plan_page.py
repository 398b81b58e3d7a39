"""The report of a plan over periods: its schedule, and a layer per period beside today's.

A plan's layout is measured as ``hinterland evaluate`` measures it
(:func:`hinterland.model.plan_evaluation.evaluate_plan`): each period's layout by
:func:`hinterland.model.evaluation.evaluate` against the period seen as its own instance
(:func:`hinterland.model.periods.period_view`), and the plan whole for its own rules (continuity,
the period budgets, the plan's budget). Today's layout is measured against the last period. The
page has a layer per period, named by the period, and today's as another when the instance
has one; the sections bound to layouts are those of a solve
(:mod:`hinterland.solvers.outputs.html.sections`). The headline objective, bound, gap and cost terms
are those of ``summary.json``, and the schedule is the folder's ``plan.csv`` (measured from the
layout when the folder has none).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from hinterland.model.evaluation import evaluate
from hinterland.model.layout import normalise_layout
from hinterland.model.periods import period_view, split_layout
from hinterland.model.plan_evaluation import PlanEvaluation, evaluate_plan
from hinterland.solvers.outputs.html import charts, markup
from hinterland.solvers.outputs.html.layouts import money_unit
from hinterland.solvers.outputs.html.markup import Card, Column, Page, number
from hinterland.solvers.outputs.html.results import SolveResults
from hinterland.solvers.outputs.html.sections import (
    VIOLATION_COLUMNS,
    Layer,
    changes_table,
    items_section,
    map_section,
    objective_section,
    regions_section,
    rules_section,
    sites_section,
    violation_frame,
)
from hinterland.solvers.outputs.html.shapes import SiteShapes
from hinterland.solvers.outputs.html.solve_page import (
    cost_card,
    footer,
    prices_section,
    sites_card,
    solver_cards,
    subtitle,
    today_card,
    unsolved_notes,
)

#: The rules only the sequence of periods shows (the periods' own are each layer's).
PLAN_FAMILIES = ("continuity", "period_budget", "budget")

#: The columns of ``plan.csv`` as the schedule shows them.
SCHEDULE_COLUMNS = [
    Column("period", "period"),
    Column("start", "start"),  # years as written, with no thousands separator
    Column("end", "end"),
    Column("years", "years", "number"),
    Column("investment", "investment standing", "money",
           "investment of the layout standing in the period"),
    Column("added_investment", "investment added", "money",
           "investment added in the period (the period's budget caps it)"),
    Column("budget", "budget", "money", "the period's budget ('-': none)"),
    Column("opex", "opex", "money", "running cost over the period's years"),
    Column("transport", "transport", "money", "the period's share of transport"),
    Column("risk", "risk", "number"),
    Column("imbalance", "imbalance", "number"),
    Column("synergy", "synergy", "number"),
    Column("cost", "cost", "money", "investment added + opex + transport"),
]


@dataclass(frozen=True)
class Plan:
    """A plan's results measured: the plan whole, its layers, and its schedule.

    ``layers`` holds one layer per period, in order, then today's layout when there is one;
    ``evaluation`` and ``schedule`` are None when the solve found no plan.
    """

    evaluation: PlanEvaluation | None
    layers: list[Layer]
    schedule: pd.DataFrame | None
    #: The name of today's layer (None when the page has none).
    today: str | None

    @property
    def periods(self) -> list[Layer]:
        """The layers of the plan's periods (today's left out)."""
        return [layer for layer in self.layers if layer.name != self.today]


def read_plan(results: SolveResults) -> Plan:
    """Measure the plan of ``results`` period by period, and today's layout against the last."""
    instance = results.instance
    evaluation = None
    shown = []
    if results.optimal is not None:
        evaluation = evaluate_plan(instance, results.optimal)
        by_period = split_layout(instance, normalise_layout(results.optimal))
        shown = [Layer(t, rows, evaluation.periods[t], period_view(instance, t))
                 for t, rows in by_period.items()]
    today = None
    if results.current is not None:
        names = {p.name for p in instance.periods}
        today = "Today" if "Today" not in names else "Today's layout"
        last = period_view(instance, instance.periods[-1].name)
        shown.append(Layer(today, results.current, evaluate(last, results.current), last))
    schedule = results.schedule
    if schedule is None and evaluation is not None:
        schedule = evaluation.schedule
    return Plan(evaluation, shown, schedule, today)


def plan_page(results: SolveResults, shapes: SiteShapes, plan: Plan) -> Page:
    """The whole page of a plan's solve or comparison, showing the layers of ``plan``."""
    instance = results.instance
    unit = money_unit(instance)
    shown = plan.layers
    sections = [("headline", "Headline", _headline(results, plan, unit))]
    if plan.schedule is not None:
        sections.append(("schedule", "Schedule", _schedule(results, plan, unit)))
    if shown:
        last = instance.periods[-1].name
        running = ("each period's layout is measured as it stands through the period: opex "
                   "over the period's years, investment standing (plan.csv has what is "
                   f"added); today's layout against the last period, {last}")
        sections.append(("map", "Map", map_section(instance, shown, shapes)))
        sections.append(("objective", "Objective", objective_section(
            shown, instance.weights, unit, running, difference=False)))
        sections.append(("items", "Security per item", items_section(shown)))
        sections.append(("regions", "Regional balance", regions_section(instance, shown)))
        sections.append(("rules", "Rules broken", _rules(plan)))
        sections.append(("sites", "Sites", sites_section(instance, shown)))
        if plan.periods and plan.today is not None:
            sections.append(("changes", "Changes", _changes(results, plan)))
    if results.prices is not None:
        sections.append(("prices", "Price of security", prices_section(results.prices)))
    what = {"compare": "today's layout against the plan of",
            "price": "the price of security around the plan of",
            "solve": "the plan of"}[results.kind]
    periods = ", ".join(f"{p.name} ({p.start}-{p.end})" for p in instance.periods)
    return Page(f"hinterland report: {instance.name}",
                f"{subtitle(results, what)}; periods {periods}",
                sections,
                [layer.name for layer in shown], _footer(results))


def _footer(results: SolveResults) -> list[str]:
    lines = footer(results)
    lines.insert(-1, "Each period's layout is measured as hinterland evaluate measures it: "
                 "against the period's own demand (the largest so far), opex over its "
                 "years and its share of transport; today's layout against the last period.")
    return lines


def _budget_broken(plan: Plan) -> set[str]:
    """The periods whose investment added is over their budget."""
    if plan.evaluation is None:
        return set()
    return {v.subject for v in plan.evaluation.violations if v.family == "period_budget"}


def _headline(results: SolveResults, plan: Plan, unit: str) -> str:
    instance, summary = results.instance, results.summary or {}
    money = f" ({unit})" if unit else ""
    items = solver_cards(summary, unit)
    terms = summary.get("breakdown") or (plan.evaluation.terms if plan.evaluation else None)
    if terms:
        items.append(cost_card(terms, instance.horizon_years, unit))
        budget = instance.budget
        items.append(Card("investment", f"Investment by the end{money}",
                          number(terms["investment"], "money"), terms["investment"],
                          f"{number(terms['investment'] / budget, 'share')} of the plan's "
                          f"budget {number(budget, 'money')}" if budget
                          else "no budget for the whole plan"))
    added = ({} if plan.schedule is None else
             dict(zip(plan.schedule["period"].astype(str), plan.schedule["added_investment"],
                      strict=True)))
    broken = _budget_broken(plan)
    for period in instance.periods:
        cap = (f"budget {number(period.budget, 'money')}" if period.budget is not None
               else "no budget for the period")
        if period.name in added:
            value = float(added[period.name])
            used = (f" ({number(value / period.budget, 'share')} used)"
                    if period.budget else "")
            items.append(Card(f"period:{period.name}",
                              f"{period.name}, {period.start}-{period.end}: added{money}",
                              number(value, "money"), value, f"{cap}{used}",
                              tone="bad" if period.name in broken else ""))
        else:
            items.append(Card(f"period:{period.name}",
                              f"{period.name}, {period.start}-{period.end}", cap))
    if plan.evaluation is not None:
        end = plan.periods[-1]
        card = sites_card(end)
        items.append(replace(card, label=f"Developed sites by {end.name}"))
        found = plan.evaluation.violations
        own = sum(v.family in PLAN_FAMILIES for v in found)
        items.append(Card("violations", "Rules broken (plan)", str(len(found)), len(found),
                          f"{own} of the plan's own, {len(found) - own} in its periods",
                          tone="good" if not found else "bad"))
    today = next((layer for layer in plan.layers if layer.name == plan.today), None)
    if today is not None:
        card = today_card(today)
        items.append(replace(card, detail=f"{card.detail}; measured against "
                             f"{instance.periods[-1].name}"))
    return markup.cards(items) + unsolved_notes(results, plan.layers)


def _schedule(results: SolveResults, plan: Plan, unit: str) -> str:
    instance, schedule = results.instance, plan.schedule
    assert schedule is not None
    broken = _budget_broken(plan)
    columns = [c for c in SCHEDULE_COLUMNS if c.key in schedule.columns]
    note = ("The plan period by period (plan.csv): the investment standing in each period and "
            "the investment added in it against the period's budget, the running costs of "
            "its years, and its cost (investment added + opex + transport; the plan's cost "
            "is their sum). Risk, imbalance and synergy are each period's; the plan's are "
            "their means weighted by years.") + (f" Money in {unit}." if unit else "")
    if instance.budget is not None:
        total = float(schedule["investment"].iloc[-1])
        note += (f" The plan's budget caps its total investment: "
                 f"{number(total, 'money')} of {number(instance.budget, 'money')}.")
    table = markup.table(schedule, columns, table_id="schedule",
                         bad_row=lambda row: str(row["period"]) in broken)
    bars = [charts.BudgetBar(str(row["period"]), float(row["added_investment"]),
                             None if markup.is_missing(row.get("budget"))
                             else float(row["budget"]), str(row["period"]) in broken)
            for _, row in schedule.iterrows()]
    return (markup.paragraph(note) + table + "<h3>Investment added against the budgets</h3>"
            + f"<figure>{charts.budget_bars(bars, unit)}<figcaption>Each period's investment "
            "added (red: over its budget) and its budget, dashed.</figcaption></figure>")


def _rules(plan: Plan) -> str:
    own = ([v for v in plan.evaluation.violations if v.family in PLAN_FAMILIES]
           if plan.evaluation is not None else [])
    intro = markup.paragraph("The plan's own rules: nothing built is taken down from one "
                             "period to the next (continuity), the investment added in a "
                             "period stays within its budget (period_budget), and the plan's "
                             "total within the budget of instance.yaml (budget).")
    if plan.evaluation is None:
        body = markup.paragraph("The solve found no plan: there is no plan to check.")
    elif not own:
        body = markup.paragraph("The plan: none of its own rules broken.")
    else:
        frame = violation_frame(own)
        counts = ", ".join(f"{n} {family}" for family, n in
                           frame["family"].value_counts().items())
        body = (f"<h3>The plan: {len(own)} of its own rules broken</h3>"
                + markup.paragraph(counts)
                + markup.table(frame, VIOLATION_COLUMNS, table_id="violations-plan"))
    return intro + body + rules_section(plan.layers)


def _changes(results: SolveResults, plan: Plan) -> str:
    today = results.current
    assert today is not None
    periods = plan.periods
    last = len(periods) - 1
    tables = [changes_table(layer.instance, today, layer.layout, layer.name,
                            table_id=f"changes-{k}", caption=f"From today to {layer.name}",
                            layers=[k, len(periods)] if k == last else [k])
              for k, layer in enumerate(periods)]
    return markup.paragraph("Capacity per site and item, today and standing in the period "
                            "shown (with today's layout shown, the last period); a positive "
                            "change moves capacity in.") + "".join(tables)
