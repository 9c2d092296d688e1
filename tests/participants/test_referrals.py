"""Referrals: only with consent to share with that partner, who sees only the parts named."""

import pytest
from django.urls import reverse

from lotse import permissions
from lotse.participants import services
from lotse.participants.models import LanguageSkill, Referral
from lotse.permissions import actor_for


def consent_to_share(world, participant, organisation_key="A2"):
    return services.record_consent(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        purpose="sharing",
        recipient=world.organisations[organisation_key],
        text_version="2026-12",
        text_language="ar",
        method="signature",
    )


def test_without_consent_nothing_is_sent(world, client, cases):
    participant = cases["A1:assigned"]
    client.force_login(world.users["counsellor"])
    response = client.post(
        reverse("participants:add_referral", args=[participant.pk]),
        {
            "recipient": world.organisations["A2"].pk,
            "offer": "Sprachkurs B1",
            "shared_parts": ["languages"],
        },
    )
    assert response.status_code == 400
    assert "nicht eingewilligt" in response.content.decode()
    assert not Referral.objects.exists()
    with pytest.raises(services.ConsentMissing):
        services.refer(
            actor=actor_for(world.users["counsellor"]),
            participant=participant,
            recipient=world.organisations["A2"],
            offer="x",
        )


def test_the_partner_sees_only_what_was_shared_and_nothing_after_withdrawal(world, client, cases):
    participant = cases["A1:assigned"]
    LanguageSkill.objects.create(participant=participant, language="de", level="B1")
    consent = consent_to_share(world, participant)
    client.force_login(world.users["counsellor"])
    client.post(
        reverse("participants:add_referral", args=[participant.pk]),
        {
            "recipient": world.organisations["A2"].pk,
            "offer": "Sprachkurs B1",
            "shared_parts": ["languages"],
        },
    )
    referral = Referral.objects.get()
    client.force_login(world.users["counsellor@A2"])
    inbox = client.get(reverse("participants:referrals")).content.decode()
    assert "Sprachkurs B1" in inbox
    page = client.get(reverse("participants:referral", args=[referral.pk])).content.decode()
    assert "محمد" in page and "Deutsch B1" in page
    assert participant.email not in page or not participant.email  # contact was not shared
    assert client.get(reverse("participants:case", args=[participant.pk])).status_code == 404
    answered = client.post(
        reverse("participants:referral", args=[referral.pk]),
        {"status": "accepted", "note": "Platz frei"},
    )
    assert answered.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.responded_by == world.users["counsellor@A2"]
    services.withdraw_consent(actor=actor_for(world.users["counsellor"]), consent=consent)
    after = client.get(reverse("participants:referral", args=[referral.pk])).content.decode()
    assert "محمد" not in after and "Deutsch B1" not in after
    assert "widerrufen" in after


def test_only_the_receiving_organisation_answers_and_others_get_404(world, client, cases):
    participant = cases["A1:assigned"]
    consent_to_share(world, participant)
    referral = services.refer(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        recipient=world.organisations["A2"],
        offer="Beratung",
    )
    sender = actor_for(world.users["counsellor"])
    assert permissions.can(sender, "view", referral) and not permissions.can(
        sender, "change", referral
    )
    receiver = actor_for(world.users["counsellor@A2"])
    assert permissions.can(receiver, "change", referral)
    outsider = world.users["counsellor@B1"]
    client.force_login(outsider)
    assert client.get(reverse("participants:referral", args=[referral.pk])).status_code == 404
    client.force_login(world.users["counsellor"])
    assert (
        client.post(
            reverse("participants:referral", args=[referral.pk]), {"status": "accepted"}
        ).status_code
        == 404
    )
    client.force_login(world.users["counsellor@A2"])
    bad = client.post(reverse("participants:referral", args=[referral.pk]), {"status": "completed"})
    assert bad.status_code == 400  # a referral is accepted before it is completed
