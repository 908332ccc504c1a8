"""The packaged data files are read without pydantic (records.build) and profiles are read
without pydantic when the outcome is sure (profile.read): both must give what schema.py's
pydantic models give, and start-up must not import what it does not use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from iasalaire import profile, records, schema
from iasalaire.api import make_profile
from iasalaire.data import BUILT_IN, packaged_path, parse, validated
from iasalaire.errors import InvalidValue

ROOT = Path(__file__).resolve().parents[1]


def test_records_py_is_generated_from_the_schema() -> None:
    """A field added to schema.py needs `python scripts/make_records.py`: this fails until."""
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_records.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_every_schema_model_has_its_record_with_the_same_fields() -> None:
    for name, model in vars(schema).items():
        if isinstance(model, type) and issubclass(model, schema.BaseModel) and model.model_fields:
            record = records.RECORDS[name]
            assert record.__slots__ == tuple(model.model_fields)
            assert [k for _, k, _, _ in record._layout] == [
                info.alias or field for field, info in model.model_fields.items()]


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_a_packaged_file_reads_the_same_without_pydantic(name: str) -> None:
    raw = packaged_path(name).read_bytes()
    fast = parse(raw, "packaged", trusted=True).file
    checked = validated(raw, "packaged")
    assert fast == checked
    # and what pydantic's model holds, field for field, with its types (tuples stay tuples)
    model = schema.DataFile.model_validate_json(raw, strict=True)
    assert fast.model_dump() == model.model_dump()
    # As JSON text, byte for byte (a float field's 1 is 1.0, as pydantic writes it): what
    # calibrate writes from its base file.
    for options in ({}, {"by_alias": True, "exclude_none": True}):
        assert (json.dumps(fast.model_dump(mode="json", **options))
                == json.dumps(model.model_dump(mode="json", **options)))
    assert fast.model_dump_json(by_alias=True) == model.model_dump_json(by_alias=True)


def test_an_edited_packaged_file_is_validated_and_its_problem_named() -> None:
    document = json.loads(packaged_path().read_bytes())
    document["cities"][0]["colour"] = "blue"  # a key the schema does not have
    with pytest.raises(Exception, match=r"cities\[0\]\.colour: Extra inputs are not permitted"):
        parse(json.dumps(document).encode(), "edited", trusted=True)
    del document["cities"][0]["colour"]
    del document["cities"][0]["label"]  # a field the schema requires
    with pytest.raises(Exception, match=r"cities\[0\]\.label: Field required"):
        parse(json.dumps(document).encode(), "edited", trusted=True)


def test_records_are_frozen_and_copy_like_pydantic_models() -> None:
    file = parse(packaged_path().read_bytes(), "packaged", trusted=True).file
    with pytest.raises(AttributeError):
        file.name = "x"  # type: ignore[misc]
    copy = file.model_copy(update={"name": "other"})
    assert copy.name == "other" and file.name != "other" and copy.base is file.base
    import copy as copying
    import pickle

    assert pickle.loads(pickle.dumps(file)) == file == copying.deepcopy(file)


@pytest.mark.parametrize("argv", [["--version"], ["estimate", "--json", "--exp", "5"]])
def test_start_up_imports_neither_pydantic_models_nor_numpy(argv: list[str]) -> None:
    code = ("import sys\nsys.argv = ['iasalaire', *sys.argv[1:]]\n"
            "from iasalaire.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pydantic', 'numpy', 'iasalaire.schema', 'rich')"
            " if m in sys.modules), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    imported = done.stderr.strip().splitlines()[-1]
    if argv == ["--version"]:
        assert imported == "[]", done.stderr
    else:  # Typer 0.29 itself imports pydantic to convert a command's options
        assert imported in ("[]", "['pydantic']"), done.stderr


# Profiles: profile.read gives pydantic's profile, or leaves the input to pydantic.

def by_pydantic(fields: Any) -> Any:
    try:
        model = schema.Profile.model_validate(fields)
    except ValidationError:
        return "error"
    return tuple(getattr(model, name) for name in profile.PROFILE_FIELDS)


texts = st.text(st.sampled_from("aZé 9-\t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u200b;,."), max_size=8)
values = (st.none() | texts | st.integers(-5, 120) | st.booleans()
          | st.floats(allow_nan=True, allow_infinity=True) | st.lists(texts, max_size=3)
          | st.text(min_size=195, max_size=205) | st.sampled_from(["50", "100.0", "hybrid", ""]))
records_in = st.dictionaries(st.sampled_from([*profile.PROFILE_FIELDS, "colour"]), values,
                             max_size=5)


@settings(max_examples=400, deadline=None)
@given(records_in)
def test_profile_read_agrees_with_the_pydantic_model(fields: dict[str, Any]) -> None:
    read = profile.read(fields)
    if read is not None:
        assert tuple(getattr(read, n) for n in profile.PROFILE_FIELDS) == by_pydantic(fields)
    expected = by_pydantic(fields)
    try:
        made = make_profile(fields)
    except InvalidValue:
        assert expected == "error"
    else:
        assert tuple(getattr(made, n) for n in profile.PROFILE_FIELDS) == expected


def test_common_profiles_are_read_without_pydantic() -> None:
    fields = {"years": "4.5", "city": " San Francisco ", "certs": "aws-ml; gcp-ml",
              "skills": ["pytorch"], "remote": 100.0, "role": ""}
    read = profile.read(fields)
    assert read is not None
    assert (read.years, read.city, read.certs, read.skills, read.remote, read.role) == (
        4.5, "San Francisco", ("aws-ml", "gcp-ml"), ("pytorch",), "100", None)


@pytest.mark.parametrize(("fields", "message"), [
    ({"years": "abc"}, "years: must be a number of years, not 'abc'"),
    ({"years": 61}, "years: must be a number from 0 to 60 (got 61)"),
    ({"city": 5}, "city: Input should be a valid string"),
    ({"city": "x" * 201}, "city: String should have at most 200 characters"),
    ({"certs": ["ok", 3]}, "certs[1]: Input should be a valid string"),
    ({"colour": "blue"}, "unknown field 'colour'"),
    ({"remote": True}, "remote: must be 0, 50 or 100"),
])
def test_a_bad_profile_keeps_pydantic_s_message(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        make_profile(fields)
    assert raised.value.message == message
