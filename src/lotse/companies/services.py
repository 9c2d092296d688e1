"""Writes of company files: each checked, in one transaction, with its audit entry.

A refusal raises ``CompanyRefused(field, message)`` in the reader's language; creating a
company that looks like one already there raises ``LikelyDuplicates`` with them, unless the
liaison confirms it is another company.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from lotse import permissions, places
from lotse.accounts import services as accounts
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.companies import tasks
from lotse.companies.models import (
    COMPANY_PARTS,
    PROPOSAL_ENDS,
    PROPOSAL_ORDER,
    STAGE_ORDER,
    ChamberKind,
    Company,
    ContactEvent,
    DeclineReason,
    Opening,
    OpeningStatus,
    Proposal,
    ProposalFeedback,
    ProposalStatus,
    Stage,
    StageChange,
    SupportRequest,
    TrainingAuthorisation,
)
from lotse.network import services as network
from lotse.network.models import Organisation, OrganisationKind
from lotse.occupations.models import REFERENCE_KINDS, Occupation
from lotse.participants import selectors as participants
from lotse.participants import services as participant_services
from lotse.permissions import Actor
from lotse.recognition import selectors as recognition

COMPANY_FIELDS = frozenset(
    {
        "name", "legal_form", "street", "postcode", "municipality", "sector", "is_craft",
        "size_class", "chamber_kind", "chamber_name", "website", "owner_data_agreed",
        "migrant_owned", "owner_origin", "owner_languages", "next_contact_on", "trains_today",
        "aevo_trainer", "joint_training",
    }
)  # fmt: skip
LEGAL_FORM_WORDS = re.compile(
    r"\b(gmbh|ug|haftungsbeschrankt|e\s?k|ek|kg|ohg|ag|eg|e\s?v|ev|gbr|co|inh|inhaber|und|and)\b"
)
# A name this similar is likely the same company: at the same postcode, or anywhere.
SAME_PLACE_SIMILARITY = 88
ANYWHERE_SIMILARITY = 97
DATA = Path(__file__).resolve().parent / "data"


class CompanyRefused(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class LikelyDuplicates(ValueError):
    def __init__(self, candidates: list[Company]) -> None:
        super().__init__("likely duplicates")
        self.candidates = candidates


def name_key(name: str) -> str:
    """The name as duplicate detection compares it: Latin letters, no legal form, no punctuation."""
    german = name.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    plain = anyascii(german.replace("ß", "ss")).casefold().replace("&", " ")
    plain = re.sub(r"[^a-z0-9]+", " ", plain)
    return " ".join(LEGAL_FORM_WORDS.sub(" ", plain).split())


@cache
def _section_chambers() -> dict[str, str]:
    data = json.loads((DATA / "wz2008_sections.json").read_text(encoding="utf-8"))
    return dict(data["sections"])


def derived_chamber(company: Company) -> tuple[str, str]:
    """(kind, name) of the chamber a company usually belongs to: crafts to the chamber of
    crafts of its district, otherwise by its sector (industry and commerce, agriculture, …)."""
    if company.is_craft:
        name = recognition.chamber_of_crafts(
            state_code=company.state_code, district_code=company.district_code
        )
        return ChamberKind.HWK, name
    return _section_chambers().get(company.sector, ""), ""


def likely_duplicates(
    *, actor: Actor, name: str, postcode: str = "", exclude_id: int | None = None
) -> list[Company]:
    key = name_key(name)
    if not key:
        return []
    visible = permissions.visible(actor, permissions.VIEW, Company.objects.all())
    if exclude_id is not None:
        visible = visible.exclude(pk=exclude_id)
    rows = list(visible.values_list("pk", "name_key", "postcode"))
    matches = process.extract(
        key,
        [row[1] for row in rows],
        scorer=fuzz.token_sort_ratio,
        score_cutoff=SAME_PLACE_SIMILARITY,
        limit=20,
    )
    found = [
        rows[index][0]
        for _, similarity, index in matches
        if similarity >= ANYWHERE_SIMILARITY or (postcode and rows[index][2] == postcode)
    ]
    return list(Company.objects.filter(pk__in=found).select_related("organisation"))


def _place(company: Company) -> None:
    if not company.postcode:  # the municipality typed stays; nothing is derived
        company.district = company.district_code = company.state_code = ""
        company.latitude = company.longitude = None
        return
    try:
        place = places.place_for(company.postcode, company.municipality)
    except places.UnknownPostcode:
        raise CompanyRefused(
            "postcode", _("“%(value)s” is not a German postcode.") % {"value": company.postcode}
        ) from None
    company.municipality = place.municipality
    company.district, company.district_code = place.district, place.district_code
    company.state_code = place.state_code
    company.latitude, company.longitude = place.latitude, place.longitude


def _prepare(company: Company, values: dict[str, Any]) -> list[str]:
    unknown = set(values) - COMPANY_FIELDS
    if unknown:
        raise CompanyRefused(None, f"not editable: {', '.join(sorted(unknown))}")
    changed = [n for n, v in values.items() if getattr(company, n) != v]
    for name in changed:
        setattr(company, name, values[name])
    if not company.owner_data_agreed:  # nothing about the owner without the company's consent
        company.migrant_owned, company.owner_origin, company.owner_languages = False, "", []
    company.name = company.name.strip()
    company.name_key = name_key(company.name)
    if "postcode" in changed or "municipality" in changed or company.pk is None:
        _place(company)
    if not company.chamber_kind:
        company.chamber_kind, derived_name = derived_chamber(company)
        company.chamber_name = company.chamber_name or derived_name
    try:
        company.full_clean(exclude=["organisation"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise CompanyRefused(field, messages[0]) from None
    return changed


def new_key(name: str) -> str:
    return f"{slugify(name_key(name))[:28] or 'company'}-{secrets.token_hex(4)}"


@transaction.atomic
def create_company(
    *,
    actor: Actor,
    organisation: Organisation,
    values: dict[str, Any],
    not_a_duplicate: bool = False,
    key: str = "",
) -> Company:
    company = Company(organisation=organisation)
    permissions.require(actor, permissions.ADD, company)
    changed = _prepare(company, values)
    if not not_a_duplicate:
        duplicates = likely_duplicates(actor=actor, name=company.name, postcode=company.postcode)
        if duplicates:
            raise LikelyDuplicates(duplicates)
    company.key = key or new_key(company.name)
    if Company.objects.filter(organisation=organisation, key=company.key).exists():
        raise CompanyRefused(
            "key", _("Another company already has the key “%(value)s”.") % {"value": company.key}
        )
    company.save()
    StageChange.objects.create(company=company, to_stage=company.stage, by_id=actor.user_id)
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=company,
        label=company.reference,
        changed_fields=sorted(changed),
    )
    return company


@transaction.atomic
def change_company(*, actor: Actor, company: Company, values: dict[str, Any]) -> list[str]:
    permissions.require(actor, permissions.CHANGE, company)
    changed = _prepare(company, values)
    if not changed:
        return []
    company.save()
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=company,
        label=company.reference,
        changed_fields=sorted(changed),
    )
    return changed


@transaction.atomic
def move_stage(
    *, actor: Actor, company: Company, stage: str, on: date | None = None
) -> StageChange:
    """Move the company in the pipeline (forward any number of stages, or back as a correction);
    the history keeps every move."""
    permissions.require(actor, permissions.CHANGE, company)
    return _record_stage(actor, company, stage, on)


def _record_stage(actor: Actor, company: Company, stage: str, on: date | None) -> StageChange:
    if stage not in STAGE_ORDER:
        raise CompanyRefused("stage", _("Choose a stage of the pipeline."))
    if stage == company.stage:
        raise CompanyRefused("stage", _("The company is already at this stage."))
    on = on or timezone.localdate()
    last = StageChange.objects.filter(company=company).order_by("-changed_on", "-pk").first()
    if last is not None and on < last.changed_on:
        raise CompanyRefused("changed_on", _("A move cannot be dated before the previous one."))
    change = StageChange.objects.create(
        company=company,
        from_stage=company.stage,
        to_stage=stage,
        changed_on=on,
        by_id=actor.user_id,
    )
    company.stage = stage
    company.save(update_fields=["stage", "updated_at"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=company,
        label=company.reference,
        changed_fields=["stage"],
    )
    return change


def _clean(record: models.Model) -> None:
    try:
        record.full_clean(exclude=["company"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise CompanyRefused(field, messages[0]) from None


@transaction.atomic
def save_part(*, actor: Actor, record: models.Model, values: dict[str, Any]) -> models.Model:
    """Create or change a part of a company's file (a contact person, an obstacle, …)."""
    if type(record) not in COMPANY_PARTS or isinstance(
        record, StageChange | Proposal | ProposalFeedback | SupportRequest
    ):
        raise CompanyRefused(None, "not a part one edits")
    is_new = record.pk is None
    permissions.require(actor, permissions.ADD if is_new else permissions.CHANGE, record)
    changed = (
        [n for n, v in values.items() if getattr(record, n) != v] if not is_new else list(values)
    )
    for name, value in values.items():
        setattr(record, name, value)
    if isinstance(record, ContactEvent) and is_new:
        record.by_id = actor.user_id
    if isinstance(record, Opening):
        _prepare_opening(record, actor)
    _clean(record)
    record.save()
    audit(
        actor=actor,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        target=record,
        label=f"{record._meta.model_name} of {record.company.reference}",  # type: ignore[attr-defined]
        changed_fields=sorted(changed),
    )
    return record


