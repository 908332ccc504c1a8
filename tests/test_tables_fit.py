"""Issue 18: every table view fits 40 to 120 columns: no line wider than the terminal, no
trailing spaces, no number cut or replaced by an ellipsis, words wrapped whole."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from tests.conftest import run

WIDTHS = (40, 60, 80, 120)
VIEWS = {
    "estimate fr": ["estimate", "--exp", "5", "--city", "Austin", "--role", "ml-engineer",
                    "--lang", "fr", "--offer", "165k"],
    "estimate en": ["estimate", "--exp", "5", "--city", "San Francisco", "--cert",
                    "aws-ml-specialty", "--skill", "pytorch", "--lang", "en", "--offer", "165k"],
    "estimate net": ["estimate", "--exp", "3", "--city", "Lyon", "--lang", "fr", "--net",
                     "--period", "mois", "--months", "13"],
    "compare scenarios": ["compare", "city=Austin offer=165k", "city=Seattle offer=180k",
                          "--exp", "5", "--lang", "fr"],
    "compare cities": ["compare", "city", "SF", "Austin", "Paris", "--exp", "5", "--lang", "en"],
    "curve": ["curve", "--city", "Lyon", "--lang", "fr", "--offer", "70k"],
    "list": ["list", "cities", "--lang", "fr"],
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_view_fits_the_terminal(name: str, width: int) -> None:
    result = run(*VIEWS[name], COLUMNS=str(width), NO_COLOR="1")
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        assert cell_len(line) <= width, line
        assert line == line.rstrip(), f"trailing spaces: {line!r}"
        assert "…" not in line


@pytest.mark.parametrize("width", WIDTHS)
def test_no_figure_of_the_estimate_is_split(width: int) -> None:
    args = VIEWS["estimate fr"]
    out = run(*args, COLUMNS=str(width)).stdout
    document = json.loads(run(*args[:-4], "--json").stdout)
    text = out.replace("\n", " ")
    for value in (document["median"], document["range"]["low"], document["range"]["high"],
                  document["percentiles"]["p10"], document["percentiles"]["p90"]):
        assert f"{value:,}".replace(",", "\u202f") in text
    for factor in document["factors"]:
        assert f"{factor['multiplier']:.3f}".replace(".", ",") in text


def test_a_wide_terminal_keeps_the_factor_table() -> None:
    out = run(*VIEWS["estimate en"], COLUMNS="120").stdout
    header = next(line for line in out.splitlines() if "What moved it" in line)
    assert header.split() == ["What", "moved", "it", "x", "effect", "source", "confidence"]


def test_a_narrow_terminal_gives_each_factor_its_own_block() -> None:
    out = run(*VIEWS["estimate en"], COLUMNS="40").stdout.splitlines()
    at = out.index("  City: San Francisco")
    multiplier = next(f["multiplier"] for f in json.loads(
        run(*VIEWS["estimate en"], "--json").stdout)["factors"] if f["dimension"] == "city")
    assert out[at + 1].startswith(f"    x{multiplier:.3f}  +")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("what", ["roles", "cities", "certs", "skills", "sources"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_list_shows_every_value_whole(what: str, lang: str, width: int) -> None:
    rows = json.loads(run("list", what, "--json").stdout)
    out = run("list", what, "--lang", lang, COLUMNS=str(width)).stdout
    words = set(out.split())
    for row in rows:
        assert row["id"] in words, row["id"]
        if "source" in row:
            assert row["source"] in words
    for line in out.splitlines():
        assert cell_len(line) <= width and line == line.rstrip()
