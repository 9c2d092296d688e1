"""Background work of the participants app, run by ``lotse db_worker`` (Django Tasks).

A next step is reminded on the morning of its due date: the task is enqueued, deferred to that
morning, when the step is saved. The e-mail names the case by number and links to it; it never
carries a person's name or notes, since mail leaves the platform.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from lotse.participants.models import EsfRecord, NextStep

REMINDER_HOUR = time(7, 0)


def remind_on(due_on: date) -> datetime | None:
    """When to remind: the due date's morning, or now when that has passed."""
    moment = timezone.make_aware(datetime.combine(due_on, REMINDER_HOUR))
    return moment if moment > timezone.now() else None


def schedule_reminder(step: NextStep) -> None:
    """Enqueue the step's reminder (call after the commit)."""
    run_after = remind_on(step.due_on)
    if run_after is not None and default_task_backend.supports_defer:
        remind_next_step.using(run_after=run_after).enqueue(step.pk)
    elif run_after is None:
        remind_next_step.enqueue(step.pk)


@task()
def remind_next_step(step_id: int) -> bool:
    """Send the reminder if the step is still open, due and not yet reminded; True when sent."""
    step = NextStep.objects.select_related("assignee", "participant").filter(pk=step_id).first()
    today = timezone.localdate()
    if (
        step is None
        or step.done_on is not None
        or step.reminded_on is not None
        or step.assignee is None
        or not step.assignee.is_active
        or step.due_on > today
    ):
        return False
    url = settings.LOTSE_BASE_URL.rstrip("/") + reverse(
        "participants:case", args=[step.participant_id]
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A next step is due in case %(number)s") % {"number": step.participant_id}
        body = _(
            "A next step you agreed is due on %(day)s in case %(number)s.\n\n"
            "Open the case: %(url)s\n\n"
            "This e-mail names no one: the details are in Lotse."
        ) % {"day": step.due_on.strftime("%d.%m.%Y"), "number": step.participant_id, "url": url}
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [step.assignee.email],
    )
    NextStep.objects.filter(pk=step.pk).update(reminded_on=today)
    return True


def schedule_follow_up(record_id: int, due: date) -> None:
    """Remind the counsellors of the ESF+ six-month follow-up on its day (after the commit)."""
    run_after = remind_on(due)
    if run_after is not None and default_task_backend.supports_defer:
        remind_esf_follow_up.using(run_after=run_after).enqueue(record_id)
    elif run_after is None:
        remind_esf_follow_up.enqueue(record_id)


@task()
def remind_esf_follow_up(record_id: int) -> int:
    """Tell the case's counsellors that the six-month result is due; returns mails sent."""
    record = EsfRecord.objects.filter(pk=record_id).select_related("participant").first()
    if record is None or record.longer_term_result or record.follow_up_due is None:
        return 0
    if record.follow_up_due > timezone.localdate():
        return 0
    participant = record.participant
    url = settings.LOTSE_BASE_URL.rstrip("/") + reverse("participants:case", args=[participant.pk])
    addresses = [u.email for u in participant.counsellors.filter(is_active=True)]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("ESF+ follow-up due in case %(number)s") % {"number": participant.pk}
        body = _(
            "Six months have passed since the exit in case %(number)s: record the longer-term "
            "result for the ESF+ monitoring.\n\nOpen the case: %(url)s"
        ) % {"number": participant.pk, "url": url}
    if addresses:
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            addresses,
        )
    return len(addresses)


RETENTION_HOUR = time(3, 0)


def next_retention_run() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, RETENTION_HOUR))


@task()
def apply_retention_daily() -> dict[str, int]:
    """Apply the retention periods, then queue tomorrow's run."""
    from lotse.participants.retention import apply_retention

    report = apply_retention()
    ensure_retention_scheduled()
    return {
        "closed_cases_erased": report.closed_cases_erased,
        "esf_records_deleted": report.esf_records_deleted,
    }


def ensure_retention_scheduled() -> None:
    """One run waits in the queue at any time (after migrate, and after every run)."""
    if not default_task_backend.supports_defer:
        return
    from django_tasks_db.models import DBTaskResult

    path = f"{apply_retention_daily.func.__module__}.{apply_retention_daily.func.__qualname__}"
    waiting = DBTaskResult.objects.filter(task_path=path, status="READY")
    if not waiting.exists():
        apply_retention_daily.using(run_after=next_retention_run()).enqueue()
