"""docs/tutorial.md runs as written: every Python block, in order, in one namespace, in a fresh
folder; the ``text`` block under a Python block is exactly what that block prints."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import matplotlib

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)


def blocks(text: str) -> list[tuple[str, str | None]]:
    """Each Python block with the text block right after it (None when there is none)."""
    fenced = [(m.group(1), m.group(2), m.start(), m.end()) for m in FENCE.finditer(text)]
    found = []
    for i, (language, code, _, end) in enumerate(fenced):
        if language != "python":
            continue
        after = fenced[i + 1] if i + 1 < len(fenced) else None
        follows = after is not None and after[0] == "text" and not text[end:after[2]].strip()
        found.append((code, after[1] if follows else None))
    return found


def test_the_tutorial_runs_and_prints_what_it_says(tmp_path: Path) -> None:
    matplotlib.use("Agg")
    steps = blocks(TUTORIAL.read_text(encoding="utf-8"))
    assert len(steps) >= 8 and all(expected is not None for _, expected in steps)
    namespace: dict = {"__name__": "tutorial"}
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        for number, (code, expected) in enumerate(steps, start=1):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(code, f"{TUTORIAL.name} block {number}", "exec"), namespace)
            assert printed.getvalue().rstrip() == expected.rstrip(), f"block {number}"
    finally:
        os.chdir(here)
    assert (tmp_path / "optimum.png").stat().st_size > 10_000
    assert (tmp_path / "results" / "provinces" / "report.html").is_file()


def test_the_block_reader_pairs_code_with_its_output() -> None:
    text = "```python\nprint(1)\n```\n\n```text\n1\n```\n\nprose\n\n```python\nx = 2\n```\n"
    assert blocks(text) == [("print(1)\n", "1\n"), ("x = 2\n", None)]
