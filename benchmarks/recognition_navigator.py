"""The recognition navigator: engine time and server time (target p95 <= 100 ms).

    LOTSE_ENV=demo uv run python benchmarks/recognition_navigator.py

Needs the demo database with the occupation index (`lotse demo --no-serve`). Three measures:

1. the rules engine alone (``advise``) for every GeoNames district x eight kinds of occupation x
   three origins, the rules read once;
2. the public result page and ``POST /api/recognition/advice`` through Django's test client in
   this process (the server's time: search, rules, templates), for questions as people type
   them (a title in some language, a postcode or a town, a country), 200 requests each;
3. the PDF of one answer (German and Arabic).
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_ENV", "demo")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from lotse.occupations import search  # noqa: E402
from lotse.places import all_places  # noqa: E402
from lotse.recognition.engine.navigator import Location, Occupation, Question, advise  # noqa: E402
from lotse.recognition.engine.rules import rule_book  # noqa: E402

COMMAND = "LOTSE_ENV=demo uv run python benchmarks/recognition_navigator.py"
KINDS = [
    Occupation(1, "de:training:koch", "Koch", "training", ("ihk",)),
    Occupation(2, "de:training:tischler", "Tischler", "training", ("hwk",)),
    Occupation(3, "de:regulated:pflegefachmann", "Pflege", "regulated", ("health_authority",),
               "licence", True),
    Occupation(4, "de:regulated:arzt", "Arzt", "regulated", ("health_authority",), "approbation",
               True),
    Occupation(5, "de:regulated:lehrer", "Lehrer", "regulated", ("land_authority",),
               "state_recognition", True),
    Occupation(6, "de:regulated:erzieher", "Erzieher", "regulated", ("land_authority",),
               "state_recognition", True),
    Occupation(7, "de:regulated:ingenieur", "Ingenieur", "regulated", ("engineering_chamber",),
               "protected_title", True),
    Occupation(8, "de:academic:informatiker", "Informatik", "academic", ("zab",)),
]  # fmt: skip
QUESTIONS = [
    {"occupation": "Krankenschwester", "country": "UA", "postcode": "45879"},
    {"occupation": "ممرضة", "country": "SY", "postcode": "Schwerin", "lang": "ar"},
    {"occupation": "Elektriker", "country": "SY", "postcode": "18055"},
    {"occupation": "aşçı", "country": "TR", "postcode": "44135", "lang": "tr"},
    {"occupation": "вчитель", "country": "UA", "state": "DE-NW", "lang": "uk"},
    {"occupation": "Arzt", "country": "SY", "postcode": "80331"},
    {"occupation": "Erzieherin", "country": "TR", "postcode": "Gelsenkirchen"},
    {"occupation": "software developer", "country": "IN", "postcode": "10115", "lang": "en"},
]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):.2f}  p95 {p95:.2f}"


def engine() -> None:
    book = rule_book()
    districts = {p.district_code: p for p in all_places() if p.state_code}
    questions = [
        Question((occupation,), Location(place.state_code, code, place.postcode), country,
                 academic=occupation.kind == "academic")
        for (code, place), occupation, country in itertools.product(
            districts.items(), KINDS, ("SY", "PL", "TR"))
    ]  # fmt: skip
    timings = []
    for question in questions:
        started = time.perf_counter()
        advise(book, question)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"engine, {len(questions)} questions (ms): {percentiles(timings)}")


def server(requests: int = 200) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    search.warm_up()
    for name, send in (
        ("result page", lambda q: client.get("/recognition/", _form(q))),
        ("API", lambda q: client.post("/api/recognition/advice", q, "application/json")),
    ):  # fmt: skip
        for question in QUESTIONS:  # warm: first search of each language loads its model parts
            send(question)
        timings = []
        for question in itertools.islice(itertools.cycle(QUESTIONS), requests):
            started = time.perf_counter()
            response = send(question)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{question}: HTTP {response.status_code}")
        print(f"{name}, {requests} requests (ms): {percentiles(timings)}")


def _form(question: dict[str, str]) -> dict[str, str]:
    return {
        "occupation": "",
        "occupation__text": question["occupation"],
        "country": question["country"],
        "place": question.get("postcode", ""),
        "state": question.get("state", ""),
    }


def pdf() -> None:
    from lotse.participants.rights import warm_up_pdf

    warm_up_pdf()
    client = Client(HTTP_HOST="127.0.0.1")
    for language in ("de", "ar"):
        client.cookies["lotse_language"] = language
        started = time.perf_counter()
        response = client.get("/recognition/answer.pdf", _form(QUESTIONS[0]))
        took = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"PDF: HTTP {response.status_code}")
        print(f"PDF ({language}): {took:.2f} s, {len(response.content) // 1024} KiB")


if __name__ == "__main__":
    print(COMMAND)
    engine()
    server()
    pdf()
