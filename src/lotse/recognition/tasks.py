"""Reminders of recognition deadlines, run daily by ``lotse db_worker``.

The deadlines are computed from the dates entered, so they can move; the daily run e-mails the
counsellors of a case once per deadline and due date when it is two weeks away or has passed.
The e-mail names the case by number only: mail leaves the platform.
"""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lotse.recognition.models import RecognitionCase
from lotse.recognition.selectors import DeadlineView, view_of
from lotse.schedule import ensure_daily

REMINDER_HOUR = time(7, 15)


def _subject_and_body(procedure: RecognitionCase, deadline: DeadlineView) -> tuple[str, str]:
    url = settings.LOTSE_BASE_URL.rstrip("/") + reverse(
        "recognition:procedure", args=[procedure.pk]
    )
    what = _("confirmation of receipt") if deadline.kind == "receipt" else _("decision")
    due = deadline.due_on.strftime("%d.%m.%Y") if deadline.due_on else ""
    values = {"number": procedure.participant_id, "what": what, "day": due, "url": url}
    if deadline.state == "overdue":
        subject = _("Recognition deadline passed in case %(number)s") % values
        body = (
            _("The authority's deadline for the %(what)s passed on %(day)s in case %(number)s.")
            % values
        )
    else:
        subject = _("Recognition deadline soon in case %(number)s") % values
        body = (
            _("The authority's deadline for the %(what)s ends on %(day)s in case %(number)s.")
            % values
        )
    body += (
        "\n\n"
        + _("Open the procedure: %(url)s\n\nThis e-mail names no one: the details are in Lotse.")
        % values
    )
    return subject, body


def remind_deadlines(today: date | None = None) -> int:
    """E-mail what is due and not yet reminded; returns the number of e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    open_procedures = RecognitionCase.objects.filter(
        decided_on__isnull=True, withdrawn_on__isnull=True
    ).select_related("participant")
    for procedure in open_procedures.prefetch_related("pauses", "participant__counsellors"):
        addresses = [u.email for u in procedure.participant.counsellors.all() if u.is_active]
        for deadline in view_of(procedure, today).urgent:
            marker = f"{deadline.state}:{deadline.due_on}"
            if not addresses or procedure.reminded.get(deadline.kind) == marker:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = _subject_and_body(procedure, deadline)
            send_mail(
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                addresses,
            )
            procedure.reminded = {**procedure.reminded, deadline.kind: marker}
            RecognitionCase.objects.filter(pk=procedure.pk).update(reminded=procedure.reminded)
            sent += 1
    return sent


@task()
def remind_deadlines_daily() -> int:
    sent = remind_deadlines()
    ensure_reminders_scheduled()
    return sent


def ensure_reminders_scheduled() -> None:
    ensure_daily(remind_deadlines_daily, REMINDER_HOUR)
