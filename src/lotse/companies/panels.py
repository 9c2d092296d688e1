"""What the companies app adds to the menu and the dashboard."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.companies import selectors
from lotse.hooks import NavEntry, Panel, register_nav_entry, register_panel
from lotse.permissions import Actor


def next_contacts(actor: Actor) -> dict[str, Any]:
    return {"companies": selectors.next_contacts(actor=actor), "today": timezone.localdate()}


def open_requests(actor: Actor) -> dict[str, Any]:
    return {"requests": selectors.open_requests(actor=actor)}


def register() -> None:
    register_nav_entry(
        NavEntry(
            key="companies",
            label=_("Companies"),
            url_name="companies:board",
            permission="companies.view_companies",
            namespace="companies",
            weight=35,
        )
    )
    register_nav_entry(
        NavEntry(
            key="companies.portal",
            label=_("Company portal"),
            url_name="companies:portal",
            permission="companies.use_portal",
            weight=36,
        )
    )
    register_nav_entry(
        NavEntry(
            key="companies.public_places",
            label=_("Training places"),
            url_name="companies:public_places",
            public=True,
            weight=42,
        )
    )
    register_panel(
        Panel(
            key="companies.next_contacts",
            title=_("Company contacts due"),
            template="companies/panels/next_contacts.html",
            permission="companies.work_with_companies",
            context=next_contacts,
            weight=9,
        )
    )
    register_panel(
        Panel(
            key="companies.open_requests",
            title=_("Requests from companies"),
            template="companies/panels/open_requests.html",
            permission="companies.work_with_companies",
            context=open_requests,
            weight=10,
        )
    )
