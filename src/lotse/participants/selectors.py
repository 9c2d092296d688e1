"""Reads of case files, always filtered by permission; opening a case file is audited."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from lotse import permissions
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.participants.engine.names import (
    DUPLICATE_THRESHOLD,
    NameRecord,
    duplicate_score,
    latin,
    query_keys,
    skeletons,
)
from lotse.participants.engine.pathway import Admission, Period, external_exam_admission
from lotse.participants.models import (
    CaseAccess,
    CaseStatus,
    Consent,
    ConsentPurpose,
    CounsellingSession,
    Document,
    EsfRecord,
    Gender,
    LanguageSkill,
    NextStep,
    Participant,
    PathwayStep,
    Qualification,
    Referral,
    SchoolCertificate,
    WishedOccupation,
    WorkExperience,
)
from lotse.participants.policies import CASE_ROLES, RECEIVING_ROLES
from lotse.permissions import Actor, Role

DATA = Path(__file__).parent / "data"


def caseload(
    *,
    actor: Actor,
    query: str = "",
    status: str = "",
    district: str = "",
    mine: bool = False,
    order: str = "name",
) -> QuerySet[Participant]:
    """The cases the actor may open, searched by any spelling of the names (across scripts)."""
    cases = permissions.visible(actor, permissions.VIEW, Participant.objects.all())
    for alternatives in query_keys(query)[:6]:
        any_of = Q()
        for key in alternatives:
            any_of |= Q(search_text__contains=key)
        cases = cases.filter(any_of)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if district:
        cases = cases.filter(district=district)
    if mine and actor.user_id is not None:
        assigned = Participant.counsellors.through.objects.filter(user_id=actor.user_id)
        cases = cases.filter(pk__in=assigned.values("participant_id"))
    orderings: dict[str, list[Any]] = {
        "name": ["family_names", "given_names", "pk"],
        "opened": ["-opened_on", "-pk"],
        "last_session": [F("last_session_on").desc(nulls_last=True), "pk"],
        "due": [F("next_step_due_on").asc(nulls_last=True), "pk"],
    }
    ordering = orderings.get(order, orderings["name"])
    spelled = [word for word in latin(query).split() if len(word) > 1][:6]
    if spelled:
        # The same spelling first, other spellings of the same skeleton after it.
        same_spelling = Q()
        for word in spelled:
            same_spelling &= Q(search_text__contains=word)
        cases = cases.annotate(spelling=Case(When(same_spelling, then=Value(0)), default=Value(1)))
        ordering = ["spelling", *ordering]
    return cases.order_by(*ordering)


def caseload_districts(*, actor: Actor) -> list[str]:
    """The districts where the cases of the actor's organisations live (for the filter)."""
    organisations = actor.organisations(*CASE_ROLES)
    districts = (
        Participant.objects.filter(organisation_id__in=organisations)
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    return sorted(districts)


def case_for_view(*, actor: Actor, participant_id: int) -> Participant:
    """Open a case file; the read is audited with its organisation."""
    participant = permissions.get_or_404(
        actor,
        permissions.VIEW,
        Participant.objects.select_related("organisation"),
        pk=participant_id,
    )
    audit(actor=actor, action=AuditAction.VIEW, target=participant, label=participant.reference)
    return participant


def case_for_change(*, actor: Actor, participant_id: int) -> Participant:
    return permissions.get_or_404(
        actor,
        permissions.CHANGE,
        Participant.objects.select_related("organisation"),
        pk=participant_id,
    )


def record_of_case(
    *, actor: Actor, participant: Participant, model: type[Any], record_id: int
) -> Any:
    """A part of the case (a language, a step …) the actor may change."""
    found: Any = permissions.get_or_404(
        actor, permissions.CHANGE, model.objects.filter(participant=participant), pk=record_id
    )
    return found


def parts_of(participant: Participant, model: type[Any]) -> QuerySet[Any]:
    """The records of one kind in a case already opened (permission checked by the caller)."""
    records: QuerySet[Any] = model.objects.filter(participant=participant)
    return records


def document_for_download(*, actor: Actor, participant_id: int, document_id: int) -> Document:
    """A stored document of a case the actor may open; the download is audited."""
    found: Document = permissions.get_or_404(
        actor,
        permissions.VIEW,
        Document.objects.select_related("participant__organisation"),
        pk=document_id,
        participant_id=participant_id,
    )
    audit(
        actor=actor,
        action=AuditAction.VIEW,
        target=found,
        label=f"document {found.pk} of {found.participant.reference}",
    )
    return found


def _name_record(person: Any) -> NameRecord:
    def get(name: str) -> Any:
        return person.get(name) if isinstance(person, Mapping) else getattr(person, name)

    born = get("date_of_birth")
    return NameRecord(
        given_names=tuple(n for n in (get("given_names"), get("given_names_latin")) if n),
        family_names=tuple(n for n in (get("family_names"), get("family_names_latin")) if n),
        date_of_birth=born,
        birth_year=get("birth_year") or (born.year if born else None),
    )


@dataclass(frozen=True)
class LikelyDuplicate:
    participant: Participant
    score: float


def likely_duplicates(
    *,
    actor: Actor,
    organisation_id: int,
    person: Mapping[str, Any] | Participant,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[LikelyDuplicate]:
    """Cases of the organisation, visible to the actor, that are probably the same person as
    ``person`` (a case, or the details typed for a new one)."""
    new = _name_record(person)
    candidates = permissions.visible(
        actor, permissions.VIEW, Participant.objects.filter(organisation_id=organisation_id)
    )
    if exclude_id is not None:
        candidates = candidates.exclude(pk=exclude_id)
    # Narrow in the database: a family-name skeleton in common, or the same year of birth.
    family_keys = {
        key
        for name in new.family_names
        for reading in skeletons(name)
        for key in reading.split()
        if len(key) > 1
    }
    narrowed = Q()
    for key in family_keys:
        narrowed |= Q(search_text__contains=key)
    if new.birth_year:
        narrowed |= Q(birth_year=new.birth_year)
    if not narrowed:
        return []
    found = []
    for candidate in candidates.filter(narrowed)[:2000]:
        score = duplicate_score(new, _name_record(candidate))
        if score >= DUPLICATE_THRESHOLD:
            found.append(LikelyDuplicate(participant=candidate, score=round(score, 2)))
    found.sort(key=lambda duplicate: -duplicate.score)
    return found[:limit]


def _reads_every_confidential_note(actor: Actor, organisation_id: int) -> bool:
    if actor.is_system:
        return True
    if actor.user_id is None:
        return False
    return CaseAccess.objects.filter(
        organisation_id=organisation_id, confidential_readers__pk=actor.user_id
    ).exists()


def may_read_confidential(*, actor: Actor, session: CounsellingSession) -> bool:
    if session.author_id == actor.user_id and actor.user_id is not None:
        return True
    return _reads_every_confidential_note(actor, session.participant.organisation_id)


def sessions_of(*, actor: Actor, participant: Participant) -> list[tuple[CounsellingSession, bool]]:
    """A case's sessions, each with whether the actor may read its confidential notes."""
    reader = _reads_every_confidential_note(actor, participant.organisation_id)
    sessions = parts_of(participant, CounsellingSession).select_related("author")
    return [(s, reader or s.author_id == actor.user_id) for s in sessions]


def case_access_of(*, organisation_id: int) -> CaseAccess | None:
    return CaseAccess.objects.filter(organisation_id=organisation_id).first()


def open_steps_for(*, actor: Actor, limit: int = 10) -> QuerySet[NextStep]:
    """The actor's next steps not yet done, the most urgent first."""
    visible = permissions.visible(actor, permissions.VIEW, NextStep.objects.all())
    return (
        visible.filter(assignee_id=actor.user_id, done_on__isnull=True)
        .select_related("participant")
        .order_by("due_on", "pk")[:limit]
    )


def consent_allows(*, participant_id: int, purpose: str, recipient_id: int | None = None) -> bool:
    """The one question every exit point asks before data leaves the organisation: is there an
    active (not withdrawn) consent for this purpose, and for this receiving organisation?"""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    consents = Consent.objects.filter(
        participant_id=participant_id, purpose=purpose, withdrawn_at__isnull=True
    )
    if purpose == ConsentPurpose.SHARING:
        if recipient_id is None:
            return False
        consents = consents.filter(recipient_id=recipient_id)
    return consents.filter(given_at__lte=timezone.now()).exists()


@cache
def consent_texts() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "consent_texts.json").read_text(encoding="utf-8"))
    return loaded


