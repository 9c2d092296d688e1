"""lotse participants apply-retention [--dry-run]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lotse.participants.retention import apply_retention


class Command(BaseCommand):
    help = "Case files: apply the retention periods."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        retention = sub.add_parser("apply-retention", help="erase what its period no longer keeps")
        retention.add_argument("--dry-run", action="store_true", help="only count, change nothing")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "apply-retention":
            report = apply_retention(dry_run=options["dry_run"])
            prefix = "would erase" if report.dry_run else "erased"
            self.stdout.write(
                f"{report.checked_on}: {prefix} {report.closed_cases_erased} closed cases; "
                f"{report.esf_records_deleted} retained ESF+ records past their period."
            )
