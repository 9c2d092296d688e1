"""Companies to and from CSV and Excel files.

The export writes one row per company the actor may see, with its stable ``key``; the import
reads the same columns, validates every row first and writes all of them in one transaction or
none: a row with a problem is reported (line, column, reason) and nothing is written. A row whose
key names a company of the organisation updates it, a row without a key creates one, so a file
written by the export imports back unchanged and a second import changes nothing.
"""

from __future__ import annotations

import csv
import io
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
    Sector,
    SizeClass,
)
from lotse.network.models import Organisation
from lotse.permissions import Actor

COLUMNS = (
    "key", "name", "legal_form", "street", "postcode", "municipality", "sector", "is_craft",
    "size_class", "chamber_kind", "chamber_name", "website", "stage", "next_contact_on",
    "trains_today", "aevo_trainer", "joint_training", "owner_data_agreed", "migrant_owned",
    "owner_origin", "owner_languages",
)  # fmt: skip
FLAGS = {
    "is_craft",
    "trains_today",
    "aevo_trainer",
    "joint_training",
    "owner_data_agreed",
    "migrant_owned",
}
CHOICES = {
    "legal_form": LegalForm.values,
    "sector": Sector.values,
    "size_class": SizeClass.values,
    "chamber_kind": ChamberKind.values,
    "stage": STAGE_ORDER,
}
TRUE, FALSE = {"1", "yes", "ja", "true", "x", "wahr"}, {"", "0", "no", "nein", "false", "falsch"}
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str


@dataclass
class Report:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False


class UnreadableFile(ValueError):
    pass


# Export


def _cell(company: Company, column: str) -> str:
    value = getattr(company, column)
    if column in FLAGS:
        return "yes" if value else "no"
    if column == "owner_languages":
        return ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def export_rows(*, actor: Actor, organisation_id: int | None = None) -> list[list[str]]:
    companies = permissions.visible(actor, permissions.VIEW, Company.objects.all())
    if organisation_id is not None:
        companies = companies.filter(organisation_id=organisation_id)
    rows = [list(COLUMNS)]
    rows += [[_cell(c, column) for column in COLUMNS] for c in companies.order_by("name", "pk")]
    return rows


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM, so Excel reads UTF-8


def to_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet("companies")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Import


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file as column → text; raises ``UnreadableFile``."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 10 MB."))
    if filename.lower().endswith(".xlsx"):
        table = _xlsx_table(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableFile(_("The file is not UTF-8 text (save it as CSV UTF-8).")) from None
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        table = list(csv.reader(io.StringIO(text), dialect))
    if not table:
        raise UnreadableFile(_("The file is empty."))
    header = [column.strip() for column in table[0]]
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown or "name" not in header:
        raise UnreadableFile(
            _("The first line must name the columns (%(columns)s); unknown: %(unknown)s.")
            % {"columns": ", ".join(COLUMNS), "unknown": ", ".join(unknown) or "–"}
        )
    if len(table) - 1 > MAX_ROWS:
        raise UnreadableFile(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
    return [dict(zip(header, [cell.strip() for cell in row], strict=False)) for row in table[1:]]


def _xlsx_table(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:
        raise UnreadableFile(_("The file is not an Excel workbook (.xlsx).")) from None
    return [
        [
            ""
            if cell is None
            else (cell.date().isoformat() if hasattr(cell, "date") else str(cell))
            for cell in row
        ]
        for row in sheet.iter_rows(values_only=True)
    ]


def _value(column: str, text: str) -> Any:
    if column in FLAGS:
        lowered = text.casefold()
        if lowered not in TRUE | FALSE:
            raise ValueError(_("Write yes or no."))
        return lowered in TRUE
    if column in CHOICES and text and text not in CHOICES[column]:
        raise ValueError(_("One of: %(choices)s.") % {"choices": ", ".join(CHOICES[column])})
    if column == "next_contact_on":
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("A date as YYYY-MM-DD.")) from None
    if column == "owner_languages":
        return [code.strip() for code in text.split(";") if code.strip()]
    return text


def _values(row: dict[str, str], line: int, problems: list[Problem]) -> dict[str, Any]:
    values = {}
    for column, text in row.items():
        if column in {"key", ""}:
            continue
        try:
            values[column] = _value(column, text)
        except ValueError as error:
            problems.append(Problem(line, column, str(error)))
    return values


def _apply(
    actor: Actor, organisation: Organisation, row: dict[str, str], values: dict[str, Any]
) -> str:
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
        outcome = "created"
    else:
        outcome = (
            "changed"
            if services.change_company(actor=actor, company=company, values=values)
            else "unchanged"
        )
    if stage and stage != company.stage:
        services.move_stage(actor=actor, company=company, stage=stage)
        outcome = "changed" if outcome == "unchanged" else outcome
    return outcome


def import_companies(
    *, actor: Actor, organisation: Organisation, rows: list[dict[str, str]], dry_run: bool = False
) -> Report:
    """Validate every row and write them all, or nothing when a row has a problem."""
    report = Report()
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            if not any(row.values()):
                continue  # an empty line
            problems: list[Problem] = []
            values = _values(row, line, problems)
            if not problems:
                try:
                    with transaction.atomic():
                        outcome = _apply(actor, organisation, row, values)
                    setattr(report, outcome, getattr(report, outcome) + 1)
                except services.CompanyRefused as refusal:
                    problems.append(Problem(line, refusal.field or "", refusal.message))
                except services.LikelyDuplicates as found:
                    names = ", ".join(f"{c.name} ({c.key})" for c in found.candidates[:3])
                    reason = _("Looks like a company already there: %(names)s.") % {"names": names}
                    problems.append(Problem(line, "name", reason))
            report.problems += problems
        report.written = not report.problems and not dry_run
        if not report.written:
            transaction.set_rollback(True)
    return report
