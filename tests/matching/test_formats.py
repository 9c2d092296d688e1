"""Allocation files: JSON and columnar instances read into the same arrays; every bad input is
a clear error naming the element (or the line and column); the command line writes the result
and exits 2 on a bad file without writing anything."""

import io
import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from lotse.matching.engine import allocation, formats

SMALL = {
    "version": 1,
    "applicants": [
        {"id": "a1", "preferences": ["p2", "p1"]},
        {"id": "a2", "preferences": ["p1"]},
        {"id": 3, "preferences": ["p1"]},
    ],
    "places": [
        {"id": "p1", "capacity": 1, "preferences": ["a2", "a1", 3]},
        {"id": "p2", "capacity": 2, "preferences": ["a1"]},
    ],
}


def test_a_json_instance_is_allocated_with_its_ids():
    loaded = formats.read_json(json.dumps(SMALL))
    result = formats.result_json(loaded, allocation.allocate(loaded.instance))
    assert result["assignments"] == [
        {"applicant": "a1", "place": "p2"}, {"applicant": "a2", "place": "p1"}]  # fmt: skip
    assert result["unmatched"] == [{"applicant": 3, "reason": "acceptable_places_full"}]
    assert result["stable"] is True and result["warnings"] == []


def _with(path, value):
    data = json.loads(json.dumps(SMALL))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{\n  "applicants": [,]\n}', "line 2, column"),
        ("[]", "one object"),
        (_with(["applicants", 1, "id"], "a1"), "applicants[1].id: 'a1' appears twice"),
        (_with(["applicants", 0, "preferences"], ["p9"]), "applicants[0].preferences[0]: no place"),
        (_with(["applicants", 0, "preferences"], ["p1", "p1"]), "listed twice"),
        (_with(["applicants", 0, "preferences"], [["p1", "p2"]]), "ties are not allowed"),
        (_with(["places", 0, "capacity"], -1), "places[0].capacity"),
        (_with(["places", 0, "capacity"], True), "places[0].capacity"),
        (_with(["places", 1, "preferences"], ["nobody"]), "places[1].preferences[0]: no applicant"),
        (_with(["applicants", 0, "prefs"], []), "applicants[0]: unknown key 'prefs'"),
        (_with(["version"], 2), "version 2"),
        (_with(["places"], {}), "places: a list is needed"),
    ],
)
def test_bad_json_is_refused_with_the_element_named(text, message):
    with pytest.raises(
        formats.InstanceError,
        match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\("),
    ):
        formats.read_json(text)


def test_one_sided_entries_are_ignored_with_a_warning():
    text = _with(["places", 1, "preferences"], ["a1", "a2"])  # a2 never asked for p2
    loaded = formats.read_json(text)
    result = formats.result_json(loaded, allocation.allocate(loaded.instance))
    assert result["warnings"] == [
        "1 place preferences name an applicant who did not rank that place: ignored"]  # fmt: skip


def _archive(**changes):
    arrays = dict(
        np.load(io.BytesIO(formats.columnar_from_lists(
            [10, 20], [7, 8], [1, 1], [[0, 1], [0]], [[1, 0], [0]]))))  # fmt: skip
    arrays.update(changes)
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def test_a_columnar_instance_gives_the_same_allocation_as_json():
    loaded = formats.read_columnar(_archive())
    result = allocation.allocate(loaded.instance)
    assert result.place_of.tolist() == [1, 0] and result.stable
    back = np.load(io.BytesIO(formats.write_columnar_result(loaded, result)))
    assert back["place_of"].tolist() == [8, 7] and bool(back["stable"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"applicant_prefs": np.array([0, 5, 0], dtype=np.int32)},
            r"applicant_prefs\[1\] \(applicant 0\): position 5",
        ),
        (
            {"applicant_prefs": np.array([0, 0, 0], dtype=np.int32)},
            r"applicant_prefs\[1\] \(applicant 0\): position 0 listed twice",
        ),
        ({"capacity": np.array([1, -2], dtype=np.int32)}, r"capacity\[1\]: a negative"),
        ({"place_ids": np.array([7, 7])}, r"place_ids\[1\]: the id 7 appears twice"),
        ({"applicant_indptr": np.array([0, 2])}, "applicant_indptr: 3 row starts"),
        (
            {"place_prefs": np.array([0.5, 1.0, 0.0])},
            "place_prefs: a one-dimensional array of whole numbers",
        ),
    ],
)
def test_bad_columnar_input_is_refused_with_the_element_named(changes, message):
    with pytest.raises(formats.InstanceError, match=message):
        formats.read_columnar(_archive(**changes))


