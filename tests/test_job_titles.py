"""Job titles read into a role and a level (titles.parse_title), the same on every path."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import iasalaire
from iasalaire.titles import LEVEL_WORDS, Title, parse_title


def normal(**fields: object) -> dict[str, object]:
    profile: dict[str, object] = iasalaire.estimate(fields)["profile"]
    return profile


@pytest.mark.parametrize(("title", "role", "level"), [
    ("Senior ML Engineer", "ml engineer", "senior"),
    ("Sr. Data Scientist", "data scientist", "senior"),
    ("Staff Machine Learning Engineer", "machine learning engineer", "senior"),
    ("Lead Data Engineer", "data engineer", "senior"),
    ("Junior Data Scientist", "data scientist", "junior"),
    ("Principal Research Scientist", "research scientist", "executive"),
    ("Chief AI Officer", "ai officer", "executive"),
])
def test_rule_a_seniority_word_at_the_start_is_the_level(title: str, role: str,
                                                          level: str) -> None:
    assert parse_title(title) == Title(role, level, parse_title(title).word)


@pytest.mark.parametrize(("title", "level"), [
    ("Data Scientist I", "junior"), ("Data Scientist II", "mid"),
    ("Data Scientist III", "senior"), ("Machine Learning Engineer IV", "senior")])
def test_rule_a_grade_after_the_role_is_the_level(title: str, level: str) -> None:
    assert parse_title(title) == Title(title.rsplit(" ", 1)[0].lower(), level,
                                       title.rsplit(" ", 1)[1].lower())


@pytest.mark.parametrize(("title", "role"), [
    ("Head of AI", "ai engineer"), ("VP of Machine Learning", "machine learning engineer"),
    ("Director, Data Science", "data scientist"),
    ("Directeur de la data science", "data scientist"), ("Head of NLP", "nlp engineer")])
def test_rule_head_of_vp_and_director_name_a_field_read_as_its_role(title: str,
                                                                    role: str) -> None:
    assert parse_title(title) == Title(role, "executive", parse_title(title).word)


def test_rule_parenthesised_parts_and_dash_parts_are_not_the_role() -> None:
    assert parse_title("Senior Machine Learning Engineer (NLP)") == Title(
        "machine learning engineer", "senior", "senior")
    assert parse_title("ML Engineer - Remote").role == "ml engineer"
    assert parse_title("Data Scientist [contract]").role == "data scientist"


def test_rule_ai_slash_ml_is_the_ai_role() -> None:
    assert parse_title("AI/ML Engineer") == Title("ai engineer", None, None)


@pytest.mark.parametrize(("title", "level"), [
    ("Stagiaire data scientist", "junior"), ("Ingénieur IA confirmé", "mid"),
    ("Responsable data science", "executive"), ("Directeur IA", "executive"),
    ("Chef de produit IA", "senior")])
def test_rule_french_seniority_words(title: str, level: str) -> None:
    assert parse_title(title).level == level


def test_rule_a_title_of_a_level_alone_has_no_role() -> None:
    assert parse_title("Intern") == Title(None, "junior", "intern")


def test_every_word_of_the_table_reads_as_its_level() -> None:
    for word, level in LEVEL_WORDS.items():
        assert parse_title(f"{word} data scientist").level == level, word


def test_a_title_estimates_with_its_role_and_level() -> None:
    assert normal(role="Senior ML Engineer") | {} == normal(role="ml-engineer", level="senior")
    assert normal(role="Data Scientist II")["level"] == "mid"
    assert normal(role="Head of AI")["role"] == "ai-engineer"


def test_a_name_of_the_data_file_wins_over_the_parse() -> None:
    # "AI Project Lead" is a role of its own, not a lead; "Chef de projet IA" likewise.
    assert normal(role="AI Project Lead") == normal(role="ai-project-lead")
    assert normal(role="Chef de projet IA")["level"] is None


def test_explicit_years_or_level_win_over_the_title() -> None:
    assert normal(role="Senior Data Scientist", years=1)["level"] is None
    assert normal(role="Senior Data Scientist", years=1)["years"] == 1.0
    assert normal(role="Senior Data Scientist", level="junior")["level"] == "junior"


def test_level_words_are_read_in_the_level_field_too() -> None:
    assert normal(level="lead")["level"] == "senior"
    assert normal(level="Staff")["level"] == "senior"


def test_seniority_words_order_the_medians() -> None:
    medians = [iasalaire.estimate({"role": t})["median"] for t in (
        "Junior Data Scientist", "Data Scientist", "Senior Data Scientist",
        "Head of Data Science")]
    assert medians == sorted(medians) and len(set(medians)) == 4


def test_an_unknown_role_part_keeps_the_title_as_typed_in_the_message() -> None:
    # No role is close: the all-roles level, the warning names the title as typed, and its
    # seniority word still counts.
    found = iasalaire.estimate({"role": "Senior Basket Weaver"})
    assert found["warnings"][0].startswith("job title 'Senior Basket Weaver' names no known")
    assert found["profile"]["level"] == "senior" and found["profile"]["role"] is None


@given(st.text(max_size=80))
def test_any_text_parses_without_error(text: str) -> None:
    title = parse_title(text)
    assert title.level in (None, "junior", "mid", "senior", "executive")
