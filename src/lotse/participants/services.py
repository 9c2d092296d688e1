"""Writes to case files: permission check, write and audit entry in one transaction.

Values arrive validated by the forms (``forms.py``), which the web pages and the API share; the
models check their invariants again in ``full_clean`` so no caller can save a broken record.
Audit labels name the case by number ("case 42"), never by a person's values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import partial
from typing import Any

from django.db import models, transaction
from django.db.models import Max, Min
from django.utils import timezone

from lotse import permissions
from lotse.accounts import selectors as accounts
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.dates import add_months
from lotse.network.models import Organisation
from lotse.participants import selectors, tasks
from lotse.participants.engine.names import search_keys
from lotse.participants.files import sniffed_type
from lotse.participants.models import (
    CASE_PARTS,
    NAME_PARTS,
    PERSON_DETAILS,
    CaseAccess,
    CaseOutcome,
    Consent,
    ConsentPurpose,
    CounsellingSession,
    Document,
    EsfRecord,
    ImmediateResult,
    LanguageSkill,
    NextStep,
    Participant,
    PathwayStep,
    Referral,
    ReferralStatus,
    StepKind,
    StepStatus,
    WishedOccupation,
    other_case_parts,
)
from lotse.permissions import Actor
from lotse.places import UnknownPostcode, place_for

PERSON_FIELDS = frozenset(
    {
        *PERSON_DETAILS,
        "strengths_note",
        "other_names",
        "wished_area",
        "max_commute_km",
        "working_time",
        "available_from",
        "status",
        "closed_on",
    }
)


class ConsentMissing(PermissionError):
    """Data was about to leave the organisation without a valid consent."""

    def __init__(self, purpose: str, recipient_id: int | None = None) -> None:
        super().__init__(f"no active consent for {purpose} (recipient {recipient_id})")
        self.purpose = purpose
        self.recipient_id = recipient_id


def _derive(participant: Participant) -> None:
    """Fill what follows from the values typed: search keys and the place of residence."""
    participant.search_text = search_keys(
        participant.given_names,
        participant.family_names,
        participant.given_names_latin,
        participant.family_names_latin,
        participant.other_names,
    )
    if participant.date_of_birth:
        participant.birth_year = participant.date_of_birth.year
    if not participant.postcode:
        participant.municipality = participant.district = participant.district_code = ""
        participant.state_code = ""
        participant.latitude = participant.longitude = None
        return
    try:
        place = place_for(participant.postcode, participant.municipality)
    except UnknownPostcode:
        return  # the form refuses unknown postcodes; full_clean reports it for other callers
    participant.municipality = place.municipality
    participant.district = place.district
    participant.district_code = place.district_code
    participant.state_code = place.state_code
    participant.latitude = place.latitude
    participant.longitude = place.longitude


def _changed(instance: models.Model, values: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in values.items() if getattr(instance, name) != value)


@transaction.atomic
def open_case(
    *,
    actor: Actor,
    organisation: Organisation,
    values: dict[str, Any],
    counsellor_ids: Iterable[int] = (),
) -> Participant:
    """Open a case for a person at ``organisation``; the acting counsellor is assigned to it."""
    unknown = set(values) - PERSON_FIELDS
    if unknown:
        raise ValueError(f"unknown participant fields: {sorted(unknown)}")
    participant = Participant(organisation=organisation, **values)
    permissions.require(actor, permissions.ADD, participant)
    _derive(participant)
    participant.full_clean()
    participant.save()
    assigned = set(counsellor_ids)
    if actor.user_id is not None:
        assigned.add(actor.user_id)
    participant.counsellors.set(assigned)
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=participant,
        label=participant.reference,
        changed_fields=sorted(values),
    )
    return participant


DERIVED_FIELDS = ("birth_year", "municipality", "district", "district_code", "state_code")
DERIVED_ONLY = ("search_text", "latitude", "longitude")


@transaction.atomic
def change_participant(
    *, actor: Actor, participant: Participant, values: dict[str, Any]
) -> list[str]:
    """Apply ``values``; returns the names of the fields that changed (nothing written if none)."""
    unknown = set(values) - PERSON_FIELDS
    if unknown:
        raise ValueError(f"unknown participant fields: {sorted(unknown)}")
    permissions.require(actor, permissions.CHANGE, participant)
    tracked = sorted(PERSON_FIELDS | set(DERIVED_FIELDS))
    before = {name: getattr(participant, name) for name in tracked}
    for name, value in values.items():
        setattr(participant, name, value)
    if participant.status == "closed" and not participant.closed_on:
        participant.closed_on = timezone.localdate()
    _derive(participant)
    changed = [name for name in tracked if getattr(participant, name) != before[name]]
    if not changed:
        return []
    participant.full_clean()
    # Only what this change touches: the dates kept by refresh_case_dates stay as stored.
    participant.save(update_fields=[*tracked, *DERIVED_ONLY, "updated_at"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=participant,
        label=participant.reference,
        changed_fields=changed,
    )
    return changed


def _filled_fields(record: models.Model) -> list[str]:
    return [
        field.name
        for field in record._meta.concrete_fields
        if not field.primary_key and getattr(record, field.attname) not in (None, "", [])
    ]


def _label(record: models.Model) -> str:
    participant: Participant = record.participant  # type: ignore[attr-defined]
    return f"{record._meta.model_name} {record.pk} of {participant.reference}"


@transaction.atomic
def save_record(
    *,
    actor: Actor,
    record: models.Model,
    values: dict[str, Any],
    relations: dict[str, Iterable[Any]] | None = None,
) -> models.Model:
    """Create or change a part of a case file (a language, a qualification, a pathway step …).

    ``relations`` sets many-to-many fields (the reference occupations of a qualification)."""
    is_new = record.pk is None
    changed = _changed(record, values)
    if relations:
        changed = sorted({*changed, *relations})
    permissions.require(actor, permissions.ADD if is_new else permissions.CHANGE, record)
    if not changed and not is_new:
        return record
    for name, value in values.items():
        setattr(record, name, value)
    if is_new:
        changed = sorted({*changed, *_filled_fields(record)})
    record.full_clean()
    record.save()
    for name, related in (relations or {}).items():
        getattr(record, name).set(list(related))
    audit(
        actor=actor,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        target=record,
        label=_label(record),
        changed_fields=changed,
    )
    if isinstance(record, CounsellingSession | NextStep):
        refresh_case_dates(participant_id=record.participant_id)
    return record


def refresh_case_dates(*, participant_id: int) -> None:
    """The latest session and the next open step's due date, kept on the case for sorting."""
    latest = CounsellingSession.objects.filter(participant_id=participant_id).aggregate(
        latest=Max("held_on")
    )["latest"]
    due = NextStep.objects.filter(participant_id=participant_id, done_on__isnull=True).aggregate(
        due=Min("due_on")
    )["due"]
    Participant.objects.filter(pk=participant_id).update(
        last_session_on=latest, next_step_due_on=due
    )


