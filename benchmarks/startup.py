"""Start-up cost of `iasalaire estimate --json` against an empty Typer app with the same options,
and of the English and French table views against that JSON path.

    python benchmarks/startup.py [--runs 21]

All run in this interpreter's environment, interleaved, so the machine's state affects them
alike; the figures that matter are the ratios of medians (goals: JSON at most 1.15x the empty
app; each table view at most 1.5x the JSON path, Babel and the catalogue included).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EMPTY_APP = '''
from pathlib import Path
from typing import Annotated, Optional
import typer

app = typer.Typer(add_completion=False)


@app.callback()
def root() -> None:
    """Same shape as iasalaire: a group with subcommands."""


@app.command()
def estimate(
    exp: Annotated[Optional[float], typer.Option("--exp", "--years")] = None,
    level: Optional[str] = None, city: Optional[str] = None, country: Optional[str] = None,
    sector: Optional[str] = None, company: Optional[str] = None, role: Optional[str] = None,
    cert: Annotated[Optional[list[str]], typer.Option("--cert")] = None,
    skill: Annotated[Optional[list[str]], typer.Option("--skill")] = None,
    remote: Optional[str] = None, data: Optional[Path] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
    format: Annotated[str, typer.Option("--format", "-f")] = "table",
) -> None:
    print("{}")


@app.command("list")
def list_values() -> None:
    pass


app()
'''
ARGS = ["estimate", "--json", "--exp", "5", "--city", "San Francisco", "--sector", "tech",
        "--skill", "pytorch", "--cert", "advanced-ml"]


TABLE = [a for a in ARGS if a != "--json"]


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    script = shutil.which("iasalaire", path=str(Path(sys.executable).parent))
    ours = [script] if script else [sys.executable, "-m", "iasalaire"]
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty_app.py"
        empty.write_text(EMPTY_APP)
        reference = [sys.executable, str(empty)]
        english = dict(os.environ, LANG="C.UTF-8", LANGUAGE="", LC_ALL="", COLUMNS="100")
        french = dict(english, LANG="fr_FR.UTF-8")
        runs_of = {
            "empty Typer app": (reference + ARGS, None),
            "estimate --json": (ours + ARGS, None),
            "table, English": (ours + TABLE, english),
            "table, French": (ours + TABLE, french),
        }
        for command, env in runs_of.values():  # warm the file cache and .pyc files
            wall(command, env)
        times: dict[str, list[float]] = {name: [] for name in runs_of}
        for _ in range(runs):
            for name, (command, env) in runs_of.items():
                times[name].append(wall(command, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:16} median {value * 1000:7.1f} ms over {runs} runs")
    json_path = medians["estimate --json"]
    print(f"--json / empty   {json_path / medians['empty Typer app']:.2f}x (goal: at most 1.15x)")
    for name in ("table, English", "table, French"):
        print(f"{name:16} {medians[name] / json_path:.2f}x the --json path (goal: at most 1.5x)")


if __name__ == "__main__":
    main()
