from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lotse import permissions
from lotse.accounts.roles import Role

AUDIT_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.NETWORK_COORDINATOR, Role.ORGANISATION_ADMIN})


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    actor = permissions.actor_for(user)
    return {
        "nav_can_see_audit": bool(actor.roles & AUDIT_ROLES),
        "nav_can_manage_people": bool(actor.roles & AUDIT_ROLES),
    }
