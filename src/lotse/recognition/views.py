"""The public recognition navigator: the question, the answer, the answer as a PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lotse import permissions
from lotse.hooks import SMALL_CELL, bar_chart
from lotse.participants import selectors as cases
from lotse.permissions import Actor
from lotse.recognition import presentation, selectors, services
from lotse.recognition.forms import (
    DifferenceForm,
    NavigatorForm,
    OpenProcedureForm,
    PauseForm,
    ProcedureForm,
)
from lotse.recognition.models import Difference, RecognitionCase, RecognitionPause


def _answered(request: HttpRequest) -> tuple[NavigatorForm, dict[str, Any] | None]:
    form = NavigatorForm(request.GET or None)
    if not form.is_valid():
        return form, None
    answer = form.answer()
    return form, presentation.answer_data(answer) if answer else None


def navigator_page(request: HttpRequest) -> HttpResponse:
    """Anyone may ask; the question travels in the address only and nothing is stored."""
    form, answer = _answered(request)
    context = {"form": form, "answer": answer, "query": request.GET.urlencode()}
    return render(request, "recognition/navigator.html", context, status=200)


def navigator_pdf(request: HttpRequest) -> HttpResponse:
    form, answer = _answered(request)
    if answer is None:
        return render(request, "recognition/navigator.html", {"form": form}, status=400)
    return HttpResponse(
        answer_pdf(answer),
        content_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="recognition.pdf"'},
    )


def answer_pdf(answer: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    with translation.override(answer["language"]):
        html = render_to_string(
            "recognition/answer_pdf.html",
            {"answer": answer, "rtl": translation.get_language_bidi()},
        )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


# Staff: recognition procedures of case files.


def _case_worker(request: HttpRequest) -> Actor:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "participants.work_with_cases"):
        raise Http404
    return actor


def _refused(form: forms.BaseForm, refusal: services.ProcedureRefused) -> None:
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


@login_required
def case_procedures(request: HttpRequest, participant_id: int) -> HttpResponse:
    """The procedures of one case, and the form to open one (the navigator suggests the
    authority for the person's place)."""
    actor = _case_worker(request)
    participant = cases.case_for_view(actor=actor, participant_id=participant_id)
    language = get_language() or "de"
    qualifications = selectors.qualifications_of(participant=participant)
    chosen = _chosen(qualifications, request.GET.get("qualification", ""))
    form = OpenProcedureForm(
        request.POST or None,
        qualifications=qualifications,
        initial=_suggestion(participant, chosen, language),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            procedure = services.open_procedure(
                actor=actor,
                participant=cases.case_for_change(actor=actor, participant_id=participant.pk),
                qualification_id=int(data["qualification"]),
                occupation_id=data["occupation"].pk,
                authority_key=data["authority_key"],
                state_code=data["state_code"],
                accelerated=data["accelerated"],
                submitted_on=data["submitted_on"],
            )
        except services.ProcedureRefused as refusal:
            _refused(form, refusal)
        else:
            return redirect("recognition:procedure", procedure.pk)
    context = {
        "participant": participant,
        "procedures": selectors.procedures_of(actor=actor, participant=participant),
        "form": form,
        "qualifications": qualifications,
        "chosen": chosen,
        "today": timezone.localdate(),
    }
    return render(request, "recognition/case_procedures.html", context, status=_status(form))


def _status(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _chosen(qualifications: list[Any], wanted: str) -> Any:
    by_id = {str(q.pk): q for q in qualifications}
    return by_id.get(wanted) or (qualifications[0] if qualifications else None)


def _suggestion(participant: Any, qualification: Any, language: str) -> dict[str, Any]:
    """The qualification, its first reference occupation and the navigator's authority."""
    initial: dict[str, Any] = {"state_code": participant.state_code}
    if qualification is None:
        return initial
    initial["qualification"] = qualification.pk
    occupation = next(iter(qualification.occupations.all()), None)
    if occupation is None:
        return initial
    initial["occupation"] = occupation.pk
    candidate = selectors.suggested_authority(
        participant=participant,
        qualification=qualification,
        occupation=occupation,
        language=language,
    )
    if candidate.authority:
        initial["authority_key"] = candidate.authority.key
    return initial


PART_FORMS = {"pause": PauseForm, "difference": DifferenceForm}


@login_required
def procedure_page(request: HttpRequest, procedure_id: int) -> HttpResponse:
    actor = _case_worker(request)
    if request.method == "POST":
        return _change(request, actor, procedure_id)
    view = selectors.procedure_for_view(actor=actor, procedure_id=procedure_id)
    return _render_procedure(request, view, ProcedureForm(instance=view.procedure))


def _render_procedure(
    request: HttpRequest,
    view: selectors.ProcedureView,
    form: forms.BaseForm,
    status: int = 200,
    **forms_: Any,
) -> HttpResponse:
    context = {
        "view": view,
        "procedure": view.procedure,
        "form": form,
        "pause_form": forms_.get("pause") or PauseForm(),
        "difference_form": forms_.get("difference") or DifferenceForm(),
        "refusal": forms_.get("refusal", ""),
        "today": timezone.localdate(),
    }
    return render(request, "recognition/procedure.html", context, status=status)


def _change(request: HttpRequest, actor: Actor, procedure_id: int) -> HttpResponse:
    procedure = selectors.procedure_for_change(actor=actor, procedure_id=procedure_id)
    action = request.POST.get("action", "")
    try:
        if action == "save":
            form = ProcedureForm(request.POST, instance=procedure)
            if not form.is_valid():
                return _rerender(request, actor, procedure, form=form)
            values = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
            values["extension_months"] = values["extension_months"] or 0
            services.change_procedure(actor=actor, procedure=procedure, values=values)
        elif action in PART_FORMS:
            return _add_part(request, actor, procedure, action)
        elif action in {"end_pause", "remove_pause", "remove_difference", "close_difference"}:
            _change_part(request, actor, procedure, action)
        elif action == "remove":
            services.remove_procedure(actor=actor, procedure=procedure)
            return redirect("recognition:case", procedure.participant_id)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
    except services.ProcedureRefused as refusal:
        if action != "save":
            return _rerender(request, actor, procedure, refusal=refusal.message)
        form = ProcedureForm(request.POST, instance=procedure)
        form.is_valid()
        _refused(form, refusal)
        return _rerender(request, actor, procedure, form=form)
    return redirect("recognition:procedure", procedure.pk)


def _rerender(
    request: HttpRequest, actor: Actor, procedure: RecognitionCase, **forms_: Any
) -> HttpResponse:
    procedure.refresh_from_db()
    view = selectors.view_of(selectors.procedure_for_change(actor=actor, procedure_id=procedure.pk))
    form = forms_.pop("form", None) or ProcedureForm(instance=view.procedure)
    return _render_procedure(request, view, form, status=400, **forms_)


def _add_part(
    request: HttpRequest, actor: Actor, procedure: RecognitionCase, action: str
) -> HttpResponse:
    form = PART_FORMS[action](request.POST)
    if not form.is_valid():
        return _rerender(request, actor, procedure, **{action: form})
    data = form.cleaned_data
    try:
        if action == "pause":
            services.add_pause(actor=actor, procedure=procedure, **data)
        else:
            services.add_difference(actor=actor, procedure=procedure, **data)
    except services.ProcedureRefused as refusal:
        _refused(form, refusal)
        return _rerender(request, actor, procedure, **{action: form})
    return redirect("recognition:procedure", procedure.pk)


def _change_part(
    request: HttpRequest, actor: Actor, procedure: RecognitionCase, action: str
) -> None:
    model = RecognitionPause if action.endswith("pause") else Difference
    part_id = request.POST.get("part", "")
    if not part_id.isdigit() or len(part_id) > 12:
        raise Http404
    part = selectors.part_for_change(
        actor=actor, model=model, procedure=procedure, part_id=int(part_id)
    )
    if action == "end_pause":
        ended = forms.DateField().clean(request.POST.get("ended_on") or None)
        services.end_pause(actor=actor, pause=part, ended_on=ended)
    elif action == "close_difference":
        services.set_difference_closed(actor=actor, difference=part, closed=not part.closed)
    else:
        services.remove_part(actor=actor, part=part)


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    actor = permissions.actor_for(request.user)
    if not permissions.has(actor, "recognition.view_statistics"):
        raise Http404
    stats = selectors.statistics(actor=actor, language=get_language() or "de")
    dimensions = [
        (_("By occupation"), stats.by_occupation),
        (_("By authority"), stats.by_authority),
        (_("By outcome"), stats.by_outcome),
        (_("By duration from application to notice"), stats.by_duration),
    ]
    context = {
        "stats": stats,
        "charts": [
            (title, bar_chart(rows, suppress_below=SMALL_CELL), _table(rows))
            for title, rows in dimensions
        ],
        "small_cell": SMALL_CELL,
    }
    return render(request, "recognition/statistics.html", context)


def _table(rows: list[tuple[str, int]]) -> list[tuple[str, str]]:
    return [
        (label, f"<{SMALL_CELL}" if 0 < count < SMALL_CELL else str(count)) for label, count in rows
    ]
