"""Maps of layouts: a side-by-side picture for a planner and a GeoPackage for a GIS.

:func:`draw_comparison` draws one panel per layout (today's and the optimal one, say) on one
colour scale of investment per site; :func:`write_layout_gpkg` writes the same layouts as layers
of one GeoPackage. Sites are the polygons of the instance's ``sites.gpkg`` when it has one, and
points at their ``lon``/``lat`` otherwise (:func:`site_geometries`). Nothing is fetched from the
network: there are no background tiles, only the instance's own shapes.

Figures are drawn with matplotlib's object interface (no pyplot, so no backend is switched
in the caller's process). Text is English only (the default font has no CJK glyphs): sites
are labelled by ``site_id``, never by name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pyogrio
import shapely
from matplotlib import colors, patheffects, ticker
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from shapely.ops import polylabel

from hinterland.model.evaluation import site_summary
from hinterland.model.instance import Instance
from hinterland.model.pricing import site_investment

#: The file of site polygons an instance folder may hold (keyed by ``site_id``).
SITES_GPKG = "sites.gpkg"
CRS = "EPSG:4326"
#: GDAL stamps a GeoPackage with the wall clock unless ``OGR_CURRENT_DATE`` is set; the same
#: fixed value as the instance builder, so a layout GeoPackage depends only on its content.
GPKG_TIMESTAMP = "2000-01-01T00:00:00Z"

#: At most this many sites and the developed ones are labelled by ``site_id``.
MAX_LABELLED_SITES = 60
#: A log colour scale when the largest investment exceeds the smallest by this factor.
LOG_SCALE_RATIO = 20.0

#: Inches per panel across, and the figure's height: two panels give a 14 x 6.4 in figure.
PANEL_WIDTH = 6.4
FIGURE_HEIGHT = 6.4
DPI = 150
#: Polygon parts within this fraction of the map's size of each other form one group ...
ISLAND_GAP = 0.015
#: ... and a group with less than this fraction of the whole area is drawn in an inset.
ISLAND_AREA = 0.01
#: The inset of far-flung islands, at this fraction of the main map's scale.
INSET_SCALE = 0.6
CMAP = colors.LinearSegmentedColormap.from_list(
    "investment", matplotlib.colormaps["YlOrRd"](np.linspace(0.18, 1.0, 256)))
NO_INVESTMENT = "#d4d4d4"
OUTSIDE_FILL = "#f3efe4"
OUTSIDE_HATCH = "////"
HATCH_COLOUR = "#9a9a9a"
EDGE_COLOUR = "#ffffff"
DEVELOPED_EDGE = "#3a3a3a"
BORDER_COLOUR = "#555555"
CENTRE_COLOUR = "#1f3a93"
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


# --------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------


def site_geometries(instance: Instance) -> gpd.GeoDataFrame:
    """Every site of ``instance`` with its shape, indexed and ordered as ``instance.sites``.

    A site's shape is its polygon in ``instance.folder / "sites.gpkg"`` (matched on ``site_id``,
    read as text so that a code like ``'110000'`` stays a string) when the instance has that
    file and the site is in it, and otherwise the point at its ``lon``/``lat``; a site with a
    blank coordinate and no polygon has no geometry (``None``).

    Args:
        instance: a loaded instance.

    Returns:
        The site table (without private columns such as ``_line``) with a geometry column, in
        EPSG:4326.
    """
    sites = instance.sites
    frame = sites[[c for c in sites.columns if not str(c).startswith("_")]].copy()
    frame["site_id"] = sites.index.astype(str)
    lon = pd.to_numeric(sites.get("lon", pd.Series(np.nan, index=sites.index)), errors="coerce")
    lat = pd.to_numeric(sites.get("lat", pd.Series(np.nan, index=sites.index)), errors="coerce")
    known = (lon.notna() & lat.notna()).to_numpy()
    geometry = np.full(len(sites), None, dtype=object)
    geometry[known] = shapely.points(lon.to_numpy()[known], lat.to_numpy()[known])
    gpkg = Path(instance.folder) / SITES_GPKG
    if gpkg.is_file():
        shapes = pyogrio.read_dataframe(gpkg, columns=["site_id"])
        if shapes.crs is not None and shapes.crs != CRS:
            shapes = shapes.to_crs(CRS)
        polygons = pd.Series(shapes.geometry.to_numpy(), index=shapes["site_id"].astype(str))
        polygons = polygons[~polygons.index.duplicated()].reindex(frame["site_id"])
        found = polygons.notna().to_numpy()
        geometry[found] = polygons.to_numpy()[found]
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=sites.index, crs=CRS))


def _polygon_path(geometry: shapely.Geometry) -> MplPath:
    """A matplotlib path of a (multi)polygon, exteriors anticlockwise and holes clockwise."""
    rings = shapely.get_rings(shapely.get_parts(shapely.orient_polygons(geometry)))
    coords, index = shapely.get_coordinates(rings, return_index=True)
    counts = np.bincount(index, minlength=len(rings))
    counts = counts[counts > 0]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int)
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    codes[starts] = MplPath.MOVETO
    codes[starts + counts - 1] = MplPath.CLOSEPOLY
    return MplPath(coords, codes)


def _line_path(geometry: shapely.Geometry) -> MplPath:
    """A matplotlib path of the lines of ``geometry`` (each line a separate stroke)."""
    coords, index = shapely.get_coordinates(shapely.get_parts(geometry), return_index=True)
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    codes[np.r_[0, np.flatnonzero(np.diff(index)) + 1][: len(coords)]] = MplPath.MOVETO
    return MplPath(coords, codes)


Box = tuple[float, float, float, float]


def _bounds(xy: np.ndarray) -> Box:
    return (float(xy[:, 0].min()), float(xy[:, 1].min()),
            float(xy[:, 0].max()), float(xy[:, 1].max()))


def pad(box: Box, fraction: float, minimum: float) -> Box:
    """``box`` grown on every side by ``fraction`` of its larger side (at least ``minimum``)."""
    margin = max(fraction * max(box[2] - box[0], box[3] - box[1]), minimum)
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)


@dataclass
class Areas:
    """Polygons to fill, one path per site."""

    ids: list[str]
    paths: list[MplPath]
    hinterland: np.ndarray


@dataclass
class Map:
    """What every panel of one instance draws, prepared once."""

    areas: Areas
    point_ids: list[str]
    point_xy: np.ndarray
    point_hinterland: np.ndarray
    #: Where each site's label goes (only filled when sites are labelled).
    label_xy: dict[str, tuple[float, float]]
    #: Borders of the provinces, drawn over sites finer than provinces.
    borders: list[MplPath]
    centres: pd.DataFrame
    #: The main view; ``None`` when nothing has coordinates.
    view: Box | None
    #: How many sites have no geometry (no polygon and a blank lon/lat) and are not drawn.
    missing: int
    #: Parts of polygons beyond the main view (far-flung islands), drawn in an inset.
    inset: Areas | None = None
    inset_view: Box | None = None

    @property
    def outside_hinterland(self) -> bool:
        """Whether any drawn site (polygon or point) lies outside the hinterland."""
        return bool((~self.areas.hinterland).any() or (~self.point_hinterland).any())


def prepare(instance: Instance, labelled: bool) -> Map:
    """Geometry, views, inset and (when ``labelled``) label spots of ``instance``'s sites."""
    geo = site_geometries(instance)
    present = geo.geometry.notna().to_numpy() & ~geo.geometry.is_empty.to_numpy()
    geo = geo[present]
    is_area = geo.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    polygons, points = geo[is_area], geo[~is_area]
    shapes = polygons.geometry.to_numpy()
    centres = instance.centres
    if {"lon", "lat"} <= set(centres.columns):
        centres = centres[centres["lon"].notna() & centres["lat"].notna()]
    else:
        centres = centres.iloc[0:0].assign(lon=[], lat=[])

    label_xy: dict[str, tuple[float, float]] = {}
    if labelled:
        # A polygon's label goes to the pole of inaccessibility of its largest part (the point
        # farthest inside it), a point's label at the point.
        for site_id, shape in zip(polygons.index, shapes, strict=True):
            parts = shapely.get_parts(shape)
            part = parts[np.argmax(shapely.area(parts))]
            spot = polylabel(part, tolerance=max(math.sqrt(part.area) / 50, 1e-9))
            label_xy[str(site_id)] = (spot.x, spot.y)
        xy = shapely.get_coordinates(points.geometry.to_numpy())
        for site_id, (x, y) in zip(points.index, xy, strict=True):
            label_xy[str(site_id)] = (float(x), float(y))

    point_xy = shapely.get_coordinates(points.geometry.to_numpy())
    extents = [point_xy, centres[["lon", "lat"]].to_numpy(dtype=float)]
    parts = shapely.get_parts(shapes)
    far = far_flung(parts)
    if len(parts) and not far.all():
        box = shapely.bounds(parts[~far])
        extents += [box[:, :2], box[:, 2:]]
    extents = [e for e in extents if len(e)]
    view = _bounds(np.concatenate(extents)) if extents else None

    tolerance = 0.0
    if len(shapes):
        full = shapely.total_bounds(shapes)
        tolerance = max(full[2] - full[0], full[3] - full[1]) / 3000
    simple = shapely.simplify(shapes, tolerance, preserve_topology=True)
    areas_ = Areas([str(i) for i in polygons.index], [_polygon_path(g) for g in simple],
                   hinterland_mask(polygons))
    result = Map(areas_, [str(i) for i in points.index], point_xy, hinterland_mask(points),
                 label_xy, _province_borders(polygons, tolerance), centres, view,
                 int((~present).sum()))

    if far.any() and view is not None:
        inset_view = pad(tuple(shapely.total_bounds(parts[far])), 0.1, 0.5)
        nearby = shapely.intersects(shapes, shapely.box(*inset_view))
        result.inset = Areas([str(i) for i in polygons.index[nearby]],
                             [_polygon_path(g) for g in shapes[nearby]],
                             hinterland_mask(polygons)[nearby])
        result.inset_view = inset_view
    return result


