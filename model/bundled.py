"""The instances that ship with hinterland, found by name as well as by path.

They are installed as package data of ``hinterland.instances`` (the repository's
``instances/`` folder), so ``hinterland solve china-prefectures`` works from a wheel in any
folder. A name is looked up only when no folder of that name exists where the user stands:
what a user has is never shadowed by what ships.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

#: The file that makes a folder an instance.
INSTANCE_FILE = "instance.yaml"


def bundled_root() -> Path:
    """The folder holding the bundled instances."""
    return Path(str(resources.files("hinterland.instances")))


def bundled_instances() -> dict[str, Path]:
    """Every bundled instance by name (its folder's name), in name order."""
    root = bundled_root()
    return {folder.name: folder for folder in sorted(root.iterdir())
            if (folder / INSTANCE_FILE).is_file()}


def instance_folder(path: str | Path) -> Path:
    """``path`` itself when it exists; else the bundled instance of that name, if any.

    A name is a bare folder name (``china-prefectures``), never a path with separators, so a
    mistyped path is reported as the path the user wrote.
    """
    folder = Path(path)
    if folder.exists() or not is_name(path):
        return folder
    return bundled_instances().get(str(path), folder)


def is_name(path: str | Path) -> bool:
    """True for a bare name (``china-prefectures``), false for a path (``./x``, ``a/b``)."""
    return Path(path).name == str(path)


def describe(folder: Path, width: int = 88) -> str:
    """An instance's ``description`` cut to ``width`` characters at a word, for listings."""
    try:
        settings = yaml.safe_load((folder / INSTANCE_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ""
    text = " ".join(str(settings.get("description", "")).split()) if isinstance(
        settings, dict) else ""
    if len(text) <= width:
        return text
    return text[:width - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."
