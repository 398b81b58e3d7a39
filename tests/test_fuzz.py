"""Fuzz tests of the loader (Hypothesis, derandomised so CI is repeatable).

Each example copies a valid instance (``instances/example`` or a ``tests/micro`` folder) into a
temporary folder, breaks it at random (cells, headers, bytes, line endings, YAML keys and
documents, ``files:`` entries leading out of the folder) and loads it. The contract: loading
ends either in a located :class:`model.InstanceError` (every problem names its file, and a
problem about a cell names its line) or in an instance that builds and solves to a status.
Nothing else may escape. The command line's ``validate`` is run on some of the mutations: its
exit status is 0, 2 or 3 and it never prints a traceback.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hinterland.model import InstanceError, build_model, load_instance
from hinterland.model.scenarios import apply_scenarios
from hinterland.solvers.adapter.highs import SolverOptions
from hinterland.solvers.adapter.pipeline import run_instance
from hinterland.solvers.cli import main

REPO = Path(__file__).resolve().parents[1]
BASES = [REPO / "instances" / "example",
         *sorted(p for p in (REPO / "tests" / "micro").iterdir() if p.is_dir())]
EDIT_FAILS = (yaml.YAMLError, UnicodeDecodeError, AttributeError, TypeError)
MUTATE_FAILS = (UnicodeDecodeError, csv.Error, IndexError, ValueError)
QUICK = SolverOptions(log=False, time_limit=5)


def fuzz(examples: int) -> settings:
    """Repeatable settings for CI: fixed seed, no deadline, ``examples`` cases."""
    return settings(derandomize=True, deadline=None, max_examples=examples,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# --- values ----------------------------------------------------------------------------------

ODD_CELLS = [
    "", " ", "abc", "true", "false", "yes", "None", "null", "[]", "{}", "0x10", "1,5", "1 000",
    "1_000", "\uff11\uff12", "\u0661\u0662", "12km", "-1", "-0", "-1e-300", "0", "1", "0.5",
    "2", "1e308", "-1e308", "1e400", "-1e400", "9" * 400, "1e-400", "nan", "NaN", "-nan", "inf",
    "-inf", "Infinity", "中文", "東京",
    "😀", "👨‍👩‍👧", "\u202eevil", "\u200b", "1\u200b", "\ufeff1",
    "\u00a01\u00a0", "\x00", "a\"b", "'", "=1+1", "SC", "grain", "JJJ", "reserve", "backup",
    "integration", "JJJ;JJJ", ";", "JJJ;XXX", "\\", "../x",
]
cell_values = st.one_of(
    st.sampled_from(ODD_CELLS),
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
)
HEADER_NAMES = ["", "_line", "site_id", "item_id", "centre_id", "min_scal", "cap_land",
                "use_land", "base_ic", "cap-land", "comment", "demand", "lon", "km", "中文",
                "😀", "\u200b", "Site_ID"]
yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=6),
    st.sampled_from(["1e400", "1e9", "-1", "nan", ".inf", "中文", "😀", "\u200b", "x0.8"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.one_of(st.text(max_size=5), st.sampled_from(["min_share", "cost", "sites", "West"]),
                  st.integers(-3, 3)), inner, max_size=3),
    max_leaves=8,
)
YAML_KEYS = ["name", "description", "units", "horizon_years", "budget", "regions", "files",
             "solver", "weights", "progression", "budjet", "中文"]
YAML_TEXTS = [
    "", "---\n", "[1, 2]\n", "just text\n", "42\n", "{a: 1, a: 2}\n", "budget: 1e400\n",
    "budget: .nan\n", "budget: -.inf\n", "a: &x [*x]\n", "a: &x {b: 1}\nc: *x\n",
    "weights: &w {cost: 1}\nregions: {West: *w}\n", "budget: !!python/object/apply:os.system "
    "['echo pwned']\n", "!!python/object:collections.OrderedDict {}\n",
    "budget: !!binary aGVsbG8=\n", "? [a, b]\n: 1\n", "? {a: 1}\n: 2\n", "regions:\n  ? [W]\n"
    "  : {min_share: 0.1}\n", "budget: 100\n\tname: x\n", "name: [unclosed\n", "'\n",
    "%YAML 1.1\n--- \nbudget: 1\n", "--- 1\n--- 2\n", "files: {sites: ../sites.csv}\n",
    "files: {sites: /etc/passwd}\n", "files: {sites: 'C:\\\\x.csv'}\n",
    "files: {sites: sub/../sites.csv}\n", "files: {sites: ''}\n", "files: {sites: 5}\n",
    "files: {sites: [a]}\n", "files: [sites]\n", "progression:\n", "progression: {}\n",
    "progression: 0.5\n", "weights: {cost: 0}\n", "regions: {West: 1}\n", "solver: {mip_gap: 2}\n",
    "name: " + "a" * 5000 + "\n", "x: " + "[" * 60 + "]" * 60 + "\n",
]


# --- file helpers ----------------------------------------------------------------------------


def copy_base(base: Path, tmp: Path) -> Path:
    folder = tmp / "instance"
    shutil.copytree(base, folder)
    return folder


def csv_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv"))


def read_rows(path: Path) -> list[list[str]]:
    """The file's CSV rows; raises ValueError when it has no header to mutate."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    if not rows or not rows[0]:
        raise ValueError(f"{path.name} has no header")
    return rows


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


