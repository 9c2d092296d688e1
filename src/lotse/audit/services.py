"""Writing the audit log. Call these inside the transaction of the change they record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

from lotse.audit.models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from lotse.accounts.models import User


def record_type(instance: models.Model) -> str:
    return instance._meta.label_lower


def audit(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model,
    label: str = "",
    changed_fields: Iterable[str] = (),
    organisation_id: int | None = None,
    network_id: int | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one entry. ``label`` must identify the record without personal values."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=record_type(target),
        target_id=str(target.pk),
        target_label=label[:200],
        changed_fields=sorted(changed_fields),
        organisation_id=organisation_id,
        network_id=network_id,
        note=note[:200],
    )


def audit_event(
    *,
    actor: User | None,
    action: AuditAction,
    target_type: str,
    target_id: str = "",
    note: str = "",
) -> AuditEntry:
    """Append an entry that is not about a stored record (a failed login, say)."""
    return AuditEntry.objects.create(
        actor=actor, action=action, target_type=target_type, target_id=target_id, note=note[:200]
    )
