"""The human views. The only module that imports rich (kept off the --json path)."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO, cast

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from iasalaire.core import Estimate, Factor
from iasalaire.i18n import Language
from iasalaire.money import NET_SOURCE, Money, net_ratio
from iasalaire.offer import Offer
from iasalaire.output import bar, factor_rows, headline, purchasing_power, spread_text
from iasalaire.text import for_encoding


def console(file: TextIO | None = None) -> Console:
    # rich already drops colour when the stream is not a terminal or NO_COLOR is set.
    stream = file or sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if not encoding.startswith("utf"):  # latin-1, cp1252, ascii: no bar blocks, no '’'
        stream = _Fallback(stream, encoding)
    return _Console(file=cast(TextIO, _Trimmed(stream)), highlight=False, soft_wrap=False,
                    width=sane_width())


_TRAILING = re.compile(r"[ ]+((?:\x1b\[[0-9;]*m)*)\n")


class _Trimmed(io.TextIOBase):
    """A text stream whose lines end without the spaces rich pads them with (they paste
    badly): whole lines are written, trimmed, as they complete."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", None) or "utf-8")

    def write(self, text: str) -> int:
        lines = self._pending + text
        end = lines.rfind("\n") + 1
        self._pending = lines[end:]
        if end:
            self._stream.write(_TRAILING.sub(r"\1\n", lines[:end]))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending.rstrip(" "))
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()