@transaction.atomic
def remove_part(*, actor: Actor, record: models.Model) -> None:
    permissions.require(actor, permissions.DELETE, record)
    if isinstance(record, StageChange):
        raise CompanyRefused(None, _("The pipeline history is kept."))
    label = f"{record._meta.model_name} of {record.company.reference}"  # type: ignore[attr-defined]
    audit(actor=actor, action=AuditAction.DELETE, target=record, label=label)
    record.delete()


def _prepare_opening(opening: Opening, actor: Actor) -> None:
    if (
        opening.occupation_id
        and not Occupation.objects.filter(
            pk=opening.occupation_id, kind__in=REFERENCE_KINDS
        ).exists()
    ):
        raise CompanyRefused("occupation", _("Choose a German reference occupation."))
    opening.key = opening.key or secrets.token_hex(5)
    if (
        Opening.objects.filter(company_id=opening.company_id, key=opening.key)
        .exclude(pk=opening.pk)
        .exists()
    ):
        raise CompanyRefused(
            "key", _("Another opening already has the key “%(value)s”.") % {"value": opening.key}
        )
    company = opening.company
    postcode = opening.postcode or company.postcode
    if postcode:
        try:
            place = places.place_for(postcode)
        except places.UnknownPostcode:
            raise CompanyRefused(
                "postcode", _("“%(value)s” is not a German postcode.") % {"value": postcode}
            ) from None
        opening.municipality, opening.district = place.municipality, place.district
        opening.state_code = place.state_code
    if opening.status == OpeningStatus.FILLED:
        opening.filled_on = opening.filled_on or timezone.localdate()
        opening.won_by_id = opening.won_by_id or actor.user_id
        opening.published = False  # a filled place is no longer offered
    elif opening.status == OpeningStatus.WITHDRAWN:
        opening.published = False