def test_a_file_that_is_no_archive_is_refused():
    with pytest.raises(formats.InstanceError, match=r"not a NumPy \.npz archive"):
        formats.read_columnar(b"not an archive")


def test_the_command_line_allocates_and_refuses_bad_files(tmp_path):
    source, target = tmp_path / "day.json", tmp_path / "result.json"
    source.write_text(json.dumps(SMALL), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "matching", "allocate", "--input", str(source), "--output", str(target), stdout=out
    )
    assert "3 applicants, 2 places: 2 matched, 1 unmatched; stable: yes" in out.getvalue()
    assert json.loads(target.read_text())["stable"] is True
    columnar = tmp_path / "result.npz"
    with pytest.raises(CommandError, match="whole-number ids"):  # "a1" has no columnar form
        call_command("matching", "allocate", "--input", str(source), "--output", str(columnar))
    numbered = tmp_path / "numbered.npz"
    numbered.write_bytes(formats.columnar_from_lists([1, 2], [7], [1], [[0], [0]], [[1, 0]]))
    call_command("matching", "allocate", "--input", str(numbered), "--output", str(columnar),
                 stdout=io.StringIO())  # fmt: skip
    assert np.load(columnar)["place_of"].tolist() == [-1, 7]
    source.write_text(_with(["places", 0, "capacity"], -3), encoding="utf-8")
    target.unlink()
    with pytest.raises(CommandError) as refused:
        call_command("matching", "allocate", "--input", str(source), "--output", str(target))
    assert refused.value.returncode == 2 and "places[0].capacity" in str(refused.value)
    assert not target.exists()


def test_the_weighted_mode_reads_scores_and_reports_its_objective(tmp_path):
    data = json.loads(json.dumps(SMALL))
    for applicant in data["applicants"]:
        applicant["scores"] = [1.0] * len(applicant["preferences"])
    data["applicants"][0]["scores"] = [0.5, 3.0]  # a1 scores p1 far above p2
    source, target = tmp_path / "day.json", tmp_path / "result.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("matching", "allocate", "--input", str(source), "--output", str(target),
                 "--mode", "weighted", stdout=out)  # fmt: skip
    result = json.loads(target.read_text())
    assert result["objective"] == 3.0 and "total score 3" in out.getvalue()
    assert {"applicant": "a1", "place": "p1"} in result["assignments"]
    source.write_text(json.dumps(SMALL), encoding="utf-8")  # no scores
    with pytest.raises(CommandError, match="needs scores"):
        call_command("matching", "allocate", "--input", str(source), "--output", str(target),
                     "--mode", "weighted")  # fmt: skip


@pytest.mark.parametrize(
    ("scores", "message"),
    [([1.0], r"applicants\[0\]\.scores: one number per preference"),
     ([1.0, -1], r"applicants\[0\]\.scores\[1\]: a number, 0 or more"),
     ([1.0, "x"], r"applicants\[0\]\.scores\[1\]")],
)  # fmt: skip
def test_bad_scores_are_named(scores, message):
    data = json.loads(json.dumps(SMALL))
    data["applicants"][0]["scores"] = scores
    with pytest.raises(formats.InstanceError, match=message):
        formats.read_json(json.dumps(data))
