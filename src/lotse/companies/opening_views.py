"""An opening's page, for the liaisons and for the company's own users (the portal): the
place, its proposals with the consented matching profiles, feedback, and for the liaisons
the people who may be proposed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lotse import permissions
from lotse.companies import selectors, services
from lotse.companies.forms import OPENING_FIELDS, FeedbackForm, OpeningForm
from lotse.companies.models import Opening
from lotse.permissions import Actor


def _id(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit() or len(value) > 12:
        raise Http404
    return int(value)


@login_required
def opening_page(request: HttpRequest, opening_id: int) -> HttpResponse:
    actor = permissions.actor_for(request.user)
    opening = selectors.opening_for_view(actor=actor, opening_id=opening_id)
    if request.method != "POST":
        return _render(request, actor, opening)
    action = request.POST.get("action", "")
    try:
        if action == "propose":
            services.propose(actor=actor, opening=opening, participant_id=_id(request, "person"))
        elif action == "feedback":
            return _feedback(request, actor, opening)
        elif action == "save":
            return _save(request, actor, opening)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
    except services.CompanyRefused as refusal:
        return _render(request, actor, opening, 400, refusal=refusal.message)
    return redirect("companies:opening", opening.pk)


def _feedback(request: HttpRequest, actor: Actor, opening: Opening) -> HttpResponse:
    proposal = selectors.proposal_for_feedback(actor=actor, proposal_id=_id(request, "proposal"))
    if proposal.opening_id != opening.pk:
        raise Http404
    form = FeedbackForm(
        request.POST, steps=services.next_steps(proposal), auto_id=f"p{proposal.pk}_%s"
    )
    if not form.is_valid():
        return _render(request, actor, opening, 400, feedback=(proposal.pk, form))
    data = form.cleaned_data
    try:
        services.give_feedback(
            actor=actor,
            proposal=proposal,
            status=data["status"],
            on=data["on"],
            decline_reason=data["decline_reason"],
            note=data["note"],
        )
    except services.CompanyRefused as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        return _render(request, actor, opening, 400, feedback=(proposal.pk, form))
    return redirect("companies:opening", opening.pk)


def _save(request: HttpRequest, actor: Actor, opening: Opening) -> HttpResponse:
    opening = selectors.opening_for_change(actor=actor, opening_id=opening.pk)
    form = OpeningForm(request.POST, instance=opening)
    if not form.is_valid():
        opening.refresh_from_db()
        return _render(request, actor, opening, 400, edit=form)
    values = {name: form.cleaned_data[name] for name in OPENING_FIELDS}
    fresh = selectors.opening_for_change(actor=actor, opening_id=opening.pk)
    try:
        services.save_part(actor=actor, record=fresh, values=values)
    except services.CompanyRefused as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        return _render(request, actor, fresh, 400, edit=form)
    return redirect("companies:opening", opening.pk)


def _render(
    request: HttpRequest,
    actor: Actor,
    opening: Opening,
    status: int = 200,
    *,
    refusal: str = "",
    feedback: tuple[int, FeedbackForm] | None = None,
    edit: OpeningForm | None = None,
) -> HttpResponse:
    language = get_language() or "de"
    proposals = selectors.proposals_of(actor=actor, opening=opening, language=language)
    may_give_feedback = selectors.may_give_feedback(actor=actor, opening=opening)
    feedback_forms: dict[int, Any] = {}
    for view in proposals if may_give_feedback else []:
        steps = services.next_steps(view.proposal)
        if steps:
            feedback_forms[view.proposal.pk] = FeedbackForm(
                steps=steps, auto_id=f"p{view.proposal.pk}_%s"
            )
    if feedback:
        feedback_forms[feedback[0]] = feedback[1]
    may_change = permissions.can(actor, permissions.CHANGE, opening)
    context = {
        "opening": opening,
        "company": opening.company,
        "is_liaison": permissions.can(actor, permissions.CHANGE, opening.company),
        "may_change": may_change,
        "edit_form": edit or (OpeningForm(instance=opening) if may_change else None),
        "proposals": [(view, feedback_forms.get(view.proposal.pk)) for view in proposals],
        "candidates": selectors.candidates_for(actor=actor, opening=opening, language=language)
        if opening.status == "open"
        else [],
        "refusal": refusal,
        "checkboxes": {"driving_licence", "published"},
    }
    return render(request, "companies/opening.html", context, status=status)
