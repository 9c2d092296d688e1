"""Writes of recognition procedures: each checked, in one transaction, with its audit entry.

A refused write raises ``ProcedureRefused`` naming the field and the reason in the reader's
language; nothing of it is saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from lotse import permissions
from lotse.audit.models import AuditAction
from lotse.audit.services import audit
from lotse.occupations.models import REFERENCE_KINDS, Occupation
from lotse.participants.models import Participant, Qualification, StepKind
from lotse.permissions import Actor
from lotse.recognition.engine.deadlines import TimelineError, check
from lotse.recognition.engine.rules import rule_book
from lotse.recognition.models import Difference, Outcome, RecognitionCase, RecognitionPause
from lotse.recognition.selectors import engine_procedure

# What a counsellor edits on a procedure (the rest is set when it is opened).
EDITABLE_FIELDS = (
    "authority_key",
    "accelerated",
    "submitted_on",
    "receipt_confirmed_on",
    "missing_documents",
    "file_complete_on",
    "extension_months",
    "extension_reason",
    "decided_on",
    "outcome",
    "compensation",
    "adaptation_step",
    "withdrawn_on",
    "fee_eur",
    "other_costs_eur",
    "first_cost_on",
    "funding",
    "funding_applied_on",
    "funding_granted_eur",
)


class ProcedureRefused(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _timeline_message(code: str) -> str:
    return {
        "before_submission": _(
            "This date needs the date of the application, and cannot lie before it."
        ),
        "decision_before_complete": _("The notice cannot be dated before the file was complete."),
        "negative_extension": _("An extension cannot be negative."),
        "eu_extension": _(
            "For a qualification from the EU, the EEA or Switzerland the deadline may be "
            "extended by one month at most."
        ),
        "pause_order": _("A pause cannot end before it starts."),
    }[code]


def _one_open_per_qualification() -> ProcedureRefused:
    return ProcedureRefused(
        "qualification",
        _(
            "A recognition procedure for this qualification is already open: only one may run "
            "in Germany at a time. Close or withdraw it first."
        ),
    )


def _clean(record: models.Model, exclude: list[str] | None = None) -> None:
    """The model's own checks (lengths, choices, limits), refused with the first field."""
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ProcedureRefused(field, messages[0]) from None


def _check(procedure: RecognitionCase) -> None:
    # The case, qualification and occupation were checked when the procedure was opened; the
    # one-open-procedure constraint is answered by _save with its own message.
    _clean(procedure, exclude=["participant", "qualification", "occupation"])
    if procedure.authority_key not in rule_book().authorities:
        raise ProcedureRefused("authority_key", _("Choose an authority from the directory."))
    if procedure.extension_months and not procedure.extension_reason.strip():
        raise ProcedureRefused(
            "extension_reason", _("The authority must give reasons for an extension: note them.")
        )
    if procedure.decided_on and not procedure.outcome:
        raise ProcedureRefused("outcome", _("Enter the outcome the notice states."))
    if procedure.outcome and not procedure.decided_on:
        raise ProcedureRefused("decided_on", _("Enter the date of the notice."))
    if procedure.compensation and procedure.outcome == Outcome.FULL:
        raise ProcedureRefused(
            "compensation", _("With full equivalence there is nothing to compensate.")
        )
    step = procedure.adaptation_step
    if step is not None and (
        step.participant_id != procedure.participant_id or step.kind != StepKind.ADAPTATION
    ):
        raise ProcedureRefused(
            "adaptation_step", _("Choose an adaptation qualification of this person's pathway.")
        )
    if procedure.withdrawn_on and procedure.decided_on:
        raise ProcedureRefused(
            "withdrawn_on", _("A procedure with a notice cannot be withdrawn any more.")
        )
    try:
        check(engine_procedure(procedure))
    except TimelineError as error:
        raise ProcedureRefused(error.field, _timeline_message(error.code)) from None


