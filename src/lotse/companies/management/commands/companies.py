"""lotse companies export --output FILE.csv|FILE.xlsx [--organisation ID] [--table openings]
lotse companies import PATH [--organisation ID] [--dry-run]

An Excel file holds the companies and their openings as two sheets, a CSV file one table (the
companies unless ``--table openings``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lotse.companies import selectors, transfer
from lotse.network.models import Organisation
from lotse.permissions import SYSTEM


class Command(BaseCommand):
    help = "Companies to and from CSV or Excel files."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        export = sub.add_parser("export", help="write the companies to a .csv or .xlsx file")
        export.add_argument("--output", required=True, type=Path)
        export.add_argument("--organisation", type=int, help="only this organisation's companies")
        export.add_argument(
            "--table",
            choices=list(transfer.COLUMNS),
            default=transfer.COMPANIES,
            help="the table a CSV file holds (an Excel file holds both)",
        )
        importer = sub.add_parser("import", help="read companies from a .csv or .xlsx file")
        importer.add_argument("path", type=Path)
        importer.add_argument(
            "--organisation",
            type=int,
            help="who looks after them (needed unless one organisation looks after companies)",
        )
        importer.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "export":
            self._export(options["output"], options["organisation"], options["table"])
        else:
            self._import(options["path"], options["organisation"], options["dry_run"])

    def _export(self, output: Path, organisation_id: int | None, table: str) -> None:
        if output.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError(f"{output}: the file must end in .csv or .xlsx", returncode=2)
        tables = transfer.export_tables(actor=SYSTEM, organisation_id=organisation_id)
        if output.suffix.lower() == ".xlsx":
            output.write_bytes(transfer.to_xlsx(tables))
        else:
            tables = {table: tables[table]}
            output.write_bytes(transfer.to_csv(tables[table]))
        counts = ", ".join(f"{len(rows) - 1} {name}" for name, rows in tables.items())
        self.stdout.write(f"{counts} written to {output}")

    def _import(self, path: Path, organisation_id: int | None, dry_run: bool) -> None:
        organisation = self._organisation(organisation_id)
        if not path.is_file():
            raise CommandError(f"{path} does not exist", returncode=2)
        try:
            tables = transfer.read_tables(path.read_bytes(), path.name)
        except transfer.UnreadableFile as error:
            raise CommandError(f"{path}: {error}") from None
        report = transfer.import_tables(
            actor=SYSTEM, organisation=organisation, tables=tables, dry_run=dry_run
        )
        for problem in report.problems:
            self.stdout.write(
                f"{problem.table}, line {problem.line}, column {problem.column or '-'}: "
                f"{problem.reason}"
            )
        summary = "; ".join(
            f"{table}: {counts['created']} new, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged"
            for table, counts in report.summary().items()
            if table in tables
        )
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} problems: nothing written ({summary} checked)"
            )
        state = "written" if report.written else "checked, nothing written (--dry-run)"
        self.stdout.write(f"{summary}: {state}")

    def _organisation(self, organisation_id: int | None) -> Organisation:
        if organisation_id is None:
            looking_after = selectors.organisations_looking_after_companies()
            if len(looking_after) != 1:
                names = ", ".join(f"{o.pk} ({o.name})" for o in looking_after) or "none yet"
                raise CommandError(
                    f"name the organisation with --organisation ID; looking after companies: "
                    f"{names}",
                    returncode=2,
                )
            return looking_after[0]
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise CommandError(f"no organisation with the id {organisation_id}", returncode=2)
        return organisation
