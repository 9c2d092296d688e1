from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from lotse.accounts import selectors as accounts
from lotse.accounts.models import User
from lotse.core.dashboards import dashboard_context
from lotse.network.models import Network
from lotse.network.selectors import public_organisations


def favicon(request: HttpRequest) -> HttpResponse:
    """Pages outside our layout (the technical admin) make browsers ask for /favicon.ico."""
    return redirect(static("lotse/favicon.svg"), permanent=True)


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page: the networks on this platform and their partners."""
    networks = [
        {"network": network, "partners": public_organisations(network=network)}
        for network in Network.objects.order_by("name")
    ]
    return render(request, "core/home.html", {"networks": networks})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    role = accounts.primary_role(user=request.user)
    if role is None:
        return render(request, "core/dashboard/no_role.html", {"nav_current": "dashboard"})
    context = dashboard_context(user=request.user, role=role)
    context["nav_current"] = "dashboard"
    return render(request, f"core/dashboard/{role.value}.html", context)


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    person = accounts.user_for_view(actor=request.user, user_id=user_id)
    memberships = accounts.memberships_visible_to(actor=request.user).filter(user=person)
    return render(request, "core/user_detail.html", {"person": person, "memberships": memberships})
