"""The roles a user can hold in an organisation, and how far each role reaches."""

from __future__ import annotations

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(enum.IntEnum):
    """How far a role reaches; a larger value reaches further."""

    OWN_RECORDS = 0
    ORGANISATION = 1
    NETWORK = 2
    PLATFORM = 3


class Role(models.TextChoices):
    # Declared from the widest to the narrowest: a user's primary role is the first one held.
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation admin")
    COUNSELLOR = "counsellor", _("Counsellor")
    BUSINESS_LIAISON = "business_liaison", _("Business liaison")
    RESEARCHER = "researcher", _("Researcher")
    MULTIPLIER = "multiplier", _("Multiplier")
    COMPANY_USER = "company_user", _("Company user")

    @property
    def scope(self) -> Scope:
        return ROLE_SCOPES[self]

    @property
    def precedence(self) -> int:
        return list(Role).index(self)


ROLE_SCOPES: dict[Role, Scope] = {
    Role.PLATFORM_ADMIN: Scope.PLATFORM,
    Role.NETWORK_COORDINATOR: Scope.NETWORK,
    Role.ORGANISATION_ADMIN: Scope.ORGANISATION,
    Role.COUNSELLOR: Scope.ORGANISATION,
    Role.BUSINESS_LIAISON: Scope.ORGANISATION,
    Role.RESEARCHER: Scope.OWN_RECORDS,
    Role.MULTIPLIER: Scope.OWN_RECORDS,
    Role.COMPANY_USER: Scope.OWN_RECORDS,
}

# Roles an organisation admin may hand out within their own organisation.
ROLES_GRANTABLE_BY_ORGANISATION_ADMIN = frozenset(
    {
        Role.ORGANISATION_ADMIN,
        Role.COUNSELLOR,
        Role.BUSINESS_LIAISON,
        Role.RESEARCHER,
        Role.MULTIPLIER,
        Role.COMPANY_USER,
    }
)