@transaction.atomic
def remove_record(*, actor: Actor, record: models.Model) -> None:
    permissions.require(actor, permissions.DELETE, record)
    audit(actor=actor, action=AuditAction.DELETE, target=record, label=_label(record))
    if isinstance(record, Document):
        _delete_file_after_commit(record.file)
    record.delete()
    if isinstance(record, CounsellingSession | NextStep):
        refresh_case_dates(participant_id=record.participant_id)


def _delete_file_after_commit(file: Any) -> None:
    if file and file.name:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def add_document(
    *, actor: Actor, participant: Participant, kind: str, title: str, upload: Any
) -> Document:
    """Store an uploaded document (validated by ``DocumentForm``) in the case's folder."""
    document = Document(
        participant=participant,
        kind=kind,
        title=title,
        content_type=sniffed_type(upload) or "",
        size=upload.size,
        uploaded_by_id=actor.id,
    )
    permissions.require(actor, permissions.ADD, document)
    document.file.save("upload", upload, save=False)
    try:
        save_record(actor=actor, record=document, values={})
    except Exception:
        document.file.delete(save=False)  # nothing half-saved: no file without its record
        raise
    return document


@transaction.atomic
def record_session(
    *,
    actor: Actor,
    participant: Participant,
    values: dict[str, Any],
    next_steps: Iterable[tuple[str, date]] = (),
) -> CounsellingSession:
    """A counselling session with the next steps agreed in it (description, due date)."""
    session = CounsellingSession(participant=participant, author_id=actor.id, **values)
    save_record(actor=actor, record=session, values={})
    for description, due_on in next_steps:
        step = NextStep(
            participant=participant,
            session=session,
            description=description,
            due_on=due_on,
            assignee_id=actor.user_id,
        )
        save_record(actor=actor, record=step, values={})
        transaction.on_commit(partial(tasks.schedule_reminder, step))
    return session


