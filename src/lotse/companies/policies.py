"""Who sees a company's file.

* The business liaisons and admins of the organisation that looks after a company see and change
  it, with its contacts, history, readiness, obstacles, support, openings and proposals.
* The coordinators of that organisation's network see it (they steer the network's outreach).
* The company's own users (role company user in the company's portal organisation) see the
  company and, of its file, only the portal parts: they add and change openings, see the
  proposals made to them, give feedback on them and ask for support. The liaisons' notes
  (contacts, history, obstacles, support given) stay hidden from them, and what they see of a
  proposed person is the matching profile alone (``participants.selectors.matching_profile``).
* Nobody else: not counsellors, researchers, multipliers or platform admins.

Every part of a company's file follows the company.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from lotse.companies.models import (
    COMPANY_PARTS,
    PORTAL_PARTS,
    Company,
    Opening,
    ProposalFeedback,
    SupportRequest,
)
from lotse.permissions import ADD, CHANGE, VIEW, Actor, Policy, Role, define, register

LIAISON_ROLES = (Role.BUSINESS_LIAISON, Role.ORGANISATION_ADMIN)
# What company users may do to each portal part besides seeing it.
PORTAL_WRITES: dict[type[Model], frozenset[str]] = {
    Opening: frozenset({ADD, CHANGE}),
    ProposalFeedback: frozenset({ADD}),
    SupportRequest: frozenset({ADD}),
}


def company_filter(actor: Actor, action: str) -> Q:
    terms = Q(organisation_id__in=sorted(actor.organisations(*LIAISON_ROLES)))
    if action == VIEW:
        terms |= Q(organisation__network_id__in=sorted(actor.networks(Role.NETWORK_COORDINATOR)))
    return terms


def portal_filter(actor: Actor) -> Q:
    return Q(portal_id__in=sorted(actor.organisations(Role.COMPANY_USER)))


class CompanyPolicy(Policy[Company]):
    model = Company

    def scope(self, actor: Actor, action: str, queryset: QuerySet[Company]) -> QuerySet[Company]:
        terms = company_filter(actor, action)
        if action == VIEW:
            terms |= portal_filter(actor)
        return queryset.filter(terms)

    def allows_new(self, actor: Actor, action: str, instance: Company) -> bool:
        return action == ADD and instance.organisation_id in actor.organisations(*LIAISON_ROLES)


class CompanyRecordPolicy(Policy[Model]):
    """A part of a company's file: whoever may change the company may add, change and remove
    its parts; whoever may see it sees them; company users see and write the portal parts."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.in_portal = model in PORTAL_PARTS
        self.portal_writes = PORTAL_WRITES.get(model, frozenset())

    def _companies(self, actor: Actor, action: str) -> QuerySet[Company]:
        terms = company_filter(actor, VIEW if action == VIEW else ADD)
        if self.in_portal and (action == VIEW or action in self.portal_writes):
            terms |= portal_filter(actor)
        return Company.objects.filter(terms)

    def scope(self, actor: Actor, action: str, queryset: QuerySet[Model]) -> QuerySet[Model]:
        return queryset.filter(company__in=self._companies(actor, action).values("pk"))

    def allows_new(self, actor: Actor, action: str, instance: Model) -> bool:
        company_id = getattr(instance, "company_id", None)
        if action != ADD or company_id is None:
            return False
        return self._companies(actor, ADD).filter(pk=company_id).exists()


register(CompanyPolicy())
for part in COMPANY_PARTS:
    register(CompanyRecordPolicy(part))

define("companies.work_with_companies", lambda actor: bool(actor.organisations(*LIAISON_ROLES)))
define(
    "companies.view_companies",
    lambda actor: bool(
        actor.organisations(*LIAISON_ROLES) or actor.networks(Role.NETWORK_COORDINATOR)
    ),
)
define("companies.use_portal", lambda actor: bool(actor.organisations(Role.COMPANY_USER)))