def far_flung(parts: np.ndarray) -> np.ndarray:
    """Which polygon parts are far-flung islands, to be drawn in an inset.

    Parts whose bounding boxes come within :data:`ISLAND_GAP` of the map's size of each other
    form groups (chains of coastal islets join their coast); a group with less than
    :data:`ISLAND_AREA` of the whole area is far-flung. The South China Sea islands are, for the
    real instances; Hainan and the coastal islands are not.
    """
    if len(parts) < 2:
        return np.zeros(len(parts), dtype=bool)
    full = shapely.total_bounds(parts)
    reach = ISLAND_GAP * max(full[2] - full[0], full[3] - full[1]) / 2
    boxes = shapely.bounds(parts) + np.array([-reach, -reach, reach, reach])
    pairs = shapely.STRtree(shapely.box(*boxes.T)).query(shapely.box(*boxes.T))
    graph = coo_matrix((np.ones(pairs.shape[1]), (pairs[0], pairs[1])),
                       shape=(len(parts), len(parts)))
    _, group = connected_components(graph, directed=False)
    area = shapely.area(parts)
    return np.bincount(group, weights=area)[group] < ISLAND_AREA * area.sum()


def _province_borders(polygons: gpd.GeoDataFrame, tolerance: float) -> list[MplPath]:
    """Province outlines when the sites are finer than provinces (else none)."""
    if "province" not in polygons.columns or polygons["province"].nunique() in (0, len(polygons)):
        return []
    borders = []
    for _, group in polygons.groupby("province", sort=True):
        merged = shapely.union_all(group.geometry.to_numpy())
        outline = shapely.boundary(shapely.simplify(merged, tolerance, preserve_topology=True))
        borders.append(_line_path(outline))
    return borders


