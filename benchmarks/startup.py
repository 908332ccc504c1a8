"""Start-up cost of `iasalaire estimate --json` against an empty Typer app with the same options.

    python benchmarks/startup.py [--runs 21]

Both run in this interpreter's environment, interleaved, so the machine's state affects them
alike; the figure that matters is the ratio of medians (goal: at most 1.15).
"""

from __future__ import annotations

import argparse
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


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
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
        for command in (reference, ours):  # warm the file cache and .pyc files
            wall(command + ARGS)
        times: dict[str, list[float]] = {"empty Typer app": [], "iasalaire": []}
        for _ in range(runs):
            times["empty Typer app"].append(wall(reference + ARGS))
            times["iasalaire"].append(wall(ours + ARGS))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:16} median {value * 1000:7.1f} ms over {runs} runs")
    ratio = medians["iasalaire"] / medians["empty Typer app"]
    print(f"ratio            {ratio:.2f}x (goal: at most 1.15x)")


if __name__ == "__main__":
    main()
