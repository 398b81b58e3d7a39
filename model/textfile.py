"""Read an instance file as UTF-8 text, reporting what stops it as a located problem."""

from __future__ import annotations

from pathlib import Path

from hinterland.model.errors import Problem


def read_text(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    """The file's text (a leading BOM dropped), or None and the problem that prevents it."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(label, f"a readable file ({err.strerror or err})")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return None, [Problem(label, f"a UTF-8 text file ({err.reason} at byte {err.start})",
                              line=line, value=repr(data[err.start:err.end])[1:])]
