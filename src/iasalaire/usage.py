"""The command-line parser's own messages (Click's, inside Typer) in the run's language.

Typer's copy of Click words its usage errors in English f-strings (only a few go through
gettext), so a catalogue for Click's domain would miss most of them. Instead the app's group
(cli.Group) runs Click without its standalone handling and shows a usage error itself: in
English exactly as Click does (`error.show()`), in French from the catalogue
(locale/fr/LC_MESSAGES/iasalaire.po), by the shapes of Click's messages below. A message of
an unknown shape (a newer Click) keeps Click's words after the French 'Erreur :' and usage
lines. The exit code is always Click's.

The language is the one the command's human view would speak: --lang, else the locale
(i18n.detect); English for a command without --lang (batch, calibrate...) and for the
machine formats (--json, --format json or csv), whose messages stay English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

# Click's messages (click.exceptions, click.parser, click.core, typer.core) and ours
# (cli._refuse_repeated_options, options.choice), as patterns, and the message ids that say
# them in the catalogue. Tried in order; `message` is translated in turn by INNER.
MESSAGES: tuple[tuple[str, str], ...] = (
    (r"No such option: (?P<name>\S+) \(Possible options: (?P<names>.+)\)",
     "No such option: {name} (possible options: {names})"),
    (r"No such option: (?P<name>\S+) Did you mean (?P<names>\S+)\?",
     "No such option: {name} (possible options: {names})"),
    (r"No such option: (?P<name>\S+)", "No such option: {name}"),
    (r"No such command (?P<name>'.*')\. Did you mean (?P<names>.+)\?",
     "No such command {name}. Did you mean {names}?"),
    (r"No such command (?P<name>'.*')\.", "No such command {name}."),
    (r"Missing command\.", "Missing command."),
    (r"Option (?P<name>'.*') requires an argument\.", "Option {name} requires an argument."),
    (r"Option (?P<name>'.*') requires (?P<count>\d+) arguments\.",
     "Option {name} requires {count} arguments."),
    (r"Option (?P<name>'.*') does not take a value\.", "Option {name} does not take a value."),
    (r"Argument (?P<name>'.*') takes (?P<count>\d+) values\.",
     "Argument {name} takes {count} values."),
    (r"Missing argument (?P<name>'.*')\.", "Missing argument {name}."),
    (r"Missing option (?P<name>'.*')\.", "Missing option {name}."),
    (r"Missing parameter (?P<name>'.*')\.", "Missing parameter {name}."),
    (r"Invalid value for (?P<name>'[^:]*'): (?P<message>.+)",
     "Invalid value for {name}: {message}"),
    (r"Invalid value: (?P<message>.+)", "Invalid value: {message}"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<arg>\S+)\)",
     "Got an unexpected extra argument: {arg}"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)",
     "Got unexpected extra arguments: {args}"),
    (r"(?P<name>\S+(?: / \S+)*) is given twice: give it once",
     "{name} is given twice: give it once"),
)
# What a bad value's message says after 'Invalid value for ...: '.
INNER: tuple[tuple[str, str], ...] = (
    (r"(?P<value>'.*') is not one of (?P<known>[^()]+) \(or (?P<aliases>.+)\)",
     "{value} is not one of {known} (or {aliases})"),
    (r"(?P<value>'.*') is not one of (?P<known>.+?)\.?", "{value} is not one of {known}"),
    (r"Input should be a valid integer.*", "a whole number is expected"),
    (r"Input should be a valid number.*", "a number is expected"),
    (r"(?P<value>'.*') is not a valid integer( range)?\.", "{value} is not a whole number"),
    (r"(?P<value>'.*') is not a valid float( range)?\.", "{value} is not a number"),
)


# The placeholders of the usage lines (Typer's metavars) in French.
PLACEHOLDERS = {"fr": (("COMMAND", "COMMANDE"), ("[ARGS]", "[ARGUMENTS]"),
                       ("FIELD VALUE", "CHAMP VALEUR"), ("SCENARIO", "SCÉNARIO"),
                       ("WHAT", "LISTE"), ("'what'", "'LISTE'"))}


def _placeholders(text: str, code: str) -> str:
    for english, translated in PLACEHOLDERS.get(code, ()):
        text = text.replace(english, translated)
    return text


def _quoted(text: str) -> str:
    """'--city' as « --city » (French quotes, narrow no-break spaces inside)."""
    return re.sub(r"'([^']*)'", "«\u202f\\1\u202f»", text)


def translate(message: str, t: Any, table: Sequence[tuple[str, str]] = MESSAGES) -> str:
    """Click's English message in `t`'s language (as it is when no shape matches)."""
    for pattern, template in table:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found is None:
            continue
        values = {name: _quoted(_placeholders(value or "", t.code))
                  for name, value in found.groupdict().items()}
        if found.groupdict().get("message") is not None:
            values["message"] = translate(found["message"], t, INNER)
        return str(t(template, **values))
    return message


def language(args: Sequence[str], command: Any) -> str:
    """The language a usage error of `command` (the click command the arguments name, None
    when they name none) is said in."""
    words = list(args)
    if "--json" in words:
        return "en"
    for i, word in enumerate(words):
        if word in ("--format", "-f") and i + 1 < len(words):
            if words[i + 1].strip().casefold() in ("json", "csv"):
                return "en"
        elif word.startswith("--format=") and word.split("=", 1)[1].casefold() in ("json",
                                                                                     "csv"):
            return "en"
    if command is not None and not any(p.name == "lang" for p in command.params):
        return "en"
    for i, word in enumerate(words):
        value = (words[i + 1] if word == "--lang" and i + 1 < len(words)
                 else word.split("=", 1)[1] if word.startswith("--lang=") else None)
        if value is not None:
            return "fr" if value.strip().casefold() == "fr" else "en"
    from iasalaire.i18n import detect

    return detect()


def show(error: Any, code: str) -> None:
    """A usage error on stderr as Click shows it, in the language `code`."""
    if code == "en":
        error.show()
        return
    from iasalaire.i18n import language as speaking
    from iasalaire.text import say

    t = speaking(code)
    ctx = getattr(error, "ctx", None)
    if ctx is not None and type(error).__name__ == "NoArgsIsHelpError":
        error.show()  # the help itself (Typer's help text stays English)
        return
    if ctx is not None:
        usage = ctx.get_usage()
        if usage.startswith("Usage: "):
            usage = t("Usage: ") + _placeholders(usage.removeprefix("Usage: "), code)
        lines = [usage]
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(t("Try '{command} {option}' for help.", command=ctx.command_path,
                           option=ctx.help_option_names[0]))
        say("\n".join(lines) + "\n")
    say(t("Error: {message}", message=translate(error.format_message(), t)))
