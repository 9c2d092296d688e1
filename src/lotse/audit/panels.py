"""The audit log's dashboard panels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit import selectors
from lotse.hooks import NavEntry, Panel, register_nav_entry, register_panel
from lotse.permissions import Actor

RECENT_ENTRIES = 8


def latest_changes(actor: Actor) -> dict[str, Any]:
    entries = selectors.entries_visible_to(actor=actor)
    since = timezone.now() - timedelta(days=1)
    return {
        "entries": entries.exclude(actor_id=actor.user_id).select_related("actor")[:RECENT_ENTRIES],
        "last_day": entries.filter(occurred_at__gte=since).count(),
    }


def my_activity(actor: Actor) -> dict[str, Any]:
    mine = selectors.entries_visible_to(actor=actor).filter(actor_id=actor.user_id)
    return {"entries": mine.select_related("actor")[:RECENT_ENTRIES]}


def register() -> None:
    register_nav_entry(
        NavEntry(
            key="audit",
            label=_("Audit log"),
            url_name="audit:list",
            permission="audit.view_log",
            namespace="audit",
            weight=30,
        )
    )
    register_panel(
        Panel(
            key="audit.latest_changes",
            title=_("Latest changes"),
            template="audit/panels/latest_changes.html",
            wide=True,
            permission="audit.view_log",
            context=latest_changes,
            weight=50,
        )
    )
    register_panel(
        Panel(
            key="audit.my_activity",
            title=_("Your recent activity"),
            template="audit/panels/my_activity.html",
            permission="audit.view_own_activity",
            context=my_activity,
            weight=45,
        )
    )
