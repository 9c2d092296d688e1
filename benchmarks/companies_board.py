"""Company lists and the pipeline board at scale: server time p95 (target issue 17: < 200 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench \\
        uv run python benchmarks/companies_board.py --companies 20000

Creates the database when missing, migrates it, loads the demo network and generates the
companies with about 2.5 openings each (``lotse demo generate --companies N``, idempotent per
seed). Requests go through Django's test client in this process (view, templates, queries) as
the demo business liaison, who looks after all of them; 40 requests per page.
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
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_ENV", "demo")
os.environ.setdefault("LOTSE_OCCUPATION_SEMANTIC_SEARCH", "false")

from participants_caseload import ensure_database  # noqa: E402

PAGES = [
    ("board", "/companies/board/"),
    ("board, migrant-owned only", "/companies/board/?migrant_owned=yes"),
    ("list, first page", "/companies/"),
    ("list, stage filter", "/companies/?stage=interested"),
    ("list, name search", "/companies/?q=Yılmaz"),
    ("company page", None),
    ("public training places (first 50)", "/companies/training-places/"),
    ("insight, 12 months", "/companies/insight/"),
    ("insight, 24 months", "/companies/insight/?months=24"),
    ("an opening with its candidates", "opening"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=40)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lotse.accounts.models import User
    from lotse.companies.demo import generate
    from lotse.companies.models import Company, Opening
    from lotse.core.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    started = time.perf_counter()
    made = generate(count=options.companies)
    print(f"generated {made} companies in {time.perf_counter() - started:.0f} s "
          f"({Company.objects.count()} companies, {Opening.objects.count()} openings)")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email="betriebe@bqn-emscher-lippe.example"))
    some_company = Company.objects.order_by("pk").first()
    some_opening = Opening.objects.filter(status="open").order_by("pk").first()
    print(f"DATABASE_URL={url or 'sqlite'} uv run python benchmarks/companies_board.py "
          f"--companies {options.companies}")  # fmt: skip
    print("| page | median ms | p95 ms | queries |\n|---|---|---|---|")
    for name, path in PAGES:
        if path == "opening":
            path = f"/companies/openings/{some_opening.pk}/"
        path = path or f"/companies/{some_company.pk}/"
        client.get(path)
        timings = []
        for _ in range(options.requests):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        ordered = sorted(timings)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        print(f"| {name} | {statistics.median(ordered):.1f} | {p95:.1f} | {len(queries)} |")


if __name__ == "__main__":
    main()
