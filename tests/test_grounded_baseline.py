"""The shipped baseline, grounded in the aijobs.net data (scripts/ground_baseline.py), still
reproduces every seed figure: these are the seed checks, run on the grounded file."""

from __future__ import annotations

from typing import Any

import pytest

import iasalaire
from iasalaire.data import load_data

BASE = 175_600


def median(**fields: Any) -> int:
    return int(iasalaire.estimate(fields)["median"])


def test_default_median_is_the_seed_worldwide_median() -> None:
    assert median() == pytest.approx(BASE, rel=0.005)


def test_experience_follows_the_seed() -> None:
    assert median(years=0) == pytest.approx(118_000, rel=0.01)
    assert median(years=6) > 200_000
    assert median(years=10) > 200_000


def test_cities_keep_the_seed_order() -> None:
    sf = median(city="San Francisco")
    assert sf == pytest.approx(182_000, rel=0.01)
    assert median(city="New York") < sf and median(city="Seattle") < sf
    for city in ("Atlanta", "Austin"):
        assert median(city=city) < min(median(city="New York"), median(city="Seattle"))


def test_sectors_and_companies_keep_the_seed_directions() -> None:
    tech = median(sector="tech")
    assert tech >= 190_000
    for sector in ("finance", "health"):
        assert 0.9 * tech <= median(sector=sector) <= tech
    assert median(sector="public") < BASE
    assert median(company="small") < BASE


def test_senior_big_tech_p90_matches_s4() -> None:
    p90 = iasalaire.estimate({"level": "senior", "company": "big-tech"})["percentiles"]["p90"]
    assert 250_000 <= p90 <= 330_000


@pytest.mark.parametrize("fields", [{"certs": ["aws-ml-specialty"]}, {"skills": ["pytorch"]},
                                    {"role": "ml-architect"}, {"role": "ai-project-lead"}])
def test_premiums_and_senior_roles_raise_pay(fields: dict[str, Any]) -> None:
    assert median(**fields) > median()


def test_us_is_the_reference_country_and_data_figures_are_sourced() -> None:
    data = load_data()
    assert data.country("US") is not None and data.country("US").multiplier == 1.0
    source = data.file.sources["data:aijobs-salaries-dev"]
    assert source.rows and source.sha256
    gb = data.country("GB")
    assert gb is not None and gb.source == "data:aijobs-salaries-dev" and gb.count


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
    result = iasalaire.estimate({"city": "London"})
    assert result["median"] == median(country="GB")
    assert "no figure for the city itself" in result["factors"][0]["note"]


@pytest.mark.parametrize("level,company", [("EN", "S"), ("MI", "M"), ("SE", "L"), ("EX", "L")])
def test_aijobs_codes_are_accepted(level: str, company: str) -> None:
    assert iasalaire.estimate({"level": level, "company": company})["median"] > 0
