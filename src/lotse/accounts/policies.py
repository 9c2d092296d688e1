from __future__ import annotations

from django.db.models import Q, QuerySet

from lotse.accounts.models import ApiToken, Invitation, Membership, User
from lotse.permissions import ADD, CHANGE, DELETE, VIEW, Actor, Policy, Role, define, register
from lotse.permissions.roles import ROLES_GRANTABLE_BY_ORGANISATION_ADMIN


def _managed_memberships(actor: Actor) -> Q:
    """Memberships an actor administers: in coordinated networks or administered organisations."""
    return Q(organisation__network_id__in=actor.networks(Role.NETWORK_COORDINATOR)) | Q(
        organisation_id__in=actor.organisations(Role.ORGANISATION_ADMIN)
    )


class UserPolicy(Policy[User]):
    """A user's account is a person's record: self, and whoever administers one of their roles.

    Platform admins' accounts are out of everyone else's reach, even where their membership
    sits in an organisation someone else administers.
    """

    model = User

    def scope(self, actor: Actor, action: str, queryset: QuerySet[User]) -> QuerySet[User]:
        if actor.is_platform_admin:
            return queryset
        if action in {VIEW, CHANGE}:
            administered = Membership.objects.filter(_managed_memberships(actor))
            platform_admins = Membership.objects.filter(role=Role.PLATFORM_ADMIN)
            others = queryset.filter(pk__in=administered.values("user_id")).exclude(
                pk__in=platform_admins.values("user_id")
            )
            return (queryset.filter(pk=actor.id) | others).distinct()
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: User) -> bool:
        return action == ADD and manages_people(actor)


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


class InvitationPolicy(Policy[Invitation]):
    """Those who may give a role see and withdraw the invitations to it.

    The invitee answers through the secret in their e-mail, not through this policy.
    """

    model = Invitation
    actions = frozenset({VIEW, DELETE})

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[Invitation]
    ) -> QuerySet[Invitation]:
        if actor.is_platform_admin:
            return queryset
        coordinated = Q(organisation__network_id__in=actor.networks(Role.NETWORK_COORDINATOR))
        administered = Q(
            organisation_id__in=actor.organisations(Role.ORGANISATION_ADMIN),
            role__in=ROLES_GRANTABLE_BY_ORGANISATION_ADMIN,
        )
        return queryset.filter(coordinated | administered).exclude(role=Role.PLATFORM_ADMIN)


def manages_people(actor: Actor) -> bool:
    return bool(
        actor.is_platform_admin
        or actor.networks(Role.NETWORK_COORDINATOR)
        or actor.organisations(Role.ORGANISATION_ADMIN)
    )


register(UserPolicy())
register(MembershipPolicy())
register(ApiTokenPolicy())
register(InvitationPolicy())
# The People and roles page, its menu entry and the people search.
define("accounts.manage_people", manages_people)
define("accounts.administer_organisation", lambda a: bool(a.organisations(Role.ORGANISATION_ADMIN)))
define("accounts.view_own_account", lambda actor: True)
# Staff who do the daily work see who else works in their organisations.
define(
    "accounts.view_colleagues",
    lambda actor: bool(actor.organisations()) and not manages_people(actor),
)