class _Console(Console):
    """rich exits 1 when the reader of stdout goes away; the CLI wants that quiet and 0, as
    for --json and batch: let BrokenPipeError reach it."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


MIN_WIDTH = 40  # a COLUMNS under this (0, negative, nonsense) would draw nothing readable


def sane_width() -> int | None:
    """The width to draw at: None (rich reads COLUMNS or the terminal) unless COLUMNS is set
    to something no table fits in, which falls back to 80 (unreadable) or MIN_WIDTH (narrow)."""
    import os

    raw = os.environ.get("COLUMNS")
    if raw is None:
        return None
    try:
        columns = int(raw.strip())
    except ValueError:
        return 80
    if columns <= 0:
        return 80
    return max(columns, MIN_WIDTH) if columns < MIN_WIDTH else None


class _Fallback(io.TextIOBase):
    """A text stream that shows what its encoding cannot as ASCII look-alikes (text.py)."""

    def __init__(self, stream: TextIO, encoding: str) -> None:
        self._stream = stream
        self._encoding = encoding

    # typeshed calls it an attribute; at run time io makes it a read-only property.
    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def write(self, text: str) -> int:
        self._stream.write(for_encoding(text, self._encoding))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()


class View:
    """What one human view needs besides the estimate: the language and how amounts show."""

    def __init__(self, t: Language, money: Money) -> None:
        self.t = t
        self.money = money

    def amount(self, yearly: float) -> str:
        return self.t.number(self.money.amount(yearly))

    def after(self) -> str:
        """French says the currency after an amount it stands alone with ('65 500 €')."""
        if self.t.code == "en":
            return ""
        return "\u00a0" + self.t.symbol(self.money.currency)

    def span(self, low: float, high: float) -> str:
        return self.t("{low} - {high}", low=self.amount(low), high=self.amount(high))

    def unit(self) -> str:
        """'USD / year', 'EUR / month, 13 a year, net before income tax' ('€ brut / an')."""
        t, money = self.t, self.money
        currency = money.currency if t.code == "en" else t.symbol(money.currency)
        if money.period == "month":
            period = (t("month") if money.months == 12
                      else t("month, {months} a year", months=money.months))
        else:
            period = t("year")
        # French pay is always said gross (brut) or net; English leaves gross unsaid.
        template = ("{currency} / {period}, net before income tax" if money.net
                    else "{currency} / {period}")
        return t(template, currency=currency, period=period)

    def scale(self, result: Estimate) -> float:
        """Shown amount per yearly data-currency unit at the median (for effects, which are
        differences and are scaled like the median they add up to)."""
        return self.money.show(result.median) / result.median

    def factor_label(self, factor: Factor, result: Estimate) -> str:
        t = self.t
        if t.code == "en":
            return factor.label  # the core's own English label
        dimension = factor.dimension
        if dimension == "years":
            years = float(factor.input)
            return t.plural("{n} year of experience", "{n} years of experience", years,
                            n=t.decimal(years))
        if dimension == "level":
            level = result.data.lookup("level", str(result.profile["level"]))
            return t("{level} (placed at {years} years)", level=t.label(level.label),
                     years=t.decimal(level.years))
        if dimension == "country" and result.profile.get("country"):
            return t.country(str(result.profile["country"]), factor.label)
        if dimension == "premium-cap":
            return t("Cap on stacked premiums (x{cap})",
                     cap=t.decimal(result.data.file.stacking.cap))
        if dimension == "interaction":
            return factor.label
        return t.label(factor.label)

    def row_label(self, factor: Factor, result: Estimate) -> str:
        """A factor after its dimension: 'Expérience : 3 ans', not '... 3 ans d'expérience'."""
        if self.t.code != "en" and factor.dimension == "years":
            years = float(factor.input)
            return self.t.plural("{n} year", "{n} years", years, n=self.t.decimal(years))
        return self.factor_label(factor, result)

    def headline(self, result: Estimate) -> str:
        """'5 years of experience, San Francisco': what the estimate is for."""
        if self.t.code == "en":
            return headline(result)
        parts = [self.factor_label(f, result) for f in result.factors
                 if f.dimension not in ("premium-cap", "interaction")]
        return ", ".join(parts) if parts else self.t("any AI engineer, worldwide")

    def article_text(self, result: Estimate) -> str | None:
        """The article's figure for the same profile, beside the measured one."""
        other = result.reference
        if other is None:
            return None
        return self.t("the article says {article} for this profile ({source}, --data {name}); "
                      "salary surveys put it at {median} (x{ratio})",
                      article=self.amount(other.median), source=other.data.file.base.source,
                      name=other.data.name, median=self.amount(result.median),
                      ratio=self.t.decimal(round(result.median / other.median, 3), 3))

    def basis(self) -> str:
        return self.t("base salary: gross, before tax, yearly, without bonus or equity")

    def spread_text(self, result: Estimate) -> str:
        """Why the range is as wide as it is, in a sentence (output.spread_text in English)."""
        t = self.t
        if t.code == "en":
            return spread_text(result)
        p = result.percentiles
        text = t("p90 is {ratio}x p10 (log-space sigma {sigma}): the spread of a fully "
                 "described profile ({residual})", ratio=t.decimal(round(p["p90"] / p["p10"], 1)),
                 sigma=t.decimal(round(result.sigma, 2), 2),
                 residual=t.decimal(round(result.spread.residual, 2), 2))
        reasons = [self._reason(result, what, why)
                   for what, value, why in result.spread.parts if value > 0]
        if reasons:
            text += t(", widened: {reasons}", reasons=t("; ").join(reasons))
        return text + "."

    def _reason(self, result: Estimate, what: str, why: str) -> str:
        """One reason the range is wider, in this language (the core words it in English)."""
        t = self.t
        code = result.profile.get("country")
        country = result.data.country(str(code)) if what == "country" and code else None
        if country is None:
            return t(why)
        rows = (t("{count} survey rows", count=t.number(country.count)) if country.count
                else t("no survey rows"))
        return t("{country}'s figure is uncertain ({rows}, {confidence} confidence)",
                 country=t.country(str(code), country.label), rows=rows,
                 confidence=t(country.confidence))

    def note(self, factor: Factor) -> tuple[str, bool]:
        """A factor's note in this language, and whether it is: a French view shows the data
        file's French note (note_fr) after what the core composed, translated here; a note
        the data file gives only in English (a calibrated file) stays English."""
        t = self.t
        if t.code == "en" or not factor.french:
            return factor.note, t.code == "en"
        if factor.lead is None:
            return factor.note_fr, True
        template, values = factor.lead
        shown: dict[str, str] = {}
        for name, value in values:
            if name in ("years", "years2"):
                shown[name] = t.plural("{n} year", "{n} years", float(value),
                                       n=t.decimal(float(value)))
            elif name == "country":
                shown[name] = t.country(str(value), str(value))
            elif name == "city":
                shown[name] = t.label(str(value))
            elif name == "multiplier":
                shown[name] = t.decimal(float(value))
            elif name == "weight":
                shown[name] = t.number(round(float(value) * 100)) + "\u00a0%"
            else:
                shown[name] = str(value)
        lead = t(template, **shown)
        if not factor.note_fr:
            return lead, True
        join = "\u00a0: " if template.startswith("curve anchor") else "\u202f; "
        return lead + join + factor.note_fr, True

    def confidence(self, level: str) -> Text:
        return Text(self.t(level), style=CONFIDENCE_STYLE[level])

    def offer_words(self, offer: Offer) -> str:
        return self.t(POSITION_WORDS[offer.position])

    def ordinal(self, value: float) -> str:
        # 0.3 is not "the 0th percentile" nor 99.8 "the 100th": the ends read 1st and 99th.
        n = min(99, max(1, int(round(value))))
        if self.t.code == "fr":
            return "1er" if n == 1 else f"{n}e"
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"


