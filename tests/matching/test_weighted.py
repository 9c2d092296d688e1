"""The weighted mode: the largest total score over mutual entries within the seats (checked by
brute force on small instances), reported with its objective; it need not be stable."""

from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.matching.engine import weighted
from tests.matching.test_allocation import instance, instances, mutual


def best_total(applicant_lists, place_lists, capacity, scores):
    a_lists, _ = mutual(applicant_lists, place_lists)
    entry = {}
    k = 0
    for a, row in enumerate(applicant_lists):
        for p in row:
            entry[a, p] = scores[k]
            k += 1
    best = 0.0
    for choice in product(*[[-1, *row] for row in a_lists]):
        taken = [sum(1 for q in choice if q == p) for p in range(len(capacity))]
        if all(t <= c for t, c in zip(taken, capacity, strict=True)):
            best = max(best, sum(entry[a, p] for a, p in enumerate(choice) if p >= 0))
    return best


@settings(max_examples=200, deadline=None)
@given(instances(max_applicants=5, max_places=3), st.randoms(use_true_random=False))
def test_the_weighted_mode_finds_the_largest_total(case, rng):
    entries = sum(len(row) for row in case[0])
    scores = np.array([rng.randint(0, 9) / 2 for _ in range(entries)], dtype=np.float64)
    found = weighted.assign(instance(*case), scores)
    assert found.objective == pytest.approx(best_total(*case, scores))
    place_of = found.allocation.place_of.tolist()
    a_lists, _ = mutual(case[0], case[1])
    assert all(p == -1 or p in a_lists[a] for a, p in enumerate(place_of))  # mutual only
    for p, seats in enumerate(case[2]):
        assert place_of.count(p) <= seats


def test_scores_must_match_the_entries():
    with pytest.raises(ValueError, match="one score per applicant entry"):
        weighted.assign(instance([[0]], [[0]], [1]), np.array([1.0, 2.0]))
