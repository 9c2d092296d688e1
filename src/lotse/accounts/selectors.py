from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from lotse import permissions
from lotse.accounts.models import Invitation, Membership, User
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.network import selectors as network
from lotse.network.models import Organisation
from lotse.permissions import Actor, Role


def active_memberships_of(user_id: int) -> list[tuple[Role, int, int]]:
    """(role, organisation id, network id) of every active membership in an active organisation.

    Registered as the permission layer's membership loader.
    """
    rows = Membership.objects.filter(
        user_id=user_id, is_active=True, organisation__is_active=True
    ).values_list("role", "organisation_id", "organisation__network_id")
    return [(Role(role), organisation_id, network_id) for role, organisation_id, network_id in rows]


def user_has_mfa(*, user_id: int | None) -> bool:
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP)
    return bool(totp.exists())


def user_with_email(*, email: str) -> User | None:
    """The account with this address, for operator commands (not for pages: it tells)."""
    return User.objects.filter(email__iexact=email.strip()).first()


def users_visible_to(*, actor: Actor) -> QuerySet[User]:
    return permissions.visible(actor, permissions.VIEW, User.objects.all())


def user_for_view(*, actor: Actor, user_id: int) -> User:
    """One user's account for display. The read is audited: an account is a person's record."""
    user = permissions.get_or_404(actor, permissions.VIEW, User.objects.all(), pk=user_id)
    audit(actor=actor, action=AuditAction.VIEW, target=user, label=f"user #{user.pk}")
    return user


def memberships_visible_to(*, actor: Actor) -> QuerySet[Membership]:
    return permissions.visible(
        actor, permissions.VIEW, Membership.objects.select_related("user", "organisation")
    ).order_by("organisation__name", "user__full_name")


def own_memberships(*, actor: Actor) -> QuerySet[Membership]:
    return memberships_visible_to(actor=actor).filter(user_id=actor.id, is_active=True)


def memberships_managed_by(*, actor: Actor) -> QuerySet[Membership]:
    """Memberships in the organisations whose details the actor may change."""
    organisations = network.organisations_changeable_by(actor=actor)
    return memberships_visible_to(actor=actor).filter(organisation__in=organisations)


def memberships_endable_by(*, actor: Actor) -> set[int]:
    """Ids of the memberships the actor may end."""
    endable = permissions.visible(actor, permissions.DELETE, Membership.objects.all())
    return set(endable.values_list("pk", flat=True))


def colleagues_of(*, actor: Actor) -> QuerySet[Membership]:
    """Active memberships in the organisations where the actor holds an active role."""
    return (
        memberships_visible_to(actor=actor)
        .filter(organisation_id__in=actor.organisations(), is_active=True)
        .exclude(user_id=actor.id)
    )


def organisations_for_new_roles(*, actor: Actor) -> QuerySet[Organisation]:
    """Where the actor may give at least the ordinary staff roles."""
    allowed = [
        organisation.pk
        for organisation in network.organisations_visible_to(actor=actor)
        if permissions.can(
            actor, permissions.ADD, Membership(organisation=organisation, role=Role.COUNSELLOR)
        )
    ]
    return network.organisations_visible_to(actor=actor).filter(pk__in=allowed).order_by("name")


def search_users(*, actor: Actor, query: str) -> QuerySet[User]:
    """Accounts within the actor's reach whose name or address contains ``query``."""
    matching = Q(full_name__icontains=query) | Q(email__icontains=query)
    return users_visible_to(actor=actor).filter(matching, is_active=True).order_by("full_name")


def pending_invitations_visible_to(*, actor: Actor) -> QuerySet[Invitation]:
    return permissions.visible(
        actor,
        permissions.VIEW,
        Invitation.objects.filter(accepted_at=None, closed_at=None).select_related(
            "organisation", "user"
        ),
    ).filter(expires_at__gt=timezone.now())


def members_of(*, organisation_id: int, roles: frozenset[Role] | None = None) -> QuerySet[User]:
    """Active people holding an active role (one of ``roles``) in the organisation: for choosing
    a case's counsellors and the readers of confidential notes."""
    memberships = Membership.objects.filter(
        organisation_id=organisation_id, is_active=True, user__is_active=True
    )
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return User.objects.filter(pk__in=memberships.values("user_id")).order_by("full_name")


def names_of(*, user_ids: set[int]) -> dict[int, str]:
    """Full names of staff, for reports that say who did what (an access report)."""
    return dict(User.objects.filter(pk__in=user_ids).values_list("pk", "full_name"))
