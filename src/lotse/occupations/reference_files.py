"""The German reference catalogue that ships with Lotse: reading and checking its data files.

Two tab-separated files in ``occupations/data/`` written by us from public sources (see their
headers): the state-recognised training occupations and the regulated professions together with
the class of academic professions that are not regulated. Reading validates every row first and
reports rejected rows as ``file:line: reason``; nothing here touches the database.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

DATA_DIRECTORY = Path(__file__).parent / "data"
TRAINING_FILE = "training_occupations.tsv"
REGULATED_FILE = "regulated_professions.tsv"
LINKS_FILE = "esco_reference_links.tsv"
ISCO_FALLBACKS_FILE = "isco_reference_fallbacks.tsv"
ISCO_PREFIX = re.compile(r"^\d{1,4}$")
REFERENCE_KEY = re.compile(r"^de:(training|regulated|academic):[a-z0-9-]+$")
TRANSLATIONS_FILE = "reference_titles_translated.tsv"
TRANSLATED_LANGUAGES = ("tr", "uk", "ru", "ar", "fa")

LEGAL_BASES = frozenset({"BBiG", "HwO", "BBiG+HwO"})
TRAINING_BODIES = frozenset(
    {"ihk", "hwk", "agriculture", "liberal", "public", "home_economics", "maritime"}
)
REGULATED_BODIES = frozenset(
    {
        "health_authority",
        "land_authority",
        "bar_chamber",
        "liberal",
        "engineering_chamber",
        "architects_chamber",
        "ihk",
        "hwk",
        "zab",
    }
)
REGULATIONS = frozenset(
    {
        "approbation",
        "licence",
        "admission",
        "protected_title",
        "state_recognition",
        "master_craft",
        "none",
    }
)
LEVELS = frozenset({"federal", "land"})

# Words in front of the head noun that agree with it ("Medizinischer Fachangestellter").
_ADJECTIVE = re.compile(r"(isch|lich|ig)er$")


@dataclass(frozen=True)
class ReferenceOccupation:
    key: str
    kind: str  # training, regulated or academic
    title_male: str
    title_female: str
    title_neutral: str
    other_titles: tuple[str, ...]
    legal_basis: str
    competent_body: str
    regulation: str
    level: str
    duration_months: int | None
    kldb_code: str
    isco_code: str
    source: str
    recorded: date
    ordinance: str = ""  # training occupations: the Ausbildungsordnung(en), ";"-separated
    translated: tuple[tuple[str, str], ...] = ()  # (language, title): search labels


@dataclass
class ReferenceCatalogue:
    occupations: list[ReferenceOccupation] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


# Female forms with an umlaut, also at the end of compounds (Zahnarzt, Rechtsanwalt, Chefkoch).
_UMLAUT_ENDINGS = {"arzt": "ärztin", "anwalt": "anwältin", "koch": "köchin"}
_IRREGULAR_WORDS = {"Bauer": "Bäuerin"}  # the farmer; builders (Maurer, Metallbauer) are regular


def _female_noun(noun: str) -> str:
    if noun in _IRREGULAR_WORDS:
        return _IRREGULAR_WORDS[noun]
    for ending, female in _UMLAUT_ENDINGS.items():
        if noun.lower().endswith(ending):
            first = female[0].upper() if noun[-len(ending)].isupper() else female[0]
            return noun[: -len(ending)] + first + female[1:]
    if noun.endswith("mann"):
        return noun[: -len("mann")] + "frau"
    if noun.endswith("kraft"):
        return noun
    if noun.lower().endswith("angestellter"):
        return noun[:-1]
    if noun.endswith("e"):
        return noun[:-1] + "in"
    return noun + "in"


def _leads_to_head(word: str) -> bool:
    """Adjectives and the first parts of "Beton- und Stahlbetonbauer" come before the noun."""
    return bool(_ADJECTIVE.search(word)) or word.endswith(("-", "-,")) or word == "und"


def _words(title: str) -> tuple[list[str], int]:
    """The words of a title and the position of its head noun."""
    words = title.split(" ")
    head = 0
    while head < len(words) - 1 and _leads_to_head(words[head]):
        head += 1
    return words, head


def female_title(male: str) -> str:
    """The female title formed by the usual rules; irregular ones are written in the file."""
    words, head = _words(male)
    adjectives = [word[:-1] if _ADJECTIVE.search(word) else word for word in words[:head]]
    return " ".join([*adjectives, _female_noun(words[head]), *words[head + 1 :]])


_PERSON_NOUN = re.compile(r"(er|mann|ist|ant|ent|eur|oge|at|ör)$")


def german_titles(occupation: ReferenceOccupation) -> list[str]:
    """Every German title to index: male, female, other titles and their female forms."""
    titles = [occupation.title_male, occupation.title_female]
    for other in occupation.other_titles:
        titles.append(other)
        words, head = _words(other)
        two_nouns = re.search(r"[^-,] und ", other)  # "Installateur und Heizungsbauer"
        if not (other.isupper() or two_nouns) and _PERSON_NOUN.search(words[head]):
            titles.append(female_title(other))
    return list(dict.fromkeys(title for title in titles if title != occupation.title_neutral))


def _pair(male: str, female: str) -> str:
    if female == male:
        return male
    if female == male + "in":
        return f"{male}/-in"
    if male.endswith("mann") and female.endswith("frau"):
        return f"{male}/-frau"
    if female == male[:-1]:  # Fachangestellter/Fachangestellte, Medizinischer/Medizinische
        return f"{female}/-r"
    if female == male[:-1] + "in":  # Technologe/Technologin
        return f"{male}/-in"
    return f"{male}/{female}"


def neutral_title(male: str, female: str) -> str:
    """The short double form used in the official lists ("Elektroniker/-in für …")."""
    if female == male:
        return male
    male_words, head = _words(male)
    female_words = female.split(" ")
    if len(male_words) != len(female_words) or male_words[head + 1 :] != female_words[head + 1 :]:
        return f"{male} / {female}"
    pairs = zip(male_words[: head + 1], female_words[: head + 1], strict=True)
    paired = [_pair(m, f) for m, f in pairs]
    return " ".join([*paired, *male_words[head + 1 :]])


UMLAUTS_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def reference_key(kind: str, title_male: str) -> str:
    folded = title_male.lower().translate(UMLAUTS_SPELLED_OUT)
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return f"de:{kind}:" + re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        numbered = enumerate(handle, 1)
        lines = [(n, line) for n, line in numbered if line.strip() and not line.startswith("#")]
    reader = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    for (number, _), row in zip(lines[1:], reader, strict=True):
        yield number, {name: (value or "").strip() for name, value in row.items() if name}


def _code(value: str, digits: int, name: str) -> str:
    if value and not re.fullmatch(rf"\d{{{digits}}}", value):
        raise ValueError(f"{name} must have {digits} digits, not {value!r}")
    return value


def _bodies(value: str, allowed: frozenset[str]) -> str:
    unknown = [body for body in value.split("+") if body not in allowed]
    if not value or unknown:
        raise ValueError(f"unknown competent body {value!r}")
    return value


def _others(value: str) -> tuple[str, ...]:
    return tuple(title.strip() for title in value.split(";") if title.strip())


def _occupation(
    kind: str, row: dict[str, str], bodies: frozenset[str], **facts: Any
) -> ReferenceOccupation:
    """The columns both files share, checked, and the kind's own ``facts``."""
    male = row["title_male"]
    female = row["title_female"] or female_title(male)
    return ReferenceOccupation(
        key=reference_key(kind, male),
        kind=kind,
        title_male=male,
        title_female=female,
        title_neutral=neutral_title(male, female),
        other_titles=_others(row["other_titles"]),
        legal_basis=row["legal_basis"],
        competent_body=_bodies(row["competent_body"], bodies),
        kldb_code=_code(row["kldb_2010"], 5, "KldB 2010"),
        isco_code=_code(row["isco_08"], 4, "ISCO-08"),
        recorded=date.fromisoformat(row["recorded"]),
        **facts,
    )


