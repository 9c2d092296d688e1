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
    PROPOSAL_ENDS,
    STAGE_ORDER,
    Company,
    Opening,
    OpeningKind,
    OpeningStatus,
    Proposal,
    ProposalFeedback,
    Stage,
    SupportRequest,
)
from lotse.companies.policies import LIAISON_ROLES
from lotse.network.models import Organisation
from lotse.occupations.selectors import preferred_titles
from lotse.participants import selectors as participants
from lotse.participants.selectors import MatchingProfile
from lotse.permissions import Actor, Role

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
    found = visible.exclude(district="").values_list("district", flat=True)
    return list(found.distinct().order_by("district"))


BOARD_LIMIT = 50
CARD_FIELDS = ("pk", "name", "municipality", "next_contact_on", "stage")


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
        in_column = found.filter(stage=stage).select_related(None).only(*CARD_FIELDS)
        cards = list(in_column.order_by("next_contact_on", "name", "pk")[:BOARD_LIMIT])
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


def organisations_looking_after_companies() -> list[Organisation]:
    """For the command line, which acts as the system: the organisations with companies."""
    ids = Company.objects.values("organisation_id").distinct()
    return list(Organisation.objects.filter(pk__in=ids).order_by("pk"))


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
        .prefetch_related(preferred_titles("occupation__labels"))
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
    found = published.exclude(district="").values_list("district", flat=True)
    return list(found.distinct().order_by("district"))


# Openings, proposals and the company portal


def opening_for_view(*, actor: Actor, opening_id: int) -> Opening:
    return permissions.get_or_404(
        actor,
        permissions.VIEW,
        Opening.objects.select_related("company__organisation", "occupation", "won_by"),
        pk=opening_id,
    )


def opening_for_change(*, actor: Actor, opening_id: int) -> Opening:
    return permissions.get_or_404(
        actor,
        permissions.CHANGE,
        Opening.objects.select_related("company__organisation", "occupation"),
        pk=opening_id,
    )


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    profile: MatchingProfile | None  # None: not shown to this reader, or consent withdrawn
    feedback: list[ProposalFeedback]


def may_give_feedback(*, actor: Actor, opening: Opening) -> bool:
    return permissions.can(
        actor, permissions.ADD, ProposalFeedback(company=opening.company, proposal=Proposal())
    )


def proposals_of(*, actor: Actor, opening: Opening, language: str) -> list[ProposalView]:
    """The opening's proposals; the matching profiles only for those who work with them (the
    liaisons and the company's own users, audited), never for readers of aggregates."""
    shows_profiles = may_give_feedback(actor=actor, opening=opening)
    found = list(
        permissions.visible(
            actor, permissions.VIEW, Proposal.objects.filter(opening=opening)
        ).prefetch_related("feedback")
    )
    profiles = (
        participants.matching_profiles(
            actor=actor, participant_ids=[p.participant_id for p in found], language=language
        )
        if shows_profiles
        else {}
    )
    return [
        ProposalView(
            proposal=proposal,
            profile=profiles.get(proposal.participant_id),
            feedback=list(proposal.feedback.all()),
        )
        for proposal in found
    ]


def proposal_for_feedback(*, actor: Actor, proposal_id: int) -> Proposal:
    return permissions.get_or_404(
        actor,
        permissions.VIEW,
        Proposal.objects.select_related("company", "opening"),
        pk=proposal_id,
    )


def candidates_for(*, actor: Actor, opening: Opening, language: str) -> list[MatchingProfile]:
    """People who may be proposed for the place, for the liaisons: not those proposed already."""
    if not permissions.can(actor, permissions.CHANGE, opening.company):
        return []
    proposed = set(
        Proposal.objects.filter(opening=opening).values_list("participant_id", flat=True)
    )
    found = participants.matching_candidates(
        actor=actor,
        network_id=opening.company.organisation.network_id,
        occupation_id=opening.occupation_id,
        district=opening.district,
        language=language,
        limit=30 + len(proposed),
    )
    return [profile for profile in found if profile.participant_id not in proposed][:30]


def portal_companies(*, actor: Actor) -> list[Company]:
    """The companies whose portal the actor uses (one, as a rule)."""
    return list(
        Company.objects.filter(portal_id__in=sorted(actor.organisations(Role.COMPANY_USER)))
        .select_related("organisation")
        .order_by("name")
    )


def portal_overview(*, company: Company) -> dict[str, Any]:
    openings = (
        company.opening_records.select_related("occupation")
        .prefetch_related("occupation__labels")
        .annotate(running=Count("proposals", filter=~Q(proposals__status__in=PROPOSAL_ENDS)))
    )
    return {
        "openings": list(openings),
        "requests": list(company.supportrequest_records.all()[:20]),
    }


def open_requests(*, actor: Actor, limit: int = 10) -> list[SupportRequest]:
    """Requests from company portals the actor's liaison team has not answered yet."""
    mine = permissions.visible(actor, permissions.CHANGE, SupportRequest.objects.all())
    return list(
        mine.filter(done_on__isnull=True).select_related("company").order_by("created_at")[:limit]
    )
