"""What the accounts app adds to the dashboard, the menu and the staff search."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lotse.accounts import selectors
from lotse.hooks import (
    NavEntry,
    Panel,
    SearchProvider,
    SearchResult,
    register_nav_entry,
    register_panel,
    register_search_provider,
)
from lotse.network import selectors as network
from lotse.permissions import Actor, Role

MEMBERS_SHOWN = 20


def account(actor: Actor) -> dict[str, Any]:
    return {
        "own_memberships": selectors.own_memberships(actor=actor),
        "has_mfa": selectors.user_has_mfa(user_id=actor.user_id),
    }


def colleagues(actor: Actor) -> dict[str, Any]:
    return {"colleagues": selectors.colleagues_of(actor=actor)}


def people(actor: Actor) -> dict[str, Any]:
    administered = actor.organisations(Role.ORGANISATION_ADMIN)
    members = selectors.memberships_visible_to(actor=actor).filter(organisation_id__in=administered)
    return {
        "active_accounts": selectors.users_visible_to(actor=actor).filter(is_active=True).count(),
        "pending_invitations": selectors.pending_invitations_visible_to(actor=actor).count(),
        "administered": network.organisations_visible_to(actor=actor).filter(pk__in=administered),
        "members": members[:MEMBERS_SHOWN],
    }


def search_people(actor: Actor, query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            title=user.full_name, url=reverse("user_detail", args=[user.pk]), detail=user.email
        )
        for user in selectors.search_users(actor=actor, query=query)[:limit]
    ]


def register() -> None:
    register_nav_entry(
        NavEntry(
            key="people",
            label=_("People and roles"),
            url_name="accounts:people",
            permission="accounts.manage_people",
            namespace="accounts",
            weight=20,
        )
    )
    register_panel(
        Panel(
            key="accounts.people",
            title=_("People and roles"),
            template="accounts/panels/people.html",
            permission="accounts.manage_people",
            context=people,
            weight=20,
        )
    )
    register_panel(
        Panel(
            key="accounts.colleagues",
            title=_("Colleagues"),
            template="accounts/panels/colleagues.html",
            permission="accounts.view_colleagues",
            context=colleagues,
            weight=30,
        )
    )
    register_panel(
        Panel(
            key="accounts.account",
            title=_("Your account"),
            template="accounts/panels/account.html",
            permission="accounts.view_own_account",
            context=account,
            weight=40,
        )
    )
    register_search_provider(
        SearchProvider(
            key="people",
            label=_("People"),
            permission="accounts.manage_people",
            search=search_people,
            weight=20,
        )
    )