@transaction.atomic
def complete_next_step(*, actor: Actor, step: NextStep, done_on: date | None = None) -> None:
    save_record(actor=actor, record=step, values={"done_on": done_on or timezone.localdate()})


@transaction.atomic
def record_consent(
    *,
    actor: Actor,
    participant: Participant,
    purpose: str,
    text_version: str,
    text_language: str,
    method: str,
    recipient: Organisation | None = None,
    given_at: datetime | None = None,
) -> Consent:
    consent = Consent(
        participant=participant,
        purpose=purpose,
        recipient=recipient,
        text_version=text_version,
        text_language=text_language,
        method=method,
        given_at=given_at or timezone.now(),
        recorded_by_id=actor.id,
    )
    if purpose == ConsentPurpose.SHARING and recipient is None:
        raise ValueError("sharing needs the receiving organisation")
    save_record(actor=actor, record=consent, values={})
    return consent


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent) -> None:
    if consent.withdrawn_at is not None:
        return
    save_record(
        actor=actor,
        record=consent,
        values={"withdrawn_at": timezone.now(), "withdrawn_by_id": actor.user_id},
    )


@transaction.atomic
def set_case_access(
    *,
    actor: Actor,
    organisation: Organisation,
    team_access: bool,
    confidential_reader_ids: Iterable[int],
) -> CaseAccess:
    access = CaseAccess.objects.filter(organisation=organisation).first()
    access = access or CaseAccess(organisation=organisation)
    is_new = access.pk is None
    permissions.require(actor, permissions.ADD if is_new else permissions.CHANGE, access)
    readers = set(confidential_reader_ids)
    members = set(
        accounts.members_of(organisation_id=organisation.pk)
        .filter(pk__in=readers)
        .values_list("pk", flat=True)
    )
    if readers - members:
        raise ValueError("confidential readers must belong to the organisation")
    access.team_access = team_access
    access.save()
    access.confidential_readers.set(readers)
    audit(
        actor=actor,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        target=access,
        label=f"case access of organisation {organisation.pk}",
        changed_fields=["team_access", "confidential_readers"],
    )
    return access


@transaction.atomic
def refer(
    *,
    actor: Actor,
    participant: Participant,
    recipient: Organisation,
    offer: str,
    message: str = "",
    shared_parts: Iterable[str] = (),
) -> Referral:
    """Hand a person over to a partner; only with an active consent to share with it."""
    if recipient.pk == participant.organisation_id:
        raise ValueError("a referral goes to another organisation")
    if not selectors.consent_allows(
        participant_id=participant.pk, purpose=ConsentPurpose.SHARING, recipient_id=recipient.pk
    ):
        raise ConsentMissing(ConsentPurpose.SHARING, recipient.pk)
    referral = Referral(
        participant=participant,
        recipient=recipient,
        offer=offer,
        message=message,
        shared_parts=sorted(set(shared_parts)),
        sent_by_id=actor.id,
    )
    save_record(actor=actor, record=referral, values={})
    return referral


@transaction.atomic
def answer_referral(*, actor: Actor, referral: Referral, status: str, note: str = "") -> None:
    """The receiving organisation accepts, declines or completes a referral."""
    allowed = {
        ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
        ReferralStatus.ACCEPTED: {ReferralStatus.COMPLETED, ReferralStatus.DECLINED},
    }
    if status not in allowed.get(ReferralStatus(referral.status), set()):
        raise ValueError(f"a {referral.status} referral cannot become {status}")
    now = timezone.now()
    values: dict[str, Any] = {"status": status, "response_note": note[:300]}
    if status == ReferralStatus.COMPLETED:
        values["completed_at"] = now
    else:
        values |= {"responded_at": now, "responded_by_id": actor.id}
    save_record(actor=actor, record=referral, values=values)


class EsfEntryFrozen(ValueError):
    """The ESF+ entry data are recorded once and never changed afterwards."""


