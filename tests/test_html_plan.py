"""The report of a plan over periods, checked against its folder and in Chromium.

A plan's page has a layer per period (and today's), each measured as ``hinterland evaluate``
measures the period: :func:`hinterland.model.evaluation.evaluate` against
:func:`hinterland.model.periods.period_view`. The content tests hold the page to the folder
(headline from summary.json, schedule from plan.csv, tables from the layout of each period, the
plan's own rules from :func:`hinterland.model.plan_evaluation.evaluate_plan`); the browser test
opens the two_plans report of the provinces and switches between its layers.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from hinterland.model import load_instance
from hinterland.model.evaluation import evaluate, site_summary
from hinterland.model.periods import period_view, split_layout
from hinterland.model.plan_evaluation import evaluate_plan
from hinterland.model.scenarios import apply_scenarios
from hinterland.solvers.cli import main
from tests.browser import Chromium
from tests.test_html_report import (
    ARTIFACTS,
    CHROMIUM,
    EXAMPLE,
    PROVINCES,
    _opened,
    _shown,
    card_value,
    needs_chromium,
    read,
)
from tests.test_micro import MICRO


def _solve(out: Path, *args: str) -> Path:
    assert main(["solve", *args, "--out", str(out), "--quiet", "--report"]) == 0
    return out


def _number(cell: str) -> float:
    return float(cell.replace(",", ""))


@pytest.fixture(scope="module")
def budget(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/micro/plan_budget solved, with its report: P1 adds 22.5, P2 its budget of 6."""
    return _solve(tmp_path_factory.mktemp("plan") / "budget", str(MICRO / "plan_budget"))


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The provinces under the 15th and 16th Five-Year Plans, with today's layout."""
    return _solve(tmp_path_factory.mktemp("plan") / "two_plans", str(PROVINCES),
                  "--scenario", "two_plans")


@pytest.fixture(scope="module")
def existing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/micro/plan_existing compared with today's layout."""
    out = tmp_path_factory.mktemp("plan") / "compare"
    assert main(["compare", str(MICRO / "plan_existing"), "--out", str(out), "--quiet",
                 "--report"]) == 0
    return out


# --- content -------------------------------------------------------------------------------


def test_the_headline_is_summary_json_with_each_period(budget: Path) -> None:
    summary = json.loads((budget / "summary.json").read_text())
    page = read(budget)
    assert card_value(page, "objective") == summary["objective"] == pytest.approx(122)
    assert card_value(page, "cost") == summary["breakdown"]["cost"]
    assert card_value(page, "investment") == summary["breakdown"]["investment"]
    plan = pd.read_csv(budget / "plan.csv")
    for row in plan.itertuples():
        assert card_value(page, f"period:{row.period}") == row.added_investment
    assert "P1, 2026-2030" in page.text and "P2, 2031-2035" in page.text
    assert "budget 25.00" in page.text and "budget 6.00" in page.text
    assert card_value(page, "violations") == 0


def test_the_schedule_is_plan_csv(budget: Path) -> None:
    plan = pd.read_csv(budget / "plan.csv")
    page = read(budget)
    rows = page.tables["schedule"]
    assert [row[0] for row in rows] == list(plan["period"])
    added = [_number(row[5]) for row in rows]
    assert added == list(plan["added_investment"]) == [22.5, 6]
    assert [_number(row[4]) for row in rows] == list(plan["investment"])
    assert [_number(row[6]) for row in rows] == list(plan["budget"])
    assert [_number(row[-1]) for row in rows] == pytest.approx(list(plan["cost"]), abs=0.005)
    # The chart: one bar per period, its tooltip naming the added investment and the budget.
    bars = page.all("rect", "bar")
    assert len(bars) == len(plan)
    assert "investment added 22.50" in bars[0]["data-tip"] and "budget 25.00" in bars[0][
        "data-tip"]
    assert "investment added 6.00" in bars[1]["data-tip"] and "budget 6.00" in bars[1][
        "data-tip"]


def test_a_layer_per_period_each_measured_as_evaluate_measures_it(two_plans: Path) -> None:
    instance = apply_scenarios(load_instance(PROVINCES), ["two_plans"])
    page = read(two_plans)
    names = [p.name for p in instance.periods]
    assert names == ["15th-FYP", "16th-FYP"]
    buttons = [a["data-show"] for t, a in page.elements if t == "button" and "data-show" in a]
    assert buttons == ["0", "1", "2"]
    assert "Show 15th-FYP 16th-FYP Today" in " ".join(page.text.split())
    paths = page.all("path", "site")
    assert len(paths) == len(instance.sites)
    assert all(f"data-fill-{k}" in a for a in paths for k in range(3))
    assert any(a["data-fill-0"] != a["data-fill-1"] for a in paths)
    for k, name in enumerate([*names, "Today"]):
        assert all(f"\n{name}: " in a[f"data-tip-{k}"] for a in paths)

    layout = pd.read_csv(two_plans / "layout.csv")
    sites = pd.read_csv(two_plans / "site_summary.csv")
    for k, (name, rows) in enumerate(split_layout(instance, layout).items()):
        view = period_view(instance, name)
        measured = evaluate(view, rows)
        items = page.tables[f"items-{k}"]
        assert [row[0] for row in items] == list(measured.items["item_id"])
        for row, demand, capacity in zip(items, measured.items["demand"],
                                         measured.items["capacity"], strict=True):
            assert _number(row[3]) == pytest.approx(demand, rel=1e-3)
            assert _number(row[4]) == pytest.approx(capacity, rel=1e-3)
        listed = [row[0] for row in page.tables[f"sites-{k}"]]
        assert listed == list(sites.loc[sites["period"] == name, "site_id"])
        assert listed == list(site_summary(view, rows)["site_id"])
        assert f"{name}: no rule broken" in page.text and not measured.violations
    # Today's layout, measured against the last period.
    today = evaluate(period_view(instance, names[-1]), instance.current_layout.drop(
        columns="period"))
    assert card_value(page, "today_violations") == len(today.violations) > 0
    assert len(page.tables["violations-2"]) == len(today.violations)


