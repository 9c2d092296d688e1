from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.httpkit import get_client_ip
from django.http import HttpRequest


class StaffAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators; nobody signs up on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins of one address count per client: five wrong passwords from one
        client lock that client out for that address, not the address's owner everywhere."""
        address = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{get_client_ip(request)}:{address}"
