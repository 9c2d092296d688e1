"""Countries (ISO 3166-1) and languages (ISO 639) with their names in the reader's language.

The names and their translations come from the ``pycountry`` package (Debian's iso-codes), read
from its gettext catalogues; nothing is fetched at run time.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

# The languages people here are most often counselled in come first in a language list.
COMMON_LANGUAGES = ("de", "ar", "tr", "uk", "ru", "fa", "en", "fr", "ku", "ti", "so", "pl", "ro")


@cache
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(
        domain, pycountry.LOCALES_DIR, languages=[language.split("-")[0]], fallback=True
    )


def _country_name(country: object, language: str) -> str:
    catalogue = _catalogue("iso3166-1", language)
    official: str = country.name  # type: ignore[attr-defined]
    common: str = getattr(country, "common_name", official)
    translated = catalogue.gettext(common)
    # Some catalogues translate only the official name ("Syrian Arab Republic").
    untranslated = translated == common != official and not language.startswith("en")
    return catalogue.gettext(official) if untranslated else translated


@cache
def country_choices(language: str) -> tuple[tuple[str, str], ...]:
    names = ((c.alpha_2, _country_name(c, language)) for c in pycountry.countries)
    return tuple(sorted(names, key=lambda choice: choice[1].casefold()))


@cache
def _countries(language: str) -> dict[str, str]:
    return dict(country_choices(language))


def country_name(code: str, language: str) -> str:
    return _countries(language).get(code.upper(), code)


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code.upper()) is not None


@cache
def language_choices(language: str) -> tuple[tuple[str, str], ...]:
    catalogue = _catalogue("iso639-3", language)
    named = {
        entry.alpha_2: catalogue.gettext(entry.name)
        for entry in pycountry.languages
        if hasattr(entry, "alpha_2")
    }
    common = tuple((code, named[code]) for code in COMMON_LANGUAGES if code in named)
    rest = sorted(
        ((code, name) for code, name in named.items() if code not in COMMON_LANGUAGES),
        key=lambda choice: choice[1].casefold(),
    )
    return common + tuple(rest)


@cache
def _languages(language: str) -> dict[str, str]:
    return dict(language_choices(language))


def language_name(code: str, language: str) -> str:
    return _languages(language).get(code, code)
