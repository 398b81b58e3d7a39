"""Suitability ranking: hand-derived TOPSIS and entropy results, properties, and the command.

The micro table (four sites, three criteria) is worked by hand below; the same table is
written as an instance (``four_sites``) so that the command line is checked against the same
figures. It is written into a temporary folder rather than ``tests/micro/``, whose folders are
all solved by test_micro.py.

    site   a (more)  b (more)  c (less)
    S1        1         9         2
    S2        1         3         4
    S3        3         3         1
    S4        5         1         2

S2 is dominated by S1 (a equal, b higher, c lower).

Min-max positions r (1 best): a: (x - 1) / 4; b: (x - 1) / 8; c (less): (4 - x) / 3.

    r_a = (0, 0, 0.5, 1)      sum 1.5
    r_b = (1, 0.25, 0.25, 0)  sum 1.5
    r_c = (2/3, 0, 1, 2/3)    sum 7/3

Entropy weights, p = r / sum r, e = -(1/ln 4) sum p ln p with ln 4 = 1.3863:

    a: p = (0, 0, 1/3, 2/3)
       e = (1/3 ln 3 + 2/3 ln 1.5) / 1.3863 = (0.3662 + 0.2703) / 1.3863 = 0.4591, d = 0.5409
    b: p = (2/3, 1/6, 1/6, 0)
       e = (2/3 ln 1.5 + 2 (1/6) ln 6) / 1.3863 = (0.2703 + 0.5973) / 1.3863 = 0.6258, d = 0.3742
    c: p = (2/7, 0, 3/7, 2/7)
       e = (2 (2/7) ln 3.5 + 3/7 ln(7/3)) / 1.3863 = (0.7159 + 0.3631) / 1.3863 = 0.7783,
       d = 0.2217
    sum d = 1.1367: w = (0.5409, 0.3742, 0.2217) / 1.1367 = (0.4758, 0.3292, 0.1950)

Entropy scores S = sum w r:

    S1 = 0.3292 x 1 + 0.1950 x 2/3                 = 0.3292 + 0.1300          = 0.4592
    S2 = 0.3292 x 0.25                             =                            0.0823
    S3 = 0.4758 x 0.5 + 0.3292 x 0.25 + 0.1950 x 1 = 0.2379 + 0.0823 + 0.1950 = 0.5152
    S4 = 0.4758 x 1 + 0.1950 x 2/3                 = 0.4758 + 0.1300          = 0.6058
    ranking S4, S3, S1, S2

TOPSIS with the weights w = (0.5, 0.25, 0.25). Column norms: a sqrt(1+1+9+25) = 6,
b sqrt(81+9+9+1) = 10, c sqrt(4+16+1+4) = 5, so z = (x/6, x/10, x/5) and v = w z:

    v_a = (0.0833, 0.0833, 0.25, 0.4167)
    v_b = (0.225, 0.075, 0.075, 0.025)
    v_c = (0.1, 0.2, 0.05, 0.1)
    ideal A+ = (0.4167, 0.225, 0.05) (c: the smallest); anti-ideal A- = (0.0833, 0.025, 0.2)

    S1: D+ = sqrt(0.3333^2 + 0 + 0.05^2)      = sqrt(0.1136) = 0.3371
        D- = sqrt(0 + 0.2^2 + 0.1^2)          = sqrt(0.05)   = 0.2236
        C  = 0.2236 / (0.3371 + 0.2236) = 0.2236 / 0.5607 = 0.3988
    S2: D+ = sqrt(0.3333^2 + 0.15^2 + 0.15^2) = sqrt(0.1561) = 0.3951
        D- = sqrt(0 + 0.05^2 + 0)             =                0.05
        C  = 0.05 / (0.3951 + 0.05) = 0.05 / 0.4451 = 0.1123
    S3: D+ = sqrt(0.1667^2 + 0.15^2 + 0)      = sqrt(0.0503) = 0.2242
        D- = sqrt(0.1667^2 + 0.05^2 + 0.15^2) = sqrt(0.0528) = 0.2297
        C  = 0.2297 / (0.2242 + 0.2297) = 0.2297 / 0.4540 = 0.5061
    S4: D+ = sqrt(0 + 0.2^2 + 0.05^2)         = sqrt(0.0425) = 0.2062
        D- = sqrt(0.3333^2 + 0 + 0.1^2)       = sqrt(0.1211) = 0.3480
        C  = 0.3480 / (0.2062 + 0.3480) = 0.3480 / 0.5542 = 0.6280
    ranking S4, S3, S1, S2

The weighted sum with the same weights: S = 0.5 r_a + 0.25 r_b + 0.25 r_c
= (0.4167, 0.0625, 0.5625, 0.6667). Sensitivity of the first site (S4) to w_a: with w_a = t and
w_b = w_c = (1 - t) / 2, S4(t) = t + (1 - t)/3 and S3(t) = t/2 + 0.625 (1 - t); they are equal
at t (1 - 1/3 - 1/2 + 0.625) = 0.625 - 1/3, t = 0.2917 / 0.7917 = 7/19 = 0.3684 (S1 would
overtake S4 only at t = 1/3, later): w_a must fall by 5/19 = 26.3%. Rising, no site overtakes
S4 (it has the best a).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hinterland.model import InstanceError, load_instance
from hinterland.model.suitability import (
    CriteriaMatrix,
    Criterion,
    criteria_matrix,
    entropy_weights,
    first_shift,
    minmax,
    rank_instance,
    rank_sites,
    reweight,
    sensitivity,
    topsis,
    weighted_sum,
)
from hinterland.solvers.cli import EXIT_INVALID, EXIT_OK, main
from hinterland.solvers.studies.ranking import rank_table, site_breakdown

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "instances" / "example"
PROVINCES = REPO / "instances" / "china-provinces"

X = np.array([[1, 9, 2], [1, 3, 4], [3, 3, 1], [5, 1, 2]], dtype=float)
MORE = np.array([True, True, False])
USER = np.array([0.5, 0.25, 0.25])

# The table as an instance: a and b are statistics, c is the hazard (c / 10: the scale does
# not matter, see the properties), weights 2 : 1 : 1 (scaled to 0.5, 0.25, 0.25).
FOUR_SITES = {
    "instance.yaml": """\
