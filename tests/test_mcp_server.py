"""`iasalaire mcp`: started as a subprocess, each tool called through the MCP SDK's client,
returns the same document as the command's --json; a bad value is a tool error naming the
field, and the server keeps serving after it."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import pytest

from tests.conftest import run

pytest.importorskip("mcp")

import anyio  # noqa: E402 - only with the mcp extra
from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402


def session_calls(calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[Any], list[Any]]:
    """The tools the server lists, then each call's result, in one server process."""

    async def go() -> tuple[list[Any], list[Any]]:
        env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LANGUAGE")}
        params = StdioServerParameters(command=sys.executable, args=["-m", "iasalaire", "mcp"],
                                       env={**env, "IASALAIRE_LANG": "en"})
        with open(os.devnull, "w") as quiet:
            async with stdio_client(params, errlog=quiet) as (read, write), \
                    ClientSession(read, write) as session:
                await session.initialize()
                tools = (await session.list_tools()).tools
                results = [await session.call_tool(name, arguments) for name, arguments in calls]
        return tools, results

    return anyio.run(go)


def cli_json(*args: str) -> Any:
    result = run(*args, IASALAIRE_LANG="en")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def text(result: Any) -> str:
    return str(result.content[0].text)


CALLS: list[tuple[str, dict[str, Any]]] = [
    ("estimate", {"years": 5, "city": "Austin", "role": "ml-engineer", "offer": "165k"}),
    ("estimate", {"years": 5, "city": "Pariss"}),
    ("estimate", {"years": -3}),
    ("compare", {"scenarios": ["city=Austin offer=165k", "city=Seattle offer=180k"],
                 "years": 5}),
    ("list", {"what": "roles"}),
    ("explain", {"years": 5, "city": "Lyon", "lang": "fr"}),
    ("estimate", {"years": 2, "city": "Paris", "currency": "EUR", "period": "month"}),
    ("estimate", {"years": "five"}),
    ("compare", {"scenarios": ["city=Austin"]}),
    ("estimate", {"city": "Austin", "offer": "165,00"}),
]


@pytest.fixture(scope="module")
def served() -> tuple[list[Any], list[Any]]:
    return session_calls(CALLS)


def test_the_server_lists_four_tools_whose_schemas_name_the_profile_fields(
        served: tuple[list[Any], list[Any]]) -> None:
    tools = {tool.name: tool for tool in served[0]}
    assert sorted(tools) == ["compare", "estimate", "explain", "list"]
    fields = ["years", "level", "city", "country", "sector", "company", "role", "certs",
              "skills", "remote"]
    for name in ("estimate", "compare", "explain"):
        assert set(fields) <= set(tools[name].input_schema["properties"])
    assert tools["compare"].input_schema["required"] == ["scenarios"]
    assert "roles" in tools["list"].input_schema["properties"]["what"]["enum"]


def test_estimate_returns_the_document_of_estimate_json(
        served: tuple[list[Any], list[Any]]) -> None:
    result = served[1][0]
    assert not result.is_error
    document = json.loads(text(result))
    assert document == cli_json("estimate", "--exp", "5", "--city", "Austin", "--role",
                                "ml-engineer", "--offer", "165000", "--json")
    assert document["offer"]["amount"] == 165000 and document["schema"] == "iasalaire.estimate/1"


def test_a_bad_value_is_a_tool_error_that_names_the_field_and_the_server_goes_on(
        served: tuple[list[Any], list[Any]]) -> None:
    unknown, negative = served[1][1], served[1][2]
    assert unknown.is_error and "city: unknown city 'Pariss' (did you mean 'Paris'?)" in text(
        unknown)
    assert negative.is_error and "years: must be a number from 0 to 60" in text(negative)
    assert not served[1][3].is_error  # the calls after the errors still work


def test_compare_list_and_explain_return_what_their_commands_print(
        served: tuple[list[Any], list[Any]]) -> None:
    compare, listed, explained, monthly = served[1][3:7]
    assert json.loads(text(compare)) == cli_json(
        "compare", "city=Austin offer=165k", "city=Seattle offer=180k", "--exp", "5", "--json")
    assert json.loads(text(listed)) == cli_json("list", "roles", "--json")
    markdown = run("estimate", "--exp", "5", "--city", "Lyon", "--format", "markdown",
                   "--lang", "fr")
    assert text(explained) == markdown.stdout.strip()
    assert text(explained).startswith("**Salaire estimé\u00a0: 5 ans d'expérience, Lyon**")
    assert json.loads(text(monthly)) == cli_json("estimate", "--exp", "2", "--city", "Paris",
                                                 "--currency", "EUR", "--period", "month",
                                                 "--json")


def test_mcp_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mcp", None)  # import mcp now raises ModuleNotFoundError
    result = run("mcp")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == 'Error: the MCP server needs the mcp extra: pip install ' \
        '"iasalaire[mcp]"\n'


def test_wrong_types_and_bad_usage_are_tool_errors_too(
        served: tuple[list[Any], list[Any]]) -> None:
    wrong_type, one_scenario, bad_offer = served[1][7:10]
    assert wrong_type.is_error and "years" in text(wrong_type)
    assert one_scenario.is_error and "give 2 to 6 scenarios (got 1)" in text(one_scenario)
    assert bad_offer.is_error and "offer: --offer must be an amount such as" in text(bad_offer)
