"""Reminders of next company contacts, run daily by ``lotse db_worker``: on the morning a
contact is due, the organisation's business liaisons get one e-mail per company and date."""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lotse.accounts import selectors as accounts
from lotse.companies.models import Company, Stage, SupportRequest
from lotse.permissions import Role
from lotse.schedule import ensure_daily

REMINDER_HOUR = time(7, 30)


def remind_next_contacts(today: date | None = None) -> int:
    """E-mail the contacts due today or before and not yet reminded; returns e-mails sent."""
    today = today or timezone.localdate()
    due = (
        Company.objects.filter(next_contact_on__lte=today)
        .exclude(stage=Stage.FILLED)
        .exclude(reminded_for=F("next_contact_on"))
    )
    sent = 0
    liaisons: dict[int, list[str]] = {}  # one query per organisation, not per company
    for company in due:
        if company.organisation_id not in liaisons:
            members = accounts.members_of(
                organisation_id=company.organisation_id, roles=frozenset({Role.BUSINESS_LIAISON})
            )
            liaisons[company.organisation_id] = [user.email for user in members]
        addresses = liaisons[company.organisation_id]
        if not addresses:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            values = {"name": company.name, "url": _company_url(company)}
            subject = _("Company contact due: %(name)s") % values
            body = _("A contact with %(name)s is due.\n\nOpen the company: %(url)s") % values
        _send(addresses, subject, body)
        Company.objects.filter(pk=company.pk).update(reminded_for=company.next_contact_on)
        sent += 1
    return sent


@task()
def remind_next_contacts_daily() -> int:
    sent = remind_next_contacts()
    ensure_reminders_scheduled()
    return sent


def ensure_reminders_scheduled() -> None:
    ensure_daily(remind_next_contacts_daily, REMINDER_HOUR)


@task()
def tell_liaisons_of_request(request_id: int) -> int:
    """E-mail the liaisons of the company's organisation about a request from the portal."""
    request = SupportRequest.objects.select_related("company").filter(pk=request_id).first()
    if request is None:
        return 0
    company = request.company
    members = accounts.members_of(
        organisation_id=company.organisation_id, roles=frozenset({Role.BUSINESS_LIAISON})
    )
    addresses = [user.email for user in members if user.email]
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "name": company.name,
            "topic": request.get_topic_display(),
            "url": _company_url(company),
        }
        subject = _("Request from %(name)s: %(topic)s") % values
        body = _("%(name)s asks for support: %(topic)s.\n\nOpen the company: %(url)s") % values
    _send(addresses, subject, body)
    return len(addresses)


def _company_url(company: Company) -> str:
    return settings.LOTSE_BASE_URL.rstrip("/") + reverse("companies:detail", args=[company.pk])


def _send(addresses: list[str], subject: str, body: str) -> None:
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        addresses,
    )
