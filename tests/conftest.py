"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "instances" / "example"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A fresh copy of the example instance, free to be edited by the test."""
    target = tmp_path / "instance"
    shutil.copytree(EXAMPLE, target)
    return target
