from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import QuerySet

from lotse.occupations.models import Occupation, OccupationLabel
from lotse.permissions import VIEW, Actor, Policy, define, register

M = TypeVar("M", bound=models.Model)


class ReferenceDataPolicy(Policy[M]):
    """Every logged-in user reads the catalogue; platform admins change it (through imports).

    The public site reads it through ``lotse.occupations.selectors``: it holds no personal data.
    """

    def __init__(self, model: type[M]) -> None:
        self.model = model

    def scope(self, actor: Actor, action: str, queryset: QuerySet[M]) -> QuerySet[M]:
        if action == VIEW or actor.is_platform_admin:
            return queryset
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: M) -> bool:
        return actor.is_platform_admin


register(ReferenceDataPolicy(Occupation))
register(ReferenceDataPolicy(OccupationLabel))
define("occupations.search", lambda actor: True)