name: four_sites
suitability:
  method: topsis
  criteria:
    a: {columns: [stat_a], direction: more}
    b: {columns: [stat_b], direction: more}
    c: {columns: [hazard], direction: less}
  weights: {a: 2, b: 1, c: 1}
""",
    "sites.csv": """\
site_id,name,province,region,hinterland,cost_index,hazard,coast_km,border_km,stat_a,stat_b
S1,One,P1,West,true,1,0.2,500,500,1,9
S2,Two,P2,West,true,1,0.4,500,500,1,3
S3,Three,P3,West,true,1,0.1,500,500,3,3
S4,Four,P4,West,true,1,0.2,500,500,5,1
C1,Coast,P5,East,false,1,0.9,0,900,,
""",
    "items.csv": "item_id,task,demand\ngrain,reserve,0\n",
    "centres.csv": "centre_id,lon,lat\nJJJ,116.4,39.9\n",
}


@pytest.fixture
def four_sites(tmp_path: Path) -> Path:
    folder = tmp_path / "four_sites"
    folder.mkdir()
    for name, text in FOUR_SITES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# --- the hand-worked table -----------------------------------------------------------------


def test_min_max_positions_by_hand() -> None:
    assert minmax(X, MORE) == pytest.approx(np.array(
        [[0, 1, 2 / 3], [0, 0.25, 0], [0.5, 0.25, 1], [1, 0, 2 / 3]]))


def test_entropy_weights_and_scores_by_hand() -> None:
    r = minmax(X, MORE)
    w = entropy_weights(r)
    assert w == pytest.approx([0.4758, 0.3292, 0.1950], abs=1e-4)
    assert weighted_sum(r, w) == pytest.approx([0.4592, 0.0823, 0.5152, 0.6058], abs=1e-4)


def test_topsis_by_hand() -> None:
    parts = topsis(X, MORE, USER)
    assert parts.ideal == pytest.approx([0.4167, 0.225, 0.05], abs=1e-4)
    assert parts.anti_ideal == pytest.approx([0.0833, 0.025, 0.2], abs=1e-4)
    assert parts.d_plus == pytest.approx([0.3371, 0.3951, 0.2242, 0.2062], abs=1e-4)
    assert parts.d_minus == pytest.approx([0.2236, 0.05, 0.2297, 0.3480], abs=1e-4)
    assert parts.closeness == pytest.approx([0.3988, 0.1123, 0.5061, 0.6280], abs=1e-4)


def test_the_instance_ranks_as_by_hand(four_sites: Path) -> None:
    instance = load_instance(four_sites)
    topsis_ranking = rank_instance(instance)
    assert topsis_ranking.weight_source == "instance.yaml"
    assert topsis_ranking.weights.tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert topsis_ranking.table["site_id"].tolist() == ["S4", "S3", "S1", "S2"]
    assert topsis_ranking.table["score"].tolist() == pytest.approx(
        [0.6280, 0.5061, 0.3988, 0.1123], abs=1e-4)
    entropy = rank_instance(instance, method="entropy")
    assert entropy.weights.tolist() == pytest.approx([0.4758, 0.3292, 0.1950], abs=1e-4)
    assert entropy.table["score"].tolist() == pytest.approx(
        [0.6058, 0.5152, 0.4592, 0.0823], abs=1e-4)
    assert any("not used" in note for note in entropy.notes)  # its own weights, not the yaml's
    weights = rank_instance(instance, method="weights")
    assert weights.table["score"].tolist() == pytest.approx([2 / 3, 0.5625, 5 / 12, 0.0625])


def test_contributions_add_up_to_the_score(four_sites: Path) -> None:
    for method in ("weights", "entropy"):
        ranking = rank_instance(load_instance(four_sites), method=method)
        assert ranking.contributions.sum(axis=1).to_numpy() == pytest.approx(
            ranking.scores.to_numpy())
        table = rank_table(ranking)
        parts = table[[f"{c}_contribution" for c in "abc"]].sum(axis=1)
        assert parts.to_numpy() == pytest.approx(table["score"].to_numpy())


def test_topsis_parts_give_the_distances(four_sites: Path) -> None:
    table = rank_table(rank_instance(load_instance(four_sites)))
    to_ideal = np.sqrt((table[[f"{c}_to_ideal" for c in "abc"]] ** 2).sum(axis=1))
    to_anti = np.sqrt((table[[f"{c}_to_anti_ideal" for c in "abc"]] ** 2).sum(axis=1))
    assert to_ideal.to_numpy() == pytest.approx(table["d_plus"].to_numpy())
    assert to_anti.to_numpy() == pytest.approx(table["d_minus"].to_numpy())


def test_sensitivity_finds_the_crossing_by_hand(four_sites: Path) -> None:
    ranking = rank_instance(load_instance(four_sites), method="weights")
    falls = first_shift(ranking, 0, 0.0, k=1)
    assert falls.weight == pytest.approx(7 / 19, abs=1e-6)
    assert (falls.enters, falls.leaves) == (("S3",), ("S4",))
    assert first_shift(ranking, 0, 1.0, k=1).weight is None
    table = sensitivity(ranking, top=1).set_index("criterion")
    assert table.loc["a", "down_change"] == pytest.approx(-5 / 19, abs=1e-6)
    assert table.loc["a", "smallest"] == pytest.approx(5 / 19, abs=1e-6)


def test_site_breakdown_shares_add_up(four_sites: Path) -> None:
    parts = site_breakdown(rank_instance(load_instance(four_sites)), "S1")
    assert parts["to_ideal_share"].sum() == pytest.approx(1.0)
    assert parts["to_anti_share"].sum() == pytest.approx(1.0)
    assert parts.set_index("criterion")["place"].to_dict() == {"a": 3, "b": 1, "c": 2}


# --- properties --------------------------------------------------------------------------------

tables = st.integers(min_value=3, max_value=9).flatmap(lambda n: st.tuples(
    arrays(float, (n, 4), elements=st.floats(0.01, 1000, allow_nan=False)),
    st.lists(st.booleans(), min_size=4, max_size=4),
    arrays(float, 4, elements=st.floats(0.01, 1.0)),
))
PROPERTIES = settings(derandomize=True, deadline=None, max_examples=150)


def _scores(x: np.ndarray, more: np.ndarray, w: np.ndarray) -> dict[str, np.ndarray]:
    w = w / w.sum()
    r = minmax(x, more)
    return {"weights": weighted_sum(r, w), "entropy": weighted_sum(r, entropy_weights(r)),
            "topsis": topsis(x, more, w).closeness}


@PROPERTIES
@given(tables)
def test_scores_lie_in_the_unit_interval(table) -> None:
    x, more, w = table
    for scores in _scores(x, np.array(more), w).values():
        assert np.all((scores >= -1e-12) & (scores <= 1 + 1e-12))


@PROPERTIES
@given(tables, st.integers(0, 3), st.floats(0.001, 1000))
def test_rankings_ignore_the_scale_of_a_column(table, column: int, factor: float) -> None:
    x, more, w = table
    scaled = x.copy()
    scaled[:, column] *= factor
    before = _scores(x, np.array(more), w)
    after = _scores(scaled, np.array(more), w)
    for method, scores in before.items():
        assert after[method] == pytest.approx(scores, abs=1e-9), method


@PROPERTIES
@given(tables, arrays(float, 4, elements=st.floats(0.0, 0.9)), st.integers(0, 3))
def test_a_dominated_site_never_ranks_above_its_dominator(table, gains: np.ndarray,
                                                          strict: int) -> None:
    x, more, w = table
    more = np.array(more)
    # Site 0 dominates site 1: no worse on any criterion, and better on criterion ``strict``.
    gains = gains.copy()
    gains[strict] = max(gains[strict], 0.1)
    x = x.copy()
    x[0] = np.where(more, x[1] * (1 + gains), x[1] * (1 - gains))
    for method, scores in _scores(x, more, w).items():
        assert scores[0] >= scores[1] - 1e-12, method


@settings(derandomize=True, deadline=None, max_examples=20)
@given(tables)
def test_the_reported_shift_is_where_the_top_set_changes(table) -> None:
    x, more, w = table
    names = ["c0", "c1", "c2", "c3"]
    sites = pd.DataFrame({"site_id": [f"s{i}" for i in range(len(x))]})
    sites.index = sites["site_id"]
    matrix = CriteriaMatrix(
        criteria=tuple(Criterion(n, (n,), "more" if m else "less") for n, m in
                       zip(names, more, strict=True)),
        sites=sites.assign(name="", province="", region=""),
        columns=pd.DataFrame(x, index=sites.index, columns=names),
        values=pd.DataFrame(x, index=sites.index, columns=names),
        weights=pd.Series(w / w.sum(), index=names), method="weights", hinterland_only=True)
    for method in ("weights", "topsis"):
        ranking = rank_sites(matrix, method)
        k = 2
        top = set(ranking.table["site_id"].head(k))
        base = ranking.weights.to_numpy()
        for j in range(4):
            for target in (0.0, 1.0):
                shift = first_shift(ranking, j, target, k)
                if shift.weight is None:
                    continue
                changed = ranking.scores_with(reweight(base, j, shift.weight))
                order = np.argsort(-changed, kind="stable")[:k]
                assert {f"s{i}" for i in order} != top
                assert set(shift.enters) and set(shift.leaves) <= top


# --- instance.yaml and the instance ---------------------------------------------------------


def test_instances_without_a_section_use_the_default_criteria() -> None:
    ranking = rank_instance(load_instance(EXAMPLE))
    assert [c.name for c in ranking.criteria] == ["depth", "resources", "industry",
                                                  "transport", "hazard"]
    assert ranking.criteria[2].columns == ("base_ic", "base_compute")  # base_* expanded
    assert any("economy left out" in note for note in ranking.notes)
    assert ranking.weight_source == "entropy"


def test_only_hinterland_sites_are_ranked_unless_all_are_asked_for(four_sites: Path) -> None:
    instance = load_instance(four_sites)
    assert "C1" not in set(criteria_matrix(instance).sites["site_id"])
    with pytest.raises(InstanceError) as error:
        criteria_matrix(instance, include_all=True)  # C1 has no stat_a
    assert "sites.csv, line 6 (site_id C1), column 'stat_a'" in str(error.value)


def test_the_province_instance_declares_its_criteria() -> None:
    instance = load_instance(PROVINCES)
    ranking = rank_instance(instance)
    assert [c.name for c in ranking.criteria] == ["depth", "resources", "industry",
                                                  "transport", "economy", "population",
                                                  "hazard"]
    assert ranking.weight_source == "entropy" and ranking.notes == ()
    assert len(ranking.table) == int(instance.sites["hinterland"].sum())
    sichuan = ranking.matrix.values.loc["SC"]
    assert sichuan["economy"] == ranking.matrix.values["economy"].max()  # largest GDP inland


@pytest.mark.parametrize(("section", "key", "expected"), [
    ("suitability:\n  method: topsys\n", "suitability.method", "one of topsis, entropy"),
    ("suitability:\n  metod: topsis\n", "suitability.metod", "did you mean 'method'"),
    ("suitability:\n  criteria:\n    depth: {columns: [coast_km], direction: up}\n",
     "suitability.criteria.depth.direction", "more or less"),
    ("suitability:\n  criteria:\n    depth: {direction: more}\n",
     "suitability.criteria.depth", "a key 'columns'"),
    ("suitability:\n  weights: {depht: 1}\n", "suitability.weights.depht",
     "did you mean 'depth'"),
    ("suitability:\n  weights: {depth: -1}\n", "suitability.weights.depth", "a number >= 0"),
    ("suitability:\n  weights: {depth: 0}\n", "suitability.weights", "at least one positive"),
    ("suitability: topsis\n", "suitability", "a mapping"),
])
def test_bad_sections_are_refused_with_their_line(folder: Path, section: str, key: str,
                                                  expected: str) -> None:
    path = folder / "instance.yaml"
    lines = len(path.read_text(encoding="utf-8").splitlines())
    path.write_text(path.read_text(encoding="utf-8") + section, encoding="utf-8")
    with pytest.raises(InstanceError) as error:
        load_instance(folder)
    [problem] = error.value.problems
    assert problem.file == "instance.yaml" and problem.column == key
    assert problem.line is not None and problem.line > lines
    assert expected in str(problem)


def test_every_problem_of_the_criteria_is_reported_at_once(folder: Path) -> None:
    path = folder / "instance.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "suitability:\n  criteria:\n"
        "    depth: {columns: [coast_km, boarder_km], direction: more}\n"
        "    names: {columns: [name], direction: more}\n"
        "  weights: {depth: 1}\n"), encoding="utf-8")
    with pytest.raises(InstanceError) as error:
        criteria_matrix(load_instance(folder))
    found = {(p.column, p.value) for p in error.value.problems}
    assert found == {("suitability.criteria.depth.columns", "boarder_km: no such column"),
                     ("suitability.criteria.names.columns", "name (text)"),
                     ("suitability.weights", None)}
    assert "did you mean 'border_km'?" in str(error.value)
    assert "missing: names" in str(error.value)


# --- the command line ----------------------------------------------------------------------


def test_rank_writes_the_table_the_sensitivity_and_the_map(four_sites: Path, tmp_path: Path,
                                                           capsys) -> None:
    out = tmp_path / "rank"
    assert main(["rank", str(four_sites), "--out", str(out), "--site", "S1"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["rank.csv", "rank.json", "rank.png",
                                                     "sensitivity.csv"]
    table = pd.read_csv(out / "rank.csv")
    assert table["site_id"].tolist() == ["S4", "S3", "S1", "S2"]
    assert table["score"].tolist() == pytest.approx([0.6280, 0.5061, 0.3988, 0.1123], abs=1e-4)
    assert {"stat_a", "stat_b", "hazard", "a_position", "a_weighted"} <= set(table.columns)
    shifts = pd.read_csv(out / "sensitivity.csv")
    assert shifts["criterion"].tolist() == ["a", "b", "c"]
    summary = json.loads((out / "rank.json").read_text())
    assert summary["method"] == "topsis" and summary["weights_from"] == "instance.yaml"
    assert [c["weight"] for c in summary["criteria"]] == pytest.approx([0.5, 0.25, 0.25])
    assert "   1  S4" in printed and "One (S1): rank 3 of 4" in printed
    assert "Sensitivity" in printed


def test_rank_prints_sichuans_standing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "rank"
    assert main(["rank", str(PROVINCES), "--out", str(out), "--site", "SC"]) == EXIT_OK
    printed = capsys.readouterr().out
    table = pd.read_csv(out / "rank.csv")
    rank = int(table.set_index("site_id").loc["SC", "rank"])
    assert f"Sichuan (SC): rank {rank} of 17" in printed
    assert "held back by" in printed and "lifted by" in printed
    assert (out / "rank.png").stat().st_size > 10_000


def test_rank_with_an_unknown_column_exits_2(four_sites: Path, tmp_path: Path, capsys) -> None:
    path = four_sites / "instance.yaml"
    path.write_text(path.read_text().replace("[stat_b]", "[stat_bb]"), encoding="utf-8")
    out = tmp_path / "rank"
    assert main(["rank", str(four_sites), "--out", str(out)]) == EXIT_INVALID
    error = capsys.readouterr().err
    assert ("instance.yaml, line 6, key 'suitability.criteria.b.columns': got 'stat_bb: no "
            "such column'; expected a column of sites.csv") in error
    assert "did you mean 'stat_b'?" in error
    assert not out.exists()
    assert main(["validate", str(four_sites)]) == EXIT_INVALID


def test_rank_with_a_blank_statistic_exits_2(four_sites: Path, capsys) -> None:
    path = four_sites / "sites.csv"
    path.write_text(path.read_text().replace("S2,Two,P2,West,true,1,0.4,500,500,1,3",
                                             "S2,Two,P2,West,true,1,0.4,500,500,,3"),
                    encoding="utf-8")
    assert main(["rank", str(four_sites)]) == EXIT_INVALID
    error = capsys.readouterr().err
    assert ("sites.csv, line 3 (site_id S2), column 'stat_a': got ''; expected a finite "
            "number at every ranked site, for criterion a") in error


def test_rank_refuses_an_unranked_site_and_a_used_folder(four_sites: Path, tmp_path: Path,
                                                         capsys) -> None:
    assert main(["rank", str(four_sites), "--site", "C1"]) == EXIT_INVALID
    assert "--site: got 'C1'; expected ids of ranked sites" in capsys.readouterr().err
    out = tmp_path / "used"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    assert main(["rank", str(four_sites), "--out", str(out)]) == EXIT_INVALID
    assert "never overwritten" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


@pytest.mark.parametrize("argv", [["--method", "ahp"], ["--top", "0"], ["--site", ","]])
def test_rank_refuses_bad_options(four_sites: Path, argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["rank", str(four_sites), *argv])
    assert stop.value.code == EXIT_INVALID
    assert "rank" in capsys.readouterr().err


def test_rank_all_sites_of_the_example(tmp_path: Path) -> None:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    out = tmp_path / "rank"
    assert main(["rank", str(folder), "--all", "--method", "weights", "--out",
                 str(out)]) == EXIT_OK
    table = pd.read_csv(out / "rank.csv")
    assert len(table) == len(load_instance(folder).sites)
    contributions = table[[c for c in table.columns if c.endswith("_contribution")]]
    assert contributions.sum(axis=1).to_numpy() == pytest.approx(table["score"].to_numpy())
