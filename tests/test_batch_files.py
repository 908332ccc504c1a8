"""`iasalaire batch` on real-world files: a recruiter's column names (aliases, --map, --keep),
French Excel exports (';', cp1252, UTF-16, a trailing empty column) and .json arrays."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import iasalaire
from iasalaire import batch
from iasalaire.cli import app

runner = CliRunner()
RECRUITER = ("Name,Years of experience,Location,Sector,Certifications\n"
             "Alice,5,San Francisco,finance,advanced-ml\n"
             "Bob,3,Toulouse,,\n"
             "Chloé,,Austin,tech,\n")


def records(stdout: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in stdout.split("\n") if line]


def invoke(path: Path, *args: str) -> Any:
    return runner.invoke(app, ["batch", str(path), *args])


def median(**profile: Any) -> int:
    return int(iasalaire.estimate(profile)["median"])


@pytest.fixture()
def recruiter(tmp_path: Path) -> Path:
    path = tmp_path / "candidates.csv"
    path.write_text(RECRUITER, encoding="utf-8")
    return path


def test_an_unknown_column_is_exit_2_before_any_row_naming_it_once(recruiter: Path) -> None:
    result = invoke(recruiter)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1  # one message, not one per row
    assert result.stderr.startswith("Error: unknown column 'Name'; accepted names: years, level, "
                                    "city, country, sector, company, role, certs, skills, remote")
    assert "--keep \"Name\" (or --keep all) carries it to the output" in result.stderr
    assert '--map "Name=field"' in result.stderr


def test_every_unknown_column_is_named_at_once_with_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "typos.csv"
    path.write_text("Nmae,Yeras,Town,citty\n,,,\n1,2,3,4\n", encoding="utf-8")
    result = invoke(path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        "Error: unknown columns 'Nmae', 'Yeras' (did you mean 'years'?), 'Town', "
        "'citty' (did you mean 'city'?); accepted names")


def test_an_unknown_column_with_empty_cells_is_refused_all_the_same(tmp_path: Path) -> None:
    path = tmp_path / "empty-notes.csv"
    path.write_text("years,notes\n5,\n3,\n", encoding="utf-8")  # never a value in 'notes'
    result = invoke(path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "unknown column 'notes'" in result.stderr


def test_keep_carries_columns_to_json_lines_under_keep(recruiter: Path) -> None:
    result = invoke(recruiter, "--keep", "name")
    out = records(result.stdout)
    assert result.exit_code == 0
    assert [r["keep"] for r in out] == [{"Name": "Alice"}, {"Name": "Bob"}, {"Name": "Chloé"}]
    assert out[0]["median"] == median(years=5, city="San Francisco", sector="finance",
                                      certs=["advanced-ml"])
    # Toulouse: placed in France, outside Paris (below France's national figure)
    assert out[1]["median"] == median(years=3, city="Toulouse") < median(years=3, country="FR")
    assert out[1]["warnings"] == ["no figure for Toulouse itself: placed in France, outside "
                                  "its listed cities"]
    assert out[2]["median"] == median(city="Austin", sector="tech")
    assert list(out[0])[-1] == "keep"  # after the contract's keys


def test_keep_all_carries_columns_to_csv_output_as_last_columns(recruiter: Path) -> None:
    result = invoke(recruiter, "--keep", "all", "--output-format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert result.exit_code == 0
    assert rows[0] == [*batch.CSV_COLUMNS, "Name"]
    assert [r[-1] for r in rows[1:]] == ["Alice", "Bob", "Chloé"]
    assert [int(r[2]) for r in rows[1:]] == [
        median(years=5, city="San Francisco", sector="finance", certs=["advanced-ml"]),
        median(years=3, city="Toulouse"), median(city="Austin", sector="tech")]


def test_kept_columns_ride_on_bad_records_too_and_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id,city,median\n=7,Pariss,x\n8,Austin,y\n", encoding="utf-8")
    result = invoke(path, "--keep", "id,median", "--output-format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 1
    assert [(r["ok"], r["id"], r["keep:median"]) for r in rows] == [
        ("false", "'=7", "x"), ("true", "8", "y")]
    assert rows[0]["error_message"] == "unknown city 'Pariss' (did you mean 'Paris'?)"


def test_header_names_are_case_space_and_accent_blind_with_aliases(tmp_path: Path) -> None:
    path = tmp_path / "titles.csv"
    path.write_text(" YEARS OF EXPERIENCE ,job title,Company Size,Remote Ratio,skills,LOCATION\n"
                    "4,Data Scientist,startup,100,python,Seattle\n", encoding="utf-8")
    out = records(invoke(path).stdout)
    assert out[0]["median"] == median(years=4, role="data-scientist", company="startup",
                                      remote=100, skills=["python"], city="Seattle")


def test_map_reads_any_column_as_a_field(tmp_path: Path) -> None:
    path = tmp_path / "mapped.csv"
    path.write_text("Ville de travail,Anciennete\nLyon,2\n", encoding="utf-8")
    result = invoke(path, "--map", "Ville de travail=city", "--map", "anciennete=years")
    assert result.exit_code == 0
    assert records(result.stdout)[0]["median"] == median(city="Lyon", years=2)


@pytest.mark.parametrize(("args", "message"), [
    (["--map", "Location"], "--map 'Location': write it as \"Column=field\""),
    (["--map", "Location=town"], "--map 'Location=town': 'town' is not a profile field"),
    (["--map", "Place=city", "--keep", "Name"],
     "--map names a column the header does not have: 'Place'"),
    (["--keep", "Name,Email"], "--keep names a column the header does not have: 'Email'"),
    (["--keep", "all", "--delimiter", "ab"], "--delimiter must be one character"),
    (["--keep", "all", "--encoding", "klingon"], "unknown encoding 'klingon'"),
])
def test_bad_map_keep_delimiter_or_encoding_is_exit_2(recruiter: Path, args: list[str],
                                                      message: str) -> None:
    result = invoke(recruiter, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"Error: {message}")


def test_json_keys_are_read_like_columns_and_unknown_keys_are_always_bad() -> None:
    lines = (b'{"Years of experience": 5, "Location": "SF"}\n'
             b'{"years": 5, "city": "SF", "name": "Ann"}\n'
             b'{"years": 5, "city": "SF", "name": null}\n'
             b'{"years": 5, "experience": 6}\n'
             b'{"yeras": 5, "town": "x"}\n')
    result = runner.invoke(app, ["batch"], input=lines)
    out = records(result.stdout)
    assert result.exit_code == 1
    assert out[0]["median"] == median(years=5, city="SF")
    assert [r["ok"] for r in out] == [True, False, False, False, False]
    # an unknown key is a bad record whatever its value, null included
    assert out[1]["error"] == out[2]["error"] == {"field": "name",
                                                  "message": "unknown field 'name'"}
    assert out[3]["error"] == {"field": "years",
                               "message": "'years' and 'experience' both give years"}
    assert out[4]["error"] == {"field": "yeras", "message": "unknown fields 'yeras' (did you "
                                                            "mean 'years'?), 'town'"}


def test_json_keep_and_map_carry_keys_through() -> None:
    lines = b'{"years": 5, "id": 1, "where": "SF"}\n{"years": 2}\n[1]\n{"id": 3,\n'
    result = runner.invoke(app, ["batch", "--keep", "id", "--map", "where=city"], input=lines)
    out = records(result.stdout)
    assert [(r["line"], r["ok"], r["keep"]) for r in out] == [
        (1, True, {"id": 1}), (2, True, {"id": None}), (3, False, {"id": None}),
        (4, False, {"id": None})]
    assert out[0]["median"] == median(years=5, city="SF")
    result = runner.invoke(app, ["batch", "--keep", "all", "--output-format", "csv"],
                           input=lines)
    assert result.exit_code == 2
    assert "--keep all needs the columns before the first record" in result.stderr


FRENCH = "Années d'expérience;Ville;Secteur;Compétences;\r\n5;Montréal;Santé;python,pytorch;\r\n" \
         "2;Lyon;;;\r\n"


def test_a_french_excel_export_in_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(FRENCH.encode("cp1252"))
    result = invoke(path)
    out = records(result.stdout)
    assert result.exit_code == 0
    assert [r["line"] for r in out] == [2, 3]
    assert out[0]["median"] == median(years=5, city="Montreal", sector="health",
                                      skills=["python", "pytorch"])
    assert out[1]["median"] == median(years=2, city="Lyon")
    assert result.stderr.startswith(f"warning: {path}: line 1 is not UTF-8: read as cp1252 "
                                    "(Windows-1252) from there on")
    given = invoke(path, "--encoding", "cp1252", "--delimiter", ";")
    assert given.stdout == result.stdout
    assert "warning" not in given.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_unicode_exports_give_the_same_records_with_no_phantom_one(tmp_path: Path,
                                                                   encoding: str) -> None:
    path = tmp_path / "unicode.csv"
    raw = FRENCH.replace(";", "\t").encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw  # Excel writes the mark; utf-16-be alone does not
    path.write_bytes(raw)
    result = invoke(path)
    reference = tmp_path / "reference.csv"
    reference.write_text(FRENCH, encoding="utf-8")
    assert result.exit_code == 0
    assert result.stdout == invoke(reference).stdout
    assert len(records(result.stdout)) == 2


def test_delimiters_are_sniffed_from_the_header_line(tmp_path: Path) -> None:
    expected = [median(years=5, city="Paris"), median(years=1, skills=["python", "llm"])]
    for delimiter in (",", ";", "\t", "|"):
        path = tmp_path / "d.csv"
        path.write_text(f"years{delimiter}city{delimiter}skills\n5{delimiter}Paris{delimiter}\n"
                        f"1{delimiter}{delimiter}\"python;llm\"\n", encoding="utf-8")
        assert [r["median"] for r in records(invoke(path).stdout)] == expected, delimiter


def test_a_value_under_a_trailing_unnamed_column_is_a_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "trailing.csv"
    path.write_text("years;city;\n5;Paris;\n6;Paris;oops\n", encoding="utf-8")
    out = records(invoke(path).stdout)
    assert [r["ok"] for r in out] == [True, False]
    assert out[1]["error"]["message"] == "row has 3 cells but the header names 2"


def test_a_json_array_is_read_as_an_array_records_in_equal_records_out(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_text('[\n  {"years": 5, "city": "SF"},\n  {"Location": "Austin"},\n  "x",\n'
                    '  {"years": 99}\n]\n', encoding="utf-8")
    result = invoke(path)
    out = records(result.stdout)
    assert result.exit_code == 1
    assert [(r["line"], r["ok"]) for r in out] == [(1, True), (2, True), (3, False), (4, False)]
    assert out[0]["median"] == median(years=5, city="SF")
    assert out[1]["median"] == median(city="Austin")
    assert result.stderr.startswith("batch: 4 records, 2 good, 2 bad in ")


def test_a_json_file_of_lines_and_a_broken_array(tmp_path: Path) -> None:
    lines = tmp_path / "lines.json"
    lines.write_text('{"years": 5}\n{"years": 2}\n', encoding="utf-8")
    assert [r["median"] for r in records(invoke(lines).stdout)] == [median(years=5),
                                                                    median(years=2)]
    broken = tmp_path / "broken.json"
    broken.write_text('[{"years": 5}, {"years": ', encoding="utf-8")
    out = records(invoke(broken).stdout)
    assert [(r["line"], r["ok"]) for r in out] == [(1, True), (2, False)]
    assert out[1]["error"]["message"].startswith("malformed JSON")
    stdin = runner.invoke(app, ["batch", "--input-format", "json"], input=b' [{"years": 5}]')
    assert [r["median"] for r in records(stdin.stdout)] == [median(years=5)]


def test_a_large_json_array_is_read_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    items = [{"years": i % 40, "id": i} for i in range(20_000)]  # over several 64 KiB chunks
    path.write_bytes(orjson.dumps(items))
    out = records(invoke(path, "--keep", "id").stdout)
    assert [r["keep"]["id"] for r in out] == list(range(20_000))
    assert out[12_345]["median"] == median(years=12_345 % 40)


ALIAS_HEADERS = {"years": ["years", "Years of experience", "EXPERIENCE", "Années d'expérience"],
                 "city": ["city", "Location", "Ville"], "sector": ["sector", "Industry"],
                 "skills": ["skills", "Compétences", "Tech stack"]}
CELLS = {"years": ["", "0", "5", "12.5", "x"], "city": ["", "Montréal", "Toulouse", "SF", "Zürich"],
         "sector": ["", "Santé", "finance", "tech"], "skills": ["", "python", "python;llm"]}


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(ALIAS_HEADERS)).flatmap(lambda order: st.tuples(
           st.just(order), st.tuples(*(st.sampled_from(ALIAS_HEADERS[f]) for f in order)),
           st.lists(st.tuples(*(st.sampled_from(CELLS[f]) for f in order)), max_size=6))),
       st.sampled_from([",", ";", "\t", "|"]), st.sampled_from(["utf-8", "utf-16", "cp1252"]),
       st.booleans())
def test_the_same_table_in_any_export_gives_the_same_records(
        table: tuple[list[str], tuple[str, ...], list[tuple[str, ...]]], delimiter: str,
        encoding: str, trailing: bool) -> None:
    order, header, rows = table
    end = delimiter if trailing else ""

    def export(names: tuple[str, ...] | list[str], sep: str, tail: str) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=sep, lineterminator=tail + "\r\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buffer.getvalue()

    reference = runner.invoke(app, ["batch", "--input-format", "csv"],
                              input=export(order, ",", "").encode("utf-8"))
    exported = runner.invoke(app, ["batch", "--input-format", "csv"],
                             input=export(header, delimiter, end).encode(encoding))
    assert exported.exit_code == reference.exit_code
    assert exported.stdout == reference.stdout
    assert len(records(exported.stdout)) == len(rows)
