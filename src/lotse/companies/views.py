"""Company files for the business liaison team: list, pipeline board, new company (with the
duplicate check), the company's page, merging two."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lotse import permissions, staging
from lotse.companies import insight, selectors, services, transfer
from lotse.companies.forms import (
    CHECKBOXES,
    AuthorisationForm,
    CompanyForm,
    ContactEventForm,
    ContactForm,
    ObstacleForm,
    OpeningForm,
    PortalInviteForm,
    StageForm,
    SupportForm,
)
from lotse.companies.models import (
    Company,
    Contact,
    ContactEvent,
    Obstacle,
    Opening,
    OpeningStatus,
    Stage,
    SupportAction,
    SupportRequest,
    TrainingAuthorisation,
)
from lotse.occupations import search as occupation_search
from lotse.occupations.models import REFERENCE_KINDS
from lotse.permissions import Actor

PARTS: dict[str, tuple[type[Any], type[forms.ModelForm]]] = {  # type: ignore[type-arg]
    "contact": (Contact, ContactForm),
    "event": (ContactEvent, ContactEventForm),
    "authorisation": (TrainingAuthorisation, AuthorisationForm),
    "obstacle": (Obstacle, ObstacleForm),
    "support": (SupportAction, SupportForm),
    "opening": (Opening, OpeningForm),
}


def _viewer(request: HttpRequest) -> Actor:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "companies.view_companies"):
        raise Http404
    return actor


def _filters(request: HttpRequest) -> selectors.CompanyFilters:
    def flag(name: str) -> bool | None:
        return {"yes": True, "no": False}.get(request.GET.get(name, ""))

    return selectors.CompanyFilters(
        query=request.GET.get("q", "")[:200],
        stage=request.GET.get("stage", ""),
        district=request.GET.get("district", "")[:120],
        migrant_owned=flag("migrant_owned"),
        trains_today=flag("trains"),
    )


def _filter_context(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    return {
        "filters": _filters(request),
        "stages": Stage.choices,
        "districts": selectors.districts(actor=actor),
        "query": request.GET.urlencode(),
        "may_add": permissions.has(actor, "companies.work_with_companies"),
    }


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    actor = _viewer(request)
    found = selectors.companies(actor=actor, filters=_filters(request))
    page = max(1, int(request.GET["page"])) if request.GET.get("page", "").isdigit() else 1
    total = found.count()
    context = {
        **_filter_context(request, actor),
        "companies": list(found[(page - 1) * 50 : page * 50]),
        "total": total,
        "page": page,
        "pages": max(1, -(-total // 50)),
    }
    return render(request, "companies/list.html", context)


@login_required
def company_board(request: HttpRequest) -> HttpResponse:
    actor = _viewer(request)
    context = {
        **_filter_context(request, actor),
        "columns": selectors.board(actor=actor, filters=_filters(request)),
        "today": timezone.localdate(),
        "limit": selectors.BOARD_LIMIT,
    }
    return render(request, "companies/board.html", context)


@login_required
def company_insight(request: HttpRequest) -> HttpResponse:
    """What the liaison work wins, as charts with their tables (counts only)."""
    actor = _viewer(request)
    months = request.GET.get("months", "12")
    chosen = int(months) if months.isdigit() and int(months) in insight.PERIODS else 12
    context = {
        "insight": insight.insight(actor=actor, months=chosen),
        "periods": insight.PERIODS,
    }
    return render(request, "companies/insight.html", context)


@login_required
def new_company(request: HttpRequest) -> HttpResponse:
    actor = permissions.actor_for(request.user)
    organisations = selectors.organisations_for_new_companies(actor=actor)
    if not organisations:
        raise Http404
    form = CompanyForm(request.POST or None)
    duplicates: list[Company] = []
    if request.method == "POST" and form.is_valid():
        chosen = request.POST.get("organisation", "")
        organisation = next((o for o in organisations if str(o.pk) == chosen), organisations[0])
        try:
            company = services.create_company(
                actor=actor,
                organisation=organisation,
                values=form.values(),
                not_a_duplicate=request.POST.get("not_a_duplicate") == "yes",
            )
        except services.LikelyDuplicates as found:
            duplicates = found.candidates
        except services.CompanyRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            return redirect("companies:detail", company.pk)
    context = {
        "form": form,
        "organisations": organisations,
        "duplicates": duplicates,
        "checkboxes": CHECKBOXES,
    }
    status = 400 if form.is_bound and (form.errors or duplicates) else 200
    return render(request, "companies/new.html", context, status=status)


@login_required
def company_page(request: HttpRequest, company_id: int) -> HttpResponse:
    actor = _viewer(request)
    if request.method == "POST":
        return _change(request, actor, company_id)
    company = selectors.company_for_view(actor=actor, company_id=company_id)
    return _render(request, actor, company)


def _render(
    request: HttpRequest, actor: Actor, company: Company, status: int = 200, **bound: Any
) -> HttpResponse:
    forms_ = {
        key: bound.get(key) or (form(company=company) if form is SupportForm else form())
        for key, (_, form) in PARTS.items()
    }
    context = {
        "company": company,
        "may_change": permissions.can(actor, permissions.CHANGE, company),
        "form": bound.get("details") or CompanyForm(instance=company),
        "stage_form": bound.get("stage") or StageForm(initial={"stage": company.stage}),
        "part_forms": forms_,
        "refusal": bound.get("refusal", ""),
        "history": company.stagechange_records.all(),
        "contacts": company.contact_records.all(),
        "events": company.contactevent_records.select_related("by")[:50],
        "authorisations": company.trainingauthorisation_records.select_related("occupation"),
        "obstacles": company.obstacle_records.all(),
        "support": company.supportaction_records.select_related("obstacle"),
        "openings": company.opening_records.select_related("occupation", "won_by")
        .prefetch_related("occupation__labels")
        .annotate(proposal_count=Count("proposals")),
        "requests": company.supportrequest_records.select_related("asked_by")[:20],
        "portal_form": bound.get("portal") or PortalInviteForm(),
        "checkboxes": CHECKBOXES,
        "today": timezone.localdate(),
    }
    return render(request, "companies/detail.html", context, status=status)


def _change(request: HttpRequest, actor: Actor, company_id: int) -> HttpResponse:
    company = selectors.company_for_change(actor=actor, company_id=company_id)
    action = request.POST.get("action", "")
    try:
        if action == "save":
            form = CompanyForm(request.POST, instance=company)
            if not form.is_valid():
                return _render(request, actor, company, 400, details=form)
            services.change_company(actor=actor, company=company, values=form.values())
        elif action == "stage":
            stage_form = StageForm(request.POST)
            if not stage_form.is_valid():
                return _render(request, actor, company, 400, stage=stage_form)
            data = stage_form.cleaned_data
            services.move_stage(
                actor=actor, company=company, stage=data["stage"], on=data["changed_on"]
            )
        elif action in PARTS:
            return _add_part(request, actor, company, action)
        elif action.startswith("remove_") and action[7:] in PARTS:
            model = PARTS[action[7:]][0]
            services.remove_part(actor=actor, record=_part(request, actor, company, model))
        elif action in {"opening_published", "opening_filled", "opening_withdrawn"}:
            opening = _part(request, actor, company, Opening)
            changes: dict[str, dict[str, Any]] = {
                "opening_published": {"published": not opening.published},
                "opening_filled": {"status": OpeningStatus.FILLED},
                "opening_withdrawn": {"status": OpeningStatus.WITHDRAWN},
            }
            services.save_part(actor=actor, record=opening, values=changes[action])
        elif action == "request_done":
            asked = _part(request, actor, company, SupportRequest)
            services.mark_request_done(actor=actor, request=asked)
        elif action == "portal":
            return _invite(request, actor, company)
        elif action == "obstacle_removed":
            obstacle = _part(request, actor, company, Obstacle)
            services.save_part(
                actor=actor, record=obstacle, values={"removed_on": timezone.localdate()}
            )
        else:
            return HttpResponseBadRequest(_("Unknown action."))
    except services.CompanyRefused as refusal:
        company.refresh_from_db()
        return _render(request, actor, company, 400, refusal=refusal.message)
    return redirect("companies:detail", company.pk)


def _invite(request: HttpRequest, actor: Actor, company: Company) -> HttpResponse:
    form = PortalInviteForm(request.POST)
    if not form.is_valid():
        return _render(request, actor, company, 400, portal=form)
    try:
        services.open_portal(actor=actor, company=company, **form.cleaned_data)
    except services.PortalRefused as refusal:
        form.add_error("email", str(refusal))
        return _render(request, actor, company, 400, portal=form)
    return redirect("companies:detail", company.pk)


def _part(request: HttpRequest, actor: Actor, company: Company, model: type[Any]) -> Any:
    part_id = request.POST.get("part", "")
    if not part_id.isdigit() or len(part_id) > 12:
        raise Http404
    return selectors.part_for_change(
        actor=actor, company=company, model=model, part_id=int(part_id)
    )


def _add_part(request: HttpRequest, actor: Actor, company: Company, key: str) -> HttpResponse:
    model, form_class = PARTS[key]
    extra: dict[str, Any] = {"company": company} if form_class is SupportForm else {}
    form = form_class(request.POST, **extra)
    if not form.is_valid():
        return _render(request, actor, company, 400, **{key: form})
    values = {name: form.cleaned_data[name] for name in form._meta.fields}  # type: ignore[union-attr]
    try:
        services.save_part(actor=actor, record=model(company=company), values=values)
        next_contact = form.cleaned_data.get("next_contact_on")
        if key == "event" and next_contact:
            services.change_company(
                actor=actor, company=company, values={"next_contact_on": next_contact}
            )
    except services.CompanyRefused as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        return _render(request, actor, company, 400, **{key: form})
    return redirect("companies:detail", company.pk)


@login_required
def merge(request: HttpRequest, company_id: int) -> HttpResponse:
    """Merge a likely duplicate into this company (both must be changeable by the actor)."""
    actor = _viewer(request)
    keep = selectors.company_for_change(actor=actor, company_id=company_id)
    candidates = services.likely_duplicates(
        actor=actor, name=keep.name, postcode=keep.postcode, exclude_id=keep.pk
    )
    if request.method == "POST":
        chosen = request.POST.get("duplicate", "")
        duplicate = next((c for c in candidates if str(c.pk) == chosen), None)
        if duplicate is None:
            raise Http404
        services.merge_companies(
            actor=actor,
            keep=keep,
            duplicate=selectors.company_for_change(actor=actor, company_id=duplicate.pk),
        )
        return redirect("companies:detail", keep.pk)
    return render(request, "companies/merge.html", {"company": keep, "candidates": candidates})


PUBLIC_PAGE_SIZE = 50


class PlacesForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Occupation"), max_length=200, required=False)
    district = forms.ChoiceField(label=gettext_lazy("Area"), required=False)
    starts_from = forms.DateField(
        label=gettext_lazy("Starting from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        field.choices = [("", _("all")), *((d, d) for d in selectors.public_districts())]  # type: ignore[attr-defined]


def public_places(request: HttpRequest) -> HttpResponse:
    """The network's published training places, for anyone (filters: occupation, area, start)."""
    form = PlacesForm(request.GET or None)
    filters = selectors.PlaceFilters()
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"].strip()
        ids = _occupations_for(query) if query else ()
        filters = selectors.PlaceFilters(
            occupation_ids=ids or ((0,) if query else ()),
            district=data["district"],
            starts_from=data["starts_from"],
        )
    page = Paginator(selectors.public_places(filters=filters), PUBLIC_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    others = request.GET.copy()
    others.pop("page", None)
    context = {"form": form, "page": page, "query": query, "others": others.urlencode()}
    return render(request, "companies/public_places.html", context)


def _occupations_for(query: str) -> tuple[int, ...]:
    """Reference occupations for what someone typed, in any language (the occupation search)."""
    filters = occupation_search.Filters(kinds=frozenset(REFERENCE_KINDS))
    results = occupation_search.search(
        query, language=get_language() or "de", limit=5, filters=filters
    )
    return tuple(result.id for result in results)


@login_required
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The companies the actor sees and their openings (the list's filters do not apply): an
    Excel workbook holds both, a CSV file the table ``?table=`` names (companies by default)."""
    actor = _viewer(request)
    table = request.GET.get("table", transfer.COMPANIES)
    if file_format not in {"csv", "xlsx"} or table not in transfer.COLUMNS:
        raise Http404
    tables = transfer.export_tables(actor=actor)
    if file_format == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body, filename = transfer.to_xlsx(tables), "companies.xlsx"
    else:
        content_type = "text/csv; charset=utf-8"
        body, filename = transfer.to_csv(tables[table]), f"{table}.csv"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or Excel file"), required=False)
    organisation = forms.ChoiceField(label=gettext_lazy("looked after by"))
    staged = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]  # type: ignore[attr-defined]


def _uploaded(user_id: int, form: ImportForm) -> tuple[bytes, str] | None:
    """The file just chosen, or the one checked before (staged for this user)."""
    upload = form.cleaned_data["file"]
    if upload is not None:
        return upload.read(transfer.MAX_BYTES + 1), upload.name
    found = staging.staged(user_id=user_id, token=form.cleaned_data["staged"])
    if found is None:
        form.add_error("file", _("Choose a file."))
    return found


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload, check every row and preview what it does (nothing written), then write it all in
    one go without choosing the file again."""
    actor = permissions.actor_for(request.user)
    organisations = selectors.organisations_for_new_companies(actor=actor)
    if not organisations:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    report, token, user_id = None, "", int(request.user.pk)  # type: ignore[arg-type]
    uploaded = _uploaded(user_id, form) if request.method == "POST" and form.is_valid() else None
    if uploaded is not None:
        content, filename = uploaded
        organisation = next(
            o for o in organisations if str(o.pk) == form.cleaned_data["organisation"]
        )
        try:
            tables = transfer.read_tables(content, filename)
        except transfer.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            write = request.POST.get("write") == "yes"
            report = transfer.import_tables(
                actor=actor, organisation=organisation, tables=tables, dry_run=not write
            )
            staging.discard(user_id=user_id, token=form.cleaned_data["staged"])
            if not write and not report.problems:
                token = staging.stage(user_id=user_id, content=content, filename=filename)
    status = 400 if form.errors or (report and report.problems) else 200
    context = {"form": form, "report": report, "staged": token, "columns": transfer.COLUMNS}
    return render(request, "companies/import.html", context, status=status)
