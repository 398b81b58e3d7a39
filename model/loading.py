"""Load an instance folder: read every file, check it, and return a frozen :class:`Instance`.

Loading is the only place that touches files. It gathers every problem before failing (one
:class:`~hinterland.model.errors.InstanceError` listing them all), so a planner sees the whole
picture: bad settings from :mod:`hinterland.model.settings`, per-cell type and range errors from
:mod:`hinterland.model.tables`, and cross-table checks (duplicate ids, unknown ids, regions) on
every table that could be read. Missing coordinates are looked for once everything else is valid.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pandas as pd

from hinterland.model.bundled import INSTANCE_FILE, bundled_instances, instance_folder, is_name
from hinterland.model.errors import InstanceError, Problem
from hinterland.model.geo import haversine_km
from hinterland.model.instance import Instance
from hinterland.model.periods import falling_demands
from hinterland.model.schema import (
    CENTRES,
    COMMITMENTS,
    DEMANDS,
    ITEMS,
    LAYOUT,
    OPTIONAL_TABLES,
    SITES,
    SYNERGIES,
    TABLES,
    TableSchema,
)
from hinterland.model.settings import Settings, read_settings
from hinterland.model.tables import LINE, read_table, unknown_columns


def load_instance(path: str | Path) -> Instance:
    """Read and validate the instance folder at ``path``.

    ``path`` may also name an instance that ships with hinterland (``china-prefectures``,
    :mod:`hinterland.model.bundled`) when no folder of that name exists. Raises
    :class:`InstanceError` listing every problem found.
    """
    folder = instance_folder(path)
    if not folder.is_dir():
        what = ("a file, not a folder" if folder.exists() else
                "no such folder, nor a bundled instance of that name: "
                + ", ".join(bundled_instances()) if is_name(path) else "no such folder")
        raise InstanceError([Problem(str(folder), f"an instance folder ({what})")])
    settings_file = folder / INSTANCE_FILE
    if not settings_file.is_file():
        raise InstanceError([Problem(str(folder), f"a file {INSTANCE_FILE} in the folder")])
    settings, problems = read_settings(settings_file, default_name=folder.resolve().name)
    if settings is None:
        raise InstanceError(problems)

    root = folder.resolve()
    paths, missing = _table_paths(folder, settings)
    tables, found, notes = _read_tables(paths, root)
    problems += missing + found
    checker = _CrossChecks(paths, root, settings, tables)
    checker.run(distances=not problems)
    problems += checker.problems
    if problems:
        raise InstanceError(problems)

    sites = _indexed(tables["sites"], "site_id")
    items = _indexed(tables["items"], "item_id")
    centres = _indexed(tables["centres"], "centre_id")
    items["serves"] = [tuple(_split_ids(v)) for v in items["serves"]]
    resources = tuple(sorted(
        {c[4:] for c in sites.columns if c.startswith("cap_")}
        | {c[4:] for c in items.columns if c.startswith("use_")}
    ))
    instance = Instance(
        settings=settings,
        folder=folder,
        sites=sites,
        items=items,
        centres=centres,
        distance_km=checker.distance_km,
        current_layout=tables.get("current_layout"),
        synergies=_synergies(tables.get("synergies")),
        resources=resources,
        demands=_plain(tables.get("demands"), DEMANDS),
        commitments=_commitments(tables.get("commitments"), settings),
        digest=_digest(settings_file, paths),
        notes=tuple(notes + checker.notes),
    )
    falling = falling_demands(instance) if settings.periods else []
    if falling:
        instance = replace(instance, notes=(*instance.notes, (
            f"demand falls in {', '.join(falling)}; capacity never shrinks, so the "
            "requirement in force stays at the earlier, larger figure")))
    return instance


def _synergies(table: pd.DataFrame | None) -> pd.DataFrame:
    """The synergy pairs (``item_a, item_b, bonus``); empty when the instance has none."""
    columns = [c.name for c in SYNERGIES.columns]
    if table is None:
        return pd.DataFrame({"item_a": pd.Series(dtype=object), "item_b": pd.Series(dtype=object),
                             "bonus": pd.Series(dtype=float)})
    return table[columns].reset_index(drop=True)


def _plain(table: pd.DataFrame | None, schema: TableSchema) -> pd.DataFrame:
    """The schema's columns of ``table`` (empty with those columns when the file is absent)."""
    columns = [c.name for c in schema.columns]
    if table is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return table[columns].reset_index(drop=True)


