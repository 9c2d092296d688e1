"""Caseload and case file pages: parse, call a selector or service, render."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse import hooks, permissions
from lotse.accounts import selectors as accounts
from lotse.network import selectors as network
from lotse.network.models import Organisation
from lotse.occupations.forms import OccupationField
from lotse.participants import forms as case_forms
from lotse.participants import rights, selectors, services
from lotse.participants.files import SUFFIXES
from lotse.participants.models import (
    Consent,
    ConsentPurpose,
    Document,
    EsfRecord,
    LanguageSkill,
    NextStep,
    Participant,
    PathwayStep,
    Qualification,
    Referral,
    SchoolCertificate,
    Strength,
    WishedOccupation,
    WorkExperience,
)
from lotse.permissions import Actor, Role

PAGE_SIZE = 25
TABS = {
    "overview": gettext_lazy("Overview"),
    "profile": gettext_lazy("Competences"),
    "sessions": gettext_lazy("Sessions"),
    "pathway": gettext_lazy("Plan and pathway"),
    "consents": gettext_lazy("Consent"),
    "monitoring": gettext_lazy("ESF+"),
}


@dataclass(frozen=True)
class Part:
    """A kind of record listed in a case and added with a small form."""

    model: type[models.Model]
    form: type[forms.ModelForm]  # type: ignore[type-arg]
    title: Any
    tab: str
    # a form field naming a reference occupation that goes into a many-to-many relation
    occupations_relation: str = ""


PARTS = {
    "languages": Part(
        LanguageSkill, case_forms.LanguageSkillForm, gettext_lazy("Languages"), "profile"
    ),
    "schools": Part(
        SchoolCertificate, case_forms.SchoolCertificateForm, gettext_lazy("School"), "profile"
    ),
    "qualifications": Part(
        Qualification,
        case_forms.QualificationForm,
        gettext_lazy("Vocational and academic qualifications"),
        "profile",
        occupations_relation="occupations",
    ),
    "work": Part(
        WorkExperience, case_forms.WorkExperienceForm, gettext_lazy("Work experience"), "profile"
    ),
    "strengths": Part(Strength, case_forms.StrengthForm, gettext_lazy("Strengths"), "profile"),
    "wishes": Part(
        WishedOccupation,
        case_forms.WishedOccupationForm,
        gettext_lazy("Wished occupations"),
        "profile",
    ),
    "steps": Part(PathwayStep, case_forms.PathwayStepForm, gettext_lazy("Pathway"), "pathway"),
}
# Documents are added with their own upload form; they are removed like the parts above.
REMOVABLE = PARTS | {
    "documents": Part(Document, case_forms.DocumentForm, gettext_lazy("Documents"), "profile")
}


def _case_worker(request: HttpRequest) -> Actor:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "participants.work_with_cases"):
        raise Http404
    return actor


def _organisations_for_new_cases(actor: Actor) -> list[Organisation]:
    ids = actor.organisations(Role.COUNSELLOR, Role.ORGANISATION_ADMIN)
    return list(network.organisations_visible_to(actor=actor).filter(pk__in=ids))


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    actor = _case_worker(request)
    query = request.GET.get("q", "")[:200]
    status = request.GET.get("status", "open")
    district = request.GET.get("district", "")[:120]
    order = request.GET.get("order", "name")
    mine = request.GET.get("mine") == "1"
    cases = selectors.caseload(
        actor=actor, query=query, status=status, district=district, mine=mine, order=order
    ).select_related("organisation")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "status": status,
        "district": district,
        "districts": selectors.caseload_districts(actor=actor),
        "order": order,
        "mine": mine,
        "can_open": bool(_organisations_for_new_cases(actor)),
        "can_configure": permissions.has(actor, "participants.configure_case_access"),
    }
    template = "participants/caseload.html"
    if request.htmx and request.htmx.target == "caseload-results":  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def open_case(request: HttpRequest) -> HttpResponse:
    actor = _case_worker(request)
    organisations = _organisations_for_new_cases(actor)
    if not organisations:
        raise Http404
    form = case_forms.ParticipantForm(request.POST or None)
    organisation_field = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
        initial=organisations[0].pk,
    )
    organisation = organisations[0]
    duplicates: list[selectors.LikelyDuplicate] = []
    if request.method == "POST":
        try:
            organisation = organisation_field.clean(request.POST.get("organisation"))
        except forms.ValidationError:
            form.add_error(None, _("Choose one of your organisations."))
        if form.is_valid():
            data = form.cleaned_data
            duplicates = selectors.likely_duplicates(
                actor=actor, organisation_id=organisation.pk, person=data
            )
            if not duplicates or request.POST.get("not_a_duplicate") == "1":
                participant = services.open_case(
                    actor=actor, organisation=organisation, values=data
                )
                messages.success(request, _("The case has been opened."))
                return redirect("participants:case", participant.pk)
    context = {
        "form": form,
        "organisations": organisations,
        "organisation": organisation,
        "duplicates": duplicates,
    }
    status = 400 if form.errors else (409 if duplicates else 200)
    return render(request, "participants/open_case.html", context, status=status)


def _tab_context(
    request: HttpRequest, actor: Actor, participant: Participant, tab: str
) -> dict[str, Any]:
    language = get_language() or "de"
    context: dict[str, Any] = {
        "participant": participant,
        "tab": tab,
        "tabs": TABS,
        "case_links": [
            (link.label, reverse(link.url_name, args=[participant.pk]))
            for link in hooks.case_links_for(actor)
        ],
        "today": timezone.localdate(),
    }
    if tab == "overview":
        context["steps"] = selectors.parts_of(participant, NextStep).select_related("assignee")
        context["counsellors"] = participant.counsellors.all()
        context["strengths"] = _strengths(participant, language)
    elif tab == "profile":
        context["sections"] = _sections(participant, "profile")
        context["strengths_form"] = case_forms.StrengthsNoteForm(instance=participant)
        context["documents"] = selectors.parts_of(participant, Document)
        context["document_form"] = case_forms.DocumentForm()
        context["max_upload_mb"] = settings.LOTSE_MAX_UPLOAD_BYTES // (1024 * 1024)
        context["wishes_form"] = case_forms.WishesForm(instance=participant)
    elif tab == "sessions":
        context["sessions"] = selectors.sessions_of(actor=actor, participant=participant)
        context["session_form"] = case_forms.SessionForm(
            initial={"language": participant.preferred_language}
        )
    elif tab == "pathway":
        context["sections"] = _sections(participant, "pathway")
        context["exam_form"] = ExamCheckForm()
        context["referrals"] = selectors.parts_of(participant, Referral).select_related("recipient")
        context["referral_form"] = case_forms.ReferralForm(recipients=_partners(actor, participant))
    elif tab == "monitoring":
        record = selectors.parts_of(participant, EsfRecord).first()
        context["esf"] = record
        context["entry_form"] = case_forms.EsfEntryForm(
            initial={"entered_on": participant.opened_on}
        )
        context["exit_form"] = case_forms.EsfExitForm(instance=record)
        context["follow_up_form"] = case_forms.EsfFollowUpForm(instance=record)
    elif tab == "consents":
        context.update(
            _consent_context(
                actor,
                participant,
                case_forms.ConsentForm(
                    recipients=_recipients(actor),
                    text_languages=_text_languages(),
                    initial={"text_language": participant.preferred_language or "de"},
                ),
            )
        )
    return context


def _strengths(participant: Participant, language: str) -> list[str]:
    """What the seed networks show companies first: languages and intercultural knowledge."""
    from lotse.places.countries import language_name

    spoken = list(selectors.parts_of(participant, LanguageSkill))
    shown = []
    if len(spoken) > 1:
        names = ", ".join(language_name(s.language, language) for s in spoken)
        shown.append(_("Multilingual: %(languages)s") % {"languages": names})
    shown.extend(
        f"{s.get_kind_display()}: {s.description}"
        for s in selectors.parts_of(participant, Strength)
    )
    return shown


def _sections(participant: Participant, tab: str) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "title": part.title,
            "records": list(_with_occupations(selectors.parts_of(participant, part.model))),
            "form": part.form(prefix=key),
        }
        for key, part in PARTS.items()
        if part.tab == tab
    ]


def _with_occupations(records: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The records with the titles of the occupations they name, in two queries, not one a row."""
    names = {f.name for f in records.model._meta.get_fields()}
    if "occupation" in names:
        return records.select_related("occupation").prefetch_related("occupation__labels")
    if "occupations" in names:
        return records.prefetch_related("occupations__labels")
    return records