def _save(procedure: RecognitionCase, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            procedure.save(**kwargs)
    except IntegrityError:
        raise _one_open_per_qualification() from None


@transaction.atomic
def open_procedure(
    *,
    actor: Actor,
    participant: Participant,
    qualification_id: int,
    occupation_id: int,
    authority_key: str,
    state_code: str,
    accelerated: bool = False,
    submitted_on: date | None = None,
) -> RecognitionCase:
    qualification = Qualification.objects.filter(
        pk=qualification_id, participant=participant
    ).first()
    if qualification is None:
        raise ProcedureRefused("qualification", _("Choose a qualification of this person."))
    occupation = Occupation.objects.filter(pk=occupation_id, kind__in=REFERENCE_KINDS).first()
    if occupation is None:
        raise ProcedureRefused("occupation", _("Choose a German reference occupation."))
    open_ones = RecognitionCase.objects.filter(
        qualification=qualification, decided_on__isnull=True, withdrawn_on__isnull=True
    )
    if open_ones.exists():
        raise _one_open_per_qualification()
    book = rule_book()
    authority = book.authorities.get(authority_key)
    procedure = RecognitionCase(
        participant=participant,
        qualification=qualification,
        occupation=occupation,
        authority_key=authority_key,
        authority_name=authority.name if authority else "",
        state_code=state_code,
        eu_qualification=book.in_group(qualification.country, "eu_eea_ch"),
        accelerated=accelerated,
        submitted_on=submitted_on,
    )
    permissions.require(actor, permissions.ADD, procedure)
    _check(procedure)
    _save(procedure)
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=procedure,
        label=f"{participant.reference}: {occupation.key}",
    )
    return procedure


@transaction.atomic
def change_procedure(
    *, actor: Actor, procedure: RecognitionCase, values: dict[str, Any]
) -> list[str]:
    """Set the given fields; returns those that changed."""
    permissions.require(actor, permissions.CHANGE, procedure)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ProcedureRefused(None, f"not editable: {', '.join(sorted(unknown))}")
    changed = [name for name, value in values.items() if getattr(procedure, name) != value]
    for name in changed:
        setattr(procedure, name, values[name])
    if "authority_key" in changed:
        authority = rule_book().authorities.get(procedure.authority_key)
        procedure.authority_name = authority.name if authority else ""
    if not changed:
        return []
    _check(procedure)
    _save(procedure)
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=procedure,
        label=procedure.participant.reference,
        changed_fields=changed,
    )
    return changed


@transaction.atomic
def add_pause(
    *, actor: Actor, procedure: RecognitionCase, kind: str, started_on: date, ended_on: date | None
) -> RecognitionPause:
    pause = RecognitionPause(
        recognition=procedure, kind=kind, started_on=started_on, ended_on=ended_on
    )
    permissions.require(actor, permissions.ADD, pause)
    _clean(pause)
    if ended_on and ended_on < started_on:
        raise ProcedureRefused("ended_on", _timeline_message("pause_order"))
    pause.save()
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=pause,
        label=procedure.participant.reference,
    )
    return pause


@transaction.atomic
def end_pause(*, actor: Actor, pause: RecognitionPause, ended_on: date) -> None:
    permissions.require(actor, permissions.CHANGE, pause)
    if ended_on < pause.started_on:
        raise ProcedureRefused("ended_on", _timeline_message("pause_order"))
    pause.ended_on = ended_on
    pause.save(update_fields=["ended_on"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=pause,
        label=pause.recognition.participant.reference,
        changed_fields=["ended_on"],
    )


@transaction.atomic
def add_difference(
    *, actor: Actor, procedure: RecognitionCase, area: str, description: str = ""
) -> Difference:
    if procedure.outcome not in {Outcome.PARTIAL, Outcome.NONE}:
        raise ProcedureRefused(
            "area", _("Substantial differences belong to a notice of partial or no equivalence.")
        )
    difference = Difference(recognition=procedure, area=area.strip(), description=description)
    permissions.require(actor, permissions.ADD, difference)
    _clean(difference)
    difference.save()
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        target=difference,
        label=procedure.participant.reference,
    )
    return difference


@transaction.atomic
def set_difference_closed(*, actor: Actor, difference: Difference, closed: bool) -> None:
    permissions.require(actor, permissions.CHANGE, difference)
    difference.closed = closed
    difference.save(update_fields=["closed"])
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        target=difference,
        label=difference.recognition.participant.reference,
        changed_fields=["closed"],
    )


@transaction.atomic
def remove_part(*, actor: Actor, part: RecognitionPause | Difference) -> None:
    """Remove a pause or a difference entered in error."""
    permissions.require(actor, permissions.DELETE, part)
    label = part.recognition.participant.reference
    audit(actor=actor, action=AuditAction.DELETE, target=part, label=label)
    part.delete()


@transaction.atomic
def remove_procedure(*, actor: Actor, procedure: RecognitionCase) -> None:
    """Remove a procedure entered in error (a real one that ended is withdrawn or decided)."""
    permissions.require(actor, permissions.DELETE, procedure)
    audit(
        actor=actor,
        action=AuditAction.DELETE,
        target=procedure,
        label=procedure.participant.reference,
    )
    procedure.delete()
