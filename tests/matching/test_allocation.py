"""The stable allocation core: every result is stable (checked by brute force, independently
of the engine's own check) and applicant-optimal (no stable allocation serves any applicant
better), equal to the `matching` package's resident-optimal solution; one-sided entries are
ignored and counted; unmatched applicants get their reason."""

import warnings
from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.matching.engine import allocation
from lotse.matching.engine.allocation import Instance


def instance(applicant_lists, place_lists, capacity):
    def csr(lists):
        indptr = np.zeros(len(lists) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(row) for row in lists])
        return indptr, np.array([x for row in lists for x in row], dtype=np.int32)

    a_indptr, a_prefs = csr(applicant_lists)
    p_indptr, p_prefs = csr(place_lists)
    return Instance(np.array(capacity, dtype=np.int32), a_indptr, a_prefs, p_indptr, p_prefs)


@st.composite
def instances(draw, max_applicants=7, max_places=4):
    n = draw(st.integers(1, max_applicants))
    m = draw(st.integers(1, max_places))
    applicant_lists = [draw(st.permutations(range(m)).map(lambda p: p[: draw(st.integers(0, m))]))
                       for _ in range(n)]  # fmt: skip
    place_lists = [draw(st.permutations(range(n)).map(lambda p: p[: draw(st.integers(0, n))]))
                   for _ in range(m)]  # fmt: skip
    capacity = [draw(st.integers(0, 3)) for _ in range(m)]
    return applicant_lists, place_lists, capacity


def mutual(applicant_lists, place_lists):
    """The lists with only the entries both sides made."""
    a = [[p for p in row if i in place_lists[p]] for i, row in enumerate(applicant_lists)]
    p = [[i for i in row if j in applicant_lists[i]] for j, row in enumerate(place_lists)]
    return a, p


def is_stable(place_of, applicant_lists, place_lists, capacity):
    a_lists, p_lists = mutual(applicant_lists, place_lists)
    held = {p: [a for a, q in enumerate(place_of) if q == p] for p in range(len(capacity))}
    for p, members in held.items():
        if len(members) > capacity[p] or any(a not in p_lists[p] for a in members):
            return False
    for a, row in enumerate(a_lists):
        for p in row:
            if p == place_of[a]:
                break
            members = held[p]
            if len(members) < capacity[p]:
                return False
            if any(p_lists[p].index(a) < p_lists[p].index(b) for b in members):
                return False
    return True


def all_stable(applicant_lists, place_lists, capacity):
    a_lists, _ = mutual(applicant_lists, place_lists)
    options = [[-1, *row] for row in a_lists]
    for place_of in product(*options):
        if is_stable(list(place_of), applicant_lists, place_lists, capacity):
            yield list(place_of)


def rank(a_lists, a, p):
    return a_lists[a].index(p) if p >= 0 else len(a_lists[a])


@settings(max_examples=300, deadline=None)
@given(instances())
def test_every_result_is_stable_and_applicant_optimal(case):
    applicant_lists, place_lists, _ = case
    result = allocation.allocate(instance(*case))
    place_of = result.place_of.tolist()
    assert result.stable and is_stable(place_of, *case)
    a_lists, _ = mutual(applicant_lists, place_lists)
    for other in all_stable(*case):
        assert all(rank(a_lists, a, place_of[a]) <= rank(a_lists, a, other[a])
                   for a in range(len(place_of)))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(instances(max_applicants=12, max_places=6))
def test_the_result_equals_the_reference_implementation(case):
    from matching.games import HospitalResident

    applicant_lists, place_lists, capacity = case
    a_lists, p_lists = mutual(applicant_lists, place_lists)
    result = allocation.allocate(instance(*case)).place_of.tolist()
    # The package takes no place without seats: such a place is as good as absent.
    a_lists = [[p for p in row if capacity[p] > 0] for row in a_lists]
    residents = {f"a{i}": [f"p{p}" for p in row] for i, row in enumerate(a_lists) if row}
    hospitals = {f"p{j}": [f"a{i}" for i in row if f"a{i}" in residents]
                 for j, row in enumerate(p_lists) if capacity[j] > 0}  # fmt: skip
    if not residents:
        assert result == [-1] * len(applicant_lists)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns of every player it leaves out
        game = HospitalResident.create_from_dictionaries(
            residents, hospitals, {f"p{j}": c for j, c in enumerate(capacity) if c > 0}
        )
        solved = game.solve(optimal="resident")
    expected = [-1] * len(applicant_lists)
    for hospital, members in solved.items():
        for member in members:
            expected[int(member.name[1:])] = int(hospital.name[1:])
    assert result == expected


def test_a_small_market_with_its_reasons_and_warnings():
    # a0 and a1 both want p0 (one seat), which prefers a1; a2 lists p1, which does not rank a2;
    # p1 ranks a3, who never asked for it.
    case = ([[0, 1], [0], [1], []], [[1, 0], [0, 3]], [1, 1])
    result = allocation.allocate(instance(*case))
    assert result.place_of.tolist() == [1, 0, -1, -1]
    assert [result.reason(a) for a in (2, 3)] == ["no_acceptable_place"] * 2
    assert (result.ignored_by_applicants, result.ignored_by_places) == (1, 1)
    full = allocation.allocate(instance([[0], [0]], [[0, 1]], [1]))
    assert full.reason(1) == "acceptable_places_full"


def test_a_place_without_seats_takes_nobody():
    result = allocation.allocate(instance([[0, 1]], [[0], [0]], [0, 1]))
    assert result.place_of.tolist() == [1] and result.stable


@pytest.mark.parametrize("size", [2000])
def test_a_larger_random_market_is_stable(size):
    rng = np.random.default_rng(7)
    m = size // 3
    applicant_lists = [list(rng.choice(m, size=10, replace=False)) for _ in range(size)]
    place_lists = [[] for _ in range(m)]
    for a, row in enumerate(applicant_lists):
        for p in row:
            place_lists[p].append(a)
    for row in place_lists:
        rng.shuffle(row)
    case = (applicant_lists, place_lists, list(rng.integers(1, 6, size=m)))
    result = allocation.allocate(instance(*case))
    assert result.stable and is_stable(result.place_of.tolist(), *case)
