"""The case file: a person counselled by an organisation, what they can do, what was done.

Every record below the participant reaches the audit log through its participant, so the
organisation answering for the case sees every entry about it. Names are never written to the
audit log: records are named by their number ("case 42").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit.reach import Reach
from lotse.crypto import EncryptedTextField
from lotse.network.models import Organisation
from lotse.occupations.models import Occupation
from lotse.participants.files import SUFFIXES

FIRST_YEAR = 1900


def this_year() -> int:
    return timezone.localdate().year


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse / non-binary")
    NOT_STATED = "not_stated", _("not stated")


class ResidenceStatus(models.TextChoices):
    """Categories, not the exact title: enough to plan, little to expose."""

    GERMAN = "german", _("German citizen")
    EU = "eu", _("EU/EEA/Swiss citizen (free movement)")
    PERMANENT = "permanent", _("Settlement or permanent residence permit")
    WORK = "work", _("Residence permit for work or training")
    FAMILY = "family", _("Residence permit for family reasons")
    PROTECTION = "protection", _("Protection status (asylum, refugee, subsidiary)")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection (§ 24 AufenthG)")
    ASYLUM_PENDING = "asylum_pending", _("Asylum procedure pending (Aufenthaltsgestattung)")
    TOLERATED = "tolerated", _("Toleration (Duldung)")
    OTHER = "other", _("Other")


class WorkingTime(models.TextChoices):
    FULL = "full", _("full time")
    PART = "part", _("part time")
    EITHER = "either", _("full or part time")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class CaseOutcome(models.TextChoices):
    """Where the person went: set when a company's contract is recorded."""

    TRAINING = "training", _("training place")
    ENTRY_QUALIFICATION = "eq", _("entry qualification (EQ)")
    JOB = "job", _("job")
    INTERNSHIP = "internship", _("internship")
    PARTIAL = "partial", _("placement for a partial qualification")


# What a person tells about themselves: the fields of the details form and the API.
PERSON_DETAILS = (
    "given_names",
    "family_names",
    "given_names_latin",
    "family_names_latin",
    "date_of_birth",
    "birth_year",
    "gender",
    "email",
    "phone",
    "preferred_language",
    "interpreter_needed",
    "country_of_birth",
    "nationalities",
    "arrival_year",
    "residence_status",
    "postcode",
    "municipality",
)
NAME_PARTS = PERSON_DETAILS[:4]


