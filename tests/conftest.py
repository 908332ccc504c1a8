from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner, Result

from iasalaire import api
from iasalaire.cli import app
from iasalaire.data import Data, load_data


@pytest.fixture(scope="session")
def baseline() -> Data:
    return load_data()


def median(**fields: Any) -> int:
    """The rounded median the baseline gives for a profile."""
    return int(api.estimate(fields)["median"])


def run(*args: str, **env: str) -> Result:
    """Invoke the CLI in-process; stdout and stderr stay separate."""
    return CliRunner().invoke(app, list(args), env=env or None)
