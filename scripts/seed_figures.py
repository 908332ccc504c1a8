"""The seed article's figures (S1-S16) and public references (R1-R6): the skeleton of
data/baseline.json, which scripts/build_baseline.py grounds in the surveys (R5, R7) and GDP per
capita (R8). Not run on its own.

Every figure states its source and how it was derived. Where the article gives only a
direction, the number is an `assumption` (low confidence) that keeps that direction.
"""

from __future__ import annotations

from typing import Any

ARTICLE = "Salaire d'un ingénieur en IA en 2025 (seed article, French)"
BASE = 175_600  # S1
SF = 182_000  # S9
Z90 = 1.2815515655446004

SEED = {
    "S1": "median annual salary of an AI engineer, worldwide, 2025: about 175,600 USD",
    "S2": "beginners: about ('autour de') 118,000 USD a year",
    "S3": "experienced, more than five years: often above 200,000 USD",
    "S4": "best-paid posts at major tech firms (Google, Meta, Microsoft), most qualified "
    "profiles: up to 290,000 USD",
    "S5": "junior, under two years: paid less than experienced peers (qualitative)",
    "S6": "tech industries (IT, telecoms): average above 190,000 USD a year",
    "S7": "finance and health follow tech closely, with similar pay (qualitative)",
    "S8": "public administrations and small companies: less competitive pay (qualitative)",
    "S9": "San Francisco: highest US average, about 182,000 USD a year",
    "S10": "New York, Seattle: attractive, slightly below San Francisco (qualitative)",
    "S11": "lower cost-of-living areas such as Atlanta, Austin: proportionally reduced "
    "(qualitative)",
    "S12": "Python, Java; TensorFlow, PyTorch: often required for well-paid posts (qualitative)",
    "S13": "recognised AI / ML / data-science certifications: access to better-paid posts "
    "(qualitative)",
    "S14": "expertise in complex models (computer vision, predictive systems): specialised, "
    "highly paid roles (qualitative)",
    "S15": "AI project lead, ML architect: pay higher still (qualitative)",
    "S16": "demand for LLM and autonomous-systems work: growing in 2025 (qualitative)",
}
REFERENCES = {
    "R1": ("U.S. BLS OEWS May 2024, data scientists (15-2051), annual median wage by metro "
           "(secondary extraction)", 2024),
    "R2": ("U.S. BLS OEWS May 2024, national wage percentiles, data scientists and software "
           "developers", 2024),
    "R3": ("Skill and certification pay premiums: Foote Partners IT Skills and Certifications "
           "Pay Index (Q4 2023); Lightcast 'Beyond the Buzz' (2025)", 2025),
    "R4": ("Levels.fyi median tech total compensation by city, 2023 (Business Insider)", 2023),
    "R6": ("U.S. BEA Regional Price Parities by metropolitan area, 2023", 2023),
}


def ratio(value: float) -> float:
    return round(value / BASE, 4)


def src(source: str, confidence: str, note: str, **extra: Any) -> dict[str, Any]:
    return {"source": source, "confidence": confidence, "note": note, **extra}


def assume(note: str, **extra: Any) -> dict[str, Any]:
    return src("assumption", "low", note, **extra)


