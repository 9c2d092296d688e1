"""Case files in the ``world``: in A1 one case assigned to A1's counsellor and one assigned to
nobody, one case in A2 (its counsellor's) and one in B1."""

from datetime import date

import pytest

from lotse.participants import services
from lotse.permissions import actor_for


def open_case(world, organisation_key, counsellor_key, **values):
    counsellor = world.users[counsellor_key]
    values = {"given_names": "Amal", "family_names": "Haddad"} | values
    participant = services.open_case(
        actor=actor_for(counsellor),
        organisation=world.organisations[organisation_key],
        values=values,
    )
    return participant


@pytest.fixture
def cases(world):
    assigned = open_case(
        world,
        "A1",
        "counsellor",
        given_names="محمد",
        family_names="الحسن",
        given_names_latin="Mohammed",
        family_names_latin="Al-Hassan",
        date_of_birth=date(1990, 3, 4),
        postcode="19053",
    )
    unassigned = open_case(
        world, "A1", "organisation_admin", given_names="Olena", family_names="Koval"
    )
    other_organisation = open_case(
        world, "A2", "counsellor@A2", given_names="Ahmet", family_names="Yilmaz"
    )
    other_network = open_case(
        world, "B1", "counsellor@B1", given_names="Fatima", family_names="Rahimi"
    )
    return {
        "A1:assigned": assigned,
        "A1:unassigned": unassigned,
        "A2": other_organisation,
        "B1": other_network,
    }


@pytest.fixture(autouse=True)
def media_folder(settings, tmp_path):
    """Each test stores uploads in a folder of its own, scanned by the erasure test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def api_client_token(world):
    from lotse.accounts.services import create_api_token

    def headers(user_key):
        person = world.users[user_key]
        _, secret = create_api_token(actor=actor_for(person), user=person, name="test")
        return {"Authorization": f"Bearer {secret}"}

    return headers


def run_due_tasks():
    """What `lotse db_worker` does with the queue, in the test's own connection: run every task
    whose time has come (the worker command closes connections, which a test cannot have)."""
    from django_tasks_db.models import DBTaskResult

    for row in DBTaskResult.objects.ready().order_by("run_after"):
        row.claim("test")
        arguments = row.args_kwargs
        row.set_successful(row.task.func(*arguments["args"], **arguments["kwargs"]))
