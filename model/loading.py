"""Load an instance folder: read every file, check it, and return a frozen :class:`Instance`.

Loading is the only place that touches files. It gathers every problem before failing (one
:class:`~model.errors.InstanceError` listing them all), so a planner sees the whole picture:
per-cell type and range errors from :mod:`model.tables`, then cross-table checks (duplicate
ids, unknown ids, regions, missing coordinates).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from model.errors import InstanceError, Problem
from model.geo import haversine_km
from model.instance import Instance
from model.schema import CENTRES, DISTANCES, ITEMS, LAYOUT, OPTIONAL_TABLES, SITES, TableSchema
from model.settings import Settings, read_settings
from model.tables import LINE, read_table, unknown_columns

INSTANCE_FILE = "instance.yaml"


def load_instance(path: str | Path) -> Instance:
    """Read and validate the instance folder at ``path``.

    Raises :class:`InstanceError` listing every problem found.
    """
    folder = Path(path)
    if not folder.is_dir():
        what = "a file, not a folder" if folder.exists() else "no such folder"
        raise InstanceError([Problem(str(folder), f"an instance folder ({what})")])
    settings_file = folder / INSTANCE_FILE
    if not settings_file.is_file():
        raise InstanceError([Problem(str(folder), f"a file {INSTANCE_FILE} in the folder")])
    settings, problems = read_settings(settings_file, default_name=folder.resolve().name)
    if settings is None:
        raise InstanceError(problems)

    paths, problems = _table_paths(folder, settings)
    tables: dict[str, pd.DataFrame] = {}
    notes: list[str] = []
    for schema in (SITES, ITEMS, CENTRES, DISTANCES, LAYOUT):
        file = paths.get(schema.key)
        if file is None:
            continue
        table, found = read_table(file, schema, file.name)
        problems += found
        tables[schema.key] = table
        extra = unknown_columns(list(table.columns), schema)
        if extra:
            notes.append(f"{file.name}: columns not used by the model: {', '.join(extra)}")
    if problems:
        raise InstanceError(problems)

    checker = _CrossChecks(paths, settings, tables)
    checker.run()
    if checker.problems:
        raise InstanceError(checker.problems)

    sites = _indexed(tables["sites"], "site_id")
    items = _indexed(tables["items"], "item_id")
    centres = _indexed(tables["centres"], "centre_id")
    items["serves"] = [tuple(_split_ids(v)) for v in items["serves"]]
    resources = tuple(sorted(
        {c[4:] for c in sites.columns if c.startswith("cap_")}
        | {c[4:] for c in items.columns if c.startswith("use_")}
    ))
    return Instance(
        settings=settings,
        folder=folder,
        sites=sites,
        items=items,
        centres=centres,
        distance_km=checker.distance_km,
        current_layout=tables.get("current_layout"),
        resources=resources,
        digest=_digest(settings_file, paths),
        notes=tuple(notes + checker.notes),
    )


def _table_paths(folder: Path, settings: Settings) -> tuple[dict[str, Path], list[Problem]]:
    """Resolve each table's file, honouring ``files:`` renames, inside the folder only."""
    root = folder.resolve()
    paths: dict[str, Path] = {}
    problems: list[Problem] = []
    for schema in (SITES, ITEMS, CENTRES, DISTANCES, LAYOUT):
        name = settings.files.get(schema.key, schema.default_file)
        candidate = (folder / name).resolve()
        if not candidate.is_relative_to(root):
            problems.append(Problem(INSTANCE_FILE, "a file inside the instance folder",
                                    column=f"files.{schema.key}", value=name))
            continue
        if candidate.is_file():
            paths[schema.key] = candidate
        elif schema.key not in OPTIONAL_TABLES or schema.key in settings.files:
            problems.append(Problem(str(folder / name), f"the {schema.key} table "
                                    f"({schema.description.lower()})", value="no such file"))
    return paths, problems


def _split_ids(cell: str) -> list[str]:
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def _indexed(table: pd.DataFrame, id_column: str) -> pd.DataFrame:
    indexed = table.set_index(id_column, drop=False)
    indexed.index.name = id_column
    if "name" in indexed.columns:
        blank = indexed["name"] == ""
        indexed.loc[blank, "name"] = indexed.index[blank]
    return indexed


def _digest(settings_file: Path, paths: dict[str, Path]) -> str:
    """SHA-256 over the settings and every table file (name and bytes), in a fixed order."""
    digest = hashlib.sha256()
    for file in [settings_file, *(paths[k] for k in sorted(paths))]:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


