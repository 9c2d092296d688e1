"""Companies and their openings to and from CSV and Excel files.

The export writes the companies the actor may see, each with its stable ``key``, and their
openings, each with its company's key and its own: an Excel workbook holds both as two sheets, a
CSV file one of them. The import reads the same columns (a CSV file's first line tells which
table it holds), validates every row first and writes all of them in one transaction or none: a
row with a problem is reported (table, line, column, reason) and nothing is written. A row whose
key names a record updates it, a row without a key creates one, so a file written by the export
imports back unchanged and a second import changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lotse import permissions
from lotse.companies import services
from lotse.companies.models import (
    STAGE_ORDER,
    ChamberKind,
    Company,
    LegalForm,
    Opening,
    OpeningKind,
    OpeningStatus,
    Sector,
    SizeClass,
)
from lotse.network.models import Organisation
from lotse.occupations import selectors as occupations
from lotse.participants.models import CefrLevel, GermanSchoolEquivalent, WorkingTime
from lotse.permissions import Actor

COMPANIES, OPENINGS = "companies", "openings"
COLUMNS = {
    COMPANIES: (
        "key", "name", "legal_form", "street", "postcode", "municipality", "sector", "is_craft",
        "size_class", "chamber_kind", "chamber_name", "website", "stage", "next_contact_on",
        "trains_today", "aevo_trainer", "joint_training", "owner_data_agreed", "migrant_owned",
        "owner_origin", "owner_languages",
    ),
    OPENINGS: (
        "company_key", "key", "kind", "occupation", "occupation_name", "postcode", "starts_on",
        "places", "min_school", "min_german", "languages_valued", "driving_licence",
        "other_requirements", "working_time", "status", "filled_on", "published",
    ),
}  # fmt: skip
REQUIRED = {COMPANIES: ("name",), OPENINGS: ("company_key", "kind", "occupation")}
# Left empty, these keep their default (one place, open).
DEFAULTED = {"places", "status"}
# Written for the reader, ignored on import.
INFORMATIVE = {"key", "company_key", "occupation_name", ""}
FLAGS = {
    "is_craft", "trains_today", "aevo_trainer", "joint_training", "owner_data_agreed",
    "migrant_owned", "driving_licence", "published",
}  # fmt: skip
LISTS = {"owner_languages", "languages_valued"}
DATES = {"next_contact_on", "starts_on", "filled_on"}
CHOICES = {
    "legal_form": LegalForm.values,
    "sector": Sector.values,
    "size_class": SizeClass.values,
    "chamber_kind": ChamberKind.values,
    "stage": STAGE_ORDER,
    "kind": OpeningKind.values,
    "min_school": GermanSchoolEquivalent.values,
    "min_german": CefrLevel.values,
    "working_time": WorkingTime.values,
    "status": OpeningStatus.values,
}
TRUE, FALSE = {"1", "yes", "ja", "true", "x", "wahr"}, {"", "0", "no", "nein", "false", "falsch"}
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

Rows = list[list[str]]
Tables = dict[str, list[dict[str, str]]]


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str
    table: str = COMPANIES


@dataclass(frozen=True)
class Outcome:
    """What the import does (or did) to one row: the preview shows these."""

    table: str
    line: int
    label: str
    outcome: str  # created, changed or unchanged
    fields: tuple[str, ...] = ()


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False

    def count(self, outcome: str, table: str | None = None) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome and table in (None, o.table))

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    def summary(self) -> dict[str, dict[str, int]]:
        return {
            table: {o: self.count(o, table) for o in ("created", "changed", "unchanged")}
            for table in COLUMNS
        }


class UnreadableFile(ValueError):
    pass


# Export


def _text(value: Any, column: str) -> str:
    if column in FLAGS:
        return "yes" if value else "no"
    if column in LISTS:
        return ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _company_cell(company: Company, column: str) -> str:
    return _text(getattr(company, column), column)


def _opening_cell(opening: Opening, column: str) -> str:
    if column == "company_key":
        return opening.company.key
    if column == "occupation":
        return opening.occupation.key
    if column == "occupation_name":
        return opening.occupation.title("de")
    return _text(getattr(opening, column), column)


def export_tables(*, actor: Actor, organisation_id: int | None = None) -> dict[str, Rows]:
    """The companies the actor sees and their openings, each a table with its header first."""
    companies = permissions.visible(actor, permissions.VIEW, Company.objects.all())
    if organisation_id is not None:
        companies = companies.filter(organisation_id=organisation_id)
    openings = (
        Opening.objects.filter(company__in=companies)
        .select_related("company", "occupation")
        .prefetch_related("occupation__labels")
        .order_by("company__name", "company_id", "starts_on", "pk")
    )
    return {
        COMPANIES: [list(COLUMNS[COMPANIES])]
        + [
            [_company_cell(c, n) for n in COLUMNS[COMPANIES]]
            for c in companies.order_by("name", "pk")
        ],
        OPENINGS: [list(COLUMNS[OPENINGS])]
        + [[_opening_cell(o, n) for n in COLUMNS[OPENINGS]] for o in openings],
    }


def to_csv(rows: Rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM, so Excel reads UTF-8


def to_xlsx(tables: dict[str, Rows]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Reading a file


def read_tables(content: bytes, filename: str) -> Tables:
    """The tables of a CSV or XLSX file, each a list of rows (column → text), by the table its
    header names; raises ``UnreadableFile``."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 10 MB."))
    grids = _xlsx_grids(content) if filename.lower().endswith(".xlsx") else [_csv_grid(content)]
    grids = [grid for grid in grids if any(any(cell for cell in row) for row in grid)]
    if not grids:
        raise UnreadableFile(_("The file is empty."))
    tables: Tables = {}
    for grid in grids:
        header = [column.strip() for column in grid[0]]
        table = _table_for(header)
        if table in tables:
            raise UnreadableFile(
                _("The file holds the table “%(table)s” twice.") % {"table": table}
            )
        if len(grid) - 1 > MAX_ROWS:
            raise UnreadableFile(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
        tables[table] = [
            dict(zip(header, [cell.strip() for cell in row], strict=False)) for row in grid[1:]
        ]
    return tables


def _table_for(header: list[str]) -> str:
    table = OPENINGS if "company_key" in header else COMPANIES
    unknown = [column for column in header if column and column not in COLUMNS[table]]
    missing = [column for column in REQUIRED[table] if column not in header]
    if unknown or missing:
        raise UnreadableFile(
            _("The first line must name the columns (%(columns)s); unknown: %(unknown)s.")
            % {
                "columns": " | ".join(", ".join(columns) for columns in COLUMNS.values()),
                "unknown": ", ".join(unknown) or "–",
            }
        )
    return table


def _csv_grid(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("The file is not UTF-8 text (save it as CSV UTF-8).")) from None
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_grids(content: bytes) -> list[list[list[str]]]:
    from openpyxl import load_workbook

    try:
        sheets = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets
    except Exception:
        raise UnreadableFile(_("The file is not an Excel workbook (.xlsx).")) from None
    return [
        [[_xlsx_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        for sheet in sheets
    ]


def _xlsx_text(cell: Any) -> str:
    if cell is None:
        return ""
    if hasattr(cell, "date"):
        return str(cell.date().isoformat())
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


# Importing


def _value(column: str, text: str) -> Any:
    if column in FLAGS:
        lowered = text.casefold()
        if lowered not in TRUE | FALSE:
            raise ValueError(_("Write yes or no."))
        return lowered in TRUE
    if column in CHOICES and text and text not in CHOICES[column]:
        raise ValueError(_("One of: %(choices)s.") % {"choices": ", ".join(CHOICES[column])})
    if column in DATES:
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("A date as YYYY-MM-DD.")) from None
    if column in LISTS:
        return [code.strip() for code in text.split(";") if code.strip()]
    if column == "places":
        if not text.isdigit() or not 1 <= int(text) <= 500:
            raise ValueError(_("A whole number from 1 to 500."))
        return int(text)
    if column == "occupation":
        occupation = occupations.reference_occupation_for(text)
        if occupation is None:
            raise ValueError(_("No German reference occupation with this identifier or name."))
        return occupation
    return text


def _values(table: str, row: dict[str, str], line: int, problems: list[Problem]) -> dict[str, Any]:
    values = {}
    for column, text in row.items():
        if column in INFORMATIVE or (table == OPENINGS and column in DEFAULTED and not text):
            continue
        try:
            values[column] = _value(column, text)
        except ValueError as error:
            problems.append(Problem(line, column, str(error), table))
    return values


def _import_company(
    actor: Actor, organisation: Organisation, row: dict[str, str], values: dict[str, Any], line: int
) -> Outcome:
    stage = values.pop("stage", "") or ""
    key = row.get("key", "")
    company = Company.objects.filter(organisation=organisation, key=key).first() if key else None
    if company is None:
        company = services.create_company(
            actor=actor,
            organisation=organisation,
            values=values,
            not_a_duplicate=bool(key),
            key=key,
        )
        outcome, changed = "created", list(values)
    else:
        changed = services.change_company(actor=actor, company=company, values=values)
        outcome = "changed" if changed else "unchanged"
    if stage and stage != company.stage:
        services.move_stage(actor=actor, company=company, stage=stage)
        outcome, changed = ("changed" if outcome == "unchanged" else outcome), [*changed, "stage"]
    return Outcome(COMPANIES, line, company.name, outcome, tuple(changed))


def _import_opening(
    actor: Actor, organisation: Organisation, row: dict[str, str], values: dict[str, Any], line: int
) -> Outcome:
    company = Company.objects.filter(organisation=organisation, key=row["company_key"]).first()
    if company is None:
        raise services.CompanyRefused(
            "company_key",
            _("No company with the key “%(value)s” in this file or this organisation.")
            % {"value": row["company_key"]},
        )
    key = row.get("key", "")
    opening = Opening.objects.filter(company=company, key=key).first() if key else None
    label = f"{company.name}: {values['occupation'].title('de')}"
    if opening is None:
        services.save_part(actor=actor, record=Opening(company=company, key=key), values=values)
        return Outcome(OPENINGS, line, label, "created", tuple(values))
    changed = [name for name, value in values.items() if getattr(opening, name) != value]
    if not changed:
        return Outcome(OPENINGS, line, label, "unchanged")
    services.save_part(actor=actor, record=opening, values=values)
    return Outcome(OPENINGS, line, label, "changed", tuple(changed))


IMPORTERS: dict[str, Callable[..., Outcome]] = {
    COMPANIES: _import_company,
    OPENINGS: _import_opening,
}


def import_tables(
    *, actor: Actor, organisation: Organisation, tables: Tables, dry_run: bool = False
) -> Report:
    """Validate every row (companies first, then openings, which may name them) and write them
    all, or nothing when a row has a problem."""
    report = Report()
    with transaction.atomic():
        for table in (COMPANIES, OPENINGS):
            for line, row in enumerate(tables.get(table, []), start=2):
                if any(row.values()):  # not an empty line
                    _import_row(actor, organisation, table, row, line, report)
        report.written = not report.problems and not dry_run
        if not report.written:
            transaction.set_rollback(True)
    return report


def _import_row(
    actor: Actor,
    organisation: Organisation,
    table: str,
    row: dict[str, str],
    line: int,
    report: Report,
) -> None:
    problems: list[Problem] = []
    values = _values(table, row, line, problems)
    if not problems:
        try:
            with transaction.atomic():
                report.outcomes.append(IMPORTERS[table](actor, organisation, row, values, line))
        except services.CompanyRefused as refusal:
            problems.append(Problem(line, refusal.field or "", refusal.message, table))
        except services.LikelyDuplicates as found:
            names = ", ".join(f"{c.name} ({c.key})" for c in found.candidates[:3])
            reason = _("Looks like a company already there: %(names)s.") % {"names": names}
            problems.append(Problem(line, "name", reason, table))
    report.problems += problems
