"""A case in the ``world`` with a qualification ready for recognition: in A1, assigned to A1's
counsellor, living in Schwerin, a nursing diploma from Syria."""

import pytest

from lotse.occupations.models import Occupation
from lotse.participants import services as cases
from lotse.participants.models import Qualification
from lotse.permissions import SYSTEM
from tests.participants.conftest import media_folder as media_folder
from tests.participants.conftest import open_case

NURSE = "de:regulated:pflegefachmann"


def add_qualification(participant, country="SY", key=NURSE):
    return cases.save_record(
        actor=SYSTEM,
        record=Qualification(participant=participant),
        values={
            "kind": "vocational",
            "title_as_written": "Bachelor of Nursing",
            "country": country,
        },
        relations={"occupations": [Occupation.objects.get(key=key)]},
    )


@pytest.fixture
def nurse(world):
    participant = open_case(
        world, "A1", "counsellor", given_names="Rania", family_names="Khalil", postcode="19053"
    )
    return participant, add_qualification(participant)
