"""The docs cannot drift from the code.

* The column tables in ``docs/instance-format.md`` are exactly what :mod:`hinterland.model.docs`
  generates from the registry in :mod:`hinterland.model.schema`.
* Every constraint, variable and objective component of the model built from
  ``instances/example`` is named in ``docs/formulation.md``.
* The worked example in ``docs/instance-format.md`` loads, passes the checks before solving and
  solves to the layout the page describes.
* The documentation site builds, offline, with no warning: every page, and the API reference
  from the docstrings of every module (``sphinx-build -W``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyomo.environ as pyo

from hinterland import model
from hinterland.model.docs import (
    BEGIN_MARKER,
    END_MARKER,
    format_tables_markdown,
    generated_section,
)
from hinterland.model.prechecks import infeasibility_findings
from hinterland.solvers.adapter.highs import SolverOptions, SolveStatus
from hinterland.solvers.adapter.pipeline import run_instance

ROOT = Path(__file__).resolve().parents[1]
INSTANCE_FORMAT = ROOT / "docs" / "instance-format.md"
FORMULATION = ROOT / "docs" / "formulation.md"
EXAMPLE = ROOT / "instances" / "example"
MICRO = ROOT / "tests" / "micro"

#: A file of the worked example: ``<!-- file: NAME -->`` then a fenced code block.
EXAMPLE_FILE = re.compile(r"<!-- file: (?P<name>[\w.-]+) -->\n```\w*\n(?P<body>.*?)```", re.S)


def test_generated_tables_match_the_registry() -> None:
    document = INSTANCE_FORMAT.read_text(encoding="utf-8")
    assert document.count(BEGIN_MARKER) == 1 and document.count(END_MARKER) == 1
    assert generated_section(document) == format_tables_markdown(), (
        "docs/instance-format.md is out of step with model/schema.py; run "
        "`python -m hinterland.model.docs --write docs/instance-format.md` (or paste the output of "
        "`python -m hinterland.model.docs` between the markers)"
    )


def test_every_model_component_is_documented() -> None:
    text = FORMULATION.read_text(encoding="utf-8")
    names = [
        component.local_name
        for folder in (EXAMPLE, *(MICRO / name for name in (
            "plan_defer", "plan_budget", "commitment", "existing", "relocation",
            "plan_existing", "core_sites")))
        for kind in (pyo.Constraint, pyo.Var, pyo.Objective)
        for component in model.build_model(model.load_instance(folder)).component_objects(
            kind, descend_into=True)
    ]
    assert "capacity_link" in names
    missing = [name for name in names if f"`{name}`" not in text]
    assert not missing, (
        f"docs/formulation.md does not name these model components (in backticks): {missing}; "
        "document each family's math, module and component name there"
    )


def test_worked_example_loads_and_solves(tmp_path: Path) -> None:
    files = {
        match["name"]: match["body"]
        for match in EXAMPLE_FILE.finditer(INSTANCE_FORMAT.read_text(encoding="utf-8"))
    }
    assert set(files) == {"instance.yaml", "sites.csv", "items.csv", "centres.csv"}
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    instance = model.load_instance(tmp_path)
    assert instance.notes == ()
    assert infeasibility_findings(model.FormulationData.from_instance(instance)) == []
    run = run_instance(instance, SolverOptions(log=False))
    assert run.status == SolveStatus.OPTIMAL
    hosted = run.layout[run.layout["hosting"] > 0]
    assert set(zip(hosted["site_id"], hosted["item_id"], strict=True)) == {
        ("SN", "grain"), ("HB", "grain"), ("SC", "ic_backup"), ("SN", "ic_backup"),
    }


def test_every_violation_family_is_documented() -> None:
    source = (ROOT / "model" / "violations.py").read_text(encoding="utf-8")
    families = set(re.findall(r'Violation\(\s*"(\w+)"', source))
    assert len(families) >= 10
    documented = (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    assert [f for f in sorted(families) if f"`{f}`" not in documented] == []


def test_the_documentation_site_builds_without_a_warning(tmp_path: Path) -> None:
    # From a copy of docs/, so that the API reference's generated pages stay out of the tree.
    source = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", source, ignore=shutil.ignore_patterns("generated"))
    built = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(source), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    html = tmp_path / "html"
    pages = {p.stem for p in html.glob("*.html")}
    assert {"index", "tutorial", "api", "solver", "formulation", "reference"} <= pages
    assert 'id="hinterland.solve"' in (html / "api.html").read_text(encoding="utf-8")
    # The reference reaches every part of the package, down to the constraint families.
    reference = {p.stem for p in (html / "generated").glob("*.html")}
    assert {"hinterland.solvers.adapter.highs", "hinterland.solvers.studies.sweep",
            "hinterland.model.formulation.survival", "hinterland.solvers.cli"} <= reference