def _training(row: dict[str, str]) -> ReferenceOccupation:
    if row["legal_basis"] not in LEGAL_BASES:
        raise ValueError(f"legal basis must be one of {sorted(LEGAL_BASES)}")
    months = int(row["duration_months"])
    if not 18 <= months <= 42:
        raise ValueError(f"duration of {months} months is not a training duration")
    if not row["ordinance"]:
        raise ValueError("the ordinance (the source) is missing")
    return _occupation(
        "training",
        row,
        TRAINING_BODIES,
        regulation="none",
        level="federal",
        duration_months=months,
        source=f"{row['ordinance']} (Ausbildungsordnung); BIBB-Verzeichnis der anerkannten "
        "Ausbildungsberufe",
        ordinance=row["ordinance"],
    )


def _regulated(row: dict[str, str]) -> ReferenceOccupation:
    kind = row["kind"]
    if kind not in {"regulated", "academic"}:
        raise ValueError("kind must be regulated or academic")
    for name, allowed in (("regulation", REGULATIONS), ("level", LEVELS)):
        if row[name] not in allowed:
            raise ValueError(f"{name} must be one of {sorted(allowed)}")
    if not row["source"].startswith("https://"):
        raise ValueError("the source must be a https:// address")
    return _occupation(
        kind,
        row,
        REGULATED_BODIES,
        regulation=row["regulation"],
        level=row["level"],
        duration_months=None,
        source=row["source"],
    )