CONFIDENCE_STYLE = {"high": "green", "medium": "yellow", "low": "red"}
EFFECT_MEANING = ("Effect: each factor's share of the gap between the base and the median, in "
                  "proportion to the log of its multiplier, so the effects add up to the median; "
                  "the same multiplier moves more money on a profile that pays more.")
# The base is the level every factor multiplies; the data file's label may read as a ranking
# ("worldwide median"), so the views name it for what it is.
BASE_LABELS = {"AI engineers, worldwide median": "AI engineers, all countries"}


def base_label(t: Language, label: str) -> str:
    return t.label(BASE_LABELS.get(label, label))


POSITION_WORDS = {
    "below-p10": "below the wide range (under p10)",
    "below-middle-half": "below the middle half",
    "middle-half": "within the middle half",
    "above-middle-half": "above the middle half",
    "above-p90": "above the wide range (over p90)",
}
POSITION_STYLE = {"below-p10": "bold red", "below-middle-half": "red",
                  "middle-half": "green", "above-middle-half": "cyan", "above-p90": "bold cyan"}


def estimate_view(result: Estimate, out: Console, view: View | None = None,
                  offer: Offer | None = None) -> None:
    view = view or english_usd(result)
    t, money = view.t, view.money
    p = result.percentiles
    file = result.data.file
    names = t.percentile
    say(out, Text.assemble((t("Estimated pay: "), "bold"), (view.headline(result), "bold cyan"),
                           f" ({view.unit()})"))
    out.print()
    lines: list[tuple[str, Text]] = [
        (t("Range"), Text.assemble((view.span(p["p25"], p["p75"]) + view.after(), "bold green"),
                                   (t("   the middle half (p25-p75)"), "dim"))),
        (t("Median"), Text.assemble((view.amount(p["p50"]) + view.after(), "bold"),
                                    (t("   mean {mean}", mean=view.amount(result.mean)), "dim"))),
    ]
    width = max(len(label) for label, _ in lines) + 2
    power = purchasing_power(result)
    extra: list[tuple[str, Text]] = []
    if power is not None:
        value, level = power
        extra.append((t("Buys"), Text.assemble(
            (view.amount(value), "bold"),
            (t("   at US-average prices (local prices {index}%, {source})",
               index=f"{level.index:.0f}", source=level.source), "dim"))))
    if offer is not None:
        extra.append((t("Offer"), offer_text(view, offer)))
        if offer.purchasing_power is not None:
            extra.append(("", Text(t("buys {amount} at US-average prices", amount=t.number(
                offer.purchasing_power)), style="dim")))
        extra.append((t("Gap"), Text(t("{gap} ({percent}) from the median", gap=t.signed(
            offer.gap), percent=t.percent(offer.gap_percent, signed=True)), style="dim")))
    if money.exchange is not None:
        rate = money.exchange
        extra.append((t("Rate"), Text.assemble(
            f"1 {rate.source_currency} = {t.decimal(round(rate.rate, 4))} {rate.to}",
            (t("   {year} average, {source}", year=rate.year, source=rate.source), "dim"))))
    if money.net:
        extra.append((t("Net"), Text(t(
            "before income tax: {ratio} of gross at the median ({source})",
            ratio=t.percent(net_ratio(result.median * money.to_eur)), source=NET_SOURCE),
            style="dim")))
    width = max([width] + [len(label) + 2 for label, _ in extra])
    for label, text in lines[:2]:
        say(out, Text.assemble("  ", label.ljust(width), text), width + 2)
    low = f"{names['p10']} {view.amount(p['p10'])}"
    high = f"{view.amount(p['p90'])} {names['p90']}"
    room = out.width - cell_len(low) - cell_len(high) - 4
    if room >= 10:  # the bar between its ends, as wide as the line allows (30 at most)
        out.print(Text.assemble(f"  {low} ", (bar(result, min(30, room)), "green"), f" {high}"),
                  soft_wrap=True)
    else:  # too narrow for the three on one line: the ends above and below the bar
        out.print(Text(f"  {low}"), soft_wrap=True)
        out.print(Text.assemble("  ", (bar(result, max(10, min(30, out.width - 4))), "green")),
                  soft_wrap=True)
        out.print(Text(f"  {high}"), soft_wrap=True)
    for label, text in extra:
        say(out, Text.assemble("  ", label.ljust(width), text), width + 2)
    out.print()
    scale = view.scale(result)
    rows: list[tuple[str, str, str, str, Text]] = [(
        t("Base: {label}", label=base_label(t, file.base.label)), "",
        t.number(money_round(result.base * scale, money.step)), file.base.source,
        view.confidence(file.base.confidence))]
    for factor, effect in factor_rows(result):
        rows.append((t("{dimension}: {label}", dimension=t(factor.dimension.capitalize()),
                       label=view.row_label(factor, result)),
                     t.decimal(round(factor.multiplier, 3), 3),
                     t.signed(money_round(effect * scale, money.step)), factor.source,
                     view.confidence(factor.confidence)))
    factors_table(out, t, rows)
    say(out, Text(t(EFFECT_MEANING), style="dim"))
    out.print()
    if t.code == "en":
        say(out, Text.assemble((t("How sure: "), "bold"), t("median "),
                                view.confidence(result.confidence),
                                t(" (its weakest figure), range "),
                                view.confidence(result.range_confidence),
                                t(" (spread {source}).", source=file.spread.source)))
    else:  # "médiane moyenne" would read "average median": the confidence comes first
        say(out, Text.assemble((t("How sure: "), "bold"), view.confidence(result.confidence),
                                t(" for the median (its weakest figure), "),
                                view.confidence(result.range_confidence),
                                t(" for the range (spread {source}).",
                                  source=file.spread.source)))
    say(out, Text.assemble((t("Wide range: ") if result.wide else t("Range: "), "bold"),
                           view.spread_text(result)))
    say(out, Text.assemble((t("Basis: "), "bold"), view.basis() + "."))
    said = view.article_text(result)
    if said is not None:
        say(out, Text.assemble((t("Article: "), "bold"), said + "."))
    noted = []
    for f in result.factors:
        if f.note:
            note, translated = view.note(f)
            # A note the data file has only in English (a calibrated file) says so.
            noted.append(("  " + t("{dimension}:", dimension=t(f.dimension)),
                          note if translated else t("(in English) {note}", note=note)))
    if noted:
        out.print(Text(t("Notes:"), style="bold"))
        width = max(cell_len(name) for name, _ in noted) + 1
        # Beside their names when there is room for a readable column, under them otherwise.
        beside = out.width - width >= 30
        for name, note in noted:
            if beside:
                say(out, Text.assemble(name.ljust(width), (note, "dim")), width)
            else:
                out.print(Text(name), soft_wrap=True)
                say(out, Text.assemble("    ", (note, "dim")), 4)
    say(out, Text(t("Data: {name} {version}; sources: {sources} (iasalaire list sources)",
                    name=result.data.name, version=result.data.version,
                    sources=", ".join(result.source_keys())), style="dim"))
    for warning in result.warnings:
        say(out, Text(t("warning: {message}", message=t.warning(warning)), style="yellow"))


