from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse import permissions
from lotse.accounts import selectors, services
from lotse.accounts.forms import AddPersonForm, SetPasswordForm
from lotse.accounts.models import Invitation, Membership
from lotse.permissions import Actor, Role


def _people_manager(request: HttpRequest) -> Actor:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "accounts.manage_people"):
        raise Http404
    return actor


@login_required
def people(request: HttpRequest) -> HttpResponse:
    actor = _people_manager(request)
    form = AddPersonForm(
        request.POST or None,
        actor=actor,
        organisations=selectors.organisations_for_new_roles(actor=actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_person(
                actor=actor,
                email=data["email"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                role=Role(data["role"]),
            )
        except services.AlreadyHoldsRole:
            form.add_error("role", _("This person already holds this role there."))
        else:
            # The same answer whether the address had an account or not: it tells nothing.
            messages.success(
                request,
                _("An invitation has been sent to %(email)s. The role starts when it is accepted.")
                % {"email": data["email"]},
            )
            return redirect("accounts:people")
    endable = selectors.memberships_endable_by(actor=actor)
    rows = [(m, m.pk in endable) for m in selectors.memberships_managed_by(actor=actor)]
    context = {
        "form": form,
        "rows": rows,
        "invitations": selectors.pending_invitations_visible_to(actor=actor),
    }
    return render(request, "accounts/people.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def end_membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = _people_manager(request)
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


@login_required
@require_POST
def withdraw_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    actor = _people_manager(request)
    invitation = permissions.get_or_404(
        actor, permissions.DELETE, Invitation.objects.all(), pk=invitation_id
    )
    services.withdraw_invitation(actor=actor, invitation=invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("accounts:people")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, secret: str) -> HttpResponse:
    """Where an invitation e-mail's link leads: accept (setting a password if new) or decline."""
    try:
        offer = services.pending_invitation(secret=secret)
    except services.InvitationNotValid:
        return render(request, "accounts/invitation_invalid.html", status=404)
    needs_password = services.invitation_needs_password(offer)
    if not needs_password and request.user.pk != offer.user_id:
        if request.user.is_authenticated:
            return render(request, "accounts/invitation_other_account.html", status=403)
        return redirect(f"{reverse('account_login')}?next={request.path}")
    form = SetPasswordForm(request.POST or None, user=offer.user) if needs_password else None
    if request.method == "POST":
        if request.POST.get("answer") == "decline":
            services.decline_invitation(secret=secret)
            messages.info(request, _("You have declined the invitation."))
            return redirect("home")
        if form is None or form.is_valid():
            services.accept_invitation(
                actor=permissions.actor_for(request.user),
                secret=secret,
                password=form.cleaned_data["password1"] if form else None,
            )
            messages.success(
                request,
                _("You are now %(role)s at %(organisation)s.")
                % {"role": offer.get_role_display(), "organisation": offer.organisation.name},
            )
            return redirect("dashboard" if request.user.is_authenticated else "account_login")
    context = {"offer": offer, "form": form}
    return render(
        request, "accounts/invitation.html", context, status=400 if form and form.errors else 200
    )


@login_required
def email_addresses(request: HttpRequest) -> HttpResponse:
    """Replaces allauth's address management: staff addresses are managed by admins."""
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    return render(request, "accounts/email_managed.html")
