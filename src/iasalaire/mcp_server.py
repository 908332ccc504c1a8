"""`iasalaire mcp`: the estimator as tools for an assistant, over stdio (Model Context Protocol).

Each tool runs the same code as its command with `--json` and returns the same document, as
JSON text; a bad value is a tool error that names the field ("city: unknown city 'Pariss'
(did you mean 'Paris'?)"), never a crash of the server. Needs the `mcp` extra
(pip install "iasalaire[mcp]"); nothing here is imported by the other commands.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import Field

from iasalaire import __version__

INSTRUCTIONS = (
    "Estimates the yearly base pay (gross, before tax, without bonus or equity) of AI "
    "engineers and neighbouring roles from a profile, with every factor explained and sourced. "
    "Amounts are USD a year unless currency or period say otherwise. Use `list` to see the "
    "known values of a field (cities, roles, skills...).")

# One tool call at a time writes through the commands' stdout (the commands print their
# document; the SDK runs synchronous tools in worker threads).
_LOCK = threading.Lock()

Years = Annotated[float | None, Field(
    description="Years of experience, 0 to 60 (not with level).")]
Level = Annotated[str | None, Field(
    description="junior, mid, senior or executive (not with years).")]
City = Annotated[str | None, Field(description="City or metro: San Francisco, Austin, Paris...")]
Country = Annotated[str | None, Field(description="ISO 3166 code or country name.")]
Sector = Annotated[str | None, Field(description="tech, telecom, finance, health, public...")]
Company = Annotated[str | None, Field(
    description="big-tech, large, medium, small or startup.")]
Role = Annotated[str | None, Field(
    description="ai-engineer, ml-engineer, data-scientist, ... or a job title.")]
Certs = Annotated[list[str] | None, Field(description="Certifications (iasalaire list certs).")]
Skills = Annotated[list[str] | None, Field(
    description="Skills: python, pytorch, llm... (iasalaire list skills).")]
Remote = Annotated[str | None, Field(description="Share of remote work: 0, 50 or 100.")]
Currency = Annotated[str | None, Field(
    description="Currency of the amounts: EUR, GBP, ... or 'local' (default: USD).")]
PeriodName = Annotated[Literal["year", "month"], Field(description="Pay per year or per month.")]
Offer = Annotated[str | None, Field(
    description="An offer in the chosen currency and period (165000, 165k, '$165,000'): "
    "its percentile and what it buys at US-average prices.")]
ListWhat = Annotated[Literal["levels", "cities", "countries", "sectors", "companies", "roles",
                             "certs", "skills", "remote", "sources"], Field(
    description="Which field's known values to list.")]


def _run(command: Callable[..., None], **options: Any) -> str:
    """The document a command prints, or a ToolError naming the field that is wrong."""
    from mcp.server.mcpserver.exceptions import ToolError

    from iasalaire.errors import IasalaireError
    from iasalaire.options import HUMAN

    out, err = io.StringIO(), io.StringIO()
    with _LOCK:
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                command(**options)
        except IasalaireError as error:
            message = error.message
            if error.field and not message.startswith(error.field):
                message = f"{error.field}: {message}"
            raise ToolError(message) from None
        except Exception as error:  # noqa: BLE001 - a tool error, never a dead server
            raise ToolError(f"unexpected {type(error).__name__}: {error}") from None
        finally:
            HUMAN["lang"] = None
    return out.getvalue().strip()


def _profile(years: float | None, level: str | None, city: str | None, country: str | None,
             sector: str | None, company: str | None, role: str | None,
             certs: list[str] | None, skills: list[str] | None,
             remote: str | None) -> dict[str, Any]:
    """The commands' option names for the profile fields."""
    return {"exp": years, "level": level, "city": city, "country": country, "sector": sector,
            "company": company, "role": role, "cert": certs, "skill": skills, "remote": remote}


def build() -> Any:
    """The server, its four tools registered."""
    from mcp.server.mcpserver import MCPServer

    from iasalaire.commands.compare import compare as compare_command
    from iasalaire.commands.estimate import estimate as estimate_command
    from iasalaire.options import Format, Lang, Period

    server = MCPServer("iasalaire", version=__version__, instructions=INSTRUCTIONS,
                       log_level="WARNING")

    @server.tool()
    def estimate(years: Years = None, level: Level = None, city: City = None,
                 country: Country = None, sector: Sector = None, company: Company = None,
                 role: Role = None, certs: Certs = None, skills: Skills = None,
                 remote: Remote = None, currency: Currency = None, period: PeriodName = "year",
                 offer: Offer = None) -> str:
        """Estimate one profile's pay: median, range (p25-p75), percentiles and every factor
        with its source. Returns the "iasalaire.estimate/1" JSON document (estimate --json)."""
        return _run(estimate_command, **_profile(years, level, city, country, sector, company,
                                                 role, certs, skills, remote),
                    json=True, currency=currency, period=Period(period), offer=offer)

    @server.tool()
    def compare(scenarios: Annotated[list[str], Field(
                    description="2 to 6 scenarios, each FIELD=VALUE changes over the common "
                    "profile: ['city=Austin offer=165k', 'city=Seattle offer=180k']; or a "
                    "field then its values: ['city', 'Austin', 'Seattle'].")],
                years: Years = None, level: Level = None, city: City = None,
                country: Country = None, sector: Sector = None, company: Company = None,
                role: Role = None, certs: Certs = None, skills: Skills = None,
                remote: Remote = None, currency: Currency = None, period: PeriodName = "year",
                ) -> str:
        """Compare scenarios (or values of one field) side by side, each with its estimate,
        its difference to the first and, with offer=, the offer's percentile and what it
        buys at US-average prices. Returns compare --json's document."""
        return _run(compare_command, args=scenarios,
                    **_profile(years, level, city, country, sector, company, role, certs,
                               skills, remote),
                    json=True, currency=currency, period=Period(period))

    @server.tool(name="list")
    def list_values(what: ListWhat = "cities") -> str:
        """The known values of one profile field, with multiplier, source and confidence
        (list --json)."""
        from iasalaire.cli import ListName
        from iasalaire.cli import list_values as list_command

        return _run(getattr(list_command, "__wrapped__", list_command), what=ListName(what),
                    json=True)

    @server.tool()
    def explain(years: Years = None, level: Level = None, city: City = None,
                country: Country = None, sector: Sector = None, company: Company = None,
                role: Role = None, certs: Certs = None, skills: Skills = None,
                remote: Remote = None, currency: Currency = None, period: PeriodName = "year",
                offer: Offer = None,
                lang: Annotated[Literal["en", "fr"], Field(
                    description="Language of the explanation.")] = "en") -> str:
        """The explanation a person reads: range, median, each factor's multiplier, money
        effect, source and confidence, as Markdown (estimate --format markdown)."""
        return _run(estimate_command, **_profile(years, level, city, country, sector, company,
                                                 role, certs, skills, remote),
                    format=Format.markdown, lang=Lang(lang), currency=currency,
                    period=Period(period), offer=offer)

    return server


def serve() -> None:
    build().run("stdio")
