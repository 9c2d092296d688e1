import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotse.occupations.engine import label_variants, normalise
from lotse.occupations.engine.normalise import differs_in_accents, stem


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Krankenschwester (m/w/d)", "krankenschwester"),
        ("Pflegefachkraft (w/m/d)", "pflegefachkraft"),
        ("Mitarbeiter (gn)", "mitarbeiter"),
        ("Lehrer/-in", "lehrer"),
        ("Lehrer/in", "lehrer"),
        ("Lehrer*in", "lehrer"),
        ("Lehrer:in", "lehrer"),
        ("Lehrer_in", "lehrer"),
        ("LehrerIn", "lehrer"),
        ("Kfz-Mechatroniker:in", "kfz mechatroniker"),
        ("Straßenbauer", "strassenbauer"),
        ("Strassenbauer", "strassenbauer"),
        ("Bäcker", "baecker"),
        ("Baecker", "baecker"),
        ("Électricien", "electricien"),
        ("aşçı", "asci"),
        ("Spawacz łukowy", "spawacz lukowy"),
        ("  ELEKTRIKER  ", "elektriker"),
    ],
)
def test_latin_script_forms(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("مُمَرِّضَة", "ممرضه"),  # harakat dropped, ta marbuta unified
        ("ممرضة", "ممرضه"),
        ("أستاذ", "استاذ"),  # alef variants
        ("Ёлка", "елка"),
        ("Зварник", "зварник"),
        ("Μηχανικός", "μηχανικοσ"),  # accents dropped, final sigma unified
    ],
)
def test_other_scripts(typed, expected):
    assert normalise(typed) == expected


def test_german_double_forms_are_indexed_side_by_side():
    assert label_variants("Koch/Köchin") == ["koch koechin", "koch", "koechin"]
    assert label_variants("Lehrer/-in") == ["lehrer"]


def test_the_shorter_side_of_a_gender_pair_borrows_the_rest():
    # ESCO's Slovenian and Croatian pairs: "agent" alone would match any title with "agent"
    assert label_variants("agent/agentka za literaturo") == [
        "agent agentka za literaturo",
        "agent za literaturo",
        "agentka za literaturo",
    ]
    compound = "Import-/Exportmanager für Holz/Import-/Exportmanagerin für Holz"
    assert label_variants(compound)[1:] == [
        "import exportmanager fuer holz",
        "import exportmanagerin fuer holz",
    ]


@given(st.text(max_size=60))
def test_normalising_is_idempotent_and_never_fails(text):
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip() and "  " not in once


def test_a_gender_pair_in_a_query_gives_each_side_its_shared_rest():
    from lotse.occupations.engine.normalise import query_variants

    assert query_variants("Facteur / Factrice de percussions") == [
        "Facteur de percussions",
        "Factrice de percussions",
    ]
    assert query_variants("Koch / Köchin") == ["Koch", "Köchin"]
    assert query_variants("Elektroniker/-in") == ["Elektroniker/-in"]
    assert query_variants("Koch") == ["Koch"]
    assert query_variants("/") == ["/"]


@pytest.mark.parametrize(
    ("forms", "shared"),
    [
        (["orafi", "orafo", "orafa"], "oraf"),  # Italian plural, masculine, feminine
        (["sociales", "social"], "social"),  # Spanish plural
        (["agents", "agent"], "agent"),  # French plural
        (["kucharze", "kucharz"], "kucharz"),  # Polish plural
        (["готвачи", "готвач"], "готвач"),  # Bulgarian plural
    ],
)
def test_singular_plural_and_gender_forms_share_a_stem(forms, shared):
    assert {stem(form) for form in forms} == {shared}


def test_short_words_keep_their_ending():
    assert [stem(word) for word in ("de", "la", "des", "chef", "koch")] == [
        "de",
        "la",
        "des",
        "chef",
        "koch",
    ]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzаеиоуъюя", min_size=1, max_size=20))
def test_a_stem_is_a_prefix_of_at_least_four_letters_or_the_whole_word(word):
    result = stem(word)
    assert word.startswith(result)
    assert result == word or len(result) >= 4


@pytest.mark.parametrize(
    ("typed", "label", "differs"),
    [
        ("Détective", "detective", True),
        ("Pâtissier / Pâtissière", "Patissier/Patissière", True),
        ("Détective", "détective privé", False),
        ("Albañiles", "albañil", False),  # inflected, same accents
        ("Maestros de educación", "profesor para alumnado", False),  # no such word at all
        ("detective", "détective", False),  # typed without accents: no preference
        ("Köchin", "Koch/Köchin", False),
        ("ممرضة", "مُمَرِّضة", False),  # Arabic marks are not Latin accents
    ],
)
def test_a_label_differs_in_accents_only_where_it_writes_a_typed_word_otherwise(
    typed, label, differs
):
    assert differs_in_accents(typed, label) is differs
