"""Admission to the external exam (§ 45(2) BBiG, § 37(2) HwO): is there enough work experience?

A person without a German training qualification is admitted to the final exam of a training
occupation when they have worked in it for at least ``factor`` times its regular training
duration (the factor, 1.5, is data: ``data/external_exam.json``). Work abroad counts, and so do
training periods in another relevant occupation. Overlapping periods count once; part-time work
counts by its share of full time. The function is pure: dates and durations in, months out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive; an ongoing period ends on the day of the calculation
    share: float = 1.0  # of full time, 0 < share <= 1

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")
        if not 0 < self.share <= 1:
            raise ValueError("the share of full time must be above 0 and at most 1")


@dataclass(frozen=True)
class Admission:
    required_months: int
    counted_months: float
    missing_months: int
    reached: bool


def _day_number(day: date) -> int:
    return day.toordinal()


def _calendar_months(first: int, end: int) -> float:
    """Months from day ``first`` up to (not including) day ``end``, by the calendar: each day
    counts as a share of its own month, so 1 January to 31 December is exactly 12."""
    months = 0.0
    day = first
    while day < end:
        current = date.fromordinal(day)
        next_month = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        month_end = min(end, next_month.toordinal())
        length = next_month.toordinal() - date(current.year, current.month, 1).toordinal()
        months += (month_end - day) / length
        day = month_end
    return months


def counted_months(periods: Iterable[Period]) -> float:
    """Months of full-time-equivalent experience; a day worked in two jobs counts once, at the
    higher share (capped at full time)."""
    events: list[tuple[int, float]] = []
    for period in periods:
        events.append((_day_number(period.start), period.share))
        events.append((_day_number(period.end) + 1, -period.share))
    events.sort()
    total = 0.0
    active: list[float] = []
    previous: int | None = None
    for day, change in events:
        if previous is not None and active and day > previous:
            total += _calendar_months(previous, day) * min(1.0, max(active))
        if change > 0:
            active.append(change)
        else:
            active.remove(-change)
        previous = day
    return total


def external_exam_admission(
    *, training_months: int, periods: Iterable[Period], factor: float
) -> Admission:
    """Whether the periods reach ``factor`` × ``training_months``, and how many months are missing
    (whole months, rounded up, so that 0 means reached)."""
    if training_months <= 0:
        raise ValueError("the training duration must be positive")
    required = math.ceil(training_months * factor)
    counted = counted_months(periods)
    # Tolerate the rounding of days into months: 1e-9 of a month is not a missing day.
    missing = max(0, math.ceil(required - counted - 1e-9))
    return Admission(
        required_months=required,
        # Shown to one decimal, rounded down: never more than was worked.
        counted_months=math.floor(counted * 10) / 10,
        missing_months=missing,
        reached=missing == 0,
    )
