"""Statistics of the network's procedures: counts by occupation, authority, outcome and
duration, as a chart and a table; groups below five are not counted out; no case is shown."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from lotse.occupations.models import Occupation
from lotse.permissions import SYSTEM, actor_for
from lotse.recognition import selectors, services
from tests.participants.conftest import open_case
from tests.recognition.conftest import NURSE, add_qualification

pytestmark = pytest.mark.django_db


def _procedures(world, count, organisation="A1", counsellor="counsellor", decided=True, key=NURSE):
    for number in range(count):
        participant = open_case(
            world, organisation, counsellor, given_names=f"P{number}", family_names="Test"
        )
        procedure = services.open_procedure(
            actor=SYSTEM, participant=participant,
            qualification_id=add_qualification(participant, key=key).pk,
            occupation_id=Occupation.objects.get(key=key).pk, authority_key="lagus-mv",
            state_code="DE-MV", submitted_on=date(2026, 1, 5),
        )  # fmt: skip
        if decided:
            services.change_procedure(
                actor=SYSTEM, procedure=procedure,
                values={"decided_on": date(2026, 1, 5) + timedelta(days=80 + number), "outcome": "full"},
            )  # fmt: skip


def test_the_coordinator_sees_counts_of_the_network_only(world):
    _procedures(world, 6)
    _procedures(world, 2, decided=False, key="de:regulated:arzt")
    _procedures(world, 3, organisation="B1", counsellor="counsellor@B1")
    stats = selectors.statistics(actor=actor_for(world.users["network_coordinator"]), language="de")
    assert stats.total == 8
    assert dict(stats.by_outcome) == {"volle Gleichwertigkeit": 6, "offen": 2}
    assert dict(stats.by_duration) == {"bis 3 Monate": 6}
    assert stats.median_days == 82


def test_the_page_shows_a_chart_and_a_table_and_hides_small_groups(world, client):
    _procedures(world, 6)
    _procedures(world, 2, decided=False, key="de:regulated:arzt")
    client.force_login(world.users["network_coordinator"])
    html = client.get(reverse("recognition:statistics")).content.decode()
    assert 'class="bar-chart"' in html and "<table>" in html
    assert "&lt;5" in html  # the two open procedures
    assert ">2<" not in html
    shown = re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]*\"|X-CSRFToken\": \"[^\"]*\"", "", html)
    assert "P0" not in shown and "Test" not in shown  # no name, no case (the random tokens aside)


@pytest.mark.parametrize("who", ["counsellor", "business_liaison", "multiplier", "company_user"])
def test_people_without_the_statistics_role_get_404(world, client, who):
    client.force_login(world.users[who])
    assert client.get(reverse("recognition:statistics")).status_code == 404


def test_an_organisation_admin_counts_their_organisation(world):
    _procedures(world, 5)
    _procedures(world, 5, organisation="A2", counsellor="counsellor@A2")
    stats = selectors.statistics(actor=actor_for(world.users["organisation_admin"]), language="de")
    assert stats.total == 5
