"""Shared helpers: the CLI runner, the baseline, and small salary surveys the tests generate
(never rows of the real data)."""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner, Result

from iasalaire import api
from iasalaire.cli import app
from iasalaire.data import Data, load_data

# What a user's shell may set that changes what the tool prints: the language (ENV_ORDER in
# i18n), the width, colour, and our own variables. Every test starts without them, in the C
# locale, whatever the developer's machine says; a test that wants French or a width asks.
LEAKY = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_NUMERIC", "LC_MONETARY", "COLUMNS", "LINES",
         "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE",
         "TTY_INTERACTIVE", "PYTHONIOENCODING")


@pytest.fixture(autouse=True)
def known_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*LEAKY, *(n for n in os.environ if n.startswith("IASALAIRE_"))]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("TERM", "dumb")


@pytest.fixture(scope="session")
def baseline() -> Data:
    return load_data()


def median(**fields: Any) -> int:
    """The rounded median the baseline gives for a profile."""
    return int(api.estimate(fields)["median"])


def run(*args: str, **env: str) -> Result:
    """Invoke the CLI in-process; stdout and stderr stay separate."""
    return CliRunner().invoke(app, list(args), env=env or None)


PROFILE_HEADER = ["level", "country", "company", "role", "remote", "salary"]
PLANTED = {"country": {"US": 1.0, "FR": 0.6}, "level": {"junior": 0.7, "senior": 1.3}}


def planted_rows(n: int = 2000, seed: int = 1, sigma: float = 0.2) -> list[list[Any]]:
    """Profiles with known multipliers: salary = 150,000 x country x level x noise; a quarter
    of the rows in FR, at both levels."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        country = "FR" if (i // 2) % 4 == 0 else "US"
        level = "junior" if i % 2 else "senior"
        noise = math.exp(rng.normal(0, sigma))
        salary = 150_000 * PLANTED["country"][country] * PLANTED["level"][level] * noise
        rows.append([level, country, "M", "Data Scientist", "0", round(salary)])
    return rows


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: list[list[Any]], header: list[str] = PROFILE_HEADER,
              name: str = "survey.csv") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        return runner.invoke(app, [str(a) for a in args])

    return invoke
