"""How occupation titles are written into pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def breakable(title: str) -> SafeString:
    """The title with a line-break opportunity after each slash that begins a whole form: a
    narrow screen breaks "Elektronenstrahlschweißer/Elektronenstrahlschweißerin" between its
    gender forms, and keeps "/-in" with its word."""
    return mark_safe(GENDER_SLASH.sub("/<wbr>", str(escape(title))))  # noqa: S308 - escaped


GENDER_SLASH = re.compile(r"/(?=\w)")
