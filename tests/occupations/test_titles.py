from lotse.occupations.engine import Label, OccupationIndex
from lotse.occupations.engine.titles import TitleRanker, concept_profile

CATALOGUE = OccupationIndex.build(
    [
        Label("esco:postman", "Briefträger/Briefträgerin", "de"),
        Label("esco:postman", "Postbote/Postbotin", "de", "alternative"),
        Label("esco:postman", "postman", "en"),
        Label("esco:baker", "Bäcker/Bäckerin", "de"),
        Label("esco:baker", "baker", "en"),
    ]
)
JOB_TITLES = {"1": "Postbotin", "2": "Bäckerin", "3": "Briefträger im Stadtdienst"}


def searcher(index):
    return lambda query, limit: index.search(query, limit=limit)


def ranker():
    titles = OccupationIndex.build([Label(key, title, "de") for key, title in JOB_TITLES.items()])
    return TitleRanker(JOB_TITLES, direct=searcher(titles), catalogue=searcher(CATALOGUE))


def test_a_title_that_shares_no_letters_is_found_through_the_catalogue():
    scores = dict(ranker().rank("Briefträger", limit=3))
    assert set(list(scores)[:2]) == {"1", "3"}
    assert scores["1"] > 2 * scores.get("2", 0)  # the baker shares some letters, no occupation


def test_without_a_catalogue_match_the_direct_ranking_stands():
    ranked = ranker().rank("Stadtdienst", limit=3)
    assert [key for key, _ in ranked] == ["3"]
    assert ranked[0][1] > 0


def test_a_profile_is_a_unit_vector_led_by_the_best_concept():
    profile = concept_profile(CATALOGUE.search("Postbote", limit=5))
    assert max(profile, key=profile.__getitem__) == "esco:postman"
    assert abs(sum(weight * weight for weight in profile.values()) - 1) < 1e-9
    assert concept_profile([]) == {}
