"""Background work of the participants app, run by ``lotse db_worker`` (Django Tasks).

A next step is reminded on the morning of its due date: the task is enqueued, deferred to that
morning, when the step is saved. The e-mail names the case by number and links to it; it never
carries a person's name or notes, since mail leaves the platform.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from lotse.participants.models import NextStep

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
