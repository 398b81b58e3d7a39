"""The sites' outlines as SVG path data, prepared once per report.

The shapes are those of :func:`hinterland.solvers.outputs.maps.site_geometries` (the polygons of the
instance's ``sites.gpkg``, or its sites' ``lon``/``lat`` as points), so the interactive map and the
static PNG agree: the same far-flung islands go to an inset at the lower right, at
:data:`hinterland.solvers.outputs.maps.INSET_SCALE` of the main scale, and the same province borders
are drawn over sites finer than provinces. Polygons are simplified with neighbours alike (shared
borders stay shared) to about a pixel, and coordinates are written in tenths of a unit as
relative steps, which keeps the 337 prefectures to a few hundred kilobytes.

Projection: longitude is scaled by the cosine of the middle latitude, an equirectangular
view that is close enough at China's extent and needs no projection library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from shapely.ops import polylabel

from hinterland.model.instance import Instance
from hinterland.solvers.outputs import maps

#: Width of the map in SVG units (it scales with the page).
WIDTH = 1000.0
#: Margin around the drawing, in SVG units.
MARGIN = 12.0
#: Shapes are simplified to this fraction of the larger side of the map (about 0.7 unit).
SIMPLIFY = 1 / 1400
#: Radius of the dot drawn for a site that has a point and no polygon.
DOT = 9.0

#: (x offset, y offset, scale, longitude factor) from degrees to map units.
Transform = tuple[float, float, float, float]


@dataclass(frozen=True)
class SiteShapes:
    """The sites' outlines in the map's coordinates."""

    width: float
    height: float
    #: site_id -> SVG path data, in the order of the instance's sites.
    paths: dict[str, str]
    #: site_id -> where its items' markers go (inside its largest part, below a dot).
    anchors: dict[str, tuple[float, float]]
    hinterland: dict[str, bool]
    #: Province outlines over sites finer than provinces ('' otherwise).
    borders: str = ""
    #: (centre_id, name, x, y) of every centre with coordinates.
    centres: list[tuple[str, str, float, float]] = field(default_factory=list)
    #: The inset box of the far-flung islands (x, y, width, height), if any.
    inset: tuple[float, float, float, float] | None = None
    #: Sites with no geometry at all (not drawn).
    missing: tuple[str, ...] = ()
    #: Outlines of the parts drawn in the inset: islands are specks at that scale.
    inset_outline: str = ""
    #: site_id -> (name, x, y) of the sites drawn as dots, named beside them.
    labels: dict[str, tuple[str, float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Parts:
    """Every polygon part of the sites, the site it belongs to, and whether it is far-flung."""

    parts: np.ndarray
    owner: np.ndarray
    far: np.ndarray


def site_shapes(instance: Instance) -> SiteShapes:
    """Project, simplify and encode the sites of ``instance``."""
    geo = maps.site_geometries(instance)
    ids = [str(i) for i in geo["site_id"]]
    shapes = geo.geometry.to_numpy()
    present = np.array([g is not None and not g.is_empty for g in shapes], dtype=bool)
    area = present & np.array([g is not None and g.geom_type in ("Polygon", "MultiPolygon")
                               for g in shapes], dtype=bool)
    points = present & ~area
    inside = dict(zip(ids, maps.hinterland_mask(geo), strict=True))
    missing = tuple(s for s, p in zip(ids, present, strict=True) if not p)
    split = _split(shapes, area)
    centres = _centre_points(instance.centres)
    point_xy = (shapely.get_coordinates(shapes[points]) if points.any()
                else np.zeros((0, 2)))
    main, height = _main_view(split, point_xy, centres)
    if main is None:
        return SiteShapes(WIDTH, 200.0, {}, {}, inside, missing=missing)
    inset, inset_transform = _inset(split, main, height)

    paths: dict[str, str] = {}
    anchors: dict[str, tuple[float, float]] = {}
    outline: list[str] = []
    for index in np.flatnonzero(area):
        pieces, best, best_size = [], None, -1.0
        mine = split.owner == index
        for part, far in zip(split.parts[mine], split.far[mine], strict=True):
            transform = inset_transform if far else main
            pieces.append(_polygon_data(part, transform))
            if far:
                outline.append(pieces[-1])
            size = float(part.area) * (maps.INSET_SCALE ** 2 if far else 1.0)
            if size > best_size:
                best, best_size = (part, transform), size
        anchor = _anchor(*best) if best is not None else (0.0, 0.0)
        anchors[ids[index]] = anchor
        paths[ids[index]] = "".join(pieces) or _dot(anchor, DOT / 2)  # a speck: still there

    labels: dict[str, tuple[str, float, float]] = {}
    names = geo["name"].astype(str).to_numpy() if "name" in geo.columns else np.array(ids)
    for index, (x, y) in zip(np.flatnonzero(points), _project(point_xy, main), strict=True):
        site = ids[index]
        paths[site] = _dot((float(x), float(y)), DOT)
        anchors[site] = (float(x), float(y) + DOT + 8)  # the items' dots below the site's
        labels[site] = (str(names[index]), float(x) + DOT + 4, float(y) + 4)

    borders = ""
    if "province" in geo.columns and geo.loc[area, "province"].nunique() < int(area.sum()):
        provinces = geo["province"].astype(str).to_numpy()[split.owner]
        borders = _borders(provinces, split, main)
    drawn = [(c, name, *(float(v) for v in _project(np.array([[lon, lat]]), main)[0]))
             for c, name, lon, lat in centres]
    return SiteShapes(WIDTH, height, {s: paths[s] for s in ids if s in paths}, anchors,
                      inside, borders, drawn, inset, missing, "".join(outline), labels)


def _split(shapes: np.ndarray, area: np.ndarray) -> _Parts:
    """The simplified polygon parts, their sites, and which are far-flung islands."""
    if not area.any():
        return _Parts(np.zeros(0, dtype=object), np.zeros(0, dtype=int),
                      np.zeros(0, dtype=bool))
    full = shapely.total_bounds(shapes[area])
    tolerance = SIMPLIFY * max(full[2] - full[0], full[3] - full[1])
    simple = _simplify(shapes[area], tolerance)
    parts, index = shapely.get_parts(simple, return_index=True)
    return _Parts(parts, np.flatnonzero(area)[index], maps.far_flung(parts))


def _simplify(shapes: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify neighbours alike, so that shared borders stay shared (GEOS 3.12 and later)."""
    try:
        return shapely.coverage_simplify(shapes, tolerance)
    except (AttributeError, shapely.errors.GEOSException, NotImplementedError):
        return shapely.simplify(shapes, tolerance, preserve_topology=True)


