"""Stable allocation at national scale (issue 18: ≤ 3 s and ≤ 2 GB on this 2-core machine).

    uv run python benchmarks/matching_allocation.py [--applicants 1000000]

A synthetic instance like the German apprenticeship market, three times over: 1,000,000
applicants, 333,000 places with 1–5 seats, preference lists of 10–30 places drawn with skewed
popularity (a few places are wanted by many), every place ranking all who ranked it (about 20
million entries each side). It is written once in the columnar form (docs/allocation-format.md);
a fresh process then reads it and solves it (the numba kernels warm from their disk cache; the
first compile is reported apart), reporting time and peak memory. Beside it, in the same run:
the `matching` package (the published reference) on the sizes it finishes and a straightforward
pure-Python deferred acceptance, each checked to give the same allocation.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lotse.matching.engine import allocation, formats, weighted  # noqa: E402
from lotse.matching.engine.allocation import Instance  # noqa: E402

OUTPUT = Path(os.environ.get("LOTSE_TEST_OUTPUT", ROOT / "test-output")) / "benchmarks"


def synthetic(applicants: int, seed: int = 2026) -> Instance:
    rng = np.random.default_rng(seed)
    places = applicants // 3
    popularity = 1.0 / np.arange(1, places + 1) ** 0.8
    popularity = rng.permutation(popularity / popularity.sum())
    lengths = rng.integers(10, 31, size=applicants)
    # Draw with replacement from the popularity, a third more than needed, keep each row's
    # first distinct places up to its length.
    draws = (lengths * 1.35).astype(np.int64) + 1
    drawn = rng.choice(places, size=int(draws.sum()), p=popularity).astype(np.int64)
    rows = np.repeat(np.arange(applicants, dtype=np.int64), draws)
    order = np.lexsort((np.arange(len(drawn)), drawn, rows))  # by row, then place, first draw
    keys = rows[order] * places + drawn[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    kept = np.sort(order[first])  # back in drawing order: the preference order
    rows, drawn = rows[kept], drawn[kept]
    position = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = position < lengths[rows]
    rows, drawn = rows[keep], drawn[keep]
    a_indptr = np.zeros(applicants + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=applicants), out=a_indptr[1:])
    # Each place ranks all who ranked it, by a random score of its own.
    by_place = np.lexsort((rng.random(len(rows)), drawn))
    p_indptr = np.zeros(places + 1, dtype=np.int64)
    np.cumsum(np.bincount(drawn, minlength=places), out=p_indptr[1:])
    return Instance(
        capacity=rng.integers(1, 6, size=places).astype(np.int32),
        applicant_indptr=a_indptr,
        applicant_prefs=drawn.astype(np.int32),
        place_indptr=p_indptr,
        place_prefs=rows[by_place].astype(np.int32),
    )


def write(instance: Instance, path: Path) -> None:
    np.savez(
        path,
        applicant_ids=np.arange(instance.applicants, dtype=np.int64),
        place_ids=np.arange(instance.places, dtype=np.int64),
        capacity=instance.capacity,
        applicant_indptr=instance.applicant_indptr,
        applicant_prefs=instance.applicant_prefs,
        place_indptr=instance.place_indptr,
        place_prefs=instance.place_prefs,
    )


def solve_in_this_process(path: Path) -> None:
    """Read and solve (what the timed budget covers); prints one JSON line."""
    began = time.perf_counter()
    allocation.allocate(
        formats.read_columnar(formats.columnar_from_lists([1], [1], [1], [[0]], [[0]])).instance
    )
    compiled = time.perf_counter() - began
    began = time.perf_counter()
    loaded = formats.read_columnar(str(path))
    read = time.perf_counter() - began
    result = allocation.allocate(loaded.instance)
    total = time.perf_counter() - began
    peak_mb = _peak_mb()
    print(json.dumps({
        "warm_up_s": compiled, "read_s": read, "total_s": total, "peak_mb": peak_mb,
        "matched": int((result.place_of >= 0).sum()), "stable": result.stable,
    }))  # fmt: skip


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from the
    parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pure_python(instance: Instance) -> list[int]:
    """A straightforward deferred acceptance over Python lists, with a heap per place."""
    a_prefs = instance.applicant_prefs.tolist()
    a_indptr = instance.applicant_indptr.tolist()
    p_prefs = instance.place_prefs.tolist()
    p_indptr = instance.place_indptr.tolist()
    capacity = instance.capacity.tolist()
    rank = [
        {a: r for r, a in enumerate(p_prefs[p_indptr[p] : p_indptr[p + 1]])}
        for p in range(len(capacity))
    ]
    held: list[list[tuple[int, int]]] = [[] for _ in capacity]
    nxt = a_indptr[:-1]
    place_of = [-1] * instance.applicants
    free = list(range(instance.applicants - 1, -1, -1))
    while free:
        a = free.pop()
        while nxt[a] < a_indptr[a + 1]:
            p = a_prefs[nxt[a]]
            nxt[a] += 1
            r = rank[p].get(a)
            if r is None or capacity[p] == 0:
                continue
            if len(held[p]) < capacity[p]:
                heapq.heappush(held[p], (-r, a))
                place_of[a] = p
                break
            if -held[p][0][0] > r:
                _, dropped = heapq.heapreplace(held[p], (-r, a))
                place_of[a], place_of[dropped] = p, -1
                free.append(dropped)
                break
    return place_of


def reference_package(instance: Instance) -> list[int]:
    from matching.games import HospitalResident

    sys.setrecursionlimit(100_000)
    residents = {
        f"a{a}": [f"p{p}" for p in instance.applicant_prefs[s:e].tolist()]
        for a, (s, e) in enumerate(
            zip(instance.applicant_indptr[:-1], instance.applicant_indptr[1:], strict=True)
        )
    }
    hospitals = {
        f"p{p}": [f"a{a}" for a in instance.place_prefs[s:e].tolist()]
        for p, (s, e) in enumerate(
            zip(instance.place_indptr[:-1], instance.place_indptr[1:], strict=True)
        )
    }
    capacities = {f"p{p}": int(c) for p, c in enumerate(instance.capacity)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns of every player it leaves out
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
    place_of = [-1] * instance.applicants
    for hospital, members in game.solve(optimal="resident").items():
        for member in members:
            place_of[int(member.name[1:])] = int(hospital.name[1:])
    return place_of


def _row(*cells: object) -> None:
    print("| " + " | ".join(f"{c:,}" if isinstance(c, int) else str(c) for c in cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=1_000_000)
    parser.add_argument("--solve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--make", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reference-sizes", default="1000,2000")
    parser.add_argument("--pure-python-sizes", default="100000,1000000")
    parser.add_argument("--weighted-sizes", default="10000,100000")
    options = parser.parse_args()
    if options.solve:
        solve_in_this_process(options.solve)
        return
    if options.make:
        write(synthetic(options.applicants), options.make)
        return
    OUTPUT.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    path = OUTPUT / f"allocation-{options.applicants}.npz"
    # Made in a process of its own, so this one stays small while the solve is measured.
    making = [
        sys.executable,
        __file__,
        "--applicants",
        str(options.applicants),
        "--make",
        str(path),
    ]
    subprocess.run(making, check=True)  # noqa: S603
    made = time.perf_counter() - began
    size_mb = path.stat().st_size / 2**20
    command = [sys.executable, __file__, "--solve", str(path)]
    run = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    solved = json.loads(run.stdout.strip().splitlines()[-1])
    instance = formats.read_columnar(str(path)).instance
    entries = len(instance.applicant_prefs)
    print(f"uv run python benchmarks/matching_allocation.py --applicants {options.applicants}")
    print(
        f"instance: {instance.applicants:,} applicants, {instance.places:,} places, "
        f"{int(instance.capacity.sum()):,} seats, {entries:,} entries each side "
        f"({size_mb:.0f} MB columnar; made in {made:.0f} s)"
    )
    print("| engine | applicants | read + solve + verify s | peak MB | matched | result |")
    print("|---|---|---|---|---|---|")
    _row(
        "lotse (numba DA, columnar input)",
        instance.applicants,
        f"{solved['total_s']:.2f} (read {solved['read_s']:.2f})",
        f"{solved['peak_mb']:.0f}",
        solved["matched"],
        f"stable: {solved['stable']}; first compile {solved['warm_up_s']:.1f} s",
    )
    for name, sizes, solver in (
        ("pure-Python DA (heap per place)", options.pure_python_sizes, pure_python),
        ("`matching` 1.4.3 (HospitalResident)", options.reference_sizes, reference_package),
    ):
        for size in [int(s) for s in sizes.split(",") if s]:
            small = instance if size == instance.applicants else synthetic(size)
            ours = allocation.allocate(small).place_of.tolist()
            began = time.perf_counter()
            theirs = solver(small)
            seconds = f"{time.perf_counter() - began:.2f}"
            same = "same as lotse" if theirs == ours else "DIFFERENT"
            _row(name, size, seconds, "–", sum(p >= 0 for p in theirs), same)
    for size in [int(s) for s in options.weighted_sizes.split(",") if s]:
        small = synthetic(size)
        rng = np.random.default_rng(size)
        scores = rng.random(len(small.applicant_prefs))
        began = time.perf_counter()
        found = weighted.assign(small, scores)
        seconds = f"{time.perf_counter() - began:.2f}"
        matched = int((found.allocation.place_of >= 0).sum())
        note = f"total score {found.objective:,.0f}; stable: {found.allocation.stable}"
        _row("lotse weighted (OR-Tools min-cost flow)", size, seconds, "–", matched, note)
    if solved["total_s"] > 3 or solved["peak_mb"] > 2048:
        print("target missed: read + solve ≤ 3 s and ≤ 2 GB")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
