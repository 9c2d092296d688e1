from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from lotse import hooks, permissions
from lotse.accounts import selectors as accounts
from lotse.core.dashboards import INTRODUCTIONS, rendered_panels
from lotse.network import selectors as network

SEARCH_RESULTS_PER_PROVIDER = 8


def favicon(request: HttpRequest) -> HttpResponse:
    """Pages outside our layout (the technical admin) make browsers ask for /favicon.ico."""
    return redirect(static("lotse/favicon.svg"), permanent=True)


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page: the networks on this platform and their partners."""
    networks = [
        {"network": each, "partners": network.public_organisations(network=each)}
        for each in network.all_networks()
    ]
    return render(request, "core/home.html", {"networks": networks})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = permissions.actor_for(request.user)
    role = actor.primary_role
    if role is None:
        return render(request, "core/dashboard/no_role.html")
    context = {
        "role": role,
        "introduction": INTRODUCTIONS[role],
        "panels": rendered_panels(request, actor),
    }
    return render(request, "core/dashboard/dashboard.html", context)


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = permissions.actor_for(request.user)
    person = accounts.user_for_view(actor=actor, user_id=user_id)
    memberships = accounts.memberships_visible_to(actor=actor).filter(user=person)
    return render(request, "core/user_detail.html", {"person": person, "memberships": memberships})


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, strip=True)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The staff search box: every app's search provider that the actor may use."""
    actor = permissions.actor_for(request.user)
    providers = hooks.search_providers_for(actor)
    if not providers:
        raise Http404
    form = SearchForm(request.GET or None)
    sections = []
    if form.is_valid():
        query = form.cleaned_data["q"]
        sections = [
            (provider.label, provider.search(actor, query, SEARCH_RESULTS_PER_PROVIDER))
            for provider in providers
        ]
    context = {"form": form, "sections": sections, "searched": form.is_valid()}
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "core/search.html", context, status=status)
