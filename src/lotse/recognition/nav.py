"""What the recognition app adds to the menu, the dashboard and the case file."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.hooks import (
    CaseLink,
    NavEntry,
    Panel,
    register_case_link,
    register_nav_entry,
    register_panel,
)
from lotse.permissions import Actor, define
from lotse.recognition import selectors


def deadlines(actor: Actor) -> dict[str, Any]:
    return {"procedures": selectors.deadlines_due(actor=actor), "today": timezone.localdate()}


define("recognition.use_navigator", lambda actor: actor.is_authenticated)


def register() -> None:
    register_nav_entry(
        NavEntry(
            key="recognition.navigator",
            label=_("Recognition navigator"),
            url_name="recognition:navigator",
            public=True,
            namespace="recognition",
            weight=45,
        )
    )
    register_nav_entry(
        NavEntry(
            key="recognition.navigator.staff",
            label=_("Recognition navigator"),
            url_name="recognition:navigator",
            permission="recognition.use_navigator",
            weight=45,
        )
    )
    register_nav_entry(
        NavEntry(
            key="recognition.statistics",
            label=_("Recognition statistics"),
            url_name="recognition:statistics",
            permission="recognition.view_statistics",
            weight=46,
        )
    )
    register_panel(
        Panel(
            key="recognition.deadlines",
            title=_("Recognition deadlines"),
            template="recognition/panels/deadlines.html",
            permission="participants.work_with_cases",
            context=deadlines,
            weight=6,
        )
    )
    register_case_link(
        CaseLink(
            key="recognition",
            label=_("Recognition"),
            url_name="recognition:case",
            permission="participants.work_with_cases",
        )
    )
