"""Progression: hinterlands replicate before they drive (an instance switch).

With ``progression: {min_base: b}`` in instance.yaml, an integration item may go to a site
only where a backup item is hosted or the site's base in the item's sector reaches ``b``:

``y[s,k] <= sum_{j backup, (s,j) eligible} y[s,j]``  for every integration item k and eligible
site s with ``base_<sector k>[s] < b``.

Hosting of backup and integration items is then binary, so that the right-hand side counts
real backups.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData


def add_progression(m: pyo.ConcreteModel, data: FormulationData) -> None:
    instance = data.instance
    threshold = instance.settings.progression_min_base
    rows: list[tuple[str, str]] = []
    if threshold is not None:
        items = instance.items
        for k in items.index[items["task"] == "integration"]:
            base = instance.site_base(items.loc[k, "sector"])
            rows += [(s, k) for s in data.sites_of_item[k] if base[s] < threshold]
    task = instance.items["task"].to_dict()
    backups = {s: [j for j in data.items_of_site[s] if task[j] == "backup"]
               for s, _ in rows}
    m.PROGRESSION_PAIRS = pyo.Set(initialize=rows, dimen=2, ordered=True)
    m.progression = pyo.Constraint(
        m.PROGRESSION_PAIRS,
        rule=lambda m, s, k: m.y[s, k] <= pyo.quicksum(m.y[s, j] for j in backups[s]),
    )
