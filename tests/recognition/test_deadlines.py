"""The legal timeline: calendar months (month ends, leap years), pauses, extensions, the
accelerated procedure, with properties checked over many generated dates."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotse.dates import add_months
from lotse.recognition.engine.deadlines import (
    Deadline,
    Pause,
    Procedure,
    TimelineError,
    decision_due,
    paused_days,
    timeline,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
months = st.integers(min_value=0, max_value=24)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2023, 11, 29), 3, date(2024, 2, 29)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2100, 1, 29), 1, date(2100, 2, 28)),  # 2100 is no leap year
    ],
)
def test_a_month_ends_on_the_same_day_or_the_last_day_of_a_shorter_month(start, count, expected):
    assert add_months(start, count) == expected


@given(days, months)
def test_adding_months_keeps_the_day_unless_the_month_is_shorter(day, count):
    later = add_months(day, count)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == count
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


@given(days, months, months)
def test_months_never_go_backwards(day, first, second):
    assert add_months(day, min(first, second)) <= add_months(day, max(first, second))


@given(days, st.booleans())
def test_the_decision_is_due_three_months_after_the_complete_file_two_when_accelerated(
    complete, accelerated
):
    procedure = Procedure(submitted_on=complete, file_complete_on=complete, accelerated=accelerated)
    assert decision_due(procedure) == add_months(complete, 2 if accelerated else 3)


@given(days, st.integers(min_value=0, max_value=3))
def test_an_extension_moves_the_deadline_by_its_months(complete, extension):
    procedure = Procedure(
        submitted_on=complete, file_complete_on=complete, extension_months=extension
    )
    assert decision_due(procedure) == add_months(complete, 3 + extension)


def test_an_eu_qualification_may_be_extended_by_one_month_at_most():
    day = date(2026, 3, 1)
    allowed = Procedure(day, file_complete_on=day, eu_qualification=True, extension_months=1)
    assert decision_due(allowed) == date(2026, 7, 1)
    with pytest.raises(TimelineError) as refused:
        timeline(Procedure(day, file_complete_on=day, eu_qualification=True, extension_months=2))
    assert (refused.value.field, refused.value.code) == ("extension_months", "eu_extension")


pauses = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 90)).map(
        lambda p: Pause("skills_analysis", date(2026, 1, 1) + timedelta(days=p[0]),
                        date(2026, 1, 1) + timedelta(days=p[0] + p[1]))
    ),
    max_size=5,
)  # fmt: skip


@given(pauses)
def test_paused_days_count_each_day_once_however_pauses_overlap(spans):
    since = date(2026, 1, 1)
    covered = set()
    for pause in spans:
        day = pause.start
        while day <= pause.end:
            covered.add(day)
            day += timedelta(days=1)
    assert paused_days(tuple(spans), since) == len(covered)


@given(pauses)
def test_pauses_only_ever_push_the_decision_later(spans):
    complete = date(2026, 1, 1)
    plain = Procedure(complete, file_complete_on=complete)
    paused = Procedure(complete, file_complete_on=complete, pauses=tuple(spans))
    assert decision_due(paused) >= decision_due(plain)
    assert (decision_due(paused) - decision_due(plain)).days == paused_days(tuple(spans), complete)


def test_a_pause_before_the_file_was_complete_does_not_count():
    complete = date(2026, 5, 1)
    early = Pause("missing_documents", date(2026, 3, 1), date(2026, 4, 30))
    procedure = Procedure(date(2026, 2, 1), file_complete_on=complete, pauses=(early,))
    assert decision_due(procedure) == date(2026, 8, 1)


def test_a_running_pause_stops_the_clock():
    complete = date(2026, 5, 1)
    running = Pause("skills_analysis", date(2026, 6, 1))
    procedure = Procedure(date(2026, 4, 1), file_complete_on=complete, pauses=(running,))
    receipt, decision = timeline(procedure)
    assert decision.due_on is None and decision.paused
    assert decision.state(date(2026, 12, 1)) == "paused"
    assert receipt.due_on == date(2026, 5, 1)


@pytest.mark.parametrize(
    ("deadline", "today", "state"),
    [
        (Deadline("decision", date(2026, 5, 1), None), date(2026, 5, 2), "overdue"),
        (Deadline("decision", date(2026, 5, 1), None), date(2026, 4, 20), "due_soon"),
        (Deadline("decision", date(2026, 5, 1), None), date(2026, 3, 1), "open"),
        (Deadline("decision", date(2026, 5, 1), date(2026, 4, 1)), date(2026, 9, 1), "met"),
        (Deadline("decision", date(2026, 5, 1), date(2026, 6, 1)), date(2026, 9, 1), "late"),
        (Deadline("decision", None, None), date(2026, 9, 1), "waiting"),
    ],
)
def test_deadline_states(deadline, today, state):
    assert deadline.state(today) == state


@pytest.mark.parametrize(
    ("procedure", "field"),
    [
        (Procedure(date(2026, 5, 1), receipt_confirmed_on=date(2026, 4, 1)), "receipt_confirmed_on"),
        (Procedure(None, file_complete_on=date(2026, 4, 1)), "file_complete_on"),
        (Procedure(date(2026, 1, 1), date(2026, 1, 5), date(2026, 3, 1), date(2026, 2, 1)),
         "decided_on"),
        (Procedure(date(2026, 1, 1), extension_months=-1), "extension_months"),
        (Procedure(date(2026, 1, 1), pauses=(Pause("skills_analysis", date(2026, 3, 1),
                                                   date(2026, 2, 1)),)), "pauses"),
    ],
)  # fmt: skip
def test_contradicting_dates_are_refused_naming_the_field(procedure, field):
    with pytest.raises(TimelineError) as refused:
        timeline(procedure)
    assert refused.value.field == field
