"""Languages: where the language comes from, what French looks like, and what stays
locale-free (--json, CSV, JSON Lines)."""

from __future__ import annotations

import ast
import gettext
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from iasalaire import i18n
from iasalaire.cli import app
from iasalaire.data import load_data

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src" / "iasalaire" / "locale" / "fr" / "LC_MESSAGES" / "iasalaire.po"
UNSET = dict.fromkeys(i18n.ENV_ORDER)  # None: removed from the environment by CliRunner


def invoke(*args: str, **env: str | None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**UNSET, "NO_COLOR": "1", **env})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("position", range(len(i18n.ENV_ORDER)))
def test_each_locale_variable_decides_when_the_ones_before_it_are_unset(position: int) -> None:
    names = i18n.ENV_ORDER
    env = dict.fromkeys(names[position + 1:], "en_US.UTF-8")  # later ones say English
    env[names[position]] = "fr_FR.UTF-8"
    assert i18n.detect(env) == "fr"
    if position > 0:  # and an earlier one, when set, wins over it
        assert i18n.detect({**env, names[position - 1]: "en_GB.UTF-8"}) == "en"


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "en"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANGUAGE": "fr:en"}, "fr"),
    ({"LANGUAGE": "", "LANG": "fr_CA.UTF-8"}, "fr"),  # empty means unset
    ({"IASALAIRE_LANG": "fr", "LANG": "de_DE.UTF-8"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, "en"),  # no German catalogue: English
    ({"LC_MESSAGES": "fr_FR@euro"}, "fr"),
])
def test_language_from_the_environment(env: dict[str, str], expected: str) -> None:
    assert i18n.detect(env) == expected


def test_lang_fr_in_the_environment_speaks_french() -> None:
    code, out, err = invoke("estimate", "--exp", "5", "--city", "Paris", LANG="fr_FR.UTF-8")
    assert code == 0 and err == ""
    assert out.startswith("Salaire estimé\u00a0: 5 ans d'expérience, Paris ($US brut / an)")
    median = json.loads(invoke("estimate", "--exp", "5", "--city", "Paris", "--json")[1])["median"]
    assert f"Médiane     {median:,}".replace(",", "\u202f") in out and "1er décile" in out


def test_lang_option_wins_over_the_environment() -> None:
    _, out, _ = invoke("estimate", "--exp", "5", "--lang", "en", LANG="fr_FR.UTF-8")
    assert out.startswith("Estimated pay: 5 years of experience (USD / year)")


@pytest.mark.parametrize("args", [
    ["estimate", "--exp", "5", "--city", "Paris", "--json"],
    ["estimate", "--exp", "5", "--city", "Paris", "--currency", "EUR", "--offer", "90000",
     "--json"],
    ["estimate", "--exp", "5", "--city", "Austin", "--format", "csv"],
    ["compare", "city=Austin offer=150000", "city=Paris", "--json"],
    ["curve", "--city", "Paris", "--json"],
])
def test_machine_output_is_byte_identical_whatever_the_locale(args: list[str]) -> None:
    outputs = {invoke(*args, **env)[1] for env in (
        {}, {"LANG": "fr_FR.UTF-8"}, {"LC_ALL": "fr_FR.UTF-8"}, {"IASALAIRE_LANG": "fr"},
        {"LANGUAGE": "fr"}, {"LANG": "C"})}
    assert len(outputs) == 1
    assert "\u202f" not in outputs.pop()


def test_batch_is_locale_free() -> None:
    line = '{"years": 5, "city": "Paris"}\n'
    runner = CliRunner()
    english = runner.invoke(app, ["batch", "--currency", "EUR"], input=line, env=UNSET)
    french = runner.invoke(app, ["batch", "--currency", "EUR"], input=line,
                           env={**UNSET, "LANG": "fr_FR.UTF-8"})
    assert english.stdout == french.stdout
    assert json.loads(english.stdout)["currency"] == "EUR"


@pytest.mark.parametrize(("option", "french", "expected"), [
    ("--country", "Allemagne", "DE"),
    ("--country", "Corée du Sud", "KR"),
    ("--city", "Londres", "london"),
    ("--city", "Genève", "geneva"),
    ("--sector", "santé", "health"),
    ("--company", "Grande entreprise", "large"),
    ("--role", "ingénieur IA", "ai-engineer"),
    ("--role", "Chef de projet IA", "ai-project-lead"),
    ("--skill", "apprentissage profond", "deep-learning"),
    ("--level", "confirmé", "mid"),
    ("--remote", "hybride", 50),
    ("--role", "responsable d’ingénierie", "engineering-manager"),  # typographic apostrophe
])
def test_french_names_are_accepted_as_input(option: str, french: str, expected: object) -> None:
    code, out, err = invoke("estimate", option, french, "--json")
    assert code == 0, err
    profile = json.loads(out)["profile"]
    field = {"--country": "country", "--city": "city", "--sector": "sector",
             "--company": "company", "--role": "role", "--level": "level",
             "--remote": "remote"}.get(option)
    value = profile["skills"][0] if field is None else profile[field]
    assert value == expected


