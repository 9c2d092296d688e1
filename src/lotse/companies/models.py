"""Companies the business liaison team works with, and what it does to win training places.

A company belongs to the organisation whose liaisons look after it; its coordinators see it
too. The owner's origin and languages are kept only when the company agreed (migrant-owned
companies are a focus group: they can be filtered and counted).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit.reach import Reach
from lotse.network.models import Organisation
from lotse.occupations.models import Occupation
from lotse.participants.models import CefrLevel, GermanSchoolEquivalent, Participant, WorkingTime


class Sector(models.TextChoices):
    """Sections of the WZ 2008 (NACE Rev. 2)."""

    A = "A", _("Agriculture, forestry and fishing")
    B = "B", _("Mining and quarrying")
    C = "C", _("Manufacturing")
    D = "D", _("Energy supply")
    E = "E", _("Water supply, sewerage and waste")
    F = "F", _("Construction")
    G = "G", _("Trade and repair of motor vehicles")
    H = "H", _("Transport and storage")
    I = "I", _("Hotels and restaurants")  # noqa: E741  the section's letter
    J = "J", _("Information and communication")
    K = "K", _("Finance and insurance")
    L = "L", _("Real estate")
    M = "M", _("Professional, scientific and technical services")
    N = "N", _("Other business services")
    O = "O", _("Public administration")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Arts, entertainment and recreation")
    S = "S", _("Other services")
    T = "T", _("Private households")
    U = "U", _("Extraterritorial organisations")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("fewer than 10 employees")
    SMALL = "small", _("10 to 49 employees")
    MEDIUM = "medium", _("50 to 249 employees")
    LARGE = "large", _("250 employees or more")


class LegalForm(models.TextChoices):
    SOLE = "sole", _("sole proprietor (e.K., freelancer)")
    GBR = "gbr", _("civil-law partnership (GbR)")
    OHG_KG = "ohg_kg", _("partnership (OHG, KG, GmbH & Co. KG)")
    GMBH = "gmbh", _("limited company (GmbH, UG)")
    AG = "ag", _("stock corporation (AG)")
    COOPERATIVE = "eg", _("cooperative (eG)")
    ASSOCIATION = "ev", _("association or foundation (e.V., Stiftung)")
    PUBLIC = "public", _("public body")
    OTHER = "other", _("other")


class ChamberKind(models.TextChoices):
    IHK = "ihk", _("Chamber of Industry and Commerce (IHK)")
    HWK = "hwk", _("Chamber of Crafts (HWK)")
    AGRICULTURE = "agriculture", _("Chamber of Agriculture")
    LIBERAL = "liberal", _("Chamber of the liberal profession")
    PUBLIC = "public", _("Public service")
    HOME_ECONOMICS = "home_economics", _("Competent body for home economics")


class Stage(models.TextChoices):
    """The acquisition pipeline, in its order."""

    IDENTIFIED = "identified", _("identified")
    CONTACTED = "contacted", _("contacted")
    VISITED = "visited", _("visited")
    INTERESTED = "interested", _("interested")
    READY = "ready", _("ready to train")
    OFFERED = "offered", _("place offered")
    FILLED = "filled", _("place filled")


STAGE_ORDER = list(Stage.values)


class Company(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("looked after by"),
    )
    name = models.CharField(_("name"), max_length=200)
    # Stable across exports and imports: a re-imported row finds its company by it.
    key = models.CharField(_("key"), max_length=40, editable=False)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, blank=True
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    district = models.CharField(_("district"), max_length=120, blank=True, editable=False)
    district_code = models.CharField(max_length=8, blank=True, editable=False)
    state_code = models.CharField(max_length=6, blank=True, editable=False)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    sector = models.CharField(
        _("sector (WZ 2008)"), max_length=1, choices=Sector.choices, blank=True
    )
    is_craft = models.BooleanField(_("in the register of crafts"), default=False)
    size_class = models.CharField(_("size"), max_length=8, choices=SizeClass.choices, blank=True)
    chamber_kind = models.CharField(
        _("competent chamber"), max_length=16, choices=ChamberKind.choices, blank=True
    )
    chamber_name = models.CharField(_("chamber"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    owner_data_agreed = models.BooleanField(
        _("the company agreed to record the owner's origin and languages"), default=False
    )
    migrant_owned = models.BooleanField(
        _("run by an entrepreneur with a migration history"), default=False
    )
    owner_origin = models.CharField(_("owner's country of origin"), max_length=2, blank=True)
    owner_languages = models.JSONField(_("owner's languages"), default=list, blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.IDENTIFIED
    )
    next_contact_on = models.DateField(_("next contact"), null=True, blank=True)
    trains_today = models.BooleanField(_("trains today"), default=False)
    aevo_trainer = models.BooleanField(
        _("has a trainer with the AEVO qualification"), default=False
    )
    joint_training = models.BooleanField(
        _("joint-training (Verbundausbildung) partner"), default=False
    )
    # The network organisation (of kind "company") whose company users see this company in the
    # company portal; empty while the company has no portal access.
    portal = models.OneToOneField(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company portal account"),
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["organisation", "stage", "name"]),
            # The board's columns: the next contact first.
            models.Index(
                fields=["organisation", "stage", "next_contact_on", "name"], name="board_order"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="company_key_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_reach(self) -> Reach:
        return Reach(organisation_id=self.organisation_id, network_id=self.organisation.network_id)

    @property
    def reference(self) -> str:
        return f"company {self.pk}"


class CompanyRecord(models.Model):
    """A part of a company's file: it follows the company."""

    company = models.ForeignKey(
        Company,
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
        return self.company.audit_reach()


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    VISIT = "visit", _("in person")
    MESSENGER = "messenger", _("messenger")


class Contact(CompanyRecord):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the company"), max_length=120, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        ordering = ["name", "pk"]


class EventKind(models.TextChoices):
    CALL = "call", _("call")
    VISIT = "visit", _("visit")
    EMAIL = "email", _("e-mail")
    EVENT = "event", _("event or fair")
    OTHER = "other", _("other")


class ContactEvent(CompanyRecord):
    kind = models.CharField(_("kind"), max_length=8, choices=EventKind.choices)
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("what was said"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact")
        ordering = ["-happened_on", "-pk"]


class StageChange(CompanyRecord):
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    changed_on = models.DateField(default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("change of stage")
        ordering = ["changed_on", "pk"]


class TrainingAuthorisation(CompanyRecord):
    """The company may train in this occupation (entered in the chamber's register)."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("authorisation to train")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "occupation"], name="one_authorisation_per_occupation"
            )
        ]


class ObstacleKind(models.TextChoices):
    NO_TRAINER = "no_trainer", _("no qualified trainer")
    NOT_AUTHORISED = "not_authorised", _("not authorised to train")
    TOO_SPECIALISED = "too_specialised", _("too specialised (joint training needed)")
    ADMINISTRATION = "administration", _("administrative load")
    APPLICANT_DOUBTS = "applicant_doubts", _("doubts about applicants")
    LANGUAGE = "language", _("language concerns")
    COST = "cost", _("cost")
    OTHER = "other", _("other")


class Obstacle(CompanyRecord):
    kind = models.CharField(_("obstacle"), max_length=20, choices=ObstacleKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    noted_on = models.DateField(_("noted on"), default=timezone.localdate)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("obstacle to training")
        ordering = ["noted_on", "pk"]


class SupportKind(models.TextChoices):
    AEVO_COURSE = "aevo_course", _("trainer course (AEVO)")
    CHAMBER_ADVISER = "chamber_adviser", _("contact with the chamber's training adviser")
    ASA_FLEX = "asa_flex", _("assisted training (AsA flex)")
    EQ = "eq", _("entry qualification (EQ)")
    JOINT_PARTNER = "joint_partner", _("joint-training partner found")
    APPLICANTS = "applicants", _("applicants proposed")
    LANGUAGE_SUPPORT = "language_support", _("language support for the trainee")
    PAPERWORK = "paperwork", _("help with the paperwork")
    FUNDING = "funding", _("funding advice")
    OTHER = "other", _("other")


class SupportResult(models.TextChoices):
    OPEN = "open", _("under way")
    HELPED = "helped", _("helped")
    NOT_HELPED = "not_helped", _("did not help")


class SupportAction(CompanyRecord):
    kind = models.CharField(_("support"), max_length=20, choices=SupportKind.choices)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    result = models.CharField(
        _("result"), max_length=12, choices=SupportResult.choices, default=SupportResult.OPEN
    )
    obstacle = models.ForeignKey(
        Obstacle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_actions",
        verbose_name=_("against the obstacle"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("support action")
        ordering = ["given_on", "pk"]


class OpeningKind(models.TextChoices):
    TRAINING = "training", _("training place")
    ENTRY_QUALIFICATION = "eq", _("entry qualification (EQ)")
    JOB = "job", _("job")
    INTERNSHIP = "internship", _("internship")
    PARTIAL = "partial", _("placement for a partial qualification")


class OpeningStatus(models.TextChoices):
    OPEN = "open", _("open")
    FILLED = "filled", _("filled")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Opening(CompanyRecord):
    # Stable across exports and imports, within its company.
    key = models.CharField(_("key"), max_length=40, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=OpeningKind.choices)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, help_text=_("Empty: the company's.")
    )
    municipality = models.CharField(_("municipality"), max_length=120, blank=True, editable=False)
    district = models.CharField(_("district"), max_length=120, blank=True, editable=False)
    state_code = models.CharField(max_length=6, blank=True, editable=False)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(
        _("number of places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    min_school = models.CharField(
        _("minimum school certificate"),
        max_length=4,
        choices=GermanSchoolEquivalent.choices,
        blank=True,
    )
    min_german = models.CharField(
        _("minimum German (CEFR)"), max_length=2, choices=CefrLevel.choices, blank=True
    )
    languages_valued = models.JSONField(_("languages valued"), default=list, blank=True)
    driving_licence = models.BooleanField(_("driving licence needed"), default=False)
    other_requirements = models.CharField(_("other requirements"), max_length=500, blank=True)
    working_time = models.CharField(
        _("working time"), max_length=8, choices=WorkingTime.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    filled_on = models.DateField(_("filled on"), null=True, blank=True)
    won_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("won by"),
    )
    published = models.BooleanField(_("published on the public site"), default=False)

    class Meta:
        verbose_name = _("opening")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["published", "status", "kind", "starts_on"])]
        constraints = [
            models.UniqueConstraint(fields=["company", "key"], name="opening_key_per_company")
        ]


class ProposalStatus(models.TextChoices):
    """A proposal's course, in its order; declined and withdrawn end it at any step."""

    PROPOSED = "proposed", _("proposed")
    INTERVIEW = "interview", _("interview")
    TRIAL_DAY = "trial_day", _("trial day")
    OFFER = "offer", _("offer")
    CONTRACT = "contract", _("contract signed")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


PROPOSAL_ORDER = [
    ProposalStatus.PROPOSED,
    ProposalStatus.INTERVIEW,
    ProposalStatus.TRIAL_DAY,
    ProposalStatus.OFFER,
    ProposalStatus.CONTRACT,
]
PROPOSAL_ENDS = {ProposalStatus.CONTRACT, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN}


class DeclineReason(models.TextChoices):
    QUALIFICATION = "qualification", _("qualification does not fit")
    LANGUAGE = "language", _("German not yet sufficient")
    DISTANCE = "distance", _("too far to travel")
    PLACE_TAKEN = "place_taken", _("the place went to someone else")
    CANDIDATE = "candidate", _("the candidate declined")
    NO_SHOW = "no_show", _("did not come")
    OTHER = "other", _("other reason")


class Proposal(CompanyRecord):
    """A person proposed for an opening, seen by the company only through the matching
    profile the person consented to (a pseudonym, no name, no contact details)."""

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="proposals")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    decline_reason = models.CharField(
        _("reason"), max_length=14, choices=DeclineReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("proposal")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "participant"], name="one_proposal_each")
        ]


