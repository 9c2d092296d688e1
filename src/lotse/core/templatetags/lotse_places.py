"""Country and language names in the reader's language: ``{{ code|country_name }}``."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from lotse.places import countries

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    return countries.country_name(code or "", get_language() or "de") if code else ""


@register.filter
def language_name(code: str) -> str:
    return countries.language_name(code or "", get_language() or "de") if code else ""
