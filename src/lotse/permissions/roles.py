"""The roles a user can hold in an organisation: the vocabulary every policy speaks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    def precedence(self) -> int:
        return list(Role).index(self)


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
