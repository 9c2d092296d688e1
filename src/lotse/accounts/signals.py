"""Login, logout and failed logins go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from lotse.audit.models import AuditAction
from lotse.audit.services import audit, audit_event
from lotse.permissions import ANONYMOUS, actor_for


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit(actor=actor_for(user), action=AuditAction.LOGIN, target=user, label=f"user #{user.pk}")


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit(
            actor=actor_for(user), action=AuditAction.LOGOUT, target=user, label=f"user #{user.pk}"
        )


@receiver(user_login_failed)
def audit_failed_login(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The attempted address is not stored: it may be a mistyped personal address of someone else.
    audit_event(actor=ANONYMOUS, action=AuditAction.LOGIN_FAILED, target_type="accounts.user")
