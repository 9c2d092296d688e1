"""Retention: personal data is kept only as long as its purpose needs it.

Run daily by the task worker (``tasks.apply_retention_daily``) and by hand with
``lotse participants apply-retention [--dry-run]``. Closed cases are erased
``LOTSE_RETENTION_CLOSED_CASE_DAYS`` after closing (through the erasure of Art. 17, so the
ESF+ monitoring is kept pseudonymised as long as its own period runs); retained ESF+ records
whose period has ended are deleted. The report says what was done, with numbers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_event
from lotse.participants.models import CaseStatus, Participant, RetainedEsfRecord
from lotse.participants.rights import erase
from lotse.permissions import SYSTEM


@dataclass(frozen=True)
class RetentionReport:
    checked_on: date
    closed_cases_erased: int
    esf_records_deleted: int
    dry_run: bool


def closed_cases_due(today: date) -> list[Participant]:
    cutoff = today - timedelta(days=settings.LOTSE_RETENTION_CLOSED_CASE_DAYS)
    return list(
        Participant.objects.filter(status=CaseStatus.CLOSED, closed_on__lt=cutoff)
        .select_related("organisation")
        .order_by("pk")
    )


@transaction.atomic
def apply_retention(*, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    today = today or timezone.localdate()
    cases = closed_cases_due(today)
    expired = RetainedEsfRecord.objects.filter(keep_until__lt=today)
    expired_count = expired.count()
    if not dry_run:
        for participant in cases:
            erase(actor=SYSTEM, participant=participant, reason="retention")
        expired.delete()
        audit_event(
            actor=SYSTEM,
            action=AuditAction.DELETE,
            target_type="participants.retention",
            note=f"{len(cases)} closed cases erased, {expired_count} ESF+ records deleted",
        )
    return RetentionReport(
        checked_on=today,
        closed_cases_erased=len(cases),
        esf_records_deleted=expired_count,
        dry_run=dry_run,
    )
