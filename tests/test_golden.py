"""Golden files: what a person reads, character for character (narrow no-break spaces included).

After a deliberate change of a view or of the figures, rewrite them all with
`python -m tests.test_golden` and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iasalaire.cli import app

GOLDEN = Path(__file__).parent / "golden"
# A locale-free environment: the language comes from --lang (or LANG where a case sets it).
QUIET = {"IASALAIRE_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None,
         "LANG": None, "NO_COLOR": "1"}
CASES: dict[str, tuple[list[str], dict[str, str]]] = {
    "estimate_sf_5.txt": (["estimate", "--exp", "5", "--city", "San Francisco"],
                          {"COLUMNS": "100"}),
    "estimate_paris_fr.txt": (["estimate", "--exp", "5", "--city", "Paris", "--currency", "EUR",
                               "--offer", "100000"], {"COLUMNS": "100", "LANG": "fr_FR.UTF-8"}),
    "estimate_lyon_fr_net_month.txt": (
        ["estimate", "--exp", "3", "--city", "Lyon", "--role", "ml-engineer", "--lang", "fr",
         "--currency", "local", "--period", "month", "--months", "13", "--net"],
        {"COLUMNS": "100"}),
    "estimate_austin_offer_en.txt": (
        ["estimate", "--exp", "5", "--city", "Austin", "--role", "ml-engineer", "--offer",
         "165000"], {"COLUMNS": "100"}),
    "compare_scenarios.txt": (
        ["compare", "city=Austin offer=165000",
         "city=Seattle cert=aws-ml-specialty offer=180000", "--exp", "5", "--role",
         "ml-engineer"], {"COLUMNS": "160"}),
    "compare_scenarios_fr.txt": (
        ["compare", "city=Austin offer=165000",
         "city=Seattle cert=aws-ml-specialty offer=180000", "--exp", "5", "--role",
         "ml-engineer", "--lang", "fr"], {"COLUMNS": "100"}),
    "compare_cities_80.txt": (["compare", "city", "SF", "Austin", "Seattle", "Paris", "--exp",
                               "5"], {"COLUMNS": "80"}),
    "compare_cities_40.txt": (["compare", "city", "SF", "Austin", "--exp", "5"],
                              {"COLUMNS": "40"}),
    "curve_paris_data_scientist.txt": (["curve", "--city", "Paris", "--role", "data-scientist"],
                                       {"COLUMNS": "100"}),
    "curve_lyon_fr.txt": (["curve", "--city", "Lyon", "--lang", "fr", "--currency", "EUR"],
                          {"COLUMNS": "90"}),
    # Issue 18: French views, offers everywhere, and every table at 40 to 120 columns.
    **{f"estimate_lyon_fr_offer_{w}.txt": (
        ["estimate", "--exp", "5", "--city", "Lyon", "--role", "ml-engineer", "--lang", "fr",
         "--offer", "75 000"], {"COLUMNS": str(w)}) for w in (40, 60, 80, 120)},
    **{f"estimate_austin_offer_{w}.txt": (
        ["estimate", "--exp", "5", "--city", "Austin", "--role", "ml-engineer", "--offer",
         "$165,000", "--lang", "en"], {"COLUMNS": str(w)}) for w in (40, 60, 120)},
    **{f"compare_offers_fr_{w}.txt": (
        ["compare", "city=Austin offer=165k", "city=Seattle offer=180k", "--exp", "5",
         "--lang", "fr"], {"COLUMNS": str(w)}) for w in (40, 80)},
    **{f"compare_offers_en_{w}.txt": (
        ["compare", "city=Austin offer=165k", "city=Seattle offer=180k", "--exp", "5",
         "--lang", "en"], {"COLUMNS": str(w)}) for w in (60, 120)},
    **{f"curve_lyon_fr_offer_{w}.txt": (
        ["curve", "--city", "Lyon", "--lang", "fr", "--offer", "70k"], {"COLUMNS": str(w)})
       for w in (40, 80)},
}


def render(name: str) -> str:
    args, env = CASES[name]
    result = CliRunner().invoke(app, args, env={**QUIET, **env})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_view_matches_its_golden_file(name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert render(name) == expected


def test_french_golden_files_hold_cldr_spaces_and_french_names() -> None:
    french = (GOLDEN / "estimate_paris_fr.txt").read_text(encoding="utf-8")
    assert "\u202f" in french  # CLDR's group separator for French: 103 600
    assert "Salaire estimé\u00a0: " in french and "1er décile" in french
    assert "9e décile" in french and "la moitié centrale" in french
    assert "," not in french.split("\n")[2]  # no English thousands separator in the range line
    net = " ".join((GOLDEN / "estimate_lyon_fr_net_month.txt").read_text("utf-8").split())
    assert "net avant impôt" in net and "ref:R9" in net and "sur 13 mois" in net


def test_narrow_compare_never_cuts_a_number() -> None:
    for name in ("compare_cities_80.txt", "compare_cities_40.txt"):
        text = (GOLDEN / name).read_text(encoding="utf-8")
        assert "…" not in text
        width = int(CASES[name][1]["COLUMNS"])
        assert max(len(line) for line in text.splitlines()) <= width


if __name__ == "__main__":  # python -m tests.test_golden: rewrite every golden file
    for case in sorted(CASES):
        (GOLDEN / case).write_text(render(case), encoding="utf-8")
        print(f"wrote {GOLDEN / case}", file=sys.stderr)
