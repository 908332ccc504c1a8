"""The console script's entry: imports nothing until it runs, so that Ctrl-C while the
command line is still being imported (a second on a busy machine) ends as it does later,
with "Interrupted." and exit code 130, never a traceback."""

from __future__ import annotations

import sys

INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def main() -> None:
    try:
        from iasalaire.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(INTERRUPTED)
    run()
