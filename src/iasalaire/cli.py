"""The command line: parse options, call the core, hand the result to a renderer.

Heavy modules (rich, numpy) are imported inside the commands that need them, so that
`estimate --json` costs little more than starting Typer.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from iasalaire import __version__
from iasalaire.commands import register
from iasalaire.commands.common import echo_result, speak
from iasalaire.errors import ExitCode, IasalaireError, InvalidValue
from iasalaire.options import (
    HUMAN,
    CurrencyOption,
    DataOption,
    JsonFlag,
    LangOption,
    Period,
    choice,
    presentation,
)
from iasalaire.text import say


def _refuse_repeated_options() -> None:
    """An option that takes one value, given twice (`--city SF --city Paris`, `--exp 5
    --years 30`), is a usage error (exit 2), never "the last one wins". Checked on the parse
    click makes anyway: it lists every option in the order given, repeats included."""
    from typer._click import core as click_core
    from typer._click.exceptions import UsageError

    command_class: Any = click_core.Command
    parse_args = command_class.parse_args

    def checked(self: Any, ctx: Any, args: list[str]) -> list[str]:
        if args and not ctx.resilient_parsing:
            try:
                _, _, order = self.make_parser(ctx).parse_args(args=list(args))
            except UsageError:
                order = []  # click's own parse reports it below
            seen: set[str] = set()
            for param in order:
                opts = getattr(param, "opts", ())
                if (opts and opts[0].startswith("-") and param.name
                        and not getattr(param, "multiple", False)
                        and not getattr(param, "is_flag", False)
                        and not getattr(param, "count", False)):
                    if param.name in seen:
                        raise UsageError(
                            f"{' / '.join(param.opts)} is given twice: give it once", ctx)
                    seen.add(param.name)
        result: list[str] = parse_args(self, ctx, args)
        return result

    command_class.parse_args = checked


_refuse_repeated_options()

class Group(TyperGroup):
    """The app's group: Click's usage errors in the run's language (usage.py), with Click's
    exit codes."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode,
                                windows_expand_args, **extra)
        from typer._click.exceptions import ClickException

        words = list(sys.argv[1:] if args is None else args)
        try:
            result = super().main(words, prog_name, complete_var, False, windows_expand_args,
                                  **extra)
        except ClickException as error:
            from iasalaire import usage

            named = next((w for w in words if not w.startswith("-")), None)
            command = self.commands.get(named) if named else None
            usage.show(error, usage.language(words, command))
            sys.exit(error.exit_code)
        except typer.Abort:
            say("Aborted!")
            sys.exit(1)
        # Not standalone, Click returns the exit code of a typer.Exit (or the command's None).
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    cls=Group,
    name="iasalaire",
    help="Estimate what an AI engineer earns, with every factor explained and sourced.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
data_app = typer.Typer(help="Check data files.", no_args_is_help=True)
app.add_typer(data_app, name="data")


def fail(message: str, code: ExitCode) -> NoReturn:
    say(f"Error: {message}")
    raise typer.Exit(code)


def human_fail(error: IasalaireError) -> NoReturn:
    code = HUMAN["lang"]
    if code is None or code == "en":
        fail(error.message, error.exit_code)
    from iasalaire.i18n import language

    t = language(code)
    say(t("Error: {message}", message=t.error(error)))
    raise typer.Exit(error.exit_code)


F = TypeVar("F", bound=Callable[..., None])