def hinterland_mask(geo: gpd.GeoDataFrame) -> np.ndarray:
    """Whether each site is in the hinterland (every site, when the column is missing)."""
    if "hinterland" not in geo.columns:
        return np.ones(len(geo), dtype=bool)
    return geo["hinterland"].fillna(False).astype(bool).to_numpy()


# --------------------------------------------------------------------------------------------
# Numbers and words
# --------------------------------------------------------------------------------------------


def money_unit(units: str) -> str:
    """The money unit of an instance's ``units`` text, shortened for a label.

    ``"money in 100 million CNY (yi yuan); distances in km"`` gives ``"100 million CNY"``;
    ``"OR-Library cost units (money) and ..."`` gives ``"OR-Library cost units"``; text that
    names no money unit gives ``""``.
    """
    for part in re.split(r"[;\n]", units or ""):
        found = re.search(r"\bmoney\s+(?:in|is|as)\s+([^;,(]+)", part, flags=re.IGNORECASE)
        if found:
            return found.group(1).strip()
        found = re.search(r"([^;,(]*?)\s*\(money\)", part, flags=re.IGNORECASE)
        if found and found.group(1).strip():
            return found.group(1).strip()
    return ""


def colour_norm(values: np.ndarray) -> colors.Normalize:
    """One colour scale for every panel: logarithmic when the values span a wide range."""
    positive = values[values > 0]
    if len(positive) == 0:
        return colors.Normalize(0.0, 1.0)
    low, high = float(positive.min()), float(positive.max())
    if high / low > LOG_SCALE_RATIO:
        return colors.LogNorm(_nice(low, down=True), _nice(high, down=False))
    return colors.Normalize(0.0, _nice(high, down=False))


