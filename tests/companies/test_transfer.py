"""Companies and openings to and from CSV and Excel: a file written by the export imports back
unchanged, a second import changes nothing, bad rows are reported by table, line and column and
nothing is written; the page previews, then writes without the file chosen again; the same from
the command line."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lotse.companies import services, transfer
from lotse.companies.models import Company, Opening
from lotse.occupations.models import Occupation
from lotse.permissions import SYSTEM, actor_for
from tests.companies.conftest import new_company

pytestmark = pytest.mark.django_db

HEADER = "name,postcode,sector,is_craft,stage,owner_languages\n"


def _import(world, content: bytes, name="companies.csv", dry_run=False):
    return transfer.import_tables(
        actor=actor_for(world.users["business_liaison"]),
        organisation=world.organisations["A1"],
        tables=transfer.read_tables(content, name),
        dry_run=dry_run,
    )


def _export(file_format: str) -> bytes:
    tables = transfer.export_tables(actor=SYSTEM)
    return (
        transfer.to_xlsx(tables) if file_format == "xlsx" else transfer.to_csv(tables["companies"])
    )


def _opening(company, **values):
    return services.save_part(
        actor=SYSTEM,
        record=Opening(company=company),
        values={"kind": "training", "occupation": Occupation.objects.get(key="de:training:tischler"),
                "starts_on": date(2027, 8, 1), "places": 2, "languages_valued": ["ar"]} | values,
    )  # fmt: skip


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(world, company, file_format):
    new_company(world, name="Bäckerei Yılmaz", postcode="45879", sector="C", owner_data_agreed=True,
                migrant_owned=True, owner_origin="TR", owner_languages=["tr", "de"])  # fmt: skip
    report = _import(world, _export(file_format), f"companies.{file_format}")
    assert (report.created, report.changed, report.unchanged, report.problems) == (0, 0, 2, [])
    assert Company.objects.count() == 2


def test_new_rows_are_created_once_and_a_second_import_changes_nothing(world):
    content = (
        HEADER + "Hotel Zeche,45879,I,no,contacted,\nKfz Nowak,46236,G,yes,identified,pl;de\n"
    ).encode()
    first = _import(world, content)
    assert (first.created, first.written) == (2, True)
    again = _import(world, _export("csv"))
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
        transfer.read_tables(content, name)


def test_openings_travel_with_their_companies_in_one_workbook(world, company):
    _opening(company)
    _opening(company, kind="internship", status="filled", postcode="45879", driving_licence=True)
    content = _export("xlsx")
    again = _import(world, content, "all.xlsx")
    assert (again.summary()["openings"], again.problems) == (
        {"created": 0, "changed": 0, "unchanged": 2}, [])  # fmt: skip
    Opening.objects.all().delete()
    Company.objects.all().delete()
    restored = _import(world, content, "all.xlsx")
    assert restored.summary()["openings"]["created"] == 2 and restored.written
    internship = Opening.objects.get(kind="internship")
    assert (internship.status, internship.municipality, internship.driving_licence) == (
        "filled", "Gelsenkirchen", True)  # fmt: skip
    assert Opening.objects.get(kind="training").languages_valued == ["ar"]


def test_an_openings_file_names_its_company_by_key_and_its_occupation_by_title(world, company):
    title = Occupation.objects.get(key="de:training:tischler").title("de")
    content = (
        "company_key,kind,occupation,places,starts_on\n"
        f"{company.key},training,{title},3,2027-08-01\n"
        f"{company.key},eq,de:training:tischler,,\n"
    ).encode()
    report = _import(world, content, "openings.csv")
    assert report.written and report.summary()["openings"]["created"] == 2
    assert sorted(Opening.objects.values_list("kind", "places", "status")) == [
        ("eq", 1, "open"), ("training", 3, "open")]  # fmt: skip
    again = _import(world, transfer.to_csv(transfer.export_tables(actor=SYSTEM)["openings"]))
    assert again.summary()["openings"] == {"created": 0, "changed": 0, "unchanged": 2}


def test_bad_openings_are_reported_and_no_company_of_the_file_is_written(world):
    companies = (HEADER + "Hotel Zeche,45879,I,no,contacted,\n").encode()
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "companies"
    for row in io.StringIO(companies.decode()):
        book.active.append(row.strip().split(","))
    openings = book.create_sheet("openings")
    for row in (
        ["company_key", "kind", "occupation", "places", "starts_on"],
        ["nobody-1234", "training", "de:training:tischler", "1", ""],
        ["", "dream", "Astronaut", "0", "2027-13-01"],
    ):
        openings.append(row)
    out = io.BytesIO()
    book.save(out)
    report = _import(world, out.getvalue(), "both.xlsx")
    found = {(p.table, p.line, p.column) for p in report.problems}
    assert {("openings", 2, "company_key"), ("openings", 3, "kind"), ("openings", 3, "occupation"),
            ("openings", 3, "places"), ("openings", 3, "starts_on")} <= found  # fmt: skip
    assert not report.written and not Company.objects.exists() and not Opening.objects.exists()


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
    assert "companies: 0 new, 0 changed, 1 unchanged; openings: 0 new" in out.getvalue()
    assert out.getvalue().rstrip().endswith(": written")
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
    assert "companies, line 2, column postcode:" in out.getvalue()
    assert Company.objects.count() == 1


def test_the_page_previews_then_writes_without_the_file_chosen_again(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["business_liaison"])
    url = reverse("companies:import")
    content = (HEADER + "Hotel Zeche,45879,I,no,identified,\n").encode()
    organisation = world.organisations["A1"].pk
    file = SimpleUploadedFile("c.csv", content, content_type="text/csv")
    checked = client.post(url, {"file": file, "organisation": organisation})
    assert checked.status_code == 200 and not Company.objects.exists()
    assert "Vorschau" in checked.content.decode() and "Hotel Zeche" in checked.content.decode()
    token = checked.context["staged"]
    written = client.post(url, {"staged": token, "organisation": organisation, "write": "yes"})
    assert written.status_code == 200 and Company.objects.count() == 1
    replayed = client.post(url, {"staged": token, "organisation": organisation, "write": "yes"})
    assert replayed.status_code == 400 and Company.objects.count() == 1  # used once


def test_a_staged_file_opens_only_for_the_user_who_uploaded_it(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("companies:import")
    content = (HEADER + "Hotel Zeche,45879,I,no,identified,\n").encode()
    organisation = world.organisations["A1"].pk
    client.force_login(world.users["business_liaison"])
    file = SimpleUploadedFile("c.csv", content, content_type="text/csv")
    token = client.post(url, {"file": file, "organisation": organisation}).context["staged"]
    client.force_login(world.users["organisation_admin"])
    for forged in (token, "../../etc/passwd", "x" * 5000):
        answer = client.post(url, {"staged": forged, "organisation": organisation, "write": "yes"})
        assert answer.status_code == 400
    assert not Company.objects.exists()


def test_the_export_holds_only_what_the_actor_sees(world, client, company):
    new_company(world, organisation="B1", name="Fremde Firma")
    client.force_login(world.users["business_liaison"])
    body = client.get(reverse("companies:export", args=["csv"])).content.decode("utf-8-sig")
    assert "Tischlerei Nord" in body and "Fremde Firma" not in body
    assert client.get(reverse("companies:export", args=["pdf"])).status_code == 404
    assert client.get(reverse("companies:export", args=["csv"]) + "?table=x").status_code == 404
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("companies:export", args=["csv"])).status_code == 404


def test_the_command_line_finds_the_one_organisation_looking_after_companies(
    world, company, tmp_path
):
    output = tmp_path / "all.xlsx"
    call_command("companies", "export", "--output", str(output), stdout=io.StringIO())
    out = io.StringIO()
    call_command("companies", "import", str(output), "--dry-run", stdout=out)
    assert "companies: 0 new, 0 changed, 1 unchanged" in out.getvalue()
    new_company(world, organisation="B1", name="Fremdbetrieb")
    with pytest.raises(CommandError) as refused:
        call_command("companies", "import", str(output), stdout=io.StringIO())
    assert refused.value.returncode == 2 and "--organisation" in str(refused.value)
