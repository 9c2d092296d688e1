"""Writes to accounts: each checks permission, changes data and audits in one transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lotse import permissions
from lotse.accounts.models import ApiToken, Membership, User
from lotse.accounts.roles import Role
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.network.models import Organisation

TOKEN_PREFIX_LENGTH = 8


@transaction.atomic
def create_user(
    *, actor: User | None, email: str, full_name: str, password: str | None = None
) -> User:
    """Create an account. ``actor=None`` is the system (installation, demo loader)."""
    if actor is not None:
        permissions.require(actor, permissions.ADD, User(email=email))
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=user,
        label=f"user #{user.pk}",
        changed_fields=["email", "full_name"],
    )
    return user


@transaction.atomic
def grant_role(
    *, actor: User | None, user: User, organisation: Organisation, role: Role
) -> Membership:
    """Give ``user`` a role in ``organisation``; re-activates an ended membership."""
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
    if actor is not None:
        permissions.require(
            actor, permissions.ADD, Membership(user=user, organisation=organisation, role=role)
        )
    membership.is_active = True
    membership.save()
    permissions.forget_actor(user)
    audit(
        actor=actor,
        action=AuditAction.GRANT,
        target=membership,
        label=f"{role.value} @ {organisation.slug}",
        changed_fields=["role"],
        organisation_id=organisation.pk,
        network_id=organisation.network_id,
    )
    return membership


@transaction.atomic
def end_membership(*, actor: User, membership: Membership) -> Membership:
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
        organisation_id=membership.organisation_id,
        network_id=membership.organisation.network_id,
    )
    return membership


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(
    *, actor: User, user: User, name: str, expires_at: datetime | None = None
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
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
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
def add_person(
    *, actor: User, email: str, full_name: str, organisation: Organisation, role: Role
) -> tuple[Membership, bool]:
    """Give a person a role, creating their account first if needed. Returns (membership, new)."""
    permissions.require(actor, permissions.ADD, Membership(organisation=organisation, role=role))
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = create_user(actor=actor, email=email, full_name=full_name)
    return grant_role(actor=actor, user=user, organisation=organisation, role=role), created
