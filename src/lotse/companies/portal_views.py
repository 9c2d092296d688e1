"""The company portal: a company's own users see their company's openings (add, change), the
proposals made to them, and ask the liaison team for support."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse import permissions
from lotse.companies import selectors, services
from lotse.companies.forms import OPENING_FIELDS, OpeningForm, SupportRequestForm
from lotse.companies.models import Company, Opening
from lotse.permissions import Actor


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "companies.use_portal"):
        raise Http404
    companies = selectors.portal_companies(actor=actor)
    if request.method == "POST":
        chosen = request.POST.get("company", "")
        company = next((c for c in companies if str(c.pk) == chosen), None)
        if company is None:
            raise Http404
        return _post(request, actor, companies, company)
    return _render(request, companies)


def _post(
    request: HttpRequest, actor: Actor, companies: list[Company], company: Company
) -> HttpResponse:
    action = request.POST.get("action", "")
    if action == "opening":
        form = OpeningForm(request.POST)
        if not form.is_valid():
            return _render(request, companies, 400, opening=(company.pk, form))
        values = {name: form.cleaned_data[name] for name in OPENING_FIELDS}
        try:
            services.save_part(actor=actor, record=Opening(company=company), values=values)
        except services.CompanyRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
            return _render(request, companies, 400, opening=(company.pk, form))
    elif action == "support":
        support = SupportRequestForm(request.POST)
        if not support.is_valid():
            return _render(request, companies, 400, support=(company.pk, support))
        services.ask_for_support(actor=actor, company=company, **support.cleaned_data)
        return redirect(f"{request.path}?asked=1")
    else:
        return HttpResponseBadRequest(_("Unknown action."))
    return redirect("companies:portal")


def _render(
    request: HttpRequest,
    companies: list[Company],
    status: int = 200,
    *,
    opening: tuple[int, OpeningForm] | None = None,
    support: tuple[int, SupportRequestForm] | None = None,
) -> HttpResponse:
    blocks = []
    for company in companies:
        prefix = f"c{company.pk}_%s"
        blocks.append(
            {
                "company": company,
                **selectors.portal_overview(company=company),
                "opening_form": opening[1]
                if opening and opening[0] == company.pk
                else OpeningForm(auto_id=prefix),
                "support_form": support[1]
                if support and support[0] == company.pk
                else SupportRequestForm(auto_id=prefix),
            }
        )
    context = {
        "blocks": blocks,
        "asked": request.GET.get("asked") == "1",
        "checkboxes": {"driving_licence", "published"},
    }
    return render(request, "companies/portal.html", context, status=status)
