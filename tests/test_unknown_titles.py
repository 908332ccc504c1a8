"""A job title that names no known role is priced at the all-roles level (the data file's
`all_roles`, measured on the surveys) with a warning and the range of a profile without a
role, the same in estimate, batch, calibrate, evaluate and estimate_frame; a near-typo of a
known role ("ML engieer") is refused with the suggestion (with --lenient, the all-roles level
with the suggestion said)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import iasalaire
from iasalaire.core import money
from iasalaire.data import load_data
from tests.conftest import run

UNRELATED = "Head of Happiness"
TYPO = "ML engieer"


def all_roles(name: str = "baseline") -> float:
    level = load_data(name).file.all_roles
    assert level is not None
    return level.multiplier


def without_role(**fields: object) -> dict[str, object]:
    return iasalaire.estimate(dict(fields))


@pytest.mark.parametrize("name", ["baseline", "article"])
def test_the_all_roles_level_is_measured_and_sourced(name: str) -> None:
    level = load_data(name).file.all_roles
    assert level is not None
    assert level.source == "data:aijobs-salaries-dev" and level.count and level.count > 50_000
    assert 0.85 < level.multiplier < 1.0  # all roles sit below the AI engineer, a little
    assert "R5" in level.note and "R7" in level.note


def test_estimate_prices_an_unrelated_title_at_the_all_roles_level() -> None:
    plain = without_role(years=5, country="US")
    found = iasalaire.estimate({"years": 5, "country": "US", "role": UNRELATED})
    expected = money(plain["median"] * all_roles())  # within the rounding of the plain median
    assert abs(found["median"] - expected) <= 100
    assert found["median"] < plain["median"]
    # the range of a profile that leaves the role out: as wide, relative to the median
    assert found["percentiles"]["p90"] / found["percentiles"]["p10"] == pytest.approx(
        plain["percentiles"]["p90"] / plain["percentiles"]["p10"], rel=0.01)
    assert found["profile"]["role"] is None
    assert found["warnings"] == [f"job title '{UNRELATED}' names no known role: priced at the "
                                 f"all-roles level (x{all_roles():.3f}), with a wide range"]
    role = next(f for f in found["factors"] if f["dimension"] == "role")
    assert role["multiplier"] == round(all_roles(), 4) and role["input"] == UNRELATED


def test_the_cli_warns_on_stderr_and_json_keeps_its_keys() -> None:
    done = run("estimate", "--exp", "5", "--role", UNRELATED, "--json")
    assert done.exit_code == 0, done.stderr
    document = json.loads(done.stdout)
    assert "names no known role" in done.stderr
    assert document["warnings"][0].startswith(f"job title '{UNRELATED}'")
    ref = json.loads(run("estimate", "--exp", "5", "--json").stdout)
    assert set(document) == set(ref)
    assert abs(document["median"] - money(ref["median"] * all_roles())) <= 100


def test_a_near_typo_of_a_known_role_is_refused_with_the_suggestion() -> None:
    done = run("estimate", "--exp", "5", "--role", TYPO)
    assert done.exit_code == 2
    assert "did you mean 'ml-engineer'?" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("title", ["Senior ML engieer", "Data Scienist", "Reserch Scientist"])
def test_a_typo_in_the_role_part_of_a_title_is_refused_too(title: str) -> None:
    done = run("estimate", "--role", title)
    assert done.exit_code == 2 and "did you mean" in done.stderr


def test_a_real_title_near_a_role_name_is_another_job() -> None:
    # three edits from "MLOps engineer": not a typo of it
    found = iasalaire.estimate({"years": 5, "role": "DevOps Engineer"})
    plain = iasalaire.estimate({"years": 5})
    assert abs(found["median"] - money(plain["median"] * all_roles())) <= 100
    assert "did you mean" not in found["warnings"][0]


def test_batch_prices_unrelated_titles_and_refuses_typos(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (
        {"years": 5, "role": UNRELATED}, {"years": 5, "role": TYPO}, {"years": 5})) + "\n",
        encoding="utf-8")
    out = [json.loads(line) for line in run("batch", str(path)).stdout.splitlines()]
    plain = out[2]["median"]
    assert out[0]["ok"] and abs(out[0]["median"] - money(plain * all_roles())) <= 100
    assert out[0]["warnings"][0].startswith(f"job title '{UNRELATED}' names no known role")
    assert not out[1]["ok"] and "did you mean 'ml-engineer'?" in out[1]["error"]["message"]
    lenient = [json.loads(line) for line in
               run("batch", "--lenient", str(path)).stdout.splitlines()]
    assert lenient[1]["ok"] and lenient[1]["median"] == out[0]["median"]
    assert "(did you mean 'ml-engineer'?): priced at the all-roles level" in \
        lenient[1]["warnings"][0]


def test_batch_csv_and_the_columnar_path_agree(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("years,role\n" + f"5,{UNRELATED}\n" * 50 + "5,Data Scientist\n",
                    encoding="utf-8")
    out = [json.loads(line) for line in run("batch", str(path)).stdout.splitlines()]
    assert len(out) == 51 and all(r["ok"] for r in out)
    single = iasalaire.estimate({"years": 5, "role": UNRELATED})
    assert {r["median"] for r in out[:50]} == {single["median"]}
    assert all(r["warnings"] == single["warnings"] for r in out[:50])
    assert out[50]["warnings"] == []


def test_estimate_frame_gives_the_same_figures_and_warning() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"years": [5, 5], "role": [UNRELATED, TYPO]})
    out = iasalaire.estimate_frame(frame)
    single = iasalaire.estimate({"years": 5, "role": UNRELATED})
    assert out["p50"][0] == single["median"] and out["warnings"][0] == single["warnings"][0]
    assert "did you mean 'ml-engineer'?" in out["error"][1]
    lenient = iasalaire.estimate_frame(frame, lenient=True)
    assert lenient["p50"][1] == single["median"]
    assert "did you mean 'ml-engineer'?" in lenient["warnings"][1]


def _survey(tmp_path: Path) -> Path:
    """Noise-free rows: data scientists at 100,000 and 'Head of Happiness' at 80,000 (US)."""
    rows = ["years,country,role,salary"]
    rows += [f"5,US,Data Scientist,{100_000}" for _ in range(60)]
    rows += [f"5,US,{UNRELATED},{80_000}" for _ in range(20)]
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_evaluate_scores_unrelated_titles_at_the_all_roles_level(tmp_path: Path) -> None:
    path = _survey(tmp_path)
    done = run("evaluate", str(path), "--json")
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["n"] == 80
    assert report["notes"] == {"job title not a known role: priced at the all-roles level": 20}
    # the rows without a known role are scored on the all-roles median
    by = {tuple(g["fields"]): g for g in report["by_fields"]}
    plain = iasalaire.estimate({"years": 5, "country": "US"})["median"]
    expected = plain * all_roles() / 80_000
    assert by[("experience", "location")]["ratio"] == pytest.approx(expected, rel=0.01)


def test_calibrate_fits_the_all_roles_level_of_its_survey(tmp_path: Path) -> None:
    path = _survey(tmp_path)
    model = tmp_path / "model.json"
    done = run("calibrate", str(path), "-o", str(model))
    assert done.exit_code == 0, done.stderr
    assert "priced at the all-roles level" in done.stderr
    fitted = json.loads(model.read_text(encoding="utf-8"))
    level = fitted["all_roles"]
    assert level["source"] == "data:survey" and level["count"] == 80
    scientist = next(r for r in fitted["roles"] if r["id"] == "data-scientist")
    # 60 of 80 rows at the data scientist's multiplier, 20 at the base's: the mean log
    expected = math.exp(60 / 80 * math.log(scientist["multiplier"]))
    assert level["multiplier"] == pytest.approx(expected, abs=1e-4)
    priced = json.loads(run("estimate", "--data", str(model), "--exp", "5", "--country", "US",
                            "--role", UNRELATED, "--json").stdout)
    plain = json.loads(run("estimate", "--data", str(model), "--exp", "5", "--country", "US",
                           "--json").stdout)
    assert abs(priced["median"] - money(plain["median"] * level["multiplier"])) <= 100
    assert priced["warnings"][0].startswith(f"job title '{UNRELATED}' names no known role")


def test_a_data_file_without_the_figure_uses_the_base_level(tmp_path: Path) -> None:
    document = load_data().file.model_dump(mode="json", by_alias=True, exclude_none=True)
    document.pop("all_roles")
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    priced = json.loads(run("estimate", "--data", str(path), "--exp", "5", "--role",
                            UNRELATED, "--json").stdout)
    plain = json.loads(run("estimate", "--data", str(path), "--exp", "5", "--json").stdout)
    assert priced["median"] == plain["median"]
    assert "(x1.000)" in priced["warnings"][0]
    role = next(f for f in priced["factors"] if f["dimension"] == "role")
    assert role["confidence"] == "low"


def test_french_says_it_too() -> None:
    done = run("estimate", "--exp", "5", "--role", UNRELATED, "--lang", "fr")
    assert done.exit_code == 0
    assert "ne correspond à aucun métier connu" in done.stderr
