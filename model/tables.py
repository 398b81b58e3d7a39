"""Read one CSV table of an instance and check it against its schema.

Cells are read as text and converted column by column, so that every bad cell can be reported
with its line and column (line 1 is the header; a quoted cell spanning lines counts them all).
Blank cells take the column's default. The result is a typed :class:`pandas.DataFrame` in file
order, plus the list of problems found. A problem in one row or column does not stop the others
from being checked: rows with the wrong number of cells are reported and left out, a missing
required column is reported and left blank.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

from hinterland.model.errors import Problem
from hinterland.model.schema import Column, TableSchema
from hinterland.model.settings import NUMBER_TEXT
from hinterland.model.textfile import read_text

TRUE_WORDS = frozenset({"true", "yes", "1", "y", "t"})
FALSE_WORDS = frozenset({"false", "no", "0", "n", "f"})

#: Column added to every table: the 1-based line of the row in its file.
LINE = "_line"

#: A row of a CSV file with the line it starts on.
Numbered = tuple[int, list[str]]


def read_table(path: Path, schema: TableSchema, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse ``path`` against ``schema``; ``label`` names the file in messages.

    The table is empty (no columns) when the file cannot be read or its header is unusable.
    """
    rows, problems = _read_rows(path, label)
    if rows is None:
        return pd.DataFrame(), problems
    # Skip lines that are wholly blank (trailing newlines, spacer rows).
    numbered = [(line, row) for line, row in rows if any(c.strip() for c in row)]
    if not numbered:
        return pd.DataFrame(), [Problem(label, "a header line naming the columns",
                                        value="empty file")]
    header_line, header = numbered[0]
    header = [h.strip() for h in header]
    problems = _check_header(header, header_line, schema, label)
    if not _usable_header(header):
        return pd.DataFrame(), problems
    body, ragged = _split_ragged(numbered[1:], len(header), label)
    table, bad_cells = _typed_table(header, body, schema, label)
    return table, problems + sorted(ragged + bad_cells, key=lambda p: p.line or 0)


def unknown_columns(header: list[str], schema: TableSchema) -> list[str]:
    """Columns the format does not define (kept as text and reported as a note).

    A near miss of an optional column of the format is an error instead, see ``_check_header``.
    """
    return [h for h in header if h != LINE and schema.column(h) is None]


def _read_rows(path: Path, label: str) -> tuple[list[Numbered] | None, list[Problem]]:
    """The file's CSV records, each with the line it starts on; None if it cannot be read."""
    text, problems = read_text(path, label)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Numbered] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as err:
        reason = str(err)
        if reason == "unexpected end of data":
            reason = "a quoted cell starting on this line is never closed"
        return None, [Problem(label, f"well-formed CSV ({reason})", line=start)]
    return rows, []


