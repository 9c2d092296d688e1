"""Special-category fields are encrypted at rest, and keys rotate without losing a value."""

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from lotse import crypto
from lotse.participants import services
from lotse.participants.models import Participant
from lotse.permissions import actor_for


def stored_residence_status(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT residence_status FROM participants_participant WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_with_the_new_key_and_the_old_key_can_go(world, cases, settings):
    participant = cases["A1:assigned"]
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.LOTSE_FIELD_KEYS = old
    services.change_participant(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        values={"residence_status": "tolerated"},
    )
    under_old = stored_residence_status(participant.pk)
    assert under_old.startswith("fernet:") and "tolerated" not in under_old
    settings.LOTSE_FIELD_KEYS = f"{new},{old}"
    call_command("rotate_field_keys", verbosity=0)
    settings.LOTSE_FIELD_KEYS = new  # the old key is gone
    assert stored_residence_status(participant.pk) != under_old
    assert Participant.objects.get(pk=participant.pk).residence_status == "tolerated"
    assert crypto.decrypt(crypto.encrypt("x")) == "x"
