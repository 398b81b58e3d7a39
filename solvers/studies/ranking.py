"""A suitability ranking as tables, text and files: the study behind ``hinterland rank``.

The scores come from :mod:`hinterland.model.suitability` (criteria, normalisation, weights,
TOPSIS); this module presents them. It prints the ranked table with every criterion's part in
each score, the weight sensitivity of the first sites and, for sites asked for, where their
score comes from. :func:`rank_files` gives ``rank.csv`` (one row per ranked site),
``sensitivity.csv`` (one row per criterion), ``rank.json`` (the settings and provenance of the
ranking) and ``rank.png`` (a choropleth of the scores beside a chart of every site's position on
every criterion), written whole or not at all like every other result
(:mod:`hinterland.solvers.outputs.folders`).
"""

from __future__ import annotations

import math
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from hinterland.model import Instance
from hinterland.model.suitability import METHOD_WORDS, WEIGHT_WORDS, Ranking
from hinterland.solvers.outputs.folders import Writer, versions, write_csv, write_json
from hinterland.solvers.outputs.text import Text

RANK_CSV = "rank.csv"
SENSITIVITY_CSV = "sensitivity.csv"
RANK_JSON = "rank.json"
RANK_PNG = "rank.png"
RANK_FILES = (RANK_CSV, SENSITIVITY_CSV, RANK_JSON, RANK_PNG)


def rank_files(instance: Instance, ranking: Ranking, shifts: pd.DataFrame) -> dict[str, Writer]:
    """The files of a ranking: rank.csv, sensitivity.csv, rank.json and the map rank.png."""
    top = int(shifts["top"].iloc[0])
    return {
        RANK_CSV: write_csv(rank_table(ranking)),
        SENSITIVITY_CSV: write_csv(shifts),
        RANK_JSON: write_json(rank_summary(instance, ranking, shifts)),
        RANK_PNG: lambda path: _draw(instance, ranking, path, top=top),
    }

# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def rank_table(ranking: Ranking) -> pd.DataFrame:
    """The content of rank.csv: one row per ranked site, best first.

    ``rank, site_id, name, province, region, score`` (and ``d_plus, d_minus`` for TOPSIS),
    the columns the criteria read (raw), then per criterion ``<c>_value`` (the criterion value
    ``x``), ``<c>_position`` (``r``, 1 at the best ranked site) and either
    ``<c>_contribution`` (``w r``, adding up to the score) or, for TOPSIS, ``<c>_weighted``
    (``v``), ``<c>_to_ideal`` (``|v - A+|``) and ``<c>_to_anti_ideal`` (``|v - A-|``).
    """
    order = ranking.table["site_id"].to_numpy()
    table = ranking.table.copy()
    matrix = ranking.matrix
    raw = matrix.columns.loc[order]
    for column in raw.columns:
        table[column if column not in table.columns else f"{column}_column"] = raw[
            column].to_numpy()
    for j, criterion in enumerate(ranking.criteria):
        name = criterion.name
        table[f"{name}_value"] = matrix.values.loc[order, name].to_numpy()
        table[f"{name}_position"] = ranking.positions.loc[order, name].to_numpy()
        contribution = ranking.contributions.loc[order, name].to_numpy()
        if ranking.topsis is None:
            table[f"{name}_contribution"] = contribution
        else:
            table[f"{name}_weighted"] = contribution
            table[f"{name}_to_ideal"] = np.abs(contribution - ranking.topsis.ideal[j])
            table[f"{name}_to_anti_ideal"] = np.abs(contribution - ranking.topsis.anti_ideal[j])
    return table


