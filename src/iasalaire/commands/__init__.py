"""The commands that show money, one module each (as pipx does); cli.py holds the others."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer


def register(app: typer.Typer, reported: Callable[[Any], Any]) -> None:
    from iasalaire.commands.compare import compare
    from iasalaire.commands.curve import curve
    from iasalaire.commands.estimate import estimate

    app.command()(reported(estimate))
    app.command()(reported(compare))
    app.command()(reported(curve))
