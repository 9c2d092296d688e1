"""Case files over HTTP, under the same permissions as the pages.

Input is validated by the same forms as the pages, so a 422 names the field and says what is
wrong in the caller's language (``Accept-Language``); nothing is saved when any field is wrong.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from lotse import permissions
from lotse.ids import ApiId
from lotse.network import selectors as network
from lotse.participants import forms as case_forms
from lotse.participants import rights, selectors, services
from lotse.participants.models import (
    Consent,
    CounsellingSession,
    LanguageSkill,
    NextStep,
    Participant,
    PathwayStep,
    Qualification,
    WorkExperience,
)
from lotse.permissions import Actor, Role

router = Router(tags=["participants"])

# API names (singular, as callers expect) -> model fields
PERSON_NAMES = {
    "given_name": "given_names",
    "family_name": "family_names",
    "given_name_latin": "given_names_latin",
    "family_name_latin": "family_names_latin",
}


class FieldError(Schema):
    loc: list[str]
    msg: str


class ErrorOut(Schema):
    detail: list[FieldError]


class Created(Schema):
    id: int


class DuplicatesOut(Schema):
    detail: str
    likely_duplicates: list[int]


class PersonFields(Schema):
    given_name_latin: str | None = Field(None, max_length=200)
    family_name_latin: str | None = Field(None, max_length=200)
    date_of_birth: date | None = None
    birth_year: int | None = None
    gender: str | None = Field(None, description="female, male, diverse, not_stated")
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    preferred_language: str | None = Field(None, description="ISO 639-1 code")
    interpreter_needed: bool | None = None
    country_of_birth: str | None = Field(None, description="ISO 3166-1 alpha-2 code")
    nationalities: list[str] | None = Field(None, description="ISO 3166-1 alpha-2 codes")
    arrival_year: int | None = None
    residence_status: str | None = Field(None, description="a residence-status category")
    postcode: str | None = Field(None, description="German postcode: sets district and state")
    municipality: str | None = Field(None, description="when the postcode covers several")


class ParticipantIn(PersonFields):
    given_name: str = Field(..., max_length=200, description="as written, in any script")
    family_name: str = Field(..., max_length=200, description="as written, in any script")
    organisation_id: ApiId | None = Field(
        None, description="needed when the caller works for several organisations"
    )
    not_a_duplicate: bool = Field(
        False, description="open the case although likely duplicates were found (409)"
    )


class ParticipantPatch(PersonFields):
    given_name: str | None = Field(None, max_length=200)
    family_name: str | None = Field(None, max_length=200)
    status: str | None = Field(None, description="open or closed")


class LanguageOut(Schema):
    language: str
    is_native: bool
    level: str
    listening: str
    reading: str
    speaking: str
    writing: str
    certificate: str


class QualificationOut(Schema):
    kind: str
    title_as_written: str
    country: str
    year: int | None
    duration_months: int | None
    occupation_ids: list[int]


class WorkOut(Schema):
    title: str
    occupation_id: int | None
    country: str
    started_on: date
    ended_on: date | None
    share_of_full_time: int


class StepOut(Schema):
    kind: str
    title: str
    occupation_id: int | None
    status: str
    starts_on: date | None
    ends_on: date | None


class NextStepOut(Schema):
    id: int
    description: str
    due_on: date
    done_on: date | None


class ConsentOut(Schema):
    id: int
    purpose: str
    recipient_id: int | None
    text_version: str
    text_language: str
    method: str
    given_at: datetime
    withdrawn_at: datetime | None


class ParticipantSummary(Schema):
    id: int
    organisation_id: int
    status: str
    given_name: str = Field(..., alias="given_names")
    family_name: str = Field(..., alias="family_names")
    given_name_latin: str = Field(..., alias="given_names_latin")
    family_name_latin: str = Field(..., alias="family_names_latin")
    date_of_birth: date | None
    birth_year: int | None
    postcode: str
    district: str


class ParticipantOut(ParticipantSummary):
    gender: str
    email: str
    phone: str
    preferred_language: str
    interpreter_needed: bool
    country_of_birth: str
    nationalities: list[str]
    arrival_year: int | None
    residence_status: str
    municipality: str
    district_code: str
    state_code: str
    latitude: float | None
    longitude: float | None
    counsellor_ids: list[int]
    languages: list[LanguageOut]
    qualifications: list[QualificationOut]
    work_experience: list[WorkOut]
    pathway: list[StepOut]
    next_steps: list[NextStepOut]
    consents: list[ConsentOut]

    @staticmethod
    def resolve_counsellor_ids(participant: Participant) -> list[int]:
        return list(participant.counsellors.values_list("pk", flat=True))

    @staticmethod
    def resolve_languages(participant: Participant) -> QuerySet[LanguageSkill]:
        return selectors.parts_of(participant, LanguageSkill)

    @staticmethod
    def resolve_qualifications(participant: Participant) -> list[dict[str, Any]]:
        found = selectors.parts_of(participant, Qualification).prefetch_related("occupations")
        return [
            model_to_dict(q, exclude=["occupations"])
            | {"occupation_ids": [o.pk for o in q.occupations.all()]}
            for q in found
        ]

    @staticmethod
    def resolve_work_experience(participant: Participant) -> QuerySet[WorkExperience]:
        return selectors.parts_of(participant, WorkExperience)

    @staticmethod
    def resolve_pathway(participant: Participant) -> QuerySet[PathwayStep]:
        return selectors.parts_of(participant, PathwayStep)

    @staticmethod
    def resolve_next_steps(participant: Participant) -> QuerySet[NextStep]:
        return selectors.parts_of(participant, NextStep)

    @staticmethod
    def resolve_consents(participant: Participant) -> QuerySet[Consent]:
        return selectors.parts_of(participant, Consent)


class SessionIn(Schema):
    held_on: date | None = None
    duration_minutes: int = 45
    form: str = Field("in_person", description="in_person, phone, video, outreach")
    language: str = ""
    interpreter_present: bool = False
    topics: list[str] = []
    notes: str = ""
    confidential_notes: str = ""
    next_step: str = Field("", max_length=300)
    next_step_due_on: date | None = None


class ConsentIn(Schema):
    purpose: str = Field(..., description="counselling, sharing, matching, events, story, research")
    recipient_id: ApiId | None = Field(None, description="the receiving organisation (sharing)")
    text_language: str = Field(..., description="the language of the text shown to the person")
    method: str = Field(..., description="signature, online, oral")


def _actor(request: HttpRequest) -> Actor:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "participants.work_with_cases"):
        raise Http404
    return actor


def _errors(form: forms.BaseForm, names: dict[str, str] | None = None) -> ErrorOut:
    back = {model: api for api, model in (names or {}).items()}
    return ErrorOut(
        detail=[
            FieldError(loc=["body", back.get(field, field)], msg=" ".join(str(m) for m in messages))
            for field, messages in form.errors.items()
        ]
    )


def _form_data(payload: dict[str, Any]) -> dict[str, Any]:
    data = {PERSON_NAMES.get(name, name): value for name, value in payload.items()}
    return {name: ("" if value is None else value) for name, value in data.items()}


def _person_values(form: forms.ModelForm) -> dict[str, Any]:  # type: ignore[type-arg]
    return {name: form.cleaned_data[name] for name in form._meta.fields or ()}


@router.get("", response=list[ParticipantSummary], summary="The caller's caseload")
@paginate
def list_participants(request: HttpRequest, q: str = "", status: str = "") -> QuerySet[Participant]:
    return selectors.caseload(actor=_actor(request), query=q[:200], status=status)


@router.post(
    "",
    response={201: Created, 409: DuplicatesOut, 422: ErrorOut},
    summary="Open a case for a person",
)
def create_participant(request: HttpRequest, payload: ParticipantIn) -> Status[Any]:
    actor = _actor(request)
    allowed = network.organisations_visible_to(actor=actor).filter(
        pk__in=actor.organisations(Role.COUNSELLOR, Role.ORGANISATION_ADMIN)
    )
    values = payload.model_dump(exclude={"organisation_id", "not_a_duplicate"}, exclude_unset=True)
    form = case_forms.ParticipantForm(_form_data(values))
    organisation = None
    if payload.organisation_id is not None:
        organisation = allowed.filter(pk=payload.organisation_id).first()
    elif allowed.count() == 1:
        organisation = allowed.first()
    if organisation is None:
        form.is_valid()
        form.add_error(None, _("Name one of your organisations in organisation_id."))
    if not form.is_valid() or organisation is None:
        errors = _errors(form, PERSON_NAMES)
        for error in errors.detail:
            if error.loc == ["body", "__all__"]:
                error.loc = ["body", "organisation_id"]
        return Status(422, errors)
    data = _person_values(form)
    duplicates = selectors.likely_duplicates(
        actor=actor, organisation_id=organisation.pk, person=data
    )
    if duplicates and not payload.not_a_duplicate:
        return Status(
            409,
            DuplicatesOut(
                detail=_(
                    "This person may already have a case. Check the cases named, then send "
                    "not_a_duplicate: true to open a new one."
                ),
                likely_duplicates=[d.participant.pk for d in duplicates],
            ),
        )
    participant = services.open_case(actor=actor, organisation=organisation, values=data)
    return Status(201, Created(id=participant.pk))


@router.get("/{participant_id}", response=ParticipantOut, summary="One case file")
def get_participant(request: HttpRequest, participant_id: ApiId) -> Participant:
    return selectors.case_for_view(actor=_actor(request), participant_id=participant_id)


@router.patch(
    "/{participant_id}",
    response={200: ParticipantOut, 422: ErrorOut},
    summary="Change a person's details (only the fields sent)",
)
def patch_participant(
    request: HttpRequest, participant_id: ApiId, payload: ParticipantPatch
) -> Status[Any]:
    actor = _actor(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    current = model_to_dict(participant, fields=case_forms.ParticipantForm.Meta.fields)
    changes = _form_data(payload.model_dump(exclude_unset=True, exclude={"status"}))
    form = case_forms.ParticipantForm(
        {name: ("" if value is None else value) for name, value in current.items()} | changes,
        instance=participant,
    )
    status_error = payload.status is not None and payload.status not in {"open", "closed"}
    if not form.is_valid() or status_error:
        errors = _errors(form, PERSON_NAMES)
        if status_error:
            errors.detail.append(FieldError(loc=["body", "status"], msg=_("Use open or closed.")))
        return Status(422, errors)
    values = _person_values(form)
    if payload.status is not None:
        values["status"] = payload.status
    participant.refresh_from_db()
    services.change_participant(actor=actor, participant=participant, values=values)
    return Status(200, selectors.case_for_view(actor=actor, participant_id=participant.pk))


@router.post(
    "/{participant_id}/sessions",
    response={201: Created, 422: ErrorOut},
    summary="Record a counselling session (with an optional next step)",
)
def create_session(request: HttpRequest, participant_id: ApiId, payload: SessionIn) -> Status[Any]:
    actor = _actor(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    data = {k: ("" if v is None else v) for k, v in payload.model_dump(exclude_unset=True).items()}
    data.setdefault("held_on", timezone.localdate())
    data.setdefault("duration_minutes", 45)
    data.setdefault("form", "in_person")
    form = case_forms.SessionForm(data)
    if not form.is_valid():
        return Status(422, _errors(form))
    cleaned = form.cleaned_data
    steps = [(cleaned["next_step"], cleaned["next_step_due_on"])] if cleaned["next_step"] else []
    session: CounsellingSession = services.record_session(
        actor=actor,
        participant=participant,
        values={name: cleaned[name] for name in form._meta.fields or ()},
        next_steps=steps,
    )
    return Status(201, Created(id=session.pk))


@router.post(
    "/{participant_id}/consents",
    response={201: Created, 422: ErrorOut},
    summary="Record a consent in the ledger (the current text version)",
)
def create_consent(request: HttpRequest, participant_id: ApiId, payload: ConsentIn) -> Status[Any]:
    actor = _actor(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    recipients = network.organisations_visible_to(actor=actor).filter(is_active=True)
    languages = sorted(selectors.consent_texts()["purposes"]["counselling"])
    form = case_forms.ConsentForm(
        {
            "purpose": payload.purpose,
            "recipient": payload.recipient_id or "",
            "text_language": payload.text_language,
            "method": payload.method,
            "confirmed": True,
        },
        recipients=recipients,
        text_languages=languages,
    )
    if not form.is_valid():
        return Status(422, _errors(form, {"recipient_id": "recipient"}))
    data = form.cleaned_data
    consent = services.record_consent(
        actor=actor,
        participant=participant,
        purpose=data["purpose"],
        recipient=data["recipient"],
        text_version=selectors.consent_texts()["version"],
        text_language=data["text_language"],
        method=data["method"],
    )
    return Status(201, Created(id=consent.pk))


@router.get(
    "/{participant_id}/export",
    response=dict[str, Any],
    summary="Everything held about the person (Art. 15 GDPR), as JSON",
)
def export_participant(request: HttpRequest, participant_id: ApiId) -> dict[str, Any]:
    report = rights.access_report(actor=_actor(request), participant_id=participant_id)
    loaded: dict[str, Any] = json.loads(rights.report_json(report))
    return loaded


class ErasureIn(Schema):
    reason: str = Field(..., description="request, withdrawn or purpose_ended")
    confirm_case: int = Field(..., description="the case number again, as a safeguard")


class ErasureOut(Schema):
    erasure_id: int
    removed: dict[str, int]
    retained: list[str]


@router.post(
    "/{participant_id}/erasure",
    response={200: ErasureOut, 422: ErrorOut},
    summary="Erase the person from every table and file (Art. 17 GDPR)",
)
def erase_participant(
    request: HttpRequest, participant_id: ApiId, payload: ErasureIn
) -> Status[Any]:
    actor = _actor(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form = case_forms.ErasureForm(payload.model_dump(), case_number=participant.pk)
    if not form.is_valid():
        return Status(422, _errors(form))
    result = rights.erase(actor=actor, participant=participant, reason=form.cleaned_data["reason"])
    record = result.record
    return Status(
        200, ErasureOut(erasure_id=record.pk, removed=record.removed, retained=record.retained)
    )
