from __future__ import annotations

import re

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from lotse.occupations import search as occupation_search
from lotse.occupations import selectors
from lotse.occupations.forms import TEXT_SUFFIX
from lotse.occupations.models import (
    REFERENCE,
    REFERENCE_KINDS,
    LabelKind,
    OccupationKind,
    kinds_for,
    language_fallbacks,
)

IDENTIFIER = re.compile(r"[A-Za-z0-9_-]{1,200}")
# "All occupations" on the page: what people name themselves. ISCO-08 groups are statistical
# groups; the API and the ISCO filter still reach them.
PEOPLES_OCCUPATIONS = frozenset({OccupationKind.ESCO, *REFERENCE_KINDS})


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Occupation"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("all occupations")),
            (REFERENCE, _("German reference occupations")),
            ("training", _("training occupations only")),
            ("regulated", _("regulated professions only")),
            ("esco", _("ESCO occupations")),
        ],
    )


def occupation_search_page(request: HttpRequest) -> HttpResponse:
    """Find the occupation for what someone was, typed in their own words and language."""
    form = SearchForm(request.GET or None)
    results: list[occupation_search.Result] = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        kind = form.cleaned_data["kind"]
        kinds = kinds_for(kind) if kind else PEOPLES_OCCUPATIONS
        results = occupation_search.search(
            query,
            language=get_language() or "de",
            limit=15,
            filters=occupation_search.Filters(kinds=kinds),
        )
    context = {
        "form": form,
        "query": query,
        "results": results,
        "attribution": occupation_search.attribution(results),
    }
    template = "occupations/search.html#results" if request.htmx else "occupations/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def language_name(code: str) -> str:
    """The language's own name ("Polski" for pl), or the code where Django does not know it."""
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def occupation_page(request: HttpRequest, occupation_id: int) -> HttpResponse:
    occupation = selectors.public_occupation(occupation_id=occupation_id)
    language = get_language() or "de"
    labels_by_language: dict[tuple[str, str], list[str]] = {}
    for label in sorted(
        occupation.labels.all(),
        key=lambda lb: (lb.language, lb.kind != LabelKind.PREFERRED, lb.text),
    ):
        if label.kind != LabelKind.HIDDEN:
            key = (label.language, language_name(label.language))
            labels_by_language.setdefault(key, []).append(label.text)
    description = next(
        (
            occupation.descriptions[c]
            for c in language_fallbacks(language)
            if c in occupation.descriptions
        ),
        "",
    )
    return render(
        request,
        "occupations/detail.html",
        {
            "occupation": occupation,
            "title": occupation.title(language),
            "labels_by_language": labels_by_language,
            "description": description,
            "broader_title": occupation.broader.title(language) if occupation.broader else "",
            "is_reference": occupation.kind in REFERENCE_KINDS,
            "is_isco": occupation.kind == OccupationKind.ISCO,
            "source_url": occupation.source if occupation.source.startswith("https://") else "",
            "esco_concepts": selectors.linked_esco_concepts(
                reference=occupation, language=language
            ),
            "attribution": selectors.attribution_for(occupation),
        },
    )


SUGGESTION_KINDS = frozenset({"reference", *OccupationKind.values})
SUGGESTIONS = 8


def occupation_suggestions(request: HttpRequest) -> HttpResponse:
    """The options of an occupation picker (forms.OccupationPicker) for what was typed."""
    kind = request.GET.get("kind", "reference")
    field = request.GET.get("field", "")
    list_id = request.GET.get("list", "")
    if kind not in SUGGESTION_KINDS or not IDENTIFIER.fullmatch(field + list_id):
        return HttpResponseBadRequest()
    query = request.GET.get(field + TEXT_SUFFIX, "").strip()[:200]
    results = occupation_search.search(
        query,
        language=get_language() or "de",
        limit=SUGGESTIONS,
        filters=occupation_search.Filters(kinds=kinds_for(kind)),
    )
    context = {"results": results, "query": query, "list_id": list_id}
    return render(request, "occupations/widgets/suggestions.html", context)
