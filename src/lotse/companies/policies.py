"""Who sees a company's file.

* The business liaisons and admins of the organisation that looks after a company see and change
  it, with its contacts, history, readiness, obstacles and support.
* The coordinators of that organisation's network see it (they steer the network's outreach).
* Nobody else: not counsellors, researchers, multipliers or platform admins; company users will
  see only their own company through the company portal.

Every part of a company's file follows the company.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from lotse.companies.models import COMPANY_PARTS, Company
from lotse.permissions import ADD, VIEW, Actor, Policy, Role, define, register

LIAISON_ROLES = (Role.BUSINESS_LIAISON, Role.ORGANISATION_ADMIN)


def company_filter(actor: Actor, action: str) -> Q:
    terms = Q(organisation_id__in=sorted(actor.organisations(*LIAISON_ROLES)))
    if action == VIEW:
        terms |= Q(organisation__network_id__in=sorted(actor.networks(Role.NETWORK_COORDINATOR)))
    return terms


class CompanyPolicy(Policy[Company]):
    model = Company

    def scope(self, actor: Actor, action: str, queryset: QuerySet[Company]) -> QuerySet[Company]:
        return queryset.filter(company_filter(actor, action))

    def allows_new(self, actor: Actor, action: str, instance: Company) -> bool:
        return action == ADD and instance.organisation_id in actor.organisations(*LIAISON_ROLES)


class CompanyRecordPolicy(Policy[Model]):
    """A part of a company's file: whoever may change the company may add, change and remove
    its parts; whoever may see it sees them."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model

    def scope(self, actor: Actor, action: str, queryset: QuerySet[Model]) -> QuerySet[Model]:
        companies = Company.objects.filter(company_filter(actor, VIEW if action == VIEW else ADD))
        return queryset.filter(company__in=companies.values("pk"))

    def allows_new(self, actor: Actor, action: str, instance: Model) -> bool:
        company_id = getattr(instance, "company_id", None)
        if action != ADD or company_id is None:
            return False
        return Company.objects.filter(company_filter(actor, ADD), pk=company_id).exists()


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