def _centre_points(centres: pd.DataFrame) -> list[tuple[str, str, float, float]]:
    """(centre_id, name, lon, lat) of the centres with both coordinates."""
    if not {"lon", "lat"} <= set(centres.columns):
        return []
    found = []
    for centre, row in centres.iterrows():
        if pd.notna(row["lon"]) and pd.notna(row["lat"]):
            found.append((str(centre), str(row.get("name", centre)), float(row["lon"]),
                          float(row["lat"])))
    return found


def _main_view(split: _Parts, point_xy: np.ndarray,
               centres: list[tuple[str, str, float, float]]) -> tuple[Transform | None, float]:
    """The transform of the main view (mainland, points, centres) and the map's height."""
    extents = [point_xy] if len(point_xy) else []
    if centres:
        extents.append(np.array([[lon, lat] for _, _, lon, lat in centres]))
    if len(split.parts) and not split.far.all():
        box = shapely.bounds(split.parts[~split.far])
        extents += [box[:, :2], box[:, 2:]]
    if not extents:
        return None, 0.0
    xy = np.concatenate(extents)
    low, high = xy.min(axis=0), xy.max(axis=0)
    if not len(split.parts):  # points only: room around them for dots and names
        pad = max(0.08 * float((high - low).max()), 0.5)
        low, high = low - pad, high + pad
    factor = math.cos(math.radians(min(max(float(low[1] + high[1]) / 2, -80.0), 80.0)))
    scale = (WIDTH - 2 * MARGIN) / max(float(high[0] - low[0]) * factor, 1e-9)
    height = float(high[1] - low[1]) * scale + 2 * MARGIN
    return (MARGIN - float(low[0]) * factor * scale, MARGIN + float(high[1]) * scale, scale,
            factor), height


