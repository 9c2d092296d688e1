"""Allocation instances and results on disk, format version 1 (docs/allocation-format.md).

* JSON, for instances a person can read:
  ``{"version": 1, "applicants": [{"id": …, "preferences": [place ids, best first]}],
  "places": [{"id": …, "capacity": n, "preferences": [applicant ids, best first]}]}``; the
  result ``{"version": 1, "assignments": [{"applicant": …, "place": …}], "unmatched":
  [{"applicant": …, "reason": …}], "stable": true, "warnings": […]}``.
* Columnar (NumPy ``.npz``), for national instances: ``applicant_ids``, ``place_ids`` (int64),
  ``capacity`` (per place), ``applicant_indptr`` and ``applicant_prefs`` (place positions, best
  first), ``place_indptr`` and ``place_prefs`` (applicant positions); the result holds
  ``applicant_ids`` and ``place_of`` (the place id, or -1 when unmatched) and ``stable``.

Every problem raises ``InstanceError`` naming the element (``applicants[3].preferences[1]``) or,
for JSON that does not parse, the line and column.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from lotse.matching.engine.allocation import (
    MAX_ENTRIES,
    UNMATCHED,
    Allocation,
    Instance,
    first_repeat,
)

VERSION = 1
Id = str | int


class InstanceError(ValueError):
    pass


@dataclass(frozen=True)
class Loaded:
    instance: Instance
    applicant_ids: list[Id] | np.ndarray
    place_ids: list[Id] | np.ndarray
    scores: np.ndarray | None = None  # one per applicant entry, for the weighted mode


# JSON


def read_json(text: str | bytes) -> Loaded:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(
            f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    if not isinstance(data, dict):
        raise InstanceError("the file must hold one object with applicants and places")
    _known_keys(data, {"version", "applicants", "places"}, "the instance")
    if data.get("version", VERSION) != VERSION:
        raise InstanceError(f"version {data.get('version')!r}: this reads version {VERSION}")
    applicants = _records(data, "applicants", {"id", "preferences", "scores"})
    places = _records(data, "places", {"id", "capacity", "preferences"})
    applicant_index = _ids(applicants, "applicants")
    place_index = _ids(places, "places")
    capacity = np.array(
        [_capacity(place, f"places[{i}].capacity") for i, place in enumerate(places)],
        dtype=np.int32,
    )
    a_indptr, a_prefs = _lists(applicants, "applicants", place_index, "place")
    p_indptr, p_prefs = _lists(places, "places", applicant_index, "applicant")
    instance = Instance(capacity, a_indptr, a_prefs, p_indptr, p_prefs)
    scores = _json_scores(applicants) if any("scores" in a for a in applicants) else None
    return Loaded(instance, list(applicant_index), list(place_index), scores=scores)


def _json_scores(applicants: list[dict[str, Any]]) -> np.ndarray:
    scores: list[float] = []
    for i, applicant in enumerate(applicants):
        values = applicant.get("scores")
        preferences = applicant.get("preferences", [])
        if not isinstance(values, list) or len(values) != len(preferences):
            raise InstanceError(
                f"applicants[{i}].scores: one number per preference is needed "
                "(give scores to every applicant or to none)"
            )
        for k, value in enumerate(values):
            if not isinstance(value, int | float) or isinstance(value, bool) or not value >= 0:
                raise InstanceError(f"applicants[{i}].scores[{k}]: a number, 0 or more, is needed")
            if value > 1e9:
                raise InstanceError(f"applicants[{i}].scores[{k}]: at most 1e9")
        scores += [float(v) for v in values]
    return np.array(scores, dtype=np.float64)


def _known_keys(record: dict[str, Any], keys: set[str], where: str) -> None:
    unknown = sorted(set(record) - keys)
    if unknown:
        raise InstanceError(
            f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(keys))})"
        )


def _records(data: dict[str, Any], name: str, keys: set[str]) -> list[dict[str, Any]]:
    records = data.get(name)
    if not isinstance(records, list):
        raise InstanceError(f"{name}: a list is needed")
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            raise InstanceError(f"{name}[{i}]: an object with {', '.join(sorted(keys))} is needed")
        _known_keys(record, keys, f"{name}[{i}]")
        if "id" not in record:
            raise InstanceError(f"{name}[{i}]: the id is missing")
    return records


def _is_id(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _ids(records: list[dict[str, Any]], name: str) -> dict[Id, int]:
    index: dict[Id, int] = {}
    for i, record in enumerate(records):
        value = record["id"]
        if not _is_id(value):
            raise InstanceError(f"{name}[{i}].id: a string or a whole number is needed")
        if value in index:
            raise InstanceError(
                f"{name}[{i}].id: {value!r} appears twice (first at {name}[{index[value]}])"
            )
        index[value] = i
    return index


def _capacity(place: dict[str, Any], where: str) -> int:
    value = place.get("capacity")
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InstanceError(f"{where}: a whole number of seats, 0 or more, is needed")
    if value > 2**31 - 1:
        raise InstanceError(f"{where}: {value} seats is more than this format holds")
    return value


def _lists(
    records: list[dict[str, Any]], name: str, other: dict[Id, int], kind: str
) -> tuple[np.ndarray, np.ndarray]:
    indptr = np.zeros(len(records) + 1, dtype=np.int64)
    entries: list[int] = []
    for i, record in enumerate(records):
        preferences = record.get("preferences", [])
        where = f"{name}[{i}].preferences"
        if not isinstance(preferences, list):
            raise InstanceError(f"{where}: a list of {kind} ids, best first, is needed")
        seen: set[int] = set()
        for k, value in enumerate(preferences):
            if isinstance(value, list):
                raise InstanceError(
                    f"{where}[{k}]: ties are not allowed in the stable mode; "
                    "order every preference strictly"
                )
            if not _is_id(value) or value not in other:
                raise InstanceError(f"{where}[{k}]: no {kind} with the id {value!r}")
            position = other[value]
            if position in seen:
                raise InstanceError(f"{where}[{k}]: {value!r} is listed twice")
            seen.add(position)
            entries.append(position)
        indptr[i + 1] = len(entries)
    return indptr, np.array(entries, dtype=np.int32)


def result_json(
    loaded: Loaded, allocation: Allocation, objective: float | None = None
) -> dict[str, Any]:
    applicants, places = loaded.applicant_ids, loaded.place_ids
    assignments, unmatched = [], []
    for a, p in enumerate(allocation.place_of.tolist()):
        if p == UNMATCHED:
            unmatched.append({"applicant": _plain(applicants[a]), "reason": allocation.reason(a)})
        else:
            assignments.append({"applicant": _plain(applicants[a]), "place": _plain(places[p])})
    result: dict[str, Any] = {
        "version": VERSION,
        "assignments": assignments,
        "unmatched": unmatched,
        "stable": allocation.stable,
        "warnings": warnings_of(allocation),
    }
    if objective is not None:
        result["objective"] = objective
    return result


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _plain(value: Any) -> Id:
    return value.item() if isinstance(value, np.generic) else value  # type: ignore[no-any-return]


def warnings_of(allocation: Allocation) -> list[str]:
    warnings = []
    if allocation.ignored_by_applicants:
        warnings.append(
            f"{allocation.ignored_by_applicants} applicant preferences name a place that does "
            "not rank that applicant: ignored"
        )
    if allocation.ignored_by_places:
        warnings.append(
            f"{allocation.ignored_by_places} place preferences name an applicant who did not "
            "rank that place: ignored"
        )
    return warnings


# Columnar

ARRAYS = (
    "applicant_ids",
    "place_ids",
    "capacity",
    "applicant_indptr",
    "applicant_prefs",
    "place_indptr",
    "place_prefs",
)


def read_columnar(content: bytes | str) -> Loaded:
    """An instance from a columnar archive: its bytes or its path."""
    arrays = _loaded_arrays(io.BytesIO(content) if isinstance(content, bytes) else content)
    for name in ARRAYS:
        array = arrays[name]
        if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
            raise InstanceError(f"{name}: a one-dimensional array of whole numbers is needed")
    n, m = len(arrays["applicant_ids"]), len(arrays["place_ids"])
    _unique(arrays["applicant_ids"], "applicant_ids")
    _unique(arrays["place_ids"], "place_ids")
    if len(arrays["capacity"]) != m:
        raise InstanceError(f"capacity: {len(arrays['capacity'])} values for {m} places")
    negative = np.flatnonzero(arrays["capacity"] < 0)
    if len(negative):
        raise InstanceError(f"capacity[{negative[0]}]: a negative number of seats")
    a_indptr, a_prefs = _csr(arrays, "applicant", n, m)
    p_indptr, p_prefs = _csr(arrays, "place", m, n)
    instance = Instance(
        arrays["capacity"].astype(np.int32, copy=False), a_indptr, a_prefs, p_indptr, p_prefs
    )
    scores = arrays.get("applicant_scores")
    if scores is not None:
        if scores.shape != a_prefs.shape or not np.issubdtype(scores.dtype, np.number):
            raise InstanceError("applicant_scores: one number per applicant entry is needed")
        bad = np.flatnonzero(~(scores >= 0) | (scores > 1e9))
        if len(bad):
            raise InstanceError(f"applicant_scores[{bad[0]}]: a number from 0 to 1e9 is needed")
        scores = scores.astype(np.float64, copy=False)
    return Loaded(instance, arrays["applicant_ids"], arrays["place_ids"], scores=scores)


def _loaded_arrays(source: io.BytesIO | str) -> dict[str, np.ndarray]:
    try:
        archive = np.load(source, allow_pickle=False)
    except Exception as error:
        raise InstanceError(f"not a NumPy .npz archive ({error})") from None
    with archive:
        missing = [name for name in ARRAYS if name not in archive.files]
        if missing:
            raise InstanceError(f"the archive lacks the arrays {', '.join(missing)}")
        arrays = {name: archive[name] for name in ARRAYS}
        if "applicant_scores" in archive.files:
            arrays["applicant_scores"] = archive["applicant_scores"]
        return arrays


def _unique(ids: np.ndarray, name: str) -> None:
    ordered = np.sort(ids, kind="stable")
    repeated = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(repeated):
        value = ordered[repeated[0]]
        first, second = np.flatnonzero(ids == value)[:2]
        raise InstanceError(f"{name}[{second}]: the id {value} appears twice (first at [{first}])")


def _csr(
    arrays: dict[str, np.ndarray], side: str, rows: int, columns: int
) -> tuple[np.ndarray, np.ndarray]:
    indptr_name, prefs_name = f"{side}_indptr", f"{side}_prefs"
    indptr = arrays[indptr_name].astype(np.int64, copy=False)
    prefs = arrays[prefs_name]
    if len(prefs) > MAX_ENTRIES:
        raise InstanceError(f"{prefs_name}: more than {MAX_ENTRIES} entries")
    if len(indptr) != rows + 1 or indptr[0] != 0 or indptr[-1] != len(prefs):
        raise InstanceError(
            f"{indptr_name}: {rows + 1} row starts from 0 to {len(prefs)} are needed"
        )
    falling = np.flatnonzero(np.diff(indptr) < 0)
    if len(falling):
        raise InstanceError(f"{indptr_name}[{falling[0] + 1}]: row starts must not decrease")
    outside = np.flatnonzero((prefs < 0) | (prefs >= columns))
    if len(outside):
        k = int(outside[0])
        row = int(np.searchsorted(indptr, k, side="right") - 1)
        raise InstanceError(
            f"{prefs_name}[{k}] ({side} {row}): position {prefs[k]} is not between 0 and "
            f"{columns - 1}"
        )
    prefs = prefs.astype(np.int32, copy=False)
    row, k = first_repeat(indptr, prefs, columns)
    if row >= 0:
        raise InstanceError(f"{prefs_name}[{k}] ({side} {row}): position {prefs[k]} listed twice")
    return indptr, prefs


def write_columnar_result(loaded: Loaded, allocation: Allocation) -> bytes:
    for ids in (loaded.applicant_ids, loaded.place_ids):
        if not isinstance(ids, np.ndarray) and not all(_is_whole(i) for i in ids):
            raise InstanceError("a columnar result needs whole-number ids: write it as .json")
    place_ids = np.asarray(loaded.place_ids, dtype=np.int64)
    place_of = np.where(
        allocation.place_of >= 0, place_ids[np.maximum(allocation.place_of, 0)], UNMATCHED
    )
    out = io.BytesIO()
    np.savez(
        out,
        applicant_ids=np.asarray(loaded.applicant_ids, dtype=np.int64),
        place_of=place_of.astype(np.int64),
        stable=np.array(allocation.stable),
    )
    return out.getvalue()


def columnar_from_lists(
    applicant_ids: Iterable[int],
    place_ids: Iterable[int],
    capacity: Iterable[int],
    applicant_lists: list[list[int]],
    place_lists: list[list[int]],
) -> bytes:
    """A columnar archive from preference lists of positions (for tests and small tools)."""

    def csr(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        indptr = np.zeros(len(lists) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(row) for row in lists])
        flat = [x for row in lists for x in row]
        return indptr, np.array(flat, dtype=np.int32)

    a_indptr, a_prefs = csr(applicant_lists)
    p_indptr, p_prefs = csr(place_lists)
    out = io.BytesIO()
    np.savez(
        out,
        applicant_ids=np.asarray(list(applicant_ids), dtype=np.int64),
        place_ids=np.asarray(list(place_ids), dtype=np.int64),
        capacity=np.asarray(list(capacity), dtype=np.int32),
        applicant_indptr=a_indptr,
        applicant_prefs=a_prefs,
        place_indptr=p_indptr,
        place_prefs=p_prefs,
    )
    return out.getvalue()
