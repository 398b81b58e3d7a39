"""The map of ``hinterland rank``: suitability scores as a choropleth and a chart of positions.

Kept apart from the ranking study (:mod:`hinterland.solvers.studies.ranking`) so that matplotlib
and geopandas load only when a map is drawn, not at every command's start-up.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import colors
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from hinterland.model import Instance
from hinterland.model.suitability import DEFAULT_TOP, WEIGHT_WORDS, Ranking
from hinterland.solvers.outputs import maps

#: Colours of the suitability map: light for low scores, dark for high ones.
SCORE_CMAP = colors.LinearSegmentedColormap.from_list(
    "suitability", matplotlib.colormaps["YlGnBu"](np.linspace(0.12, 0.95, 256)))
POSITION_CMAP = matplotlib.colormaps["RdYlGn"]
TOP_EDGE = "#111111"
#: At most this many sites get a row in the chart of positions beside the map.
MAX_CHART_ROWS = 40


def draw_ranking(instance: Instance, ranking: Ranking, path: Path, top: int = DEFAULT_TOP,
                 table_file: str = "the ranking table") -> Path:
    """A choropleth of the scores beside a chart of every site's position on every criterion.

    Left: ranked sites coloured by score, the first ``top`` outlined, unranked sites hatched on
    a pale fill, the centres starred; sites are labelled ``site_id`` and rank when the instance
    has at most :data:`hinterland.solvers.outputs.maps.MAX_LABELLED_SITES` sites (else only the
    first ``top``). Right: the positions ``r`` (1 best) of the first :data:`MAX_CHART_ROWS` sites in
    rank order, one column per criterion with its weight: where each score comes from.
    """
    path = Path(path)
    labelled_all = len(instance.sites) <= maps.MAX_LABELLED_SITES
    drawing = maps.prepare(instance, labelled=True)
    scores = ranking.scores.copy()
    scores.index = scores.index.astype(str)
    ranks = ranking.table.set_index("site_id")["rank"]
    first = set(ranking.table["site_id"].head(top))
    low, high = float(scores.min()), float(scores.max())
    norm = colors.Normalize(math.floor(low * 10) / 10, max(math.ceil(high * 10) / 10,
                                                         math.floor(low * 10) / 10 + 0.1))

    fig = Figure(figsize=(maps.PANEL_WIDTH * 2 + 1.6, maps.FIGURE_HEIGHT + 0.4),
                 dpi=maps.DPI, layout="constrained")
    ax_map, ax_chart = fig.subplots(1, 2, width_ratios=(1.35, 1))
    _draw_map(ax_map, drawing, scores, norm, first)
    if drawing.view is not None:
        labels = {s: f"{s}\n{int(ranks[s])}" for s in ranks.index
                  if labelled_all or s in first}
        _label(ax_map, drawing, labels)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=SCORE_CMAP), ax=ax_map, shrink=0.7,
                       pad=0.01, aspect=28, location="left")
    bar.set_label("TOPSIS closeness C (1 = the ideal)" if ranking.topsis is not None
                  else "score (weighted sum of positions)")
    handles = [Patch(facecolor=SCORE_CMAP(0.7), edgecolor=TOP_EDGE, linewidth=1.6,
                     label=f"first {top} (outlined)")]
    if drawing.outside_hinterland and ranking.matrix.hinterland_only:
        handles.append(Patch(facecolor=maps.OUTSIDE_FILL, edgecolor=maps.HATCH_COLOUR,
                             hatch=maps.OUTSIDE_HATCH, label="not ranked (not hinterland)"))
    handles.append(Line2D([], [], marker="*", linestyle="none", markersize=13,
                          markerfacecolor=maps.CENTRE_COLOUR, markeredgecolor="white",
                          label="centre"))
    ax_map.legend(handles=handles, loc="lower left", fontsize=8, frameon=True, framealpha=0.9)
    ax_map.set_title("score by site (label: site_id and rank)", fontsize=10)
    _draw_positions(ax_chart, ranking, table_file)
    weights = WEIGHT_WORDS[ranking.weight_source].split(" (")[0]
    fig.suptitle(f"{instance.name}: suitability by {ranking.method.upper()} "
                 f"({weights}), {len(ranking.table)} "
                 f"{'hinterland ' if ranking.matrix.hinterland_only else ''}sites",
                 fontsize=13, fontweight="bold")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=maps.DPI, facecolor="white")
    return path


def _fill(ax: Axes, areas: maps.Areas, scores: pd.Series, norm: colors.Normalize,
          first: set[str], edge_width: float) -> None:
    """Polygons by score; unranked ones pale and hatched; the first sites outlined."""
    if not areas.paths:
        return
    values = scores.reindex(areas.ids).to_numpy(dtype=float)
    ranked = np.isfinite(values)
    faces = np.tile(colors.to_rgba(maps.OUTSIDE_FILL), (len(areas.ids), 1))
    faces[ranked] = SCORE_CMAP(norm(values[ranked]))
    ax.add_collection(PathCollection(areas.paths, facecolors=faces, edgecolors=maps.EDGE_COLOUR,
                                     linewidths=edge_width, zorder=1), autolim=False)
    outside = [p for p, keep in zip(areas.paths, ranked, strict=True) if not keep]
    if outside:
        ax.add_collection(PathCollection(outside, facecolors="none",
                                         edgecolors=maps.HATCH_COLOUR, linewidths=0,
                                         hatch=maps.OUTSIDE_HATCH, zorder=2), autolim=False)
    best = [p for p, site in zip(areas.paths, areas.ids, strict=True) if site in first]
    if best:
        ax.add_collection(PathCollection(best, facecolors="none", edgecolors=TOP_EDGE,
                                         linewidths=1.6, zorder=3), autolim=False)


def _draw_map(ax: Axes, drawing: maps.Map, scores: pd.Series, norm: colors.Normalize,
              first: set[str]) -> None:
    if maps.nothing_to_draw(ax, drawing):
        return
    polygons = bool(drawing.areas.paths)
    labelled = len(drawing.areas.ids) + len(drawing.point_ids) <= maps.MAX_LABELLED_SITES
    _fill(ax, drawing.areas, scores, norm, first, edge_width=0.5 if labelled else 0.15)
    maps.draw_borders(ax, drawing)
    if len(drawing.point_ids):
        values = scores.reindex(drawing.point_ids).to_numpy(dtype=float)
        ranked = np.isfinite(values)
        faces = np.tile(colors.to_rgba(maps.OUTSIDE_FILL), (len(values), 1))
        faces[ranked] = SCORE_CMAP(norm(values[ranked]))
        edges = [TOP_EDGE if s in first else "#777777" for s in drawing.point_ids]
        ax.scatter(drawing.point_xy[:, 0], drawing.point_xy[:, 1], s=170, c=faces,
                   edgecolors=edges, linewidths=[1.6 if s in first else 0.8
                                                 for s in drawing.point_ids], zorder=5)
    view = maps.frame(ax, drawing, polygons)
    maps.draw_centres(ax, drawing.centres)
    if drawing.inset is not None and drawing.inset_view is not None:
        inset = maps.open_inset(ax, drawing, view)
        _fill(inset, drawing.inset, scores, norm, first, edge_width=0.15)
        maps.outline_inset(inset, drawing)


def _label(ax: Axes, drawing: maps.Map, labels: dict[str, str]) -> None:
    for site, text in labels.items():
        if site not in drawing.label_xy:
            continue
        x, y = drawing.label_xy[site]
        ax.annotate(text, (x, y), ha="center", va="center", fontsize=7, fontweight="bold",
                    color="#1a1a1a", path_effects=maps.HALO, zorder=8, linespacing=0.95,
                    annotation_clip=True)


def _draw_positions(ax: Axes, ranking: Ranking, table_file: str) -> None:
    """Every criterion's position r of the first sites, in rank order, as coloured cells."""
    shown = ranking.table.head(MAX_CHART_ROWS)
    sites = shown["site_id"].tolist()
    names = [c.name for c in ranking.criteria]
    grid = ranking.positions.loc[sites, names].to_numpy(dtype=float)
    ax.imshow(grid, cmap=POSITION_CMAP, vmin=0, vmax=1, aspect="auto")
    small = len(sites) <= 25
    if small:
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                ax.text(j, i, f"{grid[i, j]:.2f}", ha="center", va="center", fontsize=7,
                        color="#111111")
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels([f"{n}\n{ranking.weights.iloc[j]:.2f}" for j, n in enumerate(names)],
                       fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(sites)))
    ax.set_yticklabels([f"{int(r)}  {s}  {score:.3f}" for r, s, score in
                        zip(shown["rank"], sites, shown["score"], strict=True)],
                       fontsize=8 if small else 6, family="monospace")
    ax.tick_params(length=0)
    ax.set_title("position on each criterion (1 = best ranked site; weight under the name)\n"
                 "rows: rank, site_id, score", fontsize=9)
    if len(ranking.table) > MAX_CHART_ROWS:
        ax.set_xlabel(f"the first {MAX_CHART_ROWS} of {len(ranking.table)} sites; all in "
                      f"{table_file}", fontsize=8)
