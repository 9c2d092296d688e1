"""The network directory's dashboard panels."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotse.hooks import Panel, bar_chart, register_panel
from lotse.network import selectors
from lotse.permissions import Actor, Role


def directory(actor: Actor) -> dict[str, Any]:
    return {
        "networks": selectors.networks_visible_to(actor=actor),
        "organisation_count": selectors.organisations_visible_to(actor=actor)
        .filter(is_active=True)
        .count(),
        "kind_chart": bar_chart(selectors.organisation_kind_counts(actor=actor)),
    }


def partners(actor: Actor) -> dict[str, Any]:
    coordinated = actor.networks(Role.NETWORK_COORDINATOR)
    organisations = selectors.organisations_visible_to(actor=actor).filter(
        is_active=True, network_id__in=coordinated
    )
    return {"organisations": organisations.order_by("name")}


def register() -> None:
    register_panel(
        Panel(
            key="network.directory",
            title=_("Your network"),
            template="network/panels/directory.html",
            wide=True,
            permission="network.view_directory",
            context=directory,
            weight=10,
        )
    )
    register_panel(
        Panel(
            key="network.partners",
            title=_("Partners"),
            template="network/panels/partners.html",
            wide=True,
            permission="network.coordinate",
            context=partners,
            weight=60,
        )
    )