def _commitments(table: pd.DataFrame | None, settings: Settings) -> pd.DataFrame:
    """Committed capacity per (site, item, period); a blank period means the first one."""
    plain = _plain(table, COMMITMENTS)
    first = settings.periods[0].name if settings.periods else ""
    plain["period"] = plain["period"].replace("", first)
    plain["capacity"] = plain["capacity"].astype(float)
    return plain


def _read_tables(paths: dict[str, Path], root: Path
                 ) -> tuple[dict[str, pd.DataFrame], list[Problem], list[str]]:
    """Read every table found; return the tables, their problems and notes on extra columns."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    notes: list[str] = []
    for schema in TABLES:
        file = paths.get(schema.key)
        if file is None:
            continue
        table, found = read_table(file, schema, _label(file, root))
        problems += found
        tables[schema.key] = table
        extra = unknown_columns(list(table.columns), schema)
        if extra:
            notes.append(f"{_label(file, root)}: columns not used by the model: "
                         f"{', '.join(extra)}")
    return tables, problems, notes


def load_layout(path: str | Path, instance: Instance) -> pd.DataFrame:
    """Read a layout (``site_id, item_id, capacity`` and optional ``hosting``) for ``instance``.

    ``path`` is a CSV file or a results folder (its ``layout.csv``). Cells are checked as in
    ``current_layout.csv``, and every id must exist in the instance. A plan's layout has a
    ``period`` column naming its periods; a layout without one is read, for a plan, as
    standing unchanged in every period. Raises :class:`InstanceError` listing every problem.
    """
    file = Path(path)
    if file.is_dir():
        file = file / "layout.csv"
    if not file.is_file():
        raise InstanceError([Problem(str(file), "a layout file with columns site_id, item_id, "
                                     "capacity (or a results folder holding layout.csv)",
                                     value="no such file")])
    table, problems = read_table(file, LAYOUT, file.name)
    checks = _CrossChecks({LAYOUT.key: file.resolve()}, file.resolve().parent, instance.settings,
                          {LAYOUT.key: table})
    checks.references(LAYOUT.key, {"site_id": set(instance.sites.index),
                                   "item_id": set(instance.items.index)})
    periods = [p.name for p in instance.periods]
    staged = "period" in table.columns and bool((table["period"] != "").any())
    if staged:
        checks.plan_periods(LAYOUT.key, blank_allowed=False)
        checks.unique_rows(LAYOUT.key, ("period", "site_id", "item_id"))
    else:
        checks.unique_pairs(LAYOUT.key, ("site_id", "item_id"))
    problems += checks.problems
    if problems:
        raise InstanceError(problems)
    columns = [c.name for c in LAYOUT.columns if c.name in table.columns and c.name != "period"]
    layout = table[columns].reset_index(drop=True)
    if staged:
        return pd.concat([table[["period"]].reset_index(drop=True), layout], axis=1)
    if periods:  # one layout held through every period of the plan
        return pd.concat([layout.assign(period=t) for t in periods], ignore_index=True)[
            ["period", *columns]]
    return layout


def _label(file: Path, root: Path) -> str:
    """How messages name a table file: its path relative to the instance folder."""
    return file.relative_to(root).as_posix()


def _table_paths(folder: Path, settings: Settings) -> tuple[dict[str, Path], list[Problem]]:
    """Resolve each table's file, honouring ``files:`` renames, inside the folder only.

    A file named in ``files:`` that is missing or leads outside the folder (through a link) is
    reported at its key in instance.yaml; a missing default file is reported by its name.
    """
    root = folder.resolve()
    paths: dict[str, Path] = {}
    problems: list[Problem] = []
    for schema in TABLES:
        renamed = schema.key in settings.files
        name = settings.files.get(schema.key, schema.default_file)
        try:
            candidate = (folder / name).resolve()
            inside = candidate.is_relative_to(root)
            exists = inside and candidate.is_file()
        except (OSError, ValueError, RuntimeError) as err:
            # A name the system cannot look up: too long, a NUL byte, a link loop.
            reason = getattr(err, "strerror", None) or str(err)
            problems.append(_files_problem(settings, schema.key, "a file name the system can "
                                           f"open ({reason})") if renamed else
                            Problem(name, f"a readable file ({reason})"))
            continue
        if not inside and not renamed:
            problems.append(Problem(name, "a file inside the instance folder (not a link that "
                                    "leads outside)", value=str(candidate)))
        elif not inside:
            problems.append(_files_problem(settings, schema.key, "a file inside the instance "
                                           "folder"))
        elif exists:
            paths[schema.key] = candidate
        elif renamed:
            problems.append(_files_problem(settings, schema.key, "an existing file in the "
                                           f"instance folder for the {schema.key} table"))
        elif schema.key not in OPTIONAL_TABLES:
            problems.append(Problem(name, f"the {schema.key} table "
                                    f"({schema.description.lower().rstrip('.')})",
                                    value="no such file"))
    return paths, problems


def _files_problem(settings: Settings, key: str, expected: str) -> Problem:
    """A problem with the file that ``files: {key: ...}`` names, at its line in the YAML."""
    return Problem(INSTANCE_FILE, expected, line=settings.line("files", key),
                   column=f"files.{key}", value=settings.files[key])


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
    """Checks that span tables; fills ``problems``, ``notes`` and the distance matrix.

    Each check runs only on tables that were read with the columns it needs, so that tables
    with bad cells still get their ids checked and every problem is reported in one pass.
    """

    def __init__(self, paths: dict[str, Path], root: Path, settings: Settings,
                 tables: dict[str, pd.DataFrame]):
        self.paths = paths
        self.root = root
        self.settings = settings
        self.tables = tables
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.distance_km = pd.DataFrame()

    def label(self, key: str) -> str:
        if key in self.paths:
            return _label(self.paths[key], self.root)
        schema = next(t for t in TABLES if t.key == key)
        return self.settings.files.get(key, schema.default_file)

    def table(self, key: str, *columns: str) -> pd.DataFrame | None:
        """The table ``key`` if it was read and has ``columns``; None otherwise."""
        table = self.tables.get(key)
        if table is None or not {LINE, *columns} <= set(table.columns):
            return None
        return table

    def ids(self, key: str, column: str) -> set[str] | None:
        table = self.table(key, column)
        return None if table is None else set(table[column]) - {""}

    def run(self, distances: bool = True) -> None:
        """Run every check; the distance matrix only when ``distances`` (all else is valid)."""
        for key, schema in (("sites", SITES), ("items", ITEMS), ("centres", CENTRES)):
            self.unique_ids(key, schema)
        site_ids = self.ids("sites", "site_id")
        item_ids = self.ids("items", "item_id")
        centre_ids = self.ids("centres", "centre_id")
        items = self.table("items", "item_id", "serves", "min_base", "sector", "min_sites",
                           "min_scale")
        if items is not None:
            if centre_ids is not None:
                self.serves(items, centre_ids)
            self.sectors(items)
        if site_ids is not None:
            self.regions(self.tables["sites"])
        self.references("distances", {"site_id": site_ids, "centre_id": centre_ids})
        self.unique_pairs("distances", ("site_id", "centre_id"))
        self.references("current_layout", {"site_id": site_ids, "item_id": item_ids})
        self.unique_pairs("current_layout", ("site_id", "item_id"))
        self.references("synergies", {"item_a": item_ids, "item_b": item_ids})
        self.unique_pairs("synergies", ("item_a", "item_b"))
        self.distinct_pair("synergies", ("item_a", "item_b"))
        self.references("demands", {"item_id": item_ids})
        self.references("commitments", {"site_id": site_ids, "item_id": item_ids})
        self.plan_periods("demands", blank_allowed=False)
        self.plan_periods("commitments", blank_allowed=True)
        self.unique_rows("demands", ("item_id", "period"))
        self.unique_rows("commitments", ("site_id", "item_id", "period"))
        if self.settings.existing == "count" and "current_layout" not in self.tables:
            self.problems.append(Problem(
                INSTANCE_FILE, f"today's layout in {self.label('current_layout')} (existing: "
                "count builds on it)", line=self.settings.line("existing"), column="existing",
                value="count"))
        if distances and not self.problems:
            self.distances(self.tables["sites"], self.tables["items"], self.tables["centres"])
        if items is not None:
            self.advice(items)

    def unique_ids(self, key: str, schema: TableSchema) -> None:
        id_column = str(schema.id_column)
        table = self.table(key, id_column)
        if table is None:
            return
        first_line = table[table[id_column] != ""].groupby(id_column)[LINE].min()
        duplicated = table[id_column].duplicated(keep="first") & (table[id_column] != "")
        for _, row in table[duplicated].iterrows():
            first = int(first_line[row[id_column]])
            self.problems.append(Problem(self.label(key), f"a unique {id_column} (also on line "
                                         f"{first})", line=int(row[LINE]), column=id_column,
                                         value=row[id_column]))

    def serves(self, items: pd.DataFrame, centre_ids: set[str]) -> None:
        known = ", ".join(sorted(centre_ids)) or "none defined"
        for _, row in items.iterrows():
            seen: set[str] = set()
            for centre in _split_ids(row["serves"]):
                if centre in seen:
                    expected = "each centre once"
                elif centre not in centre_ids:
                    expected = f"centre ids of {self.label('centres')} ({known})"
                else:
                    seen.add(centre)
                    continue
                self.problems.append(Problem(
                    self.label("items"), expected, line=int(row[LINE]), column="serves",
                    value=centre, row_id=f"item_id {row['item_id']}"))

    def sectors(self, items: pd.DataFrame) -> None:
        lacking = items[(items["min_base"] > 0) & (items["sector"] == "")]
        for _, row in lacking.iterrows():
            self.problems.append(Problem(
                self.label("items"), "a sector name when min_base > 0 (min_base compares the "
                "site's base_<sector>)", line=int(row[LINE]), column="sector", value="",
                row_id=f"item_id {row['item_id']}"))

    def regions(self, sites: pd.DataFrame) -> None:
        if "region" not in sites.columns:
            return
        known = set(sites["region"]) - {""}
        for region in self.settings.regions:
            if region not in known:
                self.problems.append(Problem(
                    INSTANCE_FILE, f"a region of {self.label('sites')} "
                    f"({', '.join(sorted(known)) or 'none defined'})",
                    line=self.settings.line("regions", region), column=f"regions.{region}",
                    value=region))

    def references(self, key: str, columns: dict[str, set[str] | None]) -> None:
        """Ids in ``key`` must exist in the table they name (blank ids are reported already)."""
        table = self.table(key, *columns)
        if table is None:
            return
        for column, known in columns.items():
            if known is None:
                continue
            source = {"site_id": "sites", "centre_id": "centres", "item_id": "items",
                      "item_a": "items", "item_b": "items"}[column]
            unknown = table[~table[column].isin(known) & (table[column] != "")]
            for _, row in unknown.iterrows():
                self.problems.append(Problem(
                    self.label(key), f"{_article(column)} {column} defined in {self.label(source)}",
                    line=int(row[LINE]), column=column, value=row[column]))

    def distinct_pair(self, key: str, columns: tuple[str, str]) -> None:
        """The two ids of a row differ, and no pair stands twice in either order."""
        table = self.table(key, *columns)
        if table is None:
            return
        same = table[(table[columns[0]] == table[columns[1]]) & (table[columns[0]] != "")]
        for _, row in same.iterrows():
            self.problems.append(Problem(
                self.label(key), f"{columns[1]} different from {columns[0]}",
                line=int(row[LINE]), column=columns[1], value=row[columns[1]]))
        first: dict[frozenset, tuple[int, tuple[str, str]]] = {}
        for _, row in table[table[columns[0]] != table[columns[1]]].iterrows():
            ordered = (row[columns[0]], row[columns[1]])
            line, seen = first.setdefault(frozenset(ordered), (int(row[LINE]), ordered))
            if seen != ordered:  # the same pair reversed (exact repeats: unique_pairs)
                self.problems.append(Problem(
                    self.label(key), f"each pair once, in either order (also on line {line})",
                    line=int(row[LINE]), column=columns[1], value=", ".join(ordered)))

    def unique_pairs(self, key: str, columns: tuple[str, str]) -> None:
        table = self.table(key, *columns)
        if table is None:
            return
        first_line = table.groupby(list(columns))[LINE].min()
        duplicated = table.duplicated(list(columns), keep="first")
        for _, row in table[duplicated].iterrows():
            pair = (row[columns[0]], row[columns[1]])
            self.problems.append(Problem(
                self.label(key), f"one row per ({columns[0]}, {columns[1]}) pair (also on line "
                f"{int(first_line[pair])})", line=int(row[LINE]), column=columns[1],
                value=f"{pair[0]}, {pair[1]} again"))

    def plan_periods(self, key: str, blank_allowed: bool) -> None:
        """Each row's period is one of instance.yaml's periods (blank where allowed)."""
        table = self.table(key, "period")
        if table is None:
            return
        names = [p.name for p in self.settings.periods]
        if not names:
            named = table[table["period"] != ""]
            if not blank_allowed and len(table):
                self.problems.append(Problem(
                    self.label(key), "periods in instance.yaml (per-period figures need plan "
                    "periods)", line=int(table[LINE].iloc[0]), column="period",
                    value=str(table["period"].iloc[0])))
                return
            table = named
        known = set(names)
        expected = (f"a period of instance.yaml ({', '.join(names)})" if names else
                    "a blank period (instance.yaml defines no periods)")
        for _, row in table[~table["period"].isin(known | ({""} if blank_allowed else set()))
                            ].iterrows():
            self.problems.append(Problem(self.label(key), expected, line=int(row[LINE]),
                                         column="period", value=row["period"]))

    def unique_rows(self, key: str, columns: tuple[str, ...]) -> None:
        """One row per combination of ``columns`` (a blank period counts as the first)."""
        table = self.table(key, *columns)
        if table is None:
            return
        keys = table[list(columns)].copy()
        if "period" in keys.columns and self.settings.periods:
            keys["period"] = keys["period"].replace("", self.settings.periods[0].name)
        first_line = {}
        for line, combination in zip(table[LINE], keys.itertuples(index=False), strict=True):
            if combination in first_line:
                self.problems.append(Problem(
                    self.label(key), f"one row per ({', '.join(columns)}) (also on line "
                    f"{first_line[combination]})", line=int(line), column=columns[-1],
                    value=", ".join(map(str, combination)) + " again"))
            else:
                first_line[combination] = int(line)

    def distances(self, sites: pd.DataFrame, items: pd.DataFrame, centres: pd.DataFrame) -> None:
        """Great-circle distances, overridden by distances.csv; missing ones are problems.

        Only distances from hinterland sites to centres that some item serves are needed. A
        missing one is blamed on the site when the site lacks coordinates, else on the centre.
        """
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
        self.distance_km = matrix
        served = sorted({c for cell in items["serves"] for c in _split_ids(cell)})
        hinterland = sites[sites["hinterland"].to_numpy()]
        missing = matrix.loc[sites["hinterland"].to_numpy(), served].isna().to_numpy()
        if not missing.any():
            return
        site_placed = _has_coordinates(hinterland).to_numpy()
        rows = zip(hinterland["site_id"], hinterland[LINE], site_placed, missing, strict=True)
        for site_id, line, placed, gaps in rows:
            lacking = [c for c, gap in zip(served, gaps, strict=True) if gap]
            if lacking and not placed:
                self.missing_distance("sites", f"site_id {site_id}", int(line), lacking,
                                      "the centres its items serve")
        by_id = centres.set_index("centre_id")
        centre_placed = _has_coordinates(by_id)
        for centre_id, gaps in zip(served, missing.T, strict=True):
            lacking = [str(s) for s, gap in zip(hinterland["site_id"], gaps, strict=True) if gap]
            if lacking and not centre_placed[centre_id]:
                self.missing_distance("centres", f"centre_id {centre_id}",
                                      int(by_id.loc[centre_id, LINE]), lacking,
                                      "the hinterland sites")

    def missing_distance(self, key: str, row_id: str, line: int, lacking: list[str],
                         whom: str) -> None:
        self.problems.append(Problem(
            self.label(key), f"lon and lat, or rows in {self.label('distances')} for {whom} "
            f"({', '.join(lacking)})", line=line, column="lon", row_id=row_id, value=""))

    def advice(self, items: pd.DataFrame) -> None:
        """Notes on rules that count hosting sites but let them hold nothing."""
        counted = items["min_sites"] > 1
        if "reach_sites" in items.columns:
            counted |= items["reach_sites"] > 0
        if self.settings.progression_min_base is not None:
            counted |= items["task"] == "backup"
        synergies = self.table("synergies", "item_a", "item_b")
        if synergies is not None and self.settings.weights.synergy > 0:
            counted |= items["item_id"].isin(set(synergies["item_a"]) | set(synergies["item_b"]))
        hollow = items[counted & (items["min_scale"] == 0)]
        if len(hollow):
            self.notes.append(
                f"{self.label('items')}: min_scale 0 for {', '.join(hollow['item_id'])}, whose "
                "hosting a rule counts (min_sites > 1, reach, progression backups, synergy): a "
                "site may count as hosting with no capacity; set min_scale to make it real")


def _has_coordinates(table: pd.DataFrame) -> pd.Series:
    """Whether each row has both lon and lat."""
    return table["lon"].notna() & table["lat"].notna()


def _article(word: str) -> str:
    """The indefinite article for ``word`` (by its first letter, enough for column names)."""
    return "an" if word[:1].lower() in "aeiou" else "a"
