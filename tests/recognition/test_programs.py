"""POST /api/recognition/advice and `lotse recognition advise`: the same JSON, clear refusals."""

import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from tests.core.test_cli import LOTSE, clean_environment
from tests.occupations.conftest import catalogue  # noqa: F401  the fixture

pytestmark = pytest.mark.django_db

CANDIDATE_FIELDS = {
    "occupation", "regulated", "legal_basis", "authority", "steps", "documents", "fees",
    "duration", "language_requirement", "funding", "alternatives", "sources",
}  # fmt: skip
AUTHORITY_FIELDS = {"name", "address", "postcode", "city", "website", "email", "phone"}


def _post(client, **body):
    return client.post("/api/recognition/advice", data=body, content_type="application/json")


def test_the_api_answers_in_the_documented_shape(client):
    response = _post(
        client, occupation="de:regulated:pflegefachmann", country="UA", postcode="45879"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["undecided_reason"] is None
    candidate = data["candidates"][0]
    assert candidate.keys() >= CANDIDATE_FIELDS
    assert candidate["occupation"]["key"] == "de:regulated:pflegefachmann"
    assert candidate["regulated"] is True
    assert candidate["authority"].keys() >= AUTHORITY_FIELDS
    assert candidate["authority"]["city"] == "Münster"
    assert candidate["language_requirement"]["cefr"] == "B2"
    # Every fact points at a source with an address and the date it was checked.
    facts = [candidate["legal_basis"], *candidate["steps"], *candidate["documents"]]
    facts += [candidate["fees"], candidate["duration"], *candidate["funding"]]
    for fact in facts:
        source = candidate["sources"][fact["source"]]
        assert source["url"].startswith("http") and source["checked"]


def test_the_api_and_the_cli_print_the_same_json(client):
    question = {"occupation": "de:training:elektroniker", "country": "SY", "postcode": "19053"}
    from_api = _post(client, **question, lang="ar").json()
    printed = _cli("--occupation", question["occupation"], "--postcode", "19053",
                   "--country", "SY", "--lang", "ar", "--json")  # fmt: skip
    assert json.loads(printed) == from_api
    assert from_api["language"] == "ar"


def _cli(*arguments: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("recognition", "advise", *arguments, stdout=out)
    return out.getvalue()


def test_a_typed_occupation_is_searched_in_any_language(catalogue, client):  # noqa: F811
    data = _post(client, occupation="Elektriker", country="SY", postcode="18055").json()
    assert data["candidates"][0]["occupation"]["key"] == "de:training:elektroniker"
    assert data["candidates"][0]["authority"]["name"].startswith("Handwerkskammer Ostmecklenburg")


def test_a_state_stands_for_the_place_when_the_person_is_still_abroad(client):
    data = _post(client, occupation="de:regulated:lehrer", country="SY", state="DE-MV").json()
    assert data["candidates"][0]["authority"]["city"] == "Schwerin"
    assert data["question"]["state"] == "DE-MV"


@pytest.mark.parametrize(
    ("body", "field", "named"),
    [
        ({"postcode": "99999"}, "place", "99999"),
        ({"postcode": "Atlantis"}, "place", "Atlantis"),
        ({"state": "DE-XX", "postcode": ""}, "state", "DE-XX"),
        ({"country": "QQ"}, "country", "QQ"),
        ({"occupation": "de:training:unknown-occupation"}, "occupation", "de:training:unknown"),
        ({"occupation": "999999999"}, "occupation", "999999999"),
        ({"lang": "xx"}, "lang", "xx"),
        ({"postcode": "", "state": ""}, "place", ""),
    ],
)
def test_an_unknown_value_is_refused_naming_it(client, body, field, named):
    question = {"occupation": "de:training:koch", "country": "SY", "postcode": "19053", **body}
    response = _post(client, **question)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert named in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"occupation": "x" * 5000, "country": "SY", "postcode": "19053"},
        {"occupation": "Koch", "country": "SYR", "postcode": "19053"},
        {"occupation": "Koch", "country": "SY", "postcode": "1" * 1000},
        {"occupation": ["Koch"], "country": "SY", "postcode": "19053"},
        {"country": "SY", "postcode": "19053"},
    ],
)
def test_malformed_requests_get_a_422_never_a_500(client, body):
    assert _post(client, **body).status_code == 422


def test_the_cli_refuses_an_unknown_value_with_exit_code_2():
    with pytest.raises(CommandError) as refused:
        _cli("--occupation", "de:training:koch", "--postcode", "00000", "--country", "SY")
    assert refused.value.returncode == 2
    assert "00000" in str(refused.value)


def test_the_cli_as_an_operator_runs_it_exits_2_naming_the_country(tmp_path):
    result = subprocess.run(
        [*LOTSE, "recognition", "advise", "--occupation", "Koch", "--state", "DE-MV",
         "--country", "ZZ", "--json"],
        env=clean_environment(tmp_path, LOTSE_ENV="demo"), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "ZZ" in result.stderr
    assert result.stdout == ""


def test_the_cli_without_json_prints_a_readable_answer():
    text = _cli("--occupation", "de:regulated:arzt", "--state", "DE-MV", "--country", "SY",
                "--lang", "de")  # fmt: skip
    assert "Rostock" in text and "[1]" in text
