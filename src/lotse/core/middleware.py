"""Session lifetime and the MFA requirement for staff."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.accounts.selectors import user_has_mfa

STARTED = "lotse_session_started"
LAST_SEEN = "lotse_session_last_seen"
MFA_CONFIRMED = "lotse_mfa_confirmed"
# Writing the session on every request would be wasteful; a minute of slack is harmless.
LAST_SEEN_RESOLUTION_SECONDS = 60


class SessionLifetimeMiddleware:
    """Log a user out after an idle period and after an absolute lifetime."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(STARTED, now)
            last_seen = request.session.get(LAST_SEEN, now)
            idle = now - last_seen > settings.LOTSE_SESSION_IDLE_SECONDS
            too_old = now - started > settings.LOTSE_SESSION_ABSOLUTE_SECONDS
            if idle or too_old:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class RequireMfaMiddleware:
    """With LOTSE_REQUIRE_MFA, a logged-in user must set up TOTP before doing anything else."""

    ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/readyz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.LOTSE_REQUIRE_MFA
            and request.user.is_authenticated
            and not request.session.get(MFA_CONFIRMED)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            if not user_has_mfa(user_id=request.user.pk):
                messages.warning(
                    request,
                    _(
                        "Set up two-factor authentication to continue. "
                        "It protects the people whose data you work with."
                    ),
                )
                return redirect("mfa_activate_totp")
            request.session[MFA_CONFIRMED] = True
        return self.get_response(request)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # htmx adds a <style> element for its loading indicators; no inline scripts anywhere.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Pages load nothing from elsewhere: no CDN, no third-party calls (privacy by design)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
