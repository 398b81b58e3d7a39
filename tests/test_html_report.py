"""``hinterland report`` and ``--report``: a self-contained page, checked as text and in Chromium.

The content tests parse the HTML and hold it to the results folder it was made from: the
headline figures are summary.json's, every site of the instance is one path of the map,
every rule today's layout breaks is listed, the tables have a row per item, region and
site. The browser tests open the page in headless Chromium (skipped, saying why, where none
is installed; CI installs Debian's), assert that it loads with no console error and no
request beyond its own file, switch layers, point at a site, sort a table, and save
screenshots under ``tests/artifacts/`` (or ``$HINTERLAND_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from hinterland.model import load_instance
from hinterland.model.evaluation import evaluate
from hinterland.solvers.cli import main
from tests.browser import Chromium, find_chromium

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ROOT / "instances" / "china-provinces"
PREFECTURES = ROOT / "instances" / "china-prefectures"
EXAMPLE = ROOT / "instances" / "example"
ARTIFACTS = Path(os.environ.get("HINTERLAND_TEST_ARTIFACTS", ROOT / "tests" / "artifacts"))
#: The size a report of the 337 prefectures must stay under.
MAX_BYTES = 2_000_000


# --- reading a page ----------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of a report the tests check: elements, cards, tables and all text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.cards: dict[str, tuple[str, str | None]] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.chunks: list[str] = []
        self._card: str | None = None
        self._value: str | None = None
        self._in_value = False
        self._table: str | None = None
        self._in_body = False
        self._cell: list[str] | None = None
        self.feed(text)
        self.text = " ".join(self.chunks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.elements.append((tag, found))
        classes = found.get("class", "").split()
        if "card" in classes:
            self._card = found.get("data-key")
        elif "value" in classes and self._card is not None:
            self._in_value, self._value = True, found.get("data-value")
        elif tag == "table":
            self._table = found.get("id", f"table-{len(self.tables)}")
            self.tables[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body and self._table is not None:
            self.tables[self._table].append([])
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._in_value and self._card is not None:
            self.cards[self._card] = (data.strip(), self._value)
            self._in_value, self._card = False, None

    def all(self, tag: str, css: str | None = None) -> list[dict[str, str]]:
        return [a for t, a in self.elements
                if t == tag and (css is None or css in a.get("class", "").split())]


def read(folder: Path) -> Page:
    return Page((folder / "report.html").read_text(encoding="utf-8"))


def card_value(page: Page, key: str) -> float:
    _, exact = page.cards[key]
    assert exact is not None, f"card {key} carries no exact value"
    return float(exact)


# --- results made once per module ----------------------------------------------------------


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "solve"
    assert main(["solve", str(PROVINCES), "--out", str(out), "--quiet", "--report"]) == 0
    return out


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "compare"
    assert main(["compare", str(PROVINCES), "--out", str(out), "--quiet", "--report"]) == 0
    return out


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "sweep"
    assert main(["sweep", str(PROVINCES), "--param", "budget=x0.96,x1,x1.05", "--out",
                 str(out), "--report"]) == 0
    return out


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "pareto"
    assert main(["pareto", str(PROVINCES), "--objectives", "cost,risk", "--points", "4",
                 "--out", str(out), "--quiet", "--report"]) == 0
    return out


@pytest.fixture(scope="module")
def prefectures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "prefectures"
    assert main(["solve", str(PREFECTURES), "--out", str(out), "--quiet", "--report"]) == 0
    return out


# --- a solve -------------------------------------------------------------------------------


def test_solve_report_writes_the_page_and_the_static_map(solved: Path, capsys) -> None:
    assert (solved / "report.html").stat().st_size > 10_000
    png = (solved / "report_map.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert (solved / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_headline_is_summary_json(solved: Path) -> None:
    summary = json.loads((solved / "summary.json").read_text())
    page = read(solved)
    assert card_value(page, "objective") == summary["objective"]
    assert card_value(page, "cost") == summary["breakdown"]["cost"]
    assert page.cards["cost"][0] == f"{summary['breakdown']['cost']:,.2f}"
    assert card_value(page, "investment") == summary["breakdown"]["investment"]
    layout = pd.read_csv(solved / "layout.csv")
    hosted = layout[layout["hosting"] > 0]
    assert card_value(page, "sites") == hosted["site_id"].nunique()
    assert page.cards["status"][0] == summary["status"] == "optimal"


def test_every_site_is_one_path_of_the_map(solved: Path) -> None:
    page = read(solved)
    sites = [a["data-site"] for a in page.all("path", "site")]
    assert sorted(sites) == sorted(load_instance(PROVINCES).sites.index)
    layout = pd.read_csv(solved / "layout.csv")
    developed = set(layout.loc[layout["hosting"] > 0, "site_id"])
    # The map opens on the optimum: its developed sites are outlined and carry their items.
    outlined = {a["data-site"] for a in page.all("path", "developed")}
    assert outlined == developed
    markers = [a for a in page.all("circle", "marker")]
    assert len(markers) >= int((layout["hosting"] > 0).sum())


def test_every_rule_broken_today_is_listed(solved: Path) -> None:
    instance = load_instance(PROVINCES)
    today = evaluate(instance, instance.current_layout)
    page = read(solved)
    assert today.violations
    assert card_value(page, "today_violations") == len(today.violations)
    rows = page.tables["violations-1"]
    assert len(rows) == len(today.violations)
    listed = {row[4] for row in rows}
    for violation in today.violations:
        assert violation.message in listed
    assert "Optimum: no rule broken" in page.text


def test_item_region_and_site_tables_hold_the_measurements(solved: Path) -> None:
    instance = load_instance(PROVINCES)
    layout = pd.read_csv(solved / "layout.csv")
    measured = evaluate(instance, layout)
    page = read(solved)
    items = page.tables["items-0"]
    assert [row[0] for row in items] == list(measured.items["item_id"])
    capacity = dict(zip(measured.items["item_id"], measured.items["capacity"], strict=True))
    for row in items:
        assert float(row[4].replace(",", "")) == pytest.approx(capacity[row[0]], rel=1e-3)
    regions = page.tables["regions-0"]
    assert [row[0] for row in regions] == list(measured.regions["region"])
    sites = pd.read_csv(solved / "site_summary.csv")
    assert [row[0] for row in page.tables["sites-0"]] == list(sites["site_id"])
    assert len(page.tables["items-1"]) == len(instance.items)  # today's, behind the switch


def test_the_page_is_self_contained(solved: Path) -> None:
    text = (solved / "report.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text
    assert "http://" not in text and "https://" not in text
    page = read(solved)
    assert not page.all("link")
    assert all("src" not in attrs for tag, attrs in page.elements if tag in ("script", "img"))
    links = {a["href"] for a in page.all("a")}
    assert all(h.startswith("#") or h == "report_map.png" for h in links)


def test_report_remakes_the_same_page_from_the_folder(solved: Path, tmp_path: Path,
                                                      capsys) -> None:
    out = tmp_path / "again"
    assert main(["report", str(solved), "--out", str(out)]) == 0
    assert str(out / "report.html") in capsys.readouterr().out
    assert (out / "report.html").read_bytes() == (solved / "report.html").read_bytes()
    assert (out / "report_map.png").is_file()


def test_report_writes_into_a_results_folder_that_has_none(solved: Path, tmp_path: Path) -> None:
    copy = tmp_path / solved.name  # the page names its folder
    shutil.copytree(solved, copy, ignore=shutil.ignore_patterns("report*"))
    assert main(["report", str(copy)]) == 0
    assert (copy / "report.html").read_bytes() == (solved / "report.html").read_bytes()


def test_report_never_replaces_a_file(solved: Path, capsys) -> None:
    before = hashlib.sha256((solved / "report.html").read_bytes()).hexdigest()
    assert main(["report", str(solved)]) == 2
    error = capsys.readouterr().err
    assert "already holds report.html and report_map.png" in error
    assert hashlib.sha256((solved / "report.html").read_bytes()).hexdigest() == before


def _broken(kind: str, solved: Path, tmp_path: Path) -> list[str]:
    """The arguments of ``hinterland report`` for one kind of bad input."""
    copy = tmp_path / "results"
    if kind == "missing folder":
        return ["report", str(tmp_path / "nowhere")]
    if kind == "a file":
        (tmp_path / "file.txt").write_text("x")
        return ["report", str(tmp_path / "file.txt")]
    if kind == "not results":
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "notes.txt").write_text("mine")
        return ["report", str(tmp_path / "mine")]
    shutil.copytree(solved, copy, ignore=shutil.ignore_patterns("report*"))
    summary = json.loads((copy / "summary.json").read_text())
    if kind == "bad json":
        (copy / "summary.json").write_text("{not json")
    elif kind == "no layout":
        (copy / "layout.csv").unlink()
    elif kind == "instance gone":
        summary["instance"]["folder"] = str(tmp_path / "gone")
        (copy / "summary.json").write_text(json.dumps(summary))
    elif kind == "instance changed":
        shutil.copytree(PROVINCES, tmp_path / "instance")
        summary["instance"]["folder"] = str(tmp_path / "instance")
        (copy / "summary.json").write_text(json.dumps(summary))
        sites = tmp_path / "instance" / "sites.csv"
        sites.write_text(sites.read_text().replace(",0.2,", ",0.25,", 1))
    elif kind == "out not empty":
        (tmp_path / "taken").mkdir()
        (tmp_path / "taken" / "x").write_text("mine")
        return ["report", str(copy), "--out", str(tmp_path / "taken")]
    return ["report", str(copy)]


@pytest.mark.parametrize(("kind", "said"), [
    ("missing folder", "does not exist"),
    ("a file", "is a file"),
    ("not results", "holds no results of hinterland"),
    ("bad json", "cannot be read as JSON"),
    ("no layout", "layout.csv is missing"),
    ("instance gone", "pass --instance"),
    ("instance changed", "its files have changed"),
    ("out not empty", "already exists and is not empty"),
])
def test_bad_input_exits_2_with_a_clear_message(kind: str, said: str, solved: Path,
                                               tmp_path: Path, capsys) -> None:
    assert main(_broken(kind, solved, tmp_path)) == 2
    captured = capsys.readouterr()
    assert said in captured.err
    assert captured.err.startswith("hinterland: ")
    assert "Traceback" not in captured.err + captured.out
    assert not (tmp_path / "results" / "report.html").exists()


def test_text_from_the_instance_is_escaped(folder: Path, tmp_path: Path) -> None:
    sites = folder / "sites.csv"
    name = '<script>alert("x")</script> & 北京'
    quoted = '"' + name.replace('"', '""') + '"'  # a CSV field holding quotes
    sites.write_text(sites.read_text().replace("Sichuan (Chengdu)", quoted, 1),
                     encoding="utf-8")
    out = tmp_path / "run"
    assert main(["solve", str(folder), "--out", str(out), "--quiet", "--report"]) == 0
    text = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 北京" in text
    page = Page(text)
    assert any(name in a.get("data-tip-0", "") for a in page.all("path", "site"))
    # The example instance has points, not polygons: each site is still one path.
    assert len(page.all("path", "site")) == len(load_instance(folder).sites)


# --- a comparison, a sweep, a frontier, the prefectures ------------------------------------


def test_compare_report_sets_both_layouts_side_by_side(compared: Path) -> None:
    page = read(compared)
    buttons = [a for t, a in page.elements if t == "button" and "data-show" in a]
    assert len(buttons) == 2
    assert "Optimum" in page.text and "Today" in page.text
    changes = pd.read_csv(compared / "site_changes.csv")
    assert len(page.tables["changes"]) == len(changes)
    current = evaluate(load_instance(PROVINCES),
                       pd.read_csv(compared / "current_layout.csv"))
    assert len(page.tables["violations-1"]) == len(current.violations)


def test_a_comparison_with_a_given_layout_needs_its_instance(solved: Path, tmp_path: Path,
                                                             capsys) -> None:
    out = tmp_path / "given"
    assert main(["compare", str(PROVINCES), "--layout", str(solved), "--out", str(out),
                 "--quiet"]) == 0
    assert main(["report", str(out)]) == 2
    assert "pass --instance" in capsys.readouterr().err
    assert main(["report", str(out), "--instance", str(PROVINCES)]) == 0
    page = read(out)
    layout = pd.read_csv(solved / "layout.csv")
    cost = evaluate(load_instance(PROVINCES), layout).terms["cost"]
    assert card_value(page, "cost") == pytest.approx(cost, rel=1e-9)


def test_sweep_report_charts_every_run_and_maps_the_robust_core(swept: Path) -> None:
    page = read(swept)
    table = pd.read_csv(swept / "sweep.csv")
    points = page.all("circle", "point")
    assert len(points) == len(table)
    tips = " ".join(p["data-tip"] for p in points)
    for run in table["run"]:
        assert run in tips
    core = pd.read_csv(swept / "robust_core.csv", dtype={"site_id": str})
    assert len(page.tables["robust-core"]) == len(core)
    always = core[core["share"] >= 1.0]
    marked = [a for a in page.elements if a[0] == "g" and a[1].get("data-layers") == "0"]
    assert marked, "the robust core has its own layer of markers"
    assert card_value(page, "core") == len(always)
    assert len(page.all("path", "site")) == len(load_instance(PROVINCES).sites)


def test_frontier_report_charts_the_frontier_and_its_knee(traced: Path) -> None:
    page = read(traced)
    frontier = pd.read_csv(traced / "frontier.csv")
    assert len(page.all("circle", "frontier-point")) == len(frontier)
    knees = frontier.loc[frontier["knee"] == 1, "point"]
    assert len(page.all("circle", "knee")) == len(knees)
    if len(knees):
        assert card_value(page, "knee") == int(knees.iloc[0])
    assert card_value(page, "least_cost") == frontier["cost"].iloc[0]
    assert len(page.tables["points"]) == len(frontier)


def test_price_report_lists_every_price(tmp_path: Path) -> None:
    out = tmp_path / "price"
    micro = ROOT / "tests" / "micro" / "survival"
    assert main(["price", str(micro), "--out", str(out), "--quiet"]) == 0
    assert main(["report", str(out)]) == 0
    prices = pd.read_csv(out / "prices.csv")
    rows = read(out).tables["prices"]
    assert [row[0] for row in rows] == list(prices["item_id"])
    assert [row[1] for row in rows] == list(prices["rule"])


def test_prefectures_report_is_small_and_keeps_chinese_names(prefectures: Path) -> None:
    size = (prefectures / "report.html").stat().st_size
    assert size < MAX_BYTES, f"report.html is {size:,} bytes"
    page = read(prefectures)
    instance = load_instance(PREFECTURES)
    paths = page.all("path", "site")
    assert sorted(a["data-site"] for a in paths) == sorted(instance.sites.index)
    tips = " ".join(a.get("data-tip-0", "") for a in paths)
    assert "北京市" in tips
    for name in instance.sites["name"]:
        assert name in tips


# --- in a real browser ---------------------------------------------------------------------


CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("HINTERLAND_REQUIRE_BROWSER"),
    reason="no Chromium found (chromium, chromium-browser or google-chrome on the PATH, or "
           "$CHROMIUM); install it (Debian: apt-get install chromium) to test reports in a "
           "browser")


@pytest.fixture
def browser() -> Iterator[Chromium]:
    assert CHROMIUM is not None, "HINTERLAND_REQUIRE_BROWSER is set but Chromium is missing"
    with Chromium(CHROMIUM, width=1400, height=1000) as chromium:
        yield chromium


def _opened(browser: Chromium, folder: Path) -> None:
    browser.open((folder / "report.html").as_uri())
    assert browser.console_errors == []
    assert browser.load_failures == []
    own = (folder / "report.html").as_uri()
    assert [u for u in browser.requests if u != own] == [], "the page fetched something"


def _shown(browser: Chromium, selector: str) -> bool:
    return bool(browser.evaluate(
        f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
        "return !!e && e.getClientRects().length > 0; })()"))


@needs_chromium
def test_the_report_works_in_a_browser(solved: Path, browser: Chromium) -> None:
    _opened(browser, solved)
    assert browser.evaluate("document.querySelectorAll('svg.map path.site').length") == 31
    box = browser.evaluate("(() => { const r = document.getElementById('map')"
                           ".getBoundingClientRect(); return [r.width, r.height]; })()")
    assert box[0] > 600 and box[1] > 300
    rows = browser.evaluate("[...document.querySelectorAll('table')].filter("
                            "t => t.getClientRects().length).map(t => t.tBodies[0].rows.length)")
    assert len(rows) >= 5 and all(n > 0 for n in rows)
    browser.screenshot(ARTIFACTS / "report-solve.png")

    # Zhejiang holds crude oil today and nothing in the optimum: its fill changes.
    fill = "document.querySelector('path.site[data-site=\"ZJ\"]').getAttribute('fill')"
    optimum = browser.evaluate(fill)
    assert _shown(browser, "#items-0") and not _shown(browser, "#items-1")
    browser.click('button[data-show="1"]')
    assert browser.evaluate(fill) != optimum
    assert browser.evaluate("document.querySelector('button[data-show=\"1\"]')"
                            ".getAttribute('aria-pressed')") == "true"
    assert _shown(browser, "#items-1") and not _shown(browser, "#items-0")
    assert browser.evaluate("document.querySelector('path.site[data-site=\"ZJ\"]')"
                            ".classList.contains('developed')")
    browser.screenshot(ARTIFACTS / "report-solve-today.png")
    browser.click('button[data-show="0"]')
    assert browser.evaluate(fill) == optimum

    # Pointing at a site shows its name and numbers.
    x, y = browser.centre_of('path.site[data-site="XJ"]')
    browser.hover(x, y)
    tip = browser.evaluate("document.getElementById('tip').textContent")
    assert "Xinjiang" in tip and browser.evaluate(
        "getComputedStyle(document.getElementById('tip')).display") == "block"

    # A click on a header sorts the table by that column, again the other way.
    capacity = ("[...document.querySelectorAll('#items-0 tbody tr')]"
                ".map(r => parseFloat(r.cells[4].dataset.v))")
    browser.click("#items-0 th:nth-child(5) button")
    values = browser.evaluate(capacity)
    assert values == sorted(values)
    browser.click("#items-0 th:nth-child(5) button")
    assert browser.evaluate(capacity) == sorted(values, reverse=True)
    assert browser.console_errors == []


@needs_chromium
def test_sweep_and_frontier_reports_work_in_a_browser(swept: Path, traced: Path,
                                                      browser: Chromium) -> None:
    _opened(browser, swept)
    runs = len(pd.read_csv(swept / "sweep.csv"))
    assert browser.evaluate("document.querySelectorAll('svg.chart circle.point').length") == runs
    assert _shown(browser, "#map") and _shown(browser, "#robust-core")
    browser.screenshot(ARTIFACTS / "report-sweep.png")
    _opened(browser, traced)
    points = len(pd.read_csv(traced / "frontier.csv"))
    assert browser.evaluate("document.querySelectorAll('circle.frontier-point').length") \
        == points
    layers = browser.evaluate("document.querySelectorAll('button[data-show]').length")
    assert layers >= 2
    browser.click(f'button[data-show="{layers - 1}"]')
    assert browser.evaluate("document.body.getAttribute('data-layer')") == str(layers - 1)
    browser.screenshot(ARTIFACTS / "report-frontier.png")
    assert browser.console_errors == []


def _cjk_fonts() -> set[str]:
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True,
                                text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {name.strip() for line in listed.splitlines() for name in line.split(",")}


@needs_chromium
def test_chinese_site_names_render(prefectures: Path, browser: Chromium) -> None:
    fonts = _cjk_fonts()
    if not fonts:
        pytest.skip("no font with Chinese glyphs installed (Debian: apt-get install "
                    "fonts-wqy-microhei); names would show as boxes")
    _opened(browser, prefectures)
    browser.call("DOM.enable")
    browser.call("CSS.enable")
    root = browser.call("DOM.getDocument")["root"]["nodeId"]
    cell = browser.call("DOM.querySelector", {"nodeId": root,
                                              "selector": "#sites-0 tbody tr td:nth-child(2)"})
    used = browser.call("CSS.getPlatformFontsForNode", {"nodeId": cell["nodeId"]})["fonts"]
    assert used and all(f["familyName"] in fonts for f in used), used
    browser.evaluate("document.getElementById('sites-0').scrollIntoView()")
    browser.screenshot(ARTIFACTS / "report-prefectures-names.png")
    assert browser.console_errors == []
