"""The external-exam arithmetic (§ 45(2) BBiG): 1.5 × the training duration, work abroad counts."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotse.participants.engine.pathway import Period, counted_months, external_exam_admission


def test_three_years_of_training_need_four_and_a_half_years_of_work():
    five_years = Period(date(2015, 1, 1), date(2019, 12, 31))
    result = external_exam_admission(training_months=36, periods=[five_years], factor=1.5)
    assert result.required_months == 54 and result.reached and result.missing_months == 0


def test_what_is_missing_is_said_in_whole_months():
    two_years = Period(date(2020, 1, 1), date(2021, 12, 31))
    result = external_exam_admission(training_months=36, periods=[two_years], factor=1.5)
    assert not result.reached
    assert result.counted_months == 24.0
    assert result.missing_months == 30


def test_overlapping_jobs_count_once_and_part_time_by_its_share():
    full = Period(date(2020, 1, 1), date(2020, 12, 31))
    overlapping = Period(date(2020, 7, 1), date(2021, 6, 30))
    assert counted_months([full, overlapping]) == pytest.approx(18, abs=0.1)
    half = Period(date(2020, 1, 1), date(2021, 12, 31), share=0.5)
    assert counted_months([half]) == pytest.approx(12, abs=0.1)


def test_whole_calendar_months_count_as_whole_months():
    assert counted_months([Period(date(2019, 2, 1), date(2019, 2, 28))]) == pytest.approx(1)
    assert counted_months([Period(date(2018, 1, 1), date(2019, 12, 31))]) == pytest.approx(24)
    assert counted_months([Period(date(2020, 1, 16), date(2020, 1, 31))]) == pytest.approx(
        0.5161, abs=1e-3
    )


def test_impossible_periods_are_refused():
    with pytest.raises(ValueError):
        Period(date(2021, 1, 1), date(2020, 1, 1))
    with pytest.raises(ValueError):
        Period(date(2020, 1, 1), date(2021, 1, 1), share=0)
    with pytest.raises(ValueError):
        external_exam_admission(training_months=0, periods=[], factor=1.5)


days = st.dates(min_value=date(1970, 1, 1), max_value=date(2030, 1, 1))
periods = st.builds(
    lambda start, length, share: Period(start, start + timedelta(days=length), share),
    days,
    st.integers(min_value=0, max_value=4000),
    st.sampled_from([0.25, 0.5, 0.75, 1.0]),
)


@given(st.lists(periods, max_size=8))
def test_counted_months_never_exceed_the_calendar_span_nor_the_sum_of_the_periods(items):
    counted = counted_months(items)
    assert counted >= 0
    total = sum(((p.end - p.start).days + 1) * p.share for p in items) / 28  # the shortest month
    assert counted <= total + 1e-6
    if items:
        span = (max(p.end for p in items) - min(p.start for p in items)).days + 1
        assert counted <= span / 28 + 1e-6


@given(st.lists(periods, max_size=6), periods)
def test_more_experience_never_counts_less(items, extra):
    assert counted_months([*items, extra]) >= counted_months(items) - 1e-9


@given(st.lists(periods, max_size=6), st.integers(min_value=1, max_value=48))
def test_reached_exactly_when_nothing_is_missing(items, training_months):
    result = external_exam_admission(training_months=training_months, periods=items, factor=1.5)
    assert result.reached is (result.missing_months == 0)
    assert result.missing_months <= result.required_months
    if not result.reached:
        assert result.counted_months < result.required_months
