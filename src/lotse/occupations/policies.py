from __future__ import annotations

from django.db.models import QuerySet

from lotse.occupations.models import Occupation, OccupationLabel
from lotse.permissions import VIEW, Actor, Policy, register


class ReferenceDataPolicy(Policy[Occupation]):
    """Every logged-in user reads the catalogue; platform admins change it (through imports).

    The public site reads it through ``lotse.occupations.selectors``: it holds no personal data.
    """

    model = Occupation

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[Occupation]
    ) -> QuerySet[Occupation]:
        if action == VIEW or actor.is_platform_admin:
            return queryset
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: Occupation) -> bool:
        return actor.is_platform_admin


class LabelPolicy(Policy[OccupationLabel]):
    model = OccupationLabel

    def scope(
        self, actor: Actor, action: str, queryset: QuerySet[OccupationLabel]
    ) -> QuerySet[OccupationLabel]:
        if action == VIEW or actor.is_platform_admin:
            return queryset
        return queryset.none()

    def allows_new(self, actor: Actor, action: str, instance: OccupationLabel) -> bool:
        return actor.is_platform_admin


register(ReferenceDataPolicy())
register(LabelPolicy())
