"""Generate the column tables of ``docs/instance-format.md`` from :mod:`hinterland.model.schema`.

The tables in the docs are this module's output pasted between the markers
``<!-- BEGIN GENERATED TABLES -->`` and ``<!-- END GENERATED TABLES -->``; a test checks that
they match, so the docs cannot drift from the registry. To refresh them::

    python -m hinterland.model.docs                                   # print the tables
    python -m hinterland.model.docs --write docs/instance-format.md   # replace them in place
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

from hinterland.model.schema import OPTIONAL_TABLES, TABLES, Column, TableSchema

BEGIN_MARKER = "<!-- BEGIN GENERATED TABLES -->"
END_MARKER = "<!-- END GENERATED TABLES -->"

HEADER = "| column | type | unit | default | allowed values | meaning |"
RULE = "| --- | --- | --- | --- | --- | --- |"

# Names such as base_<sector> would read as HTML tags in markdown: show them as code.
_PLACEHOLDER = re.compile(r"\b(\w+_<\w+>)")
_EXAMPLE_NAMES = {"resource": "land", "sector": "ic"}


def format_tables_markdown() -> str:
    """One markdown table per CSV table of the instance format, in loading order.

    Each row gives a column's name, type, unit, default (or ``required``), allowed values and
    meaning; column families (``cap_<resource>``, ``base_<sector>``, ``use_<resource>``) follow
    the fixed columns of their table. The text ends with a newline.
    """
    return "\n".join(_table_section(schema) for schema in TABLES)


def _table_section(schema: TableSchema) -> str:
    presence = "optional file" if schema.key in OPTIONAL_TABLES else "required file"
    lines = [
        f"### `{schema.default_file}`",
        "",
        f"{_prose(schema.description)} Table key `{schema.key}`; {presence}"
        + (f"; one row per `{schema.id_column}`." if schema.id_column else "."),
        "",
        HEADER,
        RULE,
    ]
    lines += [_row(f"`{column.name}`", column) for column in schema.columns]
    lines += [_row(f"`{family.column.name}`", family.column, family=True)
              for family in schema.families]
    if schema.families:
        names = " and ".join(f"`{family.column.name}`" for family in schema.families)
        examples = ", ".join(f"`{_example(family.column.name)}`" for family in schema.families)
        verb = "each stand" if len(schema.families) > 1 else "stands"
        lines += [
            "",
            f"Column families: {names} {verb} for any number of columns, the prefix followed "
            f"by a name the instance chooses (e.g. {examples}).",
        ]
    return "\n".join(lines) + "\n"


def _example(family_name: str) -> str:
    """A concrete column name for a family, e.g. ``cap_land`` for ``cap_<resource>``."""
    return re.sub(r"<(\w+)>", lambda match: _EXAMPLE_NAMES.get(match[1], "x"), family_name)


def _row(name: str, column: Column, family: bool = False) -> str:
    kind = f"{column.kind} (family)" if family else column.kind
    cells = [name, kind, column.unit, _default(column), _allowed(column),
             _prose(column.description)]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _default(column: Column) -> str:
    """The default in words: what a blank cell or a missing column means."""
    if column.required:
        return "required"
    value = column.default
    if isinstance(value, str):
        return f"`{value}`" if value else "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return "none"
    if isinstance(value, float) and math.isinf(value):
        return "unlimited"
    if column.kind == "integer":
        return str(int(value))  # type: ignore[call-overload]
    return f"{value:g}"


def _allowed(column: Column) -> str:
    """The values a cell may take, in compact notation."""
    if column.kind == "choice":
        return ", ".join(f"`{choice}`" for choice in column.choices)
    if column.kind == "bool":
        return "`true`/`false` (also yes/no, 1/0)"
    if column.kind == "id":
        return "non-empty id"
    if column.kind == "ids":
        return "ids joined by `;`"
    if column.kind == "text":
        return "any text"
    noun = "whole number" if column.kind == "integer" else "number"
    bounds = column.bounds_text()
    return f"{noun} {bounds}" if bounds else f"any finite {noun}"


def _prose(text: str) -> str:
    return _PLACEHOLDER.sub(r"`\1`", text)


def replace_generated(document: str, tables: str) -> str:
    """``document`` with the text between the markers replaced by ``tables``."""
    start = document.index(BEGIN_MARKER) + len(BEGIN_MARKER)
    end = document.index(END_MARKER, start)
    return document[:start] + "\n" + tables + document[end:]


def generated_section(document: str) -> str:
    """The text between the markers of ``document`` (without the newline after BEGIN)."""
    start = document.index(BEGIN_MARKER) + len(BEGIN_MARKER)
    end = document.index(END_MARKER, start)
    return document[start:end].removeprefix("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hinterland.model.docs",
        description="Print the instance-format column tables generated from model/schema.py.",
    )
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="replace the generated tables between the markers in FILE")
    args = parser.parse_args(argv)
    tables = format_tables_markdown()
    if args.write is None:
        sys.stdout.write(tables)
        return 0
    document = args.write.read_text(encoding="utf-8")
    args.write.write_text(replace_generated(document, tables), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
