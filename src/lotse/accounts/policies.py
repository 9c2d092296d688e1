from __future__ import annotations

from django.db.models import Q, QuerySet

from lotse.accounts.models import ApiToken, Membership, User
from lotse.accounts.roles import ROLES_GRANTABLE_BY_ORGANISATION_ADMIN, Role
from lotse.permissions import ADD, CHANGE, DELETE, VIEW, Actor, Policy, register


def _managed_memberships(actor: Actor) -> Q:
    """Memberships an actor administers: in coordinated networks or administered organisations."""
    return Q(organisation__network_id__in=actor.networks(Role.NETWORK_COORDINATOR)) | Q(
        organisation_id__in=actor.organisations(Role.ORGANISATION_ADMIN)
    )


class UserPolicy(Policy[User]):
    """A user's account is a person's record: self, and whoever administers one of their roles."""

    model = User

    def scope(self, actor: Actor, action: str, queryset: QuerySet[User]) -> QuerySet[User]:
        if actor.is_platform_admin:
            return queryset
        if action in {VIEW, CHANGE}:
            administered = Membership.objects.filter(_managed_memberships(actor))
            return queryset.filter(
                Q(pk=actor.user_id) | Q(pk__in=administered.values("user_id"))
            ).distinct()
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: User) -> bool:
        return action == ADD and bool(
            actor.is_platform_admin
            or actor.networks(Role.NETWORK_COORDINATOR)
            or actor.organisations(Role.ORGANISATION_ADMIN)
        )


class MembershipPolicy(Policy[Membership]):
    model = Membership

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[Membership]
    ) -> QuerySet[Membership]:
        if actor.is_platform_admin:
            return queryset
        managed = queryset.filter(_managed_memberships(actor))
        if action == VIEW:
            # Colleagues in the same organisation see who holds which role there.
            return managed | queryset.filter(
                Q(user_id=actor.user_id) | Q(organisation_id__in=actor.organisations())
            )
        if action in {CHANGE, DELETE}:
            coordinated = Q(organisation__network_id__in=actor.networks(Role.NETWORK_COORDINATOR))
            grantable_here = Q(
                organisation_id__in=actor.organisations(Role.ORGANISATION_ADMIN),
                role__in=ROLES_GRANTABLE_BY_ORGANISATION_ADMIN,
            )
            return (
                queryset.filter(coordinated | grantable_here)
                .exclude(role=Role.PLATFORM_ADMIN)
                .exclude(user_id=actor.id)
            )
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: Membership) -> bool:
        if action != ADD:
            return False
        if actor.is_platform_admin:
            return True
        role = Role(instance.role)
        network_id = instance.organisation.network_id
        if network_id in actor.networks(Role.NETWORK_COORDINATOR):
            return role != Role.PLATFORM_ADMIN
        return (
            instance.organisation_id in actor.organisations(Role.ORGANISATION_ADMIN)
            and role in ROLES_GRANTABLE_BY_ORGANISATION_ADMIN
        )


class ApiTokenPolicy(Policy[ApiToken]):
    model = ApiToken
    actions = frozenset({VIEW, ADD, DELETE})

    def scope(self, actor: Actor, action: str, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        if actor.is_platform_admin:
            return queryset
        return queryset.filter(user_id=actor.id)

    def allows_new(self, actor: Actor, action: str, instance: ApiToken) -> bool:
        return actor.is_platform_admin or instance.user_id == actor.user_id


register(UserPolicy())
register(MembershipPolicy())
register(ApiTokenPolicy())
