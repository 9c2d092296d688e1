"""Retention with a frozen clock: closed cases go after their period, and so do retained ESF+
records after theirs; a dry run changes nothing."""

from datetime import date

import time_machine
from django.core.management import call_command

from lotse.participants import rights, services
from lotse.participants.models import ErasureRecord, Participant, RetainedEsfRecord
from lotse.participants.retention import apply_retention
from lotse.permissions import actor_for


def test_a_closed_case_is_erased_once_its_period_has_passed(world, cases, settings):
    settings.LOTSE_RETENTION_CLOSED_CASE_DAYS = 365
    admin = actor_for(world.users["organisation_admin"])
    closed = cases["A1:unassigned"]
    with time_machine.travel(date(2027, 1, 4), tick=False):
        services.change_participant(actor=admin, participant=closed, values={"status": "closed"})
    with time_machine.travel(date(2028, 1, 3), tick=False):
        assert apply_retention().closed_cases_erased == 0
    with time_machine.travel(date(2028, 1, 6), tick=False):
        dry = apply_retention(dry_run=True)
        assert dry.closed_cases_erased == 1 and Participant.objects.filter(pk=closed.pk).exists()
        report = apply_retention()
    assert report.closed_cases_erased == 1
    assert not Participant.objects.filter(pk=closed.pk).exists()
    assert Participant.objects.filter(pk=cases["A1:assigned"].pk).exists()  # still open
    assert ErasureRecord.objects.get().reason == "retention"


def test_retained_esf_records_are_deleted_after_their_period(world, cases, settings):
    settings.LOTSE_ESF_RETENTION_YEARS = 1
    participant = cases["A1:assigned"]
    counsellor = actor_for(world.users["counsellor"])
    record = services.record_esf_entry(
        actor=counsellor,
        participant=participant,
        values={"entered_on": date(2025, 5, 1), "employment_status": "unemployed"},
    )
    services.record_esf_exit(actor=counsellor, record=record, exited_on=date(2025, 9, 1))
    with time_machine.travel(date(2026, 1, 10), tick=False):
        rights.erase(actor=counsellor, participant=participant, reason="request")
        assert RetainedEsfRecord.objects.get().keep_until == date(2026, 12, 31)
    with time_machine.travel(date(2027, 1, 2), tick=False):
        call_command("participants", "apply-retention")
    assert not RetainedEsfRecord.objects.exists()
