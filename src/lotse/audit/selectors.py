from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from lotse import permissions
from lotse.audit.models import AuditEntry
from lotse.permissions import Actor


def entries_visible_to(*, actor: Actor) -> QuerySet[AuditEntry]:
    return permissions.visible(actor, permissions.VIEW, AuditEntry.objects.all())


def search_entries(
    *,
    actor: Actor,
    action: str = "",
    target_type: str = "",
    actor_email: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = entries_visible_to(actor=actor).select_related("actor")
    if action:
        entries = entries.filter(action=action)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if actor_email:
        entries = entries.filter(actor__email__icontains=actor_email)
    if date_from:
        entries = entries.filter(occurred_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(occurred_at__date__lte=date_to)
    return entries


def record_types_visible_to(*, actor: Actor) -> list[tuple[str, str]]:
    """(record type, its name in the reader's language) of the entries the actor can see."""
    types = set(entries_visible_to(actor=actor).values_list("target_type", flat=True).distinct())
    named = [(t, AuditEntry(target_type=t).record_type_label) for t in types]
    return sorted(named, key=lambda pair: pair[1].lower())


def entries_about(*, record_type: str, record_id: str, label_suffix: str) -> QuerySet[AuditEntry]:
    """Every entry about one record and its parts (whose labels end in ``label_suffix``, as
    "document 7 of case 42"), oldest first: the history an access report owes the person.
    The caller has checked that the actor may read the record."""
    about_record = Q(target_type=record_type, target_id=record_id)
    about_parts = Q(target_label__endswith=label_suffix)
    return AuditEntry.objects.filter(about_record | about_parts).order_by("occurred_at", "pk")
