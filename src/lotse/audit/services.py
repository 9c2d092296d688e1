"""Writing the audit log. Call these inside the transaction of the change they record."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from lotse.audit.models import AuditAction, AuditEntry
from lotse.audit.reach import reach_of
from lotse.permissions import Actor


def record_type(instance: models.Model) -> str:
    return instance._meta.label_lower


def audit(
    *,
    actor: Actor,
    action: AuditAction,
    target: models.Model,
    label: str = "",
    changed_fields: Iterable[str] = (),
    note: str = "",
) -> AuditEntry:
    """Append one entry about ``target``; its organisation and network come from the target.

    ``label`` must identify the record without personal values.
    """
    reach = reach_of(target)
    return AuditEntry.objects.create(
        actor_id=actor.user_id,
        action=action,
        target_type=record_type(target),
        target_id=str(target.pk),
        target_label=label[:200],
        changed_fields=sorted(changed_fields),
        organisation_id=reach.organisation_id,
        network_id=reach.network_id,
        note=note[:200],
    )


def audit_event(
    *,
    actor: Actor,
    action: AuditAction,
    target_type: str,
    target_id: str = "",
    note: str = "",
) -> AuditEntry:
    """Append an entry that is not about one stored record (a failed login, an import)."""
    return AuditEntry.objects.create(
        actor_id=actor.user_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        note=note[:200],
    )
