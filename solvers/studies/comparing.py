"""The files and the terminal summary of ``hinterland compare``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from hinterland.model import Instance
from hinterland.model.brownfield import counts_existing, transition
from hinterland.model.comparison import comparison_table, site_changes
from hinterland.model.costs import pair_costs
from hinterland.model.evaluation import Evaluation, evaluate, site_summary
from hinterland.model.layout import LAYOUT_COLUMNS
from hinterland.model.periods import period_view, single_layout, split_layout
from hinterland.model.plan_evaluation import PlanEvaluation, evaluate_plan
from hinterland.solvers.outputs.folders import Writer, write_csv, write_json
from hinterland.solvers.outputs.text import Text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LAYOUT_NAMES = ("Today", "Optimal")


@dataclass(frozen=True)
class Comparison:
    """Today's layout and the optimum, each measured once, and what becomes of today's
    capacity (:func:`transition_table`)."""

    instance: Instance
    current: pd.DataFrame
    optimal: pd.DataFrame
    before: Evaluation
    after: Evaluation
    transition: pd.DataFrame

    @classmethod
    def of(cls, instance: Instance, current: pd.DataFrame,
           optimal: pd.DataFrame) -> Comparison:
        return cls(instance, current, optimal, evaluate(instance, current),
                   evaluate(instance, optimal), transition_table(instance, current, optimal))

    @property
    def table(self) -> pd.DataFrame:
        """``metric, current, optimal, difference``: objective, terms, rules broken, regional
        shares and every item's security metrics (comparison.csv)."""
        return comparison_table(self.before, self.after)

    @property
    def changes(self) -> pd.DataFrame:
        """Capacity per site and item in both layouts and its change (site_changes.csv)."""
        return site_changes(self.instance, self.current, self.optimal)

    def plot(self) -> Figure:
        """Today's layout beside the optimum on one colour scale (map.png), as a Figure."""
        from hinterland.solvers.outputs import maps  # matplotlib loads only when a map is drawn

        layouts = dict(zip(LAYOUT_NAMES, (self.current, self.optimal), strict=True))
        return maps.comparison_figure(self.instance, layouts)


@dataclass(frozen=True)
class PlanComparison:
    """Today's layout set against each period of a plan's layout.

    ``periods`` holds one :class:`Comparison` per period, with today's layout and the
    period's measured against that period's requirements; ``plan`` measures the plan whole.
    """

    instance: Instance
    current: pd.DataFrame
    optimal: pd.DataFrame
    periods: dict[str, Comparison]
    plan: PlanEvaluation

    @classmethod
    def of(cls, instance: Instance, current: pd.DataFrame,
           optimal: pd.DataFrame) -> PlanComparison:
        today = single_layout(current)
        periods = {t: Comparison.of(period_view(instance, t), today, rows)
                   for t, rows in split_layout(instance, optimal).items()}
        return cls(instance, today, optimal, periods, evaluate_plan(instance, optimal))

    @property
    def table(self) -> pd.DataFrame:
        """:attr:`Comparison.table` of every period, with a first column ``period``."""
        return _period_first(pd.concat([c.table.assign(period=t)
                                        for t, c in self.periods.items()], ignore_index=True))

    @property
    def changes(self) -> pd.DataFrame:
        """:attr:`Comparison.changes` of every period, with a first column ``period``."""
        return _period_first(pd.concat([c.changes.assign(period=t)
                                        for t, c in self.periods.items()], ignore_index=True))

    def plot(self) -> Figure:
        """Today's layout beside each period of the plan (map.png), as a Figure."""
        from hinterland.solvers.outputs import maps  # matplotlib loads only when a map is drawn

        layouts = {LAYOUT_NAMES[0]: self.current,
                   **{t: c.optimal for t, c in self.periods.items()}}
        return maps.comparison_figure(self.instance, layouts)


def plan_comparison_files(comparison: PlanComparison) -> dict[str, Writer]:
    """As :func:`comparison_files`, with a ``period`` column and one map panel per period."""
    from hinterland.solvers.outputs import maps

    instance = comparison.instance
    transitions = pd.concat([c.transition.assign(period=t) for t, c in
                             comparison.periods.items()], ignore_index=True)
    layouts = {LAYOUT_NAMES[0]: comparison.current,
               **{t: c.optimal for t, c in comparison.periods.items()}}
    return {
        "comparison.csv": write_csv(comparison.table),
        "site_changes.csv": write_csv(comparison.changes),
        "transition.csv": write_csv(_period_first(transitions)),
        "evaluation_current.json": write_json(
            {t: c.before.as_dict() for t, c in comparison.periods.items()}),
        "evaluation_optimal.json": write_json(comparison.plan.as_dict()),
        "current_layout.csv": write_csv(comparison.current[[
            c for c in LAYOUT_COLUMNS if c in comparison.current.columns]]),
        "map.png": lambda path: maps.draw_comparison(instance, layouts, path),
        "layouts.gpkg": lambda path: maps.write_layout_gpkg(instance, layouts, path),
    }