def _nice(value: float, *, down: bool) -> float:
    """``value`` rounded down or up to 1, 2 or 5 times a power of ten."""
    power = 10.0 ** math.floor(math.log10(value))
    steps = (1.0, 2.0, 5.0, 10.0)
    if down:
        return max(s for s in steps if s * power <= value * (1 + 1e-9)) * power
    return min(s for s in steps if s * power >= value * (1 - 1e-9)) * power


def _money(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.3g}"


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


def draw_comparison(instance: Instance, layouts: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Write :func:`comparison_figure` of ``layouts`` as the PNG ``path`` (its folder is created
    if missing); returns ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    comparison_figure(instance, layouts).savefig(path, dpi=DPI, facecolor="white")
    return path


def comparison_figure(instance: Instance, layouts: Mapping[str, pd.DataFrame]) -> Figure:
    """Draw ``layouts`` side by side in one figure, sites coloured by investment.

    Every panel shares one colour scale (logarithmic when investments span more than a factor
    of :data:`LOG_SCALE_RATIO`) with a colour bar in the instance's money unit. Sites without
    investment are light grey; sites outside the hinterland are hatched (on a pale fill when
    they hold nothing). The centres are marked with stars and their ``centre_id``; on instances
    of at most :data:`MAX_LABELLED_SITES` sites the developed sites are labelled with their
    ``site_id``; on instances finer than provinces the province borders are drawn. Each
    panel's title gives the layout's name, total investment and number of developed sites.

    Args:
        instance: the instance the layouts belong to.
        layouts: panel title -> layout (``site_id, item_id, capacity`` and optional
            ``hosting``), drawn left to right in this order.

    Returns:
        A matplotlib Figure, made without pyplot (no window, no global state).
    """
    if not layouts:
        raise ValueError("a map needs at least one layout")
    label_sites = len(instance.sites) <= MAX_LABELLED_SITES
    drawing = prepare(instance, label_sites)
    investments = {name: site_investment(instance, layout) for name, layout in layouts.items()}
    norm = colour_norm(np.concatenate([s.to_numpy() for s in investments.values()]))
    unit = money_unit(instance.settings.units)

    width = PANEL_WIDTH * len(layouts) + 1.2
    fig = Figure(figsize=(width, FIGURE_HEIGHT), dpi=DPI, layout="constrained")
    axes = fig.subplots(1, len(layouts), squeeze=False)
    for ax, (name, invested) in zip(axes[0], investments.items(), strict=True):
        _draw_panel(ax, drawing, invested, norm, label_sites)
        count = len(invested)
        money = f" ({unit})" if unit else ""
        ax.set_title(f"{name}\ninvestment {_money(float(invested.sum()))}{money}, "
                     f"{count} developed site{'' if count == 1 else 's'}", fontsize=11)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=CMAP), ax=axes[0].tolist(),
                       shrink=0.8, pad=0.015, aspect=30)
    bar.set_label(f"Investment per site ({unit})" if unit else "Investment per site")
    if isinstance(norm, colors.LogNorm):
        bar.ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        bar.ax.yaxis.set_minor_locator(ticker.NullLocator())
    bar.ax.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,g}"))
    fig.legend(handles=_legend_handles(drawing, label_sites), loc="outside lower center",
               ncols=5 if len(layouts) > 1 else 3, frameon=False, fontsize=9)
    fig.suptitle(f"{instance.name}: investment by site", fontsize=13, fontweight="bold")
    return fig


