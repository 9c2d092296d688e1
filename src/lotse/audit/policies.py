from __future__ import annotations

from django.db.models import Q, QuerySet

from lotse.audit.models import AuditEntry
from lotse.permissions import VIEW, Actor, Policy, Role, define, register

# Who administers people's records: they answer for them and so may read the log about them.
ADMINISTERING_ROLES = (Role.PLATFORM_ADMIN, Role.NETWORK_COORDINATOR, Role.ORGANISATION_ADMIN)


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
# The audit browser: for those who read entries beyond their own.
define("audit.view_log", lambda actor: bool(actor.roles & set(ADMINISTERING_ROLES)))
# Everyone sees what they did themselves.
define("audit.view_own_activity", lambda actor: True)