@cache
def external_exam_rule() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "external_exam.json").read_text(encoding="utf-8"))
    return loaded


@dataclass(frozen=True)
class ExternalExamCheck:
    occupation_title: str
    training_months: int
    admission: Admission
    counted_experience: list[WorkExperience]


def external_exam_check(
    *, participant: Participant, occupation_id: int, title: str, training_months: int | None
) -> ExternalExamCheck | None:
    """Whether the person's work experience in the occupation, abroad included, reaches the
    external exam's minimum; None when the catalogue has no training duration for it."""
    if not training_months:
        return None
    experience = list(
        WorkExperience.objects.filter(participant=participant, occupation_id=occupation_id)
    )
    today = timezone.localdate()
    periods = [
        Period(
            start=item.started_on,
            end=min(item.ended_on or today, today),
            share=item.share_of_full_time / 100,
        )
        for item in experience
        if item.started_on <= today
    ]
    admission = external_exam_admission(
        training_months=training_months, periods=periods, factor=external_exam_rule()["factor"]
    )
    return ExternalExamCheck(
        occupation_title=title,
        training_months=training_months,
        admission=admission,
        counted_experience=experience,
    )


@cache
def free_movement_countries() -> frozenset[str]:
    data = json.loads((DATA / "free_movement.json").read_text(encoding="utf-8"))
    return frozenset(data["eu"] + data["eea"] + data["other"])