def _face_colours(ids: list[str], hinterland: np.ndarray, invested: pd.Series,
                  norm: colors.Normalize) -> tuple[np.ndarray, np.ndarray]:
    """Fill colour of every site (by investment, else grey or pale) and whether it invests."""
    amounts = invested.reindex(ids).to_numpy(dtype=float)
    has = np.nan_to_num(amounts) > 0
    rgba = np.tile(colors.to_rgba(NO_INVESTMENT), (len(ids), 1))
    rgba[~hinterland & ~has] = colors.to_rgba(OUTSIDE_FILL)
    if has.any():
        low = norm.vmin if isinstance(norm, colors.LogNorm) else 0.0
        rgba[has] = CMAP(norm(np.clip(amounts[has], low, None)))
    return rgba, has


def _draw_areas(ax: Axes, areas: Areas, invested: pd.Series, norm: colors.Normalize,
                edge_width: float) -> None:
    """Fill the polygons, hatch those outside the hinterland, outline the developed ones."""
    if not areas.paths:
        return
    faces, has = _face_colours(areas.ids, areas.hinterland, invested, norm)
    ax.add_collection(PathCollection(areas.paths, facecolors=faces, edgecolors=EDGE_COLOUR,
                                     linewidths=edge_width, zorder=1), autolim=False)
    outside = [p for p, inside in zip(areas.paths, areas.hinterland, strict=True) if not inside]
    if outside:
        ax.add_collection(PathCollection(outside, facecolors="none", edgecolors=HATCH_COLOUR,
                                         linewidths=0, hatch=OUTSIDE_HATCH, zorder=2),
                          autolim=False)
    developed = [p for p, keep in zip(areas.paths, has, strict=True) if keep]
    if developed:
        ax.add_collection(PathCollection(developed, facecolors="none",
                                         edgecolors=DEVELOPED_EDGE,
                                         linewidths=max(edge_width, 0.4), zorder=3),
                          autolim=False)


def _draw_panel(ax: Axes, drawing: Map, invested: pd.Series, norm: colors.Normalize,
                label_sites: bool) -> None:
    """One layout on ``ax``: sites, hatching, borders, centres, labels and the inset."""
    if nothing_to_draw(ax, drawing):
        return
    polygons = bool(drawing.areas.paths)
    _draw_areas(ax, drawing.areas, invested, norm, edge_width=0.5 if label_sites else 0.15)
    draw_borders(ax, drawing)
    if len(drawing.point_ids):
        faces, has = _face_colours(drawing.point_ids, drawing.point_hinterland, invested, norm)
        inside = drawing.point_hinterland
        # Developed sites last, so that they are on top of idle ones at the same place.
        for developed, within, hatch in ((False, True, None), (False, False, OUTSIDE_HATCH),
                                         (True, True, None), (True, False, OUTSIDE_HATCH)):
            mask = (has == developed) & (inside == within)
            if mask.any():
                ax.scatter(drawing.point_xy[mask, 0], drawing.point_xy[mask, 1], s=170,
                           c=faces[mask], edgecolors="#555555", linewidths=0.8, hatch=hatch,
                           zorder=5 + developed)
    if drawing.missing:
        ax.text(0.01, 0.01, f"{drawing.missing} site{'s' if drawing.missing > 1 else ''} "
                "without coordinates not drawn", transform=ax.transAxes, fontsize=8,
                color="#555555", ha="left", va="bottom")
    view = frame(ax, drawing, polygons)
    if not polygons:
        ax.set_xlabel("longitude (degrees east)", fontsize=8)
        ax.set_ylabel("latitude (degrees north)", fontsize=8)
    draw_centres(ax, drawing.centres)
    if label_sites:
        _label_sites(ax, drawing, invested, above=not polygons)
    if drawing.inset is not None:
        _draw_inset(ax, drawing, invested, norm, view)


def frame(ax: Axes, drawing: Map, polygons: bool) -> Box:
    """Set the panel's view on the drawing (padded) with a local equal-distance aspect, and
    hide the axes of a polygon map; return the view."""
    view = pad(drawing.view, 0.03 if polygons else 0.08, 0.5)
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    middle = math.radians(min(max((view[1] + view[3]) / 2, -80.0), 80.0))
    ax.set_aspect(1.0 / math.cos(middle))
    if polygons:
        ax.set_axis_off()
    else:
        ax.tick_params(labelsize=8)
    return view


