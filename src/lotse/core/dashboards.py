"""What each role sees first after logging in. Reads go through the apps' selectors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lotse.accounts import selectors as accounts
from lotse.accounts.models import User
from lotse.accounts.roles import Role
from lotse.audit import selectors as audit
from lotse.core.middleware import user_has_mfa
from lotse.network import selectors as network
from lotse.permissions import actor_for

RECENT_ENTRIES = 8


def _chart(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Bars scaled to the largest value, for the CSS bar chart."""
    top = max((count for _, count in rows), default=0) or 1
    return [
        {"label": label, "value": count, "percent": round(100 * count / top)}
        for label, count in rows
    ]


def dashboard_context(*, user: User, role: Role) -> dict[str, Any]:
    actor = actor_for(user)
    own_memberships = accounts.memberships_visible_to(actor=user).filter(user=user, is_active=True)
    context: dict[str, Any] = {
        "role": role,
        "own_memberships": own_memberships,
        "has_mfa": user_has_mfa(user),
        "my_activity": audit.entries_visible_to(actor=user).filter(actor=user)[:RECENT_ENTRIES],
    }
    organisations = network.organisations_visible_to(actor=user).filter(is_active=True)
    if role in {Role.PLATFORM_ADMIN, Role.NETWORK_COORDINATOR}:
        since = timezone.now() - timedelta(days=1)
        entries = audit.entries_visible_to(actor=user).exclude(actor=user)
        context.update(
            networks=network.networks_visible_to(actor=user),
            organisation_count=organisations.count(),
            user_count=accounts.users_visible_to(actor=user).filter(is_active=True).count(),
            audit_last_day=audit.entries_visible_to(actor=user)
            .filter(occurred_at__gte=since)
            .count(),
            kind_chart=_chart(network.organisation_kind_counts(actor=user)),
            recent_entries=entries.select_related("actor")[:RECENT_ENTRIES],
        )
    if role == Role.NETWORK_COORDINATOR:
        context["partners"] = organisations.filter(network_id__in=actor.networks(role))
    if role == Role.ORGANISATION_ADMIN:
        administered = actor.organisations(role)
        context.update(
            administered=organisations.filter(pk__in=administered),
            members=accounts.memberships_visible_to(actor=user).filter(
                organisation_id__in=administered
            ),
            recent_entries=audit.entries_visible_to(actor=user)
            .filter(organisation_id__in=administered)
            .exclude(actor=user)
            .select_related("actor")[:RECENT_ENTRIES],
        )
    if role in {
        Role.COUNSELLOR,
        Role.BUSINESS_LIAISON,
        Role.RESEARCHER,
        Role.MULTIPLIER,
        Role.COMPANY_USER,
    }:
        context["directory_chart"] = _chart(network.organisation_kind_counts(actor=user))
        context["colleagues"] = accounts.colleagues_of(user=user)
    return context