def _age_on(participant: Participant, day: date) -> int | None:
    born = participant.date_of_birth
    if born:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return day.year - participant.birth_year if participant.birth_year else None


def _third_country_national(participant: Participant) -> bool:
    free = selectors.free_movement_countries()
    held = set(participant.nationalities or [])
    return bool(held) and not held & free


@transaction.atomic
def record_esf_entry(
    *, actor: Actor, participant: Participant, values: dict[str, Any]
) -> EsfRecord:
    """The entry record, frozen from then on. Age, gender and nationality come from the case."""
    if EsfRecord.objects.filter(participant=participant).exists():
        raise EsfEntryFrozen("the ESF+ entry of this case is recorded already")
    record = EsfRecord(
        participant=participant,
        recorded_by_id=actor.id,
        age_at_entry=_age_on(participant, values["entered_on"]),
        gender=participant.gender,
        third_country_national=_third_country_national(participant),
        **values,
    )
    save_record(actor=actor, record=record, values={})
    return record


@transaction.atomic
def record_esf_exit(
    *, actor: Actor, record: EsfRecord, exited_on: date, immediate_result: str = ""
) -> None:
    """Exit and the result within four weeks (left empty, the placement a company's contract
    recorded gives it); the six-month follow-up is then due."""
    follow_up_due = add_months(exited_on, 6)
    outcome = record.participant.outcome
    if not immediate_result and outcome:
        immediate_result = PLACEMENT_RESULTS.get(CaseOutcome(outcome), "")
    save_record(
        actor=actor,
        record=record,
        values={
            "exited_on": exited_on,
            "immediate_result": immediate_result,
            "follow_up_due": follow_up_due,
        },
    )
    transaction.on_commit(partial(tasks.schedule_follow_up, record.pk, follow_up_due))


@transaction.atomic
def record_esf_follow_up(*, actor: Actor, record: EsfRecord, longer_term_result: str) -> None:
    save_record(actor=actor, record=record, values={"longer_term_result": longer_term_result})


class CannotMerge(ValueError):
    pass


# Parts that may exist once per person (or per language, per occupation): on a merge the kept
# case's record wins and the duplicate's only fills what it leaves empty.
ONE_PER_KEY: dict[type[models.Model], str] = {
    LanguageSkill: "language",
    WishedOccupation: "occupation_id",
    EsfRecord: "participant_id",
}


@transaction.atomic
def merge_cases(*, actor: Actor, keep: Participant, duplicate: Participant) -> list[str]:
    """Merge a duplicate case into ``keep``: every record moves over, empty details are filled
    from the duplicate, its other spellings of the name stay searchable, and the duplicate
    is removed. Returns the fields of ``keep`` that were filled."""
    if keep.pk == duplicate.pk or keep.organisation_id != duplicate.organisation_id:
        raise CannotMerge("only two different cases of one organisation can be merged")
    permissions.require(actor, permissions.CHANGE, keep)
    permissions.require(actor, permissions.CHANGE, duplicate)
    filled = [
        name
        for name in sorted(PERSON_FIELDS - {"status", "closed_on"})
        if getattr(keep, name) in (None, "", []) and getattr(duplicate, name) not in (None, "", [])
    ]
    for name in filled:
        setattr(keep, name, getattr(duplicate, name))
    spellings = {getattr(duplicate, f) for f in NAME_PARTS} - {getattr(keep, f) for f in NAME_PARTS}
    keep.other_names = " ".join(sorted({*keep.other_names.split(), *" ".join(spellings).split()}))
    for model in (*CASE_PARTS, *(part.model for part in other_case_parts())):
        _move_parts(model, duplicate, keep)
    keep.counsellors.add(*duplicate.counsellors.all())
    _derive(keep)
    keep.full_clean()
    keep.save(update_fields=[*PERSON_FIELDS, *DERIVED_FIELDS, *DERIVED_ONLY, "updated_at"])
    refresh_case_dates(participant_id=keep.pk)
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=keep,
        label=keep.reference,
        changed_fields=[*filled, "other_names"],
        note=f"merged {duplicate.reference} into it",
    )
    audit(
        actor=actor,
        action=AuditAction.DELETE,
        target=duplicate,
        label=duplicate.reference,
        note=f"merged into {keep.reference}",
    )
    duplicate.delete()
    return filled


