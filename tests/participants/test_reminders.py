"""Next steps are reminded on the morning they are due, by the task worker (Django Tasks)."""

from datetime import datetime, timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from lotse.participants import services
from lotse.participants.models import NextStep
from lotse.permissions import actor_for
from tests.participants.conftest import run_due_tasks


def test_a_next_step_is_reminded_on_its_due_date_once_and_names_no_one(
    world, cases, django_capture_on_commit_callbacks
):
    counsellor = world.users["counsellor"]
    due = timezone.localdate() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_session(
            actor=actor_for(counsellor),
            participant=cases["A1:assigned"],
            values={"notes": "x"},
            next_steps=[("Zeugnisse übersetzen", due)],
        )
    run_due_tasks()
    assert mail.outbox == []  # not before the day
    morning = timezone.make_aware(datetime.combine(due, datetime.min.time())) + timedelta(hours=8)
    with time_machine.travel(morning, tick=False):
        run_due_tasks()
        run_due_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [counsellor.email]
    assert f"/cases/{cases['A1:assigned'].pk}/" in message.body
    for personal in ("محمد", "Mohammed", "Hassan", "Zeugnisse"):
        assert personal not in message.body + message.subject
    assert NextStep.objects.get().reminded_on == due


def test_a_step_done_before_its_day_is_not_reminded(
    world, cases, django_capture_on_commit_callbacks
):
    counsellor = actor_for(world.users["counsellor"])
    due = timezone.localdate() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_session(
            actor=counsellor, participant=cases["A1:assigned"], values={}, next_steps=[("x", due)]
        )
    services.complete_next_step(actor=counsellor, step=NextStep.objects.get())
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        run_due_tasks()
    assert mail.outbox == []
