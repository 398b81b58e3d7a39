"""The instance format's registry: every table column with its type, unit, default and meaning.

One registry drives both validation (:mod:`hinterland.model.tables`) and the documentation
(``docs/instance-format.md``, kept in step by a test). A column without a default is required:
the header must carry it and every row must fill it. A column with a default may be left out
of the file or left blank in a row; the default then applies.

Column families named by a prefix (``cap_<resource>``, ``base_<sector>``, ``use_<resource>``)
are declared once as :class:`ColumnFamily` and match any column with that prefix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

Kind = Literal["id", "text", "number", "integer", "bool", "ids", "choice"]

#: Sentinel meaning "a value is required": no default applies.
REQUIRED = object()


@dataclass(frozen=True)
class Column:
    """One column of an instance table.

    ``minimum``/``maximum`` bound a numeric value (inclusive unless ``exclusive_minimum``);
    ``choices`` lists the allowed values of a ``choice`` column.
    """

    name: str
    kind: Kind
    unit: str
    description: str
    default: object = REQUIRED
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def expectation(self) -> str:
        """What a valid value looks like, in words for an error message."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false (also yes/no, 1/0)"
        if self.kind == "id":
            return "a non-empty identifier"
        if self.kind == "ids":
            return "identifiers joined by ';' (or empty)"
        if self.kind == "text":
            return "text"
        noun = "a whole number" if self.kind == "integer" else "a finite number"
        bounds = self.bounds_text()
        return f"{noun} {bounds}" if bounds else noun

    def bounds_text(self) -> str:
        """The numeric range in interval notation (``in (0, 1]``, ``>= 0``), or ``""``."""
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            opening = "(" if self.exclusive_minimum else "["
            return f"in {opening}{_fmt(low)}, {_fmt(high)}]"
        if low is not None:
            return f"{'>' if self.exclusive_minimum else '>='} {_fmt(low)}"
        if high is not None:
            return f"<= {_fmt(high)}"
        return ""


@dataclass(frozen=True)
class ColumnFamily:
    """Columns named ``<prefix><name>``, one per resource or sector the instance defines."""

    prefix: str
    column: Column

    def matches(self, header: str) -> bool:
        return header.startswith(self.prefix) and len(header) > len(self.prefix)

    def for_header(self, header: str) -> Column:
        """The family's column under the name ``header`` (every other attribute kept)."""
        return replace(self.column, name=header)


@dataclass(frozen=True)
class TableSchema:
    """A table of the instance: its default file name, columns, and column families."""

    key: str
    default_file: str
    id_column: str | None
    columns: tuple[Column, ...]
    families: tuple[ColumnFamily, ...] = ()
    description: str = ""

    def column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.name == name:
                return col
        for family in self.families:
            if family.matches(name):
                return family.for_header(name)
        return None


def _fmt(value: float) -> str:
    if math.isinf(value):
        return "inf"
    return f"{value:g}"


SITES = TableSchema(
    key="sites",
    default_file="sites.csv",
    id_column="site_id",
    description="Candidate sites (provinces, prefectures or any place a layout can use).",
    columns=(
        Column("site_id", "id", "-", "Unique identifier of the site, used in every other table."),
        Column("name", "text", "-", "Readable name; defaults to the site_id.", default=""),
        Column("province", "id", "-", "Province the site belongs to (loss and balance groups)."),
        Column("region", "id", "-", "Macro-region (e.g. NBS East/Central/West/Northeast)."),
        Column(
            "lon", "number", "degrees east",
            "Longitude (WGS84) for distances; may be blank when distances.csv covers the site.",
            default=math.nan, minimum=-180, maximum=180,
        ),
        Column(
            "lat", "number", "degrees north",
            "Latitude (WGS84) for distances; may be blank when distances.csv covers the site.",
            default=math.nan, minimum=-90, maximum=90,
        ),
        Column("hinterland", "bool", "-", "Whether the site may receive hinterland capacity."),
        Column(
            "cost_index", "number", "ratio",
            "Local construction cost relative to the national average (1 = average); "
            "multiplies fixed_cost and unit_capex.",
            minimum=0, exclusive_minimum=True,
        ),
        Column(
            "hazard", "number", "0..1",
            "Composite natural-hazard exposure (seismic, flood, geological); 0 = none.",
            minimum=0, maximum=1,
        ),
        Column("coast_km", "number", "km", "Distance from the sea coast.", minimum=0),
        Column("border_km", "number", "km", "Distance from the land border.", minimum=0),
        Column(
            "open_cost", "number", "money",
            "Fixed cost of developing the site at all (counted once if it hosts anything).",
            default=0.0, minimum=0,
        ),
    ),
    families=(
        ColumnFamily(
            "cap_",
            Column(
                "cap_<resource>", "number", "resource units",
                "Capacity of the site in a resource (land, labour, energy, water, ...); "
                "a blank cell means unlimited.",
                default=math.inf, minimum=0,
            ),
        ),
        ColumnFamily(
            "base_",
            Column(
                "base_<sector>", "number", "0..1",
                "Existing capability of the site in a sector; a blank cell or missing column "
                "counts as 0.",
                default=0.0, minimum=0, maximum=1,
            ),
        ),
        ColumnFamily(
            "stat_",
            Column(
                "stat_<statistic>", "number", "as the datasheet says",
                "A statistic of the site (population, GDP, ...) that suitability criteria "
                "may name (docs/suitability.md); the layout model does not read it. A blank "
                "cell means unknown.",
                default=math.nan,
            ),
        ),
    ),
)

