"""The legal timeline of a recognition procedure (§§ 6, 13, 14, 14a BQFG and the Länder laws).

- The authority confirms receipt within one month of submission and names missing documents.
- It decides within three months of the complete file; two months in the accelerated procedure
  for skilled workers (§ 81a AufenthG, § 14a BQFG).
- It may extend the decision deadline once, with reasons; for qualifications from the EU, the EEA
  or Switzerland by at most one month.
- The clock stops while a skills analysis runs and while a deadline set for missing documents
  runs; paused days are added once, however the pauses overlap.

Months are calendar months (``lotse.dates.add_months``, § 188 BGB).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lotse.dates import add_months

RECEIPT_MONTHS = 1
DECISION_MONTHS = 3
ACCELERATED_DECISION_MONTHS = 2
EU_EXTENSION_LIMIT_MONTHS = 1
SOON_DAYS = 14


class TimelineError(ValueError):
    """Dates that cannot belong to one procedure: the field, and a code for the reason."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


@dataclass(frozen=True)
class Pause:
    kind: str  # "skills_analysis" or "missing_documents"
    start: date
    end: date | None = None  # None: still running


@dataclass(frozen=True)
class Procedure:
    submitted_on: date | None = None
    receipt_confirmed_on: date | None = None
    file_complete_on: date | None = None
    decided_on: date | None = None
    accelerated: bool = False
    eu_qualification: bool = False
    extension_months: int = 0
    pauses: tuple[Pause, ...] = ()


@dataclass(frozen=True)
class Deadline:
    kind: str  # "receipt" or "decision"
    due_on: date | None  # None while the clock is stopped or has not started
    done_on: date | None
    paused: bool = False

    def state(self, today: date) -> str:
        """met, late (done after the deadline), overdue, due_soon, open, paused or waiting."""
        if self.done_on is not None:
            return "late" if self.due_on and self.done_on > self.due_on else "met"
        if self.paused:
            return "paused"
        if self.due_on is None:
            return "waiting"
        if today > self.due_on:
            return "overdue"
        return "due_soon" if (self.due_on - today).days <= SOON_DAYS else "open"


def check(procedure: Procedure) -> None:
    """Raise ``TimelineError`` for dates that contradict each other."""
    submitted, complete = procedure.submitted_on, procedure.file_complete_on
    order = [
        ("receipt_confirmed_on", procedure.receipt_confirmed_on),
        ("file_complete_on", complete),
        ("decided_on", procedure.decided_on),
    ]
    for field, day in order:
        if day is not None and (submitted is None or day < submitted):
            raise TimelineError(field, "before_submission")
    if procedure.decided_on and complete and procedure.decided_on < complete:
        raise TimelineError("decided_on", "decision_before_complete")
    if procedure.extension_months < 0:
        raise TimelineError("extension_months", "negative_extension")
    if procedure.eu_qualification and procedure.extension_months > EU_EXTENSION_LIMIT_MONTHS:
        raise TimelineError("extension_months", "eu_extension")
    for pause in procedure.pauses:
        if pause.end is not None and pause.end < pause.start:
            raise TimelineError("pauses", "pause_order")


def paused_days(pauses: tuple[Pause, ...], since: date, until: date | None = None) -> int:
    """Days on which at least one pause ran, from ``since`` on (each day once)."""
    spans = sorted(
        (max(p.start, since), p.end or until or p.start)
        for p in pauses
        if (p.end or since) >= since
    )
    total, reached = 0, since - timedelta(days=1)
    for start, end in spans:
        start = max(start, reached + timedelta(days=1))
        if end >= start:
            total += (end - start).days + 1
            reached = end
    return total


def decision_due(procedure: Procedure) -> date | None:
    complete = procedure.file_complete_on
    if complete is None or any(p.end is None and p.start >= complete for p in procedure.pauses):
        return None
    months = ACCELERATED_DECISION_MONTHS if procedure.accelerated else DECISION_MONTHS
    base = add_months(complete, months + procedure.extension_months)
    return base + timedelta(days=paused_days(procedure.pauses, complete))


def timeline(procedure: Procedure) -> tuple[Deadline, ...]:
    check(procedure)
    deadlines = []
    if procedure.submitted_on is not None:
        deadlines.append(
            Deadline(
                kind="receipt",
                due_on=add_months(procedure.submitted_on, RECEIPT_MONTHS),
                done_on=procedure.receipt_confirmed_on,
            )
        )
    complete = procedure.file_complete_on
    running = [p for p in procedure.pauses if p.end is None and complete and p.start >= complete]
    deadlines.append(
        Deadline(
            kind="decision",
            due_on=decision_due(procedure),
            done_on=procedure.decided_on,
            paused=bool(running),
        )
    )
    return tuple(deadlines)
