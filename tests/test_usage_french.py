"""Click's own usage errors (unknown option, missing value, bad value...) in the run's
language (usage.py), with Click's exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from iasalaire import i18n, usage
from iasalaire.cli import app

UNSET = {**dict.fromkeys(i18n.ENV_ORDER), "NO_COLOR": "1"}
NNBSP, NBSP = "\u202f", "\u00a0"


def invoke(*args: str, **env: str | None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**UNSET, **env})
    return result.exit_code, result.stdout, result.stderr


def test_an_unknown_option_in_french_with_the_usage_and_the_help_hint() -> None:
    code, out, err = invoke("estimate", "--lang", "fr", "--citt", "Paris")
    assert (code, out) == (2, "")
    assert err == (f"Utilisation{NBSP}: iasalaire estimate [OPTIONS]\n"
                   f"Pour l'aide{NBSP}: iasalaire estimate --help\n\n"
                   f"Erreur{NBSP}: option inconnue{NBSP}: --citt (options possibles{NBSP}: "
                   "--cert, --city)\n")


@pytest.mark.parametrize(("args", "french"), [
    (["estimate", "--city"], f"Erreur{NBSP}: l'option «{NNBSP}--city{NNBSP}» attend une valeur."),
    (["estimate", "--json=3"],
     f"Erreur{NBSP}: l'option «{NNBSP}--json{NNBSP}» ne prend pas de valeur."),
    (["estimate", "--period", "semaine"],
     f"Erreur{NBSP}: valeur invalide pour «{NNBSP}--period{NNBSP}»{NBSP}: «{NNBSP}semaine{NNBSP}» "
     f"n'est pas une valeur possible{NBSP}: year, month (ou an, annee, année, mois)"),
    (["estimate", "--months", "abc", "--period", "mois"],
     f"Erreur{NBSP}: valeur invalide pour «{NNBSP}--months{NNBSP}»{NBSP}: un nombre entier est "
     "attendu"),
    (["estimate", "extra"], f"Erreur{NBSP}: argument en trop{NBSP}: extra"),
    (["estimate", "a", "b"], f"Erreur{NBSP}: arguments en trop{NBSP}: a b"),
    (["compare"], f"Erreur{NBSP}: argument manquant{NBSP}: «{NNBSP}CHAMP VALEUR... | "
                  f"SCÉNARIO...{NNBSP}»."),
    (["estimate", "--city", "a", "--city", "b"],
     f"Erreur{NBSP}: l'option --city est donnée deux fois{NBSP}: ne la donnez qu'une fois"),
    (["estimat"], f"Erreur{NBSP}: commande inconnue{NBSP}: «{NNBSP}estimat{NNBSP}». Vouliez-vous "
                  f"dire «{NNBSP}estimate{NNBSP}»{NBSP}?"),
    (["curve", "--offer"], f"Erreur{NBSP}: l'option «{NNBSP}--offer{NNBSP}» attend une valeur."),
    (["list", "nowhere"], f"Erreur{NBSP}: valeur invalide pour «{NNBSP}LISTE{NNBSP}»{NBSP}: "
                          f"«{NNBSP}nowhere{NNBSP}» n'est pas une valeur possible"),
])
def test_each_kind_of_usage_error_in_french_keeps_its_exit_code(args: list[str],
                                                                 french: str) -> None:
    english_code, _, english = invoke(*args, LANG="C")
    code, out, err = invoke(args[0], "--lang", "fr", *args[1:])
    assert code == english_code == 2 and out == ""
    assert french in err
    assert "Error:" not in err and "Usage:" not in err and "Try '" not in err


def test_a_french_locale_speaks_french_unless_the_run_asks_otherwise() -> None:
    french = f"Erreur{NBSP}: option inconnue{NBSP}: --citt"
    assert french in invoke("estimate", "--citt", "x", LANG="fr_FR.UTF-8")[2]
    # --lang en, a machine format, a command without --lang: Click's English, as before.
    for args in (["estimate", "--lang", "en", "--citt", "x"],
                 ["estimate", "--json", "--citt", "x"],
                 ["estimate", "--format", "csv", "--citt", "x"],
                 ["batch", "--citt", "x"]):
        code, _, err = invoke(*args, LANG="fr_FR.UTF-8")
        assert code == 2 and "Error: No such option: --citt" in err, args
        assert err.startswith("Usage: iasalaire ")


def test_english_is_click_s_own_wording() -> None:
    code, _, err = invoke("estimate", "--citt", "x", LANG="C")
    assert (code, err) == (2, "Usage: iasalaire estimate [OPTIONS]\nTry 'iasalaire estimate "
                              "--help' for help.\n\nError: No such option: --citt (Possible "
                              "options: --cert, --city)\n")


def test_a_message_of_an_unknown_shape_keeps_click_s_words() -> None:
    t = i18n.language("fr")
    assert usage.translate("Something Click says one day.", t) == "Something Click says one day."
    assert usage.translate("No such option: -z", t) == f"option inconnue{NBSP}: -z"


def test_every_parser_message_has_its_french() -> None:
    t = i18n.language("fr")
    templates = [template for _, template in usage.MESSAGES + usage.INNER]
    templates += ["Usage: ", "Try '{command} {option}' for help."]
    assert [m for m in templates if t.translations.gettext(m) == m] == []


def test_the_console_script_keeps_the_exit_codes() -> None:
    env = {"LANG": "fr_FR.UTF-8", "PATH": "/usr/bin:/bin"}
    for args, expected in ((["estimate", "--citt", "x"], 2), (["estimate", "--exp", "5"], 0),
                           (["estimate", "--exp", "500"], 2), (["--version"], 0)):
        run = subprocess.run([sys.executable, "-m", "iasalaire", *args], capture_output=True,
                             text=True, env=env, check=False)
        assert run.returncode == expected, (args, run.stderr)
    run = subprocess.run([sys.executable, "-m", "iasalaire", "estimate", "--citt", "x"],
                         capture_output=True, text=True, env=env, check=False)
    assert run.stderr.startswith(f"Utilisation{NBSP}: iasalaire estimate")
