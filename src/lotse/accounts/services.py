"""Writes to accounts: each checks permission, changes data and audits in one transaction.

E-mails leave only after the transaction has committed (``transaction.on_commit``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from lotse import permissions
from lotse.accounts import mail
from lotse.accounts.models import ApiToken, Invitation, Membership, User
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.network.models import Organisation
from lotse.permissions import SYSTEM, Actor, Role

TOKEN_PREFIX_LENGTH = 8
INVITATION_VALID_FOR = timedelta(days=14)


class InvitationNotValid(Exception):
    """Unknown, expired, used, or its inviter may no longer give that role."""


class AlreadyHoldsRole(Exception):
    pass


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    email: str,
    full_name: str,
    password: str | None = None,
    first_role: tuple[Organisation, Role] | None = None,
) -> User:
    """Create an account, with its ``first_role`` if given (then the audit entry of the new
    account names that organisation). Without a password it cannot log in until one is set."""
    permissions.require(actor, permissions.ADD, User(email=email))
    if first_role is not None:
        organisation, role = first_role
        permissions.require(
            actor, permissions.ADD, Membership(organisation=organisation, role=role)
        )
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    if first_role is None:
        _audit_new_account(actor=actor, user=user)
        return user
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    _audit_new_account(actor=actor, user=user)
    _audit_grant(actor=actor, membership=membership)
    return user


def _audit_new_account(*, actor: Actor, user: User) -> None:
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=user,
        label=f"user #{user.pk}",
        changed_fields=["email", "full_name"],
    )


@transaction.atomic
def set_technical_admin(*, actor: Actor, user: User, technical_admin: bool) -> bool:
    """Give or take the technical admin site (Django's staff and superuser flags)."""
    permissions.require(actor, permissions.CHANGE, user)
    if user.is_staff == technical_admin and user.is_superuser == technical_admin:
        return False
    user.is_staff = user.is_superuser = technical_admin
    user.save(update_fields=["is_staff", "is_superuser"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=user,
        label=f"user #{user.pk}",
        changed_fields=["is_staff", "is_superuser"],
    )
    return True


@transaction.atomic
def grant_role(*, actor: Actor, user: User, organisation: Organisation, role: Role) -> Membership:
    """Give ``user`` a role in ``organisation``; re-activates an ended membership."""
    permissions.require(
        actor, permissions.ADD, Membership(user=user, organisation=organisation, role=role)
    )
    return _activate_membership(actor=actor, user=user, organisation=organisation, role=role)


def _activate_membership(
    *, actor: Actor, user: User, organisation: Organisation, role: Role, note: str = ""
) -> Membership:
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
    membership.is_active = True
    membership.save()
    permissions.forget_actor(user)
    _audit_grant(actor=actor, membership=membership, note=note)
    return membership


def _audit_grant(*, actor: Actor, membership: Membership, note: str = "") -> None:
    audit(
        actor=actor,
        action=AuditAction.GRANT,
        target=membership,
        label=f"{membership.role} @ {membership.organisation.slug}",
        changed_fields=["role"],
        note=note,
    )


@transaction.atomic
def end_membership(*, actor: Actor, membership: Membership) -> Membership:
    permissions.require(actor, permissions.DELETE, membership)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    permissions.forget_actor(membership.user)
    audit(
        actor=actor,
        action=AuditAction.REVOKE,
        target=membership,
        label=f"{membership.role} @ {membership.organisation.slug}",
        changed_fields=["is_active"],
    )
    return membership


@transaction.atomic
def create_api_token(
    *, actor: Actor, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    token = ApiToken(user=user, name=name, expires_at=expires_at)
    permissions.require(actor, permissions.ADD, token)
    token.prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    token.secret_hash = _hash_secret(secret)
    token.save()
    audit(actor=actor, action=AuditAction.CREATE, target=token, label=f"token {token.prefix}")
    return token, f"lotse_{token.prefix}_{secret}"


@transaction.atomic
def revoke_api_token(*, actor: Actor, token: ApiToken) -> None:
    permissions.require(actor, permissions.DELETE, token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor=actor, action=AuditAction.DELETE, target=token, label=f"token {token.prefix}")


def user_for_api_token(*, presented: str) -> User | None:
    """The active user a presented bearer token belongs to, or None."""
    try:
        _, prefix, secret = presented.split("_", 2)
    except ValueError:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix, revoked_at=None).first()
    if token is None or not secrets.compare_digest(token.secret_hash, _hash_secret(secret)):
        return None
    now = timezone.now()
    if (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def invite_person(
    *, actor: Actor, email: str, full_name: str, organisation: Organisation, role: Role
) -> Invitation:
    """Offer a person a role; it takes effect when they accept (``accept_invitation``).

    An address without an account gets one that cannot log in until its owner sets a password
    through the invitation. Either way the inviter sees the same answer, so inviting tells
    nobody which addresses have accounts, and nobody is attached to an organisation unasked.
    """
    permissions.require(actor, permissions.ADD, Membership(organisation=organisation, role=role))
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if user is None:
        permissions.require(actor, permissions.ADD, User(email=email))
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    elif user.memberships.filter(organisation=organisation, role=role, is_active=True).exists():
        raise AlreadyHoldsRole
    replaced = Invitation.objects.filter(
        user=user, organisation=organisation, role=role, accepted_at=None, closed_at=None
    ).select_related("organisation")
    for older in replaced:  # one open invitation per person and role, each closing audited
        _close_invitation(actor=actor, invitation=older)
    now = timezone.now()
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        name_given=full_name,
        invited_by_id=actor.user_id,
        token_hash=_hash_secret(secret),
        expires_at=now + INVITATION_VALID_FOR,
    )
    if new_account:  # audited once the invitation says where the account belongs
        _audit_new_account(actor=actor, user=user)
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=invitation,
        label=f"invitation #{invitation.pk}: {role.value} @ {organisation.slug}",
    )
    transaction.on_commit(lambda: mail.send_invitation(invitation=invitation, secret=secret))
    return invitation


def pending_invitation(*, secret: str) -> Invitation:
    """The open invitation a secret from an invitation e-mail belongs to."""
    invitation = (
        Invitation.objects.select_related("user", "organisation", "invited_by")
        .filter(token_hash=_hash_secret(secret), accepted_at=None, closed_at=None)
        .first()
    )
    if invitation is None or invitation.expires_at <= timezone.now():
        raise InvitationNotValid
    inviter = permissions.actor_for(invitation.invited_by) if invitation.invited_by else SYSTEM
    offered = Membership(organisation=invitation.organisation, role=invitation.role)
    if not invitation.user.is_active or not permissions.can(inviter, permissions.ADD, offered):
        raise InvitationNotValid
    return invitation


def invitation_needs_password(invitation: Invitation) -> bool:
    """A new account sets its password while accepting; an existing one logs in first."""
    return not invitation.user.has_usable_password()


@transaction.atomic
def accept_invitation(*, actor: Actor, secret: str, password: str | None = None) -> Membership:
    """Accept the invitation behind ``secret``.

    An existing account must be the one logged in (``actor``). A new account proves it owns the
    address by the secret from the e-mail and sets its ``password`` here.
    """
    invitation = pending_invitation(secret=secret)
    user = invitation.user
    if invitation_needs_password(invitation):
        if not password:
            raise InvitationNotValid
        user.set_password(password)
        user.save(update_fields=["password"])
    elif actor.user_id != user.pk:
        raise InvitationNotValid
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    invitee = permissions.actor_for(user)
    audit(
        actor=invitee,
        action=AuditAction.UPDATE,
        target=invitation,
        label=f"invitation #{invitation.pk} accepted",
        changed_fields=["accepted_at"],
    )
    return _activate_membership(
        actor=invitee,
        user=user,
        organisation=invitation.organisation,
        role=Role(invitation.role),
        note=f"invitation #{invitation.pk}",
    )


@transaction.atomic
def decline_invitation(*, secret: str) -> None:
    invitation = pending_invitation(secret=secret)
    _close_invitation(actor=permissions.actor_for(invitation.user), invitation=invitation)


@transaction.atomic
def withdraw_invitation(*, actor: Actor, invitation: Invitation) -> None:
    permissions.require(actor, permissions.DELETE, invitation)
    if not invitation.is_pending:
        return
    _close_invitation(actor=actor, invitation=invitation)


def _close_invitation(*, actor: Actor, invitation: Invitation) -> None:
    invitation.closed_at = timezone.now()
    invitation.save(update_fields=["closed_at"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=invitation,
        label=f"invitation #{invitation.pk} closed",
        changed_fields=["closed_at"],
    )