def test_errors_speak_the_language_of_the_view() -> None:
    code, out, err = invoke("estimate", "--city", "Pariss", "--lang", "fr")
    assert code == 2 and out == ""
    assert err == ("Erreur\u00a0: ville inconnue 'Pariss' "
                   "(vouliez-vous dire «\u202fParis\u202f»\u202f?)\n")
    code, _, err = invoke("estimate", "--city", "Berlin", "--net", "--lang", "fr")
    assert code == 2 and "il n'y en a que pour la France (FR), pas pour DE" in err
    code, _, err = invoke("estimate", "--city", "Pariss", "--json", LANG="fr_FR.UTF-8")
    assert code == 2 and err == "Error: unknown city 'Pariss' (did you mean 'Paris'?)\n"


def test_compiled_catalogue_is_the_po_file() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    assert _messages(PO.with_suffix(".mo").read_bytes()) == _messages(buffer.getvalue()), (
        "run python scripts/build_mo.py")


def _messages(compiled: bytes) -> dict[object, str]:
    """A compiled catalogue's messages, without its header (which names the Babel version
    that wrote it: a fresh install's Babel is not the one that built the committed file)."""
    messages = dict(gettext.GNUTranslations(io.BytesIO(compiled))._catalog)
    messages.pop("", None)
    return messages


def _messages_in_code() -> set[str]:
    """Every literal message the code passes to a translator (t(...), t.plural, Problem)."""
    found: set[str] = set()
    for path in (ROOT / "src" / "iasalaire").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in ("t", "Problem", "plural"):
                continue
            for arg in node.args[:2 if name == "plural" else 1]:
                values = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                found.update(v.value for v in values
                             if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return found


def test_every_message_and_vocabulary_label_has_a_french_translation() -> None:
    with PO.with_suffix(".mo").open("rb") as handle:
        french = gettext.GNUTranslations(handle)
    messages = _messages_in_code()
    assert len(messages) > 60
    missing = sorted(m for m in messages if m and french.gettext(m) == m and m not in
                     {"Net", "{gap} ({percent})", "source", "Interaction", "interaction"})
    assert missing == []
    file = load_data().file
    labels = [e.label for name in ("sectors", "companies", "roles", "certs", "skills", "remote")
              for e in getattr(file, name)] + [lv.label for lv in file.experience.levels]
    untranslated = [label for label in labels if label not in french._catalog]  # type: ignore[attr-defined]
    assert untranslated == []


def test_estimate_json_imports_neither_babel_nor_the_catalogues() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['iasalaire', 'estimate', '--json', '--exp', '5', '--city', 'Paris', "
        "'--currency', 'EUR', '--offer', '90000']\n"
        "from iasalaire.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('babel', 'rich') or "
        "m in ('iasalaire.i18n', 'iasalaire.render')]\n"
        "print('LOADED', loaded, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"LANG": "fr_FR.UTF-8", "PATH": "/usr/bin:/bin"}, check=True)
    assert json.loads(result.stdout)["currency"] == "EUR"
    assert "LOADED []" in result.stderr


def test_the_french_table_loads_babel_and_the_catalogue() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['iasalaire', 'estimate', '--exp', '5', '--lang', 'fr']\n"
        "from iasalaire.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('BABEL', 'babel.numbers' in sys.modules, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "BABEL True" in result.stderr and "Salaire estimé" in result.stdout


def test_list_speaks_french_and_its_json_does_not() -> None:
    code, out, _ = invoke("list", "countries", "--lang", "fr", COLUMNS="100")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("pays (") and "libellé" in lines[1] and "multiplicateur" in lines[1]
    assert any(line.split()[:2] == ["DE", "Allemagne"] for line in lines)
    assert any("Corée du Sud" in line for line in lines)
    english = invoke("list", "countries", "--json")[1]
    assert invoke("list", "countries", "--json", LANG="fr_FR.UTF-8")[1] == english
    assert "Allemagne" not in english