def referrals_received(*, actor: Actor) -> QuerySet[Referral]:
    """Referrals to the actor's organisations, open ones first."""
    received = permissions.visible(actor, permissions.VIEW, Referral.objects.all()).filter(
        recipient_id__in=actor.organisations(*RECEIVING_ROLES)
    )
    return received.select_related("participant__organisation", "recipient").order_by(
        Case(When(status="sent", then=Value(0)), default=Value(1)), "-created_at"
    )


@dataclass(frozen=True)
class SharedProfile:
    """What a receiving organisation sees of a person: the parts the referral names, while the
    consent to share with that organisation stands; nothing otherwise."""

    consent_active: bool
    name: str = ""
    contact: dict[str, str] | None = None
    parts: dict[str, list[Any]] | None = None


SHARED_MODELS = {
    "languages": LanguageSkill,
    "school": SchoolCertificate,
    "qualifications": Qualification,
    "work": WorkExperience,
    "pathway": PathwayStep,
}


def referral_for_view(*, actor: Actor, referral_id: int) -> tuple[Referral, SharedProfile]:
    referral = permissions.get_or_404(
        actor,
        permissions.VIEW,
        Referral.objects.select_related("participant__organisation", "recipient", "sent_by"),
        pk=referral_id,
    )
    participant = referral.participant
    audit(
        actor=actor,
        action=AuditAction.VIEW,
        target=referral,
        label=f"referral {referral.pk} of {participant.reference}",
    )
    if not consent_allows(
        participant_id=participant.pk, purpose="sharing", recipient_id=referral.recipient_id
    ):
        return referral, SharedProfile(consent_active=False)
    shared = set(referral.shared_parts)
    contact = (
        {"email": participant.email, "phone": participant.phone} if "contact" in shared else None
    )
    parts = {
        key: list(model._default_manager.filter(participant=participant))
        for key, model in SHARED_MODELS.items()
        if key in shared
    }
    return referral, SharedProfile(
        consent_active=True, name=participant.full_name, contact=contact, parts=parts
    )


@dataclass(frozen=True)
class NetworkCaseCounts:
    open_by_organisation: list[tuple[str, int]]
    esf_entries_by_gender: list[tuple[str, int]]
    open_cases: int


def network_case_counts(*, actor: Actor) -> NetworkCaseCounts:
    """Counts only, for the coordinators of a network: no case, no name, no single person (the
    panel hides counts below five). Coordinators see case files only when a case is shared
    with their organisation by a referral."""
    networks = actor.networks(Role.NETWORK_COORDINATOR)
    cases = Participant.objects.filter(organisation__network_id__in=networks)
    open_cases = cases.filter(status=CaseStatus.OPEN)
    by_organisation = (
        open_cases.order_by().values_list("organisation__name").annotate(count=Count("pk"))
    )
    genders = dict(Gender.choices)
    by_gender = (
        EsfRecord.objects.filter(participant__in=cases)
        .order_by()
        .values_list("gender")
        .annotate(count=Count("pk"))
    )
    return NetworkCaseCounts(
        open_by_organisation=sorted(by_organisation, key=lambda row: -row[1]),
        esf_entries_by_gender=[(str(genders.get(g, g)), n) for g, n in sorted(by_gender)],
        open_cases=open_cases.count(),
    )


# What companies may see of a person who consented to matching: the profile without name,
# contact details, age, gender, origin or residence (the consent text promises no contact
# details; the rest is what the General Equal Treatment Act keeps out of a hiring decision).


@dataclass(frozen=True)
class MatchingProfile:
    participant_id: int
    pseudonym: str
    counselled_by: str  # the organisation an offer goes through
    district: str
    german_level: str
    languages: list[tuple[str, str]]  # (ISO code, CEFR level or "native")
    school: str  # the German equivalent, as a label
    qualifications: list[str]
    experience: list[tuple[str, int]]  # (job as described, years)
    wishes: list[str]
    working_time: str
    available_from: date | None


