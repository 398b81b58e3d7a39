"""The files and the terminal summary of ``hinterland compare``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model import Instance
from model.comparison import comparison_table, site_changes
from model.evaluation import Evaluation, evaluate, site_summary
from solvers.output import Writer, write_csv, write_json

LAYOUT_NAMES = ("Today", "Optimal")


@dataclass(frozen=True)
class Comparison:
    """Today's layout and the optimum, each measured once."""

    instance: Instance
    current: pd.DataFrame
    optimal: pd.DataFrame
    before: Evaluation
    after: Evaluation

    @classmethod
    def of(cls, instance: Instance, current: pd.DataFrame,
           optimal: pd.DataFrame) -> Comparison:
        return cls(instance, current, optimal, evaluate(instance, current),
                   evaluate(instance, optimal))


def comparison_files(comparison: Comparison) -> dict[str, Writer]:
    """Tables, measured evaluations, the side-by-side map and the layouts for GIS."""
    from solvers import maps  # matplotlib loads only when a map is drawn

    instance, current, optimal = comparison.instance, comparison.current, comparison.optimal
    before, after = comparison.before, comparison.after
    layouts = dict(zip(LAYOUT_NAMES, (current, optimal), strict=True))
    return {
        "comparison.csv": write_csv(comparison_table(before, after)),
        "site_changes.csv": write_csv(site_changes(instance, current, optimal)),
        "evaluation_current.json": write_json(before.as_dict()),
        "evaluation_optimal.json": write_json(after.as_dict()),
        "current_layout.csv": write_csv(current),
        "map.png": lambda path: maps.draw_comparison(instance, layouts, path),
        "layouts.gpkg": lambda path: maps.write_layout_gpkg(instance, layouts, path),
    }


def print_comparison(comparison: Comparison, folder: Path) -> None:
    """A few lines a planner reads first: cost, rules broken, where capacity moves."""
    instance, current, optimal = comparison.instance, comparison.current, comparison.optimal
    before, after = comparison.before, comparison.after
    invested = [site_summary(instance, layout).set_index("site_id")["investment"]
                for layout in (current, optimal)]
    gained = invested[1].sub(invested[0], fill_value=0.0)
    print()
    print(f"hinterland: today's layout against the optimum for {instance.name}")
    print(f"  {'':22}{'today':>16}{'optimal':>16}")
    for label, a, b in (
        ("objective", f"{before.objective:,.2f}", f"{after.objective:,.2f}"),
        ("investment", f"{before.terms['investment']:,.2f}", f"{after.terms['investment']:,.2f}"),
        ("rules broken", f"{len(before.violations)}", f"{len(after.violations)}"),
    ):
        print(f"  {label:22}{a:>16}{b:>16}")
    families = pd.Series([v.family for v in before.violations]).value_counts()
    if len(families):
        listed = ", ".join(f"{n} {family}" for family, n in families.items())
        print(f"  today breaks: {listed}")
    for label, series in (("gain most", gained.nlargest(3)), ("lose most", gained.nsmallest(3))):
        shown = [f"{s} {instance.sites.loc[s, 'name']} ({v:+,.0f})" for s, v in series.items()
                 if (v > 0 if label == "gain most" else v < 0)]
        if shown:
            print(f"  investment, sites that {label}: {', '.join(shown)}")
    print(f"  files       {folder} (comparison.csv, site_changes.csv, map.png, layouts.gpkg)")