def read_reference_catalogue(directory: Path = DATA_DIRECTORY) -> ReferenceCatalogue:
    """Every valid row of both files, and one ``file:line: reason`` per rejected row."""
    catalogue = ReferenceCatalogue()
    seen: set[str] = set()
    for name, parse in ((TRAINING_FILE, _training), (REGULATED_FILE, _regulated)):
        for number, row in _rows(directory / name):
            try:
                occupation = parse(row)
                if occupation.key in seen:
                    raise ValueError(f"{occupation.title_male!r} is listed twice")
            except (KeyError, ValueError) as error:
                catalogue.rejected.append(f"{name}:{number}: {error}")
                continue
            seen.add(occupation.key)
            catalogue.occupations.append(occupation)
    _add_translations(catalogue, directory / TRANSLATIONS_FILE)
    return catalogue


def _add_translations(catalogue: ReferenceCatalogue, path: Path) -> None:
    translated: dict[str, list[tuple[str, str]]] = {}
    keys = {occupation.key for occupation in catalogue.occupations}
    for number, row in _rows(path):
        if row.get("key") not in keys:
            catalogue.rejected.append(
                f"{path.name}:{number}: no reference occupation {row.get('key')!r}"
            )
            continue
        for language in TRANSLATED_LANGUAGES:
            titles = _others(row.get(language, ""))
            translated.setdefault(row["key"], []).extend((language, t) for t in titles)
    catalogue.occupations = [
        replace(occupation, translated=tuple(translated.get(occupation.key, ())))
        for occupation in catalogue.occupations
    ]


def read_isco_fallbacks(path: Path = DATA_DIRECTORY / ISCO_FALLBACKS_FILE) -> dict[str, str]:
    """ISCO-08 prefix -> the reference key for ESCO occupations of that group that no label links.
    A bad row raises ValueError naming file, line and reason (the file ships with Lotse)."""
    fallbacks: dict[str, str] = {}
    problems = []
    for number, row in _rows(path):
        try:
            prefix, reference = _fallback(row)
            if prefix in fallbacks:
                raise ValueError(f"ISCO prefix {prefix} is listed twice")
        except (KeyError, ValueError) as error:
            problems.append(f"{path.name}:{number}: {error}")
            continue
        fallbacks[prefix] = reference
    if problems:
        raise ValueError("; ".join(problems))
    return fallbacks


def _fallback(row: dict[str, str]) -> tuple[str, str]:
    if not ISCO_PREFIX.match(row["isco_prefix"]):
        raise ValueError(f"ISCO prefix {row['isco_prefix']!r} is not 1 to 4 digits")
    if not REFERENCE_KEY.match(row["reference"]):
        raise ValueError(f"{row['reference']!r} is not a reference key")
    if not row["why"] or not row["source"].startswith("https://"):
        raise ValueError("reason and https source are required")
    date.fromisoformat(row["recorded"])
    return row["isco_prefix"], row["reference"]


def isco_fallback(isco_code: str, fallbacks: dict[str, str]) -> str | None:
    """The reference key of the longest prefix of the ISCO code that has a fallback."""
    for length in range(len(isco_code), 0, -1):
        if isco_code[:length] in fallbacks:
            return fallbacks[isco_code[:length]]
    return None
