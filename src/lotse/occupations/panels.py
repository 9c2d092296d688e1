"""What the occupations app adds to the menu and the staff search."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.hooks import (
    NavEntry,
    SearchProvider,
    SearchResult,
    register_nav_entry,
    register_search_provider,
)
from lotse.occupations import search as occupation_search
from lotse.permissions import Actor


def search_occupations(actor: Actor, query: str, limit: int) -> list[SearchResult]:
    results = occupation_search.search(query, language=get_language() or "de", limit=limit)
    return [
        SearchResult(
            title=result.title,
            url=reverse("occupations:detail", args=[result.id]),
            detail=str(result.kind_label),
        )
        for result in results
    ]


def register() -> None:
    register_nav_entry(
        NavEntry(
            key="occupations",
            label=_("Occupations"),
            url_name="occupations:search",
            permission="occupations.search",
            namespace="occupations",
            weight=40,
        )
    )
    register_nav_entry(
        NavEntry(
            key="occupations.public",
            label=_("Find your occupation"),
            url_name="occupations:search",
            public=True,
            namespace="occupations",
            weight=40,
        )
    )
    register_search_provider(
        SearchProvider(
            key="occupations",
            label=_("Occupations"),
            permission="occupations.search",
            search=search_occupations,
            weight=60,
        )
    )
