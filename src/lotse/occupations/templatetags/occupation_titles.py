"""How occupation titles are written into pages."""

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter
def breakable(title: str) -> SafeString:
    """The title with a line-break opportunity after each slash that begins a whole form: a
    narrow screen breaks "Elektronenstrahlschweißer/Elektronenstrahlschweißerin" between its
    gender forms, and keeps "/-in" with its word."""
    return mark_safe(GENDER_SLASH.sub("/<wbr>", str(escape(title))))  # noqa: S308 - escaped


GENDER_SLASH = re.compile(r"/(?=\w)")


@register.filter
def localised_title(occupation: Any) -> str:
    """An occupation's title in the reader's language (with the catalogue's fallbacks)."""
    return str(occupation.title(get_language() or "de")) if occupation else ""
