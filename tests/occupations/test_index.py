from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.occupations.engine import Label, OccupationIndex

LABELS = [
    Label("esco:nurse", "Krankenpfleger/Krankenschwester", "de"),
    Label("esco:nurse", "Pflegefachkraft", "de", "alternative"),
    Label("esco:nurse", "nurse responsible for general care", "en"),
    Label("esco:nurse", "ممرض", "ar"),
    Label("esco:welder", "Schweißer/Schweißerin", "de"),
    Label("esco:welder", "welder", "en"),
    Label("esco:welder", "зварник", "uk"),
    Label("esco:cook", "Koch/Köchin", "de"),
    Label("esco:cook", "cook", "en"),
    Label("esco:cook", "kucharz", "pl"),
    Label("esco:electrician", "Elektroniker für Energie- und Gebäudetechnik", "de"),
    Label("esco:electrician", "electrician", "en"),
]


def index():
    return OccupationIndex.build(LABELS)


INDEX = index()


def test_finds_concepts_across_scripts_and_typing():
    idx = index()
    assert idx.search("Krankenschwester (m/w/d)")[0].concept == "esco:nurse"
    assert idx.search("ممرضة")[0].concept == "esco:nurse"
    assert idx.search("Зварник")[0].concept == "esco:welder"
    assert idx.search("Schweisser")[0].concept == "esco:welder"
    assert idx.search("Köchin")[0].concept == "esco:cook"
    assert idx.search("kucharz")[0].concept == "esco:cook"
    assert idx.search("Elektronikerin Energietechnik")[0].concept == "esco:electrician"


def test_what_was_typed_beats_a_label_that_only_shares_its_stems(tmp_path):
    idx = OccupationIndex.build(
        [
            Label("esco:personal-stylist", "stylist", "sv"),
            Label("esco:personal-stylist", "stylist", "en"),
            Label("esco:fashion-stylist", "styliste", "fr"),
            Label("isco:2163", "Stylistes", "fr"),
            Label("esco:chemist", "químico/química", "es"),
            Label("isco:2113", "Químicos", "es"),
        ],
        broader={"esco:chemist": "isco:2113", "esco:fashion-stylist": "isco:2163"},
        groups={"isco:2113", "isco:2163"},
    )
    assert idx.search("Styliste")[0].concept == "esco:fashion-stylist"
    # the group's own title names the occupation too: a person has the occupation
    assert [hit.concept for hit in idx.search("QUÍMICOS", limit=2)] == [
        "esco:chemist",
        "isco:2113",
    ]
    idx.save(tmp_path)  # the groups are saved with the index
    assert OccupationIndex.load(tmp_path).search("QUÍMICOS") == idx.search("QUÍMICOS")


def test_a_plural_title_matches_the_singular_label_as_closely_as_the_singular():
    idx = OccupationIndex.build(
        [
            Label("esco:goldsmith", "orafo/orafa", "it"),
            Label("esco:curator", "curatore di museo/curatrice di museo", "it"),
            Label("esco:conservator", "conservatore di beni culturali", "it"),
        ]
    )
    plural, singular = idx.search("Orafi")[0], idx.search("Orafo")[0]
    assert plural.concept == singular.concept == "esco:goldsmith"
    assert plural.score > 0.95 and singular.score == 1.0  # the singular is the label itself
    plural, singular = idx.search("Curatori di musei")[0], idx.search("curatore di museo")[0]
    assert plural.concept == singular.concept == "esco:curator"
    assert plural.score > 0.95 and singular.score == 1.0


def test_a_hit_names_the_label_and_language_that_matched():
    hit = index().search("kucharz")[0]
    assert (hit.label, hit.language) == ("kucharz", "pl")
    assert 0 < hit.score <= 1


def test_each_concept_appears_once_and_ranks_are_ordered():
    hits = index().search("Krankenpfleger", limit=10)
    concepts = [h.concept for h in hits]
    assert len(concepts) == len(set(concepts))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_filter_by_allowed_concepts():
    hits = index().search("Koch", allowed={"esco:welder", "esco:nurse"})
    assert all(h.concept != "esco:cook" for h in hits)


def test_queries_without_any_known_text_find_nothing_and_do_not_fail():
    idx = index()
    assert idx.search("") == []
    assert idx.search("!!!") == []
    assert idx.search("qqqqxxxx") == []


def test_an_exact_label_ranks_first_with_a_high_score():
    first = index().search("welder")[0]
    assert first.concept == "esco:welder" and first.label == "welder" and first.score >= 0.9


