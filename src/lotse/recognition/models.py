"""A recognition procedure of a person's qualification: part of the case file.

The deadlines are not stored: ``engine.deadlines`` computes them from the dates entered, so a
corrected date moves them at once. Only one open procedure per qualification is possible (the
law allows one in Germany at a time); the database holds that with a partial unique index.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotse.audit.reach import Reach
from lotse.occupations.models import Occupation
from lotse.participants.models import CaseRecord, PathwayStep, Qualification

MAX_EUROS = 100_000


class Outcome(models.TextChoices):
    FULL = "full", _("full equivalence")
    PARTIAL = "partial", _("partial equivalence")
    NONE = "none", _("no equivalence")


class Compensation(models.TextChoices):
    ADAPTATION_COURSE = "adaptation_course", _("adaptation course")
    KNOWLEDGE_EXAM = "knowledge_exam", _("knowledge exam")
    APTITUDE_TEST = "aptitude_test", _("aptitude test")


class Funding(models.TextChoices):
    GRANT = "grant", _("Recognition grant (Anerkennungszuschuss)")
    JOBCENTER = "jobcenter", _("Jobcenter or employment agency")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other funding")
    SELF = "self", _("Paid by the person")


class RecognitionCase(CaseRecord):
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.RESTRICT,  # goes only with the whole case (erasure, merging)
        related_name="+",
        verbose_name=_("qualification"),
    )
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reference occupation"),
    )
    authority_key = models.CharField(_("competent authority"), max_length=60)
    authority_name = models.CharField(max_length=300, editable=False)
    state_code = models.CharField(_("federal state of the work"), max_length=6)
    eu_qualification = models.BooleanField(editable=False, default=False)
    accelerated = models.BooleanField(
        _("accelerated procedure for skilled workers (§ 81a AufenthG)"), default=False
    )
    submitted_on = models.DateField(_("application submitted on"), null=True, blank=True)
    receipt_confirmed_on = models.DateField(_("receipt confirmed on"), null=True, blank=True)
    missing_documents = models.TextField(_("documents the authority asked for"), blank=True)
    file_complete_on = models.DateField(_("file complete on"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(
        _("extension of the deadline (months)"), default=0, validators=[MaxValueValidator(6)]
    )
    extension_reason = models.CharField(
        _("reason given for the extension"), max_length=300, blank=True
    )
    decided_on = models.DateField(_("notice dated"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, blank=True)
    compensation = models.CharField(
        _("compensation measure chosen"), max_length=20, choices=Compensation.choices, blank=True
    )
    adaptation_step = models.ForeignKey(
        PathwayStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adaptation qualification in the pathway"),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    fee_eur = models.PositiveIntegerField(
        _("fee (€)"), null=True, blank=True, validators=[MaxValueValidator(MAX_EUROS)]
    )
    other_costs_eur = models.PositiveIntegerField(
        _("translations and other costs (€)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_EUROS)],
    )
    first_cost_on = models.DateField(_("first costs arose on"), null=True, blank=True)
    funding = models.CharField(_("funding"), max_length=12, choices=Funding.choices, blank=True)
    funding_applied_on = models.DateField(_("funding applied for on"), null=True, blank=True)
    funding_granted_eur = models.PositiveIntegerField(
        _("funding granted (€)"), null=True, blank=True, validators=[MaxValueValidator(MAX_EUROS)]
    )
    # The deadlines already reminded: one e-mail per deadline and due date.
    reminded = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("recognition procedure")
        verbose_name_plural = _("recognition procedures")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["qualification"],
                condition=Q(decided_on__isnull=True, withdrawn_on__isnull=True),
                name="one_open_recognition_per_qualification",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.decided_on is None and self.withdrawn_on is None


class PauseKind(models.TextChoices):
    SKILLS_ANALYSIS = "skills_analysis", _("skills analysis")
    MISSING_DOCUMENTS = "missing_documents", _("deadline for missing documents")


class RecognitionPause(models.Model):
    """A time in which the decision deadline stands still."""

    recognition = models.ForeignKey(
        RecognitionCase, on_delete=models.CASCADE, related_name="pauses"
    )
    kind = models.CharField(_("why the clock stops"), max_length=20, choices=PauseKind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty: still running.")
    )

    class Meta:
        verbose_name = _("pause of the deadline")
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_on}"

    def audit_reach(self) -> Reach:
        return self.recognition.audit_reach()


class Difference(models.Model):
    """A substantial difference the notice names (for partial or no equivalence)."""

    recognition = models.ForeignKey(
        RecognitionCase, on_delete=models.CASCADE, related_name="differences"
    )
    area = models.CharField(_("area or subject"), max_length=200)
    description = models.CharField(_("what is missing"), max_length=500, blank=True)
    closed = models.BooleanField(_("closed by a measure"), default=False)

    class Meta:
        verbose_name = _("substantial difference")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.area

    def audit_reach(self) -> Reach:
        return self.recognition.audit_reach()
