"""The fit of a person and an opening: every reason is there with its weight, the score stays
between 0 and 1, better facts never lower it, and hard requirements exclude."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotse.matching.engine import suggestions as s

CARPENTER = s.Occupation(1, isco="7115", kldb="22342")
JOINER = s.Occupation(2, isco="7115", kldb="22352")
COOK = s.Occupation(3, isco="5120", kldb="29302")
GELSENKIRCHEN = (51.5177, 7.0857)
BOTTROP = (51.5232, 6.9285)
SCHWERIN = (53.6355, 11.4012)

OPENING = s.Opening(
    occupation=CARPENTER, min_school="esa", min_german="B1", languages_valued=frozenset({"ar"}),
    latitude=GELSENKIRCHEN[0], longitude=GELSENKIRCHEN[1], starts_on=date(2027, 8, 1),
)  # fmt: skip


def person(**values):
    base = {
        "wished": (CARPENTER,), "school": "msa", "german": "B2",
        "languages": frozenset({"ar", "de"}), "latitude": BOTTROP[0], "longitude": BOTTROP[1],
        "max_commute_km": 25, "available_from": date(2027, 7, 1),
    }  # fmt: skip
    return s.Person(**(base | values))


def codes(found):
    return {reason.code for reason in found.reasons}


def test_a_good_fit_scores_high_and_says_why():
    found = s.fit(person(), OPENING)
    assert found.score > 0.9 and not found.excluded
    assert codes(found) == {"occupation.wished", "school.met", "german.met", "distance.within",
                            "timing.in_time", "languages.shared"}  # fmt: skip
    distance = next(r for r in found.reasons if r.code == "distance.within")
    assert distance.values["km"] == 11 and distance.values["limit"] == 25
    assert sum(r.points for r in found.reasons) <= sum(r.weight for r in found.reasons)


def test_related_occupations_count_less_than_the_same():
    same = s.fit(person(), OPENING).score
    related = s.fit(person(wished=(JOINER,)), OPENING)
    unrelated = s.fit(person(wished=(COOK,)), OPENING)
    assert same > related.score > unrelated.score
    reason = next(r for r in related.reasons if r.code.startswith("occupation"))
    assert reason.values["relation"] == "same_isco"
    experienced = s.fit(person(wished=(), experienced=(CARPENTER,)), OPENING)
    assert "occupation.experienced" in codes(experienced)


def test_hard_requirements_exclude_and_soft_ones_lower():
    soft = s.fit(person(german="A2"), OPENING)
    assert not soft.excluded and soft.score < s.fit(person(), OPENING).score
    hard = s.fit(person(german="A2"), s.Opening(**{**OPENING.__dict__, "german_required": True}))
    assert hard.excluded and hard.score == 0
    assert "german.below" in codes(hard)
    school = s.Opening(**{**OPENING.__dict__, "min_school": "ahr", "school_required": True})
    assert s.fit(person(school="msa"), school).excluded


def test_far_late_and_unknown_facts():
    far = s.fit(person(latitude=SCHWERIN[0], longitude=SCHWERIN[1]), OPENING)
    assert "distance.beyond" in codes(far)
    late = s.fit(person(available_from=date(2027, 12, 1)), OPENING)
    assert "timing.late" in codes(late)
    unknown = s.fit(s.Person(), OPENING)
    assert {"school.unknown", "german.unknown", "distance.unknown", "timing.open"} <= codes(unknown)


def test_weights_are_the_networks_own():
    only_place = s.Weights(occupation=0, school=0, german=0, distance=1, timing=0, languages=0)
    found = s.fit(person(wished=(COOK,)), OPENING, only_place)
    assert [r.code for r in found.reasons] == ["distance.within"]
    assert found.score == pytest.approx(1 - 0.5 * 11.2 / 25, abs=0.02)


LEVELS = st.sampled_from(["", "A1", "A2", "B1", "B2", "C1", "C2", "native"])


@given(LEVELS, LEVELS, st.integers(0, 500))
def test_the_score_stays_in_range_and_better_german_never_lowers_it(lower, higher, days):
    order = ["", "A1", "A2", "B1", "B2", "C1", "C2", "native"]
    if order.index(lower) > order.index(higher):
        lower, higher = higher, lower
    late = date(2027, 8, 1).toordinal() + days
    a = s.fit(person(german=lower, available_from=date.fromordinal(late)), OPENING)
    b = s.fit(person(german=higher, available_from=date.fromordinal(late)), OPENING)
    assert 0 <= a.score <= 1 and 0 <= b.score <= 1
    if lower:  # unknown German is scored apart, not as the lowest level
        assert b.score >= a.score