# --- the contract ----------------------------------------------------------------------------


def check_located(err: InstanceError) -> None:
    assert err.problems, "an InstanceError without problems"
    for problem in err.problems:
        assert problem.file, f"a problem without a file: {problem}"
        assert problem.expected, f"a problem without an expectation: {problem}"
        if problem.file.endswith(".csv") and (problem.row_id or (
                problem.column and problem.value not in ("missing column",))):
            assert problem.line is not None, f"a cell problem without a line: {problem}"
        str(problem)
    err.report()


def check_contract(folder: Path, *, solve: bool = True) -> str:
    """Load ``folder``; it must fail with located problems, or build and solve."""
    try:
        instance = load_instance(folder)
    except InstanceError as err:
        check_located(err)
        return "invalid"
    build_model(instance)
    if solve:
        run = run_instance(instance, QUICK)
        assert run.status is not None
    return "valid"


def check_cli(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["validate", str(folder)])
    captured = capsys.readouterr()
    assert code in (0, 2, 3), captured
    assert "Traceback" not in captured.out + captured.err


# --- mutations of CSV files ------------------------------------------------------------------

Mutation = Callable[[st.DrawFn, Path], None]


def set_cell(draw: st.DrawFn, path: Path) -> None:
    rows = read_rows(path)
    if len(rows) < 2 or not rows[0]:
        return
    r = draw(st.integers(1, len(rows) - 1))
    if not rows[r]:
        return
    c = draw(st.integers(0, len(rows[r]) - 1))
    rows[r][c] = draw(cell_values)
    write_rows(path, rows)


def duplicate_row(draw: st.DrawFn, path: Path) -> None:
    rows = read_rows(path)
    if len(rows) < 2:
        return
    r = draw(st.integers(1, len(rows) - 1))
    rows.insert(draw(st.integers(1, len(rows))), list(rows[r]))
    write_rows(path, rows)


def delete_row(draw: st.DrawFn, path: Path) -> None:
    rows = read_rows(path)
    del rows[draw(st.integers(0, len(rows) - 1))]
    write_rows(path, rows)


def drop_column(draw: st.DrawFn, path: Path) -> None:
    rows = read_rows(path)
    c = draw(st.integers(0, len(rows[0]) - 1))
    write_rows(path, [row[:c] + row[c + 1:] for row in rows])


def rename_column(draw: st.DrawFn, path: Path) -> None:
    rows = read_rows(path)
    c = draw(st.integers(0, len(rows[0]) - 1))
    rows[0][c] = draw(st.sampled_from(HEADER_NAMES + rows[0]) | st.text(max_size=6))
    write_rows(path, rows)


def duplicate_column(draw: st.DrawFn, path: Path) -> None:
    rows = read_rows(path)
    c = draw(st.integers(0, len(rows[0]) - 1))
    write_rows(path, [[*row, row[c]] if len(row) > c else row for row in rows])


