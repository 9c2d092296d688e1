from __future__ import annotations

from django.db.models import Q, QuerySet

from lotse.accounts.roles import Role
from lotse.audit.models import AuditEntry
from lotse.permissions import VIEW, Actor, Policy, register


class AuditEntryPolicy(Policy[AuditEntry]):
    """Entries can only be read: by admins within their reach, and by the actor who made them.

    Writing happens only through ``lotse.audit.services``; no action changes or deletes one.
    """

    model = AuditEntry
    actions = frozenset({VIEW})

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[AuditEntry]
    ) -> QuerySet[AuditEntry]:
        if actor.is_platform_admin:
            return queryset
        return queryset.filter(
            Q(actor_id=actor.user_id)
            | Q(network_id__in=actor.networks(Role.NETWORK_COORDINATOR))
            | Q(organisation_id__in=actor.organisations(Role.ORGANISATION_ADMIN))
        )


register(AuditEntryPolicy())
