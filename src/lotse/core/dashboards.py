"""The dashboard: the panels the apps registered (``lotse.hooks``) that the actor may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from lotse import hooks
from lotse.permissions import Actor, Role

# What the dashboard's first line tells each role about the platform.
INTRODUCTIONS = {
    Role.PLATFORM_ADMIN: _(
        "You run the platform: networks, organisations, accounts and the audit log."
    ),
    Role.NETWORK_COORDINATOR: _(
        "Your network at a glance: its partners, its people and what changed."
    ),
    Role.ORGANISATION_ADMIN: _("You look after your organisation's people and their roles."),
    Role.COUNSELLOR: _(
        "Your caseload and the next steps you agreed with the people you counsel. "
        "Recognition cases with their legal deadlines will follow."
    ),
    Role.BUSINESS_LIAISON: _(
        "Your company contacts, training places won and candidates proposed will appear "
        "here. Today you can see your network and colleagues."
    ),
    Role.RESEARCHER: _(
        "Regional indicators and anonymised extracts will appear here. "
        "You never see personal records."
    ),
    Role.MULTIPLIER: _(
        "Your events in the communities and the multiplier programme will appear here."
    ),
    Role.COMPANY_USER: _(
        "Your training places and the candidates who agreed to be shown to you will appear here."
    ),
}


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: SafeString
    wide: bool


def rendered_panels(request: HttpRequest, actor: Actor) -> list[RenderedPanel]:
    return [
        RenderedPanel(
            key=panel.key.replace(".", "-"),
            title=str(panel.title),
            html=SafeString(render_to_string(panel.template, panel.context(actor), request)),
            wide=panel.wide,
        )
        for panel in hooks.panels_for(actor)
    ]
