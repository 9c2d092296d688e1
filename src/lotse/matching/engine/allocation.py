"""Many-to-one stable matching with capacities: applicants and places rank each other, the
applicant-proposing deferred acceptance finds the applicant-optimal stable matching.

Everything works on integer arrays in CSR form (an ``indptr`` of row starts and the entries,
best first): applicant ``a`` ranks ``applicant_prefs[applicant_indptr[a]:applicant_indptr[a+1]]``
(place indices), place ``p`` ranks ``place_prefs[place_indptr[p]:place_indptr[p+1]]`` (applicant
indices). Only mutual entries count: a place listed by an applicant who is not on that place's
list (or the reverse) is ignored, and counted so the caller can warn. The kernels are compiled
with numba (cached on disk after the first run); a national instance of a million applicants
and twenty million entries runs in about two seconds on two cores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import get_num_threads, njit, prange  # type: ignore[import-untyped]

UNMATCHED = -1
MAX_ENTRIES = 2**31 - 1  # entries are counted in 32 bits inside the kernels
NO_ACCEPTABLE_PLACE = "no_acceptable_place"
PLACES_FULL = "acceptable_places_full"


@dataclass(frozen=True)
class Instance:
    """Applicants and places by index; the ids are the caller's."""

    capacity: np.ndarray  # int32, one per place
    applicant_indptr: np.ndarray  # int64, applicants + 1
    applicant_prefs: np.ndarray  # int32 place indices, best first
    place_indptr: np.ndarray  # int64, places + 1
    place_prefs: np.ndarray  # int32 applicant indices, best first

    @property
    def applicants(self) -> int:
        return len(self.applicant_indptr) - 1

    @property
    def places(self) -> int:
        return len(self.capacity)


@dataclass(frozen=True)
class Allocation:
    place_of: np.ndarray  # int32 place index per applicant, UNMATCHED (-1) when none
    acceptable: np.ndarray  # int32 per applicant: mutual entries (0: no acceptable place)
    ignored_by_applicants: int  # entries naming a place that does not rank the applicant
    ignored_by_places: int  # entries naming an applicant who did not rank the place
    stable: bool  # verified: no applicant and place would both rather have each other

    def reason(self, applicant: int) -> str:
        """Why an unmatched applicant got no place."""
        return NO_ACCEPTABLE_PLACE if self.acceptable[applicant] == 0 else PLACES_FULL


def allocate(instance: Instance) -> Allocation:
    """The applicant-optimal stable matching, with its stability verified."""
    if len(instance.applicant_prefs) > MAX_ENTRIES or instance.applicants > MAX_ENTRIES:
        raise ValueError(f"at most {MAX_ENTRIES} preference entries and applicants")
    ranks, ignored_by_places = _mutual_ranks(
        instance.applicants,
        instance.places,
        instance.applicant_indptr,
        instance.applicant_prefs,
        instance.place_indptr,
        instance.place_prefs,
        get_num_threads(),
    )
    place_of = _deferred_acceptance(
        instance.applicants,
        instance.places,
        instance.capacity,
        instance.applicant_indptr,
        instance.applicant_prefs,
        ranks,
    )
    acceptable = _mutual_counts(instance.applicants, instance.applicant_indptr, ranks)
    stable = _is_stable(
        instance.applicants,
        instance.places,
        instance.capacity,
        instance.applicant_indptr,
        instance.applicant_prefs,
        ranks,
        place_of,
    )
    return Allocation(
        place_of=place_of,
        acceptable=acceptable,
        ignored_by_applicants=int(np.count_nonzero(ranks < 0)),
        ignored_by_places=int(ignored_by_places),
        stable=bool(stable),
    )


