from lotse.occupations.models import Occupation
from tests.occupations.esco_fixtures import COOK, NURSE, WELDER


def test_search_is_public_and_names_what_matched(catalogue, client):
    body = client.get("/api/occupations/search", {"q": "spawacz", "lang": "de"}).json()
    first = body["results"][0]
    assert (first["key"], first["title"]) == (WELDER, "Schweißer/Schweißerin")
    assert (first["matched_label"], first["matched_language"]) == ("spawacz", "pl")
    assert body["attribution"] == "ESCO classification of the European Commission"


def test_filters_by_kind_isco_and_regulation(catalogue, client):
    def keys(**params):
        response = client.get("/api/occupations/search", {"q": "Krankenpfleger", **params})
        return [r["key"] for r in response.json()["results"]]

    assert keys(kind="isco") == ["http://data.europa.eu/esco/isco/C2221"]
    assert keys(kind="reference")[0] == "de:regulated:pflegefachmann"
    assert NURSE not in keys(kind="reference")
    assert keys(regulated="true", kind="esco") == [NURSE]
    assert all(k != COOK for k in keys(isco="22"))


def test_bad_parameters_get_a_clear_error(catalogue, client):
    assert client.get("/api/occupations/search", {"q": "x", "kind": "nonsense"}).status_code == 422
    assert client.get("/api/occupations/search", {"q": ""}).status_code == 422
    assert client.get("/api/occupations/search", {"q": "x", "limit": 500}).status_code == 422


def test_occupation_detail(catalogue, client):
    nurse = Occupation.objects.get(key=NURSE)
    body = client.get(f"/api/occupations/{nurse.pk}").json()
    assert body["isco_code"] == "2221" and body["regulated"] is True
    assert {"language": "de", "text": "Pflegefachkraft", "kind": "alternative"} in body["labels"]
    assert body["broader_key"] == "http://data.europa.eu/esco/isco/C2221"
    assert client.get("/api/occupations/999999").status_code == 404


def test_an_index_of_an_older_format_is_reported_not_crashed_on(catalogue, client, caplog):
    import json

    from lotse.occupations import search

    meta = search.index_directory() / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text("utf-8")), "format": 1}), "utf-8")
    (search.index_directory() / search.FACTS_FILE).touch()  # a newer build on disk
    response = client.get("/api/occupations/search", {"q": "spawacz"})
    assert response.status_code == 200 and response.json()["results"] == []
    assert "rebuild it" in caplog.text
    assert not search.index_exists()  # so `lotse demo` builds it anew
    assert "WRITTEN BY AN OLDER VERSION" in search.index_status()
