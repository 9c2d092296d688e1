"""The navigator's answers for known cases across occupations, states and origins.

Each case names the public source that says who decides (or why nobody can be named). The
question goes in as a person or program would ask it (catalogue key, postcode or state, country).
"""

from dataclasses import dataclass

import pytest

from lotse.recognition import selectors

ZDH = "https://www.zdh.de/ueber-uns/handwerkskammern/"  # districts of the chambers of crafts
FOSA = "https://www.ihk-fosa.de/"
FOSA_EXCEPTIONS = "http://www.migrationsportal.de/glossar/ihk-fosa"
ZAG = "https://www.bezreg-muenster.de/de/gesundheit_und_soziales/zag/"
LAGUS = "https://www.lagus.mv-regierung.de/Gesundheit/LPH/"
LFP = "https://www.lfp.bayern.de/"
BY_APPROBATION = "https://www.regierung.oberbayern.bayern.de/"
TEACHERS_NW = "https://www.bezreg-detmold.nrw.de/"
TEACHERS_MV = "https://www.lehrer-in-mv.de/lehrkraefte/anerkennung-auslaendischer-abschluesse"
EDUCATORS_NW = "https://www.brd.nrw.de/themen/schule-bildung/schulrecht-verwaltung/anerkennung-auslaendischer-berufsfachschul-und"
EDUCATORS_MV = "https://www.bildung-mv.de/"
SOCIAL_MV = "https://lexaris.de/book/version/documentflat/head/1356376"
ZAB = "https://www.kmk.org/zab/zeugnisbewertung.html"
BQFG = "https://www.gesetze-im-internet.de/bqfg/"
HWO = "https://www.gesetze-im-internet.de/hwo/"


@dataclass(frozen=True)
class Case:
    occupation: str
    where: str  # a postcode, or a state code
    country: str
    source: str
    authority: str | None = None
    undecided: str | None = None  # the text key of the reason
    regulated: bool | None = None
    cefr: str = ""
    academic: bool = False
    documents_complete: bool = True
    alternatives_include: tuple[str, ...] = ()
    alternatives_exclude: tuple[str, ...] = ()


def training(key: str) -> str:
    return f"de:training:{key}"


def regulated(key: str) -> str:
    return f"de:regulated:{key}"


