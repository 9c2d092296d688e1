"""An authority is reachable from every German postcode in the GeoNames data, for every kind of
occupation the rules cover; where it cannot be (a place outside the Länder), the navigator says
so instead of guessing."""

import pytest

from lotse.places import all_places, place_for
from lotse.recognition.engine.navigator import Location, Occupation, Question, advise
from lotse.recognition.engine.rules import rule_book

OCCUPATIONS = {
    "ihk": Occupation(1, "de:training:kaufmann-fuer-bueromanagement", "Büro", "training", ("ihk",)),
    "hwk": Occupation(2, "de:training:tischler", "Tischler", "training", ("hwk",)),
    "nursing": Occupation(
        3, "de:regulated:pflegefachmann", "Pflege", "regulated", ("health_authority",),
        regulation="licence", regulated=True,
    ),
    "doctor": Occupation(
        4, "de:regulated:arzt", "Arzt", "regulated", ("health_authority",),
        regulation="approbation", regulated=True,
    ),
    "teacher": Occupation(
        5, "de:regulated:lehrer", "Lehrer", "regulated", ("land_authority",),
        regulation="state_recognition", regulated=True,
    ),
    "engineer": Occupation(
        6, "de:regulated:ingenieur", "Ingenieur", "regulated", ("engineering_chamber",),
        regulation="protected_title", regulated=True,
    ),
    "architect": Occupation(
        7, "de:regulated:architekt", "Architekt", "regulated", ("architects_chamber",),
        regulation="protected_title", regulated=True,
    ),
    "educator": Occupation(
        8, "de:regulated:erzieher", "Erzieher", "regulated", ("land_authority",),
        regulation="state_recognition", regulated=True,
    ),
    "academic": Occupation(9, "de:academic:informatiker", "Informatik", "academic", ("zab",)),
}  # fmt: skip
# Educators from a country NRW's rules do not place (Ukraine) are sent to counselling there.
ORIGINS = {"educator": "TR"}


def _districts() -> dict[str, Location]:
    """One place per GeoNames district (the district decides, not the single postcode)."""
    found: dict[str, Location] = {}
    for place in all_places():
        if place.state_code:
            found.setdefault(
                place.district_code, Location(place.state_code, place.district_code, place.postcode)
            )
    return found


@pytest.mark.parametrize("kind", sorted(OCCUPATIONS))
def test_every_district_of_germany_has_its_authority(kind):
    book = rule_book()
    districts = _districts()
    assert len(districts) >= 400
    unresolved = []
    for location in districts.values():
        question = Question(
            occupations=(OCCUPATIONS[kind],),
            location=location,
            country=ORIGINS.get(kind, "SY"),
            academic=kind == "academic",
        )
        candidate = advise(book, question).candidates[0]
        if candidate.authority is None:
            unresolved.append((location.label, candidate.undecided))
    assert not unresolved, unresolved[:5]


def test_every_postcode_lies_in_a_district_the_rules_know():
    """The district decides, so every postcode with a state must have a district key."""
    missing = [p.postcode for p in all_places() if p.state_code and not p.district_code]
    assert not missing


def test_a_german_postcode_outside_the_laender_is_not_guessed():
    """87491 Jungholz (Tyrol) has a German postcode but no German state."""
    jungholz = place_for("87491")
    question = Question(
        occupations=(OCCUPATIONS["hwk"],),
        location=Location(jungholz.state_code, jungholz.district_code, "87491"),
        country="SY",
    )
    advice = advise(rule_book(), question)
    assert advice.candidates[0].authority is None
    assert advice.candidates[0].undecided.text == "undecided.outside_states"