def factors_table(out: Console, t: Language,
                  rows: Sequence[tuple[str, str, str, str, Text]]) -> None:
    """The factors: a table when it fits with no word cut (figures never wrap, the labels
    wrap at spaces), else one block per factor: its label, then its figures under it."""
    titles = (t("What moved it"), "x", t("effect"), t("source"), t("confidence"))
    figures = [max(cell_len(titles[i]), *(cell_len(str(r[i])) for r in rows))
               for i in range(1, 5)]
    label_words = max(cell_len(w) for r in [titles, *rows] for w in str(r[0]).split(" "))
    label_full = max(cell_len(str(r[0])) for r in [titles, *rows])
    room = out.width - 1 - sum(figures) - 2 * 5  # one space of padding each side of a column
    if room >= min(label_full, max(label_words, 16)):
        table = Table(box=None, show_edge=False, header_style="bold", padding=(0, 1))
        table.add_column(titles[0], min_width=min(label_full, max(label_words, room)))
        table.add_column(titles[1], justify="right", no_wrap=True)
        table.add_column(titles[2], justify="right", no_wrap=True)
        table.add_column(titles[3], no_wrap=True)
        table.add_column(titles[4], no_wrap=True)
        for row in rows:
            table.add_row(*row)
        out.print(Padding(table, (0, 0, 0, 1), expand=False))
        return
    out.print(Text("  " + titles[0], style="bold"), soft_wrap=True)
    for label, multiplier, effect, source, confidence in rows:
        say(out, Text("  " + label), 4)
        figures_line = Text.assemble("    ", f"x{multiplier}  " if multiplier else "", effect)
        tail = Text.assemble(source, ", ", confidence)
        if figures_line.cell_len + 2 + tail.cell_len <= out.width:
            out.print(Text.assemble(figures_line, "  ", tail), soft_wrap=True)
        else:
            out.print(figures_line, soft_wrap=True)
            out.print(Text.assemble("    ", tail), soft_wrap=True)


