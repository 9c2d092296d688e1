"""The liaison team's insight: places won, companies won (migrant-owned counted), obstacles and
what removed them, the funnel: counted from the companies the reader may see only, and shown
on a page with its charts and tables."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.companies import insight, services
from lotse.companies.models import Obstacle, Opening, SupportAction
from lotse.occupations.models import Occupation
from lotse.permissions import SYSTEM, actor_for
from tests.companies.conftest import new_company

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _won(company, places, filled_on):
    services.save_part(
        actor=SYSTEM,
        record=Opening(company=company),
        values={"kind": "training", "occupation": Occupation.objects.get(key="de:training:tischler"),
                "places": places, "status": "filled", "filled_on": filled_on},
    )  # fmt: skip


def _charts(found):
    return {chart.key: chart for chart in found.charts}


def test_the_insight_counts_what_the_reader_may_see(world):
    mine = new_company(world, owner_data_agreed=True, migrant_owned=True)
    services.move_stage(actor=SYSTEM, company=mine, stage="ready")
    _won(mine, 2, TODAY - timedelta(days=30))
    _won(mine, 1, TODAY - timedelta(days=800))  # before the period
    foreign = new_company(world, organisation="B1", name="Fremdbetrieb")
    _won(foreign, 5, TODAY - timedelta(days=30))
    liaison = actor_for(world.users["business_liaison"])
    found = insight.insight(actor=liaison, months=12, today=TODAY)
    assert (found.places_won, found.companies_won, found.migrant_owned_won) == (2, 1, 1)
    by_month = _charts(found)["places-by-month"]
    assert [row["places"] for row in by_month.rows] == [2]
    assert len(by_month.spec["encoding"]["x"]["scale"]["domain"]) == 12  # every month shows
    funnel = {row["stage"]: row["companies"] for row in _charts(found)["funnel"].rows}
    assert funnel["erkannt"] == 1 and funnel["Platz besetzt"] == 0
    nobody = insight.insight(actor=actor_for(world.users["counsellor"]), today=TODAY)
    assert nobody.places_won == 0 and _charts(nobody)["places-by-month"].is_empty


def test_obstacles_and_the_support_that_removed_them(world):
    company = new_company(world)
    removed = services.save_part(
        actor=SYSTEM, record=Obstacle(company=company),
        values={"kind": "no_trainer", "noted_on": TODAY - timedelta(days=90),
                "removed_on": TODAY - timedelta(days=10)},
    )  # fmt: skip
    services.save_part(
        actor=SYSTEM, record=Obstacle(company=company),
        values={"kind": "cost", "noted_on": TODAY - timedelta(days=90)},
    )  # fmt: skip
    for kind, result in (("aevo_course", "helped"), ("funding", "not_helped")):
        services.save_part(
            actor=SYSTEM, record=SupportAction(company=company),
            values={"kind": kind, "obstacle": removed, "result": result},
        )  # fmt: skip
    found = _charts(insight.insight(actor=actor_for(world.users["business_liaison"]), today=TODAY))
    states = {(row["obstacle"], row["state"]): row["n"] for row in found["obstacles"].rows}
    assert states[("keine Ausbilderin/kein Ausbilder mit Eignung", "ausgeräumt")] == 1
    assert states[("Kosten", "besteht noch")] == 1
    (pair,) = found["what-removed-them"].rows
    assert (pair["support"], pair["n"]) == ("Ausbilderkurs (AEVO)", 1)


def test_the_page_draws_its_charts_and_refuses_who_may_not_see_it(world, client):
    client.force_login(world.users["business_liaison"])
    url = reverse("companies:insight")
    page = client.get(url + "?months=6")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="chart"') == 7 and "vega-embed.min.js" in body
    assert client.get(url + "?months=99999999999999999999").status_code == 200  # back to 12
    for role in ("counsellor", "company_user", "researcher"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404
