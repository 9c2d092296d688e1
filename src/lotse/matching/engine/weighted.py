"""The weighted mode: among the mutual entries, the assignment with the largest total score
(each applicant at most one place, each place at most its seats; leaving someone unmatched is
allowed), as a minimum-cost flow solved by OR-Tools. It maximises the total of the suggestion
scores and may not be stable: the result says whether it happens to be."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import get_num_threads  # type: ignore[import-untyped]
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from lotse.matching.engine import allocation
from lotse.matching.engine.allocation import Allocation, Instance

# Scores are whole numbers inside the solver: this many steps per unit of score.
SCORE_STEPS = 1_000_000


class SolverFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Weighted:
    allocation: Allocation
    objective: float  # the total score of the assignments


def assign(instance: Instance, scores: np.ndarray) -> Weighted:
    """``scores`` holds one number (0 or more) per applicant entry; higher is better."""
    if scores.shape != instance.applicant_prefs.shape:
        raise ValueError("one score per applicant entry is needed")
    n, m = instance.applicants, instance.places
    ranks, ignored_by_places = allocation._mutual_ranks(
        n, m, instance.applicant_indptr, instance.applicant_prefs,
        instance.place_indptr, instance.place_prefs, get_num_threads(),
    )  # fmt: skip
    applicant_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(instance.applicant_indptr))
    usable = (ranks >= 0) & (scores > 0)
    source, sink = n + m, n + m + 1
    tails = np.concatenate([
        np.full(n, source), applicant_of[usable], n + np.arange(m), np.arange(n),
    ])  # fmt: skip
    heads = np.concatenate([
        np.arange(n), n + instance.applicant_prefs[usable].astype(np.int64), np.full(m, sink),
        np.full(n, sink),
    ])  # fmt: skip
    capacities = np.concatenate([
        np.ones(n, np.int64), np.ones(int(usable.sum()), np.int64),
        instance.capacity.astype(np.int64), np.ones(n, np.int64),
    ])  # fmt: skip
    costs = np.concatenate([
        np.zeros(n, np.int64), -np.rint(scores[usable] * SCORE_STEPS).astype(np.int64),
        np.zeros(m, np.int64), np.zeros(n, np.int64),
    ])  # fmt: skip
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([n, -n]))
    if flow.solve() != flow.OPTIMAL:
        raise SolverFailed("the flow solver found no optimal assignment")
    entry_arcs = arcs[n : n + int(usable.sum())]
    chosen = flow.flows(entry_arcs) > 0
    place_of = np.full(n, allocation.UNMATCHED, np.int32)
    place_of[applicant_of[usable][chosen]] = instance.applicant_prefs[usable][chosen]
    acceptable = np.bincount(applicant_of[ranks >= 0], minlength=n).astype(np.int32)
    stable = allocation._is_stable(
        n, m, instance.capacity, instance.applicant_indptr, instance.applicant_prefs,
        ranks, place_of,
    )  # fmt: skip
    result = Allocation(
        place_of=place_of,
        acceptable=acceptable,
        ignored_by_applicants=int(np.count_nonzero(ranks < 0)),
        ignored_by_places=int(ignored_by_places),
        stable=bool(stable),
    )
    return Weighted(allocation=result, objective=-flow.optimal_cost() / SCORE_STEPS)
