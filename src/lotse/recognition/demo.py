"""Recognition procedures for the synthetic demo cases, so that the deadlines panel, the
procedure pages and the statistics show something a counsellor recognises.

For about half of the demo people with a qualification and work in a German reference
occupation, a procedure at the authority the navigator names for their place: some waiting for
the receipt, some complete and running, some decided (full, partial with differences, none).
Idempotent: a qualification with a procedure is left alone. Written in batches with one audit
entry per procedure, like the demo cases themselves.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEntry
from lotse.occupations.models import REFERENCE_KINDS
from lotse.participants.models import Participant, Qualification, WorkExperience
from lotse.recognition.engine.navigator import Location, Question, advise
from lotse.recognition.engine.rules import rule_book
from lotse.recognition.models import Difference, RecognitionCase
from lotse.recognition.selectors import engine_occupation

SHARE = 0.5
DIFFERENCES = ["Praxisanteil", "Rechtskunde", "Arbeitssicherheit", "Fachtheorie"]


def _candidates() -> list[tuple[Qualification, WorkExperience]]:
    taken = RecognitionCase.objects.values("qualification_id")
    qualifications = (
        Qualification.objects.filter(participant__external_reference__startswith="demo-")
        .exclude(pk__in=taken)
        .select_related("participant__organisation")
    )
    work = {
        (w.participant_id, w.title): w
        for w in WorkExperience.objects.filter(
            participant__in=qualifications.values("participant"),
            occupation__kind__in=REFERENCE_KINDS,
        ).select_related("occupation")
    }
    pairs = [(q, work.get((q.participant_id, q.title_as_written))) for q in qualifications]
    return [(q, w) for q, w in pairs if w is not None]


def _procedure(
    rng: random.Random, qualification: Qualification, work: WorkExperience
) -> RecognitionCase | None:
    person: Participant = qualification.participant
    if work.occupation is None:
        return None
    occupation = engine_occupation(work.occupation, "de")
    question = Question(
        (occupation,),
        Location(person.state_code, person.district_code, person.postcode),
        qualification.country,
    )
    book = rule_book()
    candidate = advise(book, question).candidates[0]
    if candidate.authority is None:
        return None
    today = timezone.localdate()
    submitted = person.opened_on + timedelta(days=rng.randint(14, 90))
    if submitted >= today:
        return None
    procedure = RecognitionCase(
        participant=person,
        qualification=qualification,
        occupation=work.occupation,
        authority_key=candidate.authority.key,
        authority_name=candidate.authority.name,
        state_code=person.state_code,
        eu_qualification=book.in_group(qualification.country, "eu_eea_ch"),
        accelerated=rng.random() < 0.1,
        submitted_on=submitted,
        funding=rng.choice(["grant", "grant", "jobcenter", "self"]),
        fee_eur=rng.choice([200, 350, 450, 600]),
    )
    procedure.funding_applied_on = submitted - timedelta(days=rng.randint(-10, 20))
    procedure.first_cost_on = submitted
    stage = (today - submitted).days
    if stage > 25:
        procedure.receipt_confirmed_on = submitted + timedelta(days=rng.randint(7, 30))
    if stage > 60:
        procedure.file_complete_on = submitted + timedelta(days=rng.randint(30, 60))
    complete = procedure.file_complete_on
    if complete is not None and stage > 150 and rng.random() < 0.8:
        procedure.decided_on = complete + timedelta(days=rng.randint(40, 95))
        procedure.outcome = rng.choice(["full", "full", "partial", "partial", "none"])
    return procedure


@transaction.atomic
def add_procedures(seed: int = 1) -> int:
    """Procedures for the demo cases that have none yet; returns how many were written."""
    procedures = []
    for qualification, work in _candidates():
        rng = random.Random(f"{seed}-{qualification.pk}")  # noqa: S311 - invented data
        if rng.random() < SHARE:
            procedure = _procedure(rng, qualification, work)
            if procedure is not None:
                procedures.append(procedure)
    RecognitionCase.objects.bulk_create(procedures, batch_size=1000)
    differences = [
        Difference(recognition=p, area=area, description="")
        for p in procedures
        if p.outcome == "partial"
        for area in random.Random(p.pk).sample(DIFFERENCES, k=2)  # noqa: S311 - invented data
    ]
    Difference.objects.bulk_create(differences, batch_size=1000)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor_id=None,
            action=AuditAction.CREATE,
            target_type="recognition.recognitioncase",
            target_id=str(p.pk),
            target_label=p.participant.reference,
            organisation_id=p.participant.organisation_id,
            network_id=p.participant.organisation.network_id,
            note="demo generate",
        )
        for p in procedures
    )
    return len(procedures)
