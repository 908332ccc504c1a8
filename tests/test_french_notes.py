"""The data file's notes in French (note_fr, written by scripts/build_baseline.py from the
templates of scripts/notes_fr.py), and how French views show them, or say they cannot."""

from __future__ import annotations

import gettext
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iasalaire import api, i18n
from iasalaire.cli import app
from iasalaire.data import parse
from iasalaire.render import View

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
UNSET = {**dict.fromkeys(i18n.ENV_ORDER), "NO_COLOR": "1", "COLUMNS": "200"}
# Words a French note must not hold (English that a template left behind).
ENGLISH = re.compile(r"\b(the|of|and|rows?|with|below|above|surveys?|figure|level|placed|held|"
                     r"each|from|for|is|are|at|by|its|pay|than|outside|against)\b")
PROPER_NAMES = ("Trust for London",)


def english_in(text: str) -> re.Match[str] | None:
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    return ENGLISH.search(re.sub(r"\b(?:data|seed|ref):\S+", "", text))  # codes stay


def _notes_fr() -> Any:
    spec = importlib.util.spec_from_file_location("notes_fr", ROOT / "scripts" / "notes_fr.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sourced(doc: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(doc, dict):
        if isinstance(doc.get("note"), str):
            found.append(doc)
        for value in doc.values():
            found += _sourced(value)
    elif isinstance(doc, list):
        for value in doc:
            found += _sourced(value)
    return found


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=UNSET)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["baseline.json", "article.json"])
def test_every_note_of_the_built_in_files_has_its_french_from_the_templates(name: str) -> None:
    notes_fr = _notes_fr()
    items = _sourced(json.loads((DATA / name).read_text(encoding="utf-8")))
    assert len(items) > 250
    for item in items:
        if not item["note"]:
            continue
        # What the build writes (a note edited by hand would not match its template's French).
        assert item["note_fr"] == notes_fr.french(item["note"]), item["note"]
        assert english_in(item["note_fr"]) is None, item["note_fr"]
        # French figures: no English decimal point left.
        assert re.search(r"\d\.\d", item["note_fr"]) is None, item["note_fr"]


def test_a_note_s_figures_and_places_read_the_french_way() -> None:
    notes_fr = _notes_fr()
    paris = ("France's figure x1.209: INSEE: the median net full-time-equivalent private-sector "
             "pay in Ile-de-France, 2,640 EUR a month in 2023, is 20.9% above France's 2,183 "
             "(Insee Flash Ile-de-France no. 98, 2025)")
    french = notes_fr.french(paris)
    assert french.startswith("le chiffre de la France x1,209\u00a0: INSEE\u00a0: ")
    assert "2\u202f640\u00a0€ par mois en 2023" in french  # CLDR: narrow no-break thousands
    assert "20,9\u00a0%" in french and "Île-de-France n°\u00a098, 2025" in french
    rows = notes_fr.french("R5 1 rows, R7 4679 rows; each survey counts once")
    assert rows == ("R5\u00a0: 1 ligne, R7\u00a0: 4\u202f679 lignes\u202f; chaque enquête compte "
                    "une fois")
    london = notes_fr.french("United Kingdom's figure x0.968, the level of the country outside "
                             "London: Trust for London, from ONS ASHE 2016: the median weekly "
                             "pay of all employees, 537 GBP in London against 442 GBP in England "
                             "(London included)")
    assert london.startswith("le chiffre du Royaume-Uni x0,968, le niveau du pays hors Londres")


def test_a_note_no_template_matches_stops_the_build_with_its_piece() -> None:
    notes_fr = _notes_fr()
    doc = {"base": {"note": "beginners earn about 118,000 USD; a brand new caveat"}}
    assert notes_fr.add_french(doc) == ["a brand new caveat"]
    assert "note_fr" not in doc["base"]
    with pytest.raises(notes_fr.Untranslated):
        notes_fr.french("a brand new caveat")


