"""The `estimate --json` document is a contract: scripts depend on its exact keys."""

from __future__ import annotations

import json

from tests.conftest import run

TOP = ["schema", "currency", "profile", "median", "mean", "range", "percentiles", "factors",
       "sources", "warnings", "data", "spread", "exchange", "period", "net",
       "purchasing_power", "offer", "basis", "article"]
EXCHANGE = ["from", "to", "rate", "year", "source"]
OFFER = ["amount", "percentile", "gap", "gap_percent", "position", "purchasing_power"]
PROFILE = ["years", "level", "city", "country", "sector", "company", "role", "certs", "skills",
           "remote"]
FACTOR = ["dimension", "input", "label", "multiplier", "source", "confidence", "note"]


def document(*args: str) -> dict:
    result = run("estimate", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_estimate_json_has_exactly_the_contract_keys() -> None:
    doc = document("--exp", "5", "--city", "SF", "--cert", "advanced-ml", "--skill", "llm")
    assert list(doc) == TOP
    assert doc["schema"] == "iasalaire.estimate/1" and doc["currency"] == "USD"
    assert list(doc["profile"]) == PROFILE
    assert list(doc["range"]) == ["low", "high"]
    assert list(doc["percentiles"]) == ["p10", "p25", "p50", "p75", "p90"]
    assert [list(f) for f in doc["factors"]] == [FACTOR] * 4
    assert list(doc["data"]) == ["name", "version", "sha256"]
    assert all({"title", "year"} <= set(s) for s in doc["sources"].values())
    assert isinstance(doc["warnings"], list)
    assert list(doc["spread"]) == ["sigma", "residual", "parts"]
    assert all(list(p) == ["part", "sigma", "why"] for p in doc["spread"]["parts"])


def test_city_factor_matches_the_contract_example() -> None:
    doc = document("--city", "SF", "--data", "article")  # the contract's example figures
    city = doc["factors"][0]
    assert (city["dimension"], city["input"], city["label"]) == ("city", "SF", "San Francisco")
    assert city["multiplier"] == 1.0364 and city["source"] == "seed:S9"
    assert "seed:S9" in doc["sources"]
    assert doc["profile"]["city"] == "san-francisco" and doc["profile"]["country"] == "US"


def test_profile_is_normalised_and_every_key_is_always_present() -> None:
    doc = document("--level", "SE", "--company", "L", "--remote", "hybrid",
                   "--skill", "PyTorch", "--skill", "pytorch")
    assert doc["profile"] == {"years": None, "level": "senior", "city": None, "country": None,
                              "sector": None, "company": "large", "role": None, "certs": [],
                              "skills": ["pytorch"], "remote": 50}


def test_every_source_cited_by_a_factor_is_in_the_sources_table() -> None:
    doc = document("--exp", "3", "--city", "Austin", "--sector", "finance", "--skill", "llm")
    assert {f["source"] for f in doc["factors"]} <= set(doc["sources"])


def test_presentation_keys_are_null_or_their_documented_objects() -> None:
    plain = document("--exp", "5", "--city", "Austin")
    assert plain["exchange"] is None and plain["net"] is None and plain["offer"] is None
    assert plain["period"] == {"unit": "year", "per_year": 1}
    assert list(plain["purchasing_power"]) == ["amount", "price_level", "source"]
    shown = document("--exp", "5", "--city", "Paris", "--currency", "EUR", "--period", "month",
                     "--months", "13", "--net", "--offer", "6000")
    assert list(shown) == TOP and shown["currency"] == "EUR"
    assert list(shown["exchange"]) == EXCHANGE and shown["exchange"]["to"] == "EUR"
    assert list(shown["offer"]) == OFFER
    assert shown["offer"]["position"] in ("below-p10", "below-middle-half", "middle-half",
                                          "above-middle-half", "above-p90")
    assert list(shown["net"]) == ["basis", "country", "ratio_at_median", "source"]
    assert shown["period"] == {"unit": "month", "per_year": 13}
    assert shown["purchasing_power"] is None


def test_compare_document_has_exactly_its_keys() -> None:
    result = run("compare", "city=Austin offer=150000", "city=Paris", "--exp", "5", "--json")
    doc = json.loads(result.stdout)
    assert list(doc) == ["schema", "currency", "exchange", "period", "scenarios"]
    assert doc["schema"] == "iasalaire.compare/1"
    for scenario in doc["scenarios"]:
        assert list(scenario) == ["name", "scenario", "changes", "vs_first", "estimate"]
        assert list(scenario["vs_first"]) == ["amount", "percent"]
        assert list(scenario["estimate"]) == TOP
    assert [s["name"] for s in doc["scenarios"]] == ["Austin", "Paris"]


def test_curve_document_has_exactly_its_keys() -> None:
    doc = json.loads(run("curve", "--city", "Austin", "--json").stdout)
    assert list(doc) == ["schema", "currency", "exchange", "period", "profile", "points", "offer",
                         "data"]
    assert doc["schema"] == "iasalaire.curve/1"
    assert [p["years"] for p in doc["points"]] == list(range(31))
    assert all(list(p) == ["years", "median", "low", "high"] for p in doc["points"])
