"""The human views. The only module that imports rich (kept off the --json path)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from iasalaire.core import Estimate
from iasalaire.output import (bar, factor_rows, headline, purchasing_power, signed,
                              spread_text, usd)


def console(file: TextIO | None = None) -> Console:
    # rich already drops colour when the stream is not a terminal or NO_COLOR is set.
    return Console(file=file or sys.stdout, highlight=False, soft_wrap=False)


def estimate_view(result: Estimate, out: Console) -> None:
    p = result.percentiles
    file = result.data.file
    out.print(Text.assemble(("Estimated pay: ", "bold"), (headline(result), "bold cyan"),
                            " (USD / year)"))
    out.print()
    out.print(Text.assemble("  Range   ", (f"{usd(p['p25'])} - {usd(p['p75'])}", "bold green"),
                            ("   the middle half (p25-p75)", "dim")))
    out.print(Text.assemble("  Median  ", (usd(p["p50"]), "bold"),
                            (f"   mean {usd(result.mean)}", "dim")))
    out.print(Text.assemble(f"  p10 {usd(p['p10'])} ", (bar(result, 30), "green"),
                            f" {usd(p['p90'])} p90"))
    power = purchasing_power(result)
    if power is not None:
        value, level = power
        out.print(Text.assemble("  Buys    ", (usd(value), "bold"),
                                (f"   at US-average prices (local prices {level.index:.0f}%, "
                                 f"{level.source})", "dim")))
    out.print()
    table = Table(box=None, show_edge=False, header_style="bold", padding=(0, 1))
    # Figures never wrap; on a narrow terminal the labels do (indented under themselves).
    table.add_column("What moved it", overflow="fold")
    table.add_column("x", justify="right", no_wrap=True)
    table.add_column("effect", justify="right", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("confidence", no_wrap=True)
    table.add_row(f"Base: {file.base.label}", "", usd(result.base), file.base.source,
                  file.base.confidence)
    for factor, effect in factor_rows(result):
        table.add_row(f"{factor.dimension.capitalize()}: {factor.label}",
                      f"{factor.multiplier:.3f}", signed(effect), factor.source,
                      _confidence(factor.confidence))
    out.print(Padding(table, (0, 0, 0, 1), expand=False))
    out.print()
    out.print(Text.assemble(("How sure: ", "bold"), "median ", _confidence(result.confidence),
                            " (its weakest figure), range ", _confidence(file.spread.confidence),
                            f" (spread {file.spread.source})."))
    out.print(Text.assemble(("Wide range: " if result.wide else "Range: ", "bold"),
                            spread_text(result)))
    notes = Table.grid(padding=(0, 1))
    notes.add_column(no_wrap=True)
    notes.add_column(style="dim")
    for factor in result.factors:
        if factor.note:
            notes.add_row(f"  {factor.dimension}:", factor.note)
    if notes.row_count:
        out.print(Text("Notes:", style="bold"))
        out.print(notes)
    out.print(Text(f"Data: {result.data.name} {result.data.version}; sources: "
                   + ", ".join(result.source_keys()) + " (iasalaire list sources)", style="dim"))
    for warning in result.warnings:
        out.print(Text(f"warning: {warning}", style="yellow"))


def _confidence(level: str) -> Text:
    return Text(level, style={"high": "green", "medium": "yellow", "low": "red"}[level])


def list_view(title: str, rows: Sequence[dict[str, Any]], out: Console) -> None:
    table = Table(title=title, title_justify="left", box=None, header_style="bold",
                  padding=(0, 1))
    # Aliases make the table unreadable on a terminal; `list --json` gives them all.
    columns = [c for c in (rows[0] if rows else []) if c != "aliases"]
    cells = [["" if row.get(c) is None else _cell(row[c]) for c in columns] for row in rows]
    for i, column in enumerate(columns):
        # Short columns keep their full width; labels and titles wrap when space runs out.
        wraps = column in ("label", "title", "detail")
        widest = max([len(column)] + [len(r[i]) for r in cells])
        table.add_column(column, justify="right" if column == "multiplier" else "left",
                         no_wrap=not wraps, min_width=None if wraps else widest,
                         ratio=1 if wraps else None)
    for row_cells in cells:
        table.add_row(*row_cells)
    out.print(table)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def compare_view(field: str, values: Sequence[str], results: Sequence[Estimate],
                 out: Console) -> None:
    """One row per compared value, with its change from the first row (and its median at
    US-average prices when a price level is known)."""
    table = Table(box=None, header_style="bold", padding=(0, 1))
    table.add_column(field)
    powers = [purchasing_power(r) for r in results]
    columns = ["median", "range (p25-p75)", "p10-p90", f"vs {values[0]}"]
    if any(powers):  # cheaper places pay less but cost less (S11)
        columns.append("in US prices")
    for name in (*columns, "confidence"):
        table.add_column(name, justify="right" if name != "confidence" else "left")
    first = results[0].median
    for value, result, power in zip(values, results, powers):
        p = result.percentiles
        cells = [value, usd(p["p50"]), f"{usd(p['p25'])} - {usd(p['p75'])}",
                 f"{usd(p['p10'])} - {usd(p['p90'])}", f"{(result.median / first - 1):+.1%}"]
        if "in US prices" in columns:
            cells.append(usd(power[0]) if power else "")
        table.add_row(*cells, _confidence(result.confidence))
    out.print(Text("Estimated pay (USD / year)", style="bold"))
    out.print(table)


def evaluation_view(result: dict[str, Any], out: Console) -> None:
    """`evaluate` for people: one metric a line, with what it means."""
    pin = result["pinball_log"]
    cover = result["coverage"]
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", padding=(0, 1))
    table.add_column("  metric", no_wrap=True)
    table.add_column("value", justify="right")
    table.add_column("meaning")
    rows = [
        ("rows scored", f"{result['n']:,}", f"of {result['rows']:,} read"),
        ("median abs. % error", f"{result['median_ape']:.1%}", "half the medians are closer"),
        ("MAE_log", f"{result['mae_log']:.4f}", "mean |log(real / median)|"),
        ("pinball p10", f"{pin['p10']:.4f}", "quantile loss, log space"),
        ("pinball p50", f"{pin['p50']:.4f}", "quantile loss, log space"),
        ("pinball p90", f"{pin['p90']:.4f}", "quantile loss, log space"),
        ("inside p10-p90", f"{cover['p10_p90']:.1%}", "ideal 80%"),
        ("inside p25-p75", f"{cover['p25_p75']:.1%}", "ideal 50%"),
    ]
    for name, value, meaning in rows:
        table.add_row(f"  {name}", value, meaning)
    data = result["data"]
    out.print(Text.assemble(("Evaluation of ", "bold"), (f"{data['name']} {data['version']}",
                            "bold cyan"), f" on {result['file']}"))
    out.print()
    out.print(table)
    for title, key, rows in (
            ("By the fields each row gives", "fields", result["by_fields"]),
            ("By country (the largest; ratio = tool median / real pay)", "country",
             result["by_country"]),
            ("By experience", "experience", result["by_experience"])):
        if not rows:
            continue
        groups = Table(box=None, pad_edge=False, show_edge=False, header_style="bold",
                       padding=(0, 1))
        groups.add_column(f"  {key}")
        for name in ("rows", "ratio", "p10-p90", "p25-p75"):
            groups.add_column(name, justify="right", no_wrap=True)
        for row in rows:
            groups.add_row(f"  {row[key]}", f"{row['n']:,}", f"{row['ratio']:.2f}x",
                           f"{row['coverage']['p10_p90']:.0%}",
                           f"{row['coverage']['p25_p75']:.0%}")
        out.print()
        out.print(Text(title, style="bold"))
        out.print(groups)