CASES = {
    # Crafts: the district of the place decides the chamber.
    "electronics technician in Schwerin": Case(training("elektroniker"), "19053", "SY", ZDH, "hwk-schwerin", regulated=False),
    "electronics technician in Rostock": Case(training("elektroniker"), "18055", "SY", ZDH, "hwk-omv"),
    "carpenter in Greifswald": Case(training("tischler"), "17489", "UA", ZDH, "hwk-omv"),
    "hairdresser in Gelsenkirchen": Case(training("friseur"), "45879", "TR", ZDH, "hwk-muenster"),
    "baker in Dortmund": Case(training("baecker"), "44135", "SY", ZDH, "hwk-dortmund"),
    "car mechatronics technician in Bielefeld": Case(training("kraftfahrzeugmechatroniker"), "33602", "AF", ZDH, "hwk-owl"),
    "painter in Cologne": Case(training("maler-und-lackierer"), "50667", "PL", ZDH, "hwk-koeln"),
    "plumber in Aachen": Case(training("anlagenmechaniker-fuer-sanitaer-heizungs-und-klimatechnik"), "52062", "IQ", ZDH, "hwk-aachen"),
    "carpenter in Düsseldorf": Case(training("tischler"), "40213", "RU", ZDH, "hwk-duesseldorf"),
    "baker in Siegen": Case(training("baecker"), "57072", "ER", ZDH, "hwk-suedwestfalen"),
    "master craftsperson from France": Case(regulated("meister-in-einem-zulassungspflichtigen-handwerk"), "19053", "FR", HWO, "hwk-schwerin", alternatives_include=("alt.master_exception",)),
    "master craftsperson from Syria": Case(regulated("meister-in-einem-zulassungspflichtigen-handwerk"), "19053", "SY", HWO, "hwk-schwerin", alternatives_exclude=("alt.master_exception",)),
    # Industry and commerce: IHK FOSA, with its exceptions.
    "cook in Schwerin": Case(training("koch"), "19053", "SY", FOSA, "ihk-fosa", regulated=False),
    "office manager in Gelsenkirchen": Case(training("kaufmann-fuer-bueromanagement"), "45879", "UA", FOSA, "ihk-fosa"),
    "cook in Munich": Case(training("koch"), "80331", "VN", FOSA, "ihk-fosa"),
    "IT specialist in Hanover": Case(training("fachinformatiker"), "30159", "IN", FOSA_EXCEPTIONS, "ihk-hannover"),
    "industrial mechanic in Braunschweig": Case(training("industriemechaniker"), "38100", "TR", FOSA_EXCEPTIONS, "ihk-braunschweig"),
    "cook in Wuppertal": Case(training("koch"), "42103", "SY", FOSA_EXCEPTIONS, "ihk-wuppertal"),
    "cook, still abroad, Mecklenburg-Vorpommern": Case(training("koch"), "DE-MV", "SY", FOSA, "ihk-fosa"),
    # Health: the state authority, the Bavarian split, the language.
    "nurse in Gelsenkirchen": Case(regulated("pflegefachmann"), "45879", "UA", ZAG, "zag-muenster", regulated=True, cefr="B2"),
    "nurse in Schwerin": Case(regulated("pflegefachmann"), "19053", "SY", LAGUS, "lagus-mv", cefr="B2"),
    "nurse, still abroad, Bavaria": Case(regulated("pflegefachmann"), "DE-BY", "PH", LFP, "health-by-pflege", cefr="B2"),
    "physiotherapist in Münster": Case(regulated("physiotherapeut"), "48143", "SY", ZAG, "zag-muenster", cefr="B2"),
    "doctor in Gelsenkirchen": Case(regulated("arzt"), "45879", "SY", ZAG, "zag-muenster", regulated=True, cefr="C1"),
    "doctor in Rostock": Case(regulated("arzt"), "18055", "EG", LAGUS, "lagus-mv", cefr="C1"),
    "doctor in Munich": Case(regulated("arzt"), "80331", "SY", BY_APPROBATION, "health-by-south"),
    "doctor in Würzburg": Case(regulated("arzt"), "97070", "SY", BY_APPROBATION, "health-by-north"),
    "doctor, still abroad, Bavaria": Case(regulated("arzt"), "DE-BY", "SY", BY_APPROBATION, undecided="undecided.place_needed"),
    "dentist, still abroad, Mecklenburg-Vorpommern": Case(regulated("zahnarzt"), "DE-MV", "IR", LAGUS, "lagus-mv"),
    "nurse from Poland without documents": Case(regulated("pflegefachmann"), "19053", "PL", LAGUS, "lagus-mv", documents_complete=False, alternatives_include=("alt.knowledge_exam_no_docs",), alternatives_exclude=("alt.partnership",)),
    "nurse from Syria, recognition partnership": Case(regulated("pflegefachmann"), "19053", "SY", "https://www.make-it-in-germany.com/de/visum-aufenthalt/arten/beschaeftigung-anerkennungspartnerschaft", "lagus-mv", alternatives_include=("alt.partnership",), alternatives_exclude=("alt.knowledge_exam_no_docs",)),
    "vet in Schwerin": Case(regulated("tierarzt"), "19053", "SY", "https://www.gesetze-im-internet.de/bt_o/", undecided="undecided.vets"),
    "alternative practitioner": Case(regulated("heilpraktiker"), "19053", "SY", "https://www.gesetze-im-internet.de/heilprgdv_1/", undecided="undecided.heilpraktiker"),
    # Teachers, educators, social professions.
    "teacher from Syria in Bielefeld": Case(regulated("lehrer"), "33602", "SY", TEACHERS_NW, "bezreg-detmold", regulated=True, cefr="C1"),
    "teacher from Poland in Dortmund": Case(regulated("lehrer"), "44135", "PL", "https://www.bra.nrw.de/", "bezreg-arnsberg"),
    "teacher in Schwerin": Case(regulated("lehrer"), "19053", "UA", TEACHERS_MV, "bm-mv-teachers", cefr="C1"),
    "educator from Turkey in Gelsenkirchen": Case(regulated("erzieher"), "45879", "TR", EDUCATORS_NW, "bezreg-duesseldorf-48"),
    "educator from Syria in Gelsenkirchen": Case(regulated("erzieher"), "45879", "SY", EDUCATORS_NW, "bezreg-muenster-48"),
    "educator from Ukraine in Gelsenkirchen": Case(regulated("erzieher"), "45879", "UA", EDUCATORS_NW, undecided="undecided.nrw_other_countries"),
    "educator in Rostock": Case(regulated("erzieher"), "18055", "SY", EDUCATORS_MV, "bm-mv-educators"),
    "social worker in Rostock": Case(regulated("sozialarbeiter"), "18055", "SY", SOCIAL_MV, "lagus-mv-social"),
    "social worker in Munich": Case(regulated("sozialarbeiter"), "80331", "SY", SOCIAL_MV, undecided="undecided.no_authority_state"),
    # Engineers and architects.
    "engineer in Schwerin": Case(regulated("ingenieur"), "19053", "IN", "https://www.ingenieurkammer-mv.de/", "engineers-mv", regulated=True),
    "engineer in Gelsenkirchen": Case(regulated("ingenieur"), "45879", "IN", "https://www.ikbaunrw.de/", "engineers-nw"),
    "architect in Schwerin": Case(regulated("architekt"), "19053", "SY", "https://www.architektenkammer-mv.de/", "architects-mv"),
    "architect, still abroad, North Rhine-Westphalia": Case(regulated("architekt"), "DE-NW", "SY", "https://www.aknw.de/", "architects-nw"),
    # Academic degrees without a regulated profession.
    "computer scientist": Case("de:academic:informatiker", "19053", "SY", ZAB, "zab", regulated=False, academic=True),
    "computer scientist abroad": Case("de:academic:informatiker", "DE-BE", "IN", ZAB, "zab", academic=True),
    "computer scientist asked as vocational": Case("de:academic:informatiker", "19053", "SY", ZAB, undecided="undecided.academic_mismatch"),
    # Missing documents, places the rules cannot decide alone.
    "electronics technician without documents": Case(training("elektroniker"), "19053", "SY", BQFG + "__14.html", "hwk-schwerin", documents_complete=False, alternatives_include=("alt.skills_analysis",)),
    "electronics technician with documents": Case(training("elektroniker"), "19053", "SY", BQFG + "__14.html", "hwk-schwerin", alternatives_exclude=("alt.skills_analysis",)),
    "electronics technician, still abroad, Mecklenburg-Vorpommern": Case(training("elektroniker"), "DE-MV", "SY", ZDH, undecided="undecided.place_needed"),
    "cook, still abroad, North Rhine-Westphalia": Case(training("koch"), "DE-NW", "SY", FOSA_EXCEPTIONS, undecided="undecided.place_needed"),
    "farmer (no rule for agriculture yet)": Case(training("landwirt"), "19053", "UA", BQFG, undecided="undecided.no_rule"),
    "lawyer (bar association not yet covered)": Case(regulated("rechtsanwalt"), "45879", "SY", BQFG, undecided="undecided.no_rule"),
    "nurse in Jungholz (Tyrol, German postcode)": Case(regulated("pflegefachmann"), "87491", "SY", "https://www.geonames.org/", undecided="undecided.outside_states"),
}  # fmt: skip


def test_there_are_at_least_forty_cases_each_with_a_source():
    assert len(CASES) >= 40
    assert all(case.source.startswith(("https://", "http://")) for case in CASES.values())


def _ask(case: Case) -> selectors.Answer:
    place, state = ("", case.where) if case.where.startswith("DE-") else (case.where, "")
    return selectors.advice(
        occupation=case.occupation,
        country=case.country,
        place=place,
        state=state,
        academic=case.academic,
        documents_complete=case.documents_complete,
        language="en",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_known_case(name):
    case = CASES[name]
    candidate = _ask(case).advice.candidates[0]
    assert candidate.occupation.key == case.occupation
    found = candidate.authority.key if candidate.authority else None
    assert found == case.authority, candidate.undecided
    assert (candidate.undecided.text if candidate.undecided else None) == case.undecided
    if case.regulated is not None:
        assert candidate.regulated is case.regulated
    if case.cefr:
        assert candidate.language is not None and candidate.language.cefr == case.cefr
    alternatives = {fact.text for fact in candidate.alternatives}
    assert set(case.alternatives_include) <= alternatives
    assert not set(case.alternatives_exclude) & alternatives
