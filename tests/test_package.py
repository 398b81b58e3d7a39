"""hinterland installs as one package that lives beside anything a user has.

The folders ``model/`` and ``solvers/`` install as ``hinterland.model`` and
``hinterland.solvers`` (pyproject's package-dir mapping): no module may import a top-level
``model`` or ``solvers``, every package folder must be in the wheel's package list, and a user's
own ``model.py`` and ``solvers/`` package next to a script must not change what
``import hinterland`` loads.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MICRO = ROOT / "tests" / "micro"
#: Where each installed package's folder is in the repository.
FOLDERS = {"hinterland": ROOT / "hinterland", "hinterland.model": ROOT / "model",
           "hinterland.solvers": ROOT / "solvers"}


def python_files() -> list[Path]:
    """Every Python file of the project: the package, its tests, benchmarks and scripts."""
    folders = [*FOLDERS.values(), ROOT / "tests", ROOT / "benchmarks", ROOT / "scripts",
               ROOT / "instances"]
    return sorted(path for folder in folders for path in folder.rglob("*.py"))


def test_nothing_imports_a_top_level_model_or_solvers() -> None:
    offenders = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in names
                          if name.split(".")[0] in ("model", "solvers")]
    assert offenders == []


def test_every_package_folder_is_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    mapping = config["setuptools"]["package-dir"]
    assert {name: ROOT / folder for name, folder in mapping.items()} == FOLDERS
    found = set()
    for name, folder in FOLDERS.items():
        for init in folder.rglob("__init__.py"):
            parts = init.parent.relative_to(folder).parts
            found.add(".".join((name, *parts)))
    assert listed == found


def test_a_users_model_and_solvers_do_not_shadow_hinterland(tmp_path: Path) -> None:
    # A notebook folder with its own model.py and solvers/ package: both would win over a
    # top-level `model` or `solvers` of ours, since the script's folder comes first on sys.path.
    (tmp_path / "model.py").write_text("raise ImportError('the user model.py was imported')\n")
    (tmp_path / "solvers").mkdir()
    (tmp_path / "solvers" / "__init__.py").write_text(
        "raise ImportError('the user solvers package was imported')\n")
    script = tmp_path / "notebook.py"
    script.write_text(
        "import sys\n"
        "import hinterland as hl\n"
        f"result = hl.solve(hl.load_instance({str(MICRO / 'requirement')!r}))\n"
        "print(result.status, result.objective)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    # 30 is requirement's optimum, derived in its instance.yaml.
    assert done.stdout.split()[-2:] == ["optimal", "30.0"]
    cli = subprocess.run([sys.executable, "-m", "hinterland", "solve", str(MICRO / "requirement"),
                          "--out", str(tmp_path / "out"), "--quiet"], cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert (tmp_path / "out" / "layout.csv").is_file()
