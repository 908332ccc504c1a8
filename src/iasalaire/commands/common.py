"""What the money-showing commands share: the language, the view, the warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from iasalaire.options import HUMAN, Lang, choose_language
from iasalaire.text import say

if TYPE_CHECKING:
    from iasalaire.money import Money
    from iasalaire.render import View


def speak(human: bool, lang: Lang | None) -> str:
    """The language of this run: a human view's (from --lang or the locale), English for the
    machine formats, which are the same bytes whatever the locale."""
    code = choose_language(lang) if human else "en"
    HUMAN["lang"] = code if human else None
    return code


def warn(warnings: Any, code: str) -> None:
    """Each warning once, on stderr, in the run's language."""
    t = None
    if code != "en":
        from iasalaire.i18n import language

        t = language(code)
    for warning in dict.fromkeys(warnings):
        text = (t("warning: {message}", message=t.warning(warning)) if t
                else f"warning: {warning}")
        say(text)


def echo_result(text: str, json: bool = False) -> None:
    """A result on stdout, whatever the terminal's encoding: JSON escapes what the encoding
    cannot show (still the same JSON), text falls back to ASCII look-alikes."""
    import sys

    from iasalaire.text import ascii_json, for_encoding

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    typer.echo(ascii_json(text, encoding) if json else for_encoding(text, encoding))


def view(code: str, money: Money) -> View:
    from iasalaire.i18n import language
    from iasalaire.render import View

    return View(language(code), money)
