"""After a sweep: the robust core and the least-regret layout, as tables and a map.

Reads the runs' layouts from the sweep folder, measures every run's optimum in every run's
instance (:mod:`hinterland.model.robust`), and writes beside ``sweep.csv``:

* ``robust_core.csv``: ``site_id, item_id, runs, share``, how often each placement is made;
* ``regret.csv``: ``candidate, run, objective, feasible, regret`` for each run's layout in
  each run (infinite regret where the layout breaks a rule of that run);
* ``robust_layout.csv`` and ``robust_layout.png``: the least-regret layout and its map.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from hinterland.model import Instance
from hinterland.model.periods import final_layout
from hinterland.model.robust import hosting_frequency, least_regret, regret_table
from hinterland.model.scenarios import apply_overrides
from hinterland.solvers.outputs.folders import write_csv, write_file
from hinterland.solvers.studies import sweep as sweeps


def write_robust(instance: Instance, out: Path, points: list[sweeps.Point],
                 table: pd.DataFrame) -> str | None:
    """Write the robust-core files into ``out``; return a sentence for the terminal."""
    solved = table[table["status"].isin(["optimal", "feasible"])]
    layouts = {}
    for run in solved["run"]:
        path = out / "runs" / run / "layout.csv"
        if path.is_file():
            layouts[run] = pd.read_csv(path, dtype={"site_id": str, "item_id": str,
                                                  "period": str})
    if len(layouts) < 2:
        return None
    by_run = {p.run: p for p in points}
    instances = {run: apply_overrides(sweeps.with_scenario(instance, by_run[run].scenario),
                                      by_run[run].overrides) for run in layouts}
    optima = solved.set_index("run")["objective"].to_dict()
    regrets = regret_table(instances, optima, layouts)
    best, worst = least_regret(regrets)
    core = hosting_frequency(layouts)
    write_file(out / "robust_core.csv", write_csv(core))
    write_file(out / "regret.csv", write_csv(regrets))
    write_file(out / "robust_layout.csv", write_csv(layouts[best]))
    from hinterland.solvers.outputs import maps  # matplotlib loads only when a map is drawn

    write_file(out / "robust_layout.png", lambda p: maps.draw_comparison(
        instance, {f"Least regret ({best})": final_layout(layouts[best])}, p))
    always = int((core["share"] >= 1.0).sum())
    regret_text = "none" if worst == 0 else ("unbounded" if math.isinf(worst)
                                             else f"{worst:,.4g}")
    return (f"{always} placements are made in every run (robust_core.csv); the layout of "
            f"{best} has the least worst-case regret across the runs ({regret_text}; "
            "regret.csv, robust_layout.csv, robust_layout.png)")

