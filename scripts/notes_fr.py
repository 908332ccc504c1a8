"""The data file's notes in French, written at build time beside each English `note` as
`note_fr` (scripts/build_baseline.py calls `add_french`).

The notes are generated from a few dozen sentence templates with different figures and
places, so the templates are translated, not the notes: a note is cut at its top-level
'; ' (outside parentheses) and each piece must match one of SEGMENTS. What a piece holds is
carried over: figures the French way (Babel, as the French views show them: '2 640',
'x0,945', '20,9 %'), row counts and years with their words, country and city names in
French (the catalogue and CLDR, as the views). A note no template matches stops the build
with the piece that is missing, so a new note is never shipped half in English.

    python scripts/notes_fr.py "R7: x1.013 of all rows after ..."   # try one note
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from iasalaire.i18n import _country_code, language  # noqa: E402

T = language("fr")
NBSP, NNBSP = "\u00a0", "\u202f"

# What a field left out is called in French (spread.omitted).
DIMENSIONS = {"experience": "l'expérience", "location": "le lieu", "company": "l'entreprise",
              "role": "le métier", "remote": "le télétravail", "sector": "le secteur"}

_NUMBER = re.compile(
    r"(?<![A-Za-wyz_\d.,])"  # not inside a code (R5, S3, p10) but after 'x' (x0.945)
    r"(?P<sign>[+-]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?(?P<pct>%?)"
    r"(?![\d\w])")
_COUNTS = (  # a count and its word: '4679 rows' -> '4 679 lignes'
    (re.compile(r"\b(\d[\d,]*(?:\.\d+)?) rows\b"), "ligne", "lignes"),
    (re.compile(r"\b(\d[\d,]*) AI engineers\b"), "ingénieur IA", "ingénieurs IA"),
    (re.compile(r"\b(\d[\d,]*) countries\b"), "pays", "pays"),
)


def _count(text: str) -> tuple[float, str]:
    value = float(text.replace(",", ""))
    digits = len(text.split(".")[1]) if "." in text else 0
    return value, T.decimal(value, digits) if digits else T.number(value)


def figures(text: str) -> str:
    """English figures in `text` the French way; 'N rows' as 'N lignes'."""
    for pattern, one, many in _COUNTS:
        def counted(found: re.Match[str], one: str = one, many: str = many) -> str:
            value, shown = _count(found.group(1))
            return f"{shown} {one if value < 2 else many}"

        text = pattern.sub(counted, text)

    def number(found: re.Match[str]) -> str:
        whole, dec, pct = found["int"], found["dec"], found["pct"]
        if "," not in whole and not dec and not pct:
            return found.group(0)  # a year, a plain count already done, a code's digits
        value = float(whole.replace(",", "") + ("." + dec if dec else ""))
        shown = T.decimal(value, len(dec)) if dec else T.number(value)
        return found["sign"] + shown + (NBSP + "%" if pct else "")

    return _NUMBER.sub(number, text)


def years(text: str) -> str:
    value = float(text)
    return T.plural("{n} year", "{n} years", value, n=T.decimal(value))


OF = {"France": "de la France", "Royaume-Uni": "du Royaume-Uni", "États-Unis": "des États-Unis"}


def country(name: str) -> str:
    """'de la France', 'du Royaume-Uni': a country as the complement of 'le chiffre'."""
    french = T.country(_country_code(name), name)
    return OF.get(french, f"de {french}")


CONVERT: dict[str, Callable[[str], str]] = {
    "years": years, "years2": years, "country": country, "city": T.label,
    "dim": DIMENSIONS.__getitem__,
}

# (English piece, French template): a regex matched against a whole piece, its named groups
# carried over (`rest`, `said` and `lead` are notes themselves, translated in turn; `years`,
# `country`, `city`, `dim` by CONVERT; any other by `figures`).
N = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
SEGMENTS: list[tuple[str, str]] = [
    # Places (build_baseline.places, WITHIN)
    (rf"(?P<country>[A-Z][\w ]+)'s figure x(?P<x>{N}), the level of the country outside "
     r"(?P<city>[^:(]+?) \((?P<said>.+)\)",
     "le chiffre {country} x{x}, le niveau du pays hors {city} ({said})"),
    (rf"(?P<country>[A-Z][\w ]+)'s figure x(?P<x>{N}), the level of the country outside "
     r"(?P<city>[^:(]+?): (?P<said>.+)",
     "le chiffre {country} x{x}, le niveau du pays hors {city} : {said}"),
    (rf"(?P<country>[A-Z][\w ]+)'s figure x(?P<x>{N}): (?P<said>.+)",
     "le chiffre {country} x{x} : {said}"),
    (rf"INSEE: the median net full-time-equivalent private-sector pay in Ile-de-France, "
     rf"(?P<a>{N}) EUR a month in (?P<y>\d+), is (?P<p>{N}%) above France's (?P<b>{N}) "
     rf"\(Insee Flash Ile-de-France no\. (?P<no>\d+), (?P<y2>\d+)\)",
     "INSEE : le salaire net médian en équivalent temps plein du secteur privé en "
     "Île-de-France, {a} € par mois en {y}, dépasse de {p} celui de la France, {b} € (Insee "
     "Flash Île-de-France n° {no}, {y2})"),
    (rf"Ile-de-France holds (?P<p>{N}%) of French jobs \(Insee Analyses Ile-de-France no\. "
     r"(?P<no>\d+), (?P<y>\d+)\)",
     "l'Île-de-France réunit {p} des emplois du pays (Insee Analyses Île-de-France n° {no}, "
     "{y})"),
    (rf"Trust for London, from ONS ASHE (?P<y>\d+): the median weekly pay of all employees, "
     rf"(?P<a>{N}) GBP in London against (?P<b>{N}) GBP in England \(London included\)",
     "Trust for London, d'après l'enquête ASHE {y} de l'ONS : le salaire hebdomadaire médian "
     "de l'ensemble des salariés, {a} £ à Londres contre {b} £ en Angleterre (Londres "
     "comprise)"),
    (rf"London holds about (?P<a>{N}) of (?P<b>{N}) million English employee jobs on the same "
     r"page \(a secondary source, England for the UK\)",
     "Londres compte environ {a} des {b} millions d'emplois salariés d'Angleterre, sur la même "
     "page (une source secondaire ; l'Angleterre vaut pour le Royaume-Uni)"),
    (r"no figure for the city itself", "pas de chiffre pour la ville elle-même"),
    (r"no city-level figure outside the US: the country's figure is used",
     "pas de chiffre par ville hors des États-Unis : celui du pays est utilisé"),
    (rf"R1 metro median (?P<a>{N}) / R1's national median (?P<b>{N}) \(data scientists, May "
     rf"(?P<y>\d+)\), on the surveys' US level \(x(?P<x>{N}), (?P<p>{N}%) below San "
     r"Francisco\)",
     "médiane de la métropole selon R1, {a}, sur la médiane nationale de R1, {b} (data "
     "scientists, mai {y}), au niveau américain des enquêtes (x{x}, {p} sous San Francisco)"),
    (rf"R1 metro median (?P<a>{N}) / R1's national median (?P<b>{N}) \(data scientists, May "
     r"(?P<y>\d+)\), on the surveys' US level",
     "médiane de la métropole selon R1, {a}, sur la médiane nationale de R1, {b} (data "
     "scientists, mai {y}), au niveau américain des enquêtes"),
    (rf"R1 metro median (?P<a>{N}) / San Francisco's (?P<b>{N}), scaled to S9's San Francisco "
     r"figure",
     "médiane de la métropole selon R1, {a}, sur celle de San Francisco, {b}, rapportée au "
     "chiffre de S9 pour San Francisco"),
    (r"keeps the direction of (?P<s>S\d+)", "dans le sens que donne {s}"),
    (r"the highest US figure, as (?P<s>S\d+) says",
     "le chiffre le plus élevé des États-Unis, comme le dit {s}"),
    (rf"held (?P<p>{N}%) below San Francisco, as (?P<s>S\d+) says \(New York slightly below San "
     r"Francisco\): R1 counts all data scientists, where New York's finance jobs pay AI "
     r"engineers near the Bay Area's",
     "relevé à {p} sous San Francisco, comme le dit {s} (New York un peu en dessous de San "
     "Francisco) : R1 compte tous les data scientists, alors que la finance new-yorkaise paie "
     "les ingénieurs IA près du niveau de la baie de San Francisco"),
    (rf"R1 puts San Jose \((?P<a>{N})\) above San Francisco \((?P<b>{N})\), while S9 says San "
     r"Francisco has the highest US average: San Jose is taken as part of the Bay Area, with "
     r"San Francisco's figure",
     "R1 place San Jose ({a}) au-dessus de San Francisco ({b}), alors que selon S9 San "
     "Francisco a la moyenne la plus élevée des États-Unis : San Jose est comptée dans la baie "
     "de San Francisco, avec le chiffre de San Francisco"),
    (rf"a US place outside R1's (?P<n>\d+) metros: R1's metros average x(?P<x>{N}) of its "
     r"national median",
     "un lieu des États-Unis hors des {n} métropoles de R1 : ces métropoles sont en moyenne à "
     "x{x} de sa médiane nationale"),
    (rf"with the metros taken to hold half the occupation's jobs \(an assumption: R1 gives no "
     rf"employment\), the rest of the US sits at x(?P<x>{N}) of the national level, below the "
     r"metros' average",
     "si ces métropoles réunissent la moitié des emplois du métier (une hypothèse : R1 ne donne "
     "pas les effectifs), le reste des États-Unis est à x{x} du niveau national, sous la "
     "moyenne des métropoles"),
    (rf"S9: about (?P<a>{N}) USD, the highest US average: (?P<b>{N}) / (?P<c>{N})",
     "S9 : environ {a} $US, la moyenne la plus élevée des États-Unis : {b} / {c}"),
    # Countries
    (r"R5 (?P<a>\d+ rows), R7 (?P<b>\d+ rows)", "R5 : {a}, R7 : {b}"),
    (r"no survey rows", "aucune ligne d'enquête"),
    (r"measured against the US within each survey after experience and job mix, combined "
     r"\(R7 alone where it has (?P<n>\d+ rows), else R5 rows at half weight\) and shrunk toward "
     rf"the GDP prior \(R8\) by (?P<k>{N} rows): (?P<rest>.+)",
     "mesuré par rapport aux États-Unis dans chaque enquête, à expérience et métiers égaux, "
     "puis combiné (R7 seule là où elle a {n}, sinon les lignes de R5 à demi-poids) et "
     "rapproché de l'ajustement sur le PIB par habitant (R8) avec le poids de {k} : "
     "{rest}"),
    (rf"log pay relative to the US = (?P<a>-?{N}) \+ (?P<b>{N}) x log\(GDP per capita / the "
     r"US's\), fitted on (?P<n>\d+) countries with (?P<m>\d+ rows) or more",
     "log(paie / États-Unis) = {a} + {b} x log(PIB par habitant / celui des États-Unis), "
     "ajusté sur {n} pays d'au moins {m}"),
    (rf"countries scatter (?P<s>{N}) \(log\) around it",
     "les pays s'en écartent de {s} (en log)"),
    (rf"pay varies more there than over all R7 rows \((?P<a>{N}) against (?P<b>{N}), log, "
     rf"(?P<n>\d+ rows)\): range widened by (?P<w>{N})",
     "la paie y varie plus que sur l'ensemble des lignes de R7 ({a} contre {b}, en log, "
     "{n}) : fourchette élargie de {w}"),
    (rf"no GDP per capita \(R8\): shrunk toward the median country's prior \(x(?P<x>{N}) of "
     rf"the US\) by (?P<k>{N} rows)",
     "pas de PIB par habitant (R8) : rapproché de l'ajustement du pays médian (x{x} des "
     "États-Unis) avec le poids de {k}"),
    (r"no survey rows: placed by the GDP prior \(R8\): (?P<rest>.+)",
     "aucune ligne d'enquête : placé par l'ajustement sur le PIB par habitant (R8) : {rest}"),
    (r"no survey rows and no GDP per capita \(R8\): the median of the GDP prior over all "
     r"countries, with a very wide range",
     "ni ligne d'enquête ni PIB par habitant (R8) : la médiane, sur tous les pays, de "
     "l'ajustement sur le PIB par habitant, avec une fourchette très large"),
    (r"the seed's figures are US-led \(all its cities are American\): the US is at the seed's "
     r"level, the reference of every country figure \(R5 (?P<a>\d+ rows), R7 (?P<b>\d+ rows)\)",
     "les chiffres de l'article sont d'abord américains (toutes ses villes sont aux "
     "États-Unis) : les États-Unis sont à son niveau, la référence de chaque chiffre de pays "
     "(R5 : {a}, R7 : {b})"),
    # Experience
    (rf"R7 experience band around (?P<years>{N}) years: pay x(?P<x>{N}) of pay at 5 years "
     r"\(within countries, after role, company, sector and remote\), placed on S3's "
     rf"(?P<a>{N}) at 5 years",
     "tranche d'expérience de R7 autour de {years} : paie x{x} de celle à 5 ans (dans chaque "
     "pays, à métier, entreprise, secteur et télétravail égaux), calée sur les {a} de S3 à "
     "5 ans"),
    (rf"held at S2's (?P<a>{N}) \(more experience never lowers pay\)",
     "relevée aux {a} de S2 (plus d'expérience ne fait jamais baisser la paie)"),
    (r"flat after", "constant au-delà"),
    (rf"its level follows the base's, measured on the surveys \(x(?P<x>{N}) of the article's\)",
     "son niveau suit celui de la base, mesuré sur les enquêtes (x{x} de celui de l'article)"),
    (rf"beginners earn about (?P<a>{N}) USD", "les débutants gagnent environ {a} $US"),
    (rf"more than five years: often above (?P<a>{N}) USD, so (?P<b>{N}) is placed at "
     r"(?P<years>\d+) years and the curve keeps rising after it",
     "plus de cinq ans : souvent plus de {a} $US, donc {b} est placé à {years} et la courbe "
     "continue de monter au-delà"),
    (r"S5: 'under two years': placed at (?P<years>\d+) years? on the curve",
     "S5, « moins de deux ans » : placé à {years} sur la courbe"),
    (rf"between junior \(under (?P<years>\d+) years\) and experienced \(over (?P<years2>\d+) "
     rf"years\): (?P<x>{N}) years",
     "entre junior (moins de {years}) et expérimenté (plus de {years2}) : {x} ans"),
    (r"S3 'experienced, more than five years': placed at (?P<years>\d+) years",
     "S3, « expérimenté, plus de cinq ans » : placé à {years}"),
    (r"a director-level career: placed at (?P<years>\d+) years",
     "une carrière de niveau direction : placée à {years}"),
    # Roles, companies, remote, sectors
    (r"the article's population: AI engineers", "la population de l'article : les ingénieurs IA"),
    (r"relative to the AI engineer \(the seed's population, S1\), within each survey after "
     r"experience, country and company size: (?P<rest>R\d .+)",
     "par rapport à l'ingénieur IA (la population de l'article, S1), dans chaque enquête, à "
     "expérience, pays et taille d'entreprise égaux : {rest}"),
    (rf"(?P<r>R\d) x(?P<x>{N}) \((?P<n>\d+ rows) against (?P<m>\d+ AI engineers)\)",
     "{r} x{x} ({n} contre {m})"),
    (r"the level of all rows, whatever their role, against the AI engineer \(the base\), after "
     r"every other field each row gives: (?P<rest>.+)",
     "le niveau de toutes les lignes, quel que soit leur métier, par rapport à l'ingénieur IA "
     "(la base), tous les autres champs de chaque ligne pris en compte : {rest}"),
    (rf"R7's AI and data jobs x(?P<x>{N}) \((?P<n>\d+ rows) against (?P<m>\d+ AI engineers)\)",
     "les emplois de l'IA et des données de R7 x{x} ({n} contre {m})"),
    (r"surveys weighted by the rows behind each ratio, up to (?P<n>\d+) \(each survey counts "
     r"once when both have that\)",
     "enquêtes pondérées par les lignes derrière chaque rapport, jusqu'à {n} (chaque enquête "
     "compte une fois quand les deux les ont)"),
    (rf"S15: reached with experience, pay higher still: (?P<p>{N}%) above",
     "S15 : un poste atteint avec l'expérience, payé plus encore : {p} au-dessus"),
    (rf"S16: growing demand for LLM work: (?P<p>{N}%) above",
     "S16 : une demande croissante pour le travail sur les LLM : {p} au-dessus"),
    (rf"S4: the best-paid posts are at major tech firms: (?P<p>{N}%) above the world-level "
     r"figure \(the spread is derived from S4 with this figure\)",
     "S4 : les postes les mieux payés sont dans les grands groupes de la tech : {p} au-dessus "
     "du chiffre mondial (la dispersion est tirée de S4 avec ce chiffre)"),
    (rf"R5 x(?P<a>{N}) \((?P<n>\d+ rows)\) and R7 x(?P<b>{N}) \((?P<m>\d+ rows); OrgSize under "
     r"100 as small, 100-499 as medium, 500 and more as large\), each relative to all its rows "
     r"after the other fields",
     "R5 x{a} ({n}) et R7 x{b} ({m} ; OrgSize : moins de 100 pour une petite, 100 à 499 pour "
     "une moyenne, 500 et plus pour une grande), chacune par rapport à l'ensemble de ses "
     "lignes, les autres champs pris en compte"),
    (r"each survey counts once", "chaque enquête compte une fois"),
    (rf"early-stage firms pay partly in equity: (?P<p>{N}%) below",
     "les jeunes pousses paient en partie en actions : {p} en dessous"),
    (r"R5 \(remote_ratio\) and R7 \(RemoteWork\), each relative to all its rows after the "
     r"other fields: (?P<a>.+)",
     "R5 (remote_ratio) et R7 (RemoteWork), chacune par rapport à l'ensemble de ses lignes, les "
     "autres champs pris en compte : {a}"),
    (r"against on-site pay on US rows of R5 and R7's AI and data jobs, after every other field "
     r"each row gives: (?P<a>.+)",
     "par rapport à la paie sur site, sur les lignes américaines de R5 et des emplois de l'IA "
     "et des données de R7, tous les autres champs de chaque ligne pris en compte : {a}"),
    (r"each survey counts once, then placed so that the shares' average is the whole "
     r"population's",
     "chaque enquête compte une fois, puis les parts sont placées pour que leur moyenne soit "
     "celle de toute la population"),
    (rf"R7: x(?P<x>{N}) of all rows after experience, country, role, company size and remote "
     r"\((?P<n>\d+ rows)\)",
     "R7 : x{x} de l'ensemble des lignes, à expérience, pays, métier, taille d'entreprise et "
     "télétravail égaux ({n})"),
    (rf"S6 \(tech averages above (?P<a>{N})\) holds for the mean of this profile",
     "S6 (la tech paie en moyenne plus de {a}) vaut pour la moyenne de ce profil"),
    (rf"held at x(?P<x>{N}), within (?P<p>{N}%) below tech, as S7 says \(finance and health "
     r"follow tech closely\)",
     "maintenu à x{x}, à moins de {p} sous la tech, comme le dit S7 (la finance et la santé "
     "suivent la tech de près)"),
    (r"held below 1, as S8 says", "maintenu sous 1, comme le dit S8"),
    (r"close to the world-level figure", "proche du chiffre mondial"),
    (r"at the world-level figure \(autonomous-systems demand, S16\)",
     "au chiffre mondial (la demande en systèmes autonomes, S16)"),
    # Certifications and skills
    (r"S13: recognised certifications open better-paid posts",
     "S13 : les certifications reconnues ouvrent des postes mieux payés"),
    (rf"R3: IT certifications carry a (?P<p>{N}%) average pay premium",
     "R3 : les certifications informatiques valent en moyenne {p} de salaire en plus"),
    (rf"about R3's (?P<p>{N}%) average IT-certification premium",
     "autour de la prime moyenne de {p} de R3 pour une certification informatique"),
    (r"no public figure exists for this certification",
     "aucun chiffre public n'existe pour cette certification"),
    (rf"a framework certificate, below R3's (?P<p>{N}%) average",
     "un certificat sur une bibliothèque logicielle, sous la moyenne de {p} de R3"),
    (rf"(?P<lead>.+) \(below R3's (?P<p>{N}%) average premium for one non-certified IT "
     r"skill\)",
     "{lead} (sous la prime moyenne de {p} de R3 pour une compétence informatique non "
     "certifiée)"),
    (rf"below R3's (?P<p>{N}%) average premium for one non-certified IT skill",
     "sous la prime moyenne de {p} de R3 pour une compétence informatique non certifiée"),
    (rf"R3: (?P<p>{N}%) average premium for one non-certified IT skill \(Lightcast's "
     rf"(?P<q>{N}%) compares AI with non-AI ads, so it would overstate within AI engineers\)",
     "R3 : une prime moyenne de {p} pour une compétence informatique non certifiée (les {q} "
     "de Lightcast comparent les offres en IA aux autres, et surestimeraient l'écart entre "
     "ingénieurs IA)"),
    (r"S12: essential, often required for well-paid posts",
     "S12 : essentiel, souvent exigé pour les postes bien payés"),
    (r"expected of most AI engineers, so a small premium",
     "attendu de la plupart des ingénieurs IA, d'où une petite prime"),
    (r"S12: often required", "S12 : souvent exigé"),
    (r"small premium", "une petite prime"),
    (r"S12: framework often required for well-paid posts",
     "S12 : une bibliothèque logicielle souvent exigée pour les postes bien payés"),
    (r"S14: complex-model expertise opens highly paid roles",
     "S14 : la maîtrise des modèles complexes ouvre des postes très bien payés"),
    (r"S14", "S14"),
    (r"S16: growing demand", "S16 : une demande croissante"),
    (r"expected of everyone: no premium", "attendu de tous : pas de prime"),
    (rf"diminishing returns from R3 \(Lightcast: one AI skill (?P<a>\+{N}%), two or more "
     rf"(?P<b>\+{N}%)\): a second premium adds about (?P<p>{N}%) of the first in log terms, so "
     rf"the k-th largest counts at (?P<d>{N})\^k",
     "rendements décroissants d'après R3 (Lightcast : une compétence IA {a}, deux ou plus "
     "{b}) : une deuxième prime ajoute environ {p} de la première en log, et la k-ième plus "
     "forte compte donc pour {d}^k"),
    (rf"the cap \(certifications and skills together add at most (?P<p>{N}%)\) is an assumption",
     "le plafond (certifications et compétences réunies n'ajoutent pas plus de {p}) est "
     "une hypothèse"),
    # The level, the spread, prices
    (r"S1: worldwide median of AI engineers in (?P<y>\d+)",
     "S1 : la médiane mondiale des ingénieurs IA en {y}"),
    (rf"the article's (?P<a>{N}) \(S1, a US job-site level\) x(?P<x>{N}): the median of real "
     r"pay over the article's figure for the same profile on US rows, R5 x(?P<b>[\d.]+) "
     rf"\((?P<n>\d+ rows)\) and R7's AI and data jobs x(?P<c>{N}) \((?P<m>\d+ rows)\), each "
     r"survey counting once",
     "les {a} de l'article (S1, un niveau de site d'emploi américain) x{x} : la médiane de la "
     "paie réelle sur le chiffre de l'article pour le même profil, sur les lignes américaines, "
     "R5 x{b} ({n}) et les emplois de l'IA et des données de R7 x{c} ({m}), chaque enquête "
     "comptant une fois"),
    (rf"log-space spread of a profile that gives every field its survey has: p10-p90 holds "
     rf"(?P<p>{N}%) of the rows of R5 and of R7's AI and data jobs \(each survey counting "
     r"once\) around the built-in medians, and p25-p75 half of them \(middle_z "
     rf"(?P<z>{N}): pay is more peaked than a log-normal\)",
     "dispersion (en log) d'un profil qui donne tous les champs de son enquête : l'intervalle "
     "du 1er au 9e décile contient {p} des lignes de R5 et des emplois de l'IA et des données "
     "de R7 (chaque enquête comptant une fois) autour des médianes intégrées, et l'intervalle "
     "interquartile la moitié "
     "(middle_z {z} : la paie est plus resserrée au centre qu'une loi log-normale)"),
    (rf"each survey's rows taken around its own level \(R5 x(?P<a>{N}), R7 x(?P<b>{N}) of the "
     r"built-in median\): the gap between them is the population part",
     "les lignes de chaque enquête prises autour de son propre niveau (R5 x{a}, R7 x{b} de la "
     "médiane intégrée) : l'écart entre les deux est la part due à la population"),
    (r"what leaving (?P<dim>\w+) out adds: how much pay varies across its values in "
     r"(?P<r>R\d)'s rows \(standard deviation of the built-in log multipliers\), but no more "
     r"than it takes for those rows to be covered as well as with the field \(the residual "
     r"already holds the seed's offset from them\)",
     "ce qu'ajoute un profil qui ne donne pas {dim} : combien la paie varie entre ses valeurs "
     "dans les lignes de {r} (écart type des log des multiplicateurs intégrés), sans dépasser "
     "ce qu'il faut pour couvrir ces lignes aussi bien qu'avec ce champ (le résidu contient "
     "déjà l'écart de l'article à ces lignes)"),
    (rf"the surveys disagree for the same profile: R7 \(developers' total pay\) at x(?P<x>{N}) "
     r"of R5 \(an AI job board\): which of the two populations a profile belongs to is "
     r"unknown, so that gap is part of the range",
     "les enquêtes divergent pour un même profil : R7 (rémunération totale des développeurs) à "
     "x{x} de R5 (un site d'offres d'emploi en IA) ; on ne sait pas à laquelle des deux "
     "populations appartient un profil, et cet écart fait donc partie de la fourchette"),
    (r"S11: cheaper places pay less but cost less",
     "S11 : les lieux moins chers paient moins, mais la vie y coûte moins"),
    (r"a salary divided by index / 100 is its purchasing power in average-US dollars",
     "un salaire divisé par indice / 100 donne son pouvoir d'achat en dollars aux prix moyens "
     "des États-Unis"),
]
_COMPILED = [(re.compile(pattern), template) for pattern, template in SEGMENTS]


class Untranslated(ValueError):
    pass


def pieces(note: str) -> list[str]:
    """`note` cut at its top-level '; ' (a '; ' inside parentheses stays)."""
    out, depth, start = [], 0, 0
    for i, char in enumerate(note):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0 and note[i + 1:i + 2] == " ":
            out.append(note[start:i])
            start = i + 2
    out.append(note[start:])
    return out


def _piece(text: str) -> str:
    for pattern, template in _COMPILED:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values: dict[str, str] = {}
        for name, value in found.groupdict().items():
            if name in ("rest", "said", "lead"):
                values[name] = _note(value)
            elif name in CONVERT:
                values[name] = CONVERT[name](value.strip())
            else:
                values[name] = figures(value)
        return template.format(**values)
    raise Untranslated(text)


def _note(note: str) -> str:
    return " ; ".join(_piece(p) for p in pieces(note))


def french(note: str) -> str:
    """The French of a note of the data file ('' for ''); Untranslated names the piece no
    template matches."""
    if not note:
        return ""
    text = _note(note)
    # French spacing: a no-break space before ':' and a narrow one before ';', '«' and '»'
    # with narrow ones inside, as the catalogue writes them.
    text = text.replace(" : ", NBSP + ": ").replace(" ; ", NNBSP + "; ")
    text = text.replace("« ", "«" + NNBSP).replace(" »", NNBSP + "»")
    text = text.replace("n° ", "n°" + NBSP)
    for unit in ("€", "£", "$US"):  # an amount and its currency stay together
        text = text.replace(" " + unit, NBSP + unit)
    return text


def add_french(doc: Any, missing: list[str] | None = None) -> list[str]:
    """Every `note` of `doc` (a data file's JSON) gets its `note_fr` right after it; returns
    the pieces no template matched (the build stops on any)."""
    missing = [] if missing is None else missing
    if isinstance(doc, dict):
        if isinstance(doc.get("note"), str):
            try:
                translated = french(doc["note"])
            except Untranslated as error:
                missing.append(str(error))
                translated = ""
            items = list(doc.items())
            doc.clear()
            for key, value in items:
                if key == "note_fr":
                    continue
                doc[key] = value
                if key == "note" and translated:
                    doc["note_fr"] = translated
        for value in doc.values():
            add_french(value, missing)
    elif isinstance(doc, list):
        for value in doc:
            add_french(value, missing)
    return missing


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(french(argument))
