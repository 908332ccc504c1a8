"""A recruiter's candidate export as ATS and Excel write it, for tests and benchmarks/messy.py:
semicolons, a BOM, CRLF line ends, blank cells, ID and Name columns, job titles with seniority
and grade words, company size bands, "Remote" locations, decimal-comma years, and a few values
no list knows (the skill "R", a typo'd city)."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

TITLES = ("Senior ML Engineer", "Staff Machine Learning Engineer", "Data Scientist II",
          "Head of AI", "VP of Machine Learning", "AI/ML Engineer", "Machine Learning Engineer",
          "Junior Data Scientist", "Sr. Data Scientist", "Principal Research Scientist",
          "Lead Data Engineer", "Senior Machine Learning Engineer (NLP)", "Data Analyst",
          "Intern", "Director, Data Science", "MLOps Engineer", "Data Scientist I",
          "Ingénieur IA confirmé", "Stagiaire data scientist", "Research Scientist",
          "Chef de projet IA", "Computer Vision Engineer")
SIZES = ("2-10", "11-50", "51-200", "201-500", "1,001-5,000", "10,001+", "1000+",
         "10,000+ employees", "350", "", "Startup")
LOCATIONS = ("San Francisco, CA", "New York", "Remote", "Remote - US", "Remote (EU)", "Anywhere",
             "London, UK", "Paris, France", "Bengaluru", "Berlin", "Austin, TX", "", "Toronto, ON")
SKILLS = ("python", "pytorch", "python;sql", "R", "", "tensorflow;python", "llm")
HEADER = "ID;Name;Job Title;Years of experience;Location;Company size;Skills"


def rows(count: int, seed: int = 15) -> list[list[str]]:
    pick = random.Random(seed).choice
    years = random.Random(seed + 1)
    out = []
    for i in range(count):
        given = years.random()
        year = "" if given < 0.2 else (f"{years.randint(0, 15)},{years.randint(0, 9)}"
                                       if given < 0.5 else str(years.randint(0, 20)))
        location = pick(LOCATIONS) if i % 97 else "Pariss"  # a typo now and then
        out.append([f"C{i:05d}", f"Candidate {i}", pick(TITLES), year, location, pick(SIZES),
                    pick(SKILLS)])
    return out


def write_export(path: Path, count: int, seed: int = 15) -> Path:
    """The export as Excel's "CSV UTF-8 (semicolon)" writes it."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")  # quotes "python;sql"
    writer.writerow(HEADER.split(";"))
    writer.writerows(rows(count, seed))
    path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
    return path
