"""Caseload and case page at scale: server time p95 and query counts with N synthetic people.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench \
        uv run python benchmarks/participants_caseload.py --participants 100000

Creates the database when missing, migrates it, loads the demo network and generates the
people (``lotse demo generate``, idempotent, so a second run reuses them). Requests go through
Django's test client in this process: the time is the server's (view, templates, queries), as a
counsellor of the demo network who sees half of the people. Targets (issue 15): caseload and
case page p95 <= 150 ms, erasure of one person <= 1 s, access report <= 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_ENV", "demo")
os.environ.setdefault("LOTSE_OCCUPATION_SEMANTIC_SEARCH", "false")


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durations, queries = [], 0
    for i in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            durations.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries = len(captured.captured_queries) if i == 0 else queries
    durations.sort()
    p95 = durations[max(0, int(len(durations) * 0.95) - 1)]
    return statistics.median(durations), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)

    import logging

    import django

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from lotse.accounts import selectors as accounts
    from lotse.core.demo import generate_demo_cases, load_demo
    from lotse.participants import rights
    from lotse.participants.models import Participant
    from lotse.permissions import actor_for

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    started = time.perf_counter()
    result = generate_demo_cases(count=options.participants, seed=1)
    print(
        f"people: {Participant.objects.count()} ({result.created} generated in "
        f"{time.perf_counter() - started:.0f} s, {result.skipped} already there)"
    )
    from django.db import connection

    if connection.vendor == "postgresql":  # as autovacuum does after a bulk load
        with connection.cursor() as cursor:
            for table in (
                "participants_participant",
                "participants_participant_counsellors",
                "participants_counsellingsession",
                "participants_nextstep",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    counsellor = accounts.user_with_email(email="beratung@saz-schwerin.example")
    client = Client()
    client.force_login(counsellor)
    actor = actor_for(counsellor)
    visible = Participant.objects.filter(counsellors=counsellor)
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
        f"cases the counsellor sees: {visible.count()}"
    )
    case = visible.order_by("pk")[visible.count() // 2]
    district = case.district
    pages = [
        ("caseload, first page", "/cases/"),
        ("caseload, name search 'Mohammed'", "/cases/?q=Mohammed"),
        ("caseload, Arabic name search", "/cases/?q=%D9%85%D8%AD%D9%85%D8%AF"),
        ("caseload, district filter", f"/cases/?district={district}"),
        ("caseload, by next step due", "/cases/?order=due"),
        ("case page, overview", f"/cases/{case.pk}/"),
        ("case page, competences", f"/cases/{case.pk}/?tab=profile"),
        ("case page, sessions", f"/cases/{case.pk}/?tab=sessions"),
        ("case page, consent", f"/cases/{case.pk}/?tab=consents"),
        ("dashboard", "/dashboard/"),
    ]
    print("\n| page | median ms | p95 ms | queries |\n|---|---|---|---|")
    for name, path in pages:
        median, p95, queries = timed(client, path, options.repeat)
        print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} |")

    print()
    started = time.perf_counter()
    rights.warm_up_pdf()  # what lotse.wsgi does at server start, before the workers fork
    print(f"PDF renderer warm-up: {time.perf_counter() - started:.2f} s")
    for attempt in ("first", "second"):
        started = time.perf_counter()
        report = rights.access_report(actor=actor, participant_id=case.pk)
        gathered = time.perf_counter() - started
        rights.report_zip(report=report)
        total = time.perf_counter() - started
        print(
            f"access report (JSON + PDF + documents, ZIP), {attempt}: {total:.2f} s "
            f"(gathering {gathered * 1000:.0f} ms)"
        )
    victim = visible.order_by("-pk").first()
    started = time.perf_counter()
    rights.erase(actor=actor, participant=victim, reason="request")
    print(f"erasure of one person: {time.perf_counter() - started:.3f} s")
    script = "benchmarks/participants_caseload.py"
    print(
        f"\ncommand: DATABASE_URL={url or '(SQLite)'} uv run python {script} "
        f"--participants {options.participants}"
    )


if __name__ == "__main__":
    main()