def pseudonym(participant_id: int) -> str:
    """A stable name for a person in matching that reveals nothing and cannot be guessed."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"matching:{participant_id}".encode(), hashlib.sha256
    ).digest()
    return "K-" + base64.b32encode(digest).decode()[:6]


def _matching_consented() -> Exists:
    return Exists(
        Consent.objects.filter(
            participant=OuterRef("pk"),
            purpose=ConsentPurpose.MATCHING,
            withdrawn_at__isnull=True,
            given_at__lte=timezone.now(),
        )
    )


def _years(work: WorkExperience, today: date) -> int:
    ended = work.ended_on or today
    days = (ended - work.started_on).days * (work.share_of_full_time or 100) / 100
    return max(0, round(days / 365.25))


def _profile(participant: Participant, language: str) -> MatchingProfile:
    skills = list(participant.languageskill_records.all())
    german = next((s for s in skills if s.language == "de"), None)
    school = max(
        participant.schoolcertificate_records.all(),
        key=lambda c: c.isced_level or 0,
        default=None,
    )
    today = timezone.localdate()
    return MatchingProfile(
        participant_id=participant.pk,
        pseudonym=pseudonym(participant.pk),
        counselled_by=participant.organisation.name,
        district=participant.district,
        german_level=("native" if german.is_native else german.level) if german else "",
        languages=[
            (s.language, "native" if s.is_native else s.level) for s in skills if s.language != "de"
        ],
        school=school.get_german_equivalent_display()
        if school and school.german_equivalent
        else "",
        qualifications=[q.title_as_written for q in participant.qualification_records.all()],
        experience=[(w.title, _years(w, today)) for w in participant.workexperience_records.all()],
        wishes=[w.occupation.title(language) for w in participant.wishedoccupation_records.all()],
        working_time=participant.get_working_time_display(),
        available_from=participant.available_from,
    )


def _with_profile_parts(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    return participants.select_related("organisation").prefetch_related(
        "languageskill_records",
        "schoolcertificate_records",
        "qualification_records",
        "workexperience_records",
        "wishedoccupation_records__occupation__labels",
    )


def matching_candidates(
    *,
    actor: Actor,
    network_id: int,
    occupation_id: int | None = None,
    district: str = "",
    language: str = "de",
    limit: int = 30,
) -> list[MatchingProfile]:
    """Open cases of the network's organisations whose consent to matching stands, not placed
    yet: those who wish for the occupation first, then those who worked in it, then those
    living in the district; each profile shown is audited with its organisation."""

    def has(model: type[WishedOccupation | WorkExperience]) -> Exists | Value:
        if occupation_id is None:
            return Value(False)
        return Exists(model.objects.filter(participant=OuterRef("pk"), occupation_id=occupation_id))

    wished, worked = has(WishedOccupation), has(WorkExperience)
    found = (
        Participant.objects.filter(
            organisation__network_id=network_id, status=CaseStatus.OPEN, outcome=""
        )
        .filter(_matching_consented())
        .annotate(
            wishes_it=wished,
            worked_in_it=worked,
            lives_there=Case(When(district=district, then=1), default=0) if district else Value(0),
        )
        .order_by("-wishes_it", "-worked_in_it", "-lives_there", "-pk")[:limit]
    )
    profiles = [_profile(p, language) for p in _with_profile_parts(found)]
    for participant in found:
        audit(
            actor=actor,
            action=AuditAction.VIEW,
            target=participant,
            label=f"matching profile of {participant.reference}",
        )
    return profiles


def matching_profiles(
    *, actor: Actor, participant_ids: list[int], language: str = "de"
) -> dict[int, MatchingProfile]:
    """The matching profiles of those whose consent still stands (each read audited); the
    others are missing from the answer."""
    found = _with_profile_parts(Participant.objects.filter(pk__in=participant_ids)).filter(
        _matching_consented()
    )
    profiles = {}
    for participant in found:
        audit(
            actor=actor,
            action=AuditAction.VIEW,
            target=participant,
            label=f"matching profile of {participant.reference}",
        )
        profiles[participant.pk] = _profile(participant, language)
    return profiles


def matching_network_of(*, participant_id: int) -> int | None:
    """The network of the organisation that counsels the person."""
    return (
        Participant.objects.filter(pk=participant_id)
        .values_list("organisation__network_id", flat=True)
        .first()
    )
