"""The command line: parse options, call the core, hand the result to a renderer.

Heavy modules (rich, numpy) are imported inside the commands that need them, so that
`estimate --json` costs little more than starting Typer.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
import functools
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, Optional, TypeVar

import typer

from iasalaire import __version__
from iasalaire.errors import ExitCode, IasalaireError, InvalidValue

app = typer.Typer(
    name="iasalaire",
    help="Estimate what an AI engineer earns, with every factor explained and sourced.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
data_app = typer.Typer(help="Check data files.", no_args_is_help=True)
app.add_typer(data_app, name="data")


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


# Options shared by every command that takes a profile (same names everywhere).
Years = Annotated[Optional[float], typer.Option(
    "--exp", "--years", help="Years of experience (0 to 60).", show_default=False)]
Level = Annotated[Optional[str], typer.Option(
    help="junior, mid, senior, executive (or EN, MI, SE, EX). Not with --exp.")]
City = Annotated[Optional[str], typer.Option(help="City or metro (SF, NYC, Paris...).")]
Country = Annotated[Optional[str], typer.Option(help="ISO 3166 code or country name.")]
Sector = Annotated[Optional[str], typer.Option(help="tech, telecom, finance, health, public...")]
Company = Annotated[Optional[str], typer.Option(
    help="big-tech, large, medium, small, startup (or L, M, S).")]
Role = Annotated[Optional[str], typer.Option(
    help="ai-engineer, ml-engineer, data-scientist, ... or a job title.")]
Certs = Annotated[Optional[list[str]], typer.Option(
    "--cert", help="A certification (repeatable).", show_default=False)]
Skills = Annotated[Optional[list[str]], typer.Option(
    "--skill", help="A skill: python, pytorch, llm... (repeatable).", show_default=False)]
Remote = Annotated[Optional[str], typer.Option(help="Share of remote work: 0, 50 or 100.")]
DataOption = Annotated[Optional[Path], typer.Option(
    "--data", help="Data file to use instead of the built-in baseline.", show_default=False)]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]


# Command-line option name -> profile field name.
FLAGS = {"exp": "years", "level": "level", "city": "city", "country": "country",
         "sector": "sector", "company": "company", "role": "role", "cert": "certs",
         "skill": "skills", "remote": "remote"}


def profile_fields(options: dict[str, Any]) -> dict[str, Any]:
    """The profile fields from a command's options (repeatable ones default to []).

    An empty value is an error here, not "absent": `--city "$CITY"` with CITY unset must not
    quietly give the worldwide figure (an empty CSV cell in batch still means absent)."""
    for flag in FLAGS:
        value = options[flag]
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not item.strip():
                raise InvalidValue(f"--{flag} is empty", FLAGS[flag])
    fields = {field: options[flag] for flag, field in FLAGS.items()}
    fields["certs"], fields["skills"] = fields["certs"] or [], fields["skills"] or []
    return fields


def fail(message: str, code: ExitCode) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


F = TypeVar("F", bound=Callable[..., None])


def reported(command: F) -> F:
    """Domain errors become one 'Error: ...' line on stderr and their exit code."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except IasalaireError as error:
            fail(error.message, error.exit_code)
        except KeyboardInterrupt:  # click would print "Aborted!" and exit 1
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


