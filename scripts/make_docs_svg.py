"""Write the pictures of README.md (docs/*.svg) from real runs, with rich's SVG export.

    python scripts/make_docs_svg.py

Each picture is what `iasalaire ...` draws in a terminal of the given width, colours included.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from iasalaire import render
from iasalaire.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs"
PICTURES = {
    "curve.svg": (["curve", "--city", "Paris", "--role", "ml-engineer", "--lang", "fr",
                   "--currency", "EUR"], 92),
    "estimate-fr.svg": (["estimate", "--exp", "5", "--city", "Lyon", "--lang", "fr",
                         "--currency", "local", "--offer", "80000"], 100),
}


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for name, (args, width) in PICTURES.items():
        recorder = Console(record=True, width=width, force_terminal=True, color_system="truecolor",
                           highlight=False, soft_wrap=False, file=io.StringIO())
        render.console = lambda file=None, _c=recorder: _c  # type: ignore[assignment]
        try:
            app(args, prog_name="iasalaire", standalone_mode=False)
        finally:
            recorder.file.close()
        title = "iasalaire " + " ".join(f"'{a}'" if " " in a else a for a in args)
        recorder.save_svg(str(DOCS / name), title=title)
        print(f"wrote {DOCS / name}")


if __name__ == "__main__":
    main()