def _further(first: str, second: str) -> str:
    return max(first, second, key=STAGE_ORDER.index)


@transaction.atomic
def merge_companies(*, actor: Actor, keep: Company, duplicate: Company) -> list[str]:
    """Merge a duplicate into ``keep``: its records move over, it fills what ``keep`` leaves
    empty, the further pipeline stage wins, and the duplicate is removed. Returns the fields
    filled."""
    if keep.pk == duplicate.pk:
        raise CompanyRefused(None, _("Choose two different companies."))
    permissions.require(actor, permissions.CHANGE, keep)
    permissions.require(actor, permissions.DELETE, duplicate)
    filled = [
        name
        for name in sorted(COMPANY_FIELDS)
        if getattr(keep, name) in (None, "", [], False)
        and getattr(duplicate, name) not in (None, "", [], False)
    ]
    for name in filled:
        setattr(keep, name, getattr(duplicate, name))
    keep.stage = _further(keep.stage, duplicate.stage)
    authorised = set(
        TrainingAuthorisation.objects.filter(company=keep).values_list("occupation_id", flat=True)
    )
    TrainingAuthorisation.objects.filter(company=duplicate, occupation_id__in=authorised).delete()
    kept_keys = set(Opening.objects.filter(company=keep).values_list("key", flat=True))
    for opening in Opening.objects.filter(company=duplicate, key__in=kept_keys):
        opening.key = secrets.token_hex(5)
        opening.save(update_fields=["key"])
    for model in COMPANY_PARTS:
        model._default_manager.filter(company=duplicate).update(company=keep)
    _place(keep)
    keep.save()
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=keep,
        label=keep.reference,
        changed_fields=[*filled, "stage"],
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