def echo_result(text: str, json: bool = False) -> None:
    """A result on stdout, whatever the terminal's encoding: JSON escapes what the encoding
    cannot show (still the same JSON), text falls back to ASCII look-alikes."""
    from iasalaire.text import ascii_json, for_encoding

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    typer.echo(ascii_json(text, encoding) if json else for_encoding(text, encoding))


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"iasalaire {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option(
        "--version", callback=version_callback, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Estimate what an AI engineer earns, with every factor explained and sourced."""


@app.command()
@reported
def estimate(
    exp: Years = None,
    level: Level = None,
    city: City = None,
    country: Country = None,
    sector: Sector = None,
    company: Company = None,
    role: Role = None,
    cert: Certs = None,
    skill: Skills = None,
    remote: Remote = None,
    data: DataOption = None,
    json: JsonFlag = False,
    format: Annotated[Optional[Format], typer.Option(
        "--format", "-f", help="table (default), json, csv or markdown.",
        show_default=False)] = None,
) -> None:
    """Estimate the pay for one profile: range, median and every factor behind them."""
    from iasalaire.api import estimate_profile

    if json and format not in (None, Format.json):
        raise IasalaireError(f"--json and --format {format.value} together: give one of them")
    result = estimate_profile(profile_fields(locals()), data)
    chosen = Format.json if json else format or Format.table
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if chosen is Format.json:
        from iasalaire.output import dumps

        echo_result(dumps(result.to_dict(), pretty=True), json=True)
    elif chosen is Format.csv:
        from iasalaire.output import flat_row, to_csv

        echo_result(to_csv([flat_row(result)]).removesuffix("\n"))
    elif chosen is Format.markdown:
        from iasalaire.output import to_markdown

        echo_result(to_markdown(result).removesuffix("\n"))
    else:
        from iasalaire.render import console, estimate_view

        estimate_view(result, console())


class Field(str, Enum):
    years = "years"
    level = "level"
    city = "city"
    country = "country"
    sector = "sector"
    company = "company"
    role = "role"
    certs = "certs"
    skills = "skills"
    remote = "remote"


@app.command()
@reported
def compare(
    field: Annotated[Field, typer.Argument(help="The field that varies.", show_default=False)],
    values: Annotated[list[str], typer.Argument(
        help="Two or more values of that field.", show_default=False)],
    exp: Years = None,
    level: Level = None,
    city: City = None,
    country: Country = None,
    sector: Sector = None,
    company: Company = None,
    role: Role = None,
    cert: Certs = None,
    skill: Skills = None,
    remote: Remote = None,
    data: DataOption = None,
    json: JsonFlag = False,
) -> None:
    """Compare one profile across values of one field: iasalaire compare city SF Austin --exp 5"""
    from iasalaire.api import as_data, estimate_profile

    common = profile_fields(locals())
    if any(not value.strip() for value in values):
        raise InvalidValue(f"a {field.value} value to compare is empty", field.value)
    if field.value not in ("certs", "skills") and common[field.value] is not None:
        raise InvalidValue(f"{field.value} is the field being compared: give its values as "
                           "arguments, not as an option too", field.value)
    loaded = as_data(data)
    results = []
    for value in values:
        fields = dict(common)
        if field.value in ("certs", "skills"):
            fields[field.value] = [*fields[field.value], value]
        else:
            fields[field.value] = value
            if field.value == "city":  # the compared city brings its own country
                fields["country"] = None
        results.append(estimate_profile(fields, loaded))
    for warning in dict.fromkeys(w for r in results for w in r.warnings):
        typer.echo(f"warning: {warning}", err=True)
    if json:
        from iasalaire.output import dumps

        echo_result(dumps([r.to_dict() for r in results], pretty=True), json=True)
    else:
        from iasalaire.render import compare_view, console

        compare_view(field.value, values, results, console())


class ListName(str, Enum):
    levels = "levels"
    cities = "cities"
    countries = "countries"
    sectors = "sectors"
    companies = "companies"
    roles = "roles"
    certs = "certs"
    skills = "skills"
    remote = "remote"
    sources = "sources"


@app.command("list")
@reported
def list_values(
    what: Annotated[ListName, typer.Argument(help="What to list.")] = ListName.cities,
    data: DataOption = None,
    json: JsonFlag = False,
) -> None:
    """List the known values of one profile field, with their multiplier and source."""
    from iasalaire.api import as_data
    from iasalaire.listing import rows

    found = rows(as_data(data), what.value)
    if json:
        from iasalaire.output import dumps

        echo_result(dumps(found, pretty=True), json=True)
    else:
        from iasalaire.render import console, list_view

        list_view(f"{what.value} ({len(found)})", found, console())


@data_app.command("validate")
@reported
def data_validate(
    file: Annotated[Path, typer.Argument(help="The data file to check.", show_default=False)],
) -> None:
    """Check a data file against the schema: exit 0 when valid, 1 with each problem if not."""
    from iasalaire.data import load_data

    loaded = load_data(file)
    counts = ", ".join(f"{len(getattr(loaded.file, n))} {n}" for n in ("cities", "countries",
                       "sectors", "companies", "roles", "certs", "skills"))
    echo_result(f"{file}: valid ({loaded.name} {loaded.version}; {counts})")


class StreamFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


class InputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"  # one JSON array, or JSON Lines
    csv = "csv"


@app.command()
@reported
def batch(
    file: Annotated[Optional[str], typer.Argument(
        help="JSON Lines or CSV file (format from its name); '-' or nothing: stdin (JSON Lines).",
        show_default=False)] = None,
    input_format: Annotated[Optional[InputFormat], typer.Option(
        "--input-format", help="jsonl, json (an array) or csv, when the file name does not tell.",
        show_default=False)] = None,
    output_format: Annotated[StreamFormat, typer.Option(
        "--output-format", help="jsonl (default) or csv.")] = StreamFormat.jsonl,
    data: DataOption = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Add each record's factors.")] = False,
    map_: Annotated[Optional[list[str]], typer.Option(
        "--map", help='Read a column (or JSON key) as a profile field: "Location=city" '
        "(repeatable).", show_default=False)] = None,
    keep: Annotated[Optional[list[str]], typer.Option(
        "--keep", help="Columns (or keys) to carry to the output: name,id or all.",
        show_default=False)] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", help="Input encoding (default: UTF-8, UTF-16 by its BOM, cp1252 "
        "fallback for CSV).", show_default=False)] = None,
    delimiter: Annotated[Optional[str], typer.Option(
        "--delimiter", help="CSV delimiter: , ; | or tab (default: sniffed from the header).",
        show_default=False)] = None,
) -> None:
    """Price a stream of profiles: one output record per input record, in order, with its line.

    Exit 0 when every record was good, 1 when any was bad (all are still written), 2 when the
    CSV header or an option is wrong (nothing is written).
    """
    from iasalaire.api import as_data
    from iasalaire.batch import Reading, run
    from iasalaire.columns import parse_options

    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter.lower(), delimiter)
        if len(delimiter) != 1 or delimiter in "\"\r\n" or delimiter.isalnum():
            raise InvalidValue(f"--delimiter must be one character such as , ; | or tab "
                               f"(got '{delimiter}')", "delimiter")
    reading = Reading(encoding, delimiter, parse_options(map_ or [], keep or []))
    try:
        code = run(None if file in (None, "-") else file, as_data(data),
                   input_format.value if input_format else None, output_format.value, explain,
                   reading=reading)
    except KeyboardInterrupt:  # click would print "Aborted!" and exit 1
        typer.echo("Interrupted.", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    raise typer.Exit(code)


SalariesArg = Annotated[Path, typer.Argument(
    help="Salary CSV: the aijobs.net or Stack Overflow survey layout, or profile fields plus "
    "salary.", show_default=False)]
SurveysArg = Annotated[list[Path], typer.Argument(
    help="Salary CSVs (the aijobs.net or Stack Overflow survey layout, or profile fields plus "
    "salary); with several, each gets a level offset of its own.", show_default=False)]
DecimalOption = Annotated[str, typer.Option(
    "--decimal", help="Decimal mark of the salary amounts: '.' (default) or ','.")]


def _decimal(value: str) -> str:
    if value not in (".", ","):
        raise InvalidValue(f"--decimal must be '.' or ',' (got '{value}')", "decimal")
    return value


def _report(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)


@app.command()
@reported
def calibrate(
    salaries: SurveysArg,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Where to write the fitted data file ('-': stdout). Never one "
        "of the inputs; an existing file only with --force.", show_default=False)],
    base: Annotated[Optional[Path], typer.Option(
        "--base", help="Data file whose figures the survey lacks are kept (default: the "
        "built-in baseline).", show_default=False)] = None,
    min_count: Annotated[int, typer.Option(
        "--min-count", min=1, help="Rows a value needs to get a figure of its own.")] = 3,
    decimal: DecimalOption = ".",
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the output file if it exists.")] = False,
) -> None:
    """Fit the multipliers and spread to salary surveys and write a data file."""
    from iasalaire.api import as_data
    from iasalaire.calibrate import calibrate as fit_survey
    from iasalaire.data import packaged_path
    from iasalaire.outfile import OutputFile
    from iasalaire.output import dumps
    from iasalaire.survey import read_survey, report

    mark = _decimal(decimal)
    # Checked before the fit: a fit can take seconds, a refusal should not.
    inputs = {f"survey {path}" if len(salaries) > 1 else "survey": path for path in salaries}
    inputs["--base file" if base else "built-in baseline"] = base or packaged_path()
    with OutputFile(output, inputs, force) as out:
        surveys = [read_survey(path, mark) for path in salaries]
        said: list[str] = []
        try:
            document = fit_survey(surveys, as_data(base), min_count, said)
        finally:  # the skip reasons are worth as much when the fit fails
            for survey in surveys:
                _report(report(survey))
        _report(said)
        out.write(dumps(document, pretty=True) + "\n")
    typer.echo(f"wrote {'stdout' if out.to_stdout else output}: {document['description']}; "
               f"sigma {document['spread']['sigma']:g}; {len(document['interactions'])} "
               "interactions", err=True)


@app.command()
@reported
def evaluate(
    salaries: SalariesArg,
    data: DataOption = None,
    json: JsonFlag = False,
    fields: Annotated[Optional[str], typer.Option(
        "--fields", help="Give the estimator only these dimensions of each row (comma-"
        "separated: experience, location, sector, company, role, remote; 'none' for none), "
        "to see how a range holds when a profile says less.", show_default=False)] = None,
    decimal: DecimalOption = ".",
) -> None:
    """Score a data file on real salaries: errors, pinball losses, range coverage, and where
    it is wrong (by fields given, by country, by experience)."""
    from iasalaire.api import as_data
    from iasalaire.evaluate import evaluate as score
    from iasalaire.schema import SPREAD_DIMENSIONS
    from iasalaire.survey import read_survey, report

    kept = None
    if fields is not None:
        kept = tuple(f.strip() for f in fields.split(",") if f.strip() and f.strip() != "none")
        bad = [f for f in kept if f not in SPREAD_DIMENSIONS]
        if bad:
            raise InvalidValue(f"--fields: unknown dimension '{bad[0]}' (one of "
                               f"{', '.join(SPREAD_DIMENSIONS)}, or none)", "fields")
    survey = read_survey(salaries, _decimal(decimal))
    try:
        result = score(survey, as_data(data), kept)
    finally:
        _report(report(survey))
    if json:
        from iasalaire.output import dumps

        echo_result(dumps(result, pretty=True), json=True)
    else:
        from iasalaire.render import console, evaluation_view

        evaluation_view(result, console())


def only_the_command_asked(argv: list[str]) -> None:
    """Keep only the command this run asks for: Typer builds a click command, parameters and
    all, for every registered one on each run, and a run needs one (start-up). Anything else
    (no command, an option first, a typo, `data ...`) keeps the whole app and its help."""
    wanted = argv[1] if len(argv) > 1 else ""
    found = [c for c in app.registered_commands
             if (c.name or (c.callback.__name__ if c.callback else "")) == wanted]
    if found:
        app.registered_commands = found
        app.registered_groups = []


def main() -> None:
    """Console-script entry: every failure becomes one line on stderr and an exit code."""
    only_the_command_asked(sys.argv)
    try:
        app(prog_name="iasalaire")
    except IasalaireError as error:
        typer.echo(f"Error: {error.message}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as error:  # never a traceback for any input
        typer.echo(f"Error: unexpected {type(error).__name__}: {error}", err=True)
        sys.exit(ExitCode.DATA)

