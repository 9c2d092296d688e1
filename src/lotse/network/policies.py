from __future__ import annotations

from django.db.models import QuerySet

from lotse.network.models import Network, Organisation
from lotse.permissions import ADD, CHANGE, DELETE, VIEW, Actor, Policy, Role, define, register


class NetworkPolicy(Policy[Network]):
    model = Network

    def scope(self, actor: Actor, action: str, queryset: QuerySet[Network]) -> QuerySet[Network]:
        if actor.is_platform_admin:
            return queryset
        if action == VIEW:
            return queryset.filter(pk__in=actor.networks())
        if action == CHANGE:
            return queryset.filter(pk__in=actor.networks(Role.NETWORK_COORDINATOR))
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: Network) -> bool:
        return actor.is_platform_admin


class OrganisationPolicy(Policy[Organisation]):
    """Members of a network see its whole directory; coordinators and admins change it."""

    model = Organisation

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[Organisation]
    ) -> QuerySet[Organisation]:
        if actor.is_platform_admin:
            return queryset
        coordinated = actor.networks(Role.NETWORK_COORDINATOR)
        if action == VIEW:
            return queryset.filter(network_id__in=actor.networks())
        if action == CHANGE:
            return queryset.filter(network_id__in=coordinated) | queryset.filter(
                pk__in=actor.organisations(Role.ORGANISATION_ADMIN)
            )
        if action == DELETE:
            return queryset.filter(network_id__in=coordinated)
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: Organisation) -> bool:
        if action != ADD:
            return False
        return actor.is_platform_admin or (
            instance.network_id in actor.networks(Role.NETWORK_COORDINATOR)
        )


register(NetworkPolicy())
register(OrganisationPolicy())
# The dashboard's directory panels: everyone in a network sees its partners; coordinators the list.
define("network.view_directory", lambda actor: bool(actor.is_platform_admin or actor.networks()))
define("network.coordinate", lambda actor: bool(actor.networks(Role.NETWORK_COORDINATOR)))