class Participant(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    counsellors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("counsellors")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("case opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("case closed on"), null=True, blank=True)

    given_names = models.CharField(_("given names (as written)"), max_length=200)
    family_names = models.CharField(_("family names (as written)"), max_length=200)
    given_names_latin = models.CharField(
        _("given names in Latin letters"), max_length=200, blank=True
    )
    family_names_latin = models.CharField(
        _("family names in Latin letters"), max_length=200, blank=True
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR)],
        help_text=_("When only the year is known."),
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.NOT_STATED
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    country_of_birth = models.CharField(_("country of birth"), max_length=2, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    arrival_year = models.PositiveSmallIntegerField(
        _("year of arrival in Germany"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR)],
    )
    residence_status = EncryptedTextField(
        _("residence status"), choices=ResidenceStatus.choices, blank=True
    )
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    district = models.CharField(_("district"), max_length=120, blank=True)
    district_code = models.CharField(_("district code"), max_length=8, blank=True)
    state_code = models.CharField(_("federal state"), max_length=6, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    strengths_note = models.TextField(_("skills and strengths"), blank=True)
    # Wishes; the occupations wished for are WishedOccupation records.
    wished_area = models.CharField(_("where"), max_length=200, blank=True)
    max_commute_km = models.PositiveSmallIntegerField(
        _("longest commute (km)"), null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    working_time = models.CharField(
        _("working time"), max_length=8, choices=WorkingTime.choices, default=WorkingTime.EITHER
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=CaseOutcome.choices, blank=True, editable=False
    )
    outcome_on = models.DateField(_("outcome from"), null=True, blank=True, editable=False)

    # Kept up to date by the services, so the caseload sorts by them without a subquery a row.
    last_session_on = models.DateField(_("latest session"), null=True, blank=True, editable=False)
    next_step_due_on = models.DateField(_("next step due"), null=True, blank=True, editable=False)
    # Other spellings kept when a duplicate case was merged into this one; searched like names.
    other_names = models.TextField(_("other spellings of the name"), blank=True)
    # Where a case came from outside (an import, the demo generator): "demo-2026-17".
    external_reference = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    # Derived from the names (engine.names.search_keys): what the caseload search looks in.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["family_names", "given_names", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "family_names", "given_names", "id"]),
            models.Index(fields=["organisation", "status", "next_step_due_on"]),
            models.Index(fields=["organisation", "status", "last_session_on"]),
            models.Index(fields=["organisation", "district"]),
            models.Index(fields=["organisation", "birth_year"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """How the case is named where no personal value may appear (audit, logs)."""
        return f"case {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_names}".strip()

    @property
    def latin_name(self) -> str:
        """The name in Latin letters ('' when it is written in them already)."""
        if not (self.given_names_latin or self.family_names_latin):
            return ""
        given = self.given_names_latin or self.given_names
        return f"{given} {self.family_names_latin or self.family_names}".strip()

    def audit_reach(self) -> Reach:
        return Reach(organisation_id=self.organisation_id, network_id=self.organisation.network_id)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = _("The date of birth cannot be in the future.")
            elif self.date_of_birth.year < FIRST_YEAR:
                errors["date_of_birth"] = _("The date of birth is too far in the past.")
            elif self.birth_year and self.birth_year != self.date_of_birth.year:
                errors["birth_year"] = _("The year of birth differs from the date of birth.")
            else:
                self.birth_year = self.date_of_birth.year
        if self.birth_year and self.birth_year > today.year:
            errors["birth_year"] = _("The year of birth cannot be in the future.")
        if self.arrival_year:
            if self.arrival_year > today.year:
                errors["arrival_year"] = _("The year of arrival cannot be in the future.")
            elif self.birth_year and self.arrival_year < self.birth_year:
                errors["arrival_year"] = _("The year of arrival is before the year of birth.")
        if self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot be closed before it was opened.")
        if errors:
            raise ValidationError(errors)


class CaseRecord(models.Model):
    """A part of a case file: it belongs to the participant's organisation."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="%(class)s_records",
        related_query_name="%(class)s",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"

    def audit_reach(self) -> Reach:
        return self.participant.audit_reach()


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


CEFR_ORDER = {level: rank for rank, level in enumerate(CefrLevel.values)}


class LanguageSkill(CaseRecord):
    language = models.CharField(_("language"), max_length=8)
    is_native = models.BooleanField(_("first language"), default=False)
    level = models.CharField(_("level (CEFR)"), max_length=2, choices=CefrLevel.choices, blank=True)
    listening = models.CharField(
        _("listening"), max_length=2, choices=CefrLevel.choices, blank=True
    )
    reading = models.CharField(_("reading"), max_length=2, choices=CefrLevel.choices, blank=True)
    speaking = models.CharField(_("speaking"), max_length=2, choices=CefrLevel.choices, blank=True)
    writing = models.CharField(_("writing"), max_length=2, choices=CefrLevel.choices, blank=True)
    certificate = models.CharField(_("certificate"), max_length=200, blank=True)
    certificate_year = models.PositiveSmallIntegerField(
        _("year of the certificate"), null=True, blank=True, validators=[MinValueValidator(1950)]
    )

    class Meta:
        verbose_name = _("language")
        ordering = ["-is_native", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "language"], name="one_skill_per_language"
            )
        ]


class IscedLevel(models.IntegerChoices):
    EARLY = 0, _("ISCED 0 – early childhood education")
    PRIMARY = 1, _("ISCED 1 – primary education")
    LOWER_SECONDARY = 2, _("ISCED 2 – lower secondary")
    UPPER_SECONDARY = 3, _("ISCED 3 – upper secondary")
    POST_SECONDARY = 4, _("ISCED 4 – post-secondary non-tertiary")
    SHORT_TERTIARY = 5, _("ISCED 5 – short-cycle tertiary")
    BACHELOR = 6, _("ISCED 6 – bachelor or equivalent")
    MASTER = 7, _("ISCED 7 – master or equivalent")
    DOCTORATE = 8, _("ISCED 8 – doctorate")


class GermanSchoolEquivalent(models.TextChoices):
    UNKNOWN = "", _("not assessed")
    NONE = "none", _("no German equivalent")
    FIRST = "esa", _("Erster Schulabschluss (Hauptschulabschluss)")
    INTERMEDIATE = "msa", _("Mittlerer Schulabschluss")
    UNIVERSITY_OF_APPLIED_SCIENCES = "fhr", _("Fachhochschulreife")
    UNIVERSITY = "ahr", _("Allgemeine Hochschulreife (Abitur)")


class SchoolCertificate(CaseRecord):
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("certificate as named"), max_length=200)
    isced_level = models.PositiveSmallIntegerField(
        _("ISCED level"), choices=IscedLevel.choices, null=True, blank=True
    )
    german_equivalent = models.CharField(
        _("German equivalent"), max_length=4, choices=GermanSchoolEquivalent.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(FIRST_YEAR)]
    )

    class Meta:
        verbose_name = _("school certificate")
        ordering = ["-year", "pk"]


class QualificationKind(models.TextChoices):
    VOCATIONAL = "vocational", _("vocational")
    ACADEMIC = "academic", _("academic")


class Qualification(CaseRecord):
    kind = models.CharField(_("kind"), max_length=12, choices=QualificationKind.choices)
    title_as_written = models.CharField(_("title as written"), max_length=300)
    country = models.CharField(_("country"), max_length=2)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(FIRST_YEAR)]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MaxValueValidator(240)]
    )
    occupations = models.ManyToManyField(
        Occupation, related_name="+", blank=True, verbose_name=_("reference occupations")
    )

    class Meta:
        verbose_name = _("qualification")
        ordering = ["-year", "pk"]


class WorkExperience(CaseRecord):
    title = models.CharField(_("job as described"), max_length=300)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reference occupation"),
    )
    country = models.CharField(_("country"), max_length=2)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: ongoing."))
    share_of_full_time = models.PositiveSmallIntegerField(
        _("share of full time (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("work experience")
        ordering = ["-started_on", "pk"]

    def clean(self) -> None:
        if self.started_on and self.started_on > timezone.localdate():
            raise ValidationError({"started_on": _("Work experience cannot start in the future.")})
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end lies before the start.")})


class StrengthKind(models.TextChoices):
    MULTILINGUALISM = "multilingualism", _("Multilingualism")
    INTERCULTURAL = "intercultural", _("Intercultural competence")
    SKILL = "skill", _("Skill")
    OTHER = "other", _("Other strength")


class Strength(CaseRecord):
    kind = models.CharField(_("kind"), max_length=20, choices=StrengthKind.choices)
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        verbose_name = _("strength")
        ordering = ["kind", "pk"]


class WishedOccupation(CaseRecord):
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="+", verbose_name=_("occupation")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("wished occupation")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "occupation"], name="one_wish_each")
        ]


class SessionForm(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    VIDEO = "video", _("video")
    OUTREACH = "outreach", _("outreach")


class Topic(models.TextChoices):
    RECOGNITION = "recognition", _("recognition")
    LANGUAGE = "language", _("language")
    QUALIFICATION = "qualification", _("qualification")
    TRAINING = "training", _("training place")
    JOB = "job", _("job search")
    APPLICATION = "application", _("application documents")
    FUNDING = "funding", _("funding")
    RESIDENCE = "residence", _("residence law")
    FAMILY = "family", _("family and childcare")
    OTHER = "other", _("other")


class CounsellingSession(CaseRecord):
    held_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=45,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    form = models.CharField(
        _("form"), max_length=10, choices=SessionForm.choices, default=SessionForm.IN_PERSON
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    interpreter_present = models.BooleanField(_("with an interpreter"), default=False)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    confidential_notes = EncryptedTextField(
        _("confidential notes"),
        blank=True,
        help_text=_("Only you and the colleagues your organisation names can read these."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("counselling session")
        ordering = ["-held_on", "-pk"]

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics or []]

    def clean(self) -> None:
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("A session cannot be recorded for a future date.")})
        unknown = set(self.topics or []) - set(Topic.values)
        if unknown:
            raise ValidationError({"topics": _("Unknown topic.")})


class NextStep(CaseRecord):
    session = models.ForeignKey(
        CounsellingSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("next step"), max_length=300)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("next step")
        ordering = ["done_on", "due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"])]


class StepKind(models.TextChoices):
    LANGUAGE_COURSE = "language_course", _("Language course")
    RECOGNITION = "recognition", _("Recognition procedure")
    ADAPTATION = "adaptation", _("Adaptation qualification")
    PARTIAL_QUALIFICATION = "partial_qualification", _("Partial qualification")
    EXTERNAL_EXAM = "external_exam", _("External exam")
    ENTRY_QUALIFICATION = "entry_qualification", _("Entry qualification (EQ)")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    JOB = "job", _("Job")
    OTHER = "other", _("Other step")


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class PathwayStep(CaseRecord):
    kind = models.CharField(_("step"), max_length=24, choices=StepKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("pathway step")
        ordering = ["starts_on", "pk"]

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end lies before the start.")})


class ConsentPurpose(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling and case management")
    SHARING = "sharing", _("Sharing with a named organisation")
    MATCHING = "matching", _("Visible to companies in matching")
    EVENTS = "events", _("Contact about events")
    STORY = "story", _("Publication of a story with photo")
    RESEARCH = "research", _("Research extract")


class ConsentMethod(models.TextChoices):
    SIGNATURE = "signature", _("in person, with signature")
    ONLINE = "online", _("online")
    ORAL = "oral", _("orally, witnessed by the counsellor")


class Consent(CaseRecord):
    """One entry of the consent ledger. Entries are never edited: a withdrawal is recorded on the
    entry it ends, and a renewed consent is a new entry."""

    purpose = models.CharField(_("purpose"), max_length=12, choices=ConsentPurpose.choices)
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving organisation"),
    )
    text_version = models.CharField(_("text version"), max_length=20)
    text_language = models.CharField(_("language of the text shown"), max_length=8)
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["participant", "purpose", "withdrawn_at"])]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("certificate or diploma")
    TRANSCRIPT = "transcript", _("transcript of records")
    EMPLOYMENT = "employment", _("proof of employment")
    LANGUAGE = "language", _("language certificate")
    TRANSLATION = "translation", _("translation")
    CV = "cv", _("CV")
    OTHER = "other", _("other document")


def document_path(document: Document, filename: str) -> str:
    """A random name in the case's folder: the original name may itself be personal."""
    suffix = SUFFIXES.get(document.content_type, "")
    return f"cases/{document.participant_id}/{uuid.uuid4().hex}{suffix}"


class Document(CaseRecord):
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("document")
        ordering = ["-created_at", "-pk"]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")


class SharedPart(models.TextChoices):
    """What a referral may show the receiving organisation, each only with consent."""

    CONTACT = "contact", _("contact details")
    LANGUAGES = "languages", _("languages")
    SCHOOL = "school", _("school certificates")
    QUALIFICATIONS = "qualifications", _("qualifications")
    WORK = "work", _("work experience")
    PATHWAY = "pathway", _("pathway")


class Referral(CaseRecord):
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    offer = models.CharField(_("offer or service"), max_length=200)
    message = models.TextField(_("message to the partner"), blank=True)
    shared_parts = models.JSONField(_("shared with the partner"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response_note = models.CharField(_("answer"), max_length=300, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "status"])]

    def clean(self) -> None:
        unknown = set(self.shared_parts or []) - set(SharedPart.values)
        if unknown:
            raise ValidationError({"shared_parts": _("Unknown part of the case.")})


class EmploymentStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("unemployed (less than 12 months)")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed (12 months or more)")
    INACTIVE = "inactive", _("inactive (not in employment, not seeking)")
    EMPLOYED = "employed", _("employed, including self-employed")
    IN_EDUCATION = "in_education", _("in education or training")


class Answer(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    REFUSED = "refused", _("refused to answer")


class ImmediateResult(models.TextChoices):
    JOB_SEARCHING = "job_searching", _("engaged in job searching")
    EDUCATION = "education", _("in education or training")
    QUALIFICATION = "qualification", _("gained a qualification")
    EMPLOYED = "employed", _("in employment, including self-employment")
    NONE = "none", _("none of these")


class LongerTermResult(models.TextChoices):
    EMPLOYED = "employed", _("in employment, including self-employment")
    IMPROVED = "improved", _("improved labour-market situation")
    NONE = "none", _("none of these")
    NOT_REACHED = "not_reached", _("could not be reached")


class EsfRecord(CaseRecord):
    """ESF+ monitoring (Annex I of Regulation (EU) 2021/1057). Rests on a legal obligation, not
    on consent. The entry data are frozen once recorded; exit and results are added later."""

    entered_on = models.DateField(_("entry date"))
    employment_status = models.CharField(
        _("employment status at entry"), max_length=24, choices=EmploymentStatus.choices
    )
    age_at_entry = models.PositiveSmallIntegerField(_("age at entry"), null=True, blank=True)
    isced_level = models.PositiveSmallIntegerField(
        _("highest education (ISCED)"), choices=IscedLevel.choices, null=True, blank=True
    )
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    third_country_national = models.BooleanField(_("third-country national"))
    foreign_background = models.CharField(
        _("foreign background"), max_length=8, choices=Answer.choices, blank=True
    )
    # Special category (Art. 9 GDPR): optional, "refused" allowed, encrypted at rest.
    disability = EncryptedTextField(_("disability"), choices=Answer.choices, blank=True)
    homeless = models.CharField(
        _("homeless or affected by housing exclusion"),
        max_length=8,
        choices=Answer.choices,
        blank=True,
    )
    sensitive_questions_asked_on = models.DateField(
        _("sensitive questions asked on"),
        null=True,
        blank=True,
        help_text=_("The attempt to collect is recorded even when the person refused."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    exited_on = models.DateField(_("exit date"), null=True, blank=True)
    immediate_result = models.CharField(
        _("result within 4 weeks of exit"),
        max_length=16,
        choices=ImmediateResult.choices,
        blank=True,
    )
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    longer_term_result = models.CharField(
        _("result 6 months after exit"),
        max_length=16,
        choices=LongerTermResult.choices,
        blank=True,
    )

    ENTRY_FIELDS = (
        "entered_on",
        "employment_status",
        "age_at_entry",
        "isced_level",
        "gender",
        "third_country_national",
        "foreign_background",
        "disability",
        "homeless",
        "sensitive_questions_asked_on",
    )

    class Meta:
        verbose_name = _("ESF+ monitoring")
        constraints = [models.UniqueConstraint(fields=["participant"], name="one_esf_record")]

    def clean(self) -> None:
        if self.exited_on and self.entered_on and self.exited_on < self.entered_on:
            raise ValidationError({"exited_on": _("The exit lies before the entry.")})
        if self.immediate_result and not self.exited_on:
            raise ValidationError({"immediate_result": _("Record the exit date first.")})
        if self.longer_term_result and not self.exited_on:
            raise ValidationError({"longer_term_result": _("Record the exit date first.")})


class RetainedEsfRecord(models.Model):
    """What ESF+ audits still need after the person was erased: no name, no contact, no case
    link; deleted when ``keep_until`` has passed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField()
    exited_on = models.DateField(null=True)
    employment_status = models.CharField(max_length=24)
    age_band = models.CharField(max_length=8)
    isced_level = models.PositiveSmallIntegerField(null=True)
    gender = models.CharField(max_length=12)
    third_country_national = models.BooleanField()
    foreign_background = models.CharField(max_length=8, blank=True)
    immediate_result = models.CharField(max_length=16, blank=True)
    longer_term_result = models.CharField(max_length=16, blank=True)
    keep_until = models.DateField(db_index=True)

    class Meta:
        verbose_name = _("retained ESF+ record")

    def __str__(self) -> str:
        return f"retained ESF+ record {self.pk}"

    def audit_reach(self) -> Reach:
        return self.organisation.audit_reach()


class CaseAccess(models.Model):
    """How an organisation shares its cases internally."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    team_access = models.BooleanField(
        _("every counsellor sees every case of the organisation"), default=False
    )
    confidential_readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        verbose_name=_("may read every confidential note"),
    )

    def __str__(self) -> str:
        return f"case access of organisation {self.organisation_id}"

    def audit_reach(self) -> Reach:
        return self.organisation.audit_reach()


class ErasureRecord(models.Model):
    """The erasure ledger: what was removed, when and by whom, never about whom."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case_number = models.PositiveIntegerField(_("case"))
    reason = models.CharField(_("reason"), max_length=40)
    performed_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # table -> number of rows removed; and what a retention period still keeps, with its end
    removed = models.JSONField(default=dict)
    retained = models.JSONField(default=list)
    final_deletion_due = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("erasure")
        ordering = ["-performed_at"]

    def __str__(self) -> str:
        return f"erasure of case {self.case_number}"

    def audit_reach(self) -> Reach:
        return self.organisation.audit_reach()


@dataclass(frozen=True)
class OtherCasePart:
    """A kind of record another app keeps in a case file (a recognition procedure, …): it
    follows the case when two are merged, is erased with it (its foreign key cascades) and
    appears in the person's access report with these fields."""

    report_key: str
    model: type[CaseRecord]
    report_fields: tuple[str, ...]


_other_case_parts: dict[str, OtherCasePart] = {}


def register_case_part(part: OtherCasePart) -> None:
    """Called from the other app's ``ready()``; its policy it registers itself."""
    if part.report_key in _other_case_parts:
        raise ValueError(f"case part {part.report_key!r} is already registered")
    _other_case_parts[part.report_key] = part


def other_case_parts() -> tuple[OtherCasePart, ...]:
    return tuple(_other_case_parts.values())


# Every kind of record a case holds (policies, merging and erasure go through this list).
CASE_PARTS: tuple[type[CaseRecord], ...] = (
    LanguageSkill,
    SchoolCertificate,
    Qualification,
    WorkExperience,
    Strength,
    WishedOccupation,
    CounsellingSession,
    NextStep,
    PathwayStep,
    Consent,
    Document,
    Referral,
    EsfRecord,
)
