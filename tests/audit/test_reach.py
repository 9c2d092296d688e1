"""Every audit entry about an organisation's record carries its organisation and network, so
the coordinators and organisation admins who answer for it see who touched it."""

from datetime import date

from django.apps import apps
from django.urls import reverse

from lotse.accounts import selectors as accounts_read
from lotse.accounts import services as accounts
from lotse.audit.models import AuditEntry
from lotse.core.demo import load_demo
from lotse.network import services as network
from lotse.permissions import SYSTEM, Role, actor_for


def test_every_model_of_our_apps_says_where_it_belongs():
    ours = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("lotse.")
        for model in config.get_models()
        if model is not AuditEntry
    ]
    assert ours
    assert [m.__name__ for m in ours if not callable(getattr(m, "audit_reach", None))] == []


def test_every_entry_about_an_organisations_record_names_its_organisation(world, client):
    load_demo()
    coordinator, admin = world.users["network_coordinator"], world.users["organisation_admin"]
    a1 = world.organisations["A1"]
    person = world.users["counsellor"]
    # Every kind of audited action the code base has, once.
    network.save_organisation(
        actor=actor_for(coordinator), network=a1.network, slug="a1", city="Wismar"
    )
    network.save_network(actor=actor_for(coordinator), slug=a1.network.slug, region="Küste")
    accounts_read.user_for_view(actor=actor_for(coordinator), user_id=person.pk)
    invitation = accounts.invite_person(
        actor=actor_for(admin),
        email="neu@example.org",
        full_name="Neu",
        organisation=a1,
        role=Role.COUNSELLOR,
    )
    accounts.withdraw_invitation(actor=actor_for(admin), invitation=invitation)
    membership = accounts.grant_role(
        actor=actor_for(admin), user=world.users["nobody"], organisation=a1, role=Role.MULTIPLIER
    )
    accounts.end_membership(actor=actor_for(admin), membership=membership)
    token, _ = accounts.create_api_token(actor=actor_for(person), user=person, name="Skript")
    accounts.revoke_api_token(actor=actor_for(person), token=token)
    accounts.set_technical_admin(actor=SYSTEM, user=person, technical_admin=True)
    client.force_login(person)
    client.get(reverse("user_detail", args=[person.pk]))
    _every_case_file_action(world, actor_for(person), actor_for(admin))

    belonging = {
        "network.organisation",
        "accounts.user",
        "accounts.membership",
        "accounts.invitation",
        "accounts.apitoken",
        "participants.participant",
        "participants.languageskill",
        "participants.counsellingsession",
        "participants.nextstep",
        "participants.consent",
        "participants.caseaccess",
    }
    entries = AuditEntry.objects.filter(target_type__in=belonging).exclude(target_id="")
    kinds = {(e.target_type, e.action) for e in entries}
    assert len(kinds) >= 20, kinds
    missing = [
        (e.target_type, e.action, e.target_id)
        for e in entries
        if e.organisation_id is None or e.network_id is None
    ]
    assert missing == []
    networks = AuditEntry.objects.filter(target_type="network.network")
    assert networks.exists() and all(e.network_id for e in networks)


def test_a_coordinator_sees_who_viewed_people_of_their_network(world):
    coordinator = world.users["network_coordinator"]
    viewer = world.users["organisation_admin"]
    person = world.users["counsellor"]
    accounts_read.user_for_view(actor=actor_for(viewer), user_id=person.pk)
    from lotse.audit.selectors import search_entries

    seen = search_entries(actor=actor_for(coordinator), action="view")
    assert [(e.actor_id, e.target_id) for e in seen] == [(viewer.pk, str(person.pk))]
    elsewhere = world.users["counsellor@B1"]
    assert not search_entries(actor=actor_for(elsewhere), action="view").exists()


def _every_case_file_action(world, counsellor, admin):
    from lotse.participants import selectors as cases
    from lotse.participants import services as case_files
    from lotse.participants.models import LanguageSkill, NextStep

    a1 = world.organisations["A1"]
    participant = case_files.open_case(
        actor=counsellor, organisation=a1, values={"given_names": "A", "family_names": "B"}
    )
    cases.case_for_view(actor=counsellor, participant_id=participant.pk)
    case_files.change_participant(actor=counsellor, participant=participant, values={"phone": "1"})
    skill = case_files.save_record(
        actor=counsellor, record=LanguageSkill(participant=participant, language="ar"), values={}
    )
    case_files.remove_record(actor=counsellor, record=skill)
    case_files.record_session(
        actor=counsellor,
        participant=participant,
        values={"notes": "x"},
        next_steps=[("Termin", date(2099, 1, 1))],
    )
    step = NextStep.objects.get(participant=participant)
    case_files.complete_next_step(actor=counsellor, step=step)
    consent = case_files.record_consent(
        actor=counsellor,
        participant=participant,
        purpose="counselling",
        text_version="2026-12",
        text_language="de",
        method="signature",
    )
    case_files.withdraw_consent(actor=counsellor, consent=consent)
    case_files.set_case_access(
        actor=admin, organisation=a1, team_access=True, confidential_reader_ids=[]
    )
