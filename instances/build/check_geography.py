"""Sanity table of the real instances' geography: ``python instances/build/check_geography.py``.

Builds both levels with :mod:`geography`, prints the checks below and exits non-zero if a hard
check fails (a soft one, marked ``~``, only reports):

- all 31 provinces present; the number of prefecture sites (both ways of handling the
  province-administered county-level units);
- coast distance of the 11 coastal provinces < 250 km; Sichuan and Chongqing > 800 km from the
  coast; Xinjiang and Tibet < 400 km from the land border (soft: the point of a region as large
  as Xinjiang may well lie farther);
- every prefecture's point inside its province's stored (simplified) polygon, and within
  0.05 degree of it;
- the stored polygons of each level form a coverage (no overlaps) with the same area as the
  full-resolution ones to within 1%;
- an independent check of the distances: haversine (``hinterland.model.geo``'s formula) to the
  vertices
  of the lines densified to 0.01 degree, which can only be longer than the true distance, by at
  most the great-circle half-length of a 0.01-degree step (~0.6 km);
- sites whose point lies outside China's Natural Earth outline (listed, not an error);
- GeoPackage sizes and a byte-for-byte repeat of ``write_gpkg``;
- runtimes of each level.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))

import geography

COASTAL = ("SH", "ZJ", "FJ", "GD", "SD", "JS", "TJ", "HE", "LN", "GX", "HI")
FAILURES: list[str] = []


def report(ok: bool, text: str, soft: bool = False) -> None:
    """Print one check; remember hard failures."""
    mark = "ok" if ok else ("~" if soft else "FAIL")
    print(f"[{mark:>4}] {text}")
    if not ok and not soft:
        FAILURES.append(text)


def haversine_km(lon1: float, lat1: float, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    """Great-circle distance on the sphere of radius 6371.0 km (as
    ``hinterland.model.geo.haversine_km``)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    h = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * geography.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def sha256(path: Path) -> str:
    """Hex digest of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    """Run the checks and print the table."""
    t0 = time.perf_counter()
    coast, border = geography.coastline_and_border()
    t_lines = time.perf_counter() - t0
    t0 = time.perf_counter()
    prov = geography.provinces()
    t_prov = time.perf_counter() - t0
    t0 = time.perf_counter()
    pref = geography.prefectures()
    t_pref = time.perf_counter() - t0
    t0 = time.perf_counter()
    pref_sep = geography.prefectures(county_units="separate")
    t_sep = time.perf_counter() - t0

    print("== Provinces ==")
    print(prov.drop(columns="geometry").to_string(index=False))
    print()
    for frame, label in ((prov, "provinces"), (pref, "prefectures")):
        report(list(frame.columns) == geography.COLUMNS, f"{label}: columns {geography.COLUMNS}")
        report(frame["site_id"].is_monotonic_increasing, f"{label}: sorted by site_id")
        report(frame["site_id"].is_unique, f"{label}: unique site_id")
        report(str(frame.crs) == "EPSG:4326", f"{label}: CRS EPSG:4326")
    report(
        sorted(prov["site_id"]) == sorted(geography.PROVINCE_CODES.values()),
        f"all 31 provinces present ({len(prov)})",
    )
    units = geography.county_unit_hosts()
    report(
        len(pref) == len(pref_sep) - len(units),
        f"prefecture sites: {len(pref)} with county-level units absorbed "
        f"({len(pref) - 4} prefecture-level divisions + 4 municipalities); "
        f"{len(pref_sep)} with the {len(units)} units separate",
    )
    by_id = prov.set_index("site_id")
    for code in COASTAL:
        row = by_id.loc[code]
        report(row.coast_km < 250, f"coastal {code} {row['name']}: coast_km {row.coast_km}")
    for code in ("SC", "CQ"):
        row = by_id.loc[code]
        report(row.coast_km > 800, f"inland {code} {row['name']}: coast_km {row.coast_km}")
    for code in ("XJ", "XZ"):
        row = by_id.loc[code]
        report(
            row.border_km < 400,
            f"frontier {code} {row['name']}: border_km {row.border_km} (< 400 expected)",
            soft=True,
        )

    print("\n== Prefecture points in their province's stored polygon ==")
    province_geom = prov.set_index("province").geometry
    points = gpd.points_from_xy(pref["lon"], pref["lat"])
    homes = province_geom.loc[pref["province"]].to_numpy()
    own = shapely.contains(pref.geometry.to_numpy(), points)
    inside = shapely.contains(homes, points)
    near = shapely.dwithin(homes, points, 0.05)
    report(bool(own.all()), f"points inside their own stored prefecture polygon: {own.sum()}")
    report(True, f"points outside their province's stored polygon: {(~inside).sum()}")
    for i in np.flatnonzero(~inside):
        row = pref.iloc[i]
        gap = shapely.distance(homes[i], points[i])
        print(f"       {row.site_id} {row['name']} ({row.province}): {gap:.4f} degree outside")
    report(bool(near.all()), f"points farther than 0.05 degree: {(~near).sum()}")

    print("\n== Coverage and areas ==")
    for frame, label in ((prov, "provinces"), (pref, "prefectures"), (pref_sep, "separate")):
        geoms = frame.geometry.to_numpy()
        valid = bool(shapely.is_valid(geoms).all())
        coverage = bool(shapely.coverage_is_valid(geoms))
        stored = sum(geography.geodesic_area_km2(g) for g in geoms)
        full = frame["area_km2"].sum()
        report(
            valid and coverage and abs(stored / full - 1) < 0.01,
            f"{label}: valid {valid}, coverage {coverage}, stored area {stored:,.0f} km2 "
            f"vs full {full:,.0f} km2 ({stored / full - 1:+.3%})",
        )
    by_province = pref.groupby("province")["area_km2"].sum()
    worst = (by_province / prov.set_index("province")["area_km2"] - 1).abs().max()
    report(worst < 1e-4, f"prefecture areas add up to their province's (worst {worst:.1e})")

    print("\n== Distances: aeqd method vs haversine to densified vertices ==")
    dense = [shapely.get_coordinates(shapely.segmentize(g, 0.01)) for g in (coast, border)]
    for frame, label in ((prov, "provinces"), (pref, "prefectures")):
        worst = 0.0
        for row in frame.itertuples():
            for xy, value in zip(dense, (row.coast_km, row.border_km), strict=True):
                check = haversine_km(row.lon, row.lat, xy[:, 0], xy[:, 1]).min()
                worst = max(worst, value - check, check - value - 0.6)
        report(worst <= 0.051, f"{label}: worst disagreement beyond the 0.6 km bound {worst:.3f}")

    print("\n== Points outside China's Natural Earth outline (distance is to the lines) ==")
    world = gpd.read_file(
        f"/vsizip/{geography._ne_zip()}/{geography.NE_LAYER}.shp", engine="pyogrio"
    )
    china = shapely.union_all(
        world.loc[world["ADM0_A3"].isin((geography.NE_CHINA, *geography.NE_SARS))].geometry
    )
    for frame, label in ((prov, "provinces"), (pref, "prefectures")):
        out = frame.loc[~shapely.contains(china, gpd.points_from_xy(frame.lon, frame.lat))]
        print(f"  {label}: {len(out)}")
        for row in out.itertuples():
            print(
                f"       {row.site_id} {row.name} ({row.province}) {row.lon}, {row.lat}: "
                f"coast {row.coast_km} km, border {row.border_km} km"
            )

    print("\n== GeoPackages ==")
    with tempfile.TemporaryDirectory() as tmp:
        for frame, label in ((prov, "provinces"), (pref, "prefectures")):
            first = geography.write_gpkg(frame, Path(tmp) / f"{label}.gpkg")
            digest = sha256(first)
            size = first.stat().st_size
            second = geography.write_gpkg(frame, Path(tmp) / f"{label}.gpkg")
            report(
                sha256(second) == digest,
                f"{label}.gpkg: {size:,} bytes, sha256 {digest[:16]}... identical on rewrite",
            )
            back = gpd.read_file(first)
            report(len(back) == len(frame), f"{label}.gpkg reads back {len(back)} rows")

    print("\n== Runtime (s) ==")
    print(f"  coast and border lines  {t_lines:6.1f}")
    print(f"  provinces()             {t_prov:6.1f}  (includes reading cnmaps provinces)")
    print(f"  prefectures()           {t_pref:6.1f}  (includes reading cnmaps prefectures)")
    print(f"  prefectures(separate)   {t_sep:6.1f}  (inputs cached)")
    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) failed")
        return 1
    print("\nall hard checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