def _move_parts(model: type[models.Model], source: Participant, target: Participant) -> None:
    records = model._default_manager.filter(participant=source)
    key = ONE_PER_KEY.get(model)
    if key is None:
        records.update(participant=target)
        return
    for record in records:
        existing = model._default_manager.filter(participant=target)
        if key != "participant_id":
            existing = existing.filter(**{key: getattr(record, key)})
        kept = existing.first()
        if kept is None:
            model._default_manager.filter(pk=record.pk).update(participant=target)
            continue
        empty = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and getattr(kept, f.attname) in (None, "", [])
        ]
        for name in empty:
            setattr(kept, name, getattr(record, name))
        if empty:
            kept.save(update_fields=empty)


class NotPlaceable(PermissionError):
    """The person cannot be placed through matching: no standing consent, or already placed."""


PLACEMENT_STEPS = {
    CaseOutcome.TRAINING: StepKind.APPRENTICESHIP,
    CaseOutcome.ENTRY_QUALIFICATION: StepKind.ENTRY_QUALIFICATION,
    CaseOutcome.JOB: StepKind.JOB,
    CaseOutcome.PARTIAL: StepKind.PARTIAL_QUALIFICATION,
    CaseOutcome.INTERNSHIP: StepKind.OTHER,
}
# The ESF+ result within four weeks of exit a placement means (an internship means none).
PLACEMENT_RESULTS = {
    CaseOutcome.TRAINING: ImmediateResult.EDUCATION,
    CaseOutcome.ENTRY_QUALIFICATION: ImmediateResult.EDUCATION,
    CaseOutcome.PARTIAL: ImmediateResult.EDUCATION,
    CaseOutcome.JOB: ImmediateResult.EMPLOYED,
}
ESF_RESULT_WINDOW_DAYS = 28


@transaction.atomic
def record_placement(
    *,
    actor: Actor,
    participant_id: int,
    outcome: str,
    occupation_id: int,
    employer: str,
    starts_on: date | None,
    signed_on: date,
) -> None:
    """A company's contract, written into the person's case: the outcome, a pathway step with
    the occupation and the employer, and the ESF+ result where the exit lies at most four weeks
    before the contract (at a later exit the counsellor records it from the outcome). Allowed
    to the liaison who cannot open the case, because the person consented to be placed through
    matching; audited with the case's organisation."""
    participant = Participant.objects.select_for_update().filter(pk=participant_id).first()
    if participant is None or not selectors.consent_allows(
        participant_id=participant_id, purpose=ConsentPurpose.MATCHING
    ):
        raise NotPlaceable("no standing consent to matching")
    if participant.outcome:
        raise NotPlaceable("the person is placed already")
    participant.outcome, participant.outcome_on = outcome, starts_on or signed_on
    participant.full_clean(validate_unique=False)
    participant.save(update_fields=["outcome", "outcome_on", "updated_at"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=participant,
        label=participant.reference,
        changed_fields=["outcome", "outcome_on"],
        note="contract recorded by a company",
    )
    step = PathwayStep(
        participant=participant,
        kind=PLACEMENT_STEPS[CaseOutcome(outcome)],
        title=employer[:300],
        occupation_id=occupation_id,
        status=StepStatus.PLANNED,
        starts_on=starts_on,
    )
    step.full_clean()
    step.save()
    audit(actor=actor, action=AuditAction.CREATE, target=step, label=_label(step))
    _esf_result_from_placement(actor, participant, outcome, signed_on)


def _esf_result_from_placement(
    actor: Actor, participant: Participant, outcome: str, signed_on: date
) -> None:
    record = EsfRecord.objects.filter(participant=participant).first()
    result = PLACEMENT_RESULTS.get(CaseOutcome(outcome))
    if record is None or result is None or record.exited_on is None:
        return
    if record.immediate_result not in ("", ImmediateResult.JOB_SEARCHING, ImmediateResult.NONE):
        return
    if not 0 <= (signed_on - record.exited_on).days <= ESF_RESULT_WINDOW_DAYS:
        return
    record.immediate_result = result
    record.save(update_fields=["immediate_result"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=record,
        label=_label(record),
        changed_fields=["immediate_result"],
        note="from a contract",
    )
