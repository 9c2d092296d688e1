"""The shipped rule files: they read, every fact has a dated source, every text has a sentence,
and a broken file is refused naming the file and the place."""

import json
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from lotse.recognition.engine.rules import DATA_DIRECTORY, RuleError, read_rule_book, rule_book
from lotse.recognition.texts import TEXTS

SEED_STATES = ("DE-MV", "DE-NW")


def test_the_shipped_rules_read_and_cover_every_kind_of_occupation():
    book = rule_book()
    assert {rule.key for rule in book.rules} == {
        "academic", "approbation", "architects", "educators", "engineers", "health", "hwk",
        "ihk", "social", "teachers",
    }  # fmt: skip
    assert [rule.priority for rule in book.rules] == sorted(rule.priority for rule in book.rules)


def test_every_text_the_rules_use_has_a_sentence():
    missing = rule_book().text_keys() - TEXTS.keys()
    assert not missing


def test_every_source_has_an_address_and_a_date_it_was_checked():
    book = rule_book()
    sources = [s for rule in book.rules for s in rule.sources.values()]
    sources += [a.source for a in book.authorities.values()]
    for source in sources:
        assert source.url.startswith(("https://", "http://")), source
        assert date(2020, 1, 1) <= source.checked <= datetime.now(UTC).date(), source


def test_unverified_entries_say_so():
    """What was not compared with an official page is marked, and says why."""
    book = rule_book()
    unverified = [a for a in book.authorities.values() if not a.source.verified]
    assert unverified, "the directory marks what is not yet compared"
    assert all(a.note for a in unverified)


def test_seed_regions_have_full_contact_details_for_every_authority_their_rules_name():
    """Address, postcode, city, website and a way to write or call (some offices publish only
    one of the two for recognition)."""
    book = rule_book()
    seed = [a for a in book.authorities.values() if a.state in SEED_STATES]
    assert len(seed) >= 20
    for authority in seed:
        for part in ("address", "postcode", "city", "website"):
            assert getattr(authority, part), (authority.key, part)
        assert authority.email or authority.phone, authority.key


@pytest.fixture
def copy_of_rules(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIRECTORY, target)
    return target


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("rules/ihk.json", lambda d: d["competence"].update(default="ihk-nowhere"),
         "ihk.json: competence.default: unknown authority 'ihk-nowhere'"),
        ("rules/hwk.json", lambda d: d["steps"][0].update(source="nope"),
         "hwk.json: steps[0]: unknown source 'nope'"),
        ("rules/health.json", lambda d: d["alternatives"][0].update(when="sometimes"),
         "health.json: alternatives[0]: unknown condition 'sometimes'"),
        ("rules/teachers.json", lambda d: d["sources"]["teachers_mv"].update(checked="soon"),
         "'checked' must be a date"),
        ("rules/academic.json", lambda d: d["fees"].update(min_eur=900),
         "academic.json: fees: min_eur is above max_eur"),
        ("rules/engineers.json", lambda d: d["language"].update(cefr="D1"),
         "unknown CEFR level 'D1'"),
        ("rules/ihk.json", lambda d: d.update(applies_to={}),
         "ihk.json: applies_to: a rule must say which occupations it covers"),
        ("authorities.json", lambda d: d["authorities"]["zab"].update(website=""),
         "authorities.json: zab: an authority needs a website"),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_naming_the_file_and_the_place(
    copy_of_rules, file, change, message
):
    _edit(copy_of_rules / file, change)
    with pytest.raises(RuleError, match=re.escape(message)):
        read_rule_book(copy_of_rules)


def test_a_file_that_is_not_json_is_refused_with_its_line(copy_of_rules):
    (copy_of_rules / "rules" / "social.json").write_text('{"key": "social",\n oops}')
    with pytest.raises(RuleError, match=re.escape("social.json: line 2")):
        read_rule_book(copy_of_rules)


def test_a_parameter_misplaced_as_a_condition_is_refused(copy_of_rules):
    """A condition written into the parameters would silently apply always."""
    _edit(
        copy_of_rules / "rules" / "ihk.json",
        lambda d: d["alternatives"][0].update(params={"when": "documents_missing"}),
    )
    with pytest.raises(RuleError, match="'when' belongs to the fact"):
        read_rule_book(copy_of_rules)
