"""ESF+ monitoring: the entry is frozen, the follow-up is due six months after the exit."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lotse.dates import add_months
from lotse.participants import rights, services
from lotse.participants.models import EsfRecord, RetainedEsfRecord
from lotse.permissions import actor_for
from tests.participants.conftest import run_due_tasks


def entry(world, participant, **values):
    return services.record_esf_entry(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        values={"entered_on": date(2026, 1, 15), "employment_status": "unemployed"} | values,
    )


def test_the_entry_takes_age_gender_and_nationality_from_the_case_and_is_frozen(world, cases):
    participant = cases["A1:assigned"]
    services.change_participant(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        values={"nationalities": ["SY"], "gender": "male"},
    )
    record = entry(
        world, participant, disability="refused", sensitive_questions_asked_on=date(2026, 1, 15)
    )
    assert (record.age_at_entry, record.gender, record.third_country_national) == (35, "male", True)
    assert EsfRecord.objects.get().disability == "refused"
    with pytest.raises(services.EsfEntryFrozen):
        entry(world, participant)


def test_an_eu_citizen_is_not_a_third_country_national(world, cases):
    participant = cases["A1:unassigned"]
    services.change_participant(
        actor=actor_for(world.users["organisation_admin"]),
        participant=participant,
        values={"nationalities": ["PL"]},
    )
    record = services.record_esf_entry(
        actor=actor_for(world.users["organisation_admin"]),
        participant=participant,
        values={"entered_on": date(2026, 2, 1), "employment_status": "inactive"},
    )
    assert record.third_country_national is False


def test_the_follow_up_is_reminded_six_months_after_the_exit(
    world, cases, django_capture_on_commit_callbacks
):
    participant = cases["A1:assigned"]
    record = entry(world, participant)
    exit_day = timezone.localdate() - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_esf_exit(
            actor=actor_for(world.users["counsellor"]),
            record=record,
            exited_on=exit_day,
            immediate_result="job_searching",
        )
    record.refresh_from_db()
    assert record.follow_up_due == add_months(exit_day, 6)
    run_due_tasks()
    assert mail.outbox == []
    later = timezone.make_aware(
        datetime.combine(record.follow_up_due, datetime.min.time())
    ) + timedelta(hours=9)
    with time_machine.travel(later, tick=False):
        run_due_tasks()
    assert len(mail.outbox) == 1 and "ESF+" in mail.outbox[0].subject
    assert "محمد" not in mail.outbox[0].body


def test_the_monitoring_tab_records_entry_exit_and_follow_up(world, client, cases):
    participant = cases["A1:assigned"]
    client.force_login(world.users["counsellor"])
    url = lambda stage: reverse("participants:esf", args=[participant.pk, stage])  # noqa: E731
    missing_date = client.post(
        url("entry"),
        {"entered_on": "2026-01-10", "employment_status": "unemployed", "disability": "yes"},
    )
    assert missing_date.status_code == 400 and not EsfRecord.objects.exists()
    assert (
        client.post(
            url("entry"), {"entered_on": "2026-01-10", "employment_status": "unemployed"}
        ).status_code
        == 302
    )
    assert client.post(url("exit"), {"exited_on": "2025-12-01"}).status_code == 400  # before entry
    assert (
        client.post(
            url("exit"), {"exited_on": "2026-03-01", "immediate_result": "employed"}
        ).status_code
        == 302
    )
    assert client.post(url("follow-up"), {"longer_term_result": "employed"}).status_code == 302
    record = EsfRecord.objects.get()
    assert (record.immediate_result, record.longer_term_result) == ("employed", "employed")
    assert (
        client.get(
            reverse("participants:case", args=[participant.pk]), {"tab": "monitoring"}
        ).status_code
        == 200
    )


def test_erasure_keeps_the_esf_record_pseudonymised_until_its_period_ends(world, cases, settings):
    participant = cases["A1:assigned"]
    record = entry(world, participant)
    services.record_esf_exit(
        actor=actor_for(world.users["counsellor"]), record=record, exited_on=date(2026, 6, 30)
    )
    result = rights.erase(
        actor=actor_for(world.users["organisation_admin"]),
        participant=participant,
        reason="request",
    )
    kept = RetainedEsfRecord.objects.get()
    assert kept.age_band == "30-54" and kept.keep_until == date(
        2026 + settings.LOTSE_ESF_RETENTION_YEARS, 12, 31
    )
    assert (
        result.record.retained == ["esf_monitoring"]
        and result.record.final_deletion_due == kept.keep_until
    )
    assert not EsfRecord.objects.exists()