# Proposals


@transaction.atomic
def propose(*, actor: Actor, opening: Opening, participant_id: int) -> Proposal:
    """Propose a person for an open place: only someone of the company's network whose consent
    to be visible to companies stands, and only once per opening."""
    proposal = Proposal(company=opening.company, opening=opening, participant_id=participant_id)
    permissions.require(actor, permissions.CHANGE, opening.company)  # liaisons propose
    permissions.require(actor, permissions.ADD, proposal)
    if opening.status != OpeningStatus.OPEN:
        raise CompanyRefused(None, _("Only an open place takes proposals."))
    network = participants.matching_network_of(participant_id=participant_id)
    if network != opening.company.organisation.network_id or not participants.consent_allows(
        participant_id=participant_id, purpose="matching"
    ):
        raise CompanyRefused(
            None, _("This person has not agreed to be proposed to companies (or not here).")
        )
    if Proposal.objects.filter(opening=opening, participant_id=participant_id).exists():
        raise CompanyRefused(None, _("This person is proposed for this place already."))
    proposal.proposed_by_id = actor.user_id
    proposal.save()
    ProposalFeedback.objects.create(
        company=opening.company,
        proposal=proposal,
        status=ProposalStatus.PROPOSED,
        by_id=actor.user_id,
    )
    _audit_proposal(actor, proposal, AuditAction.CREATE, note=f"case {participant_id} proposed")
    return proposal


def _audit_proposal(actor: Actor, proposal: Proposal, action: AuditAction, note: str) -> None:
    audit(
        actor=actor,
        action=action,
        target=proposal,
        label=f"proposal {proposal.pk} of {proposal.company.reference}",
        changed_fields=["status"] if action == AuditAction.UPDATE else [],
        note=note,
    )


def next_steps(proposal: Proposal) -> list[str]:
    """The steps feedback can report next: any later step of the course, or its end."""
    if proposal.status in PROPOSAL_ENDS:
        return []
    later = PROPOSAL_ORDER[PROPOSAL_ORDER.index(ProposalStatus(proposal.status)) + 1 :]
    return [*later, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN]