def test_the_french_view_shows_the_notes_in_french() -> None:
    code, out, err = invoke("estimate", "--exp", "5", "--city", "Lyon", "--role", "ml-engineer",
                            "--lang", "fr")
    assert code == 0, err
    text = " ".join(out.split())
    assert "Notes du fichier de données :" in text and "en anglais" not in text
    assert "le chiffre de la France x0,945, le niveau du pays hors Paris" in text
    assert "point de la courbe à 5 ans (seed:S3) : plus de cinq ans" in text
    assert "4 679 lignes contre 504 ingénieurs IA" in text
    notes = text.split("Notes du fichier de données :")[1].split("Données :")[0]
    assert english_in(notes) is None, notes


def test_the_notes_the_core_composes_are_french_too() -> None:
    code, out, err = invoke("estimate", "--exp", "3.5", "--city", "Toulouse", "--skill",
                            "python", "--skill", "pytorch", "--lang", "fr")
    assert code == 0, err
    text = " ".join(out.split())
    assert "interpolé entre les points à 3 ans (data:so-survey-2024) et à 5 ans (seed:S3)" in text
    assert "aucun chiffre propre à Toulouse, placée dans son pays (France, FR)" in text
    assert "à elle seule, comptée à 45 % comme prime n° 2 sur 2 (rendements décroissants)" in text
    notes = text.split("Notes du fichier de données :")[1].split("Données :")[0]
    assert english_in(notes) is None, notes


def test_every_lead_the_core_composes_has_its_french() -> None:
    with (ROOT / "src/iasalaire/locale/fr/LC_MESSAGES/iasalaire.mo").open("rb") as handle:
        french = gettext.GNUTranslations(handle)
    profiles = [{"years": 5}, {"years": 3.5}, {"city": "Toulouse"}, {"city": "Lyon"},
                {"city": "Springfield", "country": "US"}, {"country": "NO"},
                {"skills": ["python", "pytorch", "llm"], "certs": ["aws-ml-specialty"]}]
    leads = set()
    for profile in profiles:
        for factor in api.estimate_profile(profile).factors:
            if factor.lead is not None:
                leads.add(factor.lead[0])
    assert len(leads) >= 4
    assert [lead for lead in leads if french.gettext(lead) == lead] == []


def test_a_file_without_french_notes_is_valid_and_shows_them_in_english_labelled(
        tmp_path: Path) -> None:
    doc = json.loads((DATA / "baseline.json").read_text(encoding="utf-8"))
    for item in _sourced(doc):
        item.pop("note_fr", None)  # as `calibrate` writes a file
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    parse(path.read_bytes(), str(path))  # every check of `data validate`
    code, out, err = invoke("estimate", "--exp", "5", "--city", "Lyon", "--lang", "fr",
                            "--data", str(path))
    assert code == 0, err
    text = " ".join(out.split())
    assert "ville : (en anglais) France's figure x0.945" in text
    # The parts the core composes have no data-file text: French even so.
    code, out, err = invoke("estimate", "--exp", "3.5", "--lang", "fr", "--data", str(path))
    assert code == 0, err
    assert "interpolé entre les points à 3 ans" in " ".join(out.split())


def test_json_keeps_its_keys_and_its_english_notes() -> None:
    code, out, err = invoke("estimate", "--exp", "5", "--city", "Lyon", "--json")
    assert code == 0, err
    factors = json.loads(out)["factors"]
    assert all(set(f) == {"dimension", "input", "label", "multiplier", "source",
                          "confidence", "note"} for f in factors)
    assert factors[1]["note"].startswith("France's figure x0.945")


def test_the_view_says_in_english_what_has_no_french_in_english() -> None:
    result = api.estimate_profile({"years": 5, "city": "Lyon"})
    english = View(i18n.language("en"), None)  # type: ignore[arg-type]
    assert english.note(result.factors[1]) == (result.factors[1].note, True)


def test_the_french_goldens_hold_no_english_sentence() -> None:
    goldens = sorted((ROOT / "tests" / "golden").glob("*fr*.txt"))
    assert len(goldens) >= 9
    for path in goldens:
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert "en anglais" not in text, path.name
        assert english_in(text) is None, (path.name, english_in(text))
