"""Choosing an occupation in any form: a field and its autocomplete widget.

    occupation = OccupationField(label=_("Occupation"))               # reference occupations
    occupation = OccupationField(kind="esco", label=_("ESCO occupation"))

The widget is a combobox: the person types in any language, suggestions come from the search
(htmx), arrow keys and Enter choose, Escape closes; the chosen occupation's id is submitted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.occupations.models import REFERENCE, Occupation, kinds_for

TEXT_SUFFIX = "__text"


class OccupationPicker(forms.Widget):
    template_name = "occupations/widgets/picker.html"

    def __init__(self, *, kind: str = REFERENCE, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind
        self.typed = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = (
            Occupation.objects.prefetch_related("labels").filter(pk=value).first()
            if str(value or "").isdigit()
            else None
        )
        context["widget"].update(
            {
                "kind": self.kind,
                "suggest_url": reverse("occupations:suggest"),
                "text_name": name + TEXT_SUFFIX,
                # Not chosen yet: what the person typed stays in the box when the form returns.
                "title": chosen.title(get_language() or "de") if chosen else self.typed,
            }
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        self.typed = str(data.get(name + TEXT_SUFFIX, ""))[:200]
        return data.get(name) or None


class OccupationField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    default_error_messages = {
        "invalid_choice": _("Choose an occupation from the suggestions."),
        "required": _("Type an occupation and choose it from the suggestions."),
    }

    def __init__(self, *, kind: str = REFERENCE, **kwargs: Any) -> None:
        super().__init__(
            queryset=Occupation.objects.filter(kind__in=kinds_for(kind)),
            widget=OccupationPicker(kind=kind),
            **kwargs,
        )