@transaction.atomic
def give_feedback(
    *,
    actor: Actor,
    proposal: Proposal,
    status: str,
    on: date | None = None,
    decline_reason: str = "",
    note: str = "",
) -> ProposalFeedback:
    """Record the company's feedback. A contract also writes the placement into the person's
    case (outcome, pathway step, ESF+ result) and fills the place, all in this transaction."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("opening", "company")
        .get(pk=proposal.pk)
    )
    feedback = ProposalFeedback(
        company=proposal.company,
        proposal=proposal,
        status=status,
        on=on or timezone.localdate(),
        decline_reason=decline_reason if status == ProposalStatus.DECLINED else "",
        note=note.strip(),
        by_id=actor.user_id,
    )
    permissions.require(actor, permissions.ADD, feedback)
    if status not in next_steps(proposal):
        raise CompanyRefused("status", _("This step cannot follow the proposal's last one."))
    if status == ProposalStatus.DECLINED and decline_reason not in DeclineReason.values:
        raise CompanyRefused("decline_reason", _("Say why the proposal was declined."))
    if feedback.on > timezone.localdate():
        raise CompanyRefused("on", _("Feedback cannot be dated in the future."))
    _clean(feedback)
    feedback.save()
    proposal.status, proposal.decline_reason = status, feedback.decline_reason
    proposal.save(update_fields=["status", "decline_reason"])
    _audit_proposal(actor, proposal, AuditAction.UPDATE, note=status)
    if status == ProposalStatus.CONTRACT:
        _contract_signed(actor, proposal, feedback.on)
    return feedback


def _contract_signed(actor: Actor, proposal: Proposal, signed_on: date) -> None:
    opening = proposal.opening
    try:
        participant_services.record_placement(
            actor=actor,
            participant_id=proposal.participant_id,
            outcome=opening.kind,
            occupation_id=opening.occupation_id,
            employer=proposal.company.name,
            starts_on=opening.starts_on,
            signed_on=signed_on,
        )
    except participant_services.NotPlaceable:
        raise CompanyRefused(
            "status",
            _("The person withdrew their consent or is placed already: ask the counsellor."),
        ) from None
    contracts = Proposal.objects.filter(opening=opening, status=ProposalStatus.CONTRACT).count()
    if contracts >= opening.places:
        opening.status, opening.filled_on = OpeningStatus.FILLED, signed_on
        opening.won_by_id = proposal.proposed_by_id
        opening.published = False
        opening.save(update_fields=["status", "filled_on", "won_by", "published"])
        audit(
            actor=actor,
            action=AuditAction.UPDATE,
            target=opening,
            label=f"opening of {proposal.company.reference}",
            changed_fields=["status", "filled_on", "won_by", "published"],
        )
        _place_taken(actor, opening, signed_on)
    if proposal.company.stage != Stage.FILLED:  # the contract moves it, whoever reports it
        _record_stage(actor, proposal.company, Stage.FILLED, None)


def _place_taken(actor: Actor, opening: Opening, on: date) -> None:
    """The other proposals still running end: the place went to someone else."""
    running = (
        Proposal.objects.filter(opening=opening)
        .exclude(status__in=PROPOSAL_ENDS)
        .select_related("company")
    )
    for other in running:
        ProposalFeedback.objects.create(
            company=opening.company,
            proposal=other,
            status=ProposalStatus.DECLINED,
            on=on,
            decline_reason=DeclineReason.PLACE_TAKEN,
            by_id=actor.user_id,
        )
        _audit_proposal(actor, other, AuditAction.UPDATE, note="place taken")
    running.update(status=ProposalStatus.DECLINED, decline_reason=DeclineReason.PLACE_TAKEN)


# Support requests from the company portal


@transaction.atomic
def ask_for_support(*, actor: Actor, company: Company, topic: str, message: str) -> SupportRequest:
    request = SupportRequest(
        company=company, topic=topic, message=message.strip(), asked_by_id=actor.user_id
    )
    permissions.require(actor, permissions.ADD, request)
    _clean(request)
    request.save()
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=request,
        label=f"support request of {company.reference}",
    )
    transaction.on_commit(lambda: tasks.tell_liaisons_of_request.enqueue(request.pk))
    return request


@transaction.atomic
def mark_request_done(*, actor: Actor, request: SupportRequest) -> None:
    permissions.require(actor, permissions.CHANGE, request)
    if request.done_on is None:
        request.done_on, request.done_by_id = timezone.localdate(), actor.user_id
        request.save(update_fields=["done_on", "done_by"])
        audit(
            actor=actor,
            action=AuditAction.UPDATE,
            target=request,
            label=f"support request of {request.company.reference}",
            changed_fields=["done_on"],
        )


# The company portal


class PortalRefused(ValueError):
    pass


@transaction.atomic
def open_portal(*, actor: Actor, company: Company, email: str, full_name: str) -> None:
    """Give the company portal access: its own organisation (kind company) in the liaison
    organisation's network, once, and an invitation for a company user. The liaison decides
    and is audited; the invitation is written by the system, since nobody holds a role in the
    new organisation yet."""
    permissions.require(actor, permissions.CHANGE, company)
    portal = company.portal
    if portal is None:
        place = places.place_for(company.postcode) if company.postcode else None
        portal, _created = network.save_organisation(
            actor=permissions.SYSTEM,
            network=company.organisation.network,
            slug=f"company-{company.pk}",
            name=company.name,
            kind=OrganisationKind.COMPANY,
            city=company.municipality,
            postcode=company.postcode,
            district=company.district,
            state=place.state if place else company.organisation.state,
        )
        company.portal = portal
        company.save(update_fields=["portal", "updated_at"])
    try:
        accounts.invite_person(
            actor=permissions.SYSTEM,
            email=email,
            full_name=full_name,
            organisation=portal,
            role=permissions.Role.COMPANY_USER,
        )
    except accounts.AlreadyHoldsRole:
        raise PortalRefused(_("This person uses the company portal already.")) from None
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=company,
        label=company.reference,
        changed_fields=["portal"],
        note="company user invited to the portal",
    )
