"""What the participants app adds to the dashboard, the menu and the staff search."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.hooks import (
    SMALL_CELL,
    NavEntry,
    Panel,
    SearchProvider,
    SearchResult,
    bar_chart,
    register_nav_entry,
    register_panel,
    register_search_provider,
)
from lotse.participants import selectors
from lotse.permissions import Actor


def next_steps(actor: Actor) -> dict[str, Any]:
    return {"steps": list(selectors.open_steps_for(actor=actor)), "today": timezone.localdate()}


def caseload_summary(actor: Actor) -> dict[str, Any]:
    cases = selectors.caseload(actor=actor, status="open", mine=True)
    return {"open_cases": cases.count(), "recent": list(cases.order_by("-pk")[:5])}


def referrals_waiting(actor: Actor) -> dict[str, Any]:
    return {"waiting": selectors.referrals_received(actor=actor).filter(status="sent").count()}


def network_counts(actor: Actor) -> dict[str, Any]:
    counts = selectors.network_case_counts(actor=actor)
    return {
        "open_cases": counts.open_cases,
        "by_organisation": bar_chart(counts.open_by_organisation, suppress_below=SMALL_CELL),
        "by_gender": bar_chart(counts.esf_entries_by_gender, suppress_below=SMALL_CELL),
    }


def search_cases(actor: Actor, query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            title=case.full_name,
            url=reverse("participants:case", args=[case.pk]),
            detail=case.latin_name or str(case.get_status_display()),
        )
        for case in selectors.caseload(actor=actor, query=query)[:limit]
    ]


def register() -> None:
    register_panel(
        Panel(
            key="participants.next_steps",
            title=_("Your next steps"),
            template="participants/panels/next_steps.html",
            permission="participants.work_with_cases",
            context=next_steps,
            weight=5,
            wide=True,
        )
    )
    register_panel(
        Panel(
            key="participants.caseload",
            title=_("Your caseload"),
            template="participants/panels/caseload.html",
            permission="participants.work_with_cases",
            context=caseload_summary,
            weight=6,
        )
    )
    register_panel(
        Panel(
            key="participants.referrals",
            title=_("Referrals to your organisation"),
            template="participants/panels/referrals.html",
            permission="participants.receive_referrals",
            context=referrals_waiting,
            weight=7,
        )
    )
    register_panel(
        Panel(
            key="participants.network_counts",
            title=_("Cases in your network"),
            template="participants/panels/network_counts.html",
            permission="participants.view_network_counts",
            context=network_counts,
            weight=8,
            wide=True,
        )
    )
    register_nav_entry(
        NavEntry(
            key="participants",
            label=_("Cases"),
            url_name="participants:caseload",
            permission="participants.work_with_cases",
            namespace="participants",
            weight=5,
        )
    )
    register_search_provider(
        SearchProvider(
            key="participants",
            label=_("Cases"),
            permission="participants.work_with_cases",
            search=search_cases,
            weight=5,
        )
    )