def extra_column(draw: st.DrawFn, path: Path) -> None:
    rows = read_rows(path)
    name = draw(st.sampled_from(HEADER_NAMES) | st.text(max_size=6))
    rows[0].append(name)
    for row in rows[1:]:
        row.append(draw(cell_values))
    write_rows(path, rows)


def bytes_edit(draw: st.DrawFn, path: Path) -> None:
    data = path.read_bytes()
    kind = draw(st.sampled_from(["bom", "crlf", "cr", "trailing_comma", "quote", "truncate",
                                 "empty", "random", "insert", "latin1", "delete"]))
    if kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif kind == "cr":
        data = data.replace(b"\n", b"\r")
    elif kind == "trailing_comma":
        data = data.replace(b"\n", b",\n")
    elif kind == "quote":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b'"', b"'", b'""', b'"a"'])) + data[at:]
    elif kind == "truncate":
        data = data[:draw(st.integers(0, len(data)))]
    elif kind == "empty":
        data = draw(st.sampled_from([b"", b"\n", b"\n\n \n", b"\xef\xbb\xbf", b",,,\n"]))
    elif kind == "random":
        data = draw(st.binary(max_size=64))
    elif kind == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    elif kind == "latin1":
        data = data + "é\n".encode("latin-1")
    else:
        path.unlink()
        return
    path.write_bytes(data)


CSV_MUTATIONS: list[Mutation] = [set_cell, set_cell, set_cell, duplicate_row, delete_row,
                                 drop_column, rename_column, duplicate_column, extra_column,
                                 bytes_edit, bytes_edit]


@st.composite
def mutated_tables(draw: st.DrawFn) -> tuple[Path, list[tuple[str, Mutation]]]:
    base = draw(st.sampled_from(BASES))
    names = [p.name for p in csv_files(base)]
    steps = draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(CSV_MUTATIONS)),
                          min_size=1, max_size=3))
    return base, steps


def apply_steps(folder: Path, steps, draw) -> None:
    """Apply the drawn mutations to the files that still exist."""
    for name, mutate in steps:
        path = folder / name
        if path.exists():
            # An earlier step may have left bytes the helpers cannot parse: keep them.
            with contextlib.suppress(*MUTATE_FAILS):
                mutate(draw, path)


@fuzz(300)
@given(case=mutated_tables(), data=st.data())
def test_mutated_tables_fail_located_or_solve(case, data):
    base, steps = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_base(base, Path(tmp))
        apply_steps(folder, steps, data.draw)
        check_contract(folder)


