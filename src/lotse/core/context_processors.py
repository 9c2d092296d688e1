from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from lotse import hooks, permissions


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu: the entries the apps registered that this visitor may see."""
    actor = permissions.actor_for(getattr(request, "user", None))
    match = getattr(request, "resolver_match", None)
    items = [
        MenuItem(
            label=str(entry.label),
            url=reverse(entry.url_name),
            current=bool(
                match
                and (
                    (entry.namespace and match.namespace == entry.namespace)
                    or match.view_name == entry.url_name
                )
            ),
        )
        for entry in hooks.nav_entries_for(actor)
    ]
    return {
        "menu": items,
        "staff_search": bool(actor.is_authenticated and hooks.search_providers_for(actor)),
    }
