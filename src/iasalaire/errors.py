"""Domain errors and the exit codes they map to (documented in README.md)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    DATA = 1  # bad data file, I/O failure, or (batch) some records were bad
    USAGE = 2  # bad usage or bad value
    INTERRUPTED = 130  # Ctrl-C


def printable(text: str) -> str:
    """A value for a message, on one line: control characters shown escaped ('\\n')."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


SHOWN_VALUE = 60  # characters of a user's value that a message quotes (then "...")


def clipped(text: str, size: int = SHOWN_VALUE) -> str:
    """A value as a message quotes it: at most `size` characters, so that a 1 MB value makes
    a short message, not a 1 MB one."""
    return text if len(text) <= size else text[:size - 3] + "..."


class IasalaireError(Exception):
    """Base of every error the core raises on purpose; the CLI shows it as one line."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidValue(IasalaireError):
    """A profile value is out of range, of the wrong type, or not in a closed list."""


class UnknownValue(InvalidValue):
    """A name that is not in a closed list (city, sector, ...), with the closest known name."""

    def __init__(self, field: str, value: str, suggestion: str | None = None,
                 hint: str = "") -> None:
        close = f" (did you mean '{suggestion}'?)" if suggestion else ""
        shown = printable(clipped(value))
        super().__init__(f"unknown {field} '{shown}'{close}{'; ' + hint if hint else ''}", field)
        self.value = value
        self.suggestion = suggestion


class DataFileError(IasalaireError):
    """The data file is missing, unreadable, malformed or does not follow the schema."""

    exit_code = ExitCode.DATA


class Amount(float):
    """An amount in a message: '65,500' in English; a human view formats it in its language
    ('65 500' in French) instead of showing the English digits."""

    def __format__(self, spec: str) -> str:
        if spec:
            return float.__format__(self, spec)
        return f"{self:,.0f}" if self.is_integer() else f"{self:,}"

    def __str__(self) -> str:
        return format(self, "")


class Problem(InvalidValue):
    """An InvalidValue whose message is a template with values, so that a human view can
    show it in the person's language (the English text is the gettext message id)."""

    def __init__(self, template: str, field: str | None = None, /, **values: object) -> None:
        super().__init__(template.format(**values), field)
        self.template = template
        self.values = values