def plan_comparison_text(comparison: PlanComparison, folder: Path) -> str:
    """Today's layout against each period: objective, investment, rules broken."""
    say = Text()
    say()
    say(f"hinterland: today's layout against each period of the plan {comparison.instance.name}")
    say(f"  {'period':12}{'investment today':>18}{'in the plan':>14}{'broken today':>14}"
        f"{'in the plan':>13}")
    for name, c in comparison.periods.items():
        say(f"  {name:12}{c.before.terms['investment']:>18,.2f}"
            f"{c.after.terms['investment']:>14,.2f}{len(c.before.violations):>14}"
            f"{len(c.after.violations):>13}")
    say.add(transition_text(list(comparison.periods.values())[-1].transition, comparison.instance))
    say(f"  files       {folder} (comparison.csv, site_changes.csv, transition.csv, map.png, "
        "layouts.gpkg; one row set per period)")
    return str(say)


def _period_first(table: pd.DataFrame) -> pd.DataFrame:
    return table[["period", *[c for c in table.columns if c != "period"]]]


def transition_table(instance: Instance, current: pd.DataFrame,
                     optimal: pd.DataFrame) -> pd.DataFrame:
    """What becomes of today's layout in ``optimal``: kept, moved, new, and its capex."""
    rows = pd.concat([current, optimal])[["site_id", "item_id"]].drop_duplicates()
    unit = pair_costs(instance, rows.reset_index(drop=True)).set_index(
        ["site_id", "item_id"])["unit_invest"]
    table = transition(instance, optimal, unit, current)
    table.insert(1, "name", table["site_id"].map(instance.sites["name"]))
    return table


def transition_text(table: pd.DataFrame, instance: Instance) -> str:
    """One line: what is kept, moved and added, and what the change costs."""
    say = Text()
    moved = float(table["moved_in"].sum())
    line = (f"  transition  kept {table['kept'].sum():,.4g}, moved {moved:,.4g}, new "
            f"{table['new'].sum():,.4g} (capacity units); capex {table['capex'].sum():,.4f}"
            + (f", relocation {table['relocation'].sum():,.4f}" if moved else ""))
    say(line)
    if not counts_existing(instance):
        say("              today's capacity is not counted (every unit priced as new); "
            "existing: count in instance.yaml builds on it")
    return str(say)


def comparison_files(comparison: Comparison) -> dict[str, Writer]:
    """Tables, measured evaluations, the side-by-side map and the layouts for GIS."""
    from hinterland.solvers.outputs import maps  # matplotlib loads only when a map is drawn

    instance, current, optimal = comparison.instance, comparison.current, comparison.optimal
    before, after = comparison.before, comparison.after
    layouts = dict(zip(LAYOUT_NAMES, (current, optimal), strict=True))
    return {
        "comparison.csv": write_csv(comparison.table),
        "site_changes.csv": write_csv(comparison.changes),
        "transition.csv": write_csv(comparison.transition),
        "evaluation_current.json": write_json(before.as_dict()),
        "evaluation_optimal.json": write_json(after.as_dict()),
        "current_layout.csv": write_csv(current[[c for c in LAYOUT_COLUMNS
                                                 if c in current.columns]]),
        "map.png": lambda path: maps.draw_comparison(instance, layouts, path),
        "layouts.gpkg": lambda path: maps.write_layout_gpkg(instance, layouts, path),
    }


def comparison_text(comparison: Comparison, folder: Path) -> str:
    """A few lines a planner reads first: cost, rules broken, where capacity moves."""
    say = Text()
    instance, current, optimal = comparison.instance, comparison.current, comparison.optimal
    before, after = comparison.before, comparison.after
    invested = [site_summary(instance, layout).set_index("site_id")["investment"]
                for layout in (current, optimal)]
    gained = invested[1].sub(invested[0], fill_value=0.0)
    say()
    say(f"hinterland: today's layout against the optimum for {instance.name}")
    say(f"  {'':22}{'today':>16}{'optimal':>16}")
    for label, a, b in (
        ("objective", f"{before.objective:,.2f}", f"{after.objective:,.2f}"),
        ("investment", f"{before.terms['investment']:,.2f}", f"{after.terms['investment']:,.2f}"),
        ("rules broken", f"{len(before.violations)}", f"{len(after.violations)}"),
    ):
        say(f"  {label:22}{a:>16}{b:>16}")
    families = pd.Series([v.family for v in before.violations]).value_counts()
    if len(families):
        listed = ", ".join(f"{n} {family}" for family, n in families.items())
        say(f"  today breaks: {listed}")
    for label, series in (("gain most", gained.nlargest(3)), ("lose most", gained.nsmallest(3))):
        shown = [f"{s} {instance.sites.loc[s, 'name']} ({v:+,.0f})" for s, v in series.items()
                 if (v > 0 if label == "gain most" else v < 0)]
        if shown:
            say(f"  investment, sites that {label}: {', '.join(shown)}")
    say.add(transition_text(comparison.transition, instance))
    say(f"  files       {folder} (comparison.csv, site_changes.csv, transition.csv, map.png, "
        "layouts.gpkg)")
    return str(say)
