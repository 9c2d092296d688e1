from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from lotse.accounts.services import user_for_api_token


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer lotse_<prefix>_<secret>``, issued with ``lotse api-token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_api_token(presented=token)
        if user is not None:
            request.user = user
        return user
