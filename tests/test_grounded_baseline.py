"""The shipped data files, grounded in two surveys and GDP per capita (scripts/build_baseline.py):
the article's (data/article.json) still reproduces every seed figure; both place every
country."""

from __future__ import annotations

from typing import Any

import pytest

import iasalaire
from iasalaire.data import load_data

BASE = 175_600


def median(**fields: Any) -> int:
    return int(iasalaire.estimate(fields)["median"])


def article(**fields: Any) -> int:
    return int(iasalaire.estimate(fields, "article")["median"])


def test_the_articles_median_is_the_seed_worldwide_median() -> None:
    assert article() == pytest.approx(BASE, rel=0.005)


def test_the_articles_experience_follows_the_seed() -> None:
    assert article(years=0) == pytest.approx(118_000, rel=0.01)
    assert article(years=6) > 200_000
    assert article(years=10) > 200_000


def test_the_articles_cities_keep_the_seed_order() -> None:
    sf = article(city="San Francisco")
    assert sf == pytest.approx(182_000, rel=0.01)
    assert article(city="New York") < sf and article(city="Seattle") < sf
    for city in ("Atlanta", "Austin"):
        assert article(city=city) < min(article(city="New York"), article(city="Seattle"))


def test_the_articles_sectors_and_companies_keep_the_seed_directions() -> None:
    tech = article(sector="tech")
    assert iasalaire.estimate({"sector": "tech"}, "article")["mean"] >= 190_000
    for sector in ("finance", "health"):
        assert 0.9 * tech <= article(sector=sector) <= tech
    assert article(sector="public") < BASE
    assert article(company="small") < BASE


def test_a_profile_that_says_less_gets_a_wider_range() -> None:
    full = iasalaire.estimate({"years": 5, "country": "US", "company": "large",
                               "role": "ai-engineer", "sector": "tech", "remote": 0})
    bare = iasalaire.estimate({})
    assert bare["spread"]["sigma"] > full["spread"]["sigma"]
    assert {p["part"] for p in bare["spread"]["parts"]} >= {"omitted:location", "omitted:role"}
    assert "no city or country given" in [p["why"] for p in bare["spread"]["parts"]]


@pytest.mark.parametrize("fields", [{"certs": ["aws-ml-specialty"]}, {"skills": ["pytorch"]},
                                    {"role": "ml-architect"}, {"role": "ai-project-lead"}])
def test_premiums_and_senior_roles_raise_pay(fields: dict[str, Any]) -> None:
    assert median(**fields) > median()


def test_us_is_the_reference_country_and_data_figures_are_sourced() -> None:
    data = load_data()
    assert data.country("US") is not None and data.country("US").multiplier == 1.0
    for key in ("data:aijobs-salaries-dev", "data:so-survey-2024"):
        source = data.file.sources[key]
        assert source.rows and source.sha256
    gb = data.country("GB")
    assert gb is not None and gb.source == "data:so-survey-2024" and gb.count
    assert "R5" in gb.note and "R7" in gb.note and "GDP" in gb.note


def test_every_iso_country_has_a_figure_and_few_rows_mean_a_wide_range() -> None:
    from iasalaire.iso3166 import COUNTRIES

    data = load_data()
    assert {c.id for c in data.file.countries} == set(COUNTRIES)
    germany, chad = data.country("DE"), data.country("TD")
    assert germany is not None and chad is not None
    assert germany.count and germany.count > 1000 and germany.confidence == "high"
    assert chad.count is None and chad.confidence == "low" and chad.source == "ref:R8"
    assert chad.sigma > germany.sigma
    # Poorer countries pay less: the prior follows GDP per capita, not the US.
    assert chad.multiplier < germany.multiplier < 1.0


def test_a_country_without_rows_says_so() -> None:
    doc = iasalaire.estimate({"country": "Chad"})
    assert doc["median"] < 0.5 * BASE
    assert any("GDP per capita" in w for w in doc["warnings"])
    assert doc["factors"][0]["confidence"] == "low"


TOP_TITLES = [
    "Data Scientist", "Data Engineer", "Software Engineer", "Data Analyst",
    "Machine Learning Engineer", "Engineer", "Manager", "Research Scientist",
    "Applied Scientist", "Analyst", "Data Architect", "Analytics Engineer",
    "Research Engineer", "Product Manager", "Associate", "AI Engineer", "Data Manager",
    "Business Intelligence Engineer", "Consultant", "Machine Learning Researcher",
    "Business Intelligence Analyst", "Data Specialist", "Solutions Architect",
    "Engineering Manager", "Research Analyst", "Software Development Engineer",
    "Systems Engineer", "Software Developer", "Machine Learning Scientist",
    "Business Intelligence",
]


@pytest.mark.parametrize("title", TOP_TITLES)
def test_frequent_job_titles_are_roles(title: str) -> None:
    data = load_data()
    assert data.find("role", title.upper()) is not None
    assert iasalaire.estimate({"role": title})["profile"]["role"]


def test_a_city_abroad_uses_its_country_figure() -> None:
    result = iasalaire.estimate({"city": "Berlin"})
    assert result["median"] == median(country="DE")
    assert "no figure for the city itself" in result["factors"][0]["note"]


@pytest.mark.parametrize(("city", "country", "source"), [("Paris", "FR", "ref:R11"),
                                                        ("London", "GB", "ref:R12")])
def test_a_main_city_abroad_is_above_its_country_where_a_national_statistic_says(
        city: str, country: str, source: str) -> None:
    result = iasalaire.estimate({"city": city})
    assert result["median"] > median(country=country)
    assert result["factors"][0]["source"] == source


@pytest.mark.parametrize("level,company", [("EN", "S"), ("MI", "M"), ("SE", "L"), ("EX", "L")])
def test_aijobs_codes_are_accepted(level: str, company: str) -> None:
    assert iasalaire.estimate({"level": level, "company": company})["median"] > 0