def reported(command: F) -> F:
    """Domain errors become one 'Error: ...' line on stderr and their exit code."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except IasalaireError as error:
            human_fail(error)
        except KeyboardInterrupt:  # click would print "Aborted!" and exit 1
            say("Interrupted.")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:  # the reader went away (`| head -1`, `| true`): quiet, 0
            quiet_stdout()
            raise typer.Exit(ExitCode.OK) from None
        finally:
            HUMAN["lang"] = None  # in-process runs (tests) start each command afresh

    return wrapper  # type: ignore[return-value]


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


# estimate, compare and curve: one module each (they share the presentation options).
register(app, reported)


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
    what: Annotated[ListName, typer.Argument(
        help="What to list: levels, cities, countries, sectors, companies, roles, certs, skills, "
        "remote or sources (in French too: villes, pays, secteurs, métiers...).",
        parser=choice(ListName, "list", "what"), metavar="WHAT")] = ListName.cities,
    data: DataOption = None,
    json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """List the known values of one profile field, with their multiplier and source."""
    from iasalaire.api import as_data
    from iasalaire.listing import rows

    code = speak(not json, lang)
    found = rows(as_data(data), what.value)
    if json:
        from iasalaire.output import dumps

        echo_result(dumps(found, pretty=True), json=True)
    else:
        from iasalaire.i18n import language
        from iasalaire.render import console, list_view

        t = language(code)
        list_view(f"{t(what.value)} ({len(found)})", found, console(), t, what.value)


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
    file: Annotated[str | None, typer.Argument(
        help="JSON Lines or CSV file (format from its name); '-' or nothing: stdin (JSON Lines).",
        show_default=False)] = None,
    input_format: Annotated[InputFormat | None, typer.Option(
        "--input-format", help="jsonl, json (an array) or csv, when the file name does not tell.",
        show_default=False, parser=choice(InputFormat, "", "--input-format"),
        metavar="[jsonl|json|csv]")] = None,
    output_format: Annotated[StreamFormat, typer.Option(
        "--output-format", help="jsonl (default) or csv.",
        parser=choice(StreamFormat, "", "--output-format"), metavar="[jsonl|csv]")
    ] = StreamFormat.jsonl,
    data: DataOption = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Add each record's factors and its normalised profile (how each "
        "cell was read).")] = False,
    map_: Annotated[list[str] | None, typer.Option(
        "--map", help='Read a column (or JSON key) as a profile field: "Location=city" '
        "(repeatable).", show_default=False)] = None,
    keep: Annotated[list[str] | None, typer.Option(
        "--keep", help="Columns (or keys) to carry to the output: name,id or all.",
        show_default=False)] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="Input encoding (default: UTF-8, UTF-16 by its BOM, cp1252 "
        "fallback for CSV).", show_default=False)] = None,
    delimiter: Annotated[str | None, typer.Option(
        "--delimiter", help="CSV delimiter: , ; | or tab (default: sniffed from the header).",
        show_default=False)] = None,
    currency: CurrencyOption = None,
    decimal: Annotated[str, typer.Option(
        "--decimal", help="Decimal mark of number cells: '.' (default) or ',' (\"4,5\" years "
        "is 4.5).")] = ".",
    lenient: Annotated[bool, typer.Option(
        "--lenient", help="Read a value that no closed list knows (city, role, skill...) as "
        "not given: the record is priced, and its warnings say so.")] = False,
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
    reading = Reading(encoding, delimiter, parse_options(map_ or [], keep or []),
                      _decimal(decimal), lenient)
    shown = None
    if currency is not None:  # each good record then says its currency
        shown = presentation(currency, Period.year, None, False)
    try:
        code = run(None if file in (None, "-") else file, as_data(data),
                   input_format.value if input_format else None, output_format.value, explain,
                   reading=reading, shown=shown)
    except KeyboardInterrupt:  # click would print "Aborted!" and exit 1
        say("Interrupted.")
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
        say(line)


@app.command()
@reported
def calibrate(
    salaries: SurveysArg,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Where to write the fitted data file ('-': stdout). Never one "
        "of the inputs; an existing file only with --force.", show_default=False)],
    base: Annotated[Path | None, typer.Option(
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
    from iasalaire.outfile import OutputFile, same_file
    from iasalaire.output import dumps
    from iasalaire.survey import read_survey, report

    mark = _decimal(decimal)
    for i, path in enumerate(salaries):  # the same rows twice would count twice
        for other in salaries[:i]:
            if same_file(path, other):
                raise InvalidValue(f"{path} and {other} are the same survey: give it once",
                                   "salaries")
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
    fields: Annotated[str | None, typer.Option(
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
        from iasalaire.survey import DIMENSION
        from iasalaire.text import key

        names = [key(f) for f in fields.split(",")]
        if not any(names):
            raise InvalidValue("--fields is empty (give dimensions, or none)", "fields")
        words = [n for n in names if n and n != "none"]
        bad = [n for n in words if n not in SPREAD_DIMENSIONS and n not in DIMENSION]
        if bad or (words and "none" in names):
            raise InvalidValue(f"--fields: unknown dimension '{bad[0] if bad else 'none'}' "
                               f"(one or more of {', '.join(SPREAD_DIMENSIONS)}; or none "
                               "alone)", "fields")
        kept = tuple(dict.fromkeys(DIMENSION.get(n, n) for n in words))
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


@app.command()
def mcp() -> None:
    """Serve estimate, compare, list and explain as tools for an assistant (Model Context
    Protocol, over stdio; needs pip install "iasalaire[mcp]")."""
    try:
        import mcp.server.mcpserver  # noqa: F401 - the optional extra, checked before serving
    except ImportError:
        fail('the MCP server needs the mcp extra: pip install "iasalaire[mcp]"', ExitCode.USAGE)
    from iasalaire.mcp_server import serve

    serve()


@contextmanager
def only_the_command_asked(argv: list[str]) -> Iterator[None]:
    """Keep only the command this run asks for while it runs: Typer builds a click command,
    parameters and all, for every registered one on each run, and a run needs one (start-up).
    Anything else (no command, an option first, a typo, `data ...`) keeps the whole app and
    its help. The app is given back whole afterwards, so a second run in the same process
    (a test, a notebook) finds every command."""
    wanted = argv[1] if len(argv) > 1 else ""
    commands, groups = app.registered_commands, app.registered_groups
    found = [c for c in commands
             if (c.name or (c.callback.__name__ if c.callback else "")) == wanted]
    if found:
        app.registered_commands, app.registered_groups = found, []
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def main() -> None:
    """Console-script entry: every failure becomes one line on stderr and an exit code."""
    if sys.stdout is None:  # started with stdout closed (>&-): say so before any work
        say("Error: cannot write to standard output: it is closed")
        sys.exit(ExitCode.DATA)
    try:
        with only_the_command_asked(sys.argv):
            app(prog_name="iasalaire")
    except SystemExit:
        try:  # what is still buffered goes now, so a closed pipe is seen here, quietly
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
            sys.exit(ExitCode.OK)
        except (OSError, ValueError):
            pass
        raise
    except IasalaireError as error:
        say(f"Error: {error.message}")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        say("Interrupted.")
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        quiet_stdout()
        sys.exit(ExitCode.OK)
    except Exception as error:  # never a traceback for any input
        say(f"Error: unexpected {type(error).__name__}: {error}")
        sys.exit(ExitCode.DATA)


def quiet_stdout() -> None:
    """The reader of stdout went away: what is still buffered goes to /dev/null."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass

