"""Occupations: ESCO concepts, ISCO-08 groups and the German reference occupations.

Reference data, not personal data: everyone may read it; only platform admins change it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.audit.reach import NO_REACH, Reach

ESCO_ATTRIBUTION = "ESCO classification of the European Commission"


class OccupationKind(models.TextChoices):
    ESCO = "esco", _("ESCO occupation")
    ISCO = "isco", _("ISCO-08 group")
    TRAINING = "training", _("State-recognised training occupation")
    REGULATED = "regulated", _("Regulated profession")
    ACADEMIC = "academic", _("Academic profession")


REFERENCE_KINDS = frozenset(
    {OccupationKind.TRAINING, OccupationKind.REGULATED, OccupationKind.ACADEMIC}
)
# The name forms, pages and the API use for all three reference kinds together.
REFERENCE = "reference"


def kinds_for(kind: str) -> frozenset[str]:
    """The kinds a filter value stands for: ``REFERENCE`` or one ``OccupationKind``."""
    return frozenset(REFERENCE_KINDS) if kind == REFERENCE else frozenset({kind})


def language_fallbacks(language: str) -> tuple[str, ...]:
    """Where to look for a text in ``language``: that language, then German, then English."""
    return (language, "de", "en")


class CompetentBody(models.TextChoices):
    """Who decides on recognition (training occupations: the competent body under BBiG/HwO)."""

    IHK = "ihk", _("Chamber of Industry and Commerce (IHK)")
    HWK = "hwk", _("Chamber of Crafts (HWK)")
    AGRICULTURE = "agriculture", _("Chamber of Agriculture or agricultural authority")
    LIBERAL = "liberal", _("Chamber of the liberal profession")
    PUBLIC = "public", _("Public service")
    HOME_ECONOMICS = "home_economics", _("Competent body for home economics")
    MARITIME = "maritime", _("Vocational training office for seafaring")
    HEALTH_AUTHORITY = "health_authority", _("Health authority of the Land")
    LAND_AUTHORITY = "land_authority", _("Authority of the Land")
    BAR_CHAMBER = "bar_chamber", _("Bar association (Rechtsanwaltskammer)")
    ENGINEERING_CHAMBER = "engineering_chamber", _("Chamber of engineers")
    ARCHITECTS_CHAMBER = "architects_chamber", _("Chamber of architects")
    ZAB = "zab", _("Central Office for Foreign Education (ZAB)")


class Regulation(models.TextChoices):
    APPROBATION = "approbation", _("Licence to practise (Approbation)")
    LICENCE = "licence", _("Permission to use the professional title")
    ADMISSION = "admission", _("Admission by the chamber or authority")
    PROTECTED_TITLE = "protected_title", _("Protected professional title")
    STATE_RECOGNITION = "state_recognition", _("State recognition")
    MASTER_CRAFT = "master_craft", _("Master craftsperson to run a business (HwO Annex A)")
    NONE = "none", _("Not regulated")


class RegulationLevel(models.TextChoices):
    FEDERAL = "federal", _("federal law")
    LAND = "land", _("law of the Länder")


class LabelKind(models.TextChoices):
    PREFERRED = "preferred", _("preferred")
    ALTERNATIVE = "alternative", _("alternative")
    HIDDEN = "hidden", _("hidden")


class Occupation(models.Model):
    key = models.CharField(
        _("identifier"),
        max_length=200,
        unique=True,
        help_text=_("The ESCO URI, or our own identifier for a German reference occupation."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OccupationKind.choices)
    code = models.CharField(_("code"), max_length=40, blank=True)
    isco_code = models.CharField(_("ISCO-08 group"), max_length=4, blank=True, db_index=True)
    kldb_code = models.CharField(_("KldB 2010"), max_length=5, blank=True)
    regulated = models.BooleanField(_("regulated"), null=True)
    broader = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader concept"),
    )
    reference = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="esco_concepts",
        verbose_name=_("German reference occupation"),
    )
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    # The German reference occupations only (see reference_files.py):
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    competent_body = models.CharField(_("competent body"), max_length=60, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("training duration (months)"), null=True)
    regulation = models.CharField(
        _("regulation"), max_length=20, choices=Regulation.choices, blank=True
    )
    regulation_level = models.CharField(
        _("regulated by"), max_length=10, choices=RegulationLevel.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    recorded = models.DateField(_("recorded on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return self.key

    def audit_reach(self) -> Reach:
        return NO_REACH  # reference data: it belongs to no organisation

    @property
    def competent_body_codes(self) -> list[str]:
        """``competent_body`` holds one code or several joined by "+" (shared competence)."""
        return [body for body in self.competent_body.split("+") if body]

    @property
    def competent_bodies(self) -> list[str]:
        names = dict(CompetentBody.choices)
        return [str(names.get(body, body)) for body in self.competent_body_codes]

    def title(self, language: str) -> str:
        """The preferred label in ``language``, falling back to German, then English."""
        preferred = {
            label.language: label.text
            for label in self.labels.all()
            if label.kind == LabelKind.PREFERRED
        }
        for candidate in language_fallbacks(language):
            if candidate in preferred:
                return preferred[candidate]
        return next(iter(preferred.values()), self.key)


class OccupationLabel(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(_("language"), max_length=8)
    text = models.CharField(_("label"), max_length=400)
    kind = models.CharField(_("kind"), max_length=12, choices=LabelKind.choices)

    class Meta:
        verbose_name = _("occupation label")
        verbose_name_plural = _("occupation labels")
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "language", "kind", "text"], name="one_label_per_kind"
            )
        ]
        indexes = [models.Index(fields=["occupation", "language"])]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"

    def audit_reach(self) -> Reach:
        return NO_REACH