def entry(id: str, label: str, multiplier: float | None, aliases: list[str],
          how: dict[str, Any], **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": id, "label": label, **extra}
    if multiplier is not None:
        item["multiplier"] = multiplier
    return {**item, "aliases": aliases, **how}


# --- experience ------------------------------------------------------------------------------
CURVE = [
    (0, 118_000, src("seed:S2", "medium", "beginners earn about 118,000 USD")),
    (5, 200_000, src("seed:S3", "medium",
                     "more than five years: often above 200,000 USD, so 200,000 is placed at "
                     "5 years and the curve keeps rising after it")),
    (10, 220_000, assume("growth slows after five years: +10% from 5 to 10 years")),
    (20, 235_000, assume("late-career growth is small: +7% from 10 to 20 years; flat after")),
]
LEVELS = [
    ("junior", "Junior", 1, ["EN", "entry", "entry level", "débutant", "junior engineer"],
     src("seed:S5", "medium", "S5: 'under two years': placed at 1 year on the curve")),
    ("mid", "Mid-level", 3.5, ["MI", "intermediate", "mid level", "intermédiaire", "confirmé"],
     assume("between junior (under 2 years) and experienced (over 5 years): 3.5 years")),
    ("senior", "Senior", 7, ["SE", "expérimenté", "sénior", "experienced"],
     assume("S3 'experienced, more than five years': placed at 7 years")),
    ("executive", "Executive / director", 15,
     ["EX", "director", "directeur", "head", "principal", "exécutif", "cadre dirigeant"],
     assume("a director-level career: placed at 15 years")),
]

BIG_TECH = 1.12

# --- cities: R1 metro medians as ratios to San Francisco, anchored on S9 ---------------------
R1 = {  # id: (label, BLS metro median, aliases)
    "san-jose": ("San Jose", 173_160, ["Sunnyvale", "Santa Clara", "Silicon Valley",
                                       "Mountain View", "Palo Alto", "Cupertino"]),
    "seattle": ("Seattle", 157_290, ["Bellevue", "Tacoma", "Redmond"]),
    "washington-dc": ("Washington, DC", 135_190, ["Washington", "DC", "Washington DC",
                                                  "Arlington", "Alexandria"]),
    "boston": ("Boston", 131_830, ["Cambridge", "Newton"]),
    "charlotte": ("Charlotte", 131_110, []),
    "new-york": ("New York", 130_710, ["NYC", "New York City", "NY", "Manhattan", "Brooklyn",
                                       "Jersey City", "Newark", "New-York"]),
    "san-diego": ("San Diego", 127_200, []),
    "los-angeles": ("Los Angeles", 124_270, ["LA", "L.A.", "Long Beach", "Anaheim"]),
    "austin": ("Austin", 122_440, ["Round Rock"]),
    "dallas": ("Dallas", 120_840, ["Fort Worth", "DFW", "Dallas-Fort Worth"]),
    "minneapolis": ("Minneapolis", 119_860, ["Saint Paul", "St Paul", "Twin Cities"]),
    "miami": ("Miami", 118_820, ["Fort Lauderdale", "West Palm Beach"]),
    "portland": ("Portland", 114_390, ["Hillsboro"]),
    "chicago": ("Chicago", 112_640, []),
    "tampa": ("Tampa", 112_310, ["Clearwater"]),
    "phoenix": ("Phoenix", 109_230, ["Mesa", "Chandler", "Scottsdale"]),
    "philadelphia": ("Philadelphia", 107_030, ["Philly", "Philadelphie"]),
    "atlanta": ("Atlanta", 104_480, ["Sandy Springs"]),
    "detroit": ("Detroit", 103_710, []),
    "raleigh": ("Raleigh", 102_690, ["Cary", "Research Triangle", "Durham"]),
    "houston": ("Houston", 100_420, []),
    "sacramento": ("Sacramento", 98_460, []),
    "pittsburgh": ("Pittsburgh", 96_370, []),
    "st-louis": ("St. Louis", 90_330, ["Saint Louis", "St Louis"]),
}
R1_SF = 166_300
R6 = {  # BEA Regional Price Parities 2023 (all items, US = 100), by city id
    "san-francisco": 118.225, "los-angeles": 115.455, "seattle": 112.991, "san-jose": 112.867,
    "new-york": 112.473, "miami": 111.824, "boston": 111.574, "san-diego": 111.491,
    "sacramento": 108.888, "washington-dc": 108.641, "portland": 106.615, "phoenix": 105.524,
    "minneapolis": 104.509, "philadelphia": 103.547, "tampa": 103.433, "dallas": 103.293,
    "chicago": 102.557, "atlanta": 100.933, "houston": 100.22, "detroit": 98.007,
    "raleigh": 97.989, "austin": 97.62, "charlotte": 96.979, "st-louis": 96.312,
    "pittsburgh": 94.442,
}


def price_levels() -> list[dict[str, Any]]:
    note = ("S11: cheaper places pay less but cost less; a salary divided by index / 100 is "
            "its purchasing power in average-US dollars")
    return [{"city": city, "index": index, **src("ref:R6", "medium", note)}
            for city, index in R6.items()]
DIRECTIONS = {"new-york": "S10", "seattle": "S10", "atlanta": "S11", "austin": "S11"}

ABROAD = [  # cities outside the US: their country's figure
    ("paris", "Paris", "FR", ["Île-de-France"]),
    ("lyon", "Lyon", "FR", []),
    ("london", "London", "GB", ["Londres"]),
    ("berlin", "Berlin", "DE", []),
    ("munich", "Munich", "DE", ["München", "Munchen"]),
    ("amsterdam", "Amsterdam", "NL", []),
    ("zurich", "Zurich", "CH", ["Zürich"]),
    ("geneva", "Geneva", "CH", ["Genève", "Genf"]),
    ("dublin", "Dublin", "IE", []),
    ("madrid", "Madrid", "ES", []),
    ("barcelona", "Barcelona", "ES", ["Barcelone"]),
    ("lisbon", "Lisbon", "PT", ["Lisbonne", "Lisboa"]),
    ("warsaw", "Warsaw", "PL", ["Varsovie", "Warszawa"]),
    ("toronto", "Toronto", "CA", []),
    ("montreal", "Montreal", "CA", ["Montréal"]),
    ("bangalore", "Bangalore", "IN", ["Bengaluru"]),
    ("singapore", "Singapore", "SG", ["Singapour"]),
    ("sydney", "Sydney", "AU", []),
    ("tokyo", "Tokyo", "JP", []),
    ("tel-aviv", "Tel Aviv", "IL", ["Tel-Aviv-Yafo"]),
]


def cities() -> list[dict[str, Any]]:
    sf = ratio(SF)
    out = [entry("san-francisco", "San Francisco", sf,
                 ["SF", "San Fran", "Bay Area", "San Francisco Bay Area", "Oakland", "Fremont"],
                 src("seed:S9", "medium", "S9: about 182,000 USD, the highest US average: "
                     "182,000 / 175,600"), country="US")]
    for id, (label, median, aliases) in R1.items():
        if id == "san-jose":
            how = src("seed:S9", "medium",
                      "R1 puts San Jose (173,160) above San Francisco (166,300), while S9 says "
                      "San Francisco has the highest US average: San Jose is taken as part of "
                      "the Bay Area, with San Francisco's figure")
            out.append(entry(id, label, sf, aliases, how, country="US"))
            continue
        note = (f"R1 metro median {median:,} / San Francisco's {R1_SF:,}, scaled to S9's "
                f"San Francisco figure")
        if id in DIRECTIONS:
            note += f"; keeps the direction of {DIRECTIONS[id]}"
        multiplier = round(median / R1_SF * sf, 4)
        out.append(entry(id, label, multiplier, aliases, src("ref:R1", "medium", note),
                         country="US"))
    for id, label, country, aliases in ABROAD:
        out.append(entry(id, label, None, aliases, assume(
            "no city-level figure outside the US: the country's figure is used"),
            country=country))
    return out


TECH = 190_500


def sectors() -> list[dict[str, Any]]:
    tech = ratio(TECH)
    s6 = ("S6: tech industries (IT, telecoms) average above 190,000 USD; the median is set at "
          "190,500 (the article's figure is an average, so this errs low)")
    return [
        entry("tech", "Tech / IT", tech,
              ["IT", "information technology", "informatique", "software", "technology",
               "logiciel", "numérique", "technologies de l'information"],
              src("seed:S6", "medium", s6)),
        entry("telecom", "Telecommunications", tech,
              ["telecoms", "telecommunications", "télécommunications", "télécoms", "telco"],
              src("seed:S6", "medium", s6)),
        entry("finance", "Finance", round(tech * 0.96, 4),
              ["banking", "banque", "fintech", "insurance", "assurance", "financial services",
               "services financiers", "secteur financier"],
              assume("S7: finance follows tech closely with similar pay: 4% below tech")),
        entry("health", "Health / medical", round(tech * 0.94, 4),
              ["healthcare", "health care", "santé", "medical", "médical", "pharma",
               "pharmaceutical", "biotech", "secteur médical"],
              assume("S7: health follows tech closely with similar pay: 6% below tech")),
        entry("public", "Public administration", 0.85,
              ["public administration", "administration publique", "government",
               "gouvernement", "public sector", "secteur public", "administration"],
              assume("S8: public administrations pay less competitively: 15% below the "
                     "world-level figure")),
        entry("education", "Education / academia", 0.82,
              ["academia", "university", "université", "enseignement", "recherche publique"],
              assume("academic posts pay below industry: 18% below the world-level figure")),
        entry("consulting", "Consulting", 0.98, ["conseil", "consultancy", "services"],
              assume("close to the world-level figure")),
        entry("retail", "Retail / e-commerce", 0.96, ["e-commerce", "commerce", "distribution"],
              assume("slightly below the world-level figure")),
        entry("manufacturing", "Manufacturing / industry", 0.95,
              ["industry", "industrie", "manufacture"],
              assume("slightly below the world-level figure")),
        entry("automotive", "Automotive", 1.0, ["automobile", "cars"],
              assume("at the world-level figure (autonomous-systems demand, S16)")),
        entry("energy", "Energy", 0.98, ["énergie", "utilities", "oil and gas"],
              assume("close to the world-level figure")),
        entry("media", "Media / entertainment", 0.95, ["médias", "entertainment", "gaming"],
              assume("slightly below the world-level figure")),
    ]


def companies() -> list[dict[str, Any]]:
    return [
        entry("big-tech", "Big tech (Google, Meta, Microsoft, ...)", BIG_TECH,
              ["big tech", "FAANG", "MAANG", "GAFAM", "Google", "Alphabet", "Meta", "Facebook",
               "Microsoft", "Amazon", "Apple", "Netflix", "Nvidia"],
              assume("S4: the best-paid posts are at major tech firms: 12% above the "
                     "world-level figure (the spread is derived from S4 with this figure)")),
        entry("large", "Large company (over 250 employees)", 1.0,
              ["L", "large company", "grande entreprise", "grand groupe", "enterprise"],
              assume("at the world-level figure")),
        entry("medium", "Medium company (50-250 employees)", 1.0,
              ["M", "medium company", "mid-size", "midsize", "moyenne entreprise", "PME"],
              assume("at the world-level figure")),
        entry("small", "Small company (under 50 employees)", 0.88,
              ["S", "small company", "petite entreprise", "TPE"],
              assume("S8: small companies pay less competitively: 12% below")),
        entry("startup", "Start-up", 0.95, ["start-up", "start up", "jeune pousse", "scale-up"],
              assume("early-stage firms pay partly in equity: 5% below")),
    ]


def roles() -> list[dict[str, Any]]:
    return [
        entry("ai-engineer", "AI engineer", 1.0,
              ["AI Engineer", "Artificial Intelligence Engineer", "ingénieur IA",
               "ingénieur en intelligence artificielle", "ingénieur en IA"],
              src("seed:S1", "medium", "the article's population: AI engineers")),
        entry("ml-engineer", "Machine learning engineer", 1.0,
              ["Machine Learning Engineer", "ML Engineer", "MLE", "ingénieur machine learning",
               "ingénieur ML"],
              assume("the closest neighbour of the AI engineer: same figure")),
        entry("data-scientist", "Data scientist", 0.92,
              ["Data Scientist", "scientifique des données", "data science"],
              assume("a broader, more analytical population: 8% below")),
        entry("research-scientist", "Research scientist", 1.1,
              ["Research Scientist", "chercheur", "chercheur en IA", "AI researcher",
               "scientifique de recherche"],
              assume("research posts at AI labs pay above engineering: 10% above")),
        entry("applied-scientist", "Applied scientist", 1.08, ["Applied Scientist"],
              assume("between research and engineering: 8% above")),
        entry("research-engineer", "Research engineer", 1.05, ["Research Engineer",
                                                                "ingénieur de recherche"],
              assume("5% above")),
        entry("computer-vision-engineer", "Computer vision engineer", 1.06,
              ["Computer Vision Engineer", "CV engineer", "ingénieur vision par ordinateur"],
              assume("S14: computer vision expertise opens specialised, highly paid roles: "
                     "6% above")),
        entry("nlp-engineer", "NLP engineer", 1.04, ["NLP Engineer", "ingénieur NLP"],
              assume("specialised models: 4% above")),
        entry("llm-engineer", "LLM / generative AI engineer", 1.06,
              ["LLM Engineer", "GenAI Engineer", "Generative AI Engineer", "ingénieur LLM"],
              assume("S16: growing demand for LLM work: 6% above")),
        entry("mlops-engineer", "MLOps engineer", 1.0, ["MLOps Engineer", "ingénieur MLOps"],
              assume("at the AI-engineer figure")),
        entry("ml-architect", "Machine learning architect", 1.15,
              ["ML Architect", "Machine Learning Architect", "AI Architect",
               "architecte machine learning", "architecte IA"],
              assume("S15: reached with experience, pay higher still: 15% above")),
        entry("ai-project-lead", "AI project lead", 1.12,
              ["AI Project Lead", "AI Project Manager", "AI Lead", "chef de projet IA",
               "responsable de projet IA"],
              assume("S15: reached with experience, pay higher still: 12% above")),
        entry("data-engineer", "Data engineer", 0.9, ["Data Engineer", "ingénieur data",
                                                       "ingénieur de données"],
              assume("a neighbouring data role: 10% below")),
        entry("data-architect", "Data architect", 1.0, ["Data Architect", "architecte data",
                                                         "architecte de données"],
              assume("at the AI-engineer figure")),
        entry("data-analyst", "Data analyst", 0.7, ["Data Analyst", "analyste de données",
                                                     "analyste data"],
              assume("an analysis role, well below engineering: 30% below")),
        entry("software-engineer", "Software engineer", 0.95,
              ["Software Engineer", "ingénieur logiciel", "développeur"],
              assume("general software engineering: 5% below")),
    ] + [entry(id, label, 1.0, aliases, assume(TITLE_NOTE)) for id, label, aliases in TITLES]


# The most frequent full-time job titles of the aijobs.net index (R5) that name no role above:
# each its own role (their pay differs), figures from scripts/ground_baseline.py.
TITLE_NOTE = "a frequent aijobs.net job title; at the world-level figure until grounded"
TITLES = [
    ("engineer", "Engineer", []),
    ("manager", "Manager", []),
    ("analyst", "Analyst", []),
    ("analytics-engineer", "Analytics engineer", ["Analytics Engineer"]),
    ("product-manager", "Product manager", ["Product Manager"]),
    ("associate", "Associate", []),
    ("data-manager", "Data manager", ["Data Manager"]),
    ("bi-engineer", "Business intelligence engineer", ["Business Intelligence Engineer",
                                                       "BI Engineer"]),
    ("consultant", "Consultant", []),
    ("ml-researcher", "Machine learning researcher", ["Machine Learning Researcher",
                                                      "ML Researcher"]),
    ("bi-analyst", "Business intelligence analyst", ["Business Intelligence Analyst",
                                                     "BI Analyst"]),
    ("data-specialist", "Data specialist", ["Data Specialist"]),
    ("solutions-architect", "Solutions architect", ["Solutions Architect"]),
    ("engineering-manager", "Engineering manager", ["Engineering Manager"]),
    ("research-analyst", "Research analyst", ["Research Analyst"]),
    ("software-development-engineer", "Software development engineer",
     ["Software Development Engineer", "SDE"]),
    ("systems-engineer", "Systems engineer", ["Systems Engineer"]),
    ("software-developer", "Software developer", ["Software Developer"]),
    ("ml-scientist", "Machine learning scientist", ["Machine Learning Scientist",
                                                    "ML Scientist"]),
    ("business-intelligence", "Business intelligence", ["Business Intelligence", "BI"]),
]


R3_CERT = ("about R3's 6.5% average IT-certification premium; no public figure exists for "
           "this certification")


def certs() -> list[dict[str, Any]]:
    return [
        entry("advanced-ml", "Advanced machine learning / data science certification", 1.065,
              ["advanced ML certification", "certification avancée en machine learning",
               "certification avancée en science des données", "advanced data science"],
              src("ref:R3", "low", "S13: recognised certifications open better-paid posts; "
                  "R3: IT certifications carry a 6.5% average pay premium")),
        entry("aws-ml-specialty", "AWS Certified Machine Learning - Specialty", 1.065,
              ["AWS ML Specialty", "MLS-C01", "AWS Machine Learning Specialty"],
              assume(R3_CERT)),
        entry("aws-ml-engineer", "AWS Certified Machine Learning Engineer - Associate", 1.05,
              ["AWS ML Engineer", "MLA-C01", "AWS ML Engineer Associate"], assume(R3_CERT)),
        entry("gcp-ml-engineer", "Google Cloud Professional Machine Learning Engineer", 1.065,
              ["GCP ML Engineer", "Google ML Engineer", "Google Professional ML Engineer",
               "Professional Machine Learning Engineer"], assume(R3_CERT)),
        entry("azure-ai-engineer", "Microsoft Certified: Azure AI Engineer Associate", 1.05,
              ["Azure AI Engineer", "AI-102"], assume(R3_CERT)),
        entry("azure-data-scientist", "Microsoft Certified: Azure Data Scientist Associate",
              1.05, ["Azure Data Scientist", "DP-100"], assume(R3_CERT)),
        entry("databricks-ml-professional", "Databricks Certified Machine Learning Professional",
              1.05, ["Databricks ML Professional", "Databricks ML"], assume(R3_CERT)),
        entry("tensorflow-developer", "TensorFlow Developer Certificate", 1.03,
              ["TensorFlow Certificate", "TensorFlow Developer"],
              assume("a framework certificate, below R3's 6.5% average")),
    ]


R3_SKILL = "below R3's 9.5% average premium for one non-certified IT skill"


def skills() -> list[dict[str, Any]]:
    return [
        entry("python", "Python", 1.02, [],
              assume(f"S12: essential, often required for well-paid posts; expected of most "
                     f"AI engineers, so a small premium ({R3_SKILL})")),
        entry("java", "Java", 1.02, [], assume(f"S12: often required; small premium "
                                               f"({R3_SKILL})")),
        entry("pytorch", "PyTorch", 1.06, ["torch"],
              assume(f"S12: framework often required for well-paid posts ({R3_SKILL})")),
        entry("tensorflow", "TensorFlow", 1.05, ["tf", "keras"],
              assume(f"S12: framework often required for well-paid posts ({R3_SKILL})")),
        entry("jax", "JAX", 1.05, [], assume(R3_SKILL)),
        entry("scikit-learn", "scikit-learn", 1.02, ["sklearn"], assume(R3_SKILL)),
        entry("computer-vision", "Computer vision", 1.08,
              ["CV", "vision par ordinateur", "image recognition"],
              assume(f"S14: complex-model expertise opens highly paid roles ({R3_SKILL})")),
        entry("predictive-modeling", "Predictive systems", 1.04,
              ["predictive modelling", "systèmes prédictifs", "forecasting"],
              assume(f"S14 ({R3_SKILL})")),
        entry("deep-learning", "Deep learning", 1.04, ["DL", "apprentissage profond"],
              assume(R3_SKILL)),
        entry("llm", "Large language models / generative AI", 1.095,
              ["LLMs", "large language models", "generative AI", "GenAI", "gen AI",
               "grands modèles de langage", "IA générative"],
              src("ref:R3", "low", "S16: growing demand; R3: 9.5% average premium for one "
                  "non-certified IT skill (Lightcast's 28% compares AI with non-AI ads, so it "
                  "would overstate within AI engineers)")),
        entry("nlp", "Natural language processing", 1.05,
              ["natural language processing", "traitement du langage naturel", "TAL"],
              assume(R3_SKILL)),
        entry("autonomous-systems", "Autonomous systems", 1.06,
              ["systèmes autonomes", "robotics", "robotique", "self-driving"],
              assume(f"S16: growing demand ({R3_SKILL})")),
        entry("reinforcement-learning", "Reinforcement learning", 1.05, ["RL"],
              assume(R3_SKILL)),
        entry("mlops", "MLOps", 1.05, ["ML ops"], assume(R3_SKILL)),
        entry("cuda", "CUDA / GPU programming", 1.06, ["GPU programming"], assume(R3_SKILL)),
        entry("kubernetes", "Kubernetes", 1.03, ["k8s"], assume(R3_SKILL)),
        entry("spark", "Apache Spark", 1.03, ["Apache Spark", "PySpark"], assume(R3_SKILL)),
        entry("sql", "SQL", 1.0, [], assume("expected of everyone: no premium")),
        entry("cpp", "C++", 1.03, ["C++", "cplusplus"], assume(R3_SKILL)),
    ]


def remote() -> list[dict[str, Any]]:
    same = "at the world-level figure"
    return [
        entry("0", "On site (under 20% remote)", 1.0,
              ["onsite", "on site", "office", "in office", "présentiel", "sur site"],
              assume(same)),
        entry("50", "Hybrid", 1.0, ["hybrid", "hybride"], assume(same)),
        entry("100", "Remote (over 80% remote)", 1.0,
              ["remote", "full remote", "fully remote", "télétravail", "teletravail",
               "100% remote"], assume(same)),
    ]


def sources() -> dict[str, Any]:
    out: dict[str, Any] = {
        f"seed:{k}": {"title": ARTICLE, "year": 2025, "detail": v} for k, v in SEED.items()
    }
    out.update({f"ref:{k}": {"title": t, "year": y} for k, (t, y) in REFERENCES.items()})
    out["assumption"] = {
        "title": "Assumption of the iasalaire authors: no public figure found; "
        "shown with low confidence"
    }
    return out


def baseline() -> dict[str, Any]:
    return {
        "schema": "iasalaire.data/1",
        "name": "baseline",
        "version": "2025.1",
        "description": "AI-engineer pay in 2025 from the seed article (S1-S16), BLS metro "
        "ratios (R1) and premiums (R3); other figures are marked as assumptions.",
        "currency": "USD",
        "base": {"median": BASE, "label": "AI engineers, worldwide median",
                 **src("seed:S1", "medium", "S1: worldwide median of AI engineers in 2025")},
        # A placeholder: scripts/build_baseline.py fits the spread to the surveys.
        "spread": {"sigma": 0.5, **assume("placeholder, replaced by the survey fit")},
        "experience": {
            "curve": [{"years": y, "multiplier": ratio(v), **how} for y, v, how in CURVE],
            "levels": [{"id": i, "label": lab, "years": y, "aliases": a, **how}
                       for i, lab, y, a, how in LEVELS],
        },
        "stacking": {"decay": 0.45, "cap": 1.15, **src(
            "ref:R3", "low",
            "diminishing returns from R3 (Lightcast: one AI skill +28%, two or more +43%): a "
            "second premium adds about 45% of the first in log terms, so the k-th largest "
            "counts at 0.45^k; the cap (certifications and skills together add at most 15%) "
            "is an assumption")},
        "cities": cities(),
        "countries": [entry("US", "United States", 1.0, ["USA", "États-Unis"], assume(
            "the seed's worldwide figures are US-led (all its cities are American): "
            "the US is taken at the world level"))],
        "sectors": sectors(),
        "companies": companies(),
        "roles": roles(),
        "certs": certs(),
        "skills": skills(),
        "remote": remote(),
        "interactions": [],
        "price_levels": price_levels(),
        "sources": sources(),
    }
