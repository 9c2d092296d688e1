from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse import permissions
from lotse.accounts import selectors, services
from lotse.accounts.forms import AddPersonForm
from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.network.models import Organisation

MANAGING_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.NETWORK_COORDINATOR, Role.ORGANISATION_ADMIN})


def _managing_actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    if not permissions.actor_for(request.user).roles & MANAGING_ROLES:
        raise Http404
    return request.user


def _organisations_for_new_roles(actor: User) -> QuerySet[Organisation]:
    """Where the actor may give at least the ordinary staff roles."""
    changeable = permissions.visible(actor, permissions.VIEW, Organisation.objects.all())
    allowed = [
        organisation.pk
        for organisation in changeable
        if permissions.can(
            actor, permissions.ADD, Membership(organisation=organisation, role=Role.COUNSELLOR)
        )
    ]
    return Organisation.objects.filter(pk__in=allowed).order_by("name")


def _send_set_password_mail(request: HttpRequest, email: str) -> None:
    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(request)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    actor = _managing_actor(request)
    allowed = _organisations_for_new_roles(actor)
    form = AddPersonForm(
        request.POST or None,
        actor=actor,
        organisations=allowed,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership, created = services.add_person(
            actor=actor,
            email=data["email"],
            full_name=data["full_name"],
            organisation=data["organisation"],
            role=Role(data["role"]),
        )
        if created:  # the service's transaction has committed: the account exists
            _send_set_password_mail(request, data["email"])
        messages.success(
            request,
            _("%(name)s is now %(role)s at %(organisation)s.")
            % {
                "name": membership.user.full_name,
                "role": membership.get_role_display(),
                "organisation": membership.organisation.name,
            },
        )
        return redirect("accounts:people")
    endable = set(
        permissions.visible(actor, permissions.DELETE, Membership.objects.all()).values_list(
            "pk", flat=True
        )
    )
    rows = [(m, m.pk in endable) for m in selectors.memberships_managed_by(actor=actor)]
    return render(
        request,
        "accounts/people.html",
        {
            "form": form,
            "rows": rows,
            "nav_current": "people",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def end_membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = _managing_actor(request)
    membership = permissions.get_or_404(
        actor,
        permissions.DELETE,
        Membership.objects.select_related("user", "organisation"),
        pk=membership_id,
    )
    services.end_membership(actor=actor, membership=membership)
    messages.success(
        request, _("The role of %(name)s has ended.") % {"name": membership.user.full_name}
    )
    return redirect("accounts:people")