@njit(cache=True, nogil=True, parallel=True)  # type: ignore[misc]
def _mutual_ranks(n, m, a_indptr, a_prefs, p_indptr, p_prefs, chunks):  # type: ignore[no-untyped-def]
    """For every applicant entry, the place's rank of that applicant (-1: the place does not
    rank them); and how many place entries name an applicant who did not rank the place
    (with no entry repeated in a list, every mutual pair is one entry on each side).

    The applicant entries are grouped by place (a counting sort), then each place marks the
    ranks it gives and reads them back for the entries naming it. Both steps run in chunks,
    one per thread, each with its own counts and marks."""
    edges = a_prefs.shape[0]
    counts = np.zeros((chunks, m), np.int64)
    for c in prange(chunks):
        for a in range(n * c // chunks, n * (c + 1) // chunks):
            for e in range(a_indptr[a], a_indptr[a + 1]):
                counts[c, a_prefs[e]] += 1
    starts = np.zeros(m + 1, np.int64)
    fill = np.empty((chunks, m), np.int64)
    position = 0
    for p in range(m):
        starts[p] = position
        for c in range(chunks):
            fill[c, p] = position
            position += counts[c, p]
    starts[m] = position
    grouped_entry = np.empty(edges, np.int32)  # the formats keep entries below 2**31
    grouped_applicant = np.empty(edges, np.int32)
    for c in prange(chunks):
        for a in range(n * c // chunks, n * (c + 1) // chunks):
            for e in range(a_indptr[a], a_indptr[a + 1]):
                p = a_prefs[e]
                grouped_entry[fill[c, p]] = e
                grouped_applicant[fill[c, p]] = a
                fill[c, p] += 1
    ranks = np.full(edges, -1, np.int32)
    mutual = np.zeros(chunks, np.int64)
    for c in prange(chunks):
        # rank_of[a] holds the rank given by the place in marked_by[a]: no reset needed.
        rank_of = np.empty(n, np.int32)
        marked_by = np.full(n, -1, np.int32)
        for p in range(m * c // chunks, m * (c + 1) // chunks):
            for k in range(p_indptr[p], p_indptr[p + 1]):
                a = p_prefs[k]
                rank_of[a] = k - p_indptr[p]
                marked_by[a] = p
            for i in range(starts[p], starts[p + 1]):
                a = grouped_applicant[i]
                if marked_by[a] == p:
                    ranks[grouped_entry[i]] = rank_of[a]
                    mutual[c] += 1
    return ranks, p_prefs.shape[0] - mutual.sum()


@njit(cache=True, nogil=True)  # type: ignore[misc]
def _deferred_acceptance(n, m, capacity, a_indptr, a_prefs, ranks):  # type: ignore[no-untyped-def]
    """Free applicants propose down their lists; a full place keeps its best and lets the
    worst go (a linear scan of its seats: capacities are small)."""
    seat_start = np.zeros(m + 1, np.int64)
    for p in range(m):
        seat_start[p + 1] = seat_start[p] + capacity[p]
    seat_holder = np.empty(seat_start[m], np.int32)
    seat_rank = np.empty(seat_start[m], np.int32)
    held = np.zeros(m, np.int32)
    place_of = np.full(n, -1, np.int32)
    next_entry = a_indptr[:-1].copy()
    free = np.empty(n, np.int32)
    top = 0
    for a in range(n - 1, -1, -1):
        free[top] = a
        top += 1
    while top > 0:
        top -= 1
        a = free[top]
        while next_entry[a] < a_indptr[a + 1]:
            e = next_entry[a]
            next_entry[a] += 1
            rank = ranks[e]
            if rank < 0:
                continue
            p = a_prefs[e]
            base = seat_start[p]
            if held[p] < capacity[p]:
                seat_holder[base + held[p]] = a
                seat_rank[base + held[p]] = rank
                held[p] += 1
                place_of[a] = p
                break
            worst = base
            for s in range(base + 1, base + held[p]):
                if seat_rank[s] > seat_rank[worst]:
                    worst = s
            if held[p] > 0 and rank < seat_rank[worst]:
                dropped = seat_holder[worst]
                seat_holder[worst] = a
                seat_rank[worst] = rank
                place_of[a] = p
                place_of[dropped] = -1
                free[top] = dropped
                top += 1
                break
    return place_of


@njit(cache=True, nogil=True)  # type: ignore[misc]
def _mutual_counts(n, a_indptr, ranks):  # type: ignore[no-untyped-def]
    counts = np.zeros(n, np.int32)
    for a in range(n):
        for e in range(a_indptr[a], a_indptr[a + 1]):
            if ranks[e] >= 0:
                counts[a] += 1
    return counts


@njit(cache=True, nogil=True)  # type: ignore[misc]
def _is_stable(n, m, capacity, a_indptr, a_prefs, ranks, place_of):  # type: ignore[no-untyped-def]
    """No blocking pair: no applicant who would rather have a place that has a free seat or
    holds someone it ranks below them; and every place within its capacity."""
    held = np.zeros(m, np.int32)
    worst = np.full(m, -1, np.int32)
    for a in range(n):
        if place_of[a] < 0:
            continue
        found = False
        for e in range(a_indptr[a], a_indptr[a + 1]):
            if a_prefs[e] == place_of[a]:
                if ranks[e] < 0:
                    return False  # matched to a place that does not accept them
                found = True
                p = place_of[a]
                held[p] += 1
                if ranks[e] > worst[p]:
                    worst[p] = ranks[e]
        if not found:
            return False  # matched to a place they did not ask for
    for p in range(m):
        if held[p] > capacity[p]:
            return False
    for a in range(n):
        for e in range(a_indptr[a], a_indptr[a + 1]):
            p = a_prefs[e]
            if p == place_of[a]:
                break  # the places after it are liked less
            if ranks[e] < 0:
                continue
            if held[p] < capacity[p] or ranks[e] < worst[p]:
                return False
    return True


def first_repeat(indptr: np.ndarray, entries: np.ndarray, size: int) -> tuple[int, int]:
    """The first entry that repeats one earlier in its row, as (row, position), or (-1, -1)."""
    found = _repeats(indptr, entries, size, get_num_threads())
    hits = found[found[:, 0] >= 0]
    return (int(hits[0, 0]), int(hits[0, 1])) if len(hits) else (-1, -1)


@njit(cache=True, nogil=True, parallel=True)  # type: ignore[misc]
def _repeats(indptr, entries, size, chunks):  # type: ignore[no-untyped-def]
    """Per chunk of rows, its first repeated entry (row, position) or (-1, -1)."""
    rows = indptr.shape[0] - 1
    found = np.full((chunks, 2), -1, np.int64)
    for c in prange(chunks):
        seen = np.zeros(size, np.bool_)
        for row in range(rows * c // chunks, rows * (c + 1) // chunks):
            for k in range(indptr[row], indptr[row + 1]):
                if seen[entries[k]]:
                    found[c, 0], found[c, 1] = row, k
                    break
                seen[entries[k]] = True
            for k in range(indptr[row], indptr[row + 1]):
                seen[entries[k]] = False
            if found[c, 0] >= 0:
                break
    return found
