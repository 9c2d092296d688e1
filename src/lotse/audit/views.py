from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lotse import permissions
from lotse.audit import selectors
from lotse.audit.models import AuditAction

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("all")), *AuditAction.choices]
    )
    target_type = forms.ChoiceField(label=_("Record type"), required=False)
    actor_email = forms.CharField(label=_("Who (e-mail contains)"), required=False, max_length=200)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: object, record_types: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["target_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("all")), *((t, label.capitalize()) for t, label in record_types)]


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """Browse and filter the audit log within the viewer's reach. Read-only by design."""
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "audit.view_log"):
        raise Http404
    form = AuditFilterForm(
        request.GET or None, record_types=selectors.record_types_visible_to(actor=actor)
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = selectors.search_entries(actor=actor, **filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "audit/list.html#results" if request.htmx else "audit/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)