@fuzz(60)
@given(value=cell_values, base=st.sampled_from(BASES), data=st.data())
def test_every_numeric_cell_of_one_column(value, base, data):
    """One odd value in a whole column at once (all rows break or none)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_base(base, Path(tmp))
        path = data.draw(st.sampled_from(csv_files(folder)))
        rows = read_rows(path)
        c = data.draw(st.integers(0, len(rows[0]) - 1))
        for row in rows[1:]:
            if len(row) > c:
                row[c] = value
        write_rows(path, rows)
        check_contract(folder)


# --- mutations of instance.yaml --------------------------------------------------------------


@st.composite
def yaml_documents(draw: st.DrawFn) -> Callable[[Path], None]:
    kind = draw(st.sampled_from(["key", "key", "nested", "text", "bytes", "append"]))
    if kind == "text":
        text = draw(st.sampled_from(YAML_TEXTS))
        return lambda path: path.write_text(text, encoding="utf-8")
    if kind == "bytes":
        edit = draw(st.sampled_from(["truncate", "random", "bom", "crlf", "latin1"]))
        cut = draw(st.floats(0, 1))
        noise = draw(st.binary(max_size=40))

        def edit_bytes(path: Path) -> None:
            data = path.read_bytes()
            data = {"truncate": data[:int(len(data) * cut)], "random": noise,
                    "bom": b"\xef\xbb\xbf" + data, "crlf": data.replace(b"\n", b"\r\n"),
                    "latin1": data + "name: é\n".encode("latin-1")}[edit]
            path.write_bytes(data)
        return edit_bytes
    if kind == "append":
        extra = draw(st.sampled_from(YAML_TEXTS))
        return lambda path: path.write_text(path.read_text(encoding="utf-8") + "\n" + extra,
                                            encoding="utf-8")
    key = draw(st.sampled_from(YAML_KEYS))
    value = draw(yaml_values)
    sub = draw(st.sampled_from(["min_share", "max_share", "target_share", "cost", "risk",
                                "min_base", "time_limit", "mip_gap", "sites", "items"]))
    delete = draw(st.booleans()) and kind == "key"

    def edit_key(path: Path) -> None:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if delete:
            doc.pop(key, None)
        elif kind == "nested":
            doc[key] = {sub: value} if key != "regions" else {"West": {sub: value}}
        else:
            doc[key] = value
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return edit_key


@fuzz(150)
@given(base=st.sampled_from(BASES), edits=st.lists(yaml_documents(), min_size=1, max_size=2))
def test_mutated_settings_fail_located_or_solve(base, edits):
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_base(base, Path(tmp))
        for edit in edits:
            # A previous edit may have left no mapping to edit by key: keep that file.
            with contextlib.suppress(*EDIT_FAILS):
                edit(folder / "instance.yaml")
        check_contract(folder)


def test_python_tags_are_refused_not_run(tmp_path):
    folder = copy_base(BASES[0], tmp_path)
    marker = tmp_path / "pwned"
    (folder / "instance.yaml").write_text(
        f"budget: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(InstanceError) as err:
        load_instance(folder)
    check_located(err.value)
    assert not marker.exists()
    (folder / "scenarios.yaml").write_text(
        f"s:\n  budget: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    (folder / "instance.yaml").write_text("name: x\n", encoding="utf-8")
    with pytest.raises(InstanceError):
        apply_scenarios(load_instance(folder), ["s"])
    assert not marker.exists()


# --- files: entries that lead out of the folder ---------------------------------------------

FILES_TARGETS = ["../outside.csv", "../instance/sites.csv", "ABSOLUTE", "LINK_OUT", "LINK_IN",
                 "LINK_DIR_OUT", "sub/../sites.csv", "./sites.csv", "sub/sites.csv",
                 "C:\\sites.csv", "\\\\server\\share\\x.csv", "missing.csv", "sub", "中文.csv",
                 " sites.csv ", "sites.csv\x00", "~/sites.csv", "$HOME/x.csv", "a" * 300, "LOOP",
                 "DEFAULT_LINK_OUT", "DEFAULT_LOOP"]


@fuzz(60)
@given(base=st.sampled_from(BASES), key=st.sampled_from(["sites", "items", "centres",
                                                         "distances", "synergies",
                                                         "current_layout"]),
       target=st.sampled_from(FILES_TARGETS))
def test_files_entries_stay_inside(base, key, target):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = copy_base(base, root)
        outside = root / "outside.csv"
        source = folder / f"{key}.csv"
        if source.exists():
            shutil.copy(source, outside)
        else:
            outside.write_text("site_id\n", encoding="utf-8")
        (folder / "sub").mkdir()
        if source.exists():
            shutil.copy(source, folder / "sub" / f"{key}.csv")
        (folder / "link_out.csv").symlink_to(outside)
        (folder / "link_in.csv").symlink_to(folder / "sub" / f"{key}.csv")
        (folder / "linkdir").symlink_to(root, target_is_directory=True)
        (folder / "loop.csv").symlink_to(folder / "loop.csv")
        default = folder / f"{key}.csv"
        if target.startswith("DEFAULT_"):
            default.unlink(missing_ok=True)
            default.symlink_to(outside if target == "DEFAULT_LINK_OUT" else default)
        name = {"ABSOLUTE": str(outside), "LINK_OUT": "link_out.csv", "LINK_IN": "link_in.csv",
                "LINK_DIR_OUT": "linkdir/outside.csv", "LOOP": "loop.csv",
                "DEFAULT_LINK_OUT": f"{key}.csv", "DEFAULT_LOOP": f"{key}.csv"}.get(target, target)
        name = name.replace("sites.csv", f"{key}.csv")
        settings_file = folder / "instance.yaml"
        doc = yaml.safe_load(settings_file.read_text(encoding="utf-8")) or {}
        if not target.startswith("DEFAULT_"):
            doc["files"] = {key: name}
        settings_file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        outcome = check_contract(folder, solve=False)
        if target in ("../outside.csv", "ABSOLUTE", "LINK_OUT", "LINK_DIR_OUT", "LOOP",
                      "DEFAULT_LINK_OUT", "DEFAULT_LOOP", "a" * 300, "sites.csv\x00"):
            assert outcome == "invalid"


# --- the command line ------------------------------------------------------------------------


@fuzz(60)
@given(case=mutated_tables(), edit=yaml_documents(), touch_yaml=st.booleans(), data=st.data())
def test_validate_exits_cleanly(case, edit, touch_yaml, data, capsys):
    base, steps = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_base(base, Path(tmp))
        apply_steps(folder, steps, data.draw)
        if touch_yaml:
            with contextlib.suppress(*EDIT_FAILS):
                edit(folder / "instance.yaml")
        check_cli(folder, capsys)


# --- scenarios.yaml --------------------------------------------------------------------------

SCENARIO_PATHS = ["budget", "horizon_years", "weights.cost", "weights.risk", "regions.West",
                  "regions.West.min_share", "regions.Nowhere.max_share", "items.grain.demand",
                  "items.grain.task", "items.nope.demand", "sites.SC.hazard", "sites.SC",
                  "exclude_sites", "exclude_provinces", "items", "中文", ""]


@fuzz(60)
@given(overrides=st.dictionaries(st.sampled_from(SCENARIO_PATHS),
                                 yaml_values | st.sampled_from(["x0.5", "x1e400", "x-1", "x",
                                                                ["SC"], ["Sichuan", 3]]),
                                 max_size=3),
       raw=st.sampled_from([None, *YAML_TEXTS[:12]]))
def test_scenarios_fail_located_or_apply(overrides, raw):
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_base(BASES[0], Path(tmp))
        text = raw if raw is not None else yaml.safe_dump({"s": overrides}, allow_unicode=True)
        (folder / "scenarios.yaml").write_text(text, encoding="utf-8")
        instance = load_instance(folder)
        try:
            changed = apply_scenarios(instance, ["s"])
        except InstanceError as err:
            check_located(err)
            return
        build_model(changed)


# --- regressions found by the fuzzing above --------------------------------------------------


@pytest.mark.parametrize("name", ["sites.csv\x00", "a" * 300])
def test_files_name_the_system_cannot_open_is_located(tmp_path, name):
    """A NUL byte (ValueError) or an over-long name (OSError) in ``files:`` used to escape."""
    folder = copy_base(BASES[0], tmp_path)
    settings_file = folder / "instance.yaml"
    doc = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    doc["files"] = {"sites": name}
    settings_file.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(InstanceError) as err:
        load_instance(folder)
    check_located(err.value)
    assert [p.column for p in err.value.problems] == ["files.sites"]
    assert err.value.problems[0].line is not None


@pytest.mark.parametrize("loop", [False, True])
def test_default_table_linked_outside_or_in_a_loop_is_located(tmp_path, loop):
    """sites.csv (not renamed) as a link out of the folder used to raise KeyError; a link
    loop, RuntimeError."""
    folder = copy_base(BASES[0], tmp_path)
    outside = tmp_path / "outside.csv"
    shutil.copy(folder / "sites.csv", outside)
    (folder / "sites.csv").unlink()
    (folder / "sites.csv").symlink_to(folder / "sites.csv" if loop else outside)
    with pytest.raises(InstanceError) as err:
        load_instance(folder)
    check_located(err.value)
    assert [p.file for p in err.value.problems] == ["sites.csv"]


@pytest.mark.parametrize("cell", ["1_000", "\uff11\uff12", "\u0661\u0662"])
def test_numbers_are_ascii_decimals(folder, cell):
    """``float`` takes digit-group underscores and non-ASCII digits; the format does not."""
    rows = read_rows(folder / "items.csv")
    rows[1][rows[0].index("demand")] = cell
    write_rows(folder / "items.csv", rows)
    with pytest.raises(InstanceError) as err:
        load_instance(folder)
    assert [(p.file, p.line, p.column, p.value) for p in err.value.problems] == [
        ("items.csv", 2, "demand", cell)]
