"""Compile the gettext catalogues: src/iasalaire/locale/<lang>/LC_MESSAGES/iasalaire.po -> .mo.

    pip install Babel && python scripts/build_mo.py [--check]

The .mo files are committed next to their .po, so that a plain `pip install .` ships them in
the wheel with no build-time step; `--check` exits 1 when a .mo does not hold the .po's
messages (the test suite runs the same check). It compares messages, not bytes: the bytes of
a .mo depend on the Babel release that wrote it (its Generated-By header, for one).
"""

from __future__ import annotations

import argparse
import gettext
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "src" / "iasalaire" / "locale"


def compiled(po: Path) -> bytes:
    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def messages(mo: bytes) -> dict[object, object]:
    """What a compiled catalogue translates, header left out (it names the tool that wrote it)."""
    found = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]
    found.pop("", None)
    return found


def same_messages(po: Path, mo: Path) -> bool:
    return mo.is_file() and messages(mo.read_bytes()) == messages(compiled(po))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    check = parser.parse_args().check
    stale = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if check:
            if not same_messages(po, mo):
                stale.append(mo)
        else:
            mo.write_bytes(compiled(po))
            print(f"wrote {mo}")
    for mo in stale:
        print(f"{mo} is not the compiled .po: run python scripts/build_mo.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