def _check_header(header: list[str], line: int, schema: TableSchema, label: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in header:
        if not name:
            problems.append(Problem(label, "a name for every column", line=line, value=""))
        elif name == LINE:
            problems.append(Problem(label, f"a column name other than {LINE} (reserved)",
                                    line=line, column=name, value=name))
        elif name in seen:
            problems.append(Problem(label, "each column once", line=line, column=name,
                                    value="duplicated column"))
        seen.add(name)
    unknown = unknown_columns(header, schema)
    for column in schema.columns:
        if column.required and column.name not in seen:
            near = difflib.get_close_matches(column.name, unknown, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            problems.append(Problem(label, f"a column '{column.name}' ({column.description}"
                                    f"{hint})", line=line, column=column.name,
                                    value="missing column"))
        elif not column.required and column.name not in seen:
            # An optional column may be left out, so a misspelt one would silently fall back
            # to its default. A near miss of an absent optional column is refused instead.
            near = difflib.get_close_matches(column.name, unknown, n=1, cutoff=0.85)
            if near:
                problems.append(Problem(label, f"'{column.name}' (a column name of the format; "
                                        "rename it, or give the column a name that is not a "
                                        "near miss)", line=line, column=near[0],
                                        value="unknown column"))
    return problems


def _usable_header(header: list[str]) -> bool:
    """Whether the header names every column once, so cells can be read by column name."""
    return all(header) and LINE not in header and len(set(header)) == len(header)


def _split_ragged(body: list[Numbered], width: int,
                  label: str) -> tuple[list[Numbered], list[Problem]]:
    """Keep the rows with as many cells as the header; report the others."""
    kept, problems = [], []
    for line, row in body:
        if len(row) == width:
            kept.append((line, row))
        else:
            problems.append(Problem(label, f"{width} cells as in the header", line=line,
                                    value=f"{len(row)} cells"))
    return kept, problems


def _typed_table(header: list[str], body: list[Numbered], schema: TableSchema,
                 label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert the text cells column by column; fill columns the file leaves out."""
    raw = pd.DataFrame([[c.strip() for c in row] for _, row in body], columns=header,
                       dtype=object)
    lines = pd.Series([line for line, _ in body], dtype="int64")
    table = pd.DataFrame({LINE: lines})
    row_ids = _row_ids(raw, schema)
    problems: list[Problem] = []
    for name in header:
        column = schema.column(name)
        if column is None:
            table[name] = raw[name].astype(object)
            continue
        values, bad = _convert(raw[name], column)
        table[name] = values
        problems += [
            Problem(label, column.expectation(), line=int(lines[i]), column=name,
                    value=str(raw[name].iloc[i]), row_id=row_ids[i])
            for i in bad
        ]
    for column in schema.columns:
        if column.name not in table.columns and not column.required:
            table[column.name] = _default_series(column, len(table))
    return table, problems


def _row_ids(raw: pd.DataFrame, schema: TableSchema) -> list[str | None]:
    if schema.id_column and schema.id_column in raw.columns:
        return [f"{schema.id_column} {v}" if v else None for v in raw[schema.id_column]]
    return [None] * len(raw)


def _default_series(column: Column, length: int) -> pd.Series:
    """The default of an optional column, in every row."""
    if column.kind in ("number", "integer"):
        whole = column.kind == "integer" and np.isfinite(float(column.default))  # type: ignore[arg-type]
        dtype = "int64" if whole else "float64"
        return pd.Series([column.default] * length, dtype=dtype)
    if column.kind == "bool":
        return pd.Series([bool(column.default)] * length, dtype=bool)
    return pd.Series([str(column.default)] * length, dtype=object)


def _convert(cells: pd.Series, column: Column) -> tuple[pd.Series, list[int]]:
    """Convert text cells to the column's type; return the values and the bad positions."""
    blank = (cells == "").to_numpy(dtype=bool)
    needs_value = column.required and column.kind != "text"
    bad_blank = list(np.flatnonzero(blank)) if needs_value else []
    if column.kind in ("number", "integer"):
        return _convert_numbers(cells, blank, column, bad_blank)
    if column.kind == "bool":
        lowered = cells.str.lower()
        values = lowered.isin(TRUE_WORDS)
        invalid = ~(lowered.isin(TRUE_WORDS) | lowered.isin(FALSE_WORDS)) & ~blank
        if not column.required:
            values = values.where(~blank, bool(column.default))
        return values.astype(bool), sorted(set(bad_blank) | set(np.flatnonzero(invalid)))
    if column.kind == "choice":
        invalid = ~cells.isin(column.choices) & ~blank
        return cells.astype(object), sorted(set(bad_blank) | set(np.flatnonzero(invalid)))
    if column.kind in ("id", "ids"):
        return cells.astype(object), bad_blank
    # text: blank takes the default (the caller fills names from ids)
    return cells.astype(object), []


def _convert_numbers(
    cells: pd.Series, blank: np.ndarray, column: Column, bad: list[int]
) -> tuple[pd.Series, list[int]]:
    """Numbers must be finite and within the column's bounds; integers must be whole."""
    values = np.array([_parse_float(c) for c in cells], dtype="float64")
    invalid = ~blank & ~np.isfinite(values)
    if column.kind == "integer":
        invalid |= ~blank & np.isfinite(values) & (np.floor(values) != values)
    with np.errstate(invalid="ignore"):
        if column.minimum is not None:
            low = column.minimum
            below = values <= low if column.exclusive_minimum else values < low
            invalid |= ~blank & below
        if column.maximum is not None:
            invalid |= ~blank & (values > column.maximum)
    values[blank] = math.nan if column.required else float(column.default)  # type: ignore[arg-type]
    bad_positions = sorted(set(bad) | set(np.flatnonzero(invalid)))
    series = pd.Series(values, index=cells.index, dtype="float64")
    if column.kind == "integer" and not bad_positions and np.isfinite(values).all():
        series = series.astype("int64")
    return series, bad_positions


def _parse_float(cell: str) -> float:
    """A cell as a float; NaN when blank or not a number (the caller tells them apart).

    Only ASCII decimal numbers are numbers: Python's ``float`` would also take ``1_000``,
    full-width or Arabic-Indic digits, which the format refuses.
    """
    if not NUMBER_TEXT.fullmatch(cell):
        return math.nan
    try:
        return float(cell)
    except ValueError:
        return math.nan
