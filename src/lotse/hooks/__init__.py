"""Contribution points: what an app adds to the pages that ``core`` renders.

An app registers, in its ``AppConfig.ready()``,

* **dashboard panels** (``Panel``): a card on the dashboard, with a template, a context
  function taking the actor, and the named permission that decides who sees it;
* **navigation entries** (``NavEntry``): links in the main menu, for staff with a permission or
  for public visitors;
* **search providers** (``SearchProvider``): a part of the staff search box's answer;
* **case links** (``CaseLink``): a page of another app about one case file, shown beside the
  case's own tabs (the page checks the case's permissions itself).

``core`` shows what the actor may see, ordered by ``weight`` (smaller first). Adding an app never
edits ``core``. This package sits just above ``lotse.permissions`` so that every app can
register into it; it imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.functional import Promise

from lotse import permissions
from lotse.permissions import Actor

Text = str | Promise


@dataclass(frozen=True)
class Panel:
    key: str
    title: Text
    template: str
    permission: str
    context: Callable[[Actor], dict[str, Any]]
    weight: int = 100
    # A wide panel takes the dashboard's whole width (tables, charts); others share a row.
    wide: bool = False


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Text
    url_name: str
    # None only for public entries, which visitors who are not logged in see instead.
    permission: str | None = None
    public: bool = False
    weight: int = 100
    # The entry is marked current on every page of this URL namespace, or else of its URL.
    namespace: str = ""


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: Text
    permission: str
    # (actor, query, at most this many) -> results the actor may see
    search: Callable[[Actor, str, int], list[SearchResult]]
    weight: int = 100


@dataclass(frozen=True)
class CaseLink:
    key: str
    label: Text
    url_name: str  # takes the participant's id
    permission: str
    weight: int = 100


C = TypeVar("C", Panel, NavEntry, SearchProvider, CaseLink)

_panels: dict[str, Panel] = {}
_nav_entries: dict[str, NavEntry] = {}
_search_providers: dict[str, SearchProvider] = {}
_case_links: dict[str, CaseLink] = {}


def _add(registry: dict[str, C], contribution: C) -> C:
    if contribution.key in registry:
        raise ValueError(
            f"{type(contribution).__name__} {contribution.key!r} is already registered"
        )
    registry[contribution.key] = contribution
    return contribution


def register_panel(panel: Panel) -> Panel:
    return _add(_panels, panel)


def register_nav_entry(entry: NavEntry) -> NavEntry:
    if (entry.permission is None) != entry.public:
        raise ValueError(f"{entry.key}: staff entries need a permission, public ones have none")
    return _add(_nav_entries, entry)


def register_search_provider(provider: SearchProvider) -> SearchProvider:
    return _add(_search_providers, provider)


def register_case_link(link: CaseLink) -> CaseLink:
    return _add(_case_links, link)


def _allowed(actor: Actor, registry: dict[str, C]) -> list[C]:
    shown = [c for c in registry.values() if permissions.has(actor, c.permission)]  # type: ignore[arg-type]
    return sorted(shown, key=lambda c: (c.weight, c.key))


def panels_for(actor: Actor) -> list[Panel]:
    return _allowed(actor, _panels)


def search_providers_for(actor: Actor) -> list[SearchProvider]:
    return _allowed(actor, _search_providers)


def case_links_for(actor: Actor) -> list[CaseLink]:
    return _allowed(actor, _case_links)


def nav_entries_for(actor: Actor) -> list[NavEntry]:
    if not actor.is_authenticated:
        public = [entry for entry in _nav_entries.values() if entry.public]
        return sorted(public, key=lambda entry: (entry.weight, entry.key))
    staff = {k: e for k, e in _nav_entries.items() if not e.public}
    return _allowed(actor, staff)


SMALL_CELL = 5


def bar_chart(rows: list[tuple[str, int]], *, suppress_below: int = 0) -> list[dict[str, Any]]:
    """Bars scaled to the largest value, for ``lotse/partials/bar_chart.html``. Counts of
    people below ``suppress_below`` are shown as "<n" without a bar, so that a small group
    cannot be singled out."""
    top = max((count for _, count in rows), default=0) or 1
    bars = []
    for label, count in rows:
        hidden = 0 < count < suppress_below
        bars.append(
            {
                "label": label,
                "value": f"<{suppress_below}" if hidden else count,
                "percent": 0 if hidden else round(100 * count / top),
            }
        )
    return bars