def wrapped(text: Text, width: int, indent: int = 0) -> list[Text]:
    """`text` in lines of at most `width` cells, broken at plain spaces only: the no-break
    spaces inside '131 800' or before '€' and ':' never break, and a word longer than a line
    stays whole (the terminal folds it, nothing is cut). Lines after the first start with
    `indent` spaces."""
    plain = text.plain
    words: list[tuple[int, int]] = []  # (start, end) of each run between plain spaces
    start = None
    for i, char in enumerate(plain + " "):
        if char == " ":
            if start is not None:
                words.append((start, i))
                start = None
        elif start is None:
            start = i
    lines: list[Text] = []
    line_start = line_end = None
    lead = len(plain) - len(plain.lstrip(" "))
    room = width - lead
    for begin, end in words:
        if line_start is None:
            line_start, line_end = begin, end
            continue
        assert line_end is not None
        if cell_len(plain[line_start:end]) <= room:
            line_end = end
            continue
        lines.append(text[line_start:line_end])
        room = width - indent
        line_start, line_end = begin, end
    if line_start is not None:
        lines.append(text[line_start:line_end])
    if lead and lines:  # keep a leading indent ("  Range ...")
        lines[0] = Text(" " * lead) + lines[0]
    # A word too long for the line after the indent moves left rather than past the edge.
    return [line if i == 0 else Text(" " * max(0, min(indent, width - line.cell_len))) + line
            for i, line in enumerate(lines)] or [Text("")]


def say(out: Console, text: Text, indent: int = 0) -> None:
    """One paragraph, wrapped at plain spaces to the console's width (see `wrapped`)."""
    for line in wrapped(text, out.width, indent):
        out.print(line, soft_wrap=True)


def money_round(value: float, step: int) -> int:
    return int(round(value / step)) * step


def offer_text(view: View, offer: Offer) -> Text:
    t = view.t
    return Text.assemble(
        (t.number(offer.amount), "bold"), "   ",
        (t("{ordinal} percentile", ordinal=view.ordinal(offer.percentile)),
         POSITION_STYLE[offer.position]),
        t(": "), (view.offer_words(offer), POSITION_STYLE[offer.position]))


def estimate_markdown(result: Estimate, view: View, offer: Offer | None = None) -> str:
    """A short report to paste, in the view's language and money."""
    t = view.t
    p = result.percentiles
    file = result.data.file
    names = t.percentile
    scale = view.scale(result)
    lines = [
        t("**Estimated pay: {headline}** ({unit})", headline=view.headline(result),
          unit=view.unit()),
        "",
        t("- Range ({low_name}-{high_name}): **{range}**", low_name=names["p25"],
          high_name=names["p75"], range=view.span(p["p25"], p["p75"])),
        t("- Median: **{median}** (mean {mean})", median=view.amount(p["p50"]),
          mean=view.amount(result.mean)),
        t("- Wide range ({low_name}-{high_name}): {range}", low_name=names["p10"],
          high_name=names["p90"], range=view.span(p["p10"], p["p90"])),
        t("- Confidence: {median} (median), {range} (range)", median=t(result.confidence),
          range=t(result.range_confidence)),
        "- " + (t("Wide range: ") if result.wide else t("Range: ")) + view.spread_text(result),
        t("- Basis: {basis}", basis=view.basis()),
    ]
    said = view.article_text(result)
    if said is not None:
        lines.append(t("- Article: {said}", said=said))
    power = purchasing_power(result)
    if power is not None:
        lines.append(t("- Buys: {amount} at US-average prices (local prices {index}%, {source})",
                       amount=view.amount(power[0]), index=f"{power[1].index:.0f}",
                       source=power[1].source))
    if offer is not None:
        lines.append(t("- Offer: {amount}, {ordinal} percentile: {words}", amount=t.number(
            offer.amount), ordinal=view.ordinal(offer.percentile), words=view.offer_words(offer)))
    if view.money.exchange is not None:
        rate = view.money.exchange
        lines.append(t("- Rate: 1 {source_currency} = {rate} {to}, {year} average ({source})",
                       source_currency=rate.source_currency, rate=t.decimal(round(rate.rate, 4)),
                       to=rate.to, year=rate.year, source=rate.source))
    lines += [
        "",
        t("| factor | multiplier | effect ({currency}) | source | confidence |",
          currency=view.money.currency),
        "|---|---:|---:|---|---|",
        f"| {t('Base: {label}', label=base_label(t, file.base.label))} | | "
        f"{t.number(money_round(result.base * scale, view.money.step))} | {file.base.source} | "
        f"{t(file.base.confidence)} |",
    ]
    for factor, effect in factor_rows(result):
        name = t("{dimension}: {label}", dimension=t(factor.dimension),
                 label=view.row_label(factor, result))
        lines.append(f"| {name} | "
                     f"x{t.decimal(round(factor.multiplier, 3), 3)} | "
                     f"{t.signed(money_round(effect * scale, view.money.step))} | "
                     f"{factor.source} | {t(factor.confidence)} |")
    lines += ["", t(EFFECT_MEANING)]
    lines += ["\n> " + t("warning: {message}", message=t.warning(w)) for w in result.warnings]
    return "\n".join(lines) + "\n"


