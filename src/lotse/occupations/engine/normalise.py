"""Normalisation of occupation titles as people type them, in any script.

The same function runs on the index labels and on the queries, so both meet in one form:
case folded, German gender forms removed, umlauts transliterated, Latin diacritics stripped,
Arabic, Cyrillic and Greek variants unified, punctuation turned into spaces.
"""

from __future__ import annotations

import re
import unicodedata

# "(m/w/d)", "(w/m/d)", "(m/f/d)", "(gn)", "(all genders)" and the like, with or without brackets.
_GENDER_TAGS = re.compile(
    r"[(\[]\s*(?:[mwfdx]\s*[/|,]\s*){1,3}[mwfdx]\s*[)\]]"
    r"|[(\[]\s*(?:gn|all genders|alle geschlechter|d)\s*[)\]]"
    r"|(?<!\w)(?:[mwfdx]/){2}[mwfdx](?!\w)",
    re.IGNORECASE,
)
# German feminine endings added with a marker: "Lehrer/-in", "Lehrer/in", "Lehrer*in", "Lehrer:in",
# "Lehrer_in", "LehrerIn", "Lehrer(in)"; plural "-innen" as well.
_GENDER_SUFFIX = re.compile(r"(?<=\w)(?:\s*/\s*-?|\*|:|_|\()(?:in|innen)\)?(?!\w)", re.IGNORECASE)
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])I(?:nnen|n)\b")

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Letters that Unicode does not decompose into a base letter and a mark.
_LATIN_EXTRA = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ħ": "h"}
)
_ARABIC = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,
        "ک": "ك",
        "ی": "ي",
        "گ": "ك",
    }
)
_CYRILLIC_GREEK = str.maketrans({"ё": "е", "ς": "σ", "ї": "і"})
_NON_WORD = re.compile(r"[^\w]+")
# Plural and gender endings of Romance, Slavic and Germanic titles: trailing vowels and a final
# "s", stripped where four letters remain ("orafi", "orafo", "orafa" -> "oraf"; "sociales",
# "social" -> "social"; "готвачи", "готвач" -> "готвач").
_INFLECTED_ENDING = re.compile(r"(?<=\w{4})[aeiouyаеиоуъюяыь]*s?$")
# The slash between the sides of a pair; not one that shortens a compound ("Import-/Export").
_PAIR_SLASH = re.compile(r"(?<!-)/(?!-)")


def _strip_marks(text: str) -> str:
    """Drop combining marks (accents, Arabic harakat) while keeping base letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", kept)


def readable(text: str) -> str:
    """The title as a language model should read it: lower case, without German gender forms
    and tags, but with its accents and words intact."""
    text = unicodedata.normalize("NFKC", text)
    text = _GENDER_TAGS.sub(" ", text)
    text = _BINNEN_I.sub("", text)
    text = _GENDER_SUFFIX.sub("", text)
    return " ".join(text.casefold().split())


def normalise(text: str) -> str:
    """The comparable form of an occupation title."""
    text = readable(text).translate(_GERMAN).translate(_LATIN_EXTRA)
    text = text.translate(_ARABIC).translate(_CYRILLIC_GREEK)
    text = _strip_marks(text).replace("й", "и")
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


def accented_words(text: str) -> set[str]:
    """The words of a title that carry Latin diacritics, in lower case: {"détective"} for
    "Détective privé"."""
    return {
        word
        for word in title_words(text)
        if (bare := _strip_marks(word)) != word and bare.isascii()
    }


def title_words(text: str) -> set[str]:
    """The words of a title in lower case, accents kept."""
    return set(_NON_WORD.sub(" ", readable(text)).split())


def differs_in_accents(typed: str, label: str) -> bool:
    """Whether the label has a word that was typed with accents in other accents or none
    ("detective" for "Détective"): the same letters, another language's word. Inflected forms
    count as the same word ("albañil" for "Albañiles")."""
    accented = accented_words(typed)
    if not accented:
        return False
    words = title_words(label)
    kept = {stem(word) for word in words}
    bare = {stem(_strip_marks(word)) for word in words}
    return any(stem(word) not in kept and stem(_strip_marks(word)) in bare for word in accented)


def stem(word: str) -> str:
    """A word of a normalised title without its inflected ending, so that singular and plural,
    masculine and feminine forms share their n-grams. Short words stay as they are."""
    return _INFLECTED_ENDING.sub("", word)


def gender_pair_sides(title: str) -> list[str]:
    """Each side of a gender pair with the rest the sides share, or nothing where the title is
    none.

    Official titles come as "Koch/Köchin", "Facteur / Factrice de percussions" or, in ESCO's
    Croatian and Slovenian, "agent/agentica za iznajmljivanje vozila": the shorter side borrows
    the words the longer one has beyond it ("Facteur de percussions", "agent za iznajmljivanje
    vozila"), so that neither side is a bare generic word.
    """
    if "/" not in title or _GENDER_SUFFIX.search(title):
        return []
    sides = _PAIR_SLASH.split(title, maxsplit=1)
    if len(sides) < 2:
        return []
    left, right = sides
    left_words, right_words = left.split(), right.split()
    if not left_words or not right_words:
        return []
    if len(right_words) > len(left_words):
        left_words += right_words[len(left_words) :]
    elif len(left_words) > len(right_words):
        right_words += left_words[len(right_words) :]
    return [" ".join(left_words), " ".join(right_words)]


def label_variants(label: str) -> list[str]:
    """The searchable forms of one label: the whole and each side of a gender pair."""
    forms = [normalise(form) for form in [label, *gender_pair_sides(label)]]
    return [form for index, form in enumerate(forms) if form and form not in forms[:index]]


def query_variants(query: str) -> list[str]:
    """The forms a query is searched in: the sides of a gender pair (see
    ``gender_pair_sides``; the whole would count the shared word twice), else what was typed."""
    return gender_pair_sides(query) or [query]
