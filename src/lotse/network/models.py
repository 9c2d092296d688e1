from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.audit.reach import Reach


class OrganisationKind(models.TextChoices):
    MEMBER_PROJECT = "member_project", _("Member project")
    HOST_ORGANISATION = "host_organisation", _("Host organisation")
    STRATEGIC_PARTNER = "strategic_partner", _("Strategic partner")
    PROFESSIONAL_SUPPORT = "professional_support", _("Professional support")
    CHAMBER = "chamber", _("Chamber")
    EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency / Jobcenter")
    MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
    CULTURAL_ASSOCIATION = "cultural_association", _("Cultural or mosque association")
    SCHOOL = "school", _("School")
    PARENT_INITIATIVE = "parent_initiative", _("Parent initiative")
    UNIVERSITY = "university", _("University or institute")
    MEDIA = "media", _("Media")
    FUNDER = "funder", _("Funder")
    COMPANY = "company", _("Company")


class Network(models.Model):
    slug = models.SlugField(_("short name in addresses"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    region = models.CharField(_("region"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name

    def audit_reach(self) -> Reach:
        return Reach(network_id=self.pk)


class Organisation(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("network")
    )
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    project_name = models.CharField(
        _("project"),
        max_length=120,
        blank=True,
        help_text=_("The project the organisation runs in the network, if any."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    district = models.CharField(_("district"), max_length=120, blank=True)
    state = models.CharField(_("federal state"), max_length=60)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_fictional = models.BooleanField(
        _("fictional example"),
        default=False,
        help_text=_("Demo records that stand for a kind of partner, not a real organisation."),
    )
    counsels_on_recognition = models.BooleanField(
        _("offers recognition counselling"),
        default=False,
        help_text=_("The recognition navigator lists it among the counselling offers nearby."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "slug"], name="organisation_slug_per_network"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_reach(self) -> Reach:
        return Reach(organisation_id=self.pk, network_id=self.network_id)
