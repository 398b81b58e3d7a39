"""hinterland installs as one package that lives beside anything a user has.

The folders ``model/`` and ``solvers/`` install as ``hinterland.model`` and
``hinterland.solvers`` (pyproject's package-dir mapping): no module may import a top-level
``model`` or ``solvers``, every package folder must be in the wheel's package list, and a user's
own ``model.py`` and ``solvers/`` package next to a script must not change what
``import hinterland`` loads.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MICRO = ROOT / "tests" / "micro"
#: Where each installed package's folder is in the repository.
FOLDERS = {"hinterland": ROOT / "hinterland", "hinterland.model": ROOT / "model",
           "hinterland.solvers": ROOT / "solvers", "hinterland.instances": ROOT / "instances"}


def python_files() -> list[Path]:
    """Every Python file of the project: the package, its tests, benchmarks and scripts."""
    folders = [*FOLDERS.values(), ROOT / "tests", ROOT / "benchmarks", ROOT / "scripts"]
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


def run_cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m hinterland ARGV`` in ``cwd``, as a user runs it, with no PYTHONPATH help."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "hinterland", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_bundled_instances_are_found_by_name_from_any_folder(tmp_path: Path) -> None:
    from hinterland.model import load_instance
    from hinterland.model.bundled import bundled_instances

    names = set(bundled_instances())
    assert {"china-provinces", "china-prefectures", "example", "orlib-cap41"} <= names
    listed = run_cli("instances", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert all(f"  {name} " in listed.stdout for name in names)
    here = Path.cwd()
    try:
        os.chdir(tmp_path)
        assert load_instance("example").folder == bundled_instances()["example"]
        # A folder of the user's own with that name wins over the bundled one.
        shutil.copytree(MICRO / "requirement", tmp_path / "example")
        assert load_instance("example").name == "requirement"
    finally:
        os.chdir(here)


def test_an_unknown_name_lists_the_bundled_instances(tmp_path: Path) -> None:
    done = run_cli("validate", "china-countries", cwd=tmp_path)
    assert done.returncode == 2
    assert "nor a bundled instance of that name: china-prefectures, china-provinces" in done.stderr
    assert "Traceback" not in done.stderr
    path = run_cli("validate", "./china-countries", cwd=tmp_path)
    assert path.returncode == 2 and "(no such folder)" in path.stderr


def test_every_instance_file_ships_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    patterns = config["setuptools"]["package-data"]["hinterland.instances"]
    left_out = [str(path.relative_to(ROOT)) for path in (ROOT / "instances").glob("*/*")
                if path.parent.name != "build" and path.name != "__pycache__"
                and not any(path.relative_to(ROOT / "instances").match(p) for p in patterns)]
    assert left_out == []


def test_the_version_comes_from_git_and_summary_json_records_it(tmp_path: Path) -> None:
    from importlib import metadata

    installed = metadata.version("hinterland")
    # setuptools-scm: a tag (1.2.3), or the commits since one (0.1.dev70+g1a2b3c4[.d20261204]).
    assert re.fullmatch(r"\d+(\.\d+)*(\.dev\d+)?(\+g[0-9a-f]{7,}(\.d\d{8})?)?", installed)
    assert installed != "0.1.0"  # the old fixed version, whatever the commit
    shown = run_cli("--version", cwd=tmp_path)
    assert shown.stdout.strip() == f"hinterland {installed}"
    done = run_cli("solve", str(MICRO / "requirement"), "--out", str(tmp_path / "run"),
                   "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    recorded = json.loads((tmp_path / "run" / "summary.json").read_text())["versions"]
    assert recorded["hinterland"] == installed
    if (ROOT / ".git").exists():  # run from this checkout: the commit it runs
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        assert recorded["hinterland_source"].removeprefix("git ")[:12] == head[:12]


def test_the_wheel_holds_one_package_with_its_instances(tmp_path: Path) -> None:
    # Built from a copy of the files git knows, so the checkout gets no build/ folder.
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, text=True, check=True)
    source = tmp_path / "source"
    for name in listed.stdout.splitlines():
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                            str(source), "-w", str(tmp_path / "dist")], capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("hinterland-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(
        ".dist-info")}
    assert tops == {"hinterland"}
    for needed in ("hinterland/py.typed", "hinterland/model/__init__.py",
                   "hinterland/solvers/adapter/highs.py",
                   "hinterland/instances/china-provinces/instance.yaml",
                   "hinterland/instances/china-prefectures/sites.gpkg"):
        assert needed in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert not any(name.startswith("hinterland/instances/build/") for name in names)
