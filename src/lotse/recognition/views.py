"""The public recognition navigator: the question, the answer, the answer as a PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

from lotse.recognition import presentation
from lotse.recognition.forms import NavigatorForm


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