ITEMS = TableSchema(
    key="items",
    default_file="items.csv",
    id_column="item_id",
    description="What is placed: reserves, industry backups and new-quality industries.",
    columns=(
        Column("item_id", "id", "-", "Unique identifier of the item."),
        Column("name", "text", "-", "Readable name; defaults to the item_id.", default=""),
        Column(
            "task", "choice", "-",
            "Core task: reserve (supporting), backup (replicating), integration (driving).",
            choices=("reserve", "backup", "integration"),
        ),
        Column("sector", "text", "-", "Sector, matched with base_<sector> in sites.csv.",
               default=""),
        Column("unit", "text", "-", "Unit of capacity (free text, e.g. Mt, PFLOPS).", default=""),
        Column("demand", "number", "item unit", "Required hinterland capacity.", minimum=0),
        Column(
            "min_scale", "number", "item unit",
            "Minimum viable capacity at a hosting site.", default=0.0, minimum=0,
        ),
        Column(
            "max_share", "number", "share",
            "Largest share of demand one site may hold (dispersion).",
            default=1.0, minimum=0, maximum=1, exclusive_minimum=True,
        ),
        Column("min_sites", "integer", "sites", "Least number of hosting sites (redundancy).",
               default=1, minimum=0),
        Column(
            "survive_share", "number", "share",
            "Share of demand that must remain after losing any one hosting site.",
            default=0.0, minimum=0, maximum=1,
        ),
        Column("min_coast_km", "number", "km", "Eligible sites lie at least this far from the "
               "coast.", default=0.0, minimum=0),
        Column("min_border_km", "number", "km", "Eligible sites lie at least this far from the "
               "land border.", default=0.0, minimum=0),
        Column("max_hazard", "number", "0..1", "Eligible sites have hazard at most this; blank "
               "means no limit.", default=1.0, minimum=0, maximum=1),
        Column("min_base", "number", "0..1", "Eligible sites have base_<sector> at least this "
               "(applies only when > 0).", default=0.0, minimum=0, maximum=1),
        Column("fixed_cost", "number", "money", "Fixed investment to establish the item at a "
               "site, times the site's cost_index.", default=0.0, minimum=0),
        Column("unit_capex", "number", "money per item unit", "Investment per unit of capacity, "
               "times the site's cost_index.", default=0.0, minimum=0),
        Column("unit_opex", "number", "money per item unit per year", "Operating cost per unit "
               "of capacity and year, counted over horizon_years.", default=0.0, minimum=0),
        Column("transport_cost", "number", "money per item unit per km", "Cost per unit of "
               "capacity and km of mean distance to the centres served.", default=0.0,
               minimum=0),
        Column("serves", "ids", "-", "Centres the item serves or backs up, joined by ';'; may "
               "be empty.", default=""),
        Column("survive_sites", "integer", "sites", "Number of sites whose simultaneous loss "
               "must leave survive_share of demand (N-k survival).", default=1, minimum=1),
        Column("survive_share_province", "number", "share", "Share of demand that must remain "
               "after losing the province holding most.", default=0.0, minimum=0, maximum=1),
        Column("reach_km", "number", "km", "With reach_sites: the radius around each centre "
               "served.", default=0.0, minimum=0),
        Column("reach_sites", "integer", "sites", "Least number of hosting sites within "
               "reach_km of every centre the item serves.", default=0, minimum=0),
        Column("min_separation_km", "number", "km", "Eligible sites lie at least this far from "
               "every centre the item serves (backups away from what they back up).",
               default=0.0, minimum=0),
        Column("value", "number", "-", "Weight of the item in the risk term (hazard x value x "
               "capacity).", default=1.0, minimum=0),
        Column("relocation_cost", "number", "money per item unit", "With existing: count, the "
               "cost of moving a unit of today's capacity to another site instead of building "
               "it anew; blank means it cannot be moved.", default=math.nan, minimum=0),
    ),
    families=(
        ColumnFamily(
            "use_",
            Column(
                "use_<resource>", "number", "resource units per item unit",
                "Resource used per unit of capacity, checked against cap_<resource>.",
                default=0.0, minimum=0,
            ),
        ),
    ),
)

