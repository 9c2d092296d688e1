from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lotse import permissions
from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.network.models import Organisation


def active_memberships_of(*, user_id: int) -> list[tuple[Role, int, int]]:
    """(role, organisation id, network id) of every active membership in an active organisation."""
    rows = Membership.objects.filter(
        user_id=user_id, is_active=True, organisation__is_active=True
    ).values_list("role", "organisation_id", "organisation__network_id")
    return [(Role(role), organisation_id, network_id) for role, organisation_id, network_id in rows]


def primary_role(*, user: Any) -> Role | None:
    roles = permissions.actor_for(user).roles
    return min(roles, key=lambda role: role.precedence) if roles else None


def users_visible_to(*, actor: User) -> QuerySet[User]:
    return permissions.visible(actor, permissions.VIEW, User.objects.all())


def user_for_view(*, actor: User, user_id: int) -> User:
    """One user's account for display. The read is audited: an account is a person's record."""
    user = permissions.get_or_404(actor, permissions.VIEW, User.objects.all(), pk=user_id)
    audit(actor=actor, action=AuditAction.VIEW, target=user, label=f"user #{user.pk}")
    return user


def memberships_visible_to(*, actor: User) -> QuerySet[Membership]:
    return permissions.visible(
        actor, permissions.VIEW, Membership.objects.select_related("user", "organisation")
    ).order_by("organisation__name", "user__full_name")


def memberships_managed_by(*, actor: User) -> QuerySet[Membership]:
    """Memberships in the organisations whose details the actor may change."""
    organisations = permissions.visible(actor, permissions.CHANGE, Organisation.objects.all())
    return memberships_visible_to(actor=actor).filter(organisation__in=organisations)


def colleagues_of(*, user: User) -> QuerySet[Membership]:
    """Active memberships in the organisations where ``user`` holds an active role."""
    organisation_ids = permissions.actor_for(user).organisations()
    return (
        memberships_visible_to(actor=user)
        .filter(organisation_id__in=organisation_ids, is_active=True)
        .exclude(user=user)
    )