def draw_centres(ax: Axes, centres: pd.DataFrame) -> None:
    """A star at every centre, labelled with its ``centre_id``."""
    if centres.empty:
        return
    ax.scatter(centres["lon"], centres["lat"], marker="*", s=240, c=CENTRE_COLOUR,
               edgecolors="white", linewidths=0.9, zorder=7)
    for centre_id, row in centres.iterrows():
        ax.annotate(str(centre_id), (row["lon"], row["lat"]), xytext=(7, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=9.5,
                    fontweight="bold", color=CENTRE_COLOUR, path_effects=HALO, zorder=9)


def _label_sites(ax: Axes, drawing: Map, invested: pd.Series, above: bool) -> None:
    """The ``site_id`` of every developed site (``above`` its marker, for points).

    A label that would sit on a centre's star is pushed off it, away from the star (below it
    when that would be onto the centre's own label, on the star's right).
    """
    centres = drawing.centres[["lon", "lat"]].to_numpy(dtype=float)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    near = 0.025 * max(x1 - x0, y1 - y0)
    for site_id in invested.index:
        if site_id not in drawing.label_xy:
            continue
        x, y = drawing.label_xy[site_id]
        offset: tuple[float, float] = (0, 11) if above else (0, 0)
        if len(centres):
            dx, dy = (np.array([x, y]) - centres).T
            nearest = int(np.argmin(np.hypot(dx, dy)))
            dx, dy, gap = dx[nearest], dy[nearest], float(np.hypot(dx[nearest], dy[nearest]))
            if gap < near:
                if gap < near / 10 or (dx > 0 and abs(dy) < dx):
                    offset = (0, -12)
                else:
                    offset = (13 * dx / gap, 13 * dy / gap)
                x, y = centres[nearest]
        ax.annotate(site_id, (x, y), xytext=offset, textcoords="offset points", ha="center",
                    va="center", fontsize=7.5, fontweight="bold", color="#1a1a1a",
                    path_effects=HALO, zorder=8, annotation_clip=True)


def _draw_inset(ax: Axes, drawing: Map, invested: pd.Series, norm: colors.Normalize,
                view: Box) -> None:
    """The far-flung islands in a box at the lower right of the main view, at reduced scale."""
    assert drawing.inset is not None
    inset = open_inset(ax, drawing, view)
    _draw_areas(inset, drawing.inset, invested, norm, edge_width=0.15)
    outline_inset(inset, drawing)
    for spine in inset.spines.values():
        spine.set_edgecolor("#777777")
        spine.set_linewidth(0.8)


def open_inset(ax: Axes, drawing: Map, view: Box) -> Axes:
    """An inset panel at the lower right of ``view`` framing the far-flung islands at
    ``INSET_SCALE``, titled, without ticks; the caller fills it."""
    box = drawing.inset_view
    assert box is not None
    width = (box[2] - box[0]) * INSET_SCALE
    height = (box[3] - box[1]) * INSET_SCALE
    inset = ax.inset_axes((view[2] - width, view[1], width, height), transform=ax.transData,
                          zorder=10)
    inset.set_xlim(box[0], box[2])
    inset.set_ylim(box[1], box[3])
    inset.set_aspect(ax.get_aspect(), adjustable="datalim")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor("white")
    inset.set_title("outlying islands", fontsize=7, color="#444444", pad=2)
    return inset


def nothing_to_draw(ax: Axes, drawing: Map) -> bool:
    """Whether no site or centre has coordinates; if so, ``ax`` says so and shows no axes."""
    if drawing.view is not None:
        return False
    ax.text(0.5, 0.5, "nothing to draw: no site or centre has coordinates", ha="center",
            va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return True


def draw_borders(ax: Axes, drawing: Map) -> None:
    """The province borders, on instances finer than provinces (none on the others)."""
    if drawing.borders:
        ax.add_collection(PathCollection(drawing.borders, facecolors="none",
                                         edgecolors=BORDER_COLOUR, linewidths=0.6, zorder=4),
                          autolim=False)


def outline_inset(inset: Axes, drawing: Map) -> None:
    """Islands are specks at the inset's scale: outline every polygon so that they show."""
    assert drawing.inset is not None
    inset.add_collection(PathCollection(drawing.inset.paths, facecolors="none",
                                        edgecolors=BORDER_COLOUR, linewidths=0.4, zorder=4),
                         autolim=False)


def _legend_handles(drawing: Map, labelled: bool) -> list[Artist]:
    handles: list[Artist] = [Patch(facecolor=NO_INVESTMENT, edgecolor="#999999",
                                   label="hinterland, no investment")]
    if drawing.outside_hinterland:
        handles.append(Patch(facecolor=OUTSIDE_FILL, edgecolor=HATCH_COLOUR,
                             hatch=OUTSIDE_HATCH, label="outside the hinterland (hatched)"))
    handles.append(Patch(facecolor=CMAP(0.6), edgecolor=DEVELOPED_EDGE,
                         label="developed site" + (" (labelled by site_id)" if labelled else "")))
    if drawing.borders:
        handles.append(Line2D([], [], color=BORDER_COLOUR, linewidth=0.8,
                              label="province border"))
    handles.append(Line2D([], [], marker="*", linestyle="none", markersize=13,
                          markerfacecolor=CENTRE_COLOUR, markeredgecolor="white",
                          label="centre (centre_id)"))
    return handles


# --------------------------------------------------------------------------------------------
# GeoPackage
# --------------------------------------------------------------------------------------------


def layer_name(key: str) -> str:
    """The GeoPackage layer of a layout called ``key``: lowercased, spaces to underscores."""
    return key.lower().replace(" ", "_")


def layout_sites(instance: Instance, layout: pd.DataFrame,
                 geo: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """One row per site of ``instance`` with what ``layout`` places there, and its shape.

    Columns: ``site_id, name, province, region, hinterland, investment`` (0 where none),
    ``items`` (hosted items ``;``-joined, ``''`` where none), ``cap_<item_id>`` for every item
    (0 where none) and ``geometry``.
    """
    geo = site_geometries(instance) if geo is None else geo
    ids = geo["site_id"].astype(str)
    summary = site_summary(instance, layout)
    summary.index = summary["site_id"].astype(str).to_numpy()
    frame = pd.DataFrame({
        "site_id": ids.to_numpy(),
        "name": geo["name"].astype(str).to_numpy(),
        "province": geo["province"].astype(str).to_numpy(),
        "region": geo["region"].astype(str).to_numpy(),
        "hinterland": hinterland_mask(geo),
        "investment": summary["investment"].reindex(ids).fillna(0.0).to_numpy(dtype=float),
        "items": summary["items"].reindex(ids).fillna("").astype(str).to_numpy(),
    })
    rows = layout[["site_id", "item_id", "capacity"]].astype({"site_id": str, "item_id": str})
    capacity = (rows.groupby(["site_id", "item_id"])["capacity"].sum().unstack("item_id")
                .reindex(index=ids, columns=instance.items.index.astype(str)).fillna(0.0))
    for item_id in capacity.columns:
        frame[f"cap_{item_id}"] = capacity[item_id].to_numpy(dtype=float)
    return gpd.GeoDataFrame(frame, geometry=geo.geometry.to_numpy(), crs=CRS)


def write_layout_gpkg(instance: Instance, layouts: Mapping[str, pd.DataFrame],
                      path: Path) -> Path:
    """Write ``layouts`` as a GeoPackage, one layer per layout (see :func:`layout_sites`).

    Layers are named by :func:`layer_name` and hold one feature per site of the instance. The
    bytes depend only on the content: an existing file is replaced, not updated, and GDAL's
    ``OGR_CURRENT_DATE`` is fixed for the write (and restored afterwards).

    Args:
        instance: the instance the layouts belong to.
        layouts: layout name -> layout (``site_id, item_id, capacity`` and optional
            ``hosting``).
        path: the ``.gpkg`` file to write (its folder is created if missing).

    Returns:
        ``path``.
    """
    if not layouts:
        raise ValueError("write_layout_gpkg needs at least one layout")
    names = [layer_name(key) for key in layouts]
    if "" in names or len(set(names)) != len(names):
        raise ValueError(f"layout names must give distinct, non-empty layer names: {names}")
    path = Path(path)
    geo = site_geometries(instance)
    frames = [layout_sites(instance, layout, geo) for layout in layouts.values()]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_TIMESTAMP})
    try:
        for name, frame in zip(names, frames, strict=True):
            pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
    return path