CENTRES = TableSchema(
    key="centres",
    default_file="centres.csv",
    id_column="centre_id",
    description="Coastal economic centres that items serve or back up.",
    columns=(
        Column("centre_id", "id", "-", "Unique identifier of the centre."),
        Column("name", "text", "-", "Readable name; defaults to the centre_id.", default=""),
        Column("lon", "number", "degrees east", "Longitude (WGS84); may be blank when "
               "distances.csv covers the centre.", default=math.nan, minimum=-180, maximum=180),
        Column("lat", "number", "degrees north", "Latitude (WGS84); may be blank when "
               "distances.csv covers the centre.", default=math.nan, minimum=-90, maximum=90),
    ),
)

DISTANCES = TableSchema(
    key="distances",
    default_file="distances.csv",
    id_column=None,
    description="Optional: distances that override the great-circle distance.",
    columns=(
        Column("site_id", "id", "-", "A site of sites.csv."),
        Column("centre_id", "id", "-", "A centre of centres.csv."),
        Column("km", "number", "km", "Distance used for transport cost.", minimum=0),
    ),
)

LAYOUT = TableSchema(
    key="current_layout",
    default_file="current_layout.csv",
    id_column=None,
    description="Optional: a layout (today's, or a draft) as capacity per site and item.",
    columns=(
        Column("site_id", "id", "-", "A site of sites.csv."),
        Column("item_id", "id", "-", "An item of items.csv."),
        Column("capacity", "number", "item unit", "Capacity of the item at the site.",
               minimum=0),
        Column("hosting", "integer", "0/1", "Whether the item is established at the site; "
               "blank or left out means 'where capacity > 0'. Solved layouts write it.",
               default=math.nan, minimum=0, maximum=1),
        Column("period", "text", "-", "In a plan's layout, the period the row stands in. A "
               "layout without periods is read as standing unchanged in every period.",
               default=""),
    ),
)

SYNERGIES = TableSchema(
    key="synergies",
    default_file="synergies.csv",
    id_column=None,
    description="Optional: a bonus for two items sharing a site (the synergy term).",
    columns=(
        Column("item_a", "id", "-", "An item of items.csv."),
        Column("item_b", "id", "-", "Another item of items.csv."),
        Column("bonus", "number", "money", "Bonus counted once per site hosting both.",
               minimum=0),
    ),
)

DEMANDS = TableSchema(
    key="demands",
    default_file="demands.csv",
    id_column=None,
    description="Optional, with periods: an item's required capacity in a plan period, where "
                "it differs from items.csv demand times the period's demand_scale.",
    columns=(
        Column("item_id", "id", "-", "An item of items.csv."),
        Column("period", "id", "-", "A period name of instance.yaml's periods."),
        Column("demand", "number", "item unit", "Required hinterland capacity in the period. "
               "Capacity never shrinks, so a period needs at least the largest demand of the "
               "periods before it.", minimum=0),
    ),
)

COMMITMENTS = TableSchema(
    key="commitments",
    default_file="commitments.csv",
    id_column=None,
    description="Optional: projects already decided, as capacity a site must hold by a period "
                "(a lower bound in that period and, as capacity never shrinks, after it).",
    columns=(
        Column("site_id", "id", "-", "A site of sites.csv."),
        Column("item_id", "id", "-", "An item of items.csv."),
        Column("period", "text", "-", "A period name of instance.yaml's periods; blank means "
               "the first period (and is the only choice without periods).", default=""),
        Column("capacity", "number", "item unit", "Capacity the site holds by the period.",
               minimum=0, exclusive_minimum=True),
    ),
)

#: Tables in loading order; optional ones may be absent from the folder.
TABLES: tuple[TableSchema, ...] = (SITES, ITEMS, CENTRES, DISTANCES, LAYOUT, SYNERGIES, DEMANDS,
                                   COMMITMENTS)
OPTIONAL_TABLES = frozenset({"distances", "current_layout", "synergies", "demands",
                             "commitments"})
