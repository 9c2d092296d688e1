"""Names across scripts and transliterations: keys for search and a score for likely duplicates.

A person's name reaches Lotse as written (محمد, Олександр) and in one of many Latin spellings
(Mohammed, Muhammad, Mohamad; Oleksandr, Aleksandr). Arabic script writes no short vowels, and
transliterations disagree mostly on vowels and a few consonant clusters, so the *skeleton* of a
name, its consonants after folding the usual variants together, is the same for all of them:
``skeleton("محمد") == skeleton("Mohammed") == skeleton("Muhammad") == "mhmd"``. Search matches
skeletons; the duplicate score compares skeletons and spellings with a typo-tolerant similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from anyascii import anyascii
from rapidfuzz import fuzz

# Applied in order, after folding to lower-case ASCII.
_CLUSTERS = (
    ("tsch", "c"),
    ("dsch", "j"),
    ("sch", "s"),
    ("tch", "c"),
    ("dzh", "j"),
    ("ch", "c"),
    ("sh", "s"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
)
_VOWELS = re.compile(r"[aeiouy]")
# A w before a consonant or at the end is a vowel (Arabic و in يوسف, "ywsf"; "Pavlow").
_VOWEL_W = re.compile(r"(?<=.)w(?=[^aeiou]|$)")
_DOUBLES = re.compile(r"(.)\1+")
_NOT_LETTERS = re.compile(r"[^a-z ]+")


def latin(text: str) -> str:
    """Lower-case ASCII letters and single spaces: 'Şükrü Öztürk' -> 'sukru ozturk'."""
    folded = anyascii(text).lower().replace("-", " ")
    return " ".join(_NOT_LETTERS.sub("", folded).split())


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in word)


def _skeleton_of_word(word: str, *, vowel_w: bool) -> str:
    for cluster, replacement in _CLUSTERS:
        word = word.replace(cluster, replacement)
    if word[:1] == "y":
        word = "j" + word[1:]  # Yusuf, Jussuf, يوسف
    if vowel_w:
        word = _VOWEL_W.sub("", word)
    consonants = _DOUBLES.sub(r"\1", _VOWELS.sub("", word.replace("w", "v")))
    # A final h is the Arabic ta marbuta or a German lengthening: Fatima, Fatimah, فاطمة.
    if len(consonants) > 1 and consonants.endswith("h"):
        consonants = consonants[:-1]
    return consonants


def skeletons(text: str) -> tuple[str, ...]:
    """The consonant skeletons of a name, words space-separated ('Al-Hassan' -> 'l hsn').

    Arabic script writes the long vowel u and the consonant w with one letter (يوسف Yusuf,
    مروان Marwan), so a name in Arabic script has two readings: with that letter as a consonant
    and as a vowel. Names in other scripts have one."""
    readings = []
    for vowel_w in (False, True):
        words = [
            _skeleton_of_word(part, vowel_w=vowel_w and _is_arabic(word))
            for word in text.split()
            for part in latin(word).split()
        ]
        readings.append(" ".join(w for w in words if w))
    return tuple(dict.fromkeys(readings))


def skeleton(text: str) -> str:
    """The first reading of ``skeletons``."""
    return skeletons(text)[0]


def search_keys(*names: str) -> str:
    """The text a search looks in: every spelling and every skeleton of the given names."""
    words: list[str] = []
    for name in names:
        words.extend(latin(name).split())
        for reading in skeletons(name):
            words.extend(reading.split())
    return " ".join(dict.fromkeys(w for w in words if w))


def query_keys(query: str) -> list[set[str]]:
    """For each word of a query, the skeletons (or the spelling) one of which must be found."""
    keys = []
    for word in query.split()[:12]:
        readings = {r for r in skeletons(word) if r} or set(latin(word).split())
        if readings:
            # A hyphenated word ("Al-Hassan") is found by its most telling part.
            keys.append({max(r.split(), key=len) for r in readings})
    return keys


@dataclass(frozen=True)
class NameRecord:
    given_names: tuple[str, ...]  # every spelling of the given names (as written, in Latin)
    family_names: tuple[str, ...]
    date_of_birth: date | None = None
    birth_year: int | None = None


def _joined(given: str, family: str) -> tuple[str, ...]:
    return tuple(r.replace(" ", "") for r in skeletons(f"{given} {family}"))


def name_similarity(a: NameRecord, b: NameRecord) -> float:
    """0..1: the best match of any spelling pair, given and family names also swapped."""
    best = 0.0
    for given_a in a.given_names:
        for family_a in a.family_names:
            lefts = _joined(given_a, family_a)
            for given_b in b.given_names:
                for family_b in b.family_names:
                    rights = _joined(given_b, family_b) + _joined(family_b, given_b)
                    for left in lefts:
                        for right in rights:
                            if left and right:
                                best = max(best, fuzz.ratio(left, right) / 100)
                    spelled = fuzz.token_sort_ratio(
                        latin(f"{given_a} {family_a}"), latin(f"{given_b} {family_b}")
                    )
                    best = max(best, spelled / 100)
    return best


def _year(record: NameRecord) -> int | None:
    return record.date_of_birth.year if record.date_of_birth else record.birth_year


def birth_agreement(a: NameRecord, b: NameRecord) -> float | None:
    """1 same date, 0.6 same year, 0.4 day and month swapped, 0 different; None when unknown."""
    if a.date_of_birth and b.date_of_birth:
        if a.date_of_birth == b.date_of_birth:
            return 1.0
        x, y = a.date_of_birth, b.date_of_birth
        if x.year == y.year and x.month == y.day and x.day == y.month:
            return 0.4
        return 0.0
    year_a, year_b = _year(a), _year(b)
    if year_a is None or year_b is None:
        return None
    return 0.6 if year_a == year_b else 0.0


DUPLICATE_THRESHOLD = 0.8


def duplicate_score(a: NameRecord, b: NameRecord) -> float:
    """How likely two records are one person, 0..1; ``DUPLICATE_THRESHOLD`` and above is likely."""
    names = name_similarity(a, b)
    birth = birth_agreement(a, b)
    if birth is None:
        return names * 0.9
    if birth == 0.0:
        return names * 0.5
    return min(1.0, names * (0.85 + 0.15 * birth) + 0.1 * birth)
