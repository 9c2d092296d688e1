"""E-mails to people about their accounts. Called after the transaction has committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lotse.accounts.models import Invitation


def absolute_url(path: str) -> str:
    return settings.LOTSE_BASE_URL.rstrip("/") + path


def send_invitation(*, invitation: Invitation, secret: str) -> None:
    # The platform's language: the inviter's page language says nothing about the invitee's.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "inviter": invitation.invited_by,
            "url": absolute_url(reverse("accounts:invitation", args=[secret])),
            "valid_until": invitation.expires_at,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.user.email],
    )
