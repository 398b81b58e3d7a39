"""Read one CSV table of an instance and check it against its schema.

Cells are read as text and converted column by column, so that every bad cell can be reported
with its line and column (line 1 is the header). Blank cells take the column's default. The
result is a typed :class:`pandas.DataFrame` in file order, plus the list of problems found.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import Problem
from model.schema import Column, TableSchema

TRUE_WORDS = frozenset({"true", "yes", "1", "y", "t"})
FALSE_WORDS = frozenset({"false", "no", "0", "n", "f"})

#: Column added to every table: the 1-based line of the row in its file.
LINE = "_line"


def read_table(path: Path, schema: TableSchema, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse ``path`` against ``schema``; ``label`` names the file in messages."""
    problems: list[Problem] = []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return pd.DataFrame(), [Problem(label, f"a UTF-8 text file ({err.reason} at byte "
                                               f"{err.start})")]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # Skip lines that are wholly blank (trailing newlines, spacer rows).
    numbered = [(i + 1, row) for i, row in enumerate(rows) if any(c.strip() for c in row)]
    if not numbered:
        return pd.DataFrame(), [Problem(label, "a header line naming the columns")]
    header_line, header = numbered[0]
    header = [h.strip() for h in header]
    body = numbered[1:]

    problems += _check_header(header, header_line, schema, label)
    if problems:
        return pd.DataFrame(), problems

    width = len(header)
    for line, row in body:
        if len(row) != width:
            problems.append(Problem(label, f"{width} cells as in the header", line=line,
                                    value=f"{len(row)} cells"))
    if problems:
        return pd.DataFrame(), problems

    raw = pd.DataFrame([[c.strip() for c in row] for _, row in body], columns=header, dtype=object)
    lines = pd.Series([line for line, _ in body], dtype="int64")
    table = pd.DataFrame({LINE: lines})
    row_ids = _row_ids(raw, schema)
    for name in header:
        column = schema.column(name)
        if column is None:
            table[name] = raw[name].astype(str)
            continue
        values, bad = _convert(raw[name], column)
        table[name] = values
        problems += [
            Problem(label, column.expectation(), line=int(lines[i]), column=name,
                    value=str(raw[name].iloc[i]), row_id=row_ids[i])
            for i in bad
        ]
    for column in schema.columns:
        if column.name not in table.columns:
            table[column.name] = _default_series(column, len(table))
    return table, problems


def unknown_columns(header: list[str], schema: TableSchema) -> list[str]:
    """Columns the format does not define (kept as text, reported as a note, never an error)."""
    return [h for h in header if h != LINE and schema.column(h) is None]


def _check_header(header: list[str], line: int, schema: TableSchema, label: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in header:
        if not name:
            problems.append(Problem(label, "a name for every column", line=line, value=""))
        elif name in seen:
            problems.append(Problem(label, "each column once", line=line, column=name,
                                    value="duplicated column"))
        seen.add(name)
    for column in schema.columns:
        if column.required and column.name not in seen:
            problems.append(Problem(label, f"a column '{column.name}' ({column.description})",
                                    line=line, value="missing column"))
    return problems


def _row_ids(raw: pd.DataFrame, schema: TableSchema) -> list[str | None]:
    if schema.id_column and schema.id_column in raw.columns:
        return [f"{schema.id_column} {v}" if v else None for v in raw[schema.id_column]]
    return [None] * len(raw)


def _default_series(column: Column, length: int) -> pd.Series:
    if column.kind in ("number", "integer"):
        return pd.Series([float(column.default)] * length, dtype="float64")
    if column.kind == "bool":
        return pd.Series([bool(column.default)] * length, dtype=bool)
    return pd.Series([str(column.default)] * length, dtype=object)


def _convert(cells: pd.Series, column: Column) -> tuple[pd.Series, list[int]]:
    """Convert text cells to the column's type; return the values and the bad positions."""
    blank = (cells == "").to_numpy()
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
    if column.kind == "ids":
        return cells.astype(object), bad_blank
    if column.kind == "id":
        return cells.astype(object), bad_blank
    # text: blank takes the default (the caller fills names from ids)
    return cells.astype(object), []


def _convert_numbers(
    cells: pd.Series, blank: np.ndarray, column: Column, bad: list[int]
) -> tuple[pd.Series, list[int]]:
    numbers = pd.to_numeric(cells.where(~blank, None), errors="coerce").astype("float64")
    values = numbers.to_numpy(copy=True)
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
    if not column.required:
        values[blank] = float(column.default)  # type: ignore[arg-type]
    elif blank.any():
        values[blank] = math.nan
    bad_positions = sorted(set(bad) | set(np.flatnonzero(invalid)))
    return pd.Series(values, index=cells.index, dtype="float64"), bad_positions
