"""A report a planner can open: one self-contained HTML file per results folder.

``hinterland report RESULTS_DIR`` (and ``--report`` on solve, compare, sweep and pareto)
writes ``report.html`` and a static ``report_map.png`` (see docs/report.md). The page needs
nothing but itself: styles, script, map and charts are inline, and it fetches nothing.

A report never replaces a file: it is written into the results folder only when no
``report.html`` or ``report_map.png`` is there yet (``--out`` writes it to a new folder
instead), and each file appears whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hinterland.model import Instance
from hinterland.solvers.outputs.folders import check_output_dir, write_file, write_folder
from hinterland.solvers.outputs.html.results import (
    REPORT,
    REPORT_MAP,
    FrontierResults,
    ReportError,
    Results,
    SweepResults,
    read_results,
)

__all__ = ["REPORT", "REPORT_MAP", "ReportError", "build_report", "write_report"]


def build_report(results: Results) -> tuple[str, Callable[[Path], object] | None]:
    """The HTML of ``results`` and the writer of its static map (None: nothing to draw)."""
    from hinterland.solvers.outputs import (
        maps,  # matplotlib and geopandas load only when a report is made
    )
    from hinterland.solvers.outputs.html.frontier_page import frontier_layers, frontier_page
    from hinterland.solvers.outputs.html.plan_page import plan_page, read_plan
    from hinterland.solvers.outputs.html.shapes import site_shapes
    from hinterland.solvers.outputs.html.solve_page import layers, solve_page
    from hinterland.solvers.outputs.html.sweep_page import sweep_page

    shapes = site_shapes(results.instance)
    instance = results.instance
    if isinstance(results, SweepResults):
        page = sweep_page(results, shapes)
        drawn = ({f"Least regret ({results.best})": results.robust_layout}
                 if results.robust_layout is not None else {})
    elif isinstance(results, FrontierResults):
        page = frontier_page(results, shapes)
        drawn = {name: results.layouts[point] for name, point in
                 frontier_layers(results).items()}
    elif results.instance.periods:
        plan = read_plan(results)
        page = plan_page(results, shapes, plan)
        drawn = {layer.name: layer.layout for layer in plan.layers}
    else:
        shown = layers(results)
        page = solve_page(results, shapes, shown)
        drawn = {layer.name: layer.layout for layer in shown}
    if not drawn:
        return page.render(), None
    return page.render(), lambda path: maps.draw_comparison(instance, drawn, path)


def write_report(folder: Path, *, instance: Instance | Path | None = None,
                 out: Path | None = None) -> Path:
    """Write the report of the results in ``folder``; return the ``report.html`` written.

    ``instance``: the instance the results were made from, or its folder (default: the one
    the results record). ``out``: a new (or empty) folder for the report instead of the
    results folder. Raises :class:`ReportError` when the folder holds no results, misses
    files, or a report file is already there; ``OutputExistsError`` for an ``out`` folder
    that holds files.
    """
    folder = Path(folder)
    target = folder if out is None else Path(out)
    results = read_results(folder, instance)
    if out is None:
        taken = [name for name in (REPORT, REPORT_MAP) if (folder / name).exists()]
        if taken:
            raise ReportError(f"{folder} already holds {' and '.join(taken)}; a report never "
                              "replaces a file: remove it, or write the report elsewhere "
                              "with --out FOLDER")
    else:
        check_output_dir(target)  # before the drawing, as the solve commands do
    page, draw = build_report(results)
    files: dict[str, Callable[[Path], object]] = {
        REPORT: lambda path: path.write_text(page, encoding="utf-8")}
    if draw is not None:
        files[REPORT_MAP] = draw
    if out is not None:
        write_folder(target, files)
    else:
        for name, write in files.items():
            _write_new(target / name, write)
    return target / REPORT


def _write_new(target: Path, write: Callable[[Path], object]) -> None:
    """Write ``target`` whole or not at all, and never over a file that appeared meanwhile."""
    try:
        write_file(target, write, replace=False)
    except FileExistsError:
        raise ReportError(f"{target} appeared while the report was written; it was left as "
                          "it is") from None