def compare_markdown(heading: str, rows: Sequence[Row], view: View) -> str:
    """compare as a Markdown table (same columns as the terminal table)."""
    t = view.t
    money = view.money
    first = money.show(rows[0].result.median)
    powers = [purchasing_power(r.result) for r in rows]
    header = [heading, t("median"), t("range (p25-p75)"), t("p10-p90"),
              t("vs {first}", first=rows[0].name)]
    if any(powers):
        header.append(t("in US prices"))
    if any(r.offer for r in rows):
        header.append(t("offer"))
    offer_buys = any(r.offer and r.offer.purchasing_power is not None for r in rows)
    if offer_buys:
        header.append(t("offer in US prices"))
    header.append(t("confidence"))
    lines = [t("**Estimated pay** ({unit})", unit=view.unit()), "",
             "| " + " | ".join(header) + " |",
             "|---|" + "---:|" * (len(header) - 2) + "---|"]
    for row, power in zip(rows, powers):
        p = row.result.percentiles
        shown = money.show(row.result.median)
        cells = [row.name, view.amount(p["p50"]), view.span(p["p25"], p["p75"]),
                 view.span(p["p10"], p["p90"]),
                 t("{gap} ({percent})", gap=t.signed(money_round(shown - first, money.step)),
                   percent=t.percent(shown / first - 1, signed=True))]
        if any(powers):
            cells.append(view.amount(power[0]) if power else "")
        if any(r.offer for r in rows):
            cells.append("" if row.offer is None else t(
                "{amount} ({ordinal} pct)", amount=t.number(row.offer.amount),
                ordinal=view.ordinal(row.offer.percentile)))
        if offer_buys:
            cells.append("" if row.offer is None or row.offer.purchasing_power is None
                         else t.number(row.offer.purchasing_power))
        cells.append(t(row.result.confidence))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def english_usd(result: Estimate) -> View:
    from iasalaire.i18n import language
    from iasalaire.money import Money

    return View(language("en"), Money(result.data.file.currency, None))


def _confidence(level: str) -> Text:
    return Text(level, style=CONFIDENCE_STYLE[level])