def _inset(split: _Parts, main: Transform, height: float,
           ) -> tuple[tuple[float, float, float, float] | None, Transform]:
    """The inset box at the lower right and its transform (the main one when none)."""
    if not split.far.any():
        return None, main
    _, _, scale, factor = main
    box = maps.pad(tuple(shapely.total_bounds(split.parts[split.far])), 0.1, 0.5)
    small = scale * maps.INSET_SCALE
    width = (box[2] - box[0]) * factor * small
    tall = (box[3] - box[1]) * small
    x0, y0 = WIDTH - MARGIN - width, height - MARGIN - tall
    return ((float(x0), float(y0), float(width), float(tall)),
            (x0 - box[0] * factor * small, y0 + box[3] * small, small, factor))


def _project(lonlat: np.ndarray, transform: Transform) -> np.ndarray:
    x0, y0, scale, factor = transform
    return np.column_stack([x0 + lonlat[:, 0] * factor * scale, y0 - lonlat[:, 1] * scale])


def _number(tenths: int) -> str:
    """A coordinate kept in tenths of a unit, as short text."""
    if tenths % 10 == 0:
        return str(tenths // 10)
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{tenth}"


def _ring_data(xy: np.ndarray, closed: bool = True) -> str:
    """``M x y l dx dy ... z`` of a ring (no ``z`` for a line), in tenths; '' if it collapses.

    Steps are differences of the rounded coordinates, so rounding never accumulates.
    """
    tenths = np.round(xy * 10).astype(np.int64)
    steps = np.diff(tenths, axis=0)
    steps = steps[(steps != 0).any(axis=1)]
    if len(steps) < (2 if closed else 1):
        return ""
    if closed:
        steps = steps[:-1]  # the step back to the start is the z
    moves = " ".join(f"{_number(int(dx))} {_number(int(dy))}" for dx, dy in steps)
    start = tenths[0]
    return f"M{_number(int(start[0]))} {_number(int(start[1]))}l{moves}{'z' if closed else ''}"


def _polygon_data(polygon: shapely.Geometry, transform: Transform) -> str:
    rings = [polygon.exterior, *polygon.interiors]
    return "".join(_ring_data(_project(np.asarray(r.coords), transform)) for r in rings)


def _dot(centre: tuple[float, float], radius: float) -> str:
    """A circle as path data, so that a site drawn as a dot is a path like any other."""
    x, y = centre
    return (f"M{x - radius:.1f} {y:.1f}a{radius:g} {radius:g} 0 1 0 {2 * radius:g} 0"
            f"a{radius:g} {radius:g} 0 1 0 {-2 * radius:g} 0z")


def _anchor(part: shapely.Geometry, transform: Transform) -> tuple[float, float]:
    """The point farthest inside ``part`` (its centroid if that cannot be found)."""
    try:
        spot = polylabel(part, tolerance=max(math.sqrt(part.area) / 50, 1e-9))
    except (ValueError, shapely.errors.GEOSException):
        spot = part.centroid
    x, y = _project(np.array([[spot.x, spot.y]]), transform)[0]
    return float(x), float(y)


def _borders(provinces: np.ndarray, split: _Parts, main: Transform) -> str:
    """Province outlines (mainland parts only); ``provinces`` names each part's province."""
    data = []
    for province in sorted(set(provinces)):
        chosen = split.parts[~split.far & (provinces == province)]
        if not len(chosen):
            continue
        outline = shapely.boundary(shapely.union_all(chosen))
        for line in shapely.get_parts(outline):
            data.append(_ring_data(_project(np.asarray(line.coords), main), closed=False))
    return "".join(data)
