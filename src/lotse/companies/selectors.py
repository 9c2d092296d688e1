"""Reads of company files, always through the permission policies; opening a company's file
(it names contact persons) is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lotse import permissions
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.companies.models import (
    STAGE_ORDER,
    Company,
    Opening,
    OpeningKind,
    OpeningStatus,
    Stage,
)
from lotse.companies.policies import LIAISON_ROLES
from lotse.network.models import Organisation
from lotse.permissions import Actor

SOON_DAYS = 7


@dataclass(frozen=True)
class CompanyFilters:
    query: str = ""
    stage: str = ""
    district: str = ""
    migrant_owned: bool | None = None
    trains_today: bool | None = None


def companies(*, actor: Actor, filters: CompanyFilters | None = None) -> QuerySet[Company]:
    filters = filters or CompanyFilters()
    found = permissions.visible(
        actor, permissions.VIEW, Company.objects.select_related("organisation")
    )
    if filters.query.strip():
        words = filters.query.strip()[:200]
        found = found.filter(Q(name__icontains=words) | Q(municipality__icontains=words))
    if filters.stage in STAGE_ORDER:
        found = found.filter(stage=filters.stage)
    if filters.district:
        found = found.filter(district=filters.district)
    if filters.migrant_owned is not None:
        found = found.filter(migrant_owned=filters.migrant_owned)
    if filters.trains_today is not None:
        found = found.filter(trains_today=filters.trains_today)
    return found.order_by("name", "pk")


def districts(*, actor: Actor) -> list[str]:
    visible = permissions.visible(actor, permissions.VIEW, Company.objects.all())
    return sorted(set(visible.exclude(district="").values_list("district", flat=True).order_by()))


BOARD_LIMIT = 50


@dataclass(frozen=True)
class Column:
    stage: str
    label: str
    total: int
    companies: list[Company]


def board(*, actor: Actor, filters: CompanyFilters | None = None) -> list[Column]:
    """The pipeline: one column per stage, the next contact first, at most 50 cards each."""
    found = companies(actor=actor, filters=filters)
    counts = dict(found.order_by().values_list("stage").annotate(n=Count("pk")))
    columns = []
    for stage in Stage:
        cards = list(
            found.filter(stage=stage).order_by("next_contact_on", "name", "pk")[:BOARD_LIMIT]
        )
        columns.append(Column(stage.value, str(stage.label), counts.get(stage.value, 0), cards))
    return columns


def company_for_view(*, actor: Actor, company_id: int) -> Company:
    company = permissions.get_or_404(
        actor, permissions.VIEW, Company.objects.select_related("organisation"), pk=company_id
    )
    audit(actor=actor, action=AuditAction.VIEW, target=company, label=company.reference)
    return company


def company_for_change(*, actor: Actor, company_id: int) -> Company:
    return permissions.get_or_404(
        actor, permissions.CHANGE, Company.objects.select_related("organisation"), pk=company_id
    )


def part_for_change(*, actor: Actor, company: Company, model: type[Any], part_id: int) -> Any:
    return permissions.get_or_404(
        actor, permissions.CHANGE, model._default_manager.filter(company=company), pk=part_id
    )


def next_contacts(*, actor: Actor, today: date | None = None, limit: int = 10) -> list[Company]:
    """Companies the actor changes whose next contact is due within a week or overdue."""
    today = today or timezone.localdate()
    mine = permissions.visible(actor, permissions.CHANGE, Company.objects.all())
    due = mine.filter(next_contact_on__lte=today + timedelta(days=SOON_DAYS))
    return list(due.exclude(stage=Stage.FILLED).order_by("next_contact_on", "name")[:limit])


def organisations_for_new_companies(*, actor: Actor) -> list[Organisation]:
    ids = actor.organisations(*LIAISON_ROLES)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@dataclass(frozen=True)
class PlaceFilters:
    occupation_ids: tuple[int, ...] = ()
    district: str = ""
    starts_from: date | None = None


def public_places(*, filters: PlaceFilters | None = None) -> QuerySet[Opening]:
    """Published, open training places for the public site (no personal data: the company
    published them, the contact is the network's organisation)."""
    filters = filters or PlaceFilters()
    found = (
        Opening.objects.filter(published=True, status=OpeningStatus.OPEN, kind=OpeningKind.TRAINING)
        .select_related("company__organisation", "occupation")
        .prefetch_related("occupation__labels")
    )
    if filters.occupation_ids:
        found = found.filter(occupation_id__in=filters.occupation_ids)
    if filters.district:
        found = found.filter(district=filters.district)
    if filters.starts_from:
        found = found.filter(Q(starts_on__gte=filters.starts_from) | Q(starts_on__isnull=True))
    return found.order_by("starts_on", "pk")


def public_districts() -> list[str]:
    published = Opening.objects.filter(published=True, status=OpeningStatus.OPEN)
    return sorted(set(published.exclude(district="").values_list("district", flat=True).order_by()))
