"""The HTTP API under /api/. Its OpenAPI document is committed as openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from lotse.accounts.api import router as accounts_router
from lotse.api.auth import ApiTokenAuth
from lotse.audit.api import router as audit_router
from lotse.network.api import router as network_router
from lotse.occupations.api import router as occupations_router
from lotse.participants.api import router as participants_router
from lotse.recognition.api import router as recognition_router

api = NinjaAPI(
    title="Lotse API",
    version="1.0.0",
    description=(
        "HTTP API of the Lotse platform. Authenticate with the session cookie of a logged-in "
        "user or with a bearer token (`lotse api-token create`). Every list is filtered by the "
        "caller's permissions; a record the caller may not see answers 404, like a missing one."
    ),
    auth=[django_auth, ApiTokenAuth()],
    urls_namespace="api",
)
api.add_router("/accounts/", accounts_router)
api.add_router("/network/", network_router)
api.add_router("/audit/", audit_router)
api.add_router("/occupations/", occupations_router)
api.add_router("/participants", participants_router)
api.add_router("/recognition", recognition_router)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """422 naming each field, in the caller's language (the parser's own texts are English)."""
    detail = [
        {
            "loc": [str(part) for part in item.get("loc", ())],
            "msg": _("This field is required.")
            if item.get("type") == "missing"
            else _("Enter a valid value."),
            "type": item.get("type", ""),
        }
        for item in error.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)