def test_the_plan_own_rules_are_listed(budget: Path, tmp_path: Path) -> None:
    copy = tmp_path / "broken"
    shutil.copytree(budget, copy, ignore=shutil.ignore_patterns("report*"))
    layout = pd.read_csv(copy / "layout.csv")
    fell = (layout["period"] == "P2") & (layout["site_id"] == "A")
    layout.loc[fell, "capacity"] = 5.0  # 6 stand at A in P1: capacity falls
    layout.to_csv(copy / "layout.csv", index=False)
    assert main(["report", str(copy)]) == 0
    page = read(copy)
    plan = evaluate_plan(load_instance(MICRO / "plan_budget"), layout)
    own = [v for v in plan.violations if v.family == "continuity"]
    assert len(own) == 1
    rows = page.tables["violations-plan"]
    assert [(row[0], row[4]) for row in rows] == [("continuity", own[0].message)]
    assert card_value(page, "violations") == len(plan.violations) > len(own)
    assert "The plan: 1 of its own rules broken" in page.text


def test_a_compared_plan_shows_today_and_the_changes_per_period(existing: Path) -> None:
    page = read(existing)
    assert "Show P1 P2 Today" in " ".join(page.text.split())
    changes = pd.read_csv(existing / "site_changes.csv")
    for k, name in enumerate(["P1", "P2"]):
        rows = page.tables[f"changes-{k}"]
        expected = changes[changes["period"] == name]
        assert [(row[0], _number(row[4]), _number(row[5])) for row in rows] == list(
            zip(expected["site_id"], expected["current"], expected["optimal"], strict=True))
    # The last period's changes show with today's layer too.
    boxes = [a for t, a in page.elements if t == "div" and "tablebox" in a.get("class", "")]
    assert any(a.get("data-layers") == "1 2" for a in boxes)
    instance = load_instance(MICRO / "plan_existing")
    today = evaluate(period_view(instance, "P2"), pd.read_csv(existing / "current_layout.csv"))
    assert card_value(page, "today_violations") == len(today.violations) == 2


def test_a_plan_report_is_made_again_byte_for_byte(budget: Path, tmp_path: Path) -> None:
    assert main(["report", str(budget), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "report.html").read_bytes() == \
        (budget / "report.html").read_bytes()
    assert (budget / "report_map.png").read_bytes().startswith(b"\x89PNG")


def test_a_single_period_page_has_no_plan_parts(tmp_path: Path) -> None:
    page = read(_solve(tmp_path / "example", str(EXAMPLE)))
    assert not [a for _, a in page.elements if a.get("id") in ("schedule", "chart-budget")]
    assert not any(key.startswith("period:") for key in page.cards)


def test_a_plan_sweep_is_refused_with_the_reason(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sweep"
    assert main(["sweep", str(MICRO / "plan_budget"), "--param", "weights.risk=0,1",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["report", str(out)]) == 2
    assert "not yet its sweeps" in capsys.readouterr().err


# --- in a real browser ---------------------------------------------------------------------


@pytest.fixture
def browser() -> Iterator[Chromium]:
    assert CHROMIUM is not None, "HINTERLAND_REQUIRE_BROWSER is set but Chromium is missing"
    with Chromium(CHROMIUM, width=1400, height=1000) as chromium:
        yield chromium


@needs_chromium
def test_the_plan_report_works_in_a_browser(two_plans: Path, browser: Chromium) -> None:
    _opened(browser, two_plans)
    assert browser.evaluate("[...document.querySelectorAll('button[data-show]')]"
                            ".map(b => b.textContent)") == ["15th-FYP", "16th-FYP", "Today"]
    assert _shown(browser, "#map") and _shown(browser, "#schedule")
    assert browser.evaluate("document.querySelectorAll('#chart-budget rect.bar').length") == 2
    browser.screenshot(ARTIFACTS / "report-plan.png")

    # A site whose investment differs between the periods changes colour with the switch.
    site = browser.evaluate("[...document.querySelectorAll('path.site')].find(p => "
                            "p.getAttribute('data-fill-0') !== p.getAttribute('data-fill-1'))"
                            ".getAttribute('data-site')")
    fill = f"document.querySelector('path.site[data-site=\"{site}\"]').getAttribute('fill')"
    first = browser.evaluate(fill)
    assert _shown(browser, "#items-0") and not _shown(browser, "#items-1")
    browser.click('button[data-show="1"]')
    assert browser.evaluate(fill) != first
    assert _shown(browser, "#items-1") and not _shown(browser, "#items-0")
    assert _shown(browser, "#changes-1") and not _shown(browser, "#changes-0")
    x, y = browser.centre_of(f'path.site[data-site="{site}"]')
    browser.hover(x, y)
    assert "16th-FYP: " in browser.evaluate("document.getElementById('tip').textContent")
    browser.hover(1, 1)
    browser.evaluate("document.getElementById('map').scrollIntoView()")
    browser.screenshot(ARTIFACTS / "report-plan-16th.png")

    browser.click('button[data-show="2"]')
    assert _shown(browser, "#items-2") and _shown(browser, "#changes-1")
    today = browser.evaluate(fill)
    assert today == browser.evaluate(f"document.querySelector('path.site[data-site=\"{site}\"]')"
                                     ".getAttribute('data-fill-2')")
    browser.click('button[data-show="0"]')
    assert browser.evaluate(fill) == first
    assert browser.console_errors == []
