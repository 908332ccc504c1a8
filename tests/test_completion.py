"""Shell completion (Typer's): values offered for the profile options."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from iasalaire.options import _complete, _complete_currency


def complete(words: str) -> list[str]:
    """What bash gets back for the command line `words` (the last word being completed)."""
    parts = words.split(" ")
    env = {**os.environ, "_IASALAIRE_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(parts) - 1)}
    result = subprocess.run([sys.executable, "-m", "iasalaire"], env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(("words", "expected"), [
    ("iasalaire estimate --city san", {"san-francisco", "san-jose", "san-diego"}),
    ("iasalaire estimate --country F", {"FR", "FI"}),
    ("iasalaire estimate --role data-s", {"data-scientist", "data-specialist"}),
    ("iasalaire estimate --sector fin", {"finance"}),
    ("iasalaire compare --cert aws", {"aws-ml-specialty", "aws-ml-engineer"}),
    ("iasalaire curve --skill py", {"python", "pytorch"}),
    ("iasalaire estimate --currency EU", {"EUR"}),
])
def test_bash_completion_offers_the_known_values(words: str, expected: set[str]) -> None:
    offered = set(complete(words))
    assert expected <= offered
    assert all(v.casefold().startswith(words.rsplit(" ", 1)[1].casefold()) for v in offered)


def test_completion_functions_are_case_blind_and_never_fail() -> None:
    assert "paris" in _complete("city")("PA")
    assert "local" in _complete_currency("lo")
    assert _complete("no-such-list")("x") == []


def test_show_completion_prints_a_script_to_install() -> None:
    """The shell is named, not detected from the processes above the test (there may be no
    shell and no terminal at all): Typer's switch makes --show-completion take its value."""
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run([sys.executable, "-m", "iasalaire", "--show-completion", "bash"],
                            capture_output=True, text=True, check=False, env=env,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    assert result.returncode == 0, result.stderr
    assert "_iasalaire_completion()" in result.stdout
    assert "complete -o default -F _iasalaire_completion iasalaire" in result.stdout