def test_a_word_typed_with_accents_is_exact_only_in_the_language_that_writes_them():
    idx = OccupationIndex.build(
        [
            Label("police", "detective", "es", "preferred"),
            Label("private", "détective privé", "fr", "preferred"),
            Label("private", "détective", "fr", "alternative"),
        ]
    )
    assert idx.search("Détective")[0].concept == "private"
    assert idx.search("detective")[0].concept == "police"  # typed without: every language


def test_a_label_that_is_the_whole_typed_pair_beats_one_that_is_one_side():
    idx = OccupationIndex.build(
        [
            Label("fishmonger", "poissonnier/poissonnière", "fr"),
            Label("fish-cook", "poissonnier", "nl"),  # the kitchen's fish cook, in Dutch
            Label("fish-cook", "cuisinier poissonnier/cuisinière poissonnière", "fr"),
        ]
    )
    assert idx.search("Poissonnier / Poissonnière")[0].concept == "fishmonger"
    assert idx.search("Poissonnier")[0].concept == "fish-cook"  # one side: both are exact


def test_a_concept_whose_names_match_twice_outranks_one_that_matches_once():
    idx = OccupationIndex.build(
        [
            Label("a", "Fachkraft Lagerlogistik", "de"),
            Label("b", "Fachkraft Lagerlogistik", "de"),
            Label("b", "Fachkraft für Lagerlogistik", "de"),
        ]
    )
    assert [hit.concept for hit in idx.search("Fachkraft Lagerlogistik")] == ["b", "a"]


def test_saved_index_loads_and_answers_the_same(tmp_path):
    idx = index()
    idx.save(tmp_path / "index")
    loaded = OccupationIndex.load(tmp_path / "index")
    for query in ("Schweißer", "cook", "ممرضة", "Elektriker"):
        assert loaded.search(query) == idx.search(query)
    assert loaded.memory_bytes > 0


def test_the_engine_is_a_pure_core_without_django():
    import ast
    from pathlib import Path

    import lotse.occupations.engine as engine

    for source in Path(engine.__file__).parent.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [name for name in imported if name.split(".")[0] == "django"], source.name


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_input_gives_ordered_unique_hits_scored_between_zero_and_one(text):
    hits = INDEX.search(text, limit=5)
    assert len(hits) <= 5
    assert len({h.concept for h in hits}) == len(hits)
    assert all(0 < h.score <= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_labels_in_other_languages_decide_between_equal_matches():
    idx = OccupationIndex.build(
        [
            Label("mechanic", "mecánico", "es"),
            Label("mechanic", "meccanico", "it"),
            Label("mechanic", "mecânico", "pt"),
            Label("mechanist", "mecánico", "es", "alternative"),
            Label("mechanist", "Maschinist", "de"),
        ]
    )
    assert [hit.concept for hit in idx.search("mecánico")] == ["mechanic", "mechanist"]


def test_a_broader_concept_ranks_just_below_the_narrower_one_that_matches(tmp_path):
    idx = OccupationIndex.build(
        [
            Label("nurse", "Krankenschwester", "de"),
            Label("isco:2221", "Pflegefachkräfte", "de"),
            Label("cook", "Koch", "de"),
        ],
        broader={"nurse": "isco:2221", "cook": "isco:5120"},  # 5120 is not in this index
    )
    hits = idx.search("Krankenschwester")
    assert [hit.concept for hit in hits] == ["nurse", "isco:2221"]
    assert hits[1].label == "Krankenschwester" and hits[1].score < hits[0].score
    assert [hit.concept for hit in idx.search("Krankenschwester", allowed={"nurse"})] == ["nurse"]
    idx.save(tmp_path)
    assert OccupationIndex.load(tmp_path).search("Krankenschwester") == hits


def test_a_label_without_searchable_text_breaks_nothing_and_is_never_found():
    idx = OccupationIndex.build([Label("dash", "—", "de"), *LABELS, Label("dots", "...", "en")])
    assert idx.search("Schweißer")[0].concept == "esco:welder"
    assert all(hit.concept not in {"dash", "dots"} for hit in idx.search("—", limit=20))


def test_two_equal_labels_count_as_best_and_second_best():
    idx = OccupationIndex.build(
        [
            Label("a", "Lagerist", "de"),
            Label("a", "Lagerarbeiter", "de", "alternative"),
            Label("b", "Lagerist", "de"),
            Label("b", "Lagerist", "de", "alternative"),
        ]
    )
    assert [hit.concept for hit in idx.search("Lagerist")] == ["b", "a"]


def test_equal_matches_beyond_the_candidates_rank_in_label_order():
    many = [Label(f"helper-{n:03}", "Helfer", "de", "alternative") for n in range(600)]
    hits = OccupationIndex.build(many).search("Helfer", limit=5)
    assert [hit.concept for hit in hits] == [f"helper-{n:03}" for n in range(5)]
