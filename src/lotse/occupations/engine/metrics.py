"""Ranking metrics: concept-level accuracy at k, mean reciprocal rank, mean average precision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def reciprocal_rank(ranking: Sequence[str], relevant: set[str]) -> float:
    for rank, item in enumerate(ranking, start=1):
        if item in relevant:
            return 1 / rank
    return 0.0


def average_precision(ranking: Sequence[str], relevant: set[str]) -> float:
    found, total = 0, 0.0
    for rank, item in enumerate(ranking, start=1):
        if item in relevant:
            found += 1
            total += found / rank
    return total / len(relevant) if relevant else 0.0


def summarise(
    rankings: Mapping[str, Sequence[str]], relevant: Mapping[str, set[str]]
) -> dict[str, float]:
    """Acc@1, Acc@10, MRR and MAP over the queries that have relevant items."""
    queries = [q for q in relevant if relevant[q]]
    if not queries:
        return {"acc@1": 0.0, "acc@10": 0.0, "mrr": 0.0, "map": 0.0, "queries": 0}

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    return {
        "acc@1": mean([float(bool(set(rankings.get(q, [])[:1]) & relevant[q])) for q in queries]),
        "acc@10": mean([float(bool(set(rankings.get(q, [])[:10]) & relevant[q])) for q in queries]),
        "mrr": mean([reciprocal_rank(rankings.get(q, []), relevant[q]) for q in queries]),
        "map": mean([average_precision(rankings.get(q, []), relevant[q]) for q in queries]),
        "queries": len(queries),
    }