class _CrossChecks:
    """Checks that span tables; fills ``problems``, ``notes`` and the distance matrix."""

    def __init__(self, paths: dict[str, Path], settings: Settings,
                 tables: dict[str, pd.DataFrame]):
        self.paths = paths
        self.settings = settings
        self.tables = tables
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.distance_km = pd.DataFrame()

    def label(self, key: str) -> str:
        return self.paths[key].name

    def run(self) -> None:
        sites, items, centres = self.tables["sites"], self.tables["items"], self.tables["centres"]
        for key, schema in (("sites", SITES), ("items", ITEMS), ("centres", CENTRES)):
            self.unique_ids(key, schema)
        site_ids = set(sites["site_id"])
        item_ids = set(items["item_id"])
        centre_ids = set(centres["centre_id"])
        self.serves(items, centre_ids)
        self.sectors(items)
        self.regions(sites)
        if "distances" in self.tables:
            self.references("distances", {"site_id": site_ids, "centre_id": centre_ids})
            self.unique_pairs("distances", ("site_id", "centre_id"))
        if "current_layout" in self.tables:
            self.references("current_layout", {"site_id": site_ids, "item_id": item_ids})
            self.unique_pairs("current_layout", ("site_id", "item_id"))
        if not self.problems:
            self.distances(sites, items, centres)
        self.advice(items)

    def unique_ids(self, key: str, schema: TableSchema) -> None:
        table = self.tables[key]
        id_column = schema.id_column
        duplicated = table[id_column].duplicated(keep="first") & (table[id_column] != "")
        for _, row in table[duplicated].iterrows():
            first = table.loc[table[id_column] == row[id_column], LINE].iloc[0]
            self.problems.append(Problem(self.label(key), f"a unique {id_column} (also on line "
                                         f"{first})", line=int(row[LINE]), column=id_column,
                                         value=row[id_column]))

    def serves(self, items: pd.DataFrame, centre_ids: set[str]) -> None:
        for _, row in items.iterrows():
            for centre in _split_ids(row["serves"]):
                if centre not in centre_ids:
                    self.problems.append(Problem(
                        self.label("items"), f"centre ids of {self.label('centres')} "
                        f"({', '.join(sorted(centre_ids)) or 'none defined'})",
                        line=int(row[LINE]), column="serves", value=centre,
                        row_id=f"item_id {row['item_id']}"))

    def sectors(self, items: pd.DataFrame) -> None:
        lacking = items[(items["min_base"] > 0) & (items["sector"] == "")]
        for _, row in lacking.iterrows():
            self.problems.append(Problem(
                self.label("items"), "a sector name when min_base > 0 (min_base compares the "
                "site's base_<sector>)", line=int(row[LINE]), column="sector", value="",
                row_id=f"item_id {row['item_id']}"))

    def regions(self, sites: pd.DataFrame) -> None:
        known = set(sites["region"])
        for region in self.settings.regions:
            if region not in known:
                self.problems.append(Problem(
                    "instance.yaml", f"a region of {self.label('sites')} "
                    f"({', '.join(sorted(known))})", column=f"regions.{region}",
                    value=region))

    def references(self, key: str, columns: dict[str, set[str]]) -> None:
        table = self.tables[key]
        for column, known in columns.items():
            unknown = table[~table[column].isin(known)]
            for _, row in unknown.iterrows():
                source = "sites" if column == "site_id" else column.split("_")[0] + "s"
                self.problems.append(Problem(
                    self.label(key), f"a {column} defined in {source}.csv",
                    line=int(row[LINE]), column=column, value=row[column]))

    def unique_pairs(self, key: str, columns: tuple[str, str]) -> None:
        table = self.tables[key]
        duplicated = table.duplicated(list(columns), keep="first")
        for _, row in table[duplicated].iterrows():
            self.problems.append(Problem(
                self.label(key), f"one row per ({columns[0]}, {columns[1]}) pair",
                line=int(row[LINE]), column=columns[1],
                value=f"{row[columns[0]]}, {row[columns[1]]} again"))

    def distances(self, sites: pd.DataFrame, items: pd.DataFrame, centres: pd.DataFrame) -> None:
        """Great-circle distances, overridden by distances.csv; missing ones are problems."""
        km = haversine_km(
            sites["lon"].to_numpy()[:, None], sites["lat"].to_numpy()[:, None],
            centres["lon"].to_numpy()[None, :], centres["lat"].to_numpy()[None, :],
        )
        matrix = pd.DataFrame(km, index=pd.Index(sites["site_id"], name="site_id"),
                              columns=pd.Index(centres["centre_id"], name="centre_id"))
        if "distances" in self.tables:
            given = self.tables["distances"].pivot(index="site_id", columns="centre_id",
                                                   values="km")
            matrix = given.reindex(index=matrix.index, columns=matrix.columns).fillna(matrix)
        served = sorted({c for cell in items["serves"] for c in _split_ids(cell)})
        candidates = sites["hinterland"].to_numpy()
        missing = matrix.loc[candidates, served].isna()
        for site_id, row in missing[missing.any(axis=1)].iterrows():
            line = int(sites.loc[sites["site_id"] == site_id, LINE].iloc[0])
            lacking = ", ".join(row.index[row.to_numpy()])
            self.problems.append(Problem(
                self.label("sites"), "lon and lat, or rows in distances.csv for the centres "
                f"its items serve ({lacking})", line=line, column="lon",
                row_id=f"site_id {site_id}", value=""))
        self.distance_km = matrix

    def advice(self, items: pd.DataFrame) -> None:
        hollow = items[(items["min_sites"] > 1) & (items["min_scale"] == 0)]
        if len(hollow):
            self.notes.append(
                f"{self.label('items')}: min_sites > 1 with min_scale 0 for "
                f"{', '.join(hollow['item_id'])}: a site may count as hosting with no capacity; "
                "set min_scale to make the redundancy real")