def list_view(title: str, rows: Sequence[dict[str, Any]], out: Console,
              t: Language | None = None, what: str = "") -> None:
    table = Table(title=title, title_justify="left", box=None, header_style="bold",
                  padding=(0, 1))
    # Aliases make the table unreadable on a terminal; `list --json` gives them all.
    columns = [c for c in (rows[0] if rows else []) if c != "aliases"]
    cells = [["" if row.get(c) is None else _cell(row[c]) for c in columns] for row in rows]
    if t is not None and t.code != "en":  # labels, confidences and headers in the language
        for row, row_cells in zip(rows, cells):
            for i, column in enumerate(columns):
                if column == "label":
                    row_cells[i] = (t.country(str(row["id"]), str(row["label"]))
                                    if what == "countries" else t.label(str(row["label"])))
                elif column == "confidence":
                    row_cells[i] = t(row_cells[i])
                elif isinstance(row.get(column), float):
                    row_cells[i] = t.decimal(round(row[column], 3), 3)
        headers = [t(f"column {c}").removeprefix("column ") for c in columns]
    else:
        headers = columns
    wrapping = [i for i, c in enumerate(columns) if c in ("label", "title", "detail")]
    fixed = sum(max([cell_len(headers[i])] + [cell_len(r[i]) for r in cells]) + 2
                for i in range(len(columns)) if i not in wrapping)
    words = max([cell_len(w) for r in cells for i in wrapping for w in r[i].split(" ")] + [0])
    if cells and fixed + sum(max(words, 12) + 2 for _ in wrapping) > out.width:
        # Too narrow for the table with its words whole: one block per value, its id first.
        say(out, Text(title, style="bold"))
        width = max(cell_len(h) for h in headers[1:]) + 2 if len(headers) > 1 else 0
        for row_cells in cells:
            out.print(Text(" " + row_cells[0], style="bold"), soft_wrap=True)
            for header, value in zip(headers[1:], row_cells[1:]):
                if value:
                    say(out, Text.assemble("    ", header.ljust(width), value), width + 4)
        return
    for i, column in enumerate(columns):
        # Short columns keep their full width; labels and titles wrap when space runs out.
        wraps = column in ("label", "title", "detail")
        widest = max([len(headers[i])] + [len(r[i]) for r in cells])
        table.add_column(headers[i], justify="right" if column == "multiplier" else "left",
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


@dataclass(frozen=True)
class Row:
    """One compared profile: a value of the field, or a scenario."""

    name: str
    result: Estimate
    offer: Offer | None = None
    changed: tuple[str, ...] = ()  # the dimensions whose factors this row shows


def compare_view(heading: str, rows: Sequence[Row], out: Console, view: View | None = None,
                 scenarios: bool = False) -> None:
    """One row per compared profile, with its change from the first; a stacked layout when
    the table does not fit the terminal (a number is never cut)."""
    view = view or english_usd(rows[0].result)
    t = view.t
    powers = [purchasing_power(r.result) for r in rows]
    first = rows[0]
    base = view.money.show(first.result.median)
    cells: list[dict[str, Any]] = []
    for row, power in zip(rows, powers):
        p = row.result.percentiles
        shown = view.money.show(row.result.median)
        cell: dict[str, Any] = {
            "median": view.amount(p["p50"]),
            "range": view.span(p["p25"], p["p75"]),
            "wide": view.span(p["p10"], p["p90"]),
            "vs": t("{gap} ({percent})", gap=t.signed(money_round(shown - base,
                                                                 view.money.step)),
                    percent=t.percent(shown / base - 1, signed=True)),
            "vs_percent": t.percent(shown / base - 1, signed=True),
            "buys": view.amount(power[0]) if power else "",
            "offer": "" if row.offer is None else t(
                "{amount} ({ordinal} pct)", amount=t.number(row.offer.amount),
                ordinal=view.ordinal(row.offer.percentile)),
            "offer_buys": "" if row.offer is None or row.offer.purchasing_power is None
            else t.number(row.offer.purchasing_power),
            "confidence": view.confidence(row.result.confidence),
            "factors": t("; ").join(
                f"{_short(view.factor_label(f, row.result), f.input)} "
                f"x{t.decimal(round(f.multiplier, 3), 3)}"
                for f in row.result.factors if f.dimension in row.changed),
        }
        cells.append(cell)
    titles = {"median": t("median"), "range": t("range (p25-p75)"), "wide": t("p10-p90"),
              "vs": t("vs {first}", first=first.name), "buys": t("in US prices"),
              "offer": t("offer"), "offer_buys": t("offer in US prices"),
              "confidence": t("confidence"), "factors": t("what makes it")}
    keys = ["median", "range", "wide", "vs"]
    if any(powers):  # cheaper places pay less but cost less (S11)
        keys.append("buys")
    if any(r.offer for r in rows):
        keys.append("offer")
    if any(r.offer and r.offer.purchasing_power is not None for r in rows):
        keys.append("offer_buys")  # 165,000 in Austin buys what 169,000 buys in the average US
    keys.append("confidence")
    if scenarios:
        keys.append("factors")
    out.print(Text(t("Estimated pay ({unit})", unit=view.unit()), style="bold"))
    # Wide first; then without the wide range, then without the factors; then the change in
    # percent only; then stacked.
    no_wide = [k for k in keys if k != "wide"]
    short = [k for k in no_wide if k != "factors"]
    for shown_keys, brief in ((keys, False), (no_wide, False), (short, False), (short, True)):
        table = Table(box=None, header_style="bold", padding=(0, 1))
        table.add_column(heading, no_wrap=True)
        for name in shown_keys:
            # Only the factors (words) may wrap; figures never do.
            table.add_column(titles[name], no_wrap=name != "factors",
                             min_width=FACTORS_WIDTH if name == "factors" else None,
                             justify="left" if name in ("confidence", "factors") else "right")
        for row, cell in zip(rows, cells):
            values = [cell["vs_percent"] if brief and k == "vs" else cell[k] for k in shown_keys]
            table.add_row(row.name, *values)
        if _needed(heading, rows, cells, titles, shown_keys, brief) <= out.width:
            out.print(table)
            return
    # Stacked: one block per profile, one figure a line; a figure that does not fit beside its
    # label goes on the next line, and the terminal (not rich) wraps what is still too long,
    # so a number is never cut or replaced by an ellipsis.
    for row, cell in zip(rows, cells):
        out.print(Text(row.name, style="bold"), soft_wrap=True)
        width = max(len(titles[k]) for k in keys) + 4
        for name in keys:
            value = cell[name]
            if value == "":
                continue
            line = Text.assemble("  ", titles[name].ljust(width - 2), value)
            if line.cell_len > out.width:
                out.print(Text("  " + titles[name]), soft_wrap=True)
                line = Text.assemble("    ", value)
            out.print(line, soft_wrap=True)


FACTORS_WIDTH = 30  # the factors column wraps, but not narrower than this


def _needed(heading: str, rows: Sequence[Row], cells: list[dict[str, Any]],
            titles: dict[str, str], keys: list[str], brief: bool) -> int:
    """The width the compare table needs with no figure wrapped (the factors may wrap)."""
    widths = [max(cell_len(heading), *(cell_len(r.name) for r in rows))]
    for name in keys:
        values = [c["vs_percent"] if brief and name == "vs" else c[name] for c in cells]
        widest = max(cell_len(titles[name]), *(cell_len(str(v)) for v in values))
        widths.append(min(widest, FACTORS_WIDTH) if name == "factors" else widest)
    return sum(widths) + 2 * len(widths)  # one space of padding each side of a column


def _short(label: str, given: str) -> str:
    """A factor as compare names it: its label, or what was typed when the label is long."""
    return label if len(label) <= 24 else given


def curve_view(title: str, points: Sequence[tuple[float, Estimate]], out: Console,
               view: View, offers: Sequence[Offer] | None = None) -> None:
    """The median and the middle half by years of experience, one line a year; with an
    offer, its place on each year's range (a mark, and its percentile at the end)."""
    t, money = view.t, view.money
    low = min(money.show(r.percentiles["p25"]) for _, r in points)
    high = max(money.show(r.percentiles["p75"]) for _, r in points)
    if offers:
        low, high = min(low, offers[0].amount), max(high, offers[0].amount)
    label_width = max([len(view.amount(r.median)) for _, r in points]
                      + [cell_len(t("median"))])
    ranks = [view.ordinal(o.percentile) for o in offers or []]
    rank_width = max([cell_len(r) for r in ranks] + [cell_len(t("offer"))])
    width = max(10, min(60, out.width - label_width - 12 - (rank_width + 2 if offers else 0)))
    span = (high - low) or 1.0

    def at(value: float) -> int:
        return min(width - 1, max(0, round((value - low) / span * (width - 1))))

    say(out, Text.assemble((t("Median and middle half by years of experience"), "bold"),
                           t(": "), f"{title} ({view.unit()})"))
    if offers:
        offer = offers[0]
        reached = next((int(y) for (y, r), o in zip(points, offers) if o.percentile <= 50), None)
        said = (t("the median reaches it from {years} years of experience", years=reached)
                if reached is not None else t("above the median at every experience shown"))
        say(out, Text.assemble((t("Offer"), "bold"), t(": "), (t.number(offer.amount), "bold"),
                               " (◆), ", said))
    out.print()
    legend = t("p25 to p75, median")
    fits = cell_len(legend) <= width
    if not fits:  # the legend over the bars, on a line of its own
        say(out, Text("  " + legend, style="dim"), 2)
    header = ("  " + t("years").rjust(6) + "  " + (legend if fits else "").ljust(width) + "  "
              + t("median").rjust(label_width))
    if offers:
        header += "  " + t("offer").rjust(rank_width)
    out.print(Text(header, style="bold"), soft_wrap=True)
    for i, (years, result) in enumerate(points):
        p = result.percentiles
        start, end, mid = (at(money.show(p["p25"])), at(money.show(p["p75"])),
                           at(money.show(p["p50"])))
        cells = Text.assemble(" " * start, ("█" * (end - start + 1), "green"),
                              " " * (width - end - 1))
        cells = cells[:mid] + Text("│", style="bold") + cells[mid + 1:]
        tail = ""
        if offers:
            mark = at(offers[0].amount)
            cells = cells[:mark] + Text("◆", style="bold cyan") + cells[mark + 1:]
            tail = "  " + ranks[i].rjust(rank_width)
        out.print(Text.assemble(f"  {t.decimal(years):>6}  ", cells,
                                f"  {view.amount(result.median):>{label_width}}", tail),
                  soft_wrap=True)
    left, right = t.compact(low, money.currency), t.compact(high, money.currency)
    out.print(Text(" " * 10 + left + right.rjust(max(0, width - len(left))), style="dim"),
              soft_wrap=True)


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
            label = row[key] if key != "fields" else ", ".join(row[key]) or "nothing"
            groups.add_row(f"  {label}", f"{row['n']:,}", f"{row['ratio']:.2f}x",
                           f"{row['coverage']['p10_p90']:.0%}",
                           f"{row['coverage']['p25_p75']:.0%}")
        out.print()
        out.print(Text(title, style="bold"))
        out.print(groups)
