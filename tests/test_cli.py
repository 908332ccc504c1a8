"""The command line: stdout carries results only, errors are one line on stderr with the
contract's exit code, never a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from iasalaire import __version__
from iasalaire.cli import app
from tests.conftest import run

GOLDEN = Path(__file__).parent / "golden"


def test_estimate_table_matches_the_golden_file() -> None:
    result = run("estimate", "--exp", "5", "--city", "San Francisco", COLUMNS="100")
    assert result.exit_code == 0
    assert result.stderr == ""
    expected = (GOLDEN / "estimate_sf_5.txt").read_text(encoding="utf-8")
    assert result.stdout == expected


def test_markdown_and_csv_formats_give_the_same_figures_as_json() -> None:
    args = ("estimate", "--exp", "5", "--city", "Austin")
    doc = json.loads(run(*args, "--json").stdout)
    csv_lines = run(*args, "--format", "csv").stdout.splitlines()
    header, row = csv_lines[0].split(","), csv_lines[1].split(",")
    assert len(csv_lines) == 2
    assert int(row[header.index("median")]) == doc["median"]
    assert int(row[header.index("p90")]) == doc["percentiles"]["p90"]
    markdown = run(*args, "--format", "markdown").stdout
    assert f"**{doc['median']:,}**" in markdown
    assert "| city: Austin |" in markdown


@pytest.mark.parametrize(("args", "message"), [
    (["--city", "Pariss"], "unknown city 'Pariss' (did you mean 'Paris'?)"),
    (["--sector", "fiance"], "unknown sector 'fiance' (did you mean 'Finance'?)"),
    (["--skill", "pytorh"], "unknown skill 'pytorh' (did you mean 'PyTorch'?)"),
    (["--role", "ml engineeer"], "unknown role 'ml engineeer' (did you mean 'ml-engineer'?)"),
    (["--exp", "-1"], "years: must be a number from 0 to 60"),
    (["--exp", "nan"], "years: must be a number of years, not 'nan'"),
    (["--exp", "inf"], "years: must be a number of years, not 'inf'"),
    (["--exp", "61"], "years: must be a number from 0 to 60"),
    (["--remote", "30"], "unknown remote '30'"),
    (["--exp", "3", "--level", "senior"], "give years (--exp) or level (--level), not both"),
    (["--city", "Lyon", "--country", "US"], "city 'Lyon' is in FR, not in US"),
    (["--country", "Atlantis"], "unknown country 'Atlantis'"),
])
def test_bad_values_exit_2_with_one_line_on_stderr(args: list[str], message: str) -> None:
    result = run("estimate", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_country_without_rows_leans_on_gdp_with_a_warning() -> None:
    result = run("estimate", "--country", "Tchad", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["median"] < 175_600 / 2  # placed by GDP per capita, not at the US level
    assert doc["factors"][0]["confidence"] == "low"
    assert "Chad" in doc["warnings"][0] and "GDP per capita (R8)" in doc["warnings"][0]
    assert "warning: no survey rows for Chad" in result.stderr
    assert "Chad's figure is uncertain" in " ".join(p["why"] for p in doc["spread"]["parts"])


def test_names_are_case_accent_and_alias_insensitive() -> None:
    def city(name: str) -> str:
        return json.loads(run("estimate", "--city", name, "--json").stdout)["profile"]["city"]

    assert {city(n) for n in ["SF", "bay area", "SAN-FRANCISCO", "San Francisco"]} == {
        "san-francisco"}
    assert city("nyc") == city("New York City") == "new-york"
    assert city("Montreal") == city("Montréal") == "montreal"


@pytest.mark.parametrize("content", ["", "{", '{"schema": "iasalaire.data/1"}', "[]"])
def test_a_malformed_data_file_exits_1_with_the_problem(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run("estimate", "--data", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"invalid data file {bad}" in result.stderr


def test_a_wrong_figure_names_its_field_path(tmp_path: Path, baseline) -> None:
    document = baseline.file.model_dump(by_alias=True)
    document["cities"][3]["multiplier"] = -1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    result = run("data", "validate", str(bad))
    assert result.exit_code == 1
    assert "cities[3].multiplier: Input should be greater than 0" in result.stderr


def test_a_missing_data_file_exits_1() -> None:
    result = run("estimate", "--data", "/nonexistent/model.json")
    assert result.exit_code == 1
    assert "cannot read data file /nonexistent/model.json" in result.stderr


def test_data_validate_accepts_the_baseline(baseline) -> None:
    result = run("data", "validate", baseline.path)
    assert result.exit_code == 0
    assert re.match(r".*: valid \(baseline 2025\.3; \d+ cities", result.stdout)


@pytest.mark.parametrize("what", ["levels", "cities", "countries", "sectors", "companies",
                                  "roles", "certs", "skills", "remote"])
def test_list_json_gives_id_label_multiplier_source(what: str) -> None:
    result = run("list", what, "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows and all({"id", "label", "multiplier", "source"} <= set(r) for r in rows)


def test_list_cities_table_names_the_seed_cities() -> None:
    out = run("list", "cities", COLUMNS="200").stdout
    for city in ["San Francisco", "New York", "Seattle", "Atlanta", "Austin"]:
        assert city in out


COMMANDS = [["estimate"], ["compare"], ["batch"], ["list"], ["data"], ["data", "validate"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_every_command_appears_in_the_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"iasalaire {' '.join(command)}" in readme


def test_version() -> None:
    result = run("--version")
    assert result.stdout == f"iasalaire {__version__}\n"


def test_python_m_runs_without_colour_when_redirected() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "iasalaire", "estimate", "--exp", "2"],
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0
    assert "\x1b[" not in proc.stdout
    assert "Range" in proc.stdout


def test_json_start_up_does_not_import_rich_or_numpy() -> None:
    code = ("import sys; from iasalaire.cli import main; sys.argv=['iasalaire','estimate',"
            "'--json','--exp','5']\ntry: main()\nexcept SystemExit: pass\n"
            "print([m for m in ('rich.console', 'numpy') if m in sys.modules], file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.stderr.strip() == "[]"
    assert json.loads(proc.stdout)["median"] > 0


def test_compare_gives_one_estimate_per_value_in_order() -> None:
    result = run("compare", "city", "SF", "Austin", "--exp", "5", "--json")
    assert result.exit_code == 0
    documents = json.loads(result.stdout)
    assert [d["profile"]["city"] for d in documents] == ["san-francisco", "austin"]
    single = json.loads(run("estimate", "--exp", "5", "--city", "Austin", "--json").stdout)
    assert documents[1] == single


def test_compare_adds_a_compared_skill_to_the_common_ones() -> None:
    result = run("compare", "skills", "pytorch", "llm", "--skill", "python", "--json")
    assert [d["profile"]["skills"] for d in json.loads(result.stdout)] == [
        ["python", "pytorch"], ["python", "llm"]]


def test_compare_table_shows_the_change_from_the_first_value() -> None:
    result = run("compare", "years", "0", "5", "--data", "article")
    assert result.exit_code == 0
    assert "118,000" in result.stdout and "+69.5%" in result.stdout


def test_compare_refuses_the_compared_field_as_an_option_too() -> None:
    result = run("compare", "years", "1", "2", "--exp", "3")
    assert result.exit_code == 2
    assert "years is the field being compared" in result.stderr


def test_main_gives_the_app_back_whole_for_a_second_run(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    from iasalaire.cli import main

    before = [c.name for c in app.registered_commands], len(app.registered_groups)
    for args in (["estimate", "--json", "--exp", "5"], ["curve", "--json", "--city", "SF"]):
        monkeypatch.setattr(sys, "argv", ["iasalaire", *args])
        with pytest.raises(SystemExit) as end:
            main()
        assert end.value.code == 0, capsys.readouterr().err
        assert json.loads(capsys.readouterr().out)["schema"].startswith("iasalaire.")
    assert ([c.name for c in app.registered_commands], len(app.registered_groups)) == before