class ExamCheckForm(forms.Form):
    occupation = OccupationField(label=gettext_lazy("Training occupation"))


def _partners(actor: Actor, participant: Participant) -> models.QuerySet[Organisation]:
    return _recipients(actor).exclude(pk=participant.organisation_id)


def _recipients(actor: Actor) -> models.QuerySet[Organisation]:
    return network.organisations_visible_to(actor=actor).filter(is_active=True)


def _text_languages() -> list[str]:
    return sorted(selectors.consent_texts()["purposes"]["counselling"])


def _consent_context(
    actor: Actor, participant: Participant, form: case_forms.ConsentForm
) -> dict[str, Any]:
    texts = selectors.consent_texts()
    names = {"organisation": participant.organisation.name, "recipient": "…"}
    shown = {
        ConsentPurpose(purpose).label: {
            code: text.format(**names) for code, text in by_language.items()
        }
        for purpose, by_language in texts["purposes"].items()
    }
    return {
        "consents": selectors.parts_of(participant, Consent).select_related(
            "recipient", "recorded_by"
        ),
        "consent_form": form,
        "consent_version": texts["version"],
        "consent_texts": shown,
        "matching_pseudonym": selectors.pseudonym(participant.pk),
    }


@login_required
def case(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_view(actor=actor, participant_id=participant_id)
    tab = request.GET.get("tab", "overview")
    if tab not in TABS:
        tab = "overview"
    context = _tab_context(request, actor, participant, tab)
    template = "participants/case.html"
    if request.htmx and request.htmx.target == "case-tab":  # type: ignore[attr-defined]
        template += "#tab"
    return render(request, template, context)


def _back_to(participant: Participant, tab: str) -> HttpResponse:
    return redirect(f"{reverse('participants:case', args=[participant.pk])}?tab={tab}")


def _render_tab(
    request: HttpRequest, actor: Actor, participant: Participant, tab: str, **overrides: Any
) -> HttpResponse:
    """The tab again, with the form that failed and its messages (status 400)."""
    context = _tab_context(request, actor, participant, tab)
    context.update(overrides)
    template = "participants/case.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#tab"
    return render(request, template, context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit_person(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form = case_forms.ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form._meta.fields or ()}
        participant.refresh_from_db()  # the form changed the instance; compare with what is stored
        services.change_participant(actor=actor, participant=participant, values=values)
        messages.success(request, _("Saved."))
        return _back_to(participant, "overview")
    status = 400 if form.errors else 200
    return render(
        request,
        "participants/edit_person.html",
        {"participant": participant, "form": form},
        status=status,
    )


@login_required
@require_POST
def edit_profile_fields(request: HttpRequest, participant_id: int, which: str) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form_class = {"strengths": case_forms.StrengthsNoteForm, "wishes": case_forms.WishesForm}.get(
        which
    )
    if form_class is None:
        raise Http404
    form = form_class(request.POST, instance=participant)
    if not form.is_valid():
        participant.refresh_from_db()
        return _render_tab(request, actor, participant, "profile", **{f"{which}_form": form})
    values = {name: form.cleaned_data[name] for name in form._meta.fields or ()}
    participant.refresh_from_db()
    services.change_participant(actor=actor, participant=participant, values=values)
    messages.success(request, _("Saved."))
    return _back_to(participant, "profile")


@login_required
@require_POST
def add_part(request: HttpRequest, participant_id: int, part_key: str) -> HttpResponse:
    actor = _case_worker(request)
    part = PARTS.get(part_key)
    if part is None:
        raise Http404
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form = part.form(request.POST, prefix=part_key)
    if not form.is_valid():
        sections = [
            {**section, "form": form} if section["key"] == part_key else section
            for section in _sections(participant, part.tab)
        ]
        return _render_tab(request, actor, participant, part.tab, sections=sections)
    values = {n: form.cleaned_data[n] for n in form._meta.fields or ()}
    relations: dict[str, Iterable[Any]] | None = None
    if part.occupations_relation:
        chosen = form.cleaned_data.get("occupation")
        relations = {part.occupations_relation: [chosen] if chosen else []}
    record = part.model(participant=participant)
    services.save_record(actor=actor, record=record, values=values, relations=relations)
    messages.success(request, _("Added."))
    return _back_to(participant, part.tab)


@login_required
@require_POST
def remove_part(
    request: HttpRequest, participant_id: int, part_key: str, record_id: int
) -> HttpResponse:
    actor = _case_worker(request)
    part = REMOVABLE.get(part_key)
    if part is None:
        raise Http404
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    record = selectors.record_of_case(
        actor=actor, participant=participant, model=part.model, record_id=record_id
    )
    services.remove_record(actor=actor, record=record)
    messages.success(request, _("Removed."))
    return _back_to(participant, part.tab)


@login_required
@require_POST
def add_document(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form = case_forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_tab(request, actor, participant, "profile", document_form=form)
    services.add_document(
        actor=actor,
        participant=participant,
        kind=form.cleaned_data["kind"],
        title=form.cleaned_data["title"],
        upload=form.cleaned_data["file"],
    )
    messages.success(request, _("The document has been stored."))
    return _back_to(participant, "profile")


@login_required
def document(request: HttpRequest, participant_id: int, document_id: int) -> FileResponse:
    actor = _case_worker(request)
    stored = selectors.document_for_download(
        actor=actor, participant_id=participant_id, document_id=document_id
    )
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=f"document-{stored.pk}{SUFFIXES.get(stored.content_type, '')}",
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def access_report(request: HttpRequest, participant_id: int) -> HttpResponse:
    """Art. 15: everything held about the person, as one ZIP (JSON, PDF, documents)."""
    actor = _case_worker(request)
    report = rights.access_report(actor=actor, participant_id=participant_id)
    kind = request.GET.get("format", "zip")
    name = f"access-report-case-{participant_id}"
    if kind == "json":
        body, content_type, name = rights.report_json(report), "application/json", name + ".json"
    elif kind == "pdf":
        body, content_type, name = rights.report_pdf(report), "application/pdf", name + ".pdf"
    else:
        body, content_type, name = (
            rights.report_zip(report=report),
            "application/zip",
            name + ".zip",
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form = case_forms.ErasureForm(request.POST or None, case_number=participant.pk)
    if request.method == "POST" and form.is_valid():
        result = rights.erase(
            actor=actor, participant=participant, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("Case %(number)s has been erased. The erasure ledger keeps entry %(entry)s.")
            % {"number": participant_id, "entry": result.record.pk},
        )
        return redirect("participants:caseload")
    context = {"participant": participant, "form": form}
    return render(request, "participants/erase.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def add_referral(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form = case_forms.ReferralForm(request.POST, recipients=_partners(actor, participant))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.refer(
                actor=actor,
                participant=participant,
                recipient=data["recipient"],
                offer=data["offer"],
                message=data["message"],
                shared_parts=data["shared_parts"],
            )
        except services.ConsentMissing:
            form.add_error(
                "recipient",
                _(
                    "The person has not consented to sharing with %(organisation)s. Record "
                    "that consent under Consent first; nothing was sent."
                )
                % {"organisation": data["recipient"].name},
            )
        else:
            messages.success(request, _("The referral has been sent."))
            return _back_to(participant, "pathway")
    return _render_tab(request, actor, participant, "pathway", referral_form=form)


def _receiver(request: HttpRequest) -> Actor:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "participants.receive_referrals"):
        raise Http404
    return actor


@login_required
def referrals(request: HttpRequest) -> HttpResponse:
    actor = _receiver(request)
    received = selectors.referrals_received(actor=actor)
    page = Paginator(received, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participants/referrals.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = _receiver(request)
    found, profile = selectors.referral_for_view(actor=actor, referral_id=referral_id)
    form = case_forms.ReferralAnswerForm(request.POST or None)
    if request.method == "POST":
        changeable = permissions.can(actor, permissions.CHANGE, found)
        if not changeable:
            raise Http404
        if form.is_valid():
            try:
                services.answer_referral(
                    actor=actor,
                    referral=found,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except ValueError:
                form.add_error("status", _("This answer does not fit the referral's state."))
            else:
                messages.success(request, _("Your answer has been recorded."))
                return redirect("participants:referral", found.pk)
    context = {"referral": found, "profile": profile, "form": form}
    return render(
        request, "participants/referral.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def esf(request: HttpRequest, participant_id: int, stage: str) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    record = selectors.parts_of(participant, EsfRecord).first()
    if stage == "entry":
        form: forms.ModelForm = case_forms.EsfEntryForm(request.POST)  # type: ignore[type-arg]
        if form.is_valid() and record is None:
            values = {n: form.cleaned_data[n] for n in form._meta.fields or ()}
            services.record_esf_entry(actor=actor, participant=participant, values=values)
            messages.success(request, _("The ESF+ entry has been recorded. It cannot be changed."))
            return _back_to(participant, "monitoring")
    elif stage in {"exit", "follow-up"} and record is not None:
        if stage == "exit":
            form = case_forms.EsfExitForm(
                request.POST, instance=EsfRecord(entered_on=record.entered_on)
            )
            if form.is_valid():
                services.record_esf_exit(
                    actor=actor,
                    record=record,
                    exited_on=form.cleaned_data["exited_on"],
                    immediate_result=form.cleaned_data["immediate_result"],
                )
                messages.success(request, _("Saved."))
                return _back_to(participant, "monitoring")
        else:
            copy = EsfRecord(entered_on=record.entered_on, exited_on=record.exited_on)
            form = case_forms.EsfFollowUpForm(request.POST, instance=copy)
            if form.is_valid() and record.exited_on:
                services.record_esf_follow_up(
                    actor=actor,
                    record=record,
                    longer_term_result=form.cleaned_data["longer_term_result"],
                )
                messages.success(request, _("Saved."))
                return _back_to(participant, "monitoring")
    else:
        raise Http404
    form_name = {"entry": "entry_form", "exit": "exit_form", "follow-up": "follow_up_form"}[stage]
    return _render_tab(request, actor, participant, "monitoring", **{form_name: form})


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, participant_id: int) -> HttpResponse:
    """Merge a likely duplicate into this case, after the counsellor compared them."""
    actor = _case_worker(request)
    keep = selectors.case_for_change(actor=actor, participant_id=participant_id)
    candidates = selectors.likely_duplicates(
        actor=actor,
        organisation_id=keep.organisation_id,
        person=keep,
        exclude_id=keep.pk,
        limit=10,
    )
    error = ""
    if request.method == "POST":
        chosen = {str(c.participant.pk): c.participant for c in candidates}.get(
            request.POST.get("duplicate", "")
        )
        if chosen is None or request.POST.get("confirmed") != "1":
            error = _("Choose the duplicate and confirm that both cases are the same person.")
        else:
            services.merge_cases(actor=actor, keep=keep, duplicate=chosen)
            messages.success(
                request,
                _("Case %(duplicate)s has been merged into this case.") % {"duplicate": chosen.pk},
            )
            return _back_to(keep, "overview")
    context = {"participant": keep, "candidates": candidates, "error": error}
    return render(request, "participants/merge.html", context, status=400 if error else 200)


@login_required
@require_POST
def add_session(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form = case_forms.SessionForm(request.POST)
    if not form.is_valid():
        return _render_tab(request, actor, participant, "sessions", session_form=form)
    data = form.cleaned_data
    steps = [(data["next_step"], data["next_step_due_on"])] if data.get("next_step") else []
    services.record_session(
        actor=actor,
        participant=participant,
        values={name: data[name] for name in form._meta.fields or ()},
        next_steps=steps,
    )
    messages.success(request, _("The session has been recorded."))
    return _back_to(participant, "sessions")


@login_required
@require_POST
def complete_step(request: HttpRequest, participant_id: int, step_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    step = selectors.record_of_case(
        actor=actor, participant=participant, model=NextStep, record_id=step_id
    )
    services.complete_next_step(actor=actor, step=step)
    messages.success(request, _("Marked as done."))
    next_url = request.POST.get("next", "")
    if next_url == "dashboard":
        return redirect("dashboard")
    return _back_to(participant, "overview")


@login_required
@require_POST
def add_consent(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    form = case_forms.ConsentForm(
        request.POST, recipients=_recipients(actor), text_languages=_text_languages()
    )
    if not form.is_valid():
        return _render_tab(
            request, actor, participant, "consents", **_consent_context(actor, participant, form)
        )
    data = form.cleaned_data
    services.record_consent(
        actor=actor,
        participant=participant,
        purpose=data["purpose"],
        recipient=data["recipient"],
        text_version=selectors.consent_texts()["version"],
        text_language=data["text_language"],
        method=data["method"],
    )
    messages.success(request, _("The consent has been recorded."))
    return _back_to(participant, "consents")


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, participant_id: int, consent_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_change(actor=actor, participant_id=participant_id)
    consent = selectors.record_of_case(
        actor=actor, participant=participant, model=Consent, record_id=consent_id
    )
    services.withdraw_consent(actor=actor, consent=consent)
    messages.success(request, _("The consent has been withdrawn. It no longer allows anything."))
    return _back_to(participant, "consents")


@login_required
def exam_check(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = _case_worker(request)
    participant = selectors.case_for_view(actor=actor, participant_id=participant_id)
    form = ExamCheckForm(request.GET or None)
    check = None
    if form.is_valid():
        occupation = form.cleaned_data["occupation"]
        check = selectors.external_exam_check(
            participant=participant,
            occupation_id=occupation.pk,
            title=occupation.title(get_language() or "de"),
            training_months=occupation.duration_months,
        )
    context = {
        "participant": participant,
        "exam_form": form,
        "check": check,
        "checked": form.is_valid(),
        "rule": selectors.external_exam_rule(),
    }
    return render(
        request,
        "participants/partials/exam_check.html",
        context,
        status=200 if form.is_valid() or not request.GET else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_access(request: HttpRequest) -> HttpResponse:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "participants.configure_case_access"):
        raise Http404
    organisations = list(
        network.organisations_visible_to(actor=actor).filter(
            pk__in=actor.organisations(Role.ORGANISATION_ADMIN)
        )
    )
    rows = []
    for organisation in organisations:
        access = selectors.case_access_of(organisation_id=organisation.pk)
        members = accounts.members_of(organisation_id=organisation.pk)
        readers = set(access.confidential_readers.values_list("pk", flat=True)) if access else set()
        rows.append(
            {
                "organisation": organisation,
                "team_access": bool(access and access.team_access),
                "members": members,
                "readers": readers,
            }
        )
    if request.method == "POST":
        chosen = {str(o.pk): o for o in organisations}.get(request.POST.get("organisation", ""))
        if chosen is None:
            raise Http404
        try:
            reader_ids = [int(v) for v in request.POST.getlist("readers")]
            services.set_case_access(
                actor=actor,
                organisation=chosen,
                team_access=request.POST.get("team_access") == "1",
                confidential_reader_ids=reader_ids,
            )
        except (ValueError, OverflowError):
            messages.error(request, _("Choose readers among the people of the organisation."))
            return render(request, "participants/case_access.html", {"rows": rows}, status=400)
        messages.success(request, _("Saved."))
        return redirect("participants:access")
    return render(request, "participants/case_access.html", {"rows": rows})