class ProposalFeedback(CompanyRecord):
    """One step of a proposal, as the company or the liaison reported it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="feedback")
    status = models.CharField(_("step"), max_length=10, choices=ProposalStatus.choices)
    on = models.DateField(_("on"), default=timezone.localdate)
    decline_reason = models.CharField(
        _("reason"), max_length=14, choices=DeclineReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("feedback on a proposal")
        ordering = ["on", "pk"]


class SupportTopic(models.TextChoices):
    APPLICANTS = "applicants", _("we are looking for applicants")
    TRAINING_AUTHORISATION = "authorisation", _("becoming a training company")
    TRAINER = "trainer", _("a trainer qualification (AEVO)")
    PAPERWORK = "paperwork", _("contracts and paperwork")
    FUNDING = "funding", _("funding and assisted training")
    LANGUAGE = "language", _("language support for a trainee")
    OTHER = "other", _("something else")


class SupportRequest(CompanyRecord):
    """A company's request from the portal: a task for the liaisons until one marks it done."""

    topic = models.CharField(_("topic"), max_length=14, choices=SupportTopic.choices)
    message = models.TextField(_("message"), max_length=2000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("support request")
        ordering = ["-created_at", "-pk"]


# Every kind of record a company's file holds (policies and merging go through this list).
COMPANY_PARTS: tuple[type[CompanyRecord], ...] = (
    Contact,
    ContactEvent,
    StageChange,
    TrainingAuthorisation,
    Obstacle,
    SupportAction,
    Opening,
    Proposal,
    ProposalFeedback,
    SupportRequest,
)
# What the company's own users see and add in the portal; the rest is the liaisons' file.
PORTAL_PARTS: tuple[type[CompanyRecord], ...] = (
    Opening,
    Proposal,
    ProposalFeedback,
    SupportRequest,
)
