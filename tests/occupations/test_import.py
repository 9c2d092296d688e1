from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lotse.audit.models import AuditAction, AuditEntry
from lotse.occupations import search
from lotse.occupations.esco_files import read_esco
from lotse.occupations.models import LabelKind, Occupation, OccupationLabel
from lotse.occupations.services import import_esco
from lotse.permissions import SYSTEM
from tests.occupations.esco_fixtures import (
    COOK,
    NURSE,
    OCCUPATION_COLUMNS,
    WELDER,
    esco_download,
    occupation,
    polish_labels,
    write_csv,
)


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def run(*arguments):
    out = StringIO()
    call_command("occupations", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_reader_takes_the_download_layout_with_every_label_kind(tmp_path):
    data = read_esco([esco_download(tmp_path), polish_labels(tmp_path)])
    nurse = data.concepts[NURSE]
    assert nurse.isco_code == "2221" and nurse.regulated is True
    assert ("Pflegefachkraft", "alternative") in nurse.labels["de"]
    assert ("Krankenpfleger/-in", "hidden") in nurse.labels["de"]
    assert data.concepts["http://data.europa.eu/esco/isco/C2221"].kind == "isco"
    assert data.broader[NURSE] == "http://data.europa.eu/esco/isco/C2221"
    assert data.concepts[COOK].labels["pl"] == [("kucharz", "preferred")]
    assert data.rejected == []


SECOND_WELDER = "http://data.europa.eu/esco/occupation/44444444-4444-4444-4444-444444444444"


def test_bad_rows_are_reported_with_file_line_and_reason(tmp_path):
    path = write_csv(
        tmp_path / "v1.2.0" / "de" / "occupations_de.csv",
        OCCUPATION_COLUMNS,
        [
            occupation(NURSE, "2221", "Krankenpfleger"),
            occupation("http://example.org/not-esco", "2221", "Fremd"),
            occupation(WELDER, "72", "Schweißer"),
            occupation(COOK, "5120", ""),
            occupation(NURSE, "2221", "doppelt"),
            occupation(SECOND_WELDER, "7212", "Schweißer", ["x" * 401, "Schweisser"]),
        ],
    )
    data = read_esco([path])
    reasons = [(r.line, r.reason) for r in data.rejected]
    assert reasons == [
        (3, "conceptUri is not an ESCO occupation"),
        (4, "iscoGroup '72' is not a four-digit ISCO-08 code"),
        (5, "preferredLabel is empty"),
        (6, "the same conceptUri twice in this file"),
        (7, "a label in altLabels is longer than 400 characters; only that label was skipped"),
    ]
    assert list(data.concepts) == [NURSE, SECOND_WELDER]
    assert ("Schweisser", "alternative") in data.concepts[SECOND_WELDER].labels["de"]


def test_a_file_without_the_needed_columns_is_rejected(tmp_path):
    path = write_csv(
        tmp_path / "occupations_de.csv", ["uri", "label"], [{"uri": NURSE, "label": "x"}]
    )
    data = read_esco([path])
    assert data.concepts == {} and "missing columns" in data.rejected[0].reason


def test_import_writes_concepts_labels_hierarchy_and_one_audit_entry(db, tmp_path, data_dir):
    report = import_esco(actor=SYSTEM, data=read_esco([esco_download(tmp_path)]))
    assert report.concepts_created == 4
    nurse = Occupation.objects.get(key=NURSE)
    assert nurse.broader.key == "http://data.europa.eu/esco/isco/C2221"
    assert nurse.regulated is True and nurse.descriptions["en"] == "Nurses care for the sick."
    assert nurse.title("en") == "nurse responsible for general care"
    assert nurse.title("ar") == "Krankenpfleger/Krankenschwester"  # falls back to German
    assert OccupationLabel.objects.filter(occupation=nurse, kind=LabelKind.HIDDEN).count() == 1
    assert (
        AuditEntry.objects.filter(action=AuditAction.IMPORT, note__startswith="ESCO").count() == 1
    )


def test_reimport_changes_nothing_and_an_update_replaces_labels(db, tmp_path, data_dir):
    download = esco_download(tmp_path)
    import_esco(actor=SYSTEM, data=read_esco([download]))
    before = list(OccupationLabel.objects.order_by("id").values_list("id", "text"))
    again = import_esco(actor=SYSTEM, data=read_esco([download]))
    assert not again.changed
    assert list(OccupationLabel.objects.order_by("id").values_list("id", "text")) == before
    assert (
        AuditEntry.objects.filter(action=AuditAction.IMPORT, note__startswith="ESCO").count() == 1
    )
    write_csv(
        download / "de" / "occupations_de.csv",
        OCCUPATION_COLUMNS,
        [
            occupation(NURSE, "2221", "Pflegefachmann/Pflegefachfrau"),
            occupation(WELDER, "7212", "Schweißer/Schweißerin", ["Schweisser"]),
        ],
    )
    update = import_esco(actor=SYSTEM, data=read_esco([download / "de"]))
    assert update.labels_added == {"de": 1} and update.labels_removed == {"de": 3}
    assert Occupation.objects.get(key=NURSE).title("de") == "Pflegefachmann/Pflegefachfrau"
    assert Occupation.objects.get(key=NURSE).title("en") == "nurse responsible for general care"


def test_strict_import_writes_nothing_when_a_row_is_bad(db, tmp_path, data_dir):
    path = write_csv(
        tmp_path / "v1.2.0" / "de" / "occupations_de.csv",
        OCCUPATION_COLUMNS,
        [
            occupation(NURSE, "2221", "Krankenpfleger"),
            occupation(WELDER, "x", "Schweißer"),
        ],
    )
    with pytest.raises(CommandError, match="1 rows rejected"):
        run("import-esco", str(path), "--strict")
    assert not Occupation.objects.filter(kind__in=["esco", "isco"]).exists()


def test_command_reports_and_builds_the_index_that_search_uses(db, tmp_path, data_dir):
    output = run("import-esco", str(esco_download(tmp_path)), str(polish_labels(tmp_path)))
    assert "Concepts: 3 ESCO occupations, 1 ISCO groups (4 new, 0 changed)" in output
    assert "Labels per language: de " in output and "pl 2" in output
    assert (
        "Rejected rows: 0" in output and "ESCO classification of the European Commission" in output
    )
    results = search.search("Schweisser (m/w/d)", language="de")
    assert results[0].key == WELDER and results[0].title == "Schweißer/Schweißerin"
    assert search.search("kucharz", language="en")[0].title == "cook"
    assert search.attribution(results) == "ESCO classification of the European Commission"
    assert "Nothing changed" in run("import-esco", str(esco_download(tmp_path)), "--no-index")


def test_search_without_an_index_answers_nothing_instead_of_failing(db, data_dir):
    assert search.search("Koch") == []


def test_batch_match_writes_ranked_concepts(db, tmp_path, data_dir):
    run("import-esco", str(esco_download(tmp_path)), str(polish_labels(tmp_path)))
    queries = tmp_path / "queries.tsv"
    queries.write_text("q1\tspawacz\nq2\tkucharz\n\nbroken line\n", encoding="utf-8")
    ranked = tmp_path / "ranked.tsv"
    run("match", "--input", str(queries), "--output", str(ranked), "--top", "2")
    rows = [line.split("\t") for line in ranked.read_text(encoding="utf-8").splitlines()]
    first_q2 = next(row for row in rows if row[0] == "q2")
    assert rows[0][:3] == ["q1", "1", WELDER] and first_q2[:3] == ["q2", "1", COOK]
    assert all(len(row) == 4 for row in rows)


def test_batch_match_ranks_the_same_in_parallel_and_in_order(db, tmp_path, data_dir, monkeypatch):
    run("import-esco", str(esco_download(tmp_path)), str(polish_labels(tmp_path)))
    monkeypatch.setattr("lotse.occupations.management.commands.occupations.BATCH_CHUNK", 2)
    words = ["spawacz", "kucharz", "Schweißer", "welder", "nurse", "Koch", "pielęgniarka"]
    queries = tmp_path / "queries.tsv"
    queries.write_text("".join(f"q{n}\t{w}\n" for n, w in enumerate(words)), encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        ranked = tmp_path / f"ranked{workers}.tsv"
        run("match", "--input", str(queries), "--output", str(ranked), "--workers", workers)
        outputs.append(ranked.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    ids = [line.split("\t")[0] for line in outputs[0].splitlines()]
    assert list(dict.fromkeys(ids)) == [f"q{n}" for n in range(len(words))]


def test_batch_match_against_a_melo_corpus(db, tmp_path):
    corpus = tmp_path / "melo"
    corpus.mkdir()
    (corpus / "corpus_elements.tsv").write_text("C1_de_000\tBäcker\nC2_de_000\tMaurer\n", "utf-8")
    (corpus / "concept_mapping.tsv").write_text(
        f"C1_de_000\t{COOK}\nC2_de_000\t{WELDER}\n", "utf-8"
    )
    queries = tmp_path / "q.tsv"
    queries.write_text("a\tBaecker\n", encoding="utf-8")
    ranked = tmp_path / "r.tsv"
    run("match", "--input", str(queries), "--output", str(ranked), "--corpus-dir", str(corpus))
    assert ranked.read_text(encoding="utf-8").startswith(f"a\t1\t{COOK}\t")
