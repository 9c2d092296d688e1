"""Companies to and from CSV and Excel: a file written by the export imports back unchanged, a
second import changes nothing, bad rows are reported by line and column and nothing is
written; the same from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lotse.companies import transfer
from lotse.companies.models import Company
from lotse.permissions import SYSTEM, actor_for
from tests.companies.conftest import new_company

pytestmark = pytest.mark.django_db

HEADER = "name,postcode,sector,is_craft,stage,owner_languages\n"


def _import(world, content: bytes, name="companies.csv", dry_run=False):
    rows = transfer.read_rows(content, name)
    return transfer.import_companies(
        actor=actor_for(world.users["business_liaison"]),
        organisation=world.organisations["A1"],
        rows=rows,
        dry_run=dry_run,
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(world, company, file_format):
    new_company(world, name="Bäckerei Yılmaz", postcode="45879", sector="C", owner_data_agreed=True,
                migrant_owned=True, owner_origin="TR", owner_languages=["tr", "de"])  # fmt: skip
    rows = transfer.export_rows(actor=SYSTEM)
    content = transfer.to_xlsx(rows) if file_format == "xlsx" else transfer.to_csv(rows)
    report = _import(world, content, f"companies.{file_format}")
    assert (report.created, report.changed, report.unchanged, report.problems) == (0, 0, 2, [])
    assert Company.objects.count() == 2


def test_new_rows_are_created_once_and_a_second_import_changes_nothing(world):
    content = (
        HEADER + "Hotel Zeche,45879,I,no,contacted,\nKfz Nowak,46236,G,yes,identified,pl;de\n"
    ).encode()
    first = _import(world, content)
    assert (first.created, first.written) == (2, True)
    exported = transfer.to_csv(transfer.export_rows(actor=SYSTEM))
    again = _import(world, exported)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2)
    assert Company.objects.get(name="Hotel Zeche").stage == "contacted"


def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_written(world):
    content = (
        HEADER
        + "Gute Firma,19053,C,yes,identified,\n"
        + "Schlechte PLZ,99999,C,no,identified,\n"
        + ",19053,C,no,identified,\n"
        + "Falscher Sektor,19053,ZZ,vielleicht,nowhere,\n"
    ).encode()
    report = _import(world, content)
    found = {(p.line, p.column) for p in report.problems}
    assert {(3, "postcode"), (4, "name"), (5, "sector"), (5, "is_craft"), (5, "stage")} <= found
    assert not report.written and not Company.objects.exists()


def test_a_dry_run_checks_and_writes_nothing(world):
    report = _import(world, (HEADER + "Firma,19053,C,no,identified,\n").encode(), dry_run=True)
    assert report.created == 1 and not report.written and not Company.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "leer"),
        (b"Name;Ort\nA;B\n", "x.csv", "unbekannt: Name, Ort"),
        ("name\n".encode("utf-16"), "x.csv", "UTF-8"),
        (b"not a workbook", "x.xlsx", "Excel"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(content, name, message):
    with pytest.raises(transfer.UnreadableFile, match=message):
        transfer.read_rows(content, name)


def test_the_command_line_exports_and_imports(world, company, tmp_path):
    output = tmp_path / "companies.xlsx"
    call_command("companies", "export", "--output", str(output), stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "companies",
        "import",
        str(output),
        "--organisation",
        str(world.organisations["A1"].pk),
        stdout=out,
    )
    assert "0 new, 0 changed, 1 unchanged: written" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Firma,00000,C,no,identified,\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "companies",
            "import",
            str(bad),
            "--organisation",
            str(world.organisations["A1"].pk),
            stdout=out,
        )
    assert refused.value.returncode == 1
    assert "line 2, column postcode:" in out.getvalue()
    assert Company.objects.count() == 1


def test_the_page_checks_first_then_writes(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["business_liaison"])
    url = reverse("companies:import")
    content = (HEADER + "Hotel Zeche,45879,I,no,identified,\n").encode()

    def upload(**extra):
        file = SimpleUploadedFile("c.csv", content, content_type="text/csv")
        return client.post(
            url, {"file": file, "organisation": world.organisations["A1"].pk, **extra}
        )

    checked = upload()
    assert checked.status_code == 200 and not Company.objects.exists()
    assert "1" in checked.content.decode()
    assert upload(write="yes").status_code == 200 and Company.objects.count() == 1


def test_the_export_holds_only_what_the_actor_sees(world, client, company):
    new_company(world, organisation="B1", name="Fremde Firma")
    client.force_login(world.users["business_liaison"])
    body = client.get(reverse("companies:export", args=["csv"])).content.decode("utf-8-sig")
    assert "Tischlerei Nord" in body and "Fremde Firma" not in body
    assert client.get(reverse("companies:export", args=["pdf"])).status_code == 404
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("companies:export", args=["csv"])).status_code == 404
