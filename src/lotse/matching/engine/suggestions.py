"""How well a person and an opening fit, with the reasons: the scoring core of suggestions.

Plain values in, a ``Fit`` out: a score from 0 to 1 and the reasons behind it, each with its
weight and what it added, as codes with parameters (the app words them in the reader's
language). Hard requirements an opening marks as such exclude a pair (the fit says why);
soft ones lower the score. Weights are per network (``Weights``); their sum need not be 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

# Levels of the German school certificates, lowest first ("" and "none": nothing to count).
SCHOOL_ORDER = ("none", "esa", "msa", "fhr", "ahr")
CEFR_ORDER = ("A1", "A2", "B1", "B2", "C1", "C2")
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Occupation:
    """A reference occupation with the codes that relate it to others."""

    id: int
    isco: str = ""  # ISCO-08 unit group, 4 digits
    kldb: str = ""  # KldB 2010, 5 digits


@dataclass(frozen=True)
class Person:
    wished: tuple[Occupation, ...] = ()
    experienced: tuple[Occupation, ...] = ()  # from qualifications and work
    school: str = ""  # the German equivalent (SCHOOL_ORDER), "" when not assessed
    german: str = ""  # CEFR level, "native" for a first language
    languages: frozenset[str] = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    max_commute_km: int | None = None
    available_from: date | None = None


@dataclass(frozen=True)
class Opening:
    occupation: Occupation
    min_school: str = ""
    min_german: str = ""
    school_required: bool = False  # a hard requirement: below it, no suggestion
    german_required: bool = False
    languages_valued: frozenset[str] = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    starts_on: date | None = None


@dataclass(frozen=True)
class Weights:
    occupation: float = 0.40
    school: float = 0.10
    german: float = 0.20
    distance: float = 0.15
    timing: float = 0.10
    languages: float = 0.05
    default_commute_km: int = 30


Value = str | int | float


@dataclass(frozen=True)
class Reason:
    code: str  # e.g. "occupation.wished", "german.below", "distance.within"
    weight: float
    points: float  # what it added to the score (weight × how well it is met)
    values: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class Fit:
    score: float  # 0 to 1, the weighted share of what the weights ask for
    excluded: bool
    reasons: tuple[Reason, ...]


def fit(person: Person, opening: Opening, weights: Weights = Weights()) -> Fit:
    parts = [
        _occupation(person, opening, weights.occupation),
        _school(person, opening, weights.school),
        _german(person, opening, weights.german),
        _distance(person, opening, weights),
        _timing(person, opening, weights.timing),
        _languages(person, opening, weights.languages),
    ]
    reasons = tuple(reason for reason, _ in parts if reason.weight > 0)
    excluded = any(hard for _, hard in parts)
    total = sum(reason.weight for reason in reasons)
    score = 0.0 if excluded or total == 0 else sum(r.points for r in reasons) / total
    return Fit(score=round(score, 4), excluded=excluded, reasons=reasons)


def relation(one: Occupation, other: Occupation) -> tuple[float, str]:
    """How close two occupations are: the same, the same KldB or ISCO group, or kin."""
    if one.id == other.id:
        return 1.0, "same"
    if one.kldb and one.kldb == other.kldb:
        return 0.8, "same_kldb"
    if one.isco and one.isco == other.isco:
        return 0.7, "same_isco"
    if one.kldb[:3] and one.kldb[:3] == other.kldb[:3]:
        return 0.4, "kldb_group"
    if one.isco[:3] and one.isco[:3] == other.isco[:3]:
        return 0.3, "isco_group"
    return 0.0, "unrelated"


def _occupation(person: Person, opening: Opening, weight: float) -> tuple[Reason, bool]:
    target = opening.occupation
    best = (0.0, "occupation.none", "unrelated")
    for source, occupations, factor in (
        ("wished", person.wished, 1.0),
        ("experienced", person.experienced, 0.9),
    ):
        for occupation in occupations:
            closeness, how = relation(occupation, target)
            if closeness * factor > best[0]:
                best = (closeness * factor, f"occupation.{source}", how)
    share, code, how = best
    return Reason(code, weight, weight * share, {"relation": how}), False


def _rank(value: str, order: tuple[str, ...]) -> int:
    return order.index(value) if value in order else -1


def _school(person: Person, opening: Opening, weight: float) -> tuple[Reason, bool]:
    needed = _rank(opening.min_school, SCHOOL_ORDER)
    if needed <= 0:
        return Reason("school.none_required", weight, weight), False
    held = _rank(person.school, SCHOOL_ORDER)
    if held < 0:
        return Reason("school.unknown", weight, weight / 2), False
    if held >= needed:
        return Reason("school.met", weight, weight, {"required": opening.min_school}), False
    values: dict[str, Value] = {"required": opening.min_school, "held": person.school}
    return Reason("school.below", weight, 0.0, values), opening.school_required


def _german(person: Person, opening: Opening, weight: float) -> tuple[Reason, bool]:
    needed = _rank(opening.min_german, CEFR_ORDER)
    held = len(CEFR_ORDER) if person.german == "native" else _rank(person.german, CEFR_ORDER)
    if needed < 0:
        return Reason("german.none_required", weight, weight), False
    if held < 0:
        return Reason("german.unknown", weight, weight / 3, {"required": opening.min_german}), False
    values: dict[str, Value] = {"required": opening.min_german, "held": person.german}
    if held >= needed:
        return Reason("german.met", weight, weight, values), False
    # One level below still counts for half: a language course closes it in months.
    share = 0.5 if needed - held == 1 else 0.0
    return Reason("german.below", weight, weight * share, values), opening.german_required


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _distance(person: Person, opening: Opening, weights: Weights) -> tuple[Reason, bool]:
    weight = weights.distance
    if None in (person.latitude, person.longitude, opening.latitude, opening.longitude):
        return Reason("distance.unknown", weight, weight / 2), False
    km = distance_km(person.latitude, person.longitude, opening.latitude, opening.longitude)  # type: ignore[arg-type]
    limit = person.max_commute_km or weights.default_commute_km
    values: dict[str, Value] = {"km": round(km), "limit": limit}
    if km <= limit:
        return Reason("distance.within", weight, weight * (1 - 0.5 * km / limit), values), False
    # Beyond the limit the fit fades out over the same distance again.
    share = max(0.0, 1 - (km - limit) / limit) * 0.3
    return Reason("distance.beyond", weight, weight * share, values), False


def _timing(person: Person, opening: Opening, weight: float) -> tuple[Reason, bool]:
    if opening.starts_on is None or person.available_from is None:
        return Reason("timing.open", weight, weight), False
    days = (person.available_from - opening.starts_on).days
    values: dict[str, Value] = {"days_late": max(days, 0)}
    if days <= 0:
        return Reason("timing.in_time", weight, weight, values), False
    share = max(0.0, 1 - days / 90)  # three months late: no longer counts
    return Reason("timing.late", weight, weight * share, values), False


def _languages(person: Person, opening: Opening, weight: float) -> tuple[Reason, bool]:
    if not opening.languages_valued:
        return Reason("languages.none_valued", 0.0, 0.0), False
    shared = sorted(person.languages & opening.languages_valued)
    if not shared:
        return Reason("languages.none_shared", weight, 0.0), False
    return Reason("languages.shared", weight, weight, {"languages": ",".join(shared)}), False