def rank_summary(instance: Instance, ranking: Ranking, shifts: pd.DataFrame) -> dict:
    """The content of rank.json: what was ranked, how, with which weights, from which files."""
    matrix = ranking.matrix
    parts = ranking.topsis
    return {
        "instance": {"name": instance.name, "folder": str(instance.folder),
                     "sha256": instance.digest},
        "method": ranking.method,
        "weights_from": ranking.weight_source,
        "sites": "all" if not matrix.hinterland_only else "hinterland",
        "sites_ranked": len(matrix.sites),
        "criteria": [
            {"name": c.name, "direction": c.direction, "columns": list(c.columns),
             "description": c.description, "weight": float(ranking.weights.iloc[j]),
             **({"ideal": float(parts.ideal[j]), "anti_ideal": float(parts.anti_ideal[j])}
                if parts is not None else {})}
            for j, c in enumerate(ranking.criteria)
        ],
        "top": int(shifts["top"].iloc[0]) if len(shifts) else None,
        "first": ranking.table["site_id"].head(5).tolist(),
        "notes": list(ranking.notes),
        "versions": versions(),
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A value of a criterion's column in at most about six characters."""
    if not math.isfinite(value):
        return "-"
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal columns and padded to exactly ``width``."""
    while _width(text) > width:
        text = text[:-1]
    return text + " " * (width - _width(text))


def ranking_text(instance: Instance, ranking: Ranking, rows: int | None = None) -> str:
    """The head (method, sites, criteria and weights) and the ranked table."""
    say = Text()
    matrix = ranking.matrix
    total = len(instance.sites)
    which = ("hinterland sites" if matrix.hinterland_only else "sites")
    say(f"hinterland rank: {instance.name}")
    say(f"  method      {METHOD_WORDS[ranking.method]}")
    say(f"  weights     {WEIGHT_WORDS[ranking.weight_source]}")
    extra = "; --all ranks every site" if matrix.hinterland_only and len(matrix.sites) < total \
        else ""
    say(f"  sites       {len(matrix.sites)} {which} of {total}{extra}")
    width = max(len(c.name) for c in ranking.criteria)
    say(f"  criteria    {'name':<{width}}  better  weight  columns")
    for j, criterion in enumerate(ranking.criteria):
        how = " (mean of min-max)" if len(criterion.columns) > 1 else ""
        say(f"              {criterion.name:<{width}}  {criterion.direction:<6}  "
            f"{ranking.weights.iloc[j]:6.3f}  {', '.join(criterion.columns)}{how}")

    names = [c.name for c in ranking.criteria]
    cells = [max(len(n), 6) for n in names]
    topsis = ranking.topsis is not None
    name_width = min(max(_width(str(n)) for n in ranking.table["name"]), 18)
    head = f"{'rank':>4}  {'site':<6} {'name':<{name_width}}  {'score':>6}"
    if topsis:
        head += f"  {'D+':>6}  {'D-':>6}"
    head += "  |" + "".join(f" {n:>{w}}" for n, w in zip(names, cells, strict=True))
    say()
    if topsis:
        say("Each criterion's column is the site's position on it: 1 at the best ranked site, "
            "0 at the worst\n(equal to (v - A-) / (A+ - A-), its place between TOPSIS's "
            "anti-ideal and ideal).")
    else:
        say("Each criterion's column is its contribution w x r (weight x position, 1 at the "
            "best ranked site);\nthe contributions add up to the score.")
    say(head)
    lead = len(head.split("|")[0])
    say(f"{'weights':>{lead}}|" + "".join(f" {ranking.weights.iloc[j]:>{w}.3f}"
                                             for j, w in enumerate(cells)))
    shown = ranking.table if rows is None else ranking.table.head(rows)
    values = ranking.positions if topsis else ranking.contributions
    for _, row in shown.iterrows():
        site = row["site_id"]
        line = (f"{int(row['rank']):>4}  {site:<6} {_fit(str(row['name']), name_width)}"
                f"  {row['score']:6.3f}")
        if topsis:
            line += f"  {row['d_plus']:6.3f}  {row['d_minus']:6.3f}"
        line += "  |" + "".join(f" {values.loc[site, n]:>{w}.3f}"
                                for n, w in zip(names, cells, strict=True))
        say(line)
    if rows is not None and rows < len(ranking.table):
        say(f"  ... {len(ranking.table) - rows} more in {RANK_CSV}")
    return str(say)


def sensitivity_text(ranking: Ranking, shifts: pd.DataFrame) -> str:
    """How far each weight must move before the first sites change."""
    say = Text()
    if shifts.empty:
        return str(say)
    k = int(shifts["top"].iloc[0])
    first = ", ".join(ranking.table["site_id"].head(k))
    say(f"\nSensitivity: the change of one weight (the others rescaled in proportion) at "
        f"which the first {k} ({first}) change")
    width = max(len(c) for c in shifts["criterion"])
    say(f"  {'criterion':<{width}}  weight  {'falls to':<24}  rises to")

    def side(row: pd.Series, name: str) -> str:
        weight = row[f"{name}_weight"]
        if weight is None or (isinstance(weight, float) and math.isnan(weight)):
            return "no change" if name == "up" or row["weight"] > 0 else "-"
        change = row[f"{name}_change"]
        relative = "" if change is None or math.isnan(change) else f" ({change:+.0%})"
        moves = " ".join([*(f"+{s}" for s in str(row[f"{name}_enters"]).split(";") if s),
                          *(f"-{s}" for s in str(row[f"{name}_leaves"]).split(";") if s)])
        return f"{weight:.3f}{relative} {moves}"

    for _, row in shifts.iterrows():
        say(f"  {row['criterion']:<{width}}  {row['weight']:6.3f}  {side(row, 'down'):<24}  "
            f"{side(row, 'up')}")
    smallest = shifts.dropna(subset=["smallest"])
    if not smallest.empty:
        row = smallest.loc[smallest["smallest"].astype(float).idxmin()]
        say(f"  The first {k} are most sensitive to {row['criterion']}: a change of "
            f"{row['smallest']:.1%} of its weight changes them (+ enters, - leaves).")
    return str(say)


def site_breakdown(ranking: Ranking, site: str) -> pd.DataFrame:
    """Where one site's score comes from, one row per criterion.

    ``value`` (the criterion value), ``position`` (r), ``place`` (its rank on the criterion
    among the ranked sites), ``weight``, and either ``contribution`` and ``against_mean`` (the
    contribution less the mean contribution of the ranked sites) for the additive methods, or
    ``to_ideal_share`` and ``to_anti_share`` (the criterion's share of ``D+^2`` and ``D-^2``)
    for TOPSIS.
    """
    positions = ranking.positions
    places = positions.rank(ascending=False, method="min").astype(int)
    rows = []
    for j, criterion in enumerate(ranking.criteria):
        name = criterion.name
        row = {"criterion": name, "value": float(ranking.matrix.values.loc[site, name]),
               "position": float(positions.loc[site, name]),
               "place": int(places.loc[site, name]), "weight": float(ranking.weights.iloc[j])}
        if ranking.topsis is None:
            contribution = ranking.contributions[name]
            row["contribution"] = float(contribution.loc[site])
            row["against_mean"] = float(contribution.loc[site] - contribution.mean())
        else:
            v = float(ranking.contributions.loc[site, name])
            index = ranking.positions.index.get_loc(site)
            plus = ranking.topsis.d_plus[index] ** 2
            minus = ranking.topsis.d_minus[index] ** 2
            row["to_ideal_share"] = (v - ranking.topsis.ideal[j]) ** 2 / plus if plus else 0.0
            row["to_anti_share"] = ((v - ranking.topsis.anti_ideal[j]) ** 2 / minus
                                    if minus else 0.0)
        rows.append(row)
    return pd.DataFrame(rows)


def site_text(ranking: Ranking, site: str) -> str:
    """One site's standing and the criteria that lift and hold back its score."""
    say = Text()
    table = ranking.table.set_index("site_id")
    row = table.loc[site]
    n = len(table)
    parts = site_breakdown(ranking, site)
    say(f"\n{row['name']} ({site}): rank {int(row['rank'])} of {n}, score {row['score']:.3f}")
    topsis = ranking.topsis is not None
    width = max(len(c) for c in parts["criterion"])
    if topsis:
        say(f"  {'criterion':<{width}}  {'value':>8}  position  place  weight  "
            "share of D+^2  share of D-^2")
    else:
        say(f"  {'criterion':<{width}}  {'value':>8}  position  place  weight  "
            "contribution  against the mean")
    for _, part in parts.iterrows():
        line = (f"  {part['criterion']:<{width}}  {_number(part['value']):>8}  "
                f"{part['position']:8.2f}  {int(part['place']):>2}/{n:<2}  {part['weight']:6.3f}")
        if topsis:
            line += f"  {part['to_ideal_share']:13.0%}  {part['to_anti_share']:13.0%}"
        else:
            line += f"  {part['contribution']:12.3f}  {part['against_mean']:+16.3f}"
        say(line)
    if topsis:
        lifts = parts[parts["to_anti_share"] >= 0.005].sort_values("to_anti_share",
                                                                     ascending=False).head(3)
        holds = parts[parts["to_ideal_share"] >= 0.005].sort_values("to_ideal_share",
                                                                     ascending=False).head(3)
        say("  lifted by (largest shares of its distance from the anti-ideal): " + (", ".join(
            f"{p.criterion} {p.to_anti_share:.0%}" for p in lifts.itertuples()) or "nothing"))
        say("  held back by (largest shares of its distance to the ideal): " + (", ".join(
            f"{p.criterion} {p.to_ideal_share:.0%}" for p in holds.itertuples()) or "nothing"))
    else:
        lifts = parts[parts["against_mean"] > 0].sort_values("against_mean", ascending=False)
        holds = parts[parts["against_mean"] < 0].sort_values("against_mean")
        say("  above the mean site on: " + (", ".join(
            f"{p.criterion} {p.against_mean:+.3f}" for p in lifts.itertuples()) or "nothing"))
        say("  below the mean site on: " + (", ".join(
            f"{p.criterion} {p.against_mean:+.3f}" for p in holds.itertuples()) or "nothing"))
    return str(say)


def _draw(instance: Instance, ranking: Ranking, path: Path, top: int) -> Path:
    # matplotlib loads only when a map is drawn.
    from hinterland.solvers.outputs.rank_map import draw_ranking

    return draw_ranking(instance, ranking, path, top=top, table_file=RANK_CSV)
